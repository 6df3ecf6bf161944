import pytest
from django.core import mail

from returnportal.mail.delivery import OutboxDeliveryError, email_deliver
from returnportal.mail.models import OutgoingEmail
from returnportal.mail.services import Attachment, email_forget, email_queue
from returnportal.mail.tasks import outbox_sweep
from tests.conftest import broker_unreachable

pytestmark = pytest.mark.django_db

TEMPLATE = "registration/email/password_reset"
CONTEXT = {"username": "anna", "uid": "MQ", "token": "abc-123"}


def queue(language: str = "pl", **kwargs) -> OutgoingEmail:
    return email_queue(
        to="anna@example.com", template=TEMPLATE, context=CONTEXT, language=language, **kwargs
    )


def test_queue_writes_a_pending_row_rendered_in_the_recipients_language():
    """The row holds subject, text and HTML in the language asked for."""
    email = queue(language="en")
    assert email.status == OutgoingEmail.Status.PENDING
    assert email.subject == "Choose a new password for the staff workspace"
    assert "/en/accounts/reset/MQ/abc-123/" in email.body_text
    assert "<a href=" in email.body_html


def test_queue_in_polish_renders_polish_text():
    """Polish is rendered from the Polish catalogue."""
    email = queue(language="pl")
    assert "hasło" in email.subject.lower()
    assert "/accounts/reset/MQ/abc-123/" in email.body_text


def test_commit_sends_the_email_and_marks_it_sent(django_capture_on_commit_callbacks):
    """After the transaction commits the task delivers the row once."""
    with django_capture_on_commit_callbacks(execute=True):
        email = queue(attachments=(Attachment("event.ics", "text/calendar", "BEGIN:VCALENDAR"),))
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.attempts == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].attachments[0][0] == "event.ics"


def test_nothing_is_sent_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    """A rolled-back business change leaves no e-mail behind."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queue()
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_delivering_the_same_row_twice_sends_one_email():
    """A duplicated task finds the row sent and does nothing."""
    email = queue()
    assert email_deliver(email_id=email.pk) is True
    assert email_deliver(email_id=email.pk) is False
    assert len(mail.outbox) == 1


def test_refused_smtp_records_the_error_and_a_retry_sends(smtp_sink):
    """When the SMTP server refuses, the row stays pending with the error; the next try sends."""
    smtp_sink.refuse_next = 1
    email = queue()
    with pytest.raises(OutboxDeliveryError):
        email_deliver(email_id=email.pk)
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutgoingEmail.Status.PENDING, 1)
    assert "451" in email.last_error
    assert email_deliver(email_id=email.pk) is True
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == (OutgoingEmail.Status.SENT, 2, "")
    assert len(smtp_sink.wait_for(1)) == 1


def test_row_fails_after_the_maximum_attempts(smtp_sink, settings):
    """A message refused again and again ends as failed, for an administrator to resend."""
    settings.OUTBOX_MAX_ATTEMPTS = 2
    smtp_sink.refuse_next = 5
    email = queue()
    for _ in range(2):
        with pytest.raises(OutboxDeliveryError):
            email_deliver(email_id=email.pk)
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED


def test_broker_down_at_commit_keeps_the_row_pending(django_capture_on_commit_callbacks):
    """An unreachable broker neither raises nor loses the e-mail."""
    with broker_unreachable(), django_capture_on_commit_callbacks(execute=True):
        email = queue()
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.PENDING
    assert mail.outbox == []


def test_sweep_sends_rows_left_pending():
    """The periodic sweep re-enqueues stalled rows, which then go out."""
    email = queue()
    OutgoingEmail.objects.filter(pk=email.pk).update(created_at=email.created_at.replace(year=2020))
    assert outbox_sweep() == 1
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT


def test_forget_blanks_rows_to_the_address_and_keeps_status_and_dates():
    """Rows to the address lose recipient, subject and bodies; status and dates stay."""
    sent = queue()
    OutgoingEmail.objects.filter(pk=sent.pk).update(status=OutgoingEmail.Status.SENT)
    other = email_queue(to="ewa@example.com", template=TEMPLATE, context=CONTEXT, language="pl")
    assert email_forget(address="Anna@Example.com") == 1
    sent.refresh_from_db()
    assert (sent.to, sent.subject, sent.body_text, sent.body_html) == ("", "—", "—", "")
    assert sent.attachments == []
    assert sent.status == OutgoingEmail.Status.SENT
    assert sent.created_at is not None
    other.refresh_from_db()
    assert other.to == "ewa@example.com"


def test_forget_finds_rows_that_mention_the_person_and_stops_pending_ones():
    """A row to someone else naming the person is blanked; an unsent one is not sent later."""
    mention = email_queue(
        to="staff@example.com",
        template=TEMPLATE,
        context={**CONTEXT, "username": "Zażółć O'Brien"},
        language="pl",
    )
    assert email_forget(address="nobody@example.com", mentions=("Zażółć O'Brien", "ab")) == 1
    mention.refresh_from_db()
    assert mention.to == ""
    assert mention.status == OutgoingEmail.Status.FAILED
    assert email_deliver(email_id=mention.pk) is False


def test_forgetting_old_rows_blanks_the_error_and_counts_each_row_once():
    """An SMTP error can quote the address: it goes with the rest; a second run finds nothing."""
    from datetime import timedelta

    from django.utils import timezone

    from returnportal.mail.services import outbox_forget_older_than

    email = queue()
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingEmail.Status.FAILED,
        last_error="SMTPRecipientsRefused: 550 anna@example.com: no such user",
        created_at=timezone.now() - timedelta(days=100),
    )
    before = timezone.now() - timedelta(days=90)
    assert outbox_forget_older_than(before=before) == 1
    email.refresh_from_db()
    assert (email.to, email.last_error, email.status) == ("", "", OutgoingEmail.Status.FAILED)
    assert outbox_forget_older_than(before=before) == 0


def test_the_sweep_leaves_a_fresh_row_to_its_own_task():
    """A row queued a moment ago is its task's to send; only rows older than a minute are swept."""
    queue()
    assert outbox_sweep() == 0


def test_an_enqueue_failure_is_reported_and_logged_with_the_row(caplog):
    """With the broker down email_enqueue says so (the sweep counts on it) and logs which row."""
    import logging

    from returnportal.mail.tasks import email_enqueue

    email = queue()
    with broker_unreachable(), caplog.at_level(logging.WARNING):
        assert email_enqueue(email_id=email.pk) is False
    [record] = [r for r in caplog.records if "could not enqueue" in r.getMessage()]
    assert record.getMessage() == (
        f"outbox: could not enqueue e-mail {email.pk}; the sweep will retry"
    )
    assert record.exc_info and record.exc_info[0] is not None  # the broker's error is kept


def test_a_redacted_row_is_not_resent_and_the_reason_is_given():
    """Resending a row whose personal link was stripped is refused with a message for staff."""
    from django.utils import timezone

    from returnportal.mail.services import OutboxResendError, email_resend

    email = queue(language="en")
    OutgoingEmail.objects.filter(pk=email.pk).update(redacted_at=timezone.now())
    from django.utils import translation

    with translation.override("en"), pytest.raises(OutboxResendError) as refused:
        email_resend(email=email)
    assert str(refused.value) == (
        "This e-mail held a personal link, which the outbox no longer keeps, so it "
        "cannot be sent again. The person can ask for a new link."
    )


def test_forget_finds_replies_to_the_address_and_ignores_too_short_mentions():
    """A notice whose Reply-To is the person goes; a 3-letter name is searched for, a
    2-letter one is not (it would blank unrelated e-mails)."""
    notice = email_queue(
        to="staff@example.com",
        template=TEMPLATE,
        context=CONTEXT,
        language="pl",
        reply_to="anna@example.com",
    )
    named = email_queue(
        to="x@example.com", template=TEMPLATE, context={**CONTEXT, "username": "Qiu"}, language="pl"
    )
    unrelated = email_queue(
        to="ewa@example.com", template=TEMPLATE, context=CONTEXT, language="pl"
    )  # its link holds "abc-123"
    assert email_forget(address="Anna@example.com", mentions=("ab", " Qiu ")) == 2
    for row in (notice, named, unrelated):
        row.refresh_from_db()
    assert (notice.to, notice.reply_to, named.to) == ("", "", "")
    assert unrelated.to == "ewa@example.com"


def test_forget_marks_the_error_only_of_rows_not_sent():
    """A stopped or failed row says its data was erased; a sent row keeps its empty error."""
    from returnportal.mail.services import ERASED_ERROR

    sent, pending, failed = queue(), queue(), queue()
    OutgoingEmail.objects.filter(pk=sent.pk).update(status=OutgoingEmail.Status.SENT)
    OutgoingEmail.objects.filter(pk=failed.pk).update(
        status=OutgoingEmail.Status.FAILED, last_error="550 anna@example.com unknown"
    )
    assert email_forget(address="anna@example.com") == 3
    for row in (sent, pending, failed):
        row.refresh_from_db()
    assert (sent.status, sent.last_error) == (OutgoingEmail.Status.SENT, "")
    assert (pending.status, pending.last_error) == (OutgoingEmail.Status.FAILED, ERASED_ERROR)
    assert failed.last_error == ERASED_ERROR
