"""Celery beat's scheduler, kept alive through outages of PostgreSQL and Redis.

django-celery-beat's DatabaseScheduler reads its schedule from the database on every tick and
lets some database errors through (a full re-read every five minutes, a changed schedule): beat
then stops for good ("beat raised exception OperationalError"), and with it every sweep. This
scheduler catches the errors of the database and of the broker in `tick` (Celery's public
scheduler API), drops the broken connections, logs the outage once, and tries again a few
seconds later; the next tick after the outage reads the schedule again and goes on sweeping.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, InterfaceError, connections
from django_celery_beat.schedulers import DatabaseScheduler
from kombu.exceptions import OperationalError as BrokerError

logger = logging.getLogger(__name__)

OUTAGE_ERRORS = (DatabaseError, InterfaceError, BrokerError, ConnectionError, OSError)
# Seconds between tries while the database or the broker is unreachable.
RETRY_SECONDS = 5


class ResilientScheduler(DatabaseScheduler):
    def __init__(self, *args, **kwargs) -> None:
        self.outage_since_tick: int | None = None
        self.heap_stale = False
        super().__init__(*args, **kwargs)

    def tick(self, *args, **kwargs):
        try:
            if self.heap_stale:
                # A tick broken off half-way may have taken an entry out of the heap.
                self.populate_heap()
                self.heap_stale = False
            interval = super().tick(*args, **kwargs)
        except OUTAGE_ERRORS as error:
            self.heap_stale = True
            connections.close_all()
            if self.outage_since_tick is None:
                self.outage_since_tick = 0
                logger.error("beat: database or broker unreachable (%s); retrying", error)
            self.outage_since_tick += 1
            return RETRY_SECONDS
        if self.outage_since_tick is not None:
            logger.warning("beat: schedule running again after %s failed ticks",
                           self.outage_since_tick)  # fmt: skip
            self.outage_since_tick = None
        return interval
