"""E-mail both ways: replies sent from a case, and the office mailbox filed onto cases."""

import hashlib
import logging
import re
from datetime import timedelta
from email.utils import getaddresses

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from contacts.inbound import InboundMessage, MessageKind, find_case_reference, parse_message
from contacts.models import (
    Case,
    Channel,
    Contact,
    ContactAttachment,
    Direction,
    Language,
    MailboxMessage,
    Person,
    ReplyTemplate,
    Topic,
)
from contacts.services import ContactsError, case_log_contact, case_open
from returnportal.concurrency import created_or_winner
from returnportal.email_address import normalise_email
from returnportal.form_tokens import once
from returnportal.mail.services import email_queue, email_render, make_message_id

logger = logging.getLogger(__name__)

REPLY_TEMPLATE = "contacts/email/reply"
# An e-mail's Date within this window is believed; outside it the import time is used.
DATE_TRUST_WINDOW = timedelta(days=30)


# Replying from a case --------------------------------------------------------------------------
def reply_subject(*, case: Case, subject: str) -> str:
    """The subject with the case reference, once, so the answer finds its way back."""
    subject = " ".join(subject.split())
    if case.reference.lower() in subject.lower():
        return subject[:450]
    return f"{subject[:450]} {case.reference}".strip()


def reply_template_text(*, template: ReplyTemplate, person: Person | None) -> str:
    """A saved answer's text with the person's name filled in."""
    return template.body.replace("{name}", (person.name if person else "") or "").strip()


def _reply_context(*, case: Case, subject: str, body: str, staff) -> dict:
    return {
        "case": case,
        "subject": reply_subject(case=case, subject=subject),
        "body": body.strip(),
        "staff_name": (staff.get_full_name() or staff.get_username()) if staff else "",
        "HOTLINE_NUMBER": settings.HOTLINE_NUMBER,
    }


def case_reply_preview(*, case: Case, subject: str, body: str, language: str, staff) -> dict:
    """The reply exactly as the person will read it, without writing or sending anything."""
    subject, text, _html = email_render(
        template=REPLY_TEMPLATE,
        context=_reply_context(case=case, subject=subject, body=body, staff=staff),
        language=language,
    )
    return {"subject": subject, "text": text}


def _thread_ids(case: Case) -> list[str]:
    """The case's Message-IDs, oldest first, for References (the last ones are enough)."""
    ids = (
        case.contacts.filter(channel=Channel.EMAIL)
        .exclude(message_id="")
        .order_by("occurred_at", "pk")
        .values_list("message_id", flat=True)
    )
    return list(ids)[-20:]


def case_reply_send(
    *, case: Case, staff, subject: str, body: str, language: str, form_token: str = ""
) -> Contact:
    """Send a reply from the case through the outbox and log it as an outgoing e-mail.

    The reply comes from the contact point with Reply-To the office mailbox, the case
    reference in its subject and a Message-ID kept on the contact, so that the answer is
    filed back here. A repeated `form_token` returns the first reply and sends nothing.
    """
    person = case.person
    if person is None or not person.email:
        phone = str(person.phone) if person is not None and person.phone else ""
        if phone:
            raise ContactsError(
                _("This person has no e-mail address. Call them instead: %(phone)s.")
                % {"phone": phone}
            )
        raise ContactsError(
            _("This person has no e-mail address or phone number: add one to the person first.")
        )
    if not body.strip():
        raise ContactsError(_("Write the reply first."))
    if language not in dict(settings.LANGUAGES):
        language = person.language

    def send() -> Contact:
        thread = _thread_ids(case)
        message_id = make_message_id(tag=f"{settings.CASE_REFERENCE_PREFIX.lower()}{case.pk}")
        headers = {"Message-ID": message_id}
        if thread:
            headers["In-Reply-To"] = thread[-1]
            headers["References"] = " ".join(thread)
        context = _reply_context(case=case, subject=subject, body=body, staff=staff)
        with transaction.atomic():  # the outbox row and the logged contact, or neither
            outgoing = email_queue(
                to=person.email,
                template=REPLY_TEMPLATE,
                context=context,
                language=language,
                reply_to=settings.REPLY_TO_EMAIL,
                headers=headers,
            )
            contact = case_log_contact(
                case=case,
                channel=Channel.EMAIL,
                direction=Direction.OUT,
                summary=body,
                staff=staff,
                email_fields={
                    "email_address": person.email,
                    "subject": outgoing.subject[:500],
                    "message_id": message_id,
                    "outgoing_email": outgoing,
                },
            )
            if form_token:
                contact.form_token = form_token
                contact.save(update_fields=["form_token"])
        return contact

    return once(Contact, form_token, send)[0]


# The office mailbox ----------------------------------------------------------------------------
def _own_addresses() -> set[str]:
    values = [settings.DEFAULT_FROM_EMAIL, settings.CONTACT_POINT_EMAIL, settings.REPLY_TO_EMAIL]
    return {normalise_email(address) for _name, address in getaddresses(values) if address}


def _guess_language(text: str) -> str:
    """Polish unless the message reads as English: the reply form starts in this language."""
    sample = text[:2000].lower()
    if re.search(r"[ąćęłńóśźż]", sample):
        return Language.POLISH
    english = len(re.findall(r"\b(the|and|is|are|you|your|would|have|thank|please)\b", sample))
    polish = len(re.findall(r"\b(nie|jest|się|dzień|dobry|proszę|czy|jak|mam|oraz)\b", sample))
    return Language.ENGLISH if english > polish else Language.POLISH


def _occurred_at(message: InboundMessage):
    now = timezone.now()
    if message.date and now - DATE_TRUST_WINDOW <= message.date <= now:
        return message.date
    return now


def _referenced_case(message: InboundMessage) -> Case | None:
    """The case the message answers: by our Message-IDs first, then the subject's reference."""
    ids = [*message.in_reply_to, *reversed(message.references)]
    if ids:
        contact = (
            Contact.objects.filter(message_id__in=ids)
            .select_related("case__person")
            .order_by("-occurred_at")
            .first()
        )
        if contact is not None:
            return contact.case
    number = find_case_reference(message.subject, settings.CASE_REFERENCE_PREFIX)
    if number is not None:
        return Case.objects.select_related("person").filter(pk=number).first()
    return None


def _belongs_to(case: Case, address: str) -> bool:
    """Whether mail from `address` may be filed on the case: the person's, or used on it."""
    if not address:
        return False
    if case.person is not None and case.person.email == address:
        return True
    return case.contacts.filter(email_address__iexact=address).exists()


def _sender(message: InboundMessage) -> Person:
    """The person the address belongs to, or a new one: the message changes nobody's record."""
    person = Person.objects.active().filter(email=message.from_address).first()
    if person is not None:
        return person
    person, _created = created_or_winner(
        lambda: Person.objects.create(
            name=message.from_name[:200],
            email=message.from_address,
            language=_guess_language(message.text),
        ),
        Person.objects.filter(email=message.from_address).first,  # created a moment ago
    )
    return person


def _email_fields(message: InboundMessage) -> dict:
    return {
        "email_address": message.from_address,
        "subject": message.subject[:500],
        "message_id": message.message_id[:255],
        "quoted_text": message.quoted,
    }


def _summary(message: InboundMessage, *, too_large: int = 0) -> str:
    text = message.text.strip()
    notes = []
    if too_large:
        with override(settings.LANGUAGE_CODE):
            notes.append(
                _(
                    "This message (%(size)s MB) was too large to import whole; "
                    "read it in the office mailbox."
                )
                % {"size": round(too_large / 1024 / 1024, 1)}
            )
    if message.skipped_attachments:
        with override(settings.LANGUAGE_CODE):
            notes.append(
                _("Attachments not kept: %(list)s")
                % {"list": "; ".join(message.skipped_attachments[:20])}
            )
    return "\n\n".join(filter(None, [text, *notes])) or "—"


def _save_attachments(contact: Contact, message: InboundMessage) -> None:
    for attachment in message.attachments:
        stored = ContactAttachment(
            contact=contact,
            filename=attachment.filename[:200],
            content_type=attachment.content_type[:100],
            size=len(attachment.content),
        )
        stored.file.save(attachment.filename, ContentFile(attachment.content), save=False)
        stored.save()


def _mark_bounced(message: InboundMessage) -> str:
    """Mark the addresses our replies bounced from as undeliverable; a note for the ledger."""
    ours = Contact.objects.filter(
        direction=Direction.OUT, message_id__in=message.bounced_message_ids
    ).select_related("case__person")
    addresses = {normalise_email(a) for a in message.bounced_recipients}
    people = {}
    for contact in ours:
        person = contact.case.person
        if person is not None and person.email and (not addresses or person.email in addresses):
            people[person.pk] = person
    if not people and addresses:
        # A DSN without the original's Message-ID still names the address we wrote to.
        people = {p.pk: p for p in Person.objects.active().filter(email__in=addresses)}
        people = {
            pk: p
            for pk, p in people.items()
            if Contact.objects.filter(case__person=p, direction=Direction.OUT).exists()
        }
    reason = (message.subject or _("Delivery failure"))[:300]
    Person.objects.filter(pk__in=people).update(
        email_undeliverable_at=timezone.now(), email_undeliverable_reason=reason
    )
    marked = ", ".join(sorted(p.email for p in people.values()))
    return f"undeliverable: {marked}" if marked else "no address of ours matched"


def _file(message: InboundMessage, *, too_large: int) -> tuple[str, Contact | None, str]:
    """Decide what the message is and write it; (outcome, contact, note)."""
    if message.outbox_id or message.from_address in _own_addresses():
        return MailboxMessage.Outcome.LOOP, None, "sent by the portal itself"
    if message.kind == MessageKind.BOUNCE:
        return MailboxMessage.Outcome.BOUNCE, None, _mark_bounced(message)
    if message.kind == MessageKind.AUTO_REPLY:
        return MailboxMessage.Outcome.AUTO_REPLY, None, message.auto_submitted or "auto-reply"
    if message.kind == MessageKind.BULK:
        return MailboxMessage.Outcome.BULK, None, ""
    if not message.from_address:
        return MailboxMessage.Outcome.REJECTED, None, "no sender address"

    occurred_at = _occurred_at(message)
    summary = _summary(message, too_large=too_large)
    case = _referenced_case(message)
    if case is not None and case.person_id is not None and _belongs_to(case, message.from_address):
        contact = case_log_contact(
            case=case,
            channel=Channel.EMAIL,
            direction=Direction.IN,
            summary=summary,
            occurred_at=occurred_at,
            status=Case.Status.OPEN,
            email_fields=_email_fields(message),
        )
        _save_attachments(contact, message)
        return MailboxMessage.Outcome.REPLY, contact, ""

    # A new question, or one naming a case that is not the sender's: a case of its own.
    flag = Case.Flag.NEW_QUESTION if case is None else Case.Flag.UNVERIFIED_REFERENCE
    note = "" if case is None else f"names case {case.pk}, which is not the sender's"
    new_case = case_open(
        person=_sender(message),
        topics=[Topic.OTHER],
        channel=Channel.EMAIL,
        summary=summary,
        occurred_at=occurred_at,
        flag=flag,
        email_fields=_email_fields(message),
    )
    contact = new_case.contacts.get()
    _save_attachments(contact, message)
    return MailboxMessage.Outcome.NEW_CASE, contact, note


def mailbox_file_message(
    *, mailbox: str, uidvalidity: int, uid: int, raw: bytes, size: int | None = None
) -> tuple[MailboxMessage, bool]:
    """File one message from the office mailbox, once; (ledger row, whether filed now).

    `raw` may be the header section alone when the message is over the size limit (`size`
    says how big it is). The ledger row and what the message becomes commit together, so a
    crash before the server is told leaves a row that makes the next run skip the message.
    """
    key = {"mailbox": mailbox[:300], "uidvalidity": uidvalidity, "uid": uid}
    done = MailboxMessage.objects.filter(**key).first()
    if done is not None:
        return done, False
    size = len(raw) if size is None else size
    too_large = size if size > len(raw) else 0
    message = parse_message(
        raw,
        max_attachment_bytes=settings.MAILBOX_ATTACHMENT_MAX_BYTES,
        attachment_types=settings.MAILBOX_ATTACHMENT_TYPES,
    )
    digest = hashlib.sha256(raw).hexdigest()
    try:
        with transaction.atomic():
            record = MailboxMessage.objects.create(
                **key,
                message_id=message.message_id[:255],
                digest=digest,
                from_address=message.from_address[:254],
                size=min(size, 2**31 - 1),
                outcome=MailboxMessage.Outcome.REJECTED,
            )
            twin = (
                MailboxMessage.objects.filter(message_id=message.message_id, digest=digest)
                .exclude(pk=record.pk)
                .exclude(outcome=MailboxMessage.Outcome.REJECTED)  # a failed copy may retry
                .first()
                if message.message_id
                else None
            )
            if twin is not None:
                # The same message again (copied, or the mailbox renumbered): not filed twice.
                outcome, contact, note = (
                    MailboxMessage.Outcome.DUPLICATE,
                    None,
                    f"same as {twin.uidvalidity}/{twin.uid}",
                )
            else:
                outcome, contact, note = _file(message, too_large=too_large)
            problems = "; ".join(message.problems)
            record.outcome = outcome
            record.contact = contact
            record.note = "\n".join(filter(None, [note, problems]))[:4000]
            record.save(update_fields=["outcome", "contact", "note"])
    except IntegrityError:
        done = MailboxMessage.objects.filter(**key).first()
        if done is not None:  # another import took this UID at the same moment
            return done, False
        return _reject(key, message, digest, size, "IntegrityError"), True
    except Exception as exc:
        # One bad message must not stop the ones behind it: it is recorded, not filed.
        logger.exception("mailbox: could not file %s", key)
        return _reject(key, message, digest, size, f"{type(exc).__name__}: {exc}"), True
    return record, True


def _reject(key: dict, message: InboundMessage, digest: str, size: int, error: str):
    return MailboxMessage.objects.create(
        **key,
        message_id=message.message_id[:255],
        digest=digest,
        from_address=message.from_address[:254],
        size=min(size, 2**31 - 1),
        outcome=MailboxMessage.Outcome.REJECTED,
        note=f"could not be filed: {error}"[:4000],
    )


def mailbox_messages_forget(*, before) -> int:
    """Blank who sent ledger rows imported before `before`; the outcomes stay counted."""
    return (
        MailboxMessage.objects.filter(imported_at__lt=before)
        .filter(~Q(from_address="") | ~Q(note=""))
        .update(from_address="", note="")
    )
