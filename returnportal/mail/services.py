"""Sending e-mail through the outbox, so that no message is lost when the broker or SMTP fails."""

from dataclasses import dataclass
from email.utils import make_msgid

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from returnportal.mail.delivery import FORGOTTEN
from returnportal.mail.models import OutgoingEmail
from returnportal.mail.tasks import email_enqueue

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


@dataclass(frozen=True)
class Attachment:
    filename: str
    mimetype: str
    content: str


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
