"""Two workers delivering the same outbox row at the same moment send it once (real PostgreSQL)."""

import asyncio
import threading

import pytest
from django.db import connection

from returnportal.mail.delivery import email_deliver
from returnportal.mail.models import OutgoingEmail
from returnportal.mail.services import email_render

pytestmark = pytest.mark.django_db(transaction=True)

TEMPLATE = "registration/email/password_reset"
CONTEXT = {"username": "anna", "uid": "MQ", "token": "abc-123"}
ROWS = 3


def pending_row(to: str) -> OutgoingEmail:
    """A pending row as email_queue writes it, without the on-commit send (eager in tests)."""
    subject, text, html = email_render(template=TEMPLATE, context=CONTEXT, language="en")
    return OutgoingEmail.objects.create(
        to=to, language="en", kind="password_reset", subject=subject, body_text=text, body_html=html
    )


def slow_down(sink, seconds: float) -> None:
    """Make the sink answer DATA late, so the first sender holds its transaction open."""
    accept = sink.handle_DATA

    async def handle_data(server, session, envelope):
        await asyncio.sleep(seconds)
        return await accept(server, session, envelope)

    sink.handle_DATA = handle_data


def deliver_at_once(email_id: int, workers: int = 2) -> list[bool]:
    """Call email_deliver for one row from `workers` threads released together."""
    barrier = threading.Barrier(workers)
    results: list[bool] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait(timeout=10)
            results.append(email_deliver(email_id=email_id))
        except BaseException as exc:  # reported by the test thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    return results


def test_two_workers_on_the_same_row_send_exactly_one_email(services, smtp_sink):
    """The row lock makes the second worker wait, then find the row sent and do nothing."""
    slow_down(smtp_sink, 0.4)
    for number in range(ROWS):
        email = pending_row(f"anna{number}@example.com")
        assert sorted(deliver_at_once(email.pk)) == [False, True]
        email.refresh_from_db()
        assert (email.status, email.attempts) == (OutgoingEmail.Status.SENT, 1)
    messages = smtp_sink.wait_for(ROWS, timeout=5)
    assert sorted(m["To"] for m in messages) == [f"anna{n}@example.com" for n in range(ROWS)]
