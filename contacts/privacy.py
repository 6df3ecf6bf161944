"""Privacy tools: erasure that keeps the statistics, retention, and the right of access."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from contacts.models import Contact, Person, Referral

ERASED = "—"


def person_anonymise(*, person: Person) -> Person:
    """Erase what identifies the person, keeping the rows that count contacts and cases.

    Kept: kind and home county (coarse statistics), cases, contact channels and dates.
    Removed: identity, contact details, free texts, and the change history holding them.
    """
    if person.is_anonymised:
        return person
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        case_ids = list(person.cases.values_list("pk", flat=True))
        contacts = Contact.objects.filter(case_id__in=case_ids)
        contact_ids = list(contacts.values_list("pk", flat=True))
        # queryset.update() writes no history rows; the old ones are deleted below.
        contacts.exclude(summary="").update(summary=ERASED)
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
        person.anonymised_at = timezone.now()
        person.save()
    return person


def person_anonymise_inactive(*, days: int | None = None, now: datetime | None = None) -> int:
    """Anonymise everyone inactive for longer than the retention period; return how many."""
    if days is None:
        days = getattr(settings, "CONTACTS_RETENTION_DAYS", 730)
    before = (now or timezone.now()) - timedelta(days=days)
    count = 0
    for person in Person.objects.inactive_since(before).only("pk").iterator():
        person_anonymise(person=person)
        count += 1
    return count


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def person_export(*, person: Person) -> dict:
    """Everything held about the person, JSON-ready (the right of access)."""
    cases = (
        person.cases.all()
        .select_related("assignee")
        .prefetch_related("topic_links", "contacts__staff", "referrals__institution")
        .order_by("created_at", "pk")
    )
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
    }
