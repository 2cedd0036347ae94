"""Reads for the home page. Everything goes through the scoping of cadets.Trainee."""

from django.apps import apps
from django.db.models import Count


def home_summary(user) -> dict:
    trainee_model = apps.get_model("cadets", "Trainee")
    visible = trainee_model.objects.visible_to(user)
    by_status = dict(visible.order_by().values_list("status").annotate(n=Count("pk")))
    statuses = [(label, by_status.get(value, 0)) for value, label in trainee_model.Status.choices]
    return {"total": sum(by_status.values()), "by_status": statuses}
