"""A shortlist saved from a profile's ranked list, then turned into outcomes."""

from __future__ import annotations

from django.urls import reverse

from assessments.models import Outcome
from careers.models import PostProfile, Shortlist

from .builders import careers_world


def test_the_chosen_candidates_become_a_shortlist_with_their_explanations(world, login):
    profile = PostProfile.objects.create(
        name="乡镇副职", scope=PostProfile.Scope.ALL, owner_unit=world.city, age_max=99
    )
    client = login(world.users["city_staff"])
    response = client.post(
        reverse("careers:shortlist_save", args=[profile.pk]),
        {"trainee": [world.own.pk, world.other.pk], "note": "初选"},
    )
    shortlist = Shortlist.objects.get(profile=profile)
    assert response["Location"] == reverse("careers:shortlist_detail", args=[shortlist.pk])
    entries = list(shortlist.entries.order_by("position"))
    assert {e.trainee for e in entries} == {world.own, world.other}
    assert all("岁" in e.matches and not e.lacks for e in entries)


def test_a_trainee_outside_the_scope_cannot_be_shortlisted(world, login):
    profile = careers_world(world)["profile_own"]
    client = login(world.users["county_staff"])
    client.post(reverse("careers:shortlist_save", args=[profile.pk]), {"trainee": [world.other.pk]})
    assert profile.shortlists.count() == 1  # only the builders' own: nothing was saved


def test_chosen_entries_become_placement_outcomes(world, login):
    shortlist = careers_world(world)["shortlist_own"]
    entry = shortlist.entries.get()
    client = login(world.users["county_staff"])
    client.post(
        reverse("careers:shortlist_outcomes", args=[shortlist.pk]),
        {"entry": [entry.pk], "kind": Outcome.Kind.PLACEMENT, "decided_on": "2027-09-01"},
    )
    outcome = Outcome.objects.get(trainee=world.own)
    assert outcome.kind == Outcome.Kind.PLACEMENT and outcome.post == shortlist.profile.name
    entry.refresh_from_db()
    assert entry.outcome_recorded
