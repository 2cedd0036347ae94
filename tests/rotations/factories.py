"""Factories of the rotations app; a post's village lies in its township."""

from __future__ import annotations

import datetime as dt

import factory

from rotations.models import KeyTask, Post, PostCategory, Rotation


def category(name: str = "党政综合") -> PostCategory:
    """One of the default categories (seeded by the migration)."""
    return PostCategory.objects.get(name=name)


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    name = factory.Sequence(lambda n: f"岗位{n}")
    category = factory.LazyFunction(category)
    township = None
    village = None
    capacity = 1
    is_active = True


class RotationFactory(factory.django.DjangoModelFactory):
    """Bypasses the service: for setting up data, and for proving the database's own rule."""

    class Meta:
        model = Rotation

    post = factory.LazyAttribute(lambda o: PostFactory(township=o.trainee.township))
    starts_on = factory.LazyAttribute(lambda o: o.trainee.reported_on)
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + dt.timedelta(days=89))
    reason = "测试"


class KeyTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyTask

    kind = KeyTask.Kind.GRID
    title = factory.Sequence(lambda n: f"任务{n}")
    starts_on = dt.date(2025, 10, 1)
