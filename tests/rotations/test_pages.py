"""Rotation pages: query counts pinned, messages shown, attachments checked and served."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rotations.models import KeyTaskAttachment, Rotation
from rotations.selectors import PostRef, overview_rotations, rule_set
from rotations.services import MSG_ATTACHMENT_TYPE, rotation_assign
from tests.factories import TraineeFactory

from .factories import KeyTaskFactory, PostFactory, category

D = dt.date


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _add_trainees_with_rotations(world, n: int) -> None:
    posts = [PostFactory(township=world.township_a, capacity=50, category=category(name))
             for name in ("党政综合", "乡村振兴")]  # fmt: skip
    for i in range(n):
        trainee = TraineeFactory(township=world.township_a)
        for j, post in enumerate(posts):
            start = D(2025, 8, 1) + dt.timedelta(days=120 * j)
            rotation_assign(actor=world.users["city_staff"], trainee=trainee, post=post,
                            starts_on=start, ends_on=start + dt.timedelta(days=95 + i))  # fmt: skip


# The expected queries for the unit staff: the user with their unit and the bell's unread
# count (1, accounts.backends; the session is read from Redis); the filter's choices, one query
# a field (counties, townships and cohorts: 3; the coverage list's "still lacks" categories: 1
# more); the count and the page of trainees (2, Paginator); their rotations with posts and
# categories (1, as values: selectors.overview_rotations); the rules with every category (1,
# rule_set: the coverage and the timeline's legend) = 8 on the timeline, 9 on the coverage
# list; the navigation asks the rules only (rperms).
@pytest.mark.parametrize(
    ("name", "expected"), [("rotations:timeline", 8), ("rotations:coverage_list", 9)]
)
def test_overview_pages_make_the_same_queries_for_one_or_many_rows(world, login, name, expected):
    client = login(world.users["unit_staff"])
    url = reverse(name)
    _add_trainees_with_rotations(world, 1)
    few = _queries(client, url)
    _add_trainees_with_rotations(world, 8)
    many = _queries(client, url)
    assert few == many == expected


def test_the_overview_reads_rotations_as_the_models_show_them(world):
    """The overview pages read a page's rotations as values (selectors.overview_rotations):
    what they show of each must be what the Rotation model shows."""
    in_village = PostFactory(township=world.township_a, village=world.village_a,
                             category=category("乡村振兴"))  # fmt: skip
    plain = PostFactory(township=world.township_a, category=category("党政综合"))
    trainee = TraineeFactory(township=world.township_a)
    today = D(2025, 12, 1)
    for post, start, end in ((plain, D(2025, 8, 1), D(2025, 10, 31)),
                             (in_village, D(2025, 11, 1), None)):  # fmt: skip
        rotation_assign(actor=world.users["city_staff"], trainee=trainee, post=post,
                        starts_on=start, ends_on=end)  # fmt: skip
    rules = rule_set()
    light = overview_rotations([trainee], rules)[trainee.pk]
    models = list(Rotation.objects.filter(trainee=trainee).order_by("starts_on", "pk"))
    assert [str(r.post) for r in light] == [str(r.post) for r in models]
    assert str(light[1].post) == f"{world.village_a.name} · {in_village.name}"
    assert [r.period_display for r in light] == [r.period_display for r in models]
    assert [r.is_current(today) for r in light] == [False, True]
    assert [r.post.category for r in light] == [plain.category, in_village.category]
    assert light[0].post == PostRef(plain.pk, "", plain.category)  # equal by id, as a Post


def test_the_post_list_query_count_does_not_grow(world, login):
    client = login(world.users["county_staff"])
    PostFactory(township=world.township_a)
    few = _queries(client, reverse("rotations:post_list"))
    for _ in range(10):
        PostFactory(township=world.township_a)
    assert _queries(client, reverse("rotations:post_list")) == few


def test_the_coverage_list_finds_who_still_lacks_a_category(world, login):
    post = PostFactory(township=world.township_a, category=category("乡村振兴"), capacity=5)
    served = TraineeFactory(name="已轮岗", township=world.township_a)
    rotation_assign(actor=world.users["city_staff"], trainee=served, post=post,
                    starts_on=D(2025, 8, 1), ends_on=D(2025, 10, 31))  # fmt: skip
    client = login(world.users["unit_staff"])
    response = client.get(reverse("rotations:coverage_list"), {"lacking": category("乡村振兴").pk})
    names = [row.trainee.name for row in response.context["rows"]]
    assert "本人" in names and "已轮岗" not in names


def test_the_assign_page_shows_the_clash_in_chinese_and_saves_nothing(world, login):
    post = PostFactory(township=world.township_a, name="党政综合办公室")
    other = PostFactory(township=world.township_a, name="经济发展办公室")
    rotation_assign(actor=world.users["unit_staff"], trainee=world.own, post=post,
                    starts_on=D(2025, 8, 1), ends_on=D(2025, 10, 31))  # fmt: skip
    client = login(world.users["unit_staff"])
    url = reverse("rotations:rotation_assign", kwargs={"pk": world.own.pk})
    data = {"post": other.pk, "starts_on": "2025-10-01", "ends_on": "2025-12-31", "reason": "轮岗"}
    response = client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "已在岗位“党政综合办公室”" in body and "2025-10-31" in body
    assert Rotation.objects.count() == 1


def test_a_post_of_another_township_is_not_offered_to_unit_staff(world, login):
    foreign = PostFactory(township=world.township_b)
    client = login(world.users["unit_staff"])
    url = reverse("rotations:rotation_assign", kwargs={"pk": world.own.pk})
    data = {"post": foreign.pk, "starts_on": "2025-09-01", "ends_on": "", "reason": "轮岗"}
    response = client.post(url, data)
    assert "不在您的管理范围内" in response.content.decode()
    assert not Rotation.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "ok"),
    [
        ("记录.pdf", b"%PDF-1.7 ...", True),
        ("照片.png", b"\x89PNG\r\n\x1a\n....", True),
        ("脚本.exe", b"MZ....", False),
        ("伪装.pdf", b"MZ not a pdf", False),
    ],
)
def test_attachments_are_type_checked(world, login, name, content, ok):
    task = KeyTaskFactory(trainee=world.own)
    client = login(world.users["unit_staff"])
    url = reverse("rotations:attachment_upload", kwargs={"pk": task.pk})
    response = client.post(url, {"file": SimpleUploadedFile(name, content)})
    assert (response.status_code == 302) is ok
    assert KeyTaskAttachment.objects.exists() is ok
    if name.endswith(".exe"):
        assert str(MSG_ATTACHMENT_TYPE) in response.content.decode().replace("&#x27;", "'")


def test_a_too_large_attachment_is_refused(world, login, settings):
    task = KeyTaskFactory(trainee=world.own)
    client = login(world.users["unit_staff"])
    big = SimpleUploadedFile("大文件.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024))
    response = client.post(reverse("rotations:attachment_upload", kwargs={"pk": task.pk}),
                           {"file": big})  # fmt: skip
    assert response.status_code == 400
    assert "最大" in response.content.decode() or "10 MB" in response.content.decode()
    assert not KeyTaskAttachment.objects.exists()


def test_attachments_are_served_through_the_scope_only(world, login, client):
    task = KeyTaskFactory(trainee=world.own)
    login(world.users["unit_staff"]).post(
        reverse("rotations:attachment_upload", kwargs={"pk": task.pk}),
        {"file": SimpleUploadedFile("记录.pdf", b"%PDF-1.4 x")},
    )
    attachment = KeyTaskAttachment.objects.get()
    assert "记录" not in attachment.file.name  # the stored name reveals nothing
    url = reverse("rotations:attachment_download", kwargs={"pk": attachment.pk})
    client.force_login(world.users["mentor"])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 x"
    client.force_login(world.other.user)
    assert client.get(url).status_code == 404


def test_the_trainee_page_shows_rotations_and_plan_panels(world, login):
    post = PostFactory(township=world.township_a, name="党政综合办公室")
    rotation_assign(actor=world.users["unit_staff"], trainee=world.own, post=post,
                    starts_on=D(2025, 8, 1), ends_on=None)  # fmt: skip
    client = login(world.users["trainee"])
    body = client.get(reverse("cadets:me_section", args=["training"])).content.decode()
    assert "党政综合办公室" in body and 'data-testid="coverage"' in body
    assert 'data-testid="plan-link"' in client.get(reverse("cadets:me")).content.decode()


def test_the_timeline_shows_25_trainees_a_page_and_keeps_the_filters_in_the_page_links(
    world, login
):
    for _ in range(26):
        TraineeFactory(township=world.township_a, cohort=world.own.cohort)
    client = login(world.users["unit_staff"])
    url = reverse("rotations:timeline")
    first = client.get(url, {"cohort": world.own.cohort.pk})
    total = first.context["page"].paginator.count
    assert total >= 27
    assert len(first.context["timeline"].rows) == 25
    assert f"?cohort={world.own.cohort.pk}&amp;page=2" in first.content.decode()
    last = client.get(url, {"cohort": world.own.cohort.pk, "page": 99})  # past the end: the last
    assert last.context["page"].number == (total - 1) // 25 + 1
    shown = {row.trainee.pk for row in first.context["timeline"].rows}
    shown |= {row.trainee.pk for row in last.context["timeline"].rows}
    assert len(shown) == total == 25 + len(last.context["timeline"].rows)
