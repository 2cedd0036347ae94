"""factory_boy factories that keep related rows consistent: a trainee's township lies in their
county, a village in the township, an ID number's birth date is the trainee's birth date."""

from __future__ import annotations

import datetime as dt

import factory

from accounts.models import OrgUnit, Role, User
from cadets.idnumber import check_char
from cadets.models import Cohort, Trainee
from mentors.models import Mentor, Mentorship


def id_number_for(birth: dt.date, n: int) -> str:
    first17 = f"99{n % 10000:04d}{birth:%Y%m%d}{(n // 10000) % 1000:03d}"
    return first17 + check_char(first17)


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    name = factory.Sequence(lambda n: f"单位{n}")
    kind = OrgUnit.Kind.CITY
    code = factory.Sequence(lambda n: f"T{n:06d}")
    parent = None


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort
        django_get_or_create = ("year",)

    year = 2025
    name = factory.LazyAttribute(lambda o: f"{o.year}届")


class TraineeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trainee

    name = factory.Sequence(lambda n: f"学员{n}")
    sex = Trainee.Sex.FEMALE
    birth_date = dt.date(2000, 5, 17)
    id_number = factory.LazyAttributeSequence(lambda o, n: id_number_for(o.birth_date, n))
    phone = factory.Sequence(lambda n: f"199{n:08d}")
    political_status = Trainee.PoliticalStatus.LEAGUE
    education = Trainee.Education.MASTER
    degree = Trainee.Degree.MASTER
    school = "青山大学"
    major = "公共管理"
    stream = Trainee.Stream.REGULAR
    cohort = factory.SubFactory(CohortFactory)
    reported_on = dt.date(2025, 8, 1)
    township = factory.LazyAttribute(lambda o: o.village.parent if o.village else None)
    county = factory.LazyAttribute(lambda o: o.township.parent)
    village = None


class MentorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentor

    user = factory.SubFactory(UserFactory, role=Role.MENTOR)
    name = factory.Sequence(lambda n: f"导师{n}")
    position = "乡镇党委书记"
    expertise = "基层党建"


class MentorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentorship

    kind = Mentorship.Kind.PRACTICE
    is_primary = True
    starts_on = factory.LazyAttribute(lambda o: o.trainee.reported_on)
