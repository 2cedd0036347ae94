"""An overdue item climbs the responsibility chain: mentor → receiving unit → county → city,
each level once, in order, after the configured thresholds."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.selectors import responsibility_chain
from notifications.due import DueItem
from notifications.models import Level, Notification, ReminderSettings
from notifications.services import sweep_run
from tests.factories import UserFactory

OVERDUE_SINCE = dt.date(2026, 10, 1)
KIND = "tests.overdue_feedback"


@pytest.fixture
def overdue_item(world, register_provider):
    """A test provider: the own trainee's monthly feedback, overdue since 1 October, for the
    mentor; it stays overdue until `done` is set."""
    state = {"done": False}

    def overdue_feedback(ctx):
        if state["done"]:
            return
        yield DueItem(
            kind=KIND,
            subject=world.own,
            period="2026-09",
            due_on=OVERDUE_SINCE,
            title="月度帮带记录逾期",
            url="/",
            recipients=[world.users["mentor"]],
            overdue_since=OVERDUE_SINCE,
            unit=world.own.township,
        )

    register_provider(overdue_feedback)
    return state


def _levels() -> list[tuple[int, str]]:
    return list(
        Notification.objects.filter(kind=KIND)
        .order_by("created_at", "pk")
        .values_list("escalation_level", "recipient__username")
    )


def test_each_level_is_told_once_in_order_after_its_threshold(world, overdue_item):
    config = ReminderSettings.current()
    assert config.escalation_thresholds() == [3, 7, 14]
    days = {}
    for offset in range(0, 21):
        today = OVERDUE_SINCE + dt.timedelta(days=offset)
        for _ in range(2):  # a second sweep on the same day adds nothing
            created = sweep_run(today=today).created_count
            days.setdefault(offset, created)
    assert _levels() == [
        (Level.DIRECT, "mentor"),
        (Level.UNIT, "township"),
        (Level.COUNTY, "county"),
        (Level.CITY, "city"),
    ]
    assert {d: n for d, n in days.items() if n} == {0: 1, 3: 1, 7: 1, 14: 1}


def test_a_late_first_sweep_tells_every_passed_level_at_once(world, overdue_item):
    sweep_run(today=OVERDUE_SINCE + dt.timedelta(days=10))
    assert [level for level, _ in _levels()] == [Level.DIRECT, Level.UNIT, Level.COUNTY]


def test_nothing_more_is_sent_once_the_work_is_done(world, overdue_item):
    sweep_run(today=OVERDUE_SINCE + dt.timedelta(days=3))
    overdue_item["done"] = True
    assert sweep_run(today=OVERDUE_SINCE + dt.timedelta(days=30)).created_count == 0
    assert len(_levels()) == 2


def test_changed_thresholds_are_used(world, overdue_item):
    config = ReminderSettings.current()
    config.escalate_unit_after_days, config.escalate_county_after_days = 1, 2
    config.save()
    sweep_run(today=OVERDUE_SINCE + dt.timedelta(days=2))
    assert [level for level, _ in _levels()] == [Level.DIRECT, Level.UNIT, Level.COUNTY]


def test_the_chain_page_lists_the_item_level_by_level(world, overdue_item, login):
    sweep_run(today=OVERDUE_SINCE + dt.timedelta(days=20))
    notification = Notification.objects.get(kind=KIND, recipient=world.users["mentor"])
    response = login(world.users["mentor"]).get(f"/notifications/{notification.pk}/chain/")
    assert response.status_code == 200
    chain = [n.recipient.username for n in response.context["chain"]]
    assert chain == ["mentor", "township", "county", "city"]


def test_the_chain_has_staff_of_the_placement_only(world):
    UserFactory(username="inactive-township", role="unit_staff", org_unit=world.township_a,
                is_active=False)  # fmt: skip
    UserFactory(username="township-b", role="unit_staff", org_unit=world.township_b)
    unit, county, city = responsibility_chain(world.township_a)
    assert [u.username for u in unit] == ["township"]
    assert [u.username for u in county] == ["county"]
    assert [u.username for u in city] == ["city"]


def test_the_chains_of_many_townships_cost_two_queries(world, django_assert_num_queries):
    from accounts.selectors import responsibility_chains

    UserFactory(username="township-b", role="unit_staff", org_unit=world.township_b)
    with django_assert_num_queries(2):
        chains = responsibility_chains([world.township_a, world.township_b])
    names = {pk: [[u.username for u in users] for users in chain] for pk, chain in chains.items()}
    assert names[world.township_a.pk] == [["township"], ["county"], ["city"]]
    assert names[world.township_b.pk] == [["township-b"], [], ["city"]]
