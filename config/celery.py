"""The Celery app. Beat's schedule lives in the database (django-celery-beat); the default
entries are defined in settings.CELERY_BEAT_SCHEDULE and synced there on start."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("xuandiao")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
