from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgUnit(models.Model):
    """One node of the organisation tree: province → city → county → township → village."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("City")
        COUNTY = "county", _("County / district")
        TOWNSHIP = "township", _("Township / street")
        VILLAGE = "village", _("Village / community")

    # The level a child must have under each parent kind.
    CHILD_KIND = {
        Kind.PROVINCE: Kind.CITY,
        Kind.CITY: Kind.COUNTY,
        Kind.COUNTY: Kind.TOWNSHIP,
        Kind.TOWNSHIP: Kind.VILLAGE,
    }

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("level"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.CharField(_("code"), max_length=32, unique=True)

    class Meta:
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="orgunit_unique_name_in_parent"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["province", "city"]) | models.Q(parent__isnull=False),
                name="orgunit_lower_levels_have_parent",
            ),
        ]
        indexes = [models.Index(fields=["kind", "parent"])]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent_id and self.CHILD_KIND.get(self.parent.kind) != self.kind:
            raise ValidationError({"parent": _("This level cannot sit under the chosen parent.")})


class Role(models.TextChoices):
    CITY_STAFF = "city_staff", _("City organisation department")
    COUNTY_STAFF = "county_staff", _("County organisation department")
    UNIT_STAFF = "unit_staff", _("Receiving unit")
    MENTOR = "mentor", _("Mentor")
    TRAINEE = "trainee", _("Trainee")


# The unit level each staff role belongs to; mentors and trainees need none.
ROLE_UNIT_KINDS = {
    Role.CITY_STAFF: {OrgUnit.Kind.PROVINCE, OrgUnit.Kind.CITY},
    Role.COUNTY_STAFF: {OrgUnit.Kind.COUNTY},
    Role.UNIT_STAFF: {OrgUnit.Kind.TOWNSHIP},
}
STAFF_ROLES = frozenset(ROLE_UNIT_KINDS)
ORG_DEPARTMENT_ROLES = frozenset({Role.CITY_STAFF, Role.COUNTY_STAFF})


class User(AbstractUser):
    """A person who signs in. The role decides the pages; the unit decides the scope."""

    full_name = models.CharField(_("full name"), max_length=50, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("organisation unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    language = models.CharField(_("language"), max_length=10, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    def clean(self) -> None:
        super().clean()
        kinds = ROLE_UNIT_KINDS.get(self.role)
        if kinds and (self.org_unit is None or self.org_unit.kind not in kinds):
            raise ValidationError({"org_unit": _("This role needs a unit of the matching level.")})

    @property
    def is_org_staff(self) -> bool:
        return self.role in STAFF_ROLES
