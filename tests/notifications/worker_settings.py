"""Settings of the Celery worker subprocesses that the recovery tests start: the test settings
(PostgreSQL test database, Redis) with an e-mail backend the test can read and a short claim
lease, so that a delivery held by a killed worker is free again within seconds."""

import os
from datetime import timedelta

from config.settings.test import *  # noqa: F403

EMAIL_BACKEND = "tests.notifications.backends.RecordingBackend"
NOTIFICATION_CLAIM_LEASE = timedelta(seconds=float(os.environ.get("TEST_CLAIM_LEASE", "2")))
