from django.db import migrations

from conduct.defaults import DEFAULT_CONDITIONS


def add_defaults(apps, schema_editor):
    condition = apps.get_model("conduct", "ToleranceCondition")
    for order, text in enumerate(DEFAULT_CONDITIONS, start=1):
        condition.objects.get_or_create(text=text, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("conduct", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
