"""The trainee list's rows (cadets/templatetags/trainee_rows.py) show what `{% url %}` and
`get_status_display` showed: the same link and the same label, in both languages."""

import pytest
from django.template import Context, Template
from django.urls import reverse, set_script_prefix
from django.utils import translation

from cadets.models import Trainee
from tests.factories import TraineeFactory

ROWS = Template(
    "{% load trainee_rows %}"
    "{% for t in rows %}{% trainee_url t %}|{{ t|status_label }};{% endfor %}"
)


def _expected(rows) -> str:
    return "".join(
        f"{reverse('cadets:trainee_detail', args=[t.pk])}|{t.get_status_display()};" for t in rows
    )


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_links_and_labels_are_djangos(language):
    statuses = [*Trainee.Status.values, "unknown"]
    rows = [
        Trainee(pk=pk, status=statuses[i % len(statuses)])
        for i, pk in enumerate([1, 7, 10, 98765, 987654321988])
    ]
    with translation.override(language):
        assert ROWS.render(Context({"rows": rows})) == _expected(rows)


def test_links_follow_the_script_prefix():
    rows = [Trainee(pk=3, status="training"), Trainee(pk=30, status="completed")]
    set_script_prefix("/xd/")
    try:
        html = ROWS.render(Context({"rows": rows}))
        assert html.startswith("/xd/") and html == _expected(rows)
    finally:
        set_script_prefix("/")


def test_the_list_links_each_row_and_shows_its_status_in_chinese(world, login):
    trainee = TraineeFactory(name="欧阳明远", township=world.township_a, status="completed")
    client = login(world.users["city_staff"])
    with translation.override("zh-hans"):
        html = client.get(reverse("cadets:trainee_list"), {"q": "欧阳"}).content.decode()
    link = reverse("cadets:trainee_detail", args=[trainee.pk])
    assert f'<a href="{link}">欧阳明远</a>' in html
    assert '<span class="badge text-bg-light">已期满</span>' in html
