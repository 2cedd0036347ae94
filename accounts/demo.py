"""Demo data for accounts: an invented city, its organisation tree and staff at every level.

All names are invented. `seed_demo` calls each app's `demo.seed(ctx)` in INSTALLED_APPS order;
each is idempotent and puts what later apps need into `ctx`.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from .models import OrgUnit, Role, User

DEMO_PASSWORD = "Demo@2026"
CITY = "青山市"
COUNTIES = {
    "东湖县": ["青石镇", "柳河镇", "云台乡", "东湖街道"],
    "西岭县": ["松林镇", "白沙镇", "石门乡", "西岭街道"],
    "南溪区": ["桃源镇", "金桥镇", "龙泉乡", "南溪街道"],
}
VILLAGE_NAMES = ["前进村", "红星村", "新华村"]
REVEAL_GROUP = "可查看敏感信息"

# One demo login per role, printed by seed_demo and listed in the README.
DEMO_LOGINS = [
    ("admin", "superuser"),
    ("city", Role.CITY_STAFF),
    ("county", Role.COUNTY_STAFF),
    ("township", Role.UNIT_STAFF),
    ("mentor", Role.MENTOR),
    ("trainee", Role.TRAINEE),
]


def seed(ctx: dict) -> None:
    city, _ = OrgUnit.objects.get_or_create(
        code="D", defaults={"name": CITY, "kind": OrgUnit.Kind.CITY}
    )
    townships = []
    for ci, (county_name, township_names) in enumerate(COUNTIES.items(), start=1):
        county, _ = OrgUnit.objects.get_or_create(
            code=f"D{ci:02d}",
            defaults={"name": county_name, "kind": OrgUnit.Kind.COUNTY, "parent": city},
        )
        for ti, township_name in enumerate(township_names, start=1):
            township, _ = OrgUnit.objects.get_or_create(
                code=f"D{ci:02d}{ti:02d}",
                defaults={"name": township_name, "kind": OrgUnit.Kind.TOWNSHIP, "parent": county},
            )
            townships.append(township)
            for vi, village_name in enumerate(VILLAGE_NAMES, start=1):
                OrgUnit.objects.get_or_create(
                    code=f"D{ci:02d}{ti:02d}{vi:02d}",
                    defaults={
                        "name": village_name,
                        "kind": OrgUnit.Kind.VILLAGE,
                        "parent": township,
                    },
                )
    ctx["city"] = city
    ctx["townships"] = townships
    ctx["counties"] = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.COUNTY, parent=city))

    reveal_group, _ = Group.objects.get_or_create(name=REVEAL_GROUP)
    reveal_group.permissions.add(
        Permission.objects.get(codename="reveal_sensitive", content_type__app_label="cadets")
    )

    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser(
            "admin", "admin@example.invalid", DEMO_PASSWORD, full_name="系统管理员"
        )
    city_staff = _staff("city", "周明华", Role.CITY_STAFF, city)
    city_staff.groups.add(reveal_group)
    _staff("city2", "吴静怡", Role.CITY_STAFF, city)
    for i, county in enumerate(ctx["counties"], start=1):
        _staff(
            "county" if i == 1 else f"county{i}",
            f"{county.name}组织部干部",
            Role.COUNTY_STAFF,
            county,
        )
    for i, township in enumerate(townships, start=1):
        _staff(
            "township" if i == 1 else f"township{i}",
            f"{township.name}党委委员",
            Role.UNIT_STAFF,
            township,
        )


def _staff(username: str, full_name: str, role: str, unit: OrgUnit) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"full_name": full_name, "role": role, "org_unit": unit}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user
