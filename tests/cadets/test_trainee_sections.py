"""The trainee page in sections (cadets/panels.py, SECTIONS): each request runs the panels of
its own section only, so that every section stays within the dozen queries a page may run and
runs as many with one related row as with fifty; each panel is on exactly one section, and
links to a panel land on the section that holds it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from audit.models import AuditEvent
from bench.runner import QUERY_LIMIT
from cadets.models import Programme, TrainingPlan, WorkReport
from cadets.panels import SECTION_KEYS, panel_url, section_of, section_url
from careers.models import FollowUp, Transfer
from conduct.models import Discipline
from education.models import Enrolment
from mentors.models import MentoringConfig, TalkRecord
from support.models import Entitlement, EntitlementType
from tests.cadets.builders import make_leave
from tests.conduct.builders import award_for, tolerance_case_for
from tests.education.builders import course_for
from tests.factories import MentorFactory, MentorshipFactory
from tests.mentors.builders import mentorship_for, submitted_feedback
from tests.rotations.factories import KeyTaskFactory, PostFactory, RotationFactory
from tests.support.builders import care_for, difficulty_for

# Queries of each section, by viewer (their page, the sections they are offered). Every one
# starts with 1 the user with their unit and the bell's unread count (accounts.backends; the
# session is read from Redis) and 2 the trainee with cohort and places; then
#  overview: 3 the history of the record (county staff, who may edit it), 4 plan versions,
#    5 pairings with their mentor type names (a subquery column), 6-7 the permissions granted
#    through the database, user's and groups' (Django's ModelBackend: may they reveal the
#    masked ID number?);
#  training: 3 rotations with posts, 4 the rules with every category (coverage), 5 mentoring
#    records (the trainee: the mentoring rules first — are records shared? — then the shared
#    records), 6 courses with the hours required, 7-8 the permissions (as above: may they open
#    the course pages? not for the county staff, who may), 9 front-line tasks, 10 talks (staff
#    and the mentor; not the trainee);
#  daily: 3 the leave days this year, 4 attendance months, 5 leave requests, 6 reports;
#  evaluation: 3 awards, 4 the counts of 容错 cases and disciplinary records (the org
#    department only, no content: reading those is audited on their own pages), 5 assessments,
#    6 outcomes (the trainee: 3-4 the permissions before them);
#  support: 3 difficulties, 4 entitlements, 5 leaders' visits and talks (staff);
#  career: 3 transfers, 4 follow-up years (staff).
COUNTY_STAFF = {
    "overview": 7,
    "training": 8,
    "daily": 6,
    "evaluation": 6,
    "support": 5,
    "career": 4,
}
# The trainee's own pages have one more each: the conduct rules, read by the menu (may trainees
# read the exemplary cases?).
TRAINEE = {"overview": 7, "training": 11, "daily": 7, "evaluation": 8, "support": 5}
MENTOR = {"overview": 6, "training": 10, "daily": 6}

START = dt.date(2020, 1, 1)


def related_rows(world, n: int) -> None:
    """`n` rows of every kind that a panel lists for the own trainee, but assessments and
    attendance sheets (their panels read one query each: the assessments with their cycles,
    and the last six months of the sheets in force)."""
    trainee, staff = world.own, world.users["city_staff"]
    post = PostFactory(township=world.township_a)
    pairing = mentorship_for(world, "own")
    for i in range(n):
        month = dt.date(START.year + i // 12, i % 12 + 1, 1)
        TrainingPlan.objects.create(
            trainee=trainee,
            version=i + 1,
            status="approved",
            approved_at=timezone.now(),
            **{part: "内容" for part in TrainingPlan.PARTS},
        )
        MentorshipFactory(trainee=trainee, mentor=MentorFactory(unit=world.township_a),
                          is_primary=False)  # fmt: skip
        submitted_feedback(pairing, month=month)
        TalkRecord.objects.create(trainee=trainee, held_on=month, form="face", summary="谈心",
                                  author=staff)  # fmt: skip
        RotationFactory(trainee=trainee, post=post, starts_on=month,
                        ends_on=month + dt.timedelta(days=20))  # fmt: skip
        KeyTaskFactory(trainee=trainee)
        course = course_for(world, "own", title=f"学习{i}", starts_on=month, ends_on=month)
        Enrolment.objects.filter(course=course).update(status=Enrolment.Status.COMPLETED)
        make_leave(trainee, starts_on=month, ends_on=month)
        WorkReport.objects.create(trainee=trainee, kind=WorkReport.Kind.MONTHLY, period=month,
                                  title="月报", content="内容", author=trainee.user)  # fmt: skip
        award_for(world, "own", title=f"表彰{i}")
        tolerance_case_for(world, "own", what_happened=f"事项{i}")
        Discipline.objects.create(trainee=trainee, kind=Discipline.Kind.ADMONITION,
                                  decided_on=month, issued_by="县委组织部", reason="作风不实",
                                  effective_from=month, recorded_by=staff)  # fmt: skip
        difficulty_for(world, "own", description=f"困难{i}")
        care_for(world, "own")
        kind = EntitlementType.objects.create(programme=Programme.current(), name=f"补贴{i}",
                                              kind=EntitlementType.Kind.HOUSING)  # fmt: skip
        Entitlement.objects.create(trainee=trainee, type=kind)
        Transfer.objects.create(trainee=trainee, kind=Transfer.Kind.SECONDMENT_UP,
                                from_unit=trainee.township, to_body="市委组织部",
                                effective_on=month)  # fmt: skip
        FollowUp.objects.create(trainee=trainee, year=2000 + i, unit="甲镇", post="科员")


def section_counts(client, pk: int | None, sections) -> dict[str, int]:
    counts = {}
    for key in sections:
        url = section_url(pk, key)
        assert client.get(url).status_code == 200, url  # warm-up (content types …)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200, url
        counts[key] = len(captured.captured_queries)
    return counts


@pytest.mark.parametrize("n", [1, 50])
def test_each_section_runs_the_pinned_queries_with_one_related_row_or_fifty(world, login, n):
    config = MentoringConfig.current()
    config.trainees_see_feedback = True  # the trainee's page shows the shared records
    config.save()
    related_rows(world, n)
    staff = section_counts(login(world.users["county_staff"]), world.own.pk, COUNTY_STAFF)
    mentor = section_counts(login(world.users["mentor"]), world.own.pk, MENTOR)
    own = section_counts(login(world.users["trainee"]), None, TRAINEE)
    assert (staff, own, mentor) == (COUNTY_STAFF, TRAINEE, MENTOR)
    assert max([*staff.values(), *own.values(), *mentor.values()]) <= QUERY_LIMIT


def test_the_tabs_are_links_to_the_sections_with_the_current_one_marked(world, login):
    client = login(world.users["county_staff"])
    html = client.get(section_url(world.own.pk, "support")).content.decode()
    nav = re.search(r'<nav[^>]*data-testid="trainee-sections".*?</nav>', html, re.S).group(0)
    assert 'aria-label="' in nav
    for key in SECTION_KEYS:
        assert f'href="{section_url(world.own.pk, key)}"' in nav
    current = re.findall(r'<a[^>]*aria-current="page"[^>]*>', nav)
    assert len(current) == 1 and f'href="{section_url(world.own.pk, "support")}"' in current[0]


@pytest.mark.parametrize(
    ("role", "offered"),
    [
        ("county_staff", list(SECTION_KEYS)),
        ("unit_staff", list(SECTION_KEYS)),
        ("mentor", ["overview", "training", "daily"]),
        ("trainee", ["overview", "training", "daily", "evaluation", "support"]),
    ],
)
def test_each_viewer_is_offered_the_sections_they_may_see(world, login, role, offered):
    client = login(world.users[role])
    pk = None if role == "trainee" else world.own.pk
    tabs = [tab.key for tab, _url in client.get(section_url(pk)).context["tabs"]]
    assert tabs == offered


def test_the_record_and_its_history_are_on_the_overview_only(world, login):
    client = login(world.users["county_staff"])
    overview = client.get(section_url(world.own.pk))
    assert overview.context["history"] is not None and 'data-testid="id-number"' in str(
        overview.content, "utf-8"
    )
    daily = client.get(section_url(world.own.pk, "daily"))
    assert daily.context["history"] is None and 'data-testid="id-number"' not in str(
        daily.content, "utf-8"
    )
    assert [p.key for p in daily.context["panels"]] == ["leave", "attendance", "reports"]


def test_an_unknown_section_is_no_page(world, login):
    client = login(world.users["county_staff"])
    assert client.get(f"{section_url(world.own.pk)}nonsense/").status_code == 404
    with pytest.raises(NoReverseMatch):
        reverse("cadets:trainee_section", args=[world.own.pk, "overview"])


def test_a_section_of_a_trainee_out_of_scope_is_a_404(world, login):
    client = login(world.users["county_staff"])
    assert client.get(section_url(world.other.pk, "support")).status_code == 404


# Each panel, the section that holds it and what it shows.
PANELS = [
    ("plan", "overview", "plan-link"),
    ("mentors", "overview", "mentors-panel"),
    ("rotations", "training", "coverage"),
    ("feedback", "training", "feedback-panel"),
    ("talks", "training", "talks-panel"),
    ("training", "training", "training-hours"),
    ("key_tasks", "training", "key-tasks"),
    ("leave", "daily", "leave-panel"),
    ("reports", "daily", "reports-panel"),
    ("awards", "evaluation", "awards-panel"),
    ("conduct", "evaluation", "conduct-panel"),
    ("difficulties", "support", "difficulties-panel"),
    ("entitlements", "support", "entitlements-panel"),
    ("care", "support", "care-panel"),
    ("career_path", "career", "career-path"),
    ("follow_up", "career", "follow-ups"),
]


def test_a_link_to_a_panel_lands_on_the_section_that_shows_it(world, login):
    related_rows(world, 1)
    client = login(world.users["city_staff"])
    for panel, section, testid in PANELS:
        assert section_of(panel) == section
        url = panel_url(world.own.pk, panel)
        assert url == f"{section_url(world.own.pk, section)}#{panel}"
        html = client.get(url).content.decode()
        assert f'id="{panel}"' in html and f'data-testid="{testid}"' in html, panel


def test_the_conduct_counts_are_read_on_their_section_only_and_nothing_is_audited(world, login):
    """容错 cases and disciplinary records are sensitive: their content is read, and the read
    audited, only on their own pages; the trainee page counts them on its evaluation section
    and touches their tables on no other."""
    related_rows(world, 1)
    client = login(world.users["city_staff"])
    before = AuditEvent.objects.count()
    for key in SECTION_KEYS:
        with CaptureQueriesContext(connection) as captured:
            html = client.get(section_url(world.own.pk, key)).content.decode()
        reads = [q["sql"] for q in captured.captured_queries if "conduct_tolerancecase" in q["sql"]]
        assert bool(reads) is (key == "evaluation"), key
        assert ("未比价先行签约" in html) is False and ("事项0" in html) is False
    assert AuditEvent.objects.count() == before


def test_forms_started_from_a_panel_return_to_its_section(world, login):
    client = login(world.users["county_staff"])
    response = client.post(
        reverse("support:care_create", args=[world.own.pk]),
        {"kind": "visit", "held_on": "2026-11-20", "leader": "王部长", "level": "county",
         "summary": "走访"},
    )  # fmt: skip
    assert response["Location"] == panel_url(world.own.pk, "care")
    trainee = login(world.users["trainee"])
    response = trainee.post(
        reverse("support:difficulty_create", args=[world.own.pk]),
        {"category": "housing", "description": "宿舍漏雨", "raised_on": "2026-11-02"},
    )
    assert response["Location"] == reverse("cadets:me_section", args=["support"]) + (
        "#difficulties"
    )
