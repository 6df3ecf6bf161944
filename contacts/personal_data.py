"""A person's data: erasure that keeps the statistics, retention, and the right of access.

The person's record is ours; what other apps hold of them (registrations, survey consents,
e-mails) each app declares in its own `personal_data` module, reached through
`returnportal.personal_data`.
"""

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from contacts.correspondence import mailbox_messages_forget
from contacts.models import Contact, ContactAttachment, MailboxMessage, Person, Referral
from returnportal import personal_data
from returnportal.email_address import normalise_email
from returnportal.personal_data import ERASED, RetentionRule, Traces

logger = logging.getLogger(__name__)

# What an e-mail contact holds beyond its summary (Message-IDs are ours or opaque: they stay,
# so that a message seen again is still recognised).
EMAIL_TEXT = {"subject": "", "email_address": "", "quoted_text": ""}


def person_anonymise(*, person: Person) -> Person:
    """Erase what identifies the person, keeping the rows that count contacts and cases.

    Kept: kind and home county (coarse statistics), cases, contact channels and dates, their
    workshop registrations and survey answers without who gave them, the mailbox ledger's
    outcomes.
    Removed: identity, contact details, free texts, the change history holding them, what
    they gave when registering for workshops or consenting in a survey, the e-mails sent to
    them, the subjects, addresses and quoted history of their e-mails, their attachments
    (the files once the erasure is committed) and who sent the ledger's rows.
    """
    if person.is_anonymised:
        return person
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        personal_data.person_erase_everywhere(person, personal_data.person_traces(person))
        person.name = ""
        person.email = ""
        person.phone = ""
        person.country = ""
        person.time_zone = Person._meta.get_field("time_zone").default
        person.stay_countries = []
        person.months_away = None
        person.return_month = None
        person.return_year = None
        person.email_undeliverable_at = None
        person.email_undeliverable_reason = ""
        person.anonymised_at = timezone.now()
        person.save()
    return person


def _holds_email_text() -> Q:
    return ~Q(subject="") | ~Q(email_address="") | ~Q(quoted_text="")


def _mailbox_rows(*, contact_ids: Iterable[int], addresses: Iterable[str]) -> QuerySet:
    """The import ledger's rows of these contacts, from these addresses, or naming them.

    A bounce's row names the address it bounced from in its note, not in from_address.
    """
    rows = Q(contact_id__in=list(contact_ids))
    for address in sorted({a.strip() for a in addresses if a and a.strip()}):
        rows |= Q(from_address__iexact=address) | Q(note__icontains=address)
    return MailboxMessage.objects.filter(rows)


def attachments_delete(attachments: QuerySet) -> int:
    """Delete attachment rows, and their files once the deletion is committed; how many."""
    names = [name for name in attachments.values_list("file", flat=True) if name]
    count, _by_model = attachments.delete()
    if names:
        storage = ContactAttachment._meta.get_field("file").storage
        transaction.on_commit(lambda: _files_delete(storage, names))
    return count


def _files_delete(storage, names: list[str]) -> None:
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            # The row is gone, so nothing shows the file; the log says what to remove by hand.
            logger.exception("could not delete the attachment file %s", name)


def _merged_into(person: Person) -> list[int]:
    """The pks of the records merged into `person`, directly or through one another."""
    found, frontier = [], [person.pk]
    while frontier:
        frontier = list(
            Person.objects.filter(merged_into_id__in=frontier).values_list("pk", flat=True)
        )
        found += frontier
    return found


def person_anonymise_inactive(*, before: datetime | None = None) -> int:
    """Anonymise everyone inactive since `before` (by default, for longer than
    CONTACTS_RETENTION_DAYS); return how many."""
    if before is None:
        before = timezone.now() - timedelta(days=settings.CONTACTS_RETENTION_DAYS)
    count = 0
    for person in Person.objects.inactive_since(before).only("pk").iterator():
        person_anonymise(person=person)
        count += 1
    return count


def contact_notes_erase(*, before: datetime) -> int:
    """Blank the notes and e-mail texts of contacts older than `before`, in their history
    too, and delete their attachments; how many contacts. The counts stay."""
    held = ~Q(summary="") | _holds_email_text()
    with transaction.atomic():
        # The history keeps no quoted text (it is excluded from it).
        Contact.history.filter(occurred_at__lt=before).filter(
            ~Q(summary="") | ~Q(subject="") | ~Q(email_address="")
        ).update(summary="", subject="", email_address="")
        attachments_delete(ContactAttachment.objects.filter(contact__occurred_at__lt=before))
        return (
            Contact.objects.filter(occurred_at__lt=before)
            .filter(held)
            .update(summary="", **EMAIL_TEXT)
        )


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def person_export(*, person: Person) -> dict:
    """Everything held about the person, JSON-ready (the right of access): our record and
    every app's part."""
    return {
        "exported_at": timezone.now().isoformat(),
        **personal_data.person_export_sections(person),
    }


def _contacts_export(person: Person) -> dict[str, list]:
    cases = list(
        person.cases.all()
        .select_related("assignee")
        .prefetch_related(
            "topic_links", "contacts__staff", "contacts__attachments", "referrals__institution"
        )
        .order_by("created_at", "pk")
    )
    contact_ids = [contact.pk for case in cases for contact in case.contacts.all()]
    used = {contact.email_address for case in cases for contact in case.contacts.all()}
    mailbox = _mailbox_rows(contact_ids=contact_ids, addresses={person.email, *used})
    return {
        "person": {
            "id": person.pk,
            "name": person.name,
            "email": person.email,
            "phone": str(person.phone or ""),
            "preferred_language": person.language,
            "kind": person.kind,
            "country_of_residence": str(person.country or ""),
            "time_zone": person.time_zone,
            "countries_of_stay_abroad": [str(c) for c in person.stay_countries],
            "months_away": person.months_away,
            "return_month": person.return_month,
            "return_year": person.return_year,
            "home_county": person.home_county,
            "created_at": _iso(person.created_at),
            "last_activity_at": _iso(person.last_activity_at),
            "anonymised_at": _iso(person.anonymised_at),
            "email_undeliverable_at": _iso(person.email_undeliverable_at),
            "email_undeliverable_reason": person.email_undeliverable_reason,
        },
        "change_history": [
            {
                "at": _iso(record.history_date),
                "change": record.get_history_type_display(),
                "name": record.name,
                "email": record.email,
                "phone": str(record.phone or ""),
            }
            for record in person.history.order_by("history_date")
        ],
        "consent": {
            "given_at": _iso(person.consent_given_at),
            "channel": person.consent_channel,
            "privacy_notice_version": person.consent_notice_version,
        },
        "cases": [
            {
                "id": case.pk,
                "status": case.status,
                "topics": case.topics,
                "opened_at": _iso(case.created_at),
                "follow_up_on": _iso(case.follow_up_on),
                "contacts": [
                    {
                        "channel": contact.channel,
                        "direction": contact.direction,
                        "occurred_at": _iso(contact.occurred_at),
                        "duration_minutes": contact.duration_minutes,
                        "summary": contact.summary,
                        "email_address": contact.email_address,
                        "subject": contact.subject,
                        "message_id": contact.message_id,
                        "quoted_text": contact.quoted_text,
                        "attachments": [
                            {
                                "filename": attachment.filename,
                                "content_type": attachment.content_type,
                                "size": attachment.size,
                            }
                            for attachment in contact.attachments.all()
                        ],
                    }
                    for contact in sorted(case.contacts.all(), key=lambda c: c.occurred_at)
                ],
                "referrals": [
                    {
                        "institution": referral.institution.name,
                        "note": referral.note,
                        "outcome": referral.outcome,
                        "created_at": _iso(referral.created_at),
                    }
                    for referral in case.referrals.all()
                ],
            }
            for case in cases
        ],
        "mailbox_messages": [
            {
                "imported_at": _iso(message.imported_at),
                "from_address": message.from_address,
                "message_id": message.message_id,
                "size": message.size,
                "outcome": message.outcome,
                "note": message.note,
            }
            for message in mailbox.order_by("imported_at", "pk")
        ],
    }


class ContactsPersonalData(personal_data.PersonalData):
    """The record itself, its cases, contacts, referrals, attachments and mailbox ledger."""

    def traces(self, person: Person) -> Traces:
        contacts = Contact.objects.filter(case__person=person)
        # The addresses they wrote from, which need not be the one on their record, and those
        # of records merged into this one (kept only in those records' history).
        used = set(contacts.exclude(email_address="").values_list("email_address", flat=True))
        merged_history = Person.history.filter(id__in=_merged_into(person))
        used |= set(merged_history.exclude(email="").values_list("email", flat=True))
        mentions = {person.name, str(person.phone or "")}
        if person.phone:
            mentions |= {person.phone.as_international, person.phone.as_national}
        return Traces(
            addresses=frozenset({normalise_email(a) for a in {person.email, *used}} - {""}),
            mentions=personal_data.clean_mentions(mentions),
        )

    def export(self, person: Person) -> dict[str, list]:
        return _contacts_export(person)

    def erase(self, person: Person, traces: Traces) -> None:
        case_ids = list(person.cases.values_list("pk", flat=True))
        contacts = Contact.objects.filter(case_id__in=case_ids)
        contact_ids = list(contacts.values_list("pk", flat=True))
        Person.history.filter(id__in=_merged_into(person)).delete()
        _mailbox_rows(contact_ids=contact_ids, addresses=traces.addresses).update(
            from_address="", note=""
        )
        attachments_delete(ContactAttachment.objects.filter(contact_id__in=contact_ids))
        # queryset.update() writes no history rows; the old ones are deleted below.
        contacts.exclude(summary="").update(summary=ERASED)
        contacts.filter(_holds_email_text()).update(**EMAIL_TEXT)
        Referral.objects.filter(case_id__in=case_ids).exclude(note="").update(note=ERASED)
        Contact.history.filter(id__in=contact_ids).delete()
        person.history.all().delete()
        personal_data.admin_log_forget(Person, [person.pk])


personal_data.register(
    ContactsPersonalData(
        retention=(
            RetentionRule(
                "case_notes",
                "CASE_NOTES_RETENTION_DAYS",
                lambda *, before, now: contact_notes_erase(before=before),
            ),
            RetentionRule(
                "inactive_people",
                "CONTACTS_RETENTION_DAYS",
                lambda *, before, now: person_anonymise_inactive(before=before),
            ),
            RetentionRule(
                "mailbox",
                "MAILBOX_RETENTION_DAYS",
                lambda *, before, now: mailbox_messages_forget(before=before),
            ),
        )
    )
)
