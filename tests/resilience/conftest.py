"""The recovery fixtures of the reminder tests (a throwaway redis-server, real Celery workers),
shared with the resilience tests."""

from tests.notifications.conftest import (  # noqa: F401
    config,
    mail_world,
    redis_server,
    reference_providers_only,
    wait_for,
    workers,
)
