"""Finding, creating and touching the people behind contacts, and recording their consent.

Public forms find their Person with `person_from_public_claim`, which never changes a stored
record; `person_match_or_create` is for staff, who decide who is on the line.
"""

from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts.models import Channel, Person
from contacts.services.checks import ContactsError, check_choice, normalise_phone
from returnportal.concurrency import created_or_winner
from returnportal.email_address import normalise_email
from returnportal.pages.privacy import current_notice_version


def person_touch(person: Person | None, *, at: datetime | None = None) -> None:
    """Note activity now (or `at`): the retention clock runs from a person's last activity."""
    if person is not None and not person.is_anonymised:
        at = at or timezone.now()
        Person.objects.filter(pk=person.pk, last_activity_at__lt=at).update(last_activity_at=at)
        person.last_activity_at = max(person.last_activity_at, at)


def _clean_identity(
    *, name: str, email: str, phone: str, language: str, kind: str, consent_channel: str
) -> tuple[str, str, str, str]:
    """Name, e-mail, phone and language as they are matched and stored; bad input refused."""
    name = " ".join((name or "").split())[:200]
    email = normalise_email(email)
    phone = normalise_phone(phone)
    if not (name or email or phone):
        raise ContactsError(_("Give a name, an e-mail address or a phone number."))
    check_choice(kind, Person.Kind, _("Unknown kind of person."))
    if consent_channel:
        check_choice(consent_channel, Channel, _("Unknown channel."))
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    return name, email, phone, language


def person_match_or_create(
    *,
    name: str = "",
    email: str = "",
    phone: str = "",
    language: str = "pl",
    kind: str = Person.Kind.MIGRANT,
    consent_channel: str = "",
) -> Person:
    """Find the person by normalised e-mail, then phone; create one when neither matches.

    A match keeps its data and only gains what was missing. Consent is recorded, with the
    current privacy notice version, when `consent_channel` is given.
    """
    name, email, phone, language = _clean_identity(
        name=name,
        email=email,
        phone=phone,
        language=language,
        kind=kind,
        consent_channel=consent_channel,
    )

    with transaction.atomic():
        person = _person_match(email=email, phone=phone)
        if person is None:
            # Someone may create the same person at the same moment: then theirs is used.
            person, _created = created_or_winner(
                lambda: Person.objects.create(
                    name=name, email=email, phone=phone, language=language, kind=kind
                ),
                lambda: _person_match(email=email, phone=phone),
            )
        else:
            changed = []
            for field, value in (("name", name), ("email", email), ("phone", phone)):
                if value and not getattr(person, field):
                    setattr(person, field, value)
                    changed.append(field)
            person.last_activity_at = timezone.now()
            changed.append("last_activity_at")
            try:
                with transaction.atomic():
                    person.save(update_fields=changed)
            except IntegrityError:
                # The missing e-mail or phone belongs to somebody else; keep this one as it was.
                person.refresh_from_db()
        if consent_channel:
            person_record_consent(person=person, channel=consent_channel)
    return person


def person_from_public_claim(
    *,
    name: str = "",
    email: str = "",
    phone: str = "",
    language: str = "pl",
    kind: str = Person.Kind.MIGRANT,
    consent_channel: str = "",
) -> Person:
    """The person behind a public form, without trusting what was typed into it.

    What a stranger types is a claim, not an identity: it never changes a stored record.
    An e-mail that matches links to its owner (mail to that address reaches them) and changes
    nothing of theirs; a phone number alone that matches makes a new person flagged as a
    possible duplicate for staff; otherwise a new person, with their consent when given.
    """
    name, email, phone, language = _clean_identity(
        name=name,
        email=email,
        phone=phone,
        language=language,
        kind=kind,
        consent_channel=consent_channel,
    )

    with transaction.atomic():
        owner = Person.objects.active().filter(email=email).first() if email else None
        if owner is not None:
            person_touch(owner)
            return owner
        same_phone = (
            Person.objects.active().filter(phone=phone, possible_duplicate_of__isnull=True).first()
            if phone
            else None
        )
        person, created = created_or_winner(
            lambda: Person.objects.create(
                name=name,
                email=email,
                phone=phone,
                language=language,
                kind=kind,
                possible_duplicate_of=same_phone,
            ),
            lambda: Person.objects.active().filter(email=email).first() if email else None,
        )
        if not created:  # the same address was claimed a moment ago: theirs, unchanged
            return person
        if consent_channel:
            person_record_consent(person=person, channel=consent_channel)
    return person


def _person_match(*, email: str, phone: str) -> Person | None:
    candidates = Q(pk__in=[])
    if email:
        candidates |= Q(email=email)
    if phone:
        candidates |= Q(phone=phone)
    matches = list(Person.objects.active().select_for_update().filter(candidates)[:2])
    for match in matches:  # the e-mail is the stronger key
        if email and match.email == email:
            return match
    return matches[0] if matches else None


def person_record_consent(*, person: Person, channel: str) -> Person:
    """Record that the person consented now, through `channel`, to the current notice."""
    check_choice(channel, Channel, _("Unknown channel."))
    person.consent_given_at = timezone.now()
    person.consent_channel = channel
    person.consent_notice_version = current_notice_version()[:32]
    person.save(update_fields=["consent_given_at", "consent_channel", "consent_notice_version"])
    return person
