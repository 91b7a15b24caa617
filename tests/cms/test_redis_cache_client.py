"""The Redis cache keeps one client per connection pool instead of one per call."""

from config.cache import RedisCache


def test_every_call_shares_one_client_per_server():
    cache = RedisCache("redis://127.0.0.1:1/0", {})  # no connection is made here
    client = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is client
    assert cache._cache.get_client("some key") is client


def test_each_server_has_its_own_client():
    cache = RedisCache("redis://127.0.0.1:1/0,redis://127.0.0.1:2/0", {})
    writer = cache._cache.get_client(write=True)
    reader = cache._cache.get_client()
    assert writer is not reader
    assert writer.connection_pool.connection_kwargs["port"] == 1
    assert reader.connection_pool.connection_kwargs["port"] == 2
