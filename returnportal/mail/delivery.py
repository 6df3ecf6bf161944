"""Delivering one outbox row over SMTP, exactly once, and what a sent row keeps of itself."""

import re

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from returnportal.mail.models import OutgoingEmail

# What an erased or redacted field says instead.
FORGOTTEN = "—"
# What a sent (or failed) message of a secret kind keeps instead of its text.
REDACTED = gettext_lazy("— redacted: this e-mail held a personal link —")


class OutboxDeliveryError(Exception):
    """The SMTP server did not take the message; the row stays pending for a retry."""


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
