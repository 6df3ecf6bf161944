"""The SMTP server is down for a while: the worker keeps trying, and every e-mail arrives."""

import time
from collections import Counter

import pytest

from returnportal.mail.models import OutgoingEmail
from tests.faults.conftest import wait_until
from tests.workshops.factories import WorkshopFactory
from workshops.services import registration_create

pytestmark = pytest.mark.services

PEOPLE = 6


def test_every_email_arrives_after_the_smtp_server_returns(redis_server, workers, faulty_smtp):
    """Registrations made while SMTP is down are e-mailed after it returns; the outbox shows the tries."""
    workers.start()
    workshop = WorkshopFactory(capacity=PEOPLE)
    faulty_smtp.stop()
    down_at = time.monotonic()
    for number in range(PEOPLE):
        registration_create(
            workshop_id=workshop.pk,
            name=f"Marek Zieliński {number}",
            email=f"marek{number}@example.org",
            participant_type="migrant",
            language="pl" if number % 2 else "en",
        )

    def retried_with_error() -> bool:
        rows = OutgoingEmail.objects.all()
        return len(rows) == PEOPLE and all(
            row.attempts >= 2 and row.last_error and row.status == OutgoingEmail.Status.PENDING
            for row in rows
        )

    # While the server is away, every row records its failed attempts and the last error.
    wait_until(retried_with_error, timeout=30, what="two failed attempts for every e-mail")
    errors = set(OutgoingEmail.objects.values_list("last_error", flat=True))
    assert all("Connection refused" in error or "ConnectionRefused" in error for error in errors)

    faulty_smtp.start()
    outage = time.monotonic() - down_at
    faulty_smtp.wait_for(PEOPLE, timeout=40)
    delivered_after = time.monotonic() - down_at - outage
    time.sleep(1)  # a duplicate would arrive meanwhile

    counts = Counter(str(message["To"]) for message in faulty_smtp.messages)
    assert counts == Counter(f"marek{number}@example.org" for number in range(PEOPLE))
    rows = list(OutgoingEmail.objects.all())
    assert {row.status for row in rows} == {OutgoingEmail.Status.SENT}
    assert all(row.attempts > 1 for row in rows)
    attempts = sorted(row.attempts for row in rows)
    print(
        f"\n[faults] SMTP outage of {outage:.1f} s: {PEOPLE} e-mails delivered "
        f"{delivered_after:.1f} s after the server returned, attempts per e-mail {attempts}"
    )
