"""Templates: weights add up to 100%; a used version is never changed."""

import pytest
from django.core.exceptions import ValidationError

from assessments.models import AssessmentTemplate
from assessments.services import MSG_DIMENSION_WEIGHTS, template_save


def _form_data(template, **changes):
    data = {
        "name": template.name,
        "weight_self": 30, "weight_mentor": 0, "weight_unit": 40, "weight_org": 0,
        "weight_democratic": 30,
        "excellent_min": 90, "competent_min": 75, "basic_min": 60,
        "ballot_excellent": 100, "ballot_competent": 80, "ballot_basic": 60,
        "ballot_incompetent": 30, "excellent_quota": 15, "min_turnout": 60,
    }  # fmt: skip
    for d in template.dimensions.all():
        data |= {
            f"dim_{d.code}_name": d.name,
            f"dim_{d.code}_weight": d.weight,
            f"dim_{d.code}_descriptor": d.descriptor,
        }
    return data | changes


def test_group_weights_that_do_not_add_up_to_100_save_nothing(aw, world, login):
    template = aw["template"]
    client = login(world.users["city_staff"])
    response = client.post(
        f"/assessments/templates/{template.pk}/", _form_data(template, weight_unit=50)
    )
    assert response.status_code == 200
    assert "110%" in response.content.decode()
    assert AssessmentTemplate.objects.count() == 1


def test_dimension_weights_that_do_not_add_up_to_100_save_nothing(aw, world, login):
    template = aw["template"]
    client = login(world.users["city_staff"])
    response = client.post(
        f"/assessments/templates/{template.pk}/", _form_data(template, dim_de_weight=30)
    )
    assert str(MSG_DIMENSION_WEIGHTS.format(total=110)) in response.content.decode()
    assert AssessmentTemplate.objects.count() == 1
    with pytest.raises(ValidationError):
        template_save(
            actor=world.users["city_staff"],
            template=template,
            dimensions=[{"code": "de", "name": "德", "weight": 50}],
        )


def test_editing_a_template_a_cycle_uses_makes_a_new_version(aw, world, login):
    template = aw["template"]
    client = login(world.users["city_staff"])
    response = client.post(f"/assessments/templates/{template.pk}/", _form_data(template))
    assert response.status_code == 302
    old, new = AssessmentTemplate.objects.order_by("version")
    assert (old.version, old.is_current, old.weight_unit) == (1, False, 30)
    assert (new.version, new.is_current, new.weight_unit, new.family) == (2, True, 40, old.family)
    assert new.dimensions.count() == 5
    aw["cycle_own"].refresh_from_db()
    assert aw["cycle_own"].template_id == old.pk


def test_an_unused_template_is_edited_in_place(world, login):
    template = AssessmentTemplate.default()
    client = login(world.users["city_staff"])
    client.post(f"/assessments/templates/{template.pk}/", _form_data(template))
    template.refresh_from_db()
    assert (AssessmentTemplate.objects.count(), template.version, template.weight_unit) == (
        1,
        1,
        40,
    )
