"""accounts/cache.py: Django's Redis cache, one client per pool kept between calls."""

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCacheClient

from accounts.cache import KeptClientRedisCacheClient, RedisCache

pytestmark = pytest.mark.skipif(not settings.REDIS_URL, reason="Redis only with REDIS_URL")


def test_the_default_cache_keeps_its_client():
    cache = caches["default"]
    assert isinstance(cache, RedisCache)
    client = cache._cache.get_client("k")
    assert cache._cache.get_client("other") is client
    assert cache._cache.get_client("k", write=True) is client  # one server: one pool
    cache.set("nav-test-key", {"a": 1}, 30)
    assert cache.get("nav-test-key") == {"a": 1}
    assert cache.delete("nav-test-key")
    assert cache.get("nav-test-key", "gone") == "gone"


def test_one_client_per_pool():
    servers = [settings.REDIS_URL, settings.REDIS_URL]
    client = KeptClientRedisCacheClient(servers)
    plain = RedisCacheClient(servers)
    assert plain.get_client() is not plain.get_client()  # what Django does
    write, read = client.get_client(write=True), client.get_client(write=False)
    assert write is not read  # a reader's pool is another server's
    assert write.connection_pool is client._pools[0] and read.connection_pool is client._pools[1]
    assert client.get_client(write=True) is write and client.get_client() is read
