"""Transfers: drafted by the county, approved by the city (or reviewed first by the county),
applied in one transaction, refused without a reason inside the minimum service period."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEvent
from cadets.models import Trainee
from careers import services
from careers.models import CareersConfig, FollowUpClosure, Transfer
from mentors.models import Mentorship
from rotations.models import Rotation
from tests.factories import UserFactory
from tests.rotations.factories import RotationFactory

# world.own reported on 2025-08-01: the five-year minimum service ends on 2030-08-01.
EFFECTIVE = dt.date(2027, 3, 1)


def _draft(world, *, kind=Transfer.Kind.EXCHANGE, reason="工作需要", to_unit="b", **extra):
    return services.transfer_draft(
        actor=world.users["county_staff"],
        transfer=Transfer(
            trainee=world.own,
            kind=kind,
            from_unit=world.own.township,
            to_unit=world.township_b if to_unit == "b" else to_unit,
            effective_on=EFFECTIVE,
            reason=reason,
            **extra,
        ),
    )


def test_an_accepted_transfer_moves_the_placement_and_ends_rotations_and_mentorships(world):
    running = RotationFactory(
        trainee=world.own, starts_on=dt.date(2027, 1, 1), ends_on=dt.date(2027, 6, 30)
    )
    planned = RotationFactory(
        trainee=world.own, starts_on=dt.date(2027, 7, 1), ends_on=dt.date(2027, 9, 30)
    )
    past = RotationFactory(
        trainee=world.own, starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 3, 31)
    )
    mentorship = Mentorship.objects.get(trainee=world.own)
    transfer = _draft(world, to_post="党政办副主任")

    services.transfer_decide(actor=world.users["city_staff"], transfer=transfer, approve=True)

    trainee = Trainee.objects.get(pk=world.own.pk)
    assert (trainee.county, trainee.township, trainee.village) == (
        world.county_b,
        world.township_b,
        None,
    )
    assert trainee.current_post == "党政办副主任"
    assert trainee.status == Trainee.Status.TRAINING  # an exchange keeps the status
    running.refresh_from_db()
    assert running.ends_on == EFFECTIVE
    assert not Rotation.objects.filter(pk=planned.pk).exists()
    assert running.history.count() == 2 and planned.history.filter(history_type="-").exists()
    assert Rotation.objects.get(pk=past.pk).ends_on == dt.date(2026, 3, 31)
    mentorship.refresh_from_db()
    assert mentorship.ends_on == EFFECTIVE
    assert Transfer.objects.get(pk=transfer.pk).status == Transfer.Status.ACCEPTED
    assert trainee.history.count() >= 2  # the old placement is kept
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.TRANSFER_DECIDED, subject_id=str(transfer.pk)
    ).exists()


def test_a_transfer_inside_the_minimum_service_period_needs_a_reason(world):
    with pytest.raises(ValidationError) as error:
        _draft(world, reason="  ")
    assert "reason" in error.value.message_dict
    assert not Transfer.objects.exists()
    transfer = _draft(world, reason="家庭原因，本人申请")
    assert transfer.early


def test_the_approver_sees_the_warning_of_an_early_transfer(world, login):
    transfer = _draft(world, reason="家庭原因，本人申请")
    page = login(world.users["city_staff"]).get(
        reverse("careers:transfer_detail", args=[transfer.pk])
    )
    assert 'data-testid="early-warning"' in page.content.decode()


def test_a_secondment_inside_the_minimum_service_period_needs_no_reason(world):
    transfer = _draft(
        world, kind=Transfer.Kind.SECONDMENT_UP, reason="", to_unit=None, to_body="市委组织部"
    )
    assert not transfer.early


def test_the_form_refuses_an_early_transfer_without_a_reason(world, login):
    client = login(world.users["county_staff"])
    response = client.post(
        reverse("careers:transfer_create", args=[world.own.pk]),
        {
            "kind": Transfer.Kind.OUT,
            "effective_on": "2027-03-01",
            "from_unit": world.own.township_id,
            "to_body": "外省某县",
        },
    )
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert not Transfer.objects.exists()


def test_a_refused_transfer_changes_nothing(world):
    transfer = _draft(world)
    services.transfer_decide(
        actor=world.users["city_staff"], transfer=transfer, approve=False, comment="暂缓"
    )
    trainee = Trainee.objects.get(pk=world.own.pk)
    assert trainee.township == world.township_a
    assert Transfer.objects.get(pk=transfer.pk).status == Transfer.Status.REFUSED
    with pytest.raises(ValidationError):
        services.transfer_decide(actor=world.users["city_staff"], transfer=transfer, approve=True)


def test_the_county_that_drafted_may_not_approve(world):
    transfer = _draft(world)
    with pytest.raises(PermissionDenied):
        services.transfer_decide(actor=world.users["county_staff"], transfer=transfer, approve=True)


def test_with_two_levels_the_county_reviews_before_the_city(world):
    config = CareersConfig.current()
    config.transfer_approval_levels = CareersConfig.ApprovalLevels.COUNTY_THEN_CITY
    config.save()
    transfer = _draft(world)
    reviewer = UserFactory(role=Role.COUNTY_STAFF, org_unit=world.county_a)
    with pytest.raises(PermissionDenied):
        services.transfer_decide(actor=world.users["city_staff"], transfer=transfer, approve=True)
    services.transfer_decide(actor=reviewer, transfer=transfer, approve=True)
    assert Transfer.objects.get(pk=transfer.pk).status == Transfer.Status.PENDING
    assert Trainee.objects.get(pk=world.own.pk).township == world.township_a
    services.transfer_decide(actor=world.users["city_staff"], transfer=transfer, approve=True)
    assert Trainee.objects.get(pk=world.own.pk).township == world.township_b


def test_a_resignation_sets_the_status_and_closes_the_follow_up(world):
    transfer = _draft(world, kind=Transfer.Kind.RESIGNATION, to_unit=None, reason="个人原因")
    services.transfer_decide(actor=world.users["city_staff"], transfer=transfer, approve=True)
    assert Trainee.objects.get(pk=world.own.pk).status == Trainee.Status.RESIGNED
    closure = FollowUpClosure.objects.get(trainee=world.own)
    assert closure.closed_on == EFFECTIVE and closure.transfer_id == transfer.pk


def test_the_trainee_page_and_the_growth_file_show_the_path(world, login):
    transfer = _draft(world)
    services.transfer_decide(actor=world.users["city_staff"], transfer=transfer, approve=True)
    client = login(world.users["city_staff"])
    career = reverse("cadets:trainee_section", args=[world.own.pk, "career"])
    page = client.get(career).content.decode()
    assert 'data-testid="career-path"' in page and world.township_b.name in page
    growth = client.get(reverse("office:growth_file", args=[world.own.pk])).content.decode()
    assert "乙镇" in growth and "2027-03-01" in growth
