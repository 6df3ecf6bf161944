"""Benchmark: 50 clients register at once against gunicorn on PostgreSQL (`make bench`).

Reports registrations per second, the median and 99th-percentile latency of the registration
POST, and checks that nobody was overbooked. Not part of the default suite (tests/perf is
ignored by addopts); needs DATABASE_URL pointing at PostgreSQL. With REDIS_URL set the outbox
publishes to its own throw-away queue (no worker takes it); without it, mail goes to a dummy
backend in-process.
"""

import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import skip_or_fail
from tests.workshops.factories import WorkshopFactory
from workshops.models import Registration

BASE_DIR = Path(__file__).resolve().parents[2]
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "50"))
PER_CLIENT = int(os.environ.get("BENCH_REGISTRATIONS_PER_CLIENT", "10"))
CAPACITY = int(os.environ.get("BENCH_CAPACITY", "100"))
WORKERS = os.environ.get("BENCH_WORKERS", "4")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{urllib.parse.quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}?conn_max_age=60"


@pytest.fixture
def gunicorn(transactional_db):
    """gunicorn serving the test database, with production settings."""
    if connection.vendor != "postgresql":
        skip_or_fail("the benchmark needs PostgreSQL (set DATABASE_URL)")
    queue = f"bench-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "benchmark-only-" + uuid.uuid4().hex * 2,
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_LOG_LEVEL": "WARNING",
        "EMAIL_URL": "dummymail://",
        "CELERY_QUEUE": queue,
        # One address sends every request here: the per-address limit would refuse most.
        "RATELIMIT_ENABLE": "0",
    }
    if not settings.REDIS_URL:
        env.pop("REDIS_URL", None)
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
    )
    port = free_port()
    process = subprocess.Popen(
        [
            str(Path(python).with_name("gunicorn")),
            "returnportal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            WORKERS,
            "--log-level",
            "warning",
        ],
        cwd=BASE_DIR,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/en/workshops/", timeout=2)
                break
            except OSError:  # not listening yet, or still starting its workers
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        if settings.REDIS_URL:
            import redis

            redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(queue)  # the queue's db


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def client_run(
    base: str,
    slug: str,
    client: int,
    start: threading.Barrier,
    latencies: list,
    errors: list,
    per_client: int = PER_CLIENT,
) -> None:
    """One visitor: load the form once, then (all at once) register `per_client` people."""
    opener = urllib.request.build_opener(NoRedirect)
    url = f"{base}/en/workshops/{slug}/register/"
    page = opener.open(url, timeout=30)
    cookie = re.search(r"csrftoken=([^;]+)", page.headers.get("Set-Cookie", "")).group(1)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.read()).group(1)
    start.wait()
    for n in range(per_client):
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token.decode(),
                "name": f"Client {client} person {n}",
                "email": f"c{client}-{n}@example.org",
                "participant_type": "migrant",
                "consent": "on",
            }
        ).encode()
        request = urllib.request.Request(url, data=body, headers={"Cookie": f"csrftoken={cookie}"})
        started = time.perf_counter()
        try:
            opener.open(request, timeout=30)
            status = 200
        except urllib.error.HTTPError as exc:
            status = exc.code
        latencies.append(time.perf_counter() - started)
        if status != 302:
            errors.append(status)


def confirm_run(
    base: str, tokens: list[str], start: threading.Barrier, latencies: list, errors: list
) -> None:
    """One visitor's people open their e-mailed links and (all at once) press "confirm"."""
    opener = urllib.request.build_opener(NoRedirect)
    page = opener.open(f"{base}/en/registrations/{tokens[0]}/confirm/", timeout=30)
    cookie = re.search(r"csrftoken=([^;]+)", page.headers.get("Set-Cookie", "")).group(1)
    csrf = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.read()).group(1)
    start.wait()
    for token in tokens:
        request = urllib.request.Request(
            f"{base}/en/registrations/{token}/confirm/",
            data=urllib.parse.urlencode({"csrfmiddlewaretoken": csrf.decode()}).encode(),
            headers={"Cookie": f"csrftoken={cookie}"},
        )
        started = time.perf_counter()
        try:
            opener.open(request, timeout=30)
            status = 200
        except urllib.error.HTTPError as exc:
            status = exc.code
        latencies.append(time.perf_counter() - started)
        if status != 302:
            errors.append(status)


def confirmation_burst(base: str, workshop, *, clients: int) -> dict:
    """Every pending registration confirmed by its link, `clients` visitors at once."""
    tokens = list(workshop.registrations.pending().values_list("token", flat=True))
    shares = [tokens[i::clients] for i in range(clients) if tokens[i::clients]]
    latencies: list[float] = []
    errors: list[int] = []
    start = threading.Barrier(len(shares) + 1)
    threads = [
        threading.Thread(target=confirm_run, args=(base, share, start, latencies, errors))
        for share in shares
    ]
    for thread in threads:
        thread.start()
    start.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {"requests": len(latencies), "rps": len(latencies) / elapsed, "errors": len(errors)}


def registration_burst(
    base: str, workshop, *, clients: int = CLIENTS, per_client: int = PER_CLIENT
) -> dict:
    """`clients` visitors register `per_client` people each, all at once; the figures."""
    latencies: list[float] = []
    errors: list[int] = []
    start = threading.Barrier(clients + 1)
    threads = [
        threading.Thread(
            target=client_run,
            args=(base, workshop.slug, i, start, latencies, errors, per_client),
        )
        for i in range(clients)
    ]
    for thread in threads:
        thread.start()
    start.wait()  # every client has its form; the clock measures the registrations only
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    # Public registrations hold seats until confirmed: then everybody confirms at once.
    held = workshop.registrations.taking_seats().count()
    confirmations = confirmation_burst(base, workshop, clients=clients)
    return {
        "held": held,
        "confirmations": confirmations["requests"],
        "confirm_rps": confirmations["rps"],
        "confirm_errors": confirmations["errors"],
        "clients": clients,
        "per_client": per_client,
        "requests": len(latencies),
        "seconds": elapsed,
        "rps": len(latencies) / elapsed,
        "median": statistics.median(latencies),
        "p99": latencies[max(int(len(latencies) * 0.99) - 1, 0)],
        "errors": len(errors),
        "capacity": workshop.capacity,
        "confirmed": workshop.registrations.confirmed().count(),
        "waiting": workshop.registrations.filter(status=Registration.Status.WAITING).count(),
    }


def test_fifty_clients_register_without_overbooking(gunicorn):
    """50 concurrent clients register, then all confirm by their links: exactly CAPACITY seats."""
    workshop = WorkshopFactory(capacity=CAPACITY)
    result = registration_burst(gunicorn, workshop)
    print(
        f"\nworkshop registration benchmark: {CLIENTS} clients x {PER_CLIENT} registrations, "
        f"{WORKERS} gunicorn workers, capacity {CAPACITY}\n"
        f"  registrations/s: {result['rps']:.1f} ({result['requests']} in "
        f"{result['seconds']:.2f} s)\n"
        f"  latency median: {result['median'] * 1000:.1f} ms, "
        f"p99: {result['p99'] * 1000:.1f} ms\n"
        f"  seats held before confirming: {result['held']}; {result['confirmations']} "
        f"confirmations at {result['confirm_rps']:.1f}/s, errors: {result['confirm_errors']}\n"
        f"  confirmed: {result['confirmed']} (capacity {CAPACITY}), "
        f"waiting: {result['waiting']}, errors: {result['errors']}"
    )
    assert result["errors"] == result["confirm_errors"] == 0
    assert result["held"] == CAPACITY
    assert result["confirmations"] == CLIENTS * PER_CLIENT
    assert result["confirmed"] == CAPACITY
    assert result["confirmed"] + result["waiting"] == CLIENTS * PER_CLIENT
