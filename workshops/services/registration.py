"""Registering: the public form's seat holds and their confirmation, and staff registering."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts.models import Channel, Person
from contacts.services import ContactsError, person_from_public_claim, person_match_or_create
from returnportal.concurrency import created_or_winner
from returnportal.email_address import normalise_email
from returnportal.mail.models import OutgoingEmail
from returnportal.pages.privacy import current_notice_version
from workshops.models import Registration, Workshop
from workshops.services.base import (
    AlreadyRegistered,
    Refusal,
    RegistrationError,
    workshops_cache_bump,
)
from workshops.services.emails import RESEND_LINK_INTERVAL, Mail, absolute_url, registration_email
from workshops.services.seats import check_open, expire_holds, waiting_list_promote

# The contact log's kind of person for each participant type.
PERSON_KINDS = {
    Registration.ParticipantType.MIGRANT: Person.Kind.MIGRANT,
    Registration.ParticipantType.ENTREPRENEUR: Person.Kind.ENTREPRENEUR,
}


def _registration_person(
    *, name: str, email: str, phone: str, language: str, participant_type: str, by_staff: bool
):
    """The contact log's Person for a registrant, with their consent.

    A registrant's own form is a claim: it links by e-mail and changes no stored person
    (`person_from_public_claim`). Staff registering somebody during a call decide who it is.
    """
    find = person_match_or_create if by_staff else person_from_public_claim
    arguments = {
        "name": name,
        "email": email,
        "language": language,
        "kind": PERSON_KINDS.get(participant_type, Person.Kind.OTHER),
        "consent_channel": Channel.PHONE if by_staff else Channel.WEB_FORM,
    }
    try:
        return find(phone=phone, **arguments)
    except ContactsError:
        # A number the contact log cannot read must not stop the registration.
        return find(**arguments)


def registration_create(
    *,
    workshop_id: int,
    name: str,
    email: str,
    participant_type: str,
    language: str,
    phone: str = "",
    company: str = "",
    sector: str = "",
    country: str = "",
    needs: str = "",
    by_staff: AbstractBaseUser | None = None,
) -> Registration:
    """Register a person: a seat if one is free, else the waiting list, else refuse.

    From the public form (no `by_staff`) the registration is PENDING until the registrant opens
    the e-mailed link (`registration_confirm`): it holds a free seat for WORKSHOP_HOLD_MINUTES,
    so that a confirmation in time always finds it, and stops counting when the hold expires.
    Staff register people they have spoken to: confirmed (or waiting) at once.

    Raises `AlreadyRegistered` (carrying the existing registration) for an e-mail that already
    holds an active registration, and `RegistrationError` when the workshop does not take any.
    A workshop that takes nobody says so before looking at the address, so that its answer
    never tells whether an address is registered.
    """
    email = normalise_email(email)
    with transaction.atomic():
        workshop = Workshop.objects.select_for_update().get(pk=workshop_id)
        now = timezone.now()
        check_open(workshop, now=now, by_staff=by_staff is not None)
        # An expired hold frees its e-mail address and seat before anything is counted.
        if any(hold.holds_seat for hold in expire_holds(workshop, now=now)):
            waiting_list_promote(workshop=workshop)
        seat_free = workshop.registrations.taking_seats(now).count() < workshop.capacity
        if not seat_free and not workshop.has_waiting_list:
            raise RegistrationError(
                _("Sorry, all seats for this workshop are taken."), code=Refusal.FULL
            )
        if by_staff is None:
            # The public form holds a seat (or a place in the queue) until the e-mail is confirmed.
            status = Registration.Status.PENDING
        elif seat_free:
            status = Registration.Status.CONFIRMED
        else:
            status = Registration.Status.WAITING
        existing = workshop.registrations.claiming().filter(email=email).first()
        if existing is not None:
            raise AlreadyRegistered(existing)
        registration = Registration(
            workshop=workshop,
            person=_registration_person(
                name=name,
                email=email,
                phone=str(phone or ""),
                language=language,
                participant_type=participant_type,
                by_staff=by_staff is not None,
            ),
            name=name.strip(),
            email=email,
            phone=phone or "",
            participant_type=participant_type,
            company=company
            if participant_type == Registration.ParticipantType.ENTREPRENEUR
            else "",
            sector=sector if participant_type == Registration.ParticipantType.ENTREPRENEUR else "",
            country=country if participant_type == Registration.ParticipantType.MIGRANT else "",
            needs=needs,
            language=language,
            status=status,
            holds_seat=status == Registration.Status.PENDING and seat_free,
            hold_expires_at=now + timedelta(minutes=hold_minutes())
            if status == Registration.Status.PENDING
            else None,
            confirmed_at=None if status == Registration.Status.PENDING else now,
            consent_notice_version=current_notice_version(),
            registered_by=by_staff,
            created_at=now,
        )
        # A registration written around the lock (e.g. in admin) still cannot double up.
        saved, created = created_or_winner(
            lambda: registration.save() or registration,
            workshop.registrations.claiming().filter(email=email).first,
        )
        if not created:
            raise AlreadyRegistered(saved)
        _registration_announce(registration)
        workshops_cache_bump()
    return registration


def registration_resend_link(*, registration: Registration) -> bool:
    """E-mail a person the link to their registration again (after a second attempt).

    Sends at most one such e-mail per address in RESEND_LINK_INTERVAL; returns whether it did.
    """
    recently = OutgoingEmail.objects.filter(
        to=registration.email,
        # A pending registration's second attempt re-sends the confirmation link instead.
        kind__in=[Mail.CONFIRM]
        if registration.status == Registration.Status.PENDING
        else [Mail.LINK],
        created_at__gte=timezone.now() - RESEND_LINK_INTERVAL,
    )
    if recently.exists():
        return False
    with transaction.atomic():
        if registration.status == Registration.Status.PENDING:
            _registration_announce(registration)
        else:
            registration_email(registration, Mail.LINK, position=registration.waiting_position)
    return True


def _registration_announce(registration: Registration) -> None:
    if registration.status == Registration.Status.PENDING:
        registration_email(
            registration,
            Mail.CONFIRM,
            confirm_url=absolute_url(
                "workshops:registration_confirm",
                language=registration.language,
                token=registration.token,
            ),
            hold_minutes=hold_minutes(),
        )
    elif registration.status == Registration.Status.CONFIRMED:
        registration_email(registration, Mail.CONFIRMATION)
    else:
        registration_email(registration, Mail.WAITING, position=registration.waiting_position)


def hold_minutes() -> int:
    """How long a public registration holds its seat for the e-mailed link (a setting)."""
    return settings.WORKSHOP_HOLD_MINUTES


def registration_confirm(*, registration: Registration) -> Registration:
    """The registrant opened the e-mailed link: the held seat becomes theirs.

    A hold made when the workshop was full joins the waiting list instead (or takes a seat
    that is free and nobody is waiting for). Confirming twice changes nothing; a hold past its
    deadline raises `RegistrationError` with code "expired" (the seat went back to the pool).
    """
    with transaction.atomic():
        workshop = Workshop.objects.select_for_update().get(pk=registration.workshop_id)
        registration = Registration.objects.select_related("workshop").get(pk=registration.pk)
        status = registration.status
        if status in Registration.ACTIVE:
            return registration
        if status == Registration.Status.CANCELLED:
            raise RegistrationError(_("This registration is cancelled."), code=Refusal.CANCELLED)
        now = timezone.now()
        if status == Registration.Status.EXPIRED or now >= registration.hold_expires_at:
            if any(hold.holds_seat for hold in expire_holds(workshop, now=now)):
                waiting_list_promote(workshop=workshop)
            workshops_cache_bump()
            expired = hold_expired_message(workshop, now)
        else:
            expired = None
            _confirm_locked(registration, workshop, now=now)
    if expired:  # raised after the commit, so that the hold stays marked expired
        raise RegistrationError(expired, code=Refusal.EXPIRED)
    return registration


def _confirm_locked(registration: Registration, workshop: Workshop, *, now) -> None:
    """The seat (or the waiting list) for a hold still in time; the caller holds the lock."""
    check_open(workshop, now=now, by_staff=False)
    if registration.holds_seat:
        # The seat was kept for them; only a capacity lowered since can take it away.
        seat_free = workshop.registrations.confirmed().count() < workshop.capacity
    else:
        # Came when it was full: a seat freed since, unless held or wanted by those waiting.
        seat_free = (
            workshop.registrations.taking_seats(now).count() < workshop.capacity
            and not workshop.registrations.waiting().exists()
        )
    if seat_free:
        registration.status = Registration.Status.CONFIRMED
    elif workshop.has_waiting_list:
        registration.status = Registration.Status.WAITING
    else:
        raise RegistrationError(
            _("Sorry, all seats for this workshop are taken."), code=Refusal.FULL
        )
    registration.confirmed_at = now
    registration.holds_seat = False
    registration.save(update_fields=["status", "confirmed_at", "holds_seat"])
    _registration_announce(registration)
    workshops_cache_bump()


def hold_expired_message(workshop: Workshop, now=None) -> str:
    """What someone whose hold expired can do now: register again, or join the queue."""
    now = now or timezone.now()
    if workshop.registrations.taking_seats(now).count() < workshop.capacity:
        return _(
            "This registration was not confirmed in time and its seat went back to the pool. "
            "Seats are still free: please register again."
        )
    if workshop.has_waiting_list:
        return _(
            "This registration was not confirmed in time and its seat went back to the pool. "
            "The workshop is now full: you can register again to join the waiting list."
        )
    return _(
        "This registration was not confirmed in time and its seat went back to the pool. "
        "Sorry, all seats for this workshop are now taken."
    )


def registration_holds_expire(*, now=None) -> int:
    """Expire unconfirmed holds and give their seats to people waiting (Celery beat).

    The seat counts already ignore a hold past its deadline; this makes it final, frees the
    e-mail address for a new registration and promotes the waiting list. Returns how many.
    """
    now = now or timezone.now()
    workshop_ids = set(
        Registration.objects.holds_expired(now).values_list("workshop_id", flat=True)
    )
    expired = 0
    for workshop_id in sorted(workshop_ids):
        with transaction.atomic():
            workshop = Workshop.objects.select_for_update().get(pk=workshop_id)
            holds = expire_holds(workshop, now=now)
            expired += len(holds)
            if any(hold.holds_seat for hold in holds):
                waiting_list_promote(workshop=workshop)
            workshops_cache_bump()
    return expired
