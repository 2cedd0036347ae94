"""帮带记录: one per pairing and month, locked after the configured day, drafts on the server."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from mentors import services
from mentors.models import MentoringConfig, MonthlyFeedback
from mentors.selectors import FeedbackStatus, feedback_status
from mentors.services import (
    MSG_DIMENSIONS_REQUIRED,
    MSG_FIELD_EMPTY,
    MSG_FUTURE_MONTH,
    MSG_LOCKED,
    MSG_MENTORSHIP_ENDED,
)

from .builders import mentorship_for, submitted_feedback

NOVEMBER = dt.date(2026, 11, 1)
FULL = {
    "talk_on": dt.date(2026, 11, 20),
    "talk_form": "face",
    "thinking": "理想信念坚定",
    "work": "指导起草村规民约",
    "conduct": "深入农户走访",
    "life": "帮助解决住宿",
    "remark": "进步明显",
}


def save(world, today, month=NOVEMBER, submit=True, **values):
    return services.feedback_save(
        actor=world.users["mentor"],
        mentorship=mentorship_for(world, "own"),
        month=month,
        values={**FULL, **values},
        submit=submit,
        today=today,
    )


def test_a_submitted_record_is_done(world, today):
    feedback = save(world, today)
    assert feedback.status == MonthlyFeedback.Status.SUBMITTED
    assert feedback.submitted_at is not None


def test_one_record_per_pairing_and_month_in_the_database(world):
    submitted_feedback(mentorship_for(world, "own"))
    with pytest.raises(IntegrityError):
        submitted_feedback(mentorship_for(world, "own"))


def test_saving_the_same_month_twice_updates_the_one_record(world, today):
    save(world, today, submit=False, thinking="初稿")
    save(world, today, thinking="定稿")
    assert MonthlyFeedback.objects.get().thinking == "定稿"


def test_a_month_is_locked_after_the_configured_day_of_the_next_month(world):
    config = MentoringConfig.current()
    config.feedback_lock_day = 5
    config.save()
    october = dt.date(2026, 10, 1)
    save(world, dt.date(2026, 11, 5), month=october, talk_on=dt.date(2026, 10, 9))
    with pytest.raises(ValidationError) as error:
        save(world, dt.date(2026, 11, 6), month=october, talk_on=dt.date(2026, 10, 9), work="改")
    assert error.value.messages == [str(MSG_LOCKED)]
    assert MonthlyFeedback.objects.get().work == FULL["work"]


def test_a_locked_record_opens_read_only(world, login):
    feedback = submitted_feedback(mentorship_for(world, "own"), month=dt.date(2025, 10, 1))
    client = login(world.users["mentor"])
    response = client.get(reverse("mentors:feedback_edit", args=[feedback.mentorship_id, 2025, 10]))
    assert response.status_code == 302
    assert response["Location"] == reverse("mentors:feedback_detail", args=[feedback.pk])


def test_a_future_month_is_refused_and_nothing_saved(world, today):
    with pytest.raises(ValidationError) as error:
        save(world, today, month=dt.date(2026, 12, 1))
    assert error.value.messages == [str(MSG_FUTURE_MONTH)]
    assert not MonthlyFeedback.objects.exists()


def test_a_month_after_the_pairing_ended_is_refused(world, today):
    pairing = mentorship_for(world, "own")
    pairing.ends_on = dt.date(2026, 9, 30)
    pairing.save()
    with pytest.raises(ValidationError) as error:
        save(world, today, month=dt.date(2026, 10, 1), talk_on=dt.date(2026, 10, 9))
    assert error.value.messages == [str(MSG_MENTORSHIP_ENDED)]
    assert not MonthlyFeedback.objects.exists()


def test_submitting_needs_all_four_dimensions_but_a_draft_does_not(world, today):
    with pytest.raises(ValidationError) as error:
        save(world, today, life="")
    # The banner, and the empty field itself (marked is-invalid on the page).
    assert error.value.message_dict == {
        "__all__": [str(MSG_DIMENSIONS_REQUIRED)],
        "life": [str(MSG_FIELD_EMPTY)],
    }
    draft = save(world, today, submit=False, life="")
    assert draft.status == MonthlyFeedback.Status.DRAFT


def test_a_flag_needs_a_reason(world, today):
    with pytest.raises(ValidationError):
        save(world, today, needs_attention=True, attention_reason="")
    flagged = save(world, today, needs_attention=True, attention_reason="情绪低落")
    assert flagged.needs_attention


def test_a_draft_survives_a_reload(world, login):
    client = login(world.users["mentor"])
    today = timezone.localdate()
    url = reverse(
        "mentors:feedback_edit",
        args=[mentorship_for(world, "own").pk, today.year, today.month],
    )
    response = client.post(url, {"action": "draft", "thinking": "正在谈心，稍后补充"})
    assert response.status_code == 302 and response["Location"] == url
    page = client.get(url).content.decode()
    assert "正在谈心，稍后补充" in page
    assert MonthlyFeedback.objects.get().status == MonthlyFeedback.Status.DRAFT
    # The narratives are not offered back by the browser, and nothing goes into the URL.
    assert 'autocomplete="off"' in page
    assert (
        "no-store" in client.get(url)["Cache-Control"]
        or "max-age=0" in client.get(url)["Cache-Control"]
    )


def test_the_status_of_a_month(world):
    config = MentoringConfig.current()
    month = dt.date(2026, 11, 1)
    assert feedback_status(None, month, dt.date(2026, 11, 20), config) == FeedbackStatus.DUE
    assert feedback_status(None, month, dt.date(2026, 11, 26), config) == FeedbackStatus.OVERDUE
    draft = MonthlyFeedback.Status.DRAFT
    assert feedback_status(draft, month, dt.date(2026, 11, 26), config) == FeedbackStatus.DRAFT
    done = MonthlyFeedback.Status.SUBMITTED
    assert feedback_status(done, month, dt.date(2026, 11, 26), config) == FeedbackStatus.DONE


def test_flagged_records_are_listed_for_the_organisation_department(world, login):
    submitted_feedback(
        mentorship_for(world, "own"), needs_attention=True, attention_reason="家庭困难"
    )
    page = login(world.users["county_staff"]).get(reverse("mentors:flagged_list"))
    assert "家庭困难" in page.content.decode()


def test_submitting_with_an_empty_dimension_marks_that_field_not_only_a_banner(world, login):
    client = login(world.users["mentor"])
    today = timezone.localdate()
    url = reverse(
        "mentors:feedback_edit",
        args=[mentorship_for(world, "own").pk, today.year, today.month],
    )
    data = {
        "action": "submit",
        "talk_on": today.isoformat(),
        "talk_form": "face",
        "thinking": "谈心",
        "work": "指导",
        "conduct": "锤炼",
        "life": "",
    }
    page = client.post(url, data, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    life = re.search(r"<textarea[^>]*name=\"life\"[^>]*>", page)
    thinking = re.search(r"<textarea[^>]*name=\"thinking\"[^>]*>", page)
    assert life and "is-invalid" in life.group(0)
    assert thinking and "is-invalid" not in thinking.group(0)
    assert 'maxlength="2000"' in life.group(0)
    assert not MonthlyFeedback.objects.filter(status=MonthlyFeedback.Status.SUBMITTED).exists()
