"""Beat and the worker through outages of PostgreSQL and of Redis, as real processes: the
next sweep runs when the service is back, and beat is the same process all along. Under
`make run`, scripts/keep-running.sh starts again a process that gave up."""

from __future__ import annotations

import pytest

from notifications.models import SweepRun

from .outages import database_outage
from .processes import Beat

pytestmark = pytest.mark.django_db(transaction=True)

LONG = 180  # seconds: a readiness wait on a busy machine, not a measure of speed


@pytest.fixture
def beats(tmp_path):
    started: list[Beat] = []

    def start(broker_url: str, **kwargs) -> Beat:
        started.append(Beat(tmp_path, broker_url, **kwargs))
        return started[-1]

    yield start
    for beat in started:
        beat.stop()


def _sweeps() -> int:
    return SweepRun.objects.count()


def test_beat_goes_on_sweeping_after_a_database_outage(redis_server, workers, beats, wait_for):
    workers.start(redis_server.url)
    beat = beats(redis_server.url)
    wait_for(lambda: _sweeps() >= 1, timeout=LONG, what=f"a first sweep\n{beat.logs()}")
    with database_outage():
        # Beat meets the outage where it used to die: its forced re-read of the schedule.
        wait_for(lambda: "database or broker unreachable" in beat.logs(), timeout=LONG,
                 what=f"beat to meet the outage\n{beat.logs()}")  # fmt: skip
    before = _sweeps()
    wait_for(lambda: _sweeps() > before, timeout=LONG,
             what=f"a sweep after the outage\n{beat.logs()}\n{workers.logs()}")  # fmt: skip
    assert beat.alive(), beat.logs()
    assert "schedule running again" in beat.logs()


def test_beat_goes_on_sweeping_after_a_redis_outage(redis_server, workers, beats, wait_for):
    workers.start(redis_server.url)
    beat = beats(redis_server.url)
    wait_for(lambda: _sweeps() >= 1, timeout=LONG, what=f"a first sweep\n{beat.logs()}")
    redis_server.stop()
    length = len(beat.logs())
    # Beat tries to send a sweep while Redis is down (every 2 s here) and says it failed.
    wait_for(lambda: "rror" in beat.logs()[length:], timeout=LONG,
             what=f"beat to meet the outage\n{beat.logs()}")  # fmt: skip
    redis_server.start()  # the same port, empty
    before = _sweeps()
    wait_for(lambda: _sweeps() > before, timeout=LONG,
             what=f"a sweep after the outage\n{beat.logs()}\n{workers.logs()}")  # fmt: skip
    assert beat.alive(), beat.logs()


def test_make_run_starts_again_a_beat_that_gave_up(redis_server, workers, beats, wait_for):
    """Beat cannot even start while the database refuses connections; the wrapper of the
    Procfile starts it again until it can, and then it sweeps."""
    workers.start(redis_server.url)
    with database_outage():
        beat = beats(redis_server.url, keep_running=True)
        wait_for(lambda: "starting it again" in beat.logs(), timeout=LONG,
                 what=f"beat to give up once\n{beat.logs()}")  # fmt: skip
    wait_for(lambda: _sweeps() >= 1, timeout=LONG,
             what=f"a sweep after the outage\n{beat.logs()}\n{workers.logs()}")  # fmt: skip
    assert beat.alive()
