"""Sending e-mail through the outbox, so that no message is lost when the broker or SMTP fails."""

import logging
import re
from dataclasses import dataclass
from datetime import timedelta
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext, gettext_lazy

from returnportal.breaker import breaker_for
from returnportal.mail.models import OutgoingEmail

logger = logging.getLogger(__name__)

# What an erased message's subject and body say instead.
FORGOTTEN = "—"
ERASED_ERROR = "The recipient's data was erased."
# What a forgotten row keeps of its content: nothing that names or reaches anybody.
BLANKED = {
    "to": "",
    "reply_to": "",
    "headers": {},
    "subject": FORGOTTEN,
    "body_text": FORGOTTEN,
    "body_html": "",
    "attachments": [],
}
# What a sent (or failed) message of a secret kind keeps instead of its text.
REDACTED = gettext_lazy("— redacted: this e-mail held a personal link —")


@dataclass(frozen=True)
class Attachment:
    filename: str
    mimetype: str
    content: str


class OutboxDeliveryError(Exception):
    """The SMTP server did not take the message; the row stays pending for a retry."""


class OutboxResendError(Exception):
    """The row cannot be sent again; the message says why, for the person who asked."""


def email_queue(
    *,
    to: str,
    template: str,
    context: dict,
    language: str,
    attachments: tuple[Attachment, ...] = (),
    reply_to: str = "",
    headers: dict[str, str] | None = None,
) -> OutgoingEmail:
    """Write an e-mail into the outbox within the caller's transaction; send it after commit.

    `template` names three templates: `<template>_subject.txt`, `<template>.txt` and
    `<template>.html`, rendered in the recipient's language. `headers` may carry a
    Message-ID (see `make_message_id`), In-Reply-To, References or Auto-Submitted.
    """
    subject, body_text, body_html = email_render(
        template=template, context=context, language=language
    )
    email = OutgoingEmail.objects.create(
        to=to,
        language=language,
        kind=template.rsplit("/", 1)[-1],
        subject=subject[:255],
        body_text=body_text,
        body_html=body_html,
        attachments=[a.__dict__ for a in attachments],
        reply_to=reply_to,
        headers=headers or {},
    )
    transaction.on_commit(lambda: email_enqueue(email_id=email.pk))
    return email


def email_render(*, template: str, context: dict, language: str) -> tuple[str, str, str]:
    """Subject, text and HTML of a message as the recipient will read it (also a preview).

    The HTML gets the subject as its `<title>` and the language as `<html lang>` (from the
    active translation), so that screen readers announce and pronounce it correctly.
    """
    with translation.override(language):
        context = {**context, "SITE_URL": settings.SITE_URL, "PORTAL_NAME": settings.PORTAL_NAME}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body_text = render_to_string(f"{template}.txt", context)
        body_html = render_to_string(f"{template}.html", {**context, "email_subject": subject})
    return subject, body_text, body_html


def list_unsubscribe_headers(*, one_click_url: str) -> dict[str, str]:
    """Headers that give mail clients an "Unsubscribe" button (RFC 2369 and RFC 8058).

    The client POSTs `List-Unsubscribe=One-Click` to the URL, without a cookie or a CSRF token:
    the unguessable token in the URL is the authority. Large mailbox providers require both
    headers on bulk mail.
    """
    return {
        "List-Unsubscribe": f"<{one_click_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def make_message_id(*, tag: str) -> str:
    """A Message-ID of ours: answers quote it in In-Reply-To, which files them on their case."""
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(" >") or "localhost"
    return make_msgid(idstring=tag, domain=domain)


def email_enqueue(*, email_id: int, wait_for_broker: bool = False) -> bool:
    """Hand the row to Celery; with the broker down, leave it pending for the sweep.

    A request skips a broker that has just timed out (its circuit breaker is open) rather than
    wait again; the sweep, which no one waits for, passes `wait_for_broker` and always tries.
    """
    from returnportal.mail.tasks import send_outgoing_email

    eager = send_outgoing_email.app.conf.task_always_eager
    broker = breaker_for(send_outgoing_email.app.conf.broker_url)
    # The broker has just timed out: don't make this request wait on it again.
    if not eager and not wait_for_broker and not broker.allows():
        logger.warning("outbox: broker unavailable; e-mail %s left for the sweep", email_id)
        return False
    try:
        send_outgoing_email.apply_async((email_id,), retry=True)
    except Exception:  # a broker outage must never fail the user's request
        if not eager:
            broker.trip()
        logger.warning(
            "outbox: could not enqueue e-mail %s; the sweep will retry", email_id, exc_info=True
        )
        return False
    return True


def email_deliver(*, email_id: int) -> bool:
    """Send one outbox row if it is still pending; return whether this call sent it.

    The row lock makes a second delivery of the same task wait and then find it sent.
    """
    error: Exception | None = None
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status != OutgoingEmail.Status.PENDING:
            return False
        email.attempts += 1
        email.last_attempt_at = timezone.now()
        try:
            _build_message(email).send()
        except Exception as exc:  # SMTP and socket errors alike: record and retry later
            error = exc
            email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if email.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                email.status = OutgoingEmail.Status.FAILED
        else:
            email.status = OutgoingEmail.Status.SENT
            email.sent_at = email.last_attempt_at
            email.last_error = ""
        fields = ["attempts", "last_attempt_at", "status", "sent_at", "last_error"]
        if email.status != OutgoingEmail.Status.PENDING:
            fields += _redact_personal_link(email)
        email.save(update_fields=fields)
    if error is not None:
        raise OutboxDeliveryError(str(error)) from error
    return True


def email_resend(*, email: OutgoingEmail) -> None:
    """Put a failed row back to pending and enqueue it (the admin's resend action).

    Raises `OutboxResendError` for a redacted row: its body no longer holds the link it was for.
    """
    resent = OutgoingEmail.objects.filter(pk=email.pk, redacted_at__isnull=True).update(
        status=OutgoingEmail.Status.PENDING, attempts=0, last_error=""
    )
    if not resent:
        raise OutboxResendError(
            gettext(
                "This e-mail held a personal link, which the outbox no longer keeps, so it "
                "cannot be sent again. The person can ask for a new link."
            )
        )
    transaction.on_commit(lambda: email_enqueue(email_id=email.pk))


def email_forget(*, address: str, mentions: tuple[str, ...] = ()) -> int:
    """Blank recipient, subject and bodies of the rows sent to `address`; return how many.

    Rows that name the person elsewhere (e.g. a notification to staff holding their name or
    number) are found by `mentions`. Status, attempts and dates stay, so the outbox still
    counts them; a row not yet sent is marked failed, since it has nobody to go to any more.
    """
    address = (address or "").strip()
    rows = Q(pk__in=[])
    if address:
        rows |= Q(to__iexact=address) | Q(reply_to__iexact=address)
    for text in {m.strip() for m in mentions if m and len(m.strip()) >= 3}:
        for variant in {text, escape(text)}:
            rows |= Q(subject__contains=variant)
            rows |= Q(body_text__contains=variant)
            rows |= Q(body_html__contains=variant)
    with transaction.atomic():
        forgotten = OutgoingEmail.objects.filter(rows)
        forgotten.filter(status=OutgoingEmail.Status.PENDING).update(
            status=OutgoingEmail.Status.FAILED
        )
        # An SMTP error may quote the address.
        forgotten.filter(~Q(last_error="") | Q(status=OutgoingEmail.Status.FAILED)).update(
            last_error=ERASED_ERROR
        )
        return forgotten.update(**BLANKED)


def outbox_forget_older_than(*, before) -> int:
    """Blank the content of e-mails sent (or given up) before `before`; the rows stay counted."""
    return (
        OutgoingEmail.objects.filter(created_at__lt=before)
        .exclude(status=OutgoingEmail.Status.PENDING)
        .exclude(to="")
        .update(**BLANKED, last_error="")
    )


def outbox_sweep(*, older_than: timedelta = timedelta(minutes=1)) -> int:
    """Re-enqueue pending rows left untried, e.g. because the broker was down at request time."""
    before = timezone.now() - older_than
    ids = list(OutgoingEmail.objects.stalled(before=before).values_list("pk", flat=True)[:500])
    return sum(email_enqueue(email_id=pk, wait_for_broker=True) for pk in ids)


def _redact_personal_link(email: OutgoingEmail) -> list[str]:
    """Strip the link of a sent or failed row of a secret kind; return the fields changed.

    The subject stays, so the outbox still shows what went out and when.
    """
    fields = []
    if email.kind in settings.OUTBOX_SECRET_KINDS:
        # The note is read in admin, by staff, not by the recipient.
        with translation.override(settings.LANGUAGE_CODE):
            email.body_text = str(REDACTED)
        email.body_html = ""
        email.attachments = []
        email.headers = {k: v for k, v in email.headers.items() if k.lower() == "message-id"}
        fields += ["body_text", "body_html", "attachments", "headers"]
    if email.kind in settings.OUTBOX_FORGET_RECIPIENT_KINDS and email.to:
        # An SMTP error may quote the address.
        email.last_error = re.sub(re.escape(email.to), FORGOTTEN, email.last_error, flags=re.I)
        email.to = ""
        fields += ["to", "last_error"]
    if fields:
        email.redacted_at = timezone.now()
        fields.append("redacted_at")
    return fields


def _build_message(email: OutgoingEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        reply_to=[email.reply_to] if email.reply_to else None,
        headers={
            **email.headers,
            "Content-Language": email.language,
            "X-Outbox-Id": str(email.pk),
        },
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for attachment in email.attachments:
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    return message
