"""Democratic evaluation: one-time codes, anonymous counts, nothing links a vote to a voter."""

import datetime as dt

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from assessments.models import (
    AssessmentCycle,
    BallotBatch,
    BallotCode,
    DemocraticTally,
    Grade,
)
from assessments.services import (
    MSG_BALLOT_CLOSED,
    MSG_BALLOT_INVALID,
    MSG_BALLOT_USED,
    ballot_cast,
    ballots_issue,
)


@pytest.fixture
def codes(aw, world):
    return ballots_issue(
        actor=world.users["city_staff"], assessment=aw["own"], group="villagers", count=3
    )


def _votes(assessment) -> dict:
    return dict(DemocraticTally.objects.filter(assessment=assessment).values_list("grade", "votes"))


def test_a_ballot_counts_once(aw, codes):
    ballot_cast(code=codes[0], grade=Grade.EXCELLENT)
    with pytest.raises(ValidationError) as reused:
        ballot_cast(code=codes[0], grade=Grade.EXCELLENT)
    assert reused.value.messages == [str(MSG_BALLOT_USED)]
    assert _votes(aw["own"])[Grade.EXCELLENT] == 1


def test_codes_are_case_and_dash_insensitive(aw, codes):
    ballot_cast(code=codes[1].lower().replace("-", " "), grade=Grade.BASIC)
    assert _votes(aw["own"])[Grade.BASIC] == 1


def test_a_forged_code_is_refused(aw, codes):
    with pytest.raises(ValidationError) as forged:
        ballot_cast(code="ABCD-EFGH-JK", grade=Grade.EXCELLENT)
    assert forged.value.messages == [str(MSG_BALLOT_INVALID)]
    assert sum(_votes(aw["own"]).values()) == 0


def test_a_ballot_after_the_cycle_closed_is_refused_and_the_code_stays_unused(aw, codes):
    AssessmentCycle.objects.filter(pk=aw["cycle_own"].pk).update(
        rating_deadline=dt.date(2020, 1, 1)
    )
    with pytest.raises(ValidationError) as closed:
        ballot_cast(code=codes[2], grade=Grade.COMPETENT)
    assert closed.value.messages == [str(MSG_BALLOT_CLOSED)]
    assert not BallotCode.objects.filter(used=True).exists()


def test_only_a_hash_of_each_code_is_stored(codes):
    stored = list(BallotCode.objects.values_list("code_hash", flat=True))
    assert len(stored) == 3
    for code in codes:
        assert all(code.replace("-", "") not in h.upper() for h in stored)


def test_no_table_links_a_vote_to_a_ballot_code_or_a_voter():
    # The tally has one counter per grade: no foreign key but the assessment, no time at all.
    tally_fields = {f.name: f for f in DemocraticTally._meta.get_fields()}
    assert set(tally_fields) == {"id", "assessment", "grade", "votes"}
    # A ballot code keeps no time of use and no voter.
    code_fields = {f.name for f in BallotCode._meta.concrete_fields}
    assert code_fields == {"id", "batch", "code_hash", "used"}
    # Nothing in the project points at a ballot code, and nothing but the batch at a batch.
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.ForeignKey):
                assert field.related_model is not BallotCode, model
                if field.related_model is BallotBatch:
                    assert model is BallotCode
    # The batch's only date is the day of issue.
    assert isinstance(BallotBatch._meta.get_field("issued_on"), models.DateField)
    assert not any(isinstance(f, models.DateTimeField) for f in BallotBatch._meta.concrete_fields)


def test_the_public_page_takes_the_code_in_the_form_and_counts_the_vote(aw, codes, client):
    page = client.get("/assessments/vote/")
    assert page.status_code == 200
    step = client.post("/assessments/vote/", {"code": codes[0]})
    assert world_name(aw) in step.content.decode()
    done = client.post("/assessments/vote/", {"code": codes[0], "grade": Grade.COMPETENT})
    assert done.status_code == 200
    assert _votes(aw["own"])[Grade.COMPETENT] == 1
    again = client.post("/assessments/vote/", {"code": codes[0], "grade": Grade.COMPETENT})
    assert str(MSG_BALLOT_USED) in again.content.decode()
    assert _votes(aw["own"])[Grade.COMPETENT] == 1


def world_name(aw) -> str:
    return aw["own"].trainee.name
