"""The assessment detail page's 等次 and 测评对象群体 selects (and the other fields its template
writes one by one) carry Bootstrap's classes, like every other form."""

from __future__ import annotations

import re

from django.urls import reverse

from .builders import assessment_world


def test_the_grade_and_voter_group_selects_are_styled(world, client):
    assessment = assessment_world(world)["own"]
    client.force_login(world.users["city_staff"])
    body = client.get(reverse("assessments:assessment_detail", args=[assessment.pk])).content
    body = body.decode()
    for name in ("grade", "group"):
        select = re.search(rf"<select[^>]*name=\"(?:\w+-)?{name}\"[^>]*>", body)
        assert select and "form-select" in select.group(0), name
    for name in ("comment", "count"):
        control = re.search(rf"<(textarea|input)[^>]*name=\"(?:\w+-)?{name}\"[^>]*>", body)
        assert control and "form-control" in control.group(0), name
