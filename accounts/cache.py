"""Django's Redis cache with one redis-py client per connection pool, kept, instead of a new
client for every cache call (django.core.cache.backends.redis builds one each time, and its
constructor fills a table of ~170 response callbacks). Every signed-in page reads its session
through this cache (cached_db sessions), so that was paid on every request (issue 9).

A redis-py client holds no state between commands (it takes a connection from its pool for
each) and is thread-safe; Django's caches are per thread anyway."""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class KeptClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients = {}  # pool index → client

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None or client.connection_pool is not pool:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = KeptClientRedisCacheClient
