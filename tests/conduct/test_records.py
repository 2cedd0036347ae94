"""Recording 容错 cases, awards, discipline and exemplary cases; where they show."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from assessments.models import AssessmentCycle
from assessments.services import cycle_create
from conduct.defaults import DEFAULT_CONDITIONS
from conduct.forms import MSG_GIVE_DECISION_DATE
from conduct.models import ConductSettings, Discipline, ToleranceCase, ToleranceCondition

from .builders import award_for, discipline_for, exemplary_for, tolerance_case_for


def test_a_county_officer_records_and_decides_a_tolerance_case(world, client):
    client.force_login(world.users["county_staff"])
    conditions = [
        ToleranceCondition.objects.get_or_create(text=text)[0] for text in DEFAULT_CONDITIONS[:2]
    ]
    url = reverse("conduct:tolerance_create", args=[world.own.pk])
    data = {
        "occurred_on": "2026-09-01",
        "what_happened": "未比价先行签约",
        "conditions_met": [c.pk for c in conditions],
        "assessment": "出于公心",
        "decision": "exempt",
        "decided_on": "",
        "follow_up": "专题学习",
    }
    response = client.post(url, data)
    assert str(MSG_GIVE_DECISION_DATE) in response.content.decode()
    response = client.post(url, {**data, "decided_on": "2026-10-08"})
    case = ToleranceCase.objects.get()
    assert response.status_code == 302
    assert case.decided_by == world.users["county_staff"]
    assert set(case.conditions_met.all()) == set(conditions)
    assert case.recorded_by == world.users["county_staff"]


def test_discipline_cannot_end_before_it_starts(world, client):
    client.force_login(world.users["city_staff"])
    response = client.post(
        reverse("conduct:discipline_create", args=[world.own.pk]),
        {
            "kind": "notice",
            "decided_on": "2026-10-01",
            "issued_by": "县委组织部",
            "document_number": "",
            "reason": "作风不实",
            "effective_from": "2026-10-01",
            "effective_until": "2026-09-01",
        },
    )
    assert response.status_code == 200
    assert not Discipline.objects.exists()


def test_the_cycle_page_shows_the_decision_next_to_the_trainee(world, client):
    case = tolerance_case_for(world, "own", decision=ToleranceCase.Decision.MITIGATED)
    cycle = cycle_create(
        actor=None,
        name="专项考核",
        kind=AssessmentCycle.Kind.SPECIAL,
        jurisdiction=world.county_a,
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        rating_deadline=timezone.localdate() + dt.timedelta(days=5),
        trainees=[world.own],
    )
    client.force_login(world.users["county_staff"])
    html = client.get(reverse("assessments:cycle_detail", args=[cycle.pk])).content.decode()
    assert 'data-testid="cycle-tolerance"' in html
    assert case.get_decision_display() in html and world.own.name in html


def test_the_assessment_form_has_the_awards_and_discipline_of_the_period(world, client):
    award_for(world, "own", awarded_on=dt.date(2026, 3, 1), title="防汛抢险")
    award_for(world, "own", awarded_on=dt.date(2025, 3, 1), title="往年表彰")
    discipline_for(world, "own")
    cycle = cycle_create(
        actor=None,
        name="年度考核",
        kind=AssessmentCycle.Kind.SPECIAL,
        jurisdiction=world.county_a,
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        rating_deadline=timezone.localdate() + dt.timedelta(days=5),
        trainees=[world.own],
    )
    assessment = cycle.assessments.get()
    client.force_login(world.users["county_staff"])
    html = client.get(reverse("office:assessment_form", args=[assessment.pk])).content.decode()
    assert "防汛抢险" in html and "往年表彰" not in html
    assert "组〔2026〕1号" in html
    client.force_login(world.users["unit_staff"])
    html = client.get(reverse("office:assessment_form", args=[assessment.pk])).content.decode()
    assert "防汛抢险" in html and "组〔2026〕1号" not in html


def test_trainees_read_the_exemplary_cases_only_when_the_rules_allow(world, client):
    exemplary_for(world, "other")
    client.force_login(world.users["trainee"])
    url = reverse("conduct:exemplary_list")
    assert client.get(url).status_code == 403
    rules = ConductSettings.current()
    rules.trainees_see_exemplary = True
    rules.save()
    response = client.get(url)
    assert response.status_code == 200
    assert "扎根基层的好榜样" in response.content.decode()


def test_a_mentor_never_sees_awards(world, client):
    award_for(world, "own")
    evaluation = reverse("cadets:trainee_section", args=[world.own.pk, "evaluation"])
    client.force_login(world.users["county_staff"])
    assert 'data-testid="awards-panel"' in client.get(evaluation).content.decode()
    client.force_login(world.users["mentor"])
    html = client.get(evaluation).content.decode()
    assert 'data-testid="awards-panel"' not in html
    # Nor is the section offered to a mentor among the page's tabs.
    overview = client.get(reverse("cadets:trainee_detail", args=[world.own.pk])).content.decode()
    assert 'data-testid="section-evaluation"' not in overview
