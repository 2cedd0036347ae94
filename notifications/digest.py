"""The daily digest groups its items by trainee: staff above the township read one block per
trainee (e.g. both late mentors of one trainee together) instead of a list in time order.

A notification stores its subject, not its trainee; the subject is the trainee or a record with
a `trainee` field (pairing, leave, rotation, ...). Items whose subject has no trainee come last,
under no heading. One query per subject model in the digest; digests are sent by the worker.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType


@dataclass
class TraineeGroup:
    trainee: object | None  # a cadets Trainee
    notifications: list = field(default_factory=list)


def _trainees(notifications: list) -> dict[tuple[int, int], object]:
    """(subject type id, subject id) → the subject's trainee, for subjects that have one."""
    ids: dict[int, set[int]] = defaultdict(set)
    for notification in notifications:
        ids[notification.subject_type_id].add(notification.subject_id)
    # Looked up by name: the apps whose subjects these are import notifications, not back.
    trainee_model = apps.get_model("cadets", "Trainee")
    found: dict[tuple[int, int], object] = {}
    for type_id, pks in ids.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        if issubclass(model, trainee_model):
            for trainee in trainee_model.objects.filter(pk__in=pks):
                found[(type_id, trainee.pk)] = trainee
        elif any(f.name == "trainee" for f in model._meta.get_fields()):
            for subject in model.objects.filter(pk__in=pks).select_related("trainee"):
                found[(type_id, subject.pk)] = subject.trainee
    return found


def key_of(group: TraineeGroup) -> int:
    return group.trainee.pk if group.trainee else 0


def grouped_by_trainee(notifications) -> list[TraineeGroup]:
    """The notifications in groups, one per trainee sorted by name, each in its own order;
    those without a trainee last."""
    notifications = list(notifications)
    trainees = _trainees(notifications)
    groups: dict[int | None, TraineeGroup] = {}
    for notification in notifications:
        trainee = trainees.get((notification.subject_type_id, notification.subject_id))
        key = trainee.pk if trainee else None
        groups.setdefault(key, TraineeGroup(trainee)).notifications.append(notification)
    return sorted(
        groups.values(),
        key=lambda g: (g.trainee is None, g.trainee.name if g.trainee else "", key_of(g)),
    )
