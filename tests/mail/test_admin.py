import pytest
from django.core import mail

from returnportal.mail.models import OutgoingEmail
from returnportal.mail.services import email_queue
from tests.factories import SuperuserFactory

pytestmark = pytest.mark.django_db


def test_admin_lists_the_outbox_with_status_filter(client):
    """An administrator finds failed e-mails by filtering the outbox."""
    email = email_queue(
        to="failed@example.com",
        template="registration/email/password_reset",
        context={"username": "x", "uid": "MQ", "token": "t"},
        language="pl",
    )
    OutgoingEmail.objects.filter(pk=email.pk).update(status=OutgoingEmail.Status.FAILED)
    client.force_login(SuperuserFactory())
    response = client.get("/admin/mail/outgoingemail/", {"status__exact": "failed"})
    assert response.status_code == 200
    assert "failed@example.com" in response.text


def test_admin_resend_action_sends_a_failed_email(client, django_capture_on_commit_callbacks):
    """The resend action puts a failed row back to pending and delivers it."""
    email = email_queue(
        to="again@example.com",
        template="registration/email/password_reset",
        context={"username": "x", "uid": "MQ", "token": "t"},
        language="en",
    )
    OutgoingEmail.objects.filter(pk=email.pk).update(status=OutgoingEmail.Status.FAILED, attempts=8)
    client.force_login(SuperuserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/mail/outgoingemail/",
            {"action": "resend", "_selected_action": [email.pk]},
        )
    assert response.status_code == 302
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutgoingEmail.Status.SENT, 1)
    assert [m.to for m in mail.outbox] == [["again@example.com"]]
