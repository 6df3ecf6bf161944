"""Redis stops while people register for workshops and ask questions; nothing is lost."""

import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client

from contacts.models import Case
from returnportal.mail.models import OutgoingEmail
from returnportal.mail.tasks import outbox_sweep
from tests.workshops.factories import WorkshopFactory
from workshops.models import Registration

pytestmark = pytest.mark.services

PEOPLE = 50
CAPACITY = 20


def person(number: int) -> dict:
    return {
        "name": f"Zofia Wiśniewska {number}",
        "email": f"osoba{number}@example.org",
        "ip": f"10.0.{number // 200}.{number % 200 + 1}",
    }


def register(workshop_slug: str, who: dict) -> int:
    """One person registers through the public form (their own client and address)."""
    try:
        client = Client(REMOTE_ADDR=who["ip"], raise_request_exception=False)
        data = {
            "name": who["name"],
            "email": who["email"],
            "phone": "",
            "participant_type": "migrant",
            "country": "IE",
            "needs": "",
            "consent": "on",
        }
        return client.post(f"/workshops/{workshop_slug}/register/", data).status_code
    finally:
        connections.close_all()


def ask(number: int, who: dict) -> int:
    """The same person asks the contact point a question through /contact/."""
    try:
        client = Client(REMOTE_ADDR=who["ip"], raise_request_exception=False)
        data = {
            "name": who["name"],
            "email": who["email"],
            "phone": "",
            "language": "pl",
            "topic": "work",
            "message": "Wracam z Irlandii i szukam pracy w Kielcach. Od czego zacząć?",
            "consent": "on",
            "website": "",
            "form_token": f"outage-{number:04d}-{'x' * 24}",
        }
        return client.post("/contact/", data).status_code
    finally:
        connections.close_all()


def sink_counts(messages) -> Counter:
    """(recipient, kind) for every message the SMTP server accepted."""
    kinds = dict(OutgoingEmail.objects.values_list("pk", "kind"))
    return Counter((str(m["To"]), kinds[int(m["X-Outbox-Id"])]) for m in messages)


def test_nothing_is_lost_while_redis_is_down(redis_server, workers, faulty_smtp):
    """With Redis stopped, 50 people register and ask; every reply goes out once it is back."""
    workers.start(pool="threads", concurrency=4)
    workshops = [WorkshopFactory(capacity=CAPACITY), WorkshopFactory(capacity=CAPACITY)]
    people = [person(number) for number in range(PEOPLE)]

    redis_server.stop()
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=8) as pool:
        registrations = list(
            pool.map(
                lambda n: register(workshops[n % 2].slug, people[n]),
                range(PEOPLE),
            )
        )
        questions = list(pool.map(lambda n: ask(n, people[n]), range(PEOPLE)))
    outage_requests = time.monotonic() - started
    statuses = Counter(registrations + questions)

    # Every request answered cleanly, and every registration and question is saved.
    assert set(statuses) <= {302}, statuses
    assert Registration.objects.count() == PEOPLE
    assert Case.objects.count() == PEOPLE
    for workshop in workshops:
        # Each holds a seat (or a place behind them) until the e-mailed link is opened.
        assert workshop.registrations.taking_seats().count() == CAPACITY
        assert workshop.registrations.pending().count() == PEOPLE // 2
    assert OutgoingEmail.objects.pending().count() == PEOPLE * 3
    assert not faulty_smtp.messages

    redis_server.start()
    back = time.monotonic()
    swept = outbox_sweep(older_than=timedelta(0))
    if swept < PEOPLE * 3:  # a publish failed on a stale connection: the next sweep runs
        time.sleep(1)
        swept += outbox_sweep(older_than=timedelta(0))
    assert swept >= PEOPLE * 3
    faulty_smtp.wait_for(PEOPLE * 3, timeout=60)
    delivered_after = time.monotonic() - back
    first_after = faulty_smtp.arrivals[0] - back
    time.sleep(1)  # a duplicate would arrive meanwhile

    expected = Counter()
    for registration in Registration.objects.all():
        expected[(registration.email, "confirm")] += 1
    for who in people:
        expected[(who["email"], "acknowledgement")] += 1
    expected[(settings.CONTACT_POINT_EMAIL, "new_question")] = PEOPLE
    counts = sink_counts(faulty_smtp.messages)
    assert counts == expected  # none missing, none twice
    assert len({m["X-Outbox-Id"] for m in faulty_smtp.messages}) == PEOPLE * 3
    assert not OutgoingEmail.objects.exclude(status=OutgoingEmail.Status.SENT).exists()
    print(
        f"\n[faults] Redis outage: {len(registrations) + len(questions)} requests in "
        f"{outage_requests:.1f} s, statuses {dict(statuses)}; {swept} e-mails swept, "
        f"{len(faulty_smtp.messages)} delivered {first_after:.1f} to {delivered_after:.1f} s "
        "after Redis returned"
    )
