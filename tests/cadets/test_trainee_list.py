"""The trainee list links each row to the trainee and shows their status in Chinese."""

from django.urls import reverse
from django.utils import translation

from tests.factories import TraineeFactory


def test_the_list_links_each_row_and_shows_its_status_in_chinese(world, login):
    trainee = TraineeFactory(name="欧阳明远", township=world.township_a, status="completed")
    client = login(world.users["city_staff"])
    with translation.override("zh-hans"):
        html = client.get(reverse("cadets:trainee_list"), {"q": "欧阳"}).content.decode()
    link = reverse("cadets:trainee_detail", args=[trainee.pk])
    assert f'<a href="{link}">欧阳明远</a>' in html
    assert '<span class="badge text-bg-light">已期满</span>' in html
