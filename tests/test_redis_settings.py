"""The production settings for Redis, built from a clean environment in a fresh interpreter."""

import json
import os
import subprocess
import sys
import uuid

import pytest
import redis
from django.conf import settings
from django.core.cache import cache

from returnportal.celery import app as celery_app
from tests.conftest import BASE_DIR

DUMP = """
import json
from returnportal import settings as s
print(json.dumps({
    "cache_location": s.CACHES["default"]["LOCATION"],
    "cache_options": s.CACHES["default"].get("OPTIONS", {}),
    "broker_url": s.CELERY_BROKER_URL,
    "transport": s.CELERY_BROKER_TRANSPORT_OPTIONS,
    "connection_timeout": s.CELERY_BROKER_CONNECTION_TIMEOUT,
    "result_backend": getattr(s, "CELERY_RESULT_BACKEND", None),
}))
"""


def production_settings(**env) -> dict:
    clean = {"PATH": os.environ["PATH"], "DJANGO_SECRET_KEY": "x" * 50, **env}
    result = subprocess.run(
        [sys.executable, "-c", DUMP], cwd=BASE_DIR, env=clean, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_every_redis_call_gives_up_within_a_second():
    """Cache, rate limits (the cache) and publishing: connect and socket timeouts under 1 s."""
    values = production_settings(REDIS_URL="redis://redis.internal:6379/0")
    timeouts = {
        "cache connect": values["cache_options"].get("socket_connect_timeout"),
        "cache socket": values["cache_options"].get("socket_timeout"),
        "broker connect": values["transport"].get("socket_connect_timeout"),
        "broker socket": values["transport"].get("socket_timeout"),
        "broker connection": values["connection_timeout"],
    }
    for what, seconds in timeouts.items():
        assert seconds is not None and 0 < seconds < 1, (what, seconds)
    assert values["result_backend"] is None  # no second Redis connection to hang on


@pytest.mark.parametrize(
    ("redis_url", "broker_url"),
    [
        ("redis://redis.internal:6379/0", "redis://redis.internal:6379/1"),
        ("redis://redis.internal:6379/9", "redis://redis.internal:6379/10"),
        ("redis://:secret@redis.internal:6380", "redis://:secret@redis.internal:6380/1"),
    ],
)
def test_the_broker_never_shares_the_cache_database(redis_url, broker_url):
    """A cache flush or eviction never drops queued tasks: the broker is the next database."""
    values = production_settings(REDIS_URL=redis_url)
    assert values["cache_location"] == redis_url
    assert values["broker_url"] == broker_url


def test_an_explicit_broker_url_wins():
    values = production_settings(
        REDIS_URL="redis://cache.internal:6379/0", CELERY_BROKER_URL="redis://queue.internal:6379/0"
    )
    assert values["broker_url"] == "redis://queue.internal:6379/0"


@pytest.mark.django_db
def test_a_cache_flush_keeps_the_queued_tasks(services):
    """Real Redis: a task waits in its queue, the cache is flushed, the task is still queued."""
    queue = f"flush-{uuid.uuid4().hex[:8]}"
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=2)
    try:
        celery_app.send_task("returnportal.mail.tasks.send_outgoing_email", (0,), queue=queue)
        assert broker.llen(queue) == 1
        cache.clear()  # FLUSHDB on the cache's database, as an operator or an eviction might
        assert broker.llen(queue) == 1
    finally:
        celery_app.conf.task_always_eager = saved
        broker.delete(queue, f"_kombu.binding.{queue}")
