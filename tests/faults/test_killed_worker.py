"""A worker killed with SIGKILL inside an SMTP send: the e-mail still arrives, exactly once.

The SMTP sink holds the first message in DATA, so the worker sits inside `send()` with the
task unacknowledged and the outbox row locked; then the test kills it.
"""

import os
import runpy
import signal
import time
from datetime import timedelta

import pytest
from django.db import transaction

from returnportal.mail.models import OutgoingEmail
from returnportal.mail.services import email_queue
from returnportal.mail.tasks import outbox_sweep
from tests.faults.conftest import BASE_DIR, TEST_VISIBILITY_TIMEOUT, wait_until

pytestmark = pytest.mark.services

SETTINGS_LINE = (
    'CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] = '
    'env.int("CELERY_VISIBILITY_TIMEOUT", default=3 * 3600)'
)


def queue(to: str) -> OutgoingEmail:
    with transaction.atomic():
        return email_queue(
            to=to,
            template="registration/email/password_reset",
            context={"username": "jan", "uid": "MQ", "token": "t-1"},
            language="pl",
        )


def stuck_in_send(sink, to: str) -> tuple[OutgoingEmail, float]:
    """Queue one e-mail and wait until the worker is inside its SMTP DATA for it."""
    sink.hold_next = 1
    email = queue(to)
    wait_until(sink.holding.is_set, timeout=20, what="the worker to start sending")
    return email, time.monotonic()


def assert_delivered_once(sink, email: OutgoingEmail, to: str) -> None:
    sink.wait_for(1, timeout=30)
    time.sleep(1.5)  # a duplicate would arrive meanwhile
    assert [str(message["To"]) for message in sink.messages] == [to]
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT


def test_a_killed_pool_process_has_its_task_redelivered(redis_server, workers, faulty_smtp):
    """SIGKILL on the pool process: the worker rejects the task back to the queue; sent once."""
    worker = workers.start(pool="prefork")
    email, stuck_at = stuck_in_send(faulty_smtp, "kill-child@example.org")
    (child,) = workers.children(worker)
    os.kill(child, signal.SIGKILL)
    faulty_smtp.release()
    assert_delivered_once(faulty_smtp, email, "kill-child@example.org")
    print(
        f"\n[faults] pool process SIGKILLed in send: delivered once, "
        f"{time.monotonic() - stuck_at:.1f} s after the kill"
    )


def test_a_killed_worker_is_covered_by_the_outbox_sweep(redis_server, workers, faulty_smtp):
    """SIGKILL on the whole worker: the row is still pending, the sweep and a new worker send it once."""
    worker = workers.start(pool="solo")
    email, stuck_at = stuck_in_send(faulty_smtp, "kill-sweep@example.org")
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    faulty_smtp.release()
    # The dead worker's transaction rolled back: the row is pending and untouched.
    wait_until(
        lambda: OutgoingEmail.objects.filter(pk=email.pk, attempts=0, status="pending").exists(),
        timeout=10,
        what="the killed worker's transaction to roll back",
    )
    workers.start(pool="solo")
    assert outbox_sweep(older_than=timedelta(0)) == 1
    assert_delivered_once(faulty_smtp, email, "kill-sweep@example.org")
    print(
        f"\n[faults] worker SIGKILLed in send, outbox sweep: delivered once, "
        f"{time.monotonic() - stuck_at:.1f} s after the kill"
    )


def visibility_timeout_follows_the_environment() -> bool:
    """Whether settings read the visibility timeout from CELERY_VISIBILITY_TIMEOUT."""
    saved = os.environ.get("CELERY_VISIBILITY_TIMEOUT")
    os.environ["CELERY_VISIBILITY_TIMEOUT"] = "7"
    try:
        namespace = runpy.run_path(str(BASE_DIR / "returnportal" / "settings.py"))
    finally:
        if saved is None:
            del os.environ["CELERY_VISIBILITY_TIMEOUT"]
        else:
            os.environ["CELERY_VISIBILITY_TIMEOUT"] = saved
    return namespace["CELERY_BROKER_TRANSPORT_OPTIONS"].get("visibility_timeout") == 7


def test_a_killed_worker_task_comes_back_to_a_new_worker(redis_server, workers, faulty_smtp):
    """SIGKILL on the whole worker: after the visibility timeout a new worker gets the task."""
    # Settings read it today; were that lost, this test must fail, not skip.
    assert visibility_timeout_follows_the_environment(), (
        f"needs a short visibility timeout from the environment: {SETTINGS_LINE}"
    )
    worker = workers.start(pool="solo")
    email, stuck_at = stuck_in_send(faulty_smtp, "kill-worker@example.org")
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    faulty_smtp.release()
    # A new worker restores unacknowledged tasks older than the visibility timeout at start.
    time.sleep(max(0.0, stuck_at + TEST_VISIBILITY_TIMEOUT + 0.5 - time.monotonic()))
    workers.start(pool="solo")
    assert_delivered_once(faulty_smtp, email, "kill-worker@example.org")
    assert outbox_sweep(older_than=timedelta(0)) == 0  # nothing left pending
    print(
        f"\n[faults] worker SIGKILLed in send, redelivered after the visibility timeout: "
        f"delivered once, {time.monotonic() - stuck_at:.1f} s after the kill"
    )
