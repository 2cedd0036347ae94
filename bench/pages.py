"""The pages the benchmark measures: one row each. To add a page (issue 7's dashboard and growth
file, say), add a `Page` to `PAGES` — its URL, who views it, its floor (bench/floors.py) and
the admin changelist of the same model, if there is one.

`Subjects` finds, in whatever data is loaded (the province, or the smoke test's tiny one), the
people and records the URLs point at."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from accounts.models import OrgUnit, Role, User

from . import floors


@dataclass
class Subjects:
    """Who and what the pages are viewed as and about."""

    top: User  # staff of the root of the tree (the province): sees everyone
    county: User  # staff of one county
    unit: User  # staff of one township (their notification list)
    mentor: User
    trainee_user: User
    admin: User
    trainee_id: int
    county_id: int
    cohort_id: int
    cycle_id: int
    search: str
    deep_page: int

    def user(self, role: str) -> User:
        return getattr(self, role)


def find_subjects() -> Subjects:
    from assessments.models import AssessmentCycle
    from cadets.models import Trainee
    from mentors.models import Mentorship

    top_unit = OrgUnit.objects.filter(parent__isnull=True).order_by("-kind", "code")
    top_unit = top_unit.filter(members__role=Role.CITY_STAFF).first()
    top = User.objects.filter(role=Role.CITY_STAFF, org_unit=top_unit).order_by("pk").first()
    # The county with the most trainees, and one trainee of it still in training.
    county_id = (
        Trainee.objects.values("county_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "county_id")
        .values_list("county_id", flat=True)
        .first()
    )
    county = User.objects.filter(role=Role.COUNTY_STAFF, org_unit_id=county_id).first()
    trainee = (
        Trainee.objects.filter(county_id=county_id, status=Trainee.Status.TRAINING)
        .order_by("reported_on", "pk")
        .first()
    )
    unit = User.objects.filter(role=Role.UNIT_STAFF, org_unit_id=trainee.township_id).first()
    mentor = (
        Mentorship.objects.filter(trainee=trainee, is_primary=True)
        .select_related("mentor__user")
        .first()
        .mentor.user
    )
    admin = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if admin is None:
        admin = User.objects.create_superuser("bench-admin", "bench-admin@example.invalid", None)
    today = timezone.localdate()
    cycle = (
        AssessmentCycle.objects.filter(jurisdiction_id=county_id)
        .order_by("-period_end", "pk")
        .filter(period_start__lte=today)
        .first()
    )
    total = Trainee.objects.visible_to(top).count()
    return Subjects(
        top=top,
        county=county,
        unit=unit,
        mentor=mentor,
        trainee_user=trainee.user,
        admin=admin,
        trainee_id=trainee.pk,
        county_id=county_id,
        cohort_id=trainee.cohort_id,
        cycle_id=cycle.pk if cycle else 0,
        search=trainee.name[:2],
        deep_page=max(1, total // 25 // 2),
    )


@dataclass
class Page:
    key: str
    label: str
    viewer: str  # an attribute of Subjects
    url: Callable[[Subjects], str]
    floor: Callable | None  # floors.<page>(subjects, request) -> (template, context)
    admin: Callable[[Subjects], str] | None = None
    admin_label: str = ""


def _q(url: str, **params) -> str:
    from urllib.parse import urlencode

    return f"{url}?{urlencode(params)}" if params else url


TRAINEES = "/admin/cadets/trainee/"
PAGES: list[Page] = [
    Page(
        "trainees",
        "Trainee list, first page",
        "top",
        lambda s: reverse("cadets:trainee_list"),
        floors.trainee_list,
        lambda s: TRAINEES,
        "Trainee",
    ),
    Page(
        "trainees-deep",
        "Trainee list, deep page",
        "top",
        lambda s: _q(reverse("cadets:trainee_list"), page=s.deep_page),
        floors.trainee_list,
        lambda s: _q(TRAINEES, p=(s.deep_page - 1) * 25 // 100),  # 100 a page, from 0
        "Trainee",
    ),
    Page(
        "trainees-filtered",
        "Trainee list, filtered (county)",
        "top",
        lambda s: _q(reverse("cadets:trainee_list"), county=s.county_id),
        floors.trainee_list,
        lambda s: _q(TRAINEES, county=s.county_id),
        "Trainee",
    ),
    Page(
        "trainees-search",
        "Trainee list, name search",
        "top",
        lambda s: _q(reverse("cadets:trainee_list"), q=s.search),
        floors.trainee_list,
        lambda s: _q(TRAINEES, q=s.search),
        "Trainee",
    ),
    Page(
        "trainee",
        "Trainee detail",
        "county",
        lambda s: reverse("cadets:trainee_detail", args=[s.trainee_id]),
        floors.trainee_detail,
        # No changelist shows a trainee's page (the record and ten sections of other tables):
        # the changelist narrowed to one row is not the same data. Issue 9's admin target is
        # about lists.
        None,
        "Trainee",
    ),
    Page(
        "growth-file",
        "Growth file",
        "county",
        lambda s: reverse("office:growth_file", args=[s.trainee_id]),
        floors.growth_file,
        None,  # no changelist shows a trainee's whole file
    ),
    Page(
        "dashboard",
        "Dashboard",
        "top",
        lambda s: reverse("office:dashboard"),
        floors.dashboard,
        None,  # figures from many tables: no changelist counterpart
    ),
    Page(
        "dashboard-due",
        "Dashboard, due and overdue (loaded after the page)",
        "top",
        lambda s: reverse("office:dashboard_due"),
        None,  # the reminder providers' items: no one-query form of them
        None,
    ),
    Page(
        "mentor-home",
        "Mentor home",
        "mentor",
        lambda s: reverse("mentors:home"),
        floors.mentor_home,
        lambda s: _q("/admin/mentors/mentorship/", mentor=s.mentor.mentor.pk),
        "Mentorship",
    ),
    Page(
        "flagged",
        "Flagged feedback (feedback completion)",
        "top",
        lambda s: reverse("mentors:flagged_list"),
        floors.flagged_list,
        lambda s: _q("/admin/mentors/monthlyfeedback/", needs_attention__exact=1),
        "MonthlyFeedback",
    ),
    Page(
        "timeline",
        "Rotation timeline",
        "top",
        lambda s: reverse("rotations:timeline"),
        floors.timeline,
        lambda s: "/admin/rotations/rotation/",
        "Rotation",
    ),
    Page(
        "coverage",
        "Coverage list",
        "top",
        lambda s: reverse("rotations:coverage_list"),
        floors.coverage,
        lambda s: "/admin/rotations/rotation/",
        "Rotation",
    ),
    Page(
        "cycle",
        "Assessment cycle page",
        "county",
        lambda s: reverse("assessments:cycle_detail", args=[s.cycle_id]),
        floors.cycle_detail,
        # The page lists one cycle's assessments: the same rows, not the county's cycles.
        lambda s: _q("/admin/assessments/assessment/", cycle=s.cycle_id),
        "Assessment",
    ),
    Page(
        "talent-pool",
        "Talent pool",
        "top",
        lambda s: reverse("assessments:talent_pool"),
        floors.talent_pool,
        lambda s: _q("/admin/assessments/outcome/", kind="talent_pool"),
        "Outcome",
    ),
    Page(
        "notifications",
        "Notification list",
        "unit",
        lambda s: reverse("notifications:list"),
        floors.notification_list,
        lambda s: _q("/admin/notifications/notification/", recipient=s.unit.pk),
        "Notification",
    ),
]


def today() -> dt.date:
    return timezone.localdate()
