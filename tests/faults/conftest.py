"""Fixtures that start, stop and cut real servers: Redis, an SMTP sink, Celery workers, a proxy.

Every server here is a disposable process or thread on a free loopback port, owned by one
test: the machine's own Redis and PostgreSQL are never stopped, flushed or cut.
"""

import asyncio
import contextlib
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from email import message_from_bytes, policy
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis
from aiosmtpd.controller import Controller
from django.db import connection

from returnportal.celery import app as celery_app
from tests.conftest import _reset_broker_pool, _test_database_url, free_port, skip_or_fail

BASE_DIR = Path(__file__).resolve().parents[2]
logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command
# How long a task held by a dead worker stays invisible in the tests' Redis (seconds).
TEST_VISIBILITY_TIMEOUT = 2


def wait_until(predicate, *, timeout: float, interval: float = 0.05, what: str = "condition"):
    """Poll `predicate` until it returns something truthy; fail the test after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


# Redis ----------------------------------------------------------------------------------------
class RedisServer:
    """A redis-server process without persistence on a free port; stop and start at will."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.broker_url = f"redis://127.0.0.1:{self.port}/1"  # as in production: its own db
        self.process: subprocess.Popen | None = None
        self.frozen = False

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self.ping, timeout=10, what=f"redis-server on port {self.port}")

    def freeze(self) -> None:
        """SIGSTOP: the server hangs, as in a partition; connections open but nothing answers."""
        os.kill(self.process.pid, signal.SIGSTOP)
        self.frozen = True

    def thaw(self) -> None:
        if self.frozen and self.process is not None:
            os.kill(self.process.pid, signal.SIGCONT)
        self.frozen = False

    def stop(self) -> None:
        if self.process is None:
            return
        self.thaw()  # a stopped process would not act on SIGTERM
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)
        self.process = None

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, socket_connect_timeout=0.5, socket_timeout=2)

    def ping(self) -> bool:
        try:
            return bool(self.client().ping())
        except redis.RedisError:
            return False


@pytest.fixture
def redis_server(services):
    """A disposable Redis, started for one test and stopped after it."""
    if shutil.which("redis-server") is None:
        skip_or_fail("redis-server is not installed (apt-get install redis-server)")
    server = RedisServer()
    server.start()
    yield server
    server.stop()


# SMTP -----------------------------------------------------------------------------------------
class FaultySmtpSink:
    """An aiosmtpd server that can be stopped and started on its port and can hold a message.

    `hold_next = n` makes the next n messages wait in DATA (the client sits inside its send)
    until `release()`; a held message is then refused with 451, so it is never counted.
    """

    def __init__(self) -> None:
        self.port = free_port()
        self.messages: list = []
        self.arrivals: list[float] = []  # time.monotonic() of each accepted message
        self.hold_next = 0
        self.holding = threading.Event()
        self._release: asyncio.Event | None = None
        self.controller: Controller | None = None

    # aiosmtpd handler
    async def handle_DATA(self, server, session, envelope):
        if self.hold_next > 0:
            self.hold_next -= 1
            self._release = asyncio.Event()
            self.holding.set()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._release.wait(), timeout=60)
            return "451 Try again later"
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        self.arrivals.append(time.monotonic())
        return "250 OK"

    def start(self) -> None:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.release()
            self.controller.stop()
            self.controller = None

    def release(self) -> None:
        if self._release is not None and self.controller is not None:
            self.controller.loop.call_soon_threadsafe(self._release.set)

    def wait_for(self, count: int, timeout: float = 30) -> list:
        wait_until(
            lambda: len(self.messages) >= count,
            timeout=timeout,
            what=f"{count} e-mails in the SMTP sink (got {len(self.messages)})",
        )
        return self.messages


@pytest.fixture
def faulty_smtp(settings):
    """An SMTP sink that tests may stop, start, or make hang; the portal sends to it."""
    sink = FaultySmtpSink()
    sink.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield sink
    sink.stop()


# Celery ---------------------------------------------------------------------------------------
def _next_database(url: str) -> str:
    """Where the portal puts the broker for a REDIS_URL (see returnportal/settings.py)."""
    from returnportal.settings import _next_redis_database

    return _next_redis_database(url)


class Workers:
    """Celery worker processes on the disposable Redis and a queue of their own."""

    def __init__(self, redis_url: str, smtp_port: int) -> None:
        self.redis_url = redis_url
        self.smtp_port = smtp_port
        self.queue = f"faults-{uuid.uuid4().hex[:8]}"
        self.processes: list[subprocess.Popen] = []

    def env(self) -> dict:
        return {
            **os.environ,
            "DATABASE_URL": _test_database_url(),
            "REDIS_URL": self.redis_url,  # the broker: the next database (settings.py)
            "CELERY_QUEUE": self.queue,
            "CELERY_VISIBILITY_TIMEOUT": str(TEST_VISIBILITY_TIMEOUT),
            "EMAIL_URL": f"smtp://127.0.0.1:{self.smtp_port}",
            "DJANGO_DEBUG": "1",
        }

    def start(
        self, *, pool: str = "solo", concurrency: int = 1, wait: bool = True
    ) -> subprocess.Popen:
        number = len(self.processes) + 1
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "returnportal",
            "worker",
            "--pool",
            pool,
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-Q",
            self.queue,
            "-n",
            f"{self.queue}-{number}@%h",
        ]
        if pool != "solo":
            command += ["--concurrency", str(concurrency)]
        process = subprocess.Popen(command, cwd=BASE_DIR, env=self.env())
        self.processes.append(process)
        if wait:
            self.wait_ready(process)
        return process

    def wait_ready(self, process: subprocess.Popen) -> None:
        """The worker has declared its queue in Redis, so it consumes from now on."""
        client = redis.Redis.from_url(_next_database(self.redis_url), socket_connect_timeout=0.5)

        def ready() -> bool:
            if process.poll() is not None:
                pytest.fail(f"the Celery worker exited with {process.returncode}")
            try:
                return bool(client.exists(f"_kombu.binding.{self.queue}"))
            except redis.RedisError:
                return False

        wait_until(ready, timeout=20, what="the Celery worker to consume")

    def children(self, process: subprocess.Popen) -> list[int]:
        """Process ids of a worker's pool processes (from /proc)."""
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == process.pid:
                pids.append(int(entry.name))
        return pids

    def stop_all(self) -> None:
        """Kill what is left: a test's workers hold nothing worth a warm shutdown."""
        for process in self.processes:
            if process.poll() is None:
                process.kill()
        for process in self.processes:
            process.wait(timeout=10)


@pytest.fixture
def portal_on_redis(services, redis_server, settings):
    """This process's cache and broker on the disposable Redis, with the production options.

    The cache keeps the OPTIONS of returnportal/settings.py (its timeouts) and the broker its
    transport options, so a test of a hung Redis tests the production configuration.
    """
    saved = celery_app.conf.broker_url, celery_app.conf.task_always_eager
    celery_app.conf.broker_url = redis_server.broker_url
    celery_app.conf.task_always_eager = False
    _reset_broker_pool()
    # Production needs the same two settings (see returnportal/cache.py): with Django's plain
    # RedisCache, a stopped Redis makes the rate limit and the cache bumps answer 500.
    saved_caches = settings.CACHES
    settings.CACHES = {
        **saved_caches,
        "default": {
            **saved_caches["default"],
            "BACKEND": "returnportal.cache.ResilientRedisCache",
            "LOCATION": redis_server.url,
        },
    }
    settings.RATELIMIT_FAIL_OPEN = True
    try:
        yield redis_server
    finally:
        settings.CACHES = saved_caches
        celery_app.conf.broker_url, celery_app.conf.task_always_eager = saved
        _reset_broker_pool()


@pytest.fixture
def workers(services, transactional_db, portal_on_redis, faulty_smtp):
    """Start Celery workers on the disposable Redis; the tests publish to that Redis too.

    The cache moves to the disposable Redis as well: in production one Redis serves both
    (in two databases), so a Redis outage takes both away at once.
    """
    pool = Workers(portal_on_redis.url, faulty_smtp.port)
    saved_queue = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = pool.queue
    try:
        yield pool
    finally:
        pool.stop_all()
        celery_app.conf.task_default_queue = saved_queue


# PostgreSQL -----------------------------------------------------------------------------------
class TcpProxy:
    """A TCP proxy on a free loopback port in front of PostgreSQL that a test can cut.

    Cut: existing connections are closed and new ones refused, as when the database host
    goes away. Restore: the port listens again and forwards as before.
    """

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = free_port()
        self._listener: socket.socket | None = None
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()
        self.connections = 0

    def start(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return  # the listener was closed: the proxy is cut
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self._lock:
                self._sockets |= {client, upstream}
                self.connections += 1
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                self._close(sock)

    def _close(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.discard(sock)
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()

    def cut(self) -> None:
        if self._listener is not None:
            # shutdown() wakes the thread blocked in accept(); close() alone would not.
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            self._close(sock)

    restore = start


@pytest.fixture
def pg_proxy(services, transactional_db):
    """Route every database connection of this process through a proxy the test can cut."""
    settings_dict = connection.settings_dict  # shared with the live server's threads
    saved = settings_dict["HOST"], settings_dict["PORT"]
    proxy = TcpProxy(saved[0] or "127.0.0.1", int(saved[1] or 5432))
    proxy.start()
    connection.close()
    settings_dict["HOST"], settings_dict["PORT"] = "127.0.0.1", proxy.port
    try:
        yield proxy
    finally:
        connection.close()
        settings_dict["HOST"], settings_dict["PORT"] = saved
        proxy.cut()


@contextlib.contextmanager
def gunicorn(**env):
    """gunicorn in production mode (one sync worker, DJANGO_DEBUG=0) with `env` on top."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "fault-tests-" + uuid.uuid4().hex * 2,
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_LOG_LEVEL": "ERROR",
        **env,
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "tests.faults.wsgi_production:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--timeout",
            "30",
            "--log-level",
            "warning",
        ],
        cwd=BASE_DIR,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"

    def answering() -> bool:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            return False

    try:
        wait_until(answering, timeout=20, what="gunicorn to listen")
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@pytest.fixture
def gunicorn_via_proxy(pg_proxy):
    """gunicorn in production mode (one sync worker, persistent connections) behind the proxy."""
    parts = urlsplit(_test_database_url())
    database_url = urlunsplit(
        parts._replace(
            netloc=f"{parts.username or 'postgres'}@127.0.0.1:{pg_proxy.port}",
            query="conn_max_age=60",  # persistent connections, as in production
        )
    )
    with gunicorn(DATABASE_URL=database_url) as server:
        yield server


@pytest.fixture
def gunicorn_on_redis(services, transactional_db, redis_server):
    """gunicorn in production mode whose cache and broker are the disposable Redis."""
    env = {"REDIS_URL": redis_server.url, "CELERY_BROKER_URL": ""}
    with gunicorn(**env) as server:
        yield server
