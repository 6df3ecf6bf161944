"""Privacy tools: erasure that keeps the statistics, retention, and the right of access."""

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from itertools import chain

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from contacts.models import Contact, ContactAttachment, MailboxMessage, Person, Referral
from returnportal.email_address import normalise_email
from returnportal.mail.services import email_forget

logger = logging.getLogger(__name__)

ERASED = "—"
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
        case_ids = list(person.cases.values_list("pk", flat=True))
        contacts = Contact.objects.filter(case_id__in=case_ids)
        contact_ids = list(contacts.values_list("pk", flat=True))
        # The addresses they wrote from, which need not be the one on their record, and those
        # of records merged into this one (kept only in those records' history).
        used = set(contacts.exclude(email_address="").values_list("email_address", flat=True))
        merged_history = Person.history.filter(id__in=_merged_into(person))
        used |= set(merged_history.exclude(email="").values_list("email", flat=True))
        addresses = _erase_elsewhere(person, addresses=used)
        merged_history.delete()
        _mailbox_rows(contact_ids=contact_ids, addresses=addresses).update(from_address="", note="")
        attachments_delete(ContactAttachment.objects.filter(contact_id__in=contact_ids))
        # queryset.update() writes no history rows; the old ones are deleted below.
        contacts.exclude(summary="").update(summary=ERASED)
        contacts.filter(_holds_email_text()).update(**EMAIL_TEXT)
        Referral.objects.filter(case_id__in=case_ids).exclude(note="").update(note=ERASED)
        Contact.history.filter(id__in=contact_ids).delete()
        person.history.all().delete()

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


def _erase_elsewhere(person: Person, *, addresses: Iterable[str] = ()) -> set[str]:
    """Erase the person from the workshops, the survey, the outbox and the admin's log.

    `addresses` are other addresses of theirs (the ones they wrote from); returns every
    address of theirs found, for what else holds them.
    """
    from surveys.models import Response
    from surveys.services import response_contact_erase
    from workshops.models import InterestSubscription, Registration
    from workshops.services import registrations_erase

    registrations = Q(person=person)
    responses = Q(person=person)
    if person.email:
        registrations |= Q(email=person.email)
        responses |= Q(contact_email__iexact=person.email)
    registrations = Registration.objects.filter(registrations, erased_at__isnull=True)
    responses = Response.objects.filter(responses, contact_erased_at__isnull=True)
    registration_rows = list(registrations.values_list("pk", "name", "email", "phone"))
    response_rows = list(
        responses.values_list("pk", "contact_name", "contact_email", "contact_phone")
    )

    # What the e-mails may hold: the addresses they went to, and names and numbers inside.
    addresses = {person.email, *addresses} | {
        row[2] for row in chain(registration_rows, response_rows)
    }
    addresses = {normalise_email(a) for a in addresses} - {""}
    mentions = {person.name, str(person.phone or "")}
    if person.phone:
        mentions |= {person.phone.as_international, person.phone.as_national}
    for row in chain(registration_rows, response_rows):
        mentions |= {row[1], str(row[3] or "")}
    mentions = tuple(sorted(m for m in mentions if m))
    for address in sorted(a for a in addresses if a) or [""]:
        email_forget(address=address, mentions=mentions)

    registration_pks = [row[0] for row in registration_rows]
    registrations_erase(registrations=Registration.objects.filter(pk__in=registration_pks))
    response_contact_erase(responses=Response.objects.filter(pk__in=[r[0] for r in response_rows]))
    # "Tell me about the next workshop" lists hold nothing but the address: they go.
    InterestSubscription.objects.filter(email__in=addresses).delete()
    # The admin's log names the objects it changed ("Anna Nowak <anna@…>").
    for model, pks in ((Person, [person.pk]), (Registration, registration_pks)):
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=[str(pk) for pk in pks],
        ).update(object_repr=ERASED)
    return addresses


def person_anonymise_inactive(*, days: int | None = None, now: datetime | None = None) -> int:
    """Anonymise everyone inactive for longer than the retention period; return how many."""
    if days is None:
        days = settings.CONTACTS_RETENTION_DAYS
    before = (now or timezone.now()) - timedelta(days=days)
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


def person_registrations(person: Person):
    """The person's workshop registrations: linked to them, or made with their e-mail."""
    from workshops.models import Registration

    condition = Q(person=person)
    if person.email:
        condition |= Q(email=person.email)
    return Registration.objects.filter(condition).select_related("workshop")


def person_survey_responses(person: Person):
    """Survey responses in which the person agreed to be contacted."""
    from surveys.models import Response

    condition = Q(person=person)
    if person.email:
        condition |= Q(contact_email__iexact=person.email)
    return Response.objects.filter(condition, contact_consent=True).select_related("survey")


def _interest_subscriptions(person: Person):
    from workshops.models import InterestSubscription

    if not person.email:
        return InterestSubscription.objects.none()
    return InterestSubscription.objects.filter(email=person.email).order_by("created_at", "pk")


def person_export(*, person: Person) -> dict:
    """Everything held about the person, JSON-ready (the right of access)."""
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
        "exported_at": timezone.now().isoformat(),
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
        "workshop_registrations": [
            {
                "workshop": registration.workshop.title,
                "starts_at": _iso(registration.workshop.starts_at),
                "status": registration.status,
                "attended": registration.attended,
                "name": registration.name,
                "email": registration.email,
                "phone": str(registration.phone or ""),
                "participant_type": registration.participant_type,
                "company": registration.company,
                "sector": registration.sector,
                "country": str(registration.country or ""),
                "needs": registration.needs,
                "language": registration.language,
                "privacy_notice_version": registration.consent_notice_version,
                "registered_at": _iso(registration.created_at),
                "cancelled_at": _iso(registration.cancelled_at),
            }
            for registration in person_registrations(person).order_by("created_at", "pk")
        ],
        "workshop_interest_lists": [
            {
                "email": subscription.email,
                "topic": subscription.topic,
                "audience": subscription.audience,
                "subscribed_at": _iso(subscription.created_at),
                "unsubscribed_at": _iso(subscription.unsubscribed_at),
            }
            for subscription in _interest_subscriptions(person)
        ],
        "survey_consents": [
            {
                "survey": response.survey.title,
                "submitted_at": _iso(response.submitted_at),
                "language": response.language,
                "name": response.contact_name,
                "email": response.contact_email,
                "phone": response.contact_phone,
                "privacy_notice_version": response.consent_notice_version,
            }
            for response in person_survey_responses(person).order_by("submitted_at", "pk")
        ],
    }
