"""The outbox on the real services: PostgreSQL, Redis, a Celery worker process, an SMTP sink."""

import time

import pytest
from django.db import transaction

from returnportal.mail.models import OutgoingEmail
from returnportal.mail.services import email_queue
from returnportal.mail.tasks import email_enqueue, outbox_sweep
from tests.conftest import broker_unreachable

CONTEXT = {"username": "jan", "uid": "MQ", "token": "t-1"}


def wait_until_sent(email: OutgoingEmail, timeout: float = 15) -> OutgoingEmail:
    """The sink has the message a moment before the worker commits the row as sent."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        email.refresh_from_db()
        if email.status == OutgoingEmail.Status.SENT:
            break
        time.sleep(0.1)
    return email


def queue(to: str) -> OutgoingEmail:
    with transaction.atomic():
        return email_queue(
            to=to, template="registration/email/password_reset", context=CONTEXT, language="en"
        )


def test_a_worker_delivers_mail_to_the_smtp_sink(celery_worker, smtp_sink):
    """An e-mail queued in a transaction is sent by the worker after commit."""
    email = queue("worker@example.com")
    messages = smtp_sink.wait_for(1)
    assert [m["To"] for m in messages] == ["worker@example.com"]
    assert wait_until_sent(email).status == OutgoingEmail.Status.SENT


def test_mail_queued_while_the_broker_is_down_goes_out_when_it_is_back(celery_worker, smtp_sink):
    """Broker unreachable at request time: the row waits, and the sweep sends it later."""
    with broker_unreachable():
        email = queue("outage@example.com")
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.PENDING
    OutgoingEmail.objects.filter(pk=email.pk).update(created_at=email.created_at.replace(year=2020))
    assert outbox_sweep() == 1
    assert [m["To"] for m in smtp_sink.wait_for(1)] == ["outage@example.com"]


def test_the_same_row_enqueued_twice_is_sent_once(celery_worker, smtp_sink):
    """Duplicate tasks for one row deliver one message."""
    email = queue("twice@example.com")
    email_enqueue(email_id=email.pk)
    email_enqueue(email_id=email.pk)
    smtp_sink.wait_for(1)
    time.sleep(3)  # the duplicates run meanwhile; each must find the row sent
    assert len(smtp_sink.messages) == 1
    assert wait_until_sent(email).attempts == 1


def test_a_refusing_smtp_server_is_retried_by_the_worker(celery_worker, smtp_sink):
    """The worker retries with backoff until the SMTP server accepts."""
    smtp_sink.refuse_next = 1
    email = queue("retry@example.com")
    assert [m["To"] for m in smtp_sink.wait_for(1, timeout=30)] == ["retry@example.com"]
    wait_until_sent(email)
    assert (email.status, email.attempts) == (OutgoingEmail.Status.SENT, 2)


pytestmark = pytest.mark.services
