"""Narrative fields have a length limit, told on the page (maxlength, counted by
static/js/char-counter.js) and checked by the form, far below the request size at which Django
refuses a request (RequestDataTooBig: everything typed lost)."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import reverse

from cadets.models import LeaveRequest
from cadets.text_limits import LONG_TEXT

# A browser percent-encodes a Chinese character as 9 bytes ("%E6%80%9D").
BYTES_PER_CHARACTER = 9
OUR_APPS = ("accounts", "cadets", "mentors", "rotations", "assessments", "office")
# Written by the product, not typed by people: no form limit needed.
NOT_TYPED = {("rotations", "plannerrun", "error")}


def test_every_text_field_people_type_into_has_a_max_length():
    missing = [
        f"{model._meta.label}.{field.name}"
        for app in OUR_APPS
        for model in apps.get_app_config(app).get_models()
        if not model._meta.label.split(".")[1].startswith("Historical")
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField)
        and field.max_length is None
        and (app, model._meta.model_name, field.name) not in NOT_TYPED
    ]
    assert missing == []


def test_a_full_form_stays_far_below_the_request_size_limit():
    worst = 0
    for app in OUR_APPS:
        for model in apps.get_app_config(app).get_models():
            total = sum(
                field.max_length or 0
                for field in model._meta.get_fields()
                if isinstance(field, (models.TextField, models.CharField))
            )
            worst = max(worst, total)
    assert worst * BYTES_PER_CHARACTER < settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 4
    assert LONG_TEXT * BYTES_PER_CHARACTER * 5 < settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 4


def test_too_long_a_leave_reason_is_refused_with_a_message_and_the_page_shows_the_limit(
    world, client
):
    client.force_login(world.users["trainee"])
    url = reverse("cadets:leave_create")
    page = client.get(url).content.decode()
    assert 'maxlength="2000"' in page and "js/char-counter.js" in page
    data = {
        "kind": LeaveRequest.Kind.PERSONAL,
        "starts_on": "2027-01-04",
        "ends_on": "2027-01-04",
        "reason": "事" * 20000,
    }
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert "2000" in response.content.decode()
    assert not LeaveRequest.objects.exists()
