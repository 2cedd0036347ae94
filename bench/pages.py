"""The pages the benchmark measures, each seen by one role on two sets of data in the same
database: the demo city (`manage.py seed_demo`, about 60 trainees) and the province
(`seed_demo --scale province`, 10,000 trainees). To add a page, add a `Page` to `PAGES`: its
URL, who views it and, for a list, the Django admin changelist of the same data.

`find_scale` finds, in whatever data is loaded, the people and records the URLs point at: the
county with the most trainees, one of its trainees in training with an account and a mentor,
that trainee's township staff and mentor, the county's latest assessment cycle."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from accounts.models import OrgUnit, Role, User
from accounts.scoping import units_q

from .province import PROVINCE_CODE


@dataclass
class Scale:
    """Who views the pages, and what the URLs point at, in one set of data."""

    name: str
    top: User  # staff of the root unit (the city's, the province's): the dashboard
    city_staff: User  # staff of the city holding the county (the demo city's: `top`)
    county: User  # staff of the county with the most trainees
    unit: User  # staff of the trainee's township
    mentor: User  # the trainee's mentor
    trainee_user: User  # the trainee
    trainee_id: int
    county_id: int
    cycle_id: int
    feedback_url: str  # this month's record of the mentor's first current pairing

    def user(self, role: str) -> User:
        return getattr(self, role)


@dataclass
class Subjects:
    city: Scale
    province: Scale
    admin: User


def roots() -> tuple[OrgUnit, OrgUnit]:
    """The demo city's root unit and the province's."""
    tops = OrgUnit.objects.filter(parent__isnull=True, members__role=Role.CITY_STAFF)
    province = tops.filter(code=PROVINCE_CODE).first()
    city = tops.exclude(code=PROVINCE_CODE).order_by("code").first()
    if province is None or city is None:
        raise RuntimeError(
            "The benchmark needs the demo city and the province in one database: "
            "`manage.py seed_demo` and `manage.py seed_demo --scale province`."
        )
    return city, province


def find_scale(name: str, root: OrgUnit) -> Scale:
    from assessments.models import AssessmentCycle
    from cadets.models import Trainee
    from mentors.models import Mentorship

    top = User.objects.filter(role=Role.CITY_STAFF, org_unit=root).order_by("pk").first()
    counties = OrgUnit.objects.filter(units_q(top), kind=OrgUnit.Kind.COUNTY)
    staffed = User.objects.filter(role=Role.COUNTY_STAFF).values("org_unit_id")
    county_id = (
        Trainee.objects.filter(county__in=counties.filter(pk__in=staffed))
        .values("county_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "county_id")
        .values_list("county_id", flat=True)
        .first()
    )
    county = User.objects.filter(role=Role.COUNTY_STAFF, org_unit_id=county_id).first()
    # The dashboard seen by the same role on both: the staff of the city the county is in (in
    # the demo the root itself, in the province one of its cities).
    city_staff = (
        User.objects.filter(
            role=Role.CITY_STAFF, org_unit__children__pk=county_id, org_unit__kind=OrgUnit.Kind.CITY
        )
        .order_by("pk")
        .first()
    )
    with_mentor = Mentorship.objects.filter(is_primary=True, ends_on__isnull=True)
    unit_staff = User.objects.filter(role=Role.UNIT_STAFF).values("org_unit_id")
    trainee = (
        Trainee.objects.filter(
            county_id=county_id,
            status=Trainee.Status.TRAINING,
            user__isnull=False,
            pk__in=with_mentor.values("trainee_id"),
            township__in=unit_staff,
        )
        .order_by("reported_on", "pk")
        .first()
    )
    unit = User.objects.filter(role=Role.UNIT_STAFF, org_unit_id=trainee.township_id).first()
    mentor = with_mentor.filter(trainee=trainee).select_related("mentor__user").get().mentor.user
    today = timezone.localdate()
    cycle = (
        AssessmentCycle.objects.visible_to(county)
        .filter(period_start__lte=today)
        .order_by("-period_end", "pk")
        .first()
    )
    pairing = (
        Mentorship.objects.filter(mentor__user=mentor, ends_on__isnull=True)
        .order_by("-is_primary", "pk")
        .first()
    )
    return Scale(
        name=name,
        top=top,
        city_staff=city_staff,
        county=county,
        unit=unit,
        mentor=mentor,
        trainee_user=trainee.user,
        trainee_id=trainee.pk,
        county_id=county_id,
        cycle_id=cycle.pk if cycle else 0,
        feedback_url=reverse("mentors:feedback_edit", args=[pairing.pk, today.year, today.month]),
    )


def find_subjects() -> Subjects:
    city, province = roots()
    admin = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if admin is None:
        admin = User.objects.create_superuser("bench-admin", "bench-admin@example.invalid", None)
    return Subjects(
        city=find_scale("city", city), province=find_scale("province", province), admin=admin
    )


@dataclass
class Page:
    key: str
    label: str
    viewer: str  # an attribute of Scale: county, unit, mentor, trainee_user, city_staff, top
    url: Callable[[Scale], str]
    # A list: the Django admin changelist of the same data on the province, or None.
    admin: Callable[[Scale], str] | None = None
    limit_ms: float = 100  # the page's p95 target on the province
    # False when the viewer's role differs between the two (`top`: city staff in the demo,
    # province staff in the province): the page then has no growth figure.
    same_role: bool = True


# The sections after the overview that the county staff, and the trainee on 我的, are offered.
TRAINEE_SECTIONS = ("training", "daily", "evaluation", "support", "career")
OWN_SECTIONS = ("training", "daily", "evaluation", "support")


def _q(url: str, **params) -> str:
    return f"{url}?{urlencode(params)}" if params else url


PAGES: list[Page] = [
    Page(
        "trainees",
        "Trainee list",
        "county",
        lambda s: reverse("cadets:trainee_list"),
        lambda s: _q("/admin/cadets/trainee/", county=s.county_id),
    ),
    Page(
        "trainee",
        "Trainee page",
        "county",
        lambda s: reverse("cadets:trainee_detail", args=[s.trainee_id]),
    ),
    Page("me", "Trainee's own page", "trainee_user", lambda s: reverse("cadets:me")),
    # The other sections of the trainee page (cadets/panels.py, SECTIONS), each its own page.
    *[
        Page(
            f"trainee-{key}",
            f"Trainee page: {key}",
            "county",
            lambda s, key=key: reverse("cadets:trainee_section", args=[s.trainee_id, key]),
        )
        for key in TRAINEE_SECTIONS
    ],
    *[
        Page(
            f"me-{key}",
            f"Trainee's own page: {key}",
            "trainee_user",
            lambda s, key=key: reverse("cadets:me_section", args=[key]),
        )
        for key in OWN_SECTIONS
    ],
    Page(
        "mentor-home",
        "Mentor home",
        "mentor",
        lambda s: reverse("mentors:home"),
        lambda s: _q("/admin/mentors/mentorship/", mentor=s.mentor.mentor.pk),
    ),
    Page("feedback-form", "Monthly record form", "mentor", lambda s: s.feedback_url),
    Page(
        "flagged",
        "Flagged records",
        "county",
        lambda s: reverse("mentors:flagged_list"),
        lambda s: _q("/admin/mentors/monthlyfeedback/", needs_attention__exact=1),
    ),
    Page(
        "coverage",
        "Rotation coverage",
        "county",
        lambda s: reverse("rotations:coverage_list"),
        # The changelist cannot filter rotations by the trainee's county: all of them.
        lambda s: "/admin/rotations/rotation/",
    ),
    Page(
        "timeline",
        "Rotation timeline",
        "county",
        lambda s: reverse("rotations:timeline"),
        lambda s: "/admin/rotations/rotation/",
    ),
    Page(
        "cycle",
        "Assessment cycle page",
        "county",
        lambda s: reverse("assessments:cycle_detail", args=[s.cycle_id]),
        lambda s: _q("/admin/assessments/assessment/", cycle=s.cycle_id),
    ),
    Page(
        "talent-pool",
        "Talent pool",
        "county",
        lambda s: reverse("assessments:talent_pool"),
        lambda s: _q("/admin/assessments/outcome/", kind="talent_pool"),
    ),
    Page(
        "leave",
        "Leave list",
        "county",
        lambda s: reverse("cadets:leave_list"),
        lambda s: "/admin/cadets/leaverequest/",
    ),
    Page(
        "reports",
        "Report list",
        "county",
        lambda s: reverse("cadets:report_list"),
        lambda s: "/admin/cadets/workreport/",
    ),
    Page(
        "notifications",
        "Notification list",
        "unit",
        lambda s: reverse("notifications:list"),
        lambda s: _q("/admin/notifications/notification/", recipient=s.unit.pk),
    ),
    Page("dashboard", "Dashboard", "city_staff", lambda s: reverse("office:dashboard")),
    Page(
        "dashboard-province",
        "Dashboard of the whole city / province",
        "top",
        lambda s: reverse("office:dashboard"),
        limit_ms=300,
        same_role=False,
    ),
    Page(
        "dashboard-due",
        "Dashboard, due and overdue (loaded after the page)",
        "top",
        lambda s: reverse("office:dashboard_due"),
        limit_ms=300,
    ),
]
