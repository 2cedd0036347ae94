from django.db import migrations


def seed(apps, schema_editor):
    """The one row of careers rules, with the defaults (so that no page writes it on read)."""
    config = apps.get_model("careers", "CareersConfig")
    if not config.objects.exists():
        config.objects.create()


class Migration(migrations.Migration):
    dependencies = [("careers", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
