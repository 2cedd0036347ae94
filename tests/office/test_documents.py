"""Printable documents as PDF: Chinese text that a PDF reader can extract, masked ID numbers."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import User
from assessments.models import Assessment
from cadets.models import Trainee, TrainingPlan


@pytest.fixture
def demo(demo_city):
    return User.objects.get(username="city")


def _text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def _compact(text: str) -> str:
    return "".join(text.split())


def test_the_documents_of_demo_trainees_are_pdfs_with_chinese_text(demo, client):
    """One test for the three documents: seeding the demo city takes most of a minute."""
    client.force_login(demo)

    trainee = (
        Trainee.objects.filter(rotations__isnull=False, mentorships__isnull=False)
        .distinct()
        .order_by("pk")
        .first()
    )
    text = _compact(_text(client.get(reverse("office:growth_file_pdf", args=[trainee.pk]))))
    assert trainee.name in text
    titles = ["成长档案", "一、基本情况", "二、培养方案", "三、轮岗锻炼及岗位覆盖",
              "四、急难险重任务", "五、导师帮带", "六、请休假", "七、考核及使用情况"]  # fmt: skip
    for title in titles:
        assert title in text, title
    assert trainee.masked_id_number in text and trainee.id_number not in text

    plan = TrainingPlan.objects.filter(status__in=TrainingPlan.IN_FORCE).order_by("pk").first()
    text = _compact(_text(client.get(reverse("office:plan_pdf", args=[plan.trainee_id]))))
    assert plan.trainee.name in text
    assert "选调生个性化培养方案" in text and "节点安排" in text

    assessment = Assessment.objects.exclude(grade="").order_by("pk").first() or (
        Assessment.objects.order_by("pk").first()
    )
    url = reverse("office:assessment_form_pdf", args=[assessment.pk])
    text = _compact(_text(client.get(url)))
    assert assessment.trainee.name in text
    for title in ("选调生考核登记表", "个人述职", "评分情况", "考核等次"):
        assert title in text, title

    page = client.get(reverse("office:growth_file", args=[trainee.pk])).content.decode()
    assert reverse("office:growth_file_pdf", args=[trainee.pk]) in page
    assert "data-print" in page
