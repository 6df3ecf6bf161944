"""Shared fixtures: the service rule, users in each role, eager Celery, an empty cache, an SMTP
sink, a real worker, Chromium."""

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from aiosmtpd.controller import Controller
from celery._state import _set_task_join_will_block
from django.conf import settings as django_settings
from django.db import connection
from kombu import pools as kombu_pools

from returnportal.celery import app as celery_app
from tests.factories import EditorUserFactory, StaffUserFactory, SuperuserFactory, UserFactory

# pytest-playwright drives the browser from an event loop; the live server's ORM calls are sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

BASE_DIR = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def skip_or_fail(reason: str) -> None:
    """Skip a test that needs a missing service, or fail it when CI requires the services."""
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pytest_configure(config) -> None:
    """Hash passwords with MD5 for the whole run: the real hasher is slow on purpose.

    Users are made (and sign in) in many tests. Nothing here times the hasher: the sign-in
    limits count the backend's calls, the password reset compares the SQL and the tasks.
    """
    django_settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(item.fixturenames)
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items) -> None:
    """Run transactional tests last, with serialized rollback.

    They flush the database, so the rows the data migrations wrote (the roles and their
    permissions) come back through serialized rollback. pytest regroups tests by
    session-scoped parameters (Playwright's browser) after pytest-django's own ordering,
    so the order is set again here, at the end.
    """
    for item in items:
        if _is_transactional(item):
            marker = item.get_closest_marker("django_db")
            kwargs = {**(marker.kwargs if marker else {}), "transaction": True}
            kwargs["serialized_rollback"] = True
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)
    items.sort(key=_is_transactional)


def _replay_role_migrations() -> None:
    """Run again the data migrations that create the roles and grant their permissions."""
    from django.apps import apps as global_apps
    from django.db.migrations import RunPython
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    for migration in loader.disk_migrations.values():
        if "grant_permissions" not in vars(sys.modules[migration.__module__]):
            continue
        for operation in migration.operations:
            if isinstance(operation, RunPython):
                operation.code(global_apps, None)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker) -> None:
    """With --reuse-db (as `make mutate` runs), write the roles again if they are gone.

    A transactional test ends by flushing the database, so a reused one can start without
    the rows the data migrations wrote, and every permission test would fail for that.
    """
    with django_db_blocker.unblock():
        from django.contrib.auth.models import Group

        if not Group.objects.exists():
            _replay_role_migrations()


@pytest.fixture(autouse=True)
def _roles_in_transactional_tests(request) -> None:
    """Make sure the roles exist in transactional tests.

    Serialized rollback restores them, except in browser tests: there Django's connection
    belongs to Playwright's event-loop context, which holds no serialized copy.
    """
    if not _is_transactional(request.node):
        return
    from django.contrib.auth.models import Group

    if not Group.objects.exists():
        _replay_role_migrations()


@pytest.fixture
def services(db) -> None:
    """Require PostgreSQL and Redis (DATABASE_URL and REDIS_URL)."""
    if connection.vendor != "postgresql":
        skip_or_fail("this test needs PostgreSQL (set DATABASE_URL)")
    if not django_settings.REDIS_URL:
        skip_or_fail("this test needs Redis (set REDIS_URL)")


# Users in each role -------------------------------------------------------------------------
@pytest.fixture
def staff_user(db):
    """A contact-point clerk."""
    return StaffUserFactory()


@pytest.fixture
def editor(db):
    """A content editor."""
    return EditorUserFactory()


@pytest.fixture
def superuser(db):
    return SuperuserFactory()


@pytest.fixture
def other_user(db):
    """A signed-in user with no role."""
    return UserFactory()


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture(autouse=True)
def eager_celery():
    """Unit tests run tasks in-process, so no worker on the broker takes the tests' tasks.

    Celery keeps "a join would block" in one process-wide flag that an eager `delay()` sets
    and restores; threads calling `delay()` at once (the concurrency tests) can leave it set,
    and every later `.get()` then fails. mutmut runs its clean tests in the same process right
    after the stats run, so the flag is cleared here for each test.
    """
    _set_task_join_will_block(False)
    saved = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = False
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = saved


@pytest.fixture(autouse=True)
def _empty_cache(settings):
    """Every test starts and ends with an empty cache.

    Nothing leaks from one test into the next: rate-limit counts, lockouts, cached home
    blocks and kiosk slides, and the versions of cached fragments (a flushed version starts
    again from the clock, so no fragment an earlier test cached can match it).
    """
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _no_active_language():
    """Every test starts with no language active: source strings, default-language URLs.

    That is the state the test database's creation leaves (management commands call
    `deactivate_all`). A request through LocaleMiddleware leaves its language active in the
    thread, so without this a test's `reverse()` and messages would depend on the language of
    whichever test ran before it.
    """
    from django.utils import translation

    translation.deactivate_all()
    yield
    translation.deactivate_all()


class SmtpSink:
    """A real SMTP server on loopback that keeps every message it accepts."""

    def __init__(self) -> None:
        self.messages: list = []
        self.refuse_next = 0
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):
        if self.refuse_next > 0:
            self.refuse_next -= 1
            return "451 Try again later"
        from email import message_from_bytes, policy

        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 60) -> list:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        return self.messages


@pytest.fixture
def smtp_sink(settings):
    """An aiosmtpd server that the portal's SMTP backend delivers to."""
    sink = SmtpSink()
    sink.controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield sink
    sink.controller.stop()


def _test_database_url() -> str:
    """DATABASE_URL pointing at the test database pytest-django created."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))


@pytest.fixture
def celery_worker(services, transactional_db, smtp_sink):
    """A real Celery worker process on Redis, on a queue of its own, sending to the SMTP sink."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "CELERY_QUEUE": queue,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_sink.port}",
        "DJANGO_DEBUG": "1",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "returnportal",
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-Q",
            queue,
            "-n",
            f"{queue}@%h",
        ],
        cwd=BASE_DIR,
        env=env,
    )
    saved = celery_app.conf.task_always_eager, celery_app.conf.task_default_queue
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    try:
        _wait_until_ready(process, f"{queue}@{socket.gethostname()}")
        yield process
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = saved
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@contextmanager
def broker_unreachable():
    """Point the publishing side at a closed port, as if Redis were down, then restore it."""
    saved = celery_app.conf.broker_url, celery_app.conf.task_always_eager
    celery_app.conf.broker_url = f"redis://127.0.0.1:{free_port()}/0"
    celery_app.conf.task_always_eager = False
    _reset_broker_pool()
    try:
        yield
    finally:
        celery_app.conf.broker_url, celery_app.conf.task_always_eager = saved
        _reset_broker_pool()


def _reset_broker_pool() -> None:
    """Forget pooled broker connections so the next publish uses the current broker_url."""
    kombu_pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def _wait_until_ready(process: subprocess.Popen, node: str, timeout: float = 120) -> None:
    """Wait until the worker answers a ping: on a busy machine it can take a while to start."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the Celery worker exited with {process.returncode}")
        if celery_app.control.ping(destination=[node], timeout=1.0):
            return
    pytest.fail(f"the Celery worker {node} did not start within {timeout} s")


# Browser tests --------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium with the flags this closed network needs; never a downloaded browser."""
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        skip_or_fail(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }
