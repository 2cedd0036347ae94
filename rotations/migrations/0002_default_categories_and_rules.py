"""The default post categories and rotation rules of docs/domain.md."""

from django.db import migrations

# (name, is_village, colour) in display order.
DEFAULT_CATEGORIES = [
    ("党政综合", False, "#c0392b"),
    ("党建群团", False, "#d35400"),
    ("经济发展", False, "#2471a3"),
    ("社会事务", False, "#7d3c98"),
    ("综合治理", False, "#17a589"),
    ("乡村振兴", False, "#229954"),
    ("村任职", True, "#b7950b"),
]


def seed(apps, schema_editor):
    PostCategory = apps.get_model("rotations", "PostCategory")
    RotationRules = apps.get_model("rotations", "RotationRules")
    categories = []
    for order, (name, is_village, colour) in enumerate(DEFAULT_CATEGORIES, start=1):
        category, _ = PostCategory.objects.get_or_create(
            name=name,
            defaults={"is_village": is_village, "colour": colour, "sort_order": order * 10},
        )
        categories.append(category)
    if not RotationRules.objects.exists():
        rules = RotationRules.objects.create(
            min_months_per_post=3, max_months_per_post=12, village_max_months=24
        )
        rules.required_categories.set(categories)


class Migration(migrations.Migration):
    dependencies = [("rotations", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
