"""Redis hangs (SIGSTOP: connections open, nothing answers) instead of refusing.

Every call gives up within the Redis timeout (settings.REDIS_TIMEOUT, under a second), and the
circuit breaker then skips the server, so pages come from the database, forms are saved with
their e-mails pending in the outbox, and /healthz answers 503 naming the parts, all quickly.
"""

import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.core.cache import cache
from django.test import Client

from contacts.models import Case
from returnportal.breaker import COOLDOWN_SECONDS, breaker_for
from returnportal.mail.models import OutgoingEmail
from returnportal.mail.tasks import email_enqueue
from tests.workshops.factories import WorkshopFactory
from workshops.models import Registration

pytestmark = pytest.mark.services

BUDGET = 2.0  # seconds: the longest any request may take while Redis hangs
QUESTIONS = 3


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


@pytest.fixture
def frozen_redis(portal_on_redis, transactional_db):
    """The disposable Redis, frozen by the test; always thawed (and killed) in teardown."""
    breaker_for(portal_on_redis.url).reset()
    try:
        yield portal_on_redis
    finally:
        portal_on_redis.thaw()
        breaker_for(portal_on_redis.url).reset()


def registration_data(email: str) -> dict:
    return {
        "name": "Zofia Wiśniewska",
        "email": email,
        "phone": "",
        "participant_type": "migrant",
        "country": "IE",
        "needs": "",
        "consent": "on",
    }


def question_data(email: str, number: int) -> dict:
    return {
        "name": "Jan Kowalski",
        "email": email,
        "phone": "",
        "language": "pl",
        "topic": "work",
        "message": "Wracam z Irlandii i szukam pracy w Kielcach. Od czego zacząć?",
        "consent": "on",
        "website": "",
        "form_token": f"frozen-{number:04d}-{'x' * 32}",
    }


def test_pages_forms_and_healthz_answer_quickly_while_redis_hangs(frozen_redis):
    """Frozen Redis: pages 200, forms saved with e-mails pending, /healthz 503, each < 2 s."""
    workshop = WorkshopFactory(title="Własna firma po powrocie")
    client = Client(REMOTE_ADDR="10.1.2.3", raise_request_exception=False)
    pages = ["/", "/workshops/", f"/workshops/{workshop.slug}/"]
    for path in pages:  # warm: the fragments are in the cache before it hangs
        assert client.get(path).status_code == 200, path

    frozen_redis.freeze()
    answers = {}
    for path in pages:
        response, seconds = timed(lambda path=path: client.get(path))
        answers[path] = (response.status_code, seconds)
        assert response.status_code == 200, path
        assert seconds < BUDGET, (path, seconds)
    assert workshop.title in client.get(f"/workshops/{workshop.slug}/").content.decode()

    # A publish that times out while the breaker is closed, then the question with it open.
    breaker_for(frozen_redis.url).reset()
    response, seconds = timed(
        lambda: client.post(
            f"/workshops/{workshop.slug}/register/", registration_data("zofia@example.org")
        )
    )
    answers["register"] = (response.status_code, seconds)
    assert response.status_code == 302, response.status_code
    assert seconds < BUDGET, seconds
    assert Registration.objects.filter(email="zofia@example.org").exists()

    # Three questions while the breaker is open: none waits on Redis again (without the
    # breaker each would wait out two publishes and the rate limit's counter).
    started = time.monotonic()
    for number in range(QUESTIONS):
        data = question_data(f"jan{number}@example.org", number)
        response, seconds = timed(lambda data=data: client.post("/contact/", data))
        answers[f"question {number + 1}"] = (response.status_code, seconds)
        assert response.status_code == 302, response.status_code
    questions_seconds = time.monotonic() - started
    assert questions_seconds < BUDGET, questions_seconds
    assert Case.objects.count() == QUESTIONS

    # Every e-mail is kept for the sweep: none went to the frozen broker, none is lost.
    pending = OutgoingEmail.objects.pending()
    assert pending.filter(to="zofia@example.org").exists()
    assert pending.filter(to="jan0@example.org").exists()
    assert pending.count() == OutgoingEmail.objects.count() >= 1 + 2 * QUESTIONS

    response, seconds = timed(lambda: client.get("/healthz"))
    answers["healthz"] = (response.status_code, seconds)
    assert response.status_code == 503
    assert seconds < BUDGET, seconds
    body = response.content.decode()
    assert json.loads(body) == {
        "status": "unavailable",
        "checks": {"database": "ok", "broker": "unavailable", "cache": "unavailable"},
    }
    for name in ("Error", "Timeout", "Exception", "redis"):
        assert name not in body
    slowest = max(seconds for _status, seconds in answers.values())
    print(
        f"\n[faults] Redis frozen (SIGSTOP): slowest answer {slowest:.2f} s; "
        + ", ".join(f"{what} {status} in {secs:.2f} s" for what, (status, secs) in answers.items())
    )


def test_a_cache_call_and_a_publish_give_up_within_the_timeout(frozen_redis):
    """With the breaker closed, one cache read and one publish each end in under a second."""
    frozen_redis.freeze()
    _value, cache_seconds = timed(lambda: cache.get("anything", "miss"))
    assert _value == "miss"
    assert cache_seconds < 1.0, cache_seconds

    row = OutgoingEmail.objects.create(
        to="ktos@example.org", language="pl", subject="Test", body_text="Test"
    )
    breaker_for(frozen_redis.broker_url).reset()
    sent, publish_seconds = timed(lambda: email_enqueue(email_id=row.pk))
    assert sent is False
    # The retry policy allows one reconnect: two attempts, each within the socket timeout.
    assert publish_seconds < 1.5, publish_seconds
    print(
        f"\n[faults] Redis frozen: a cache read gave up in {cache_seconds:.2f} s, "
        f"a publish in {publish_seconds:.2f} s"
    )


def test_the_breaker_skips_a_hung_redis_after_the_first_timeout(frozen_redis):
    """Twenty cache reads cost one timeout, not twenty: the breaker opens after the first."""
    frozen_redis.freeze()
    _values, seconds = timed(lambda: [cache.get(f"k{n}") for n in range(20)])
    assert seconds < 1.0, seconds


def test_the_cache_is_used_again_once_redis_answers(frozen_redis):
    """After the cooldown the first call tries Redis again: a thawed Redis serves the cache."""
    breaker = breaker_for(frozen_redis.url)
    breaker.cooldown = 0.3
    try:
        frozen_redis.freeze()
        cache.set("back", "no")  # times out: the breaker opens
        frozen_redis.thaw()
        cache.set("back", "skipped")  # still open: not sent
        assert cache.get("back") is None
        time.sleep(0.4)
        cache.set("back", "yes")
        assert cache.get("back") == "yes"
    finally:
        breaker.cooldown = COOLDOWN_SECONDS


def fetch(url: str, data: dict | None = None, cookie: str = "") -> tuple[int, str, str]:
    """(status, body, the csrftoken cookie set) for a GET, or a POST of `data`."""
    request = urllib.request.Request(
        url,
        data=urllib.parse.urlencode(data).encode() if data is not None else None,
        headers={"Cookie": cookie} if cookie else {},
    )
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            status, body, headers = response.status, response.read().decode(), response.headers
    except urllib.error.HTTPError as error:
        status, body, headers = error.code, error.read().decode(), error.headers
    token = ""
    for header in headers.get_all("Set-Cookie") or []:
        if header.startswith("csrftoken="):
            token = header.split(";", 1)[0]
    return status, body, token


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_gunicorn_in_production_mode_answers_quickly_while_redis_hangs(
    gunicorn_on_redis, redis_server
):
    """The same under gunicorn with settings from the environment (DJANGO_DEBUG=0, REDIS_URL)."""
    url, process = gunicorn_on_redis
    workshop = WorkshopFactory()
    pages = ["/", "/workshops/", f"/workshops/{workshop.slug}/", "/contact/"]
    for path in pages:
        assert fetch(url + path)[0] == 200, path
    _status, form, cookie = fetch(url + f"/workshops/{workshop.slug}/register/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)

    redis_server.freeze()
    answers = {}
    for path in pages:
        (status, _body, _cookie), seconds = timed(lambda path=path: fetch(url + path))
        answers[path] = (status, seconds)
    data = {**registration_data("ewa@example.org"), "csrfmiddlewaretoken": token}
    (status, _body, _cookie), seconds = timed(
        lambda: fetch(url + f"/workshops/{workshop.slug}/register/", data, cookie)
    )
    answers["register"] = (status, seconds)
    (status, body, _cookie), seconds = timed(lambda: fetch(url + "/healthz"))
    answers["healthz"] = (status, seconds)

    assert {what: status for what, (status, _s) in answers.items()} == {
        **dict.fromkeys(pages, 200),
        "register": 302,
        "healthz": 503,
    }
    slowest = max(seconds for _status, seconds in answers.values())
    assert slowest < BUDGET, answers
    assert json.loads(body)["checks"] == {
        "database": "ok",
        "broker": "unavailable",
        "cache": "unavailable",
    }
    registration = Registration.objects.get(email="ewa@example.org")
    assert OutgoingEmail.objects.pending().filter(to=registration.email).exists()
    assert process.poll() is None
    print(
        f"\n[faults] Redis frozen under gunicorn (DEBUG=0): slowest answer {slowest:.2f} s; "
        + ", ".join(f"{what} {status} in {secs:.2f} s" for what, (status, secs) in answers.items())
    )
