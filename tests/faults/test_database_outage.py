"""PostgreSQL becomes unreachable under a running site: clear 503 pages, then recovery."""

import json
import time
import urllib.error
import urllib.request

import pytest

from tests.faults.conftest import wait_until
from tests.workshops.factories import WorkshopFactory

pytestmark = pytest.mark.services

PAGES = ["/", "/workshops/", "/contact/", "/en/workshops/"]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_the_site_answers_503_without_the_database_and_recovers(live_server, pg_proxy):
    """Database cut: cached pages still answer, the others are a clear 503, /healthz names the
    database; restored: every page again."""
    workshop, unvisited = WorkshopFactory(), WorkshopFactory()
    pages = [*PAGES, f"/workshops/{workshop.slug}/"]
    for path in pages:
        assert fetch(live_server.url + path)[0] == 200, path
    pages.append(f"/workshops/{unvisited.slug}/")

    pg_proxy.cut()
    answers = {}
    for path in pages:
        status, body = fetch(live_server.url + path)
        answers[path] = status
        # A page the cache can serve alone may still answer; none fails with a 500.
        assert status in (200, 503), path
        if status == 503:
            assert "chwilowo niedostępny" in body or "briefly unavailable" in body
    # The list and the visited workshop come from the cache; the other workshop needs the database.
    assert answers["/workshops/"] == answers[f"/workshops/{workshop.slug}/"] == 200, answers
    assert answers[f"/workshops/{unvisited.slug}/"] == 503, answers
    status, body = fetch(live_server.url + "/healthz")
    assert status == 503
    checks = json.loads(body)["checks"]
    assert checks["database"] == "unavailable"
    assert checks["broker"] == "ok"

    pg_proxy.restore()
    restored_at = time.monotonic()
    wait_until(
        lambda: fetch(live_server.url + f"/workshops/{unvisited.slug}/")[0] == 200,
        timeout=30,
        what="the site to recover",
    )
    recovered_after = time.monotonic() - restored_at
    for path in pages:
        assert fetch(live_server.url + path)[0] == 200, path
    status, body = fetch(live_server.url + "/healthz")
    assert (status, json.loads(body)["checks"]["database"]) == (200, "ok")
    print(
        f"\n[faults] PostgreSQL cut: answers {answers}, healthz 503 ({checks['database']}); "
        f"recovered {recovered_after:.2f} s after it returned, same server process"
    )


def test_gunicorn_keeps_answering_through_a_database_outage(gunicorn_via_proxy, pg_proxy):
    """Production mode under gunicorn: a held connection is cut, pages are 503, then recover."""
    url, process = gunicorn_via_proxy
    workshop, unvisited = WorkshopFactory(), WorkshopFactory()
    pages = [*PAGES, f"/workshops/{workshop.slug}/"]
    for path in pages:
        assert fetch(url + path)[0] == 200, path
    pages.append(f"/workshops/{unvisited.slug}/")
    assert pg_proxy.connections >= 1  # the worker holds a persistent connection

    pg_proxy.cut()
    answers = {}
    for path in pages:
        status, body = fetch(url + path)
        answers[path] = status
        assert status in (200, 503), path
        if status == 503:
            assert "chwilowo niedostępny" in body or "briefly unavailable" in body
    assert answers[f"/workshops/{unvisited.slug}/"] == 503, answers
    status, body = fetch(url + "/healthz")
    assert status == 503
    checks = json.loads(body)["checks"]
    assert checks["database"] == "unavailable"
    assert checks["broker"] == "ok"

    pg_proxy.restore()
    restored_at = time.monotonic()
    wait_until(
        lambda: fetch(url + f"/workshops/{unvisited.slug}/")[0] == 200,
        timeout=30,
        what="gunicorn to recover",
    )
    recovered_after = time.monotonic() - restored_at
    for path in pages:
        assert fetch(url + path)[0] == 200, path
    assert fetch(url + "/healthz")[0] == 200
    assert process.poll() is None  # the same server process, never restarted
    print(
        f"\n[faults] PostgreSQL cut under gunicorn (DEBUG=0, conn_max_age=60): answers {answers}, "
        f"healthz 503 ({checks['database']}); recovered {recovered_after:.2f} s after it returned"
    )
