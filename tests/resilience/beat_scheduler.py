"""The product's beat scheduler for the outage tests, with django-celery-beat's forced re-read
of the schedule every 3 seconds instead of every 5 minutes — the read that stopped beat for
good when the database was down — so that a short outage always meets it."""

from django_celery_beat import schedulers

from config.beat import ResilientScheduler

schedulers.SCHEDULE_SYNC_MAX_INTERVAL = 3

Scheduler = ResilientScheduler
