"""Password reset: limited per address and per target, the same answer and work for all."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from returnportal.accounts import tasks
from returnportal.mail.models import OutgoingEmail
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db

URL = "/en/accounts/password-reset/"


def reset(client, email, address="192.0.2.10"):
    return client.post(URL, {"email": email}, REMOTE_ADDR=address)


def test_many_resets_for_one_target_send_at_most_the_limit(
    client, settings, django_capture_on_commit_callbacks
):
    """Ten requests for one staff address from ten addresses: three e-mails (the target
    rate), and every request still answered "sent"."""
    settings.PASSWORD_RESET_TARGET_RATE = "3/h"
    StaffUserFactory(username="clerk", email="clerk@re-turn.example")
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            reset(client, "Clerk@re-turn.example ", address=f"203.0.113.{n}") for n in range(10)
        ]
    assert {(a.status_code, a["Location"]) for a in answers} == {
        (302, "/en/accounts/password-reset/sent/")
    }
    assert OutgoingEmail.objects.filter(to="clerk@re-turn.example").count() == 3


def test_one_address_asking_for_many_targets_is_limited(client, settings):
    settings.PASSWORD_RESET_ADDRESS_RATE = "4/h"
    answers = [reset(client, f"person{n}@example.com").status_code for n in range(6)]
    assert answers == [302] * 4 + [429] * 2
    assert reset(client, "person9@example.com", address="192.0.2.11").status_code == 302


def _request_work(client, monkeypatch, email, address):
    """What one reset request does inside the request: its answer, its SQL, what it publishes."""
    published = []
    monkeypatch.setattr(
        tasks.password_reset_send, "apply_async", lambda args, **kw: published.append(len(args))
    )
    with CaptureQueriesContext(connection) as queries:
        from django.test import TestCase

        with TestCase.captureOnCommitCallbacks(execute=True) as callbacks:
            response = reset(client, email, address=address)
    sql = [q["sql"].split(" WHERE ")[0] for q in queries.captured_queries]
    return response, sql, len(callbacks), published


def test_known_and_unknown_addresses_get_the_same_answer_and_the_same_work(client, monkeypatch):
    """Same status, location and body; the same SQL statements and the same one task
    published: nothing in the request depends on whether the address has an account, so
    neither does its timing (the lookup and the e-mail happen in the task)."""
    StaffUserFactory(username="clerk", email="clerk@re-turn.example")
    known = _request_work(client, monkeypatch, "clerk@re-turn.example", "192.0.2.1")
    unknown = _request_work(client, monkeypatch, "nobody@re-turn.example", "192.0.2.2")
    assert (known[0].status_code, known[0]["Location"], known[0].content) == (
        unknown[0].status_code,
        unknown[0]["Location"],
        unknown[0].content,
    )
    assert known[1] == unknown[1]
    assert known[2:] == unknown[2:] == (1, [2])
    assert not OutgoingEmail.objects.exists()  # nothing written by the request itself


def test_the_task_sends_to_known_addresses_only(django_capture_on_commit_callbacks, mailoutbox):
    from returnportal.accounts.tasks import password_reset_send

    StaffUserFactory(username="clerk", email="clerk@re-turn.example")
    with django_capture_on_commit_callbacks(execute=True):
        assert password_reset_send(email="nobody@re-turn.example", language="en") == 0
        assert password_reset_send(email="clerk@re-turn.example", language="en") == 1
    email = OutgoingEmail.objects.get()
    assert (email.to, email.language) == ("clerk@re-turn.example", "en")
    assert "/en/accounts/reset/" in mailoutbox[0].body
