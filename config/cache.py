"""The Redis cache, degraded to a miss while Redis is unreachable.

Every signed-in page reads its session through this cache (cached_db sessions), so Redis down
made every page a 500. Here a read that fails is a miss (the session is then read from the
database, where cached_db writes it through), and a write that fails is dropped. The outage is
logged once per process, when it starts, and once when it ends — not once per request.

For a few seconds after a failure Redis is not tried at all, so that pages do not each wait for
a refused connection. Keys whose write or delete failed are deleted when Redis answers again:
otherwise a session signed out during the outage would come back with the Redis that still
held it.
"""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Keys remembered for deletion after an outage; beyond it the whole outage's writes cannot be
# undone one by one, and the log says so.
UNSYNCED_LIMIT = 10_000


class _Outage:
    """One per process: whether Redis is down, since when to try it again, what to undo."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.down = False
        self.retry_at = 0.0
        self.unsynced: set[tuple[str, int | None]] = set()
        self.overflowed = False


OUTAGE = _Outage()


class RedisCache(DjangoRedisCache):
    def _guard(self, call, fallback, *, written=()):
        if OUTAGE.down and time.monotonic() < OUTAGE.retry_at:
            self._remember(written)
            return fallback
        try:
            if OUTAGE.down:
                self._recover()
            return call()
        except (RedisError, OSError) as error:
            self._remember(written)
            self._fail(error)
            return fallback

    def _fail(self, error: Exception) -> None:
        with OUTAGE.lock:
            if not OUTAGE.down:
                logger.error("cache: Redis unreachable (%s); serving without it", error)
            OUTAGE.down = True
            OUTAGE.retry_at = time.monotonic() + settings.CACHE_OUTAGE_RETRY_SECONDS

    def _recover(self) -> None:
        """Redis may be back: undo the writes it missed, then say so."""
        with OUTAGE.lock:
            keys, OUTAGE.unsynced = OUTAGE.unsynced, set()
            overflowed, OUTAGE.overflowed = OUTAGE.overflowed, False
        try:
            super().has_key("outage-probe")  # raises while Redis is still down
            for key, version in keys:
                super().delete(key, version=version)
        except Exception:
            with OUTAGE.lock:
                OUTAGE.unsynced |= keys
            raise
        with OUTAGE.lock:
            OUTAGE.down = False
        if overflowed:
            logger.warning("cache: more than %s writes missed during the outage", UNSYNCED_LIMIT)
        logger.warning("cache: Redis answers again")

    def _remember(self, written) -> None:
        if not written:
            return
        with OUTAGE.lock:
            if len(OUTAGE.unsynced) < UNSYNCED_LIMIT:
                OUTAGE.unsynced.update(written)
            else:
                OUTAGE.overflowed = True

    # --- Django's cache API ---------------------------------------------------------------

    def get(self, key, default=None, version=None):
        return self._guard(lambda: super(RedisCache, self).get(key, default, version), default)

    def get_many(self, keys, version=None):
        return self._guard(lambda: super(RedisCache, self).get_many(keys, version), {})

    def has_key(self, key, version=None):
        return self._guard(lambda: super(RedisCache, self).has_key(key, version), False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(
            lambda: super(RedisCache, self).add(key, value, timeout, version),
            False,
            written=[(key, version)],
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(
            lambda: super(RedisCache, self).set(key, value, timeout, version),
            None,
            written=[(key, version)],
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(
            lambda: super(RedisCache, self).set_many(data, timeout, version),
            list(data),
            written=[(key, version) for key in data],
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(lambda: super(RedisCache, self).touch(key, timeout, version), False)

    def delete(self, key, version=None):
        return self._guard(
            lambda: super(RedisCache, self).delete(key, version),
            False,
            written=[(key, version)],
        )

    def delete_many(self, keys, version=None):
        keys = list(keys)
        return self._guard(
            lambda: super(RedisCache, self).delete_many(keys, version),
            None,
            written=[(key, version) for key in keys],
        )

    def incr(self, key, delta=1, version=None):
        def fail():
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")

        result = self._guard(lambda: super(RedisCache, self).incr(key, delta, version), fail)
        return result() if result is fail else result
