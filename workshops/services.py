"""Writes on workshops and registrations: seats, the waiting list, interest lists, e-mails.

Every function that changes seats locks the workshop row first, so two people can never
take the last seat at once (the count and the insert happen under the same lock).
"""

import enum
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from contacts.models import Channel, Person
from contacts.services import ContactsError, person_from_public_claim, person_match_or_create
from returnportal.cache import bump
from returnportal.email_address import normalise_email
from returnportal.mail.models import OutgoingEmail
from returnportal.mail.services import Attachment, email_queue, list_unsubscribe_headers
from returnportal.pages.privacy import current_notice_version
from workshops.home import VERSION_KEY
from workshops.ics import workshop_ics
from workshops.models import (
    InterestSubscription,
    Invitation,
    Registration,
    Workshop,
)


class Refusal(enum.StrEnum):
    """Why a registration was refused (`RegistrationError.code`), besides `Workshop.Closure`."""

    ALREADY_REGISTERED = "already_registered"
    FULL = "full"
    STARTED = "started"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    NOT_UNDOABLE = "not_undoable"
    UNDO_EXPIRED = "undo_expired"
    REGISTERED_AGAIN = "registered_again"


class Mail(enum.StrEnum):
    """The e-mails of this app: a template under workshops/email/, and the outbox's kind."""

    CONFIRM = "confirm"
    CONFIRMATION = "confirmation"
    WAITING = "waiting"
    LINK = "link"
    CANCELLED = "cancelled"
    CANCELLED_BY_STAFF = "cancelled_by_staff"
    RESTORED = "restored"
    PROMOTED = "promoted"
    REMINDER = "reminder"
    WORKSHOP_CANCELLED = "workshop_cancelled"
    INVITATION = "invitation"
    SUBSCRIBED = "subscribed"


# The e-mails that carry the workshop as a calendar file.
WITH_CALENDAR = {Mail.CONFIRMATION, Mail.PROMOTED, Mail.WORKSHOP_CANCELLED}


class RegistrationError(Exception):
    """A registration cannot be made or changed; `message` is for the person."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class AlreadyRegistered(RegistrationError):
    """The e-mail already holds an active registration for the workshop."""

    def __init__(self, registration: Registration) -> None:
        super().__init__(
            _(
                "This e-mail address is already registered for this workshop. "
                "We have sent the link to your registration to it again."
            ),
            code=Refusal.ALREADY_REGISTERED,
        )
        self.registration = registration


class WorkshopError(Exception):
    """An organiser's change to a workshop is not possible; `message` says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def workshops_cache_bump() -> None:
    """After commit, make the cached workshop pages, home block and kiosk slides show the change."""
    bump(VERSION_KEY)


# Links and e-mail helpers -------------------------------------------------------------------


def absolute_url(view_name: str, *, language: str, **kwargs) -> str:
    """An address for e-mails: SITE_URL and the path in the recipient's language."""
    with translation.override(language):
        return settings.SITE_URL + reverse(view_name, kwargs=kwargs)


def _registration_email(
    registration: Registration, template: Mail, *, headers: dict | None = None, **extra
) -> None:
    workshop = registration.workshop
    language = registration.language
    context = {
        "registration": registration,
        "workshop": workshop,
        "manage_url": absolute_url(
            "workshops:registration", language=language, token=registration.token
        ),
        "workshop_url": absolute_url("workshops:detail", language=language, slug=workshop.slug),
        **extra,
    }
    attachments = ()
    if template in WITH_CALENDAR or (
        template == Mail.RESTORED and registration.status == Registration.Status.CONFIRMED
    ):
        attachments = (
            Attachment(
                f"{workshop.slug}.ics",
                "text/calendar",
                workshop_ics(workshop, language=language, for_registrant=True),
            ),
        )
    email_queue(
        to=registration.email,
        template=f"workshops/email/{template}",
        context=context,
        language=language,
        attachments=attachments,
        headers=headers,
    )


def _registration_announce(registration: Registration) -> None:
    if registration.status == Registration.Status.PENDING:
        _registration_email(
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
        _registration_email(registration, Mail.CONFIRMATION)
    else:
        _registration_email(registration, Mail.WAITING, position=registration.waiting_position)


def _check_open(workshop: Workshop, *, now, by_staff: bool) -> None:
    """Refuse registrations for a workshop that does not take them (staff may register late)."""
    closure = workshop.registration_closure(now, by_staff=by_staff)
    if closure is None:
        return
    if closure == Workshop.Closure.NOT_YET_OPEN:
        opens = formats.date_format(
            timezone.localtime(workshop.registration_opens_at), "DATETIME_FORMAT"
        )
        message = _("Registration for this workshop opens on %(date)s.") % {"date": opens}
    else:
        message = {
            Workshop.Closure.CANCELLED: _("This workshop has been cancelled."),
            Workshop.Closure.DRAFT: _("Registration for this workshop is not open."),
            Workshop.Closure.CLOSED: _("Registration for this workshop has closed."),
        }[closure]
    raise RegistrationError(message, code=closure.value)


# Registrations ------------------------------------------------------------------------------

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
        _check_open(workshop, now=now, by_staff=by_staff is not None)
        # An expired hold frees its e-mail address and seat before anything is counted.
        if any(hold.holds_seat for hold in _holds_expire(workshop, now=now)):
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
        try:
            # A registration written around the lock (e.g. in admin) still cannot double up.
            with transaction.atomic():
                registration.save()
        except IntegrityError:
            existing = workshop.registrations.claiming().filter(email=email).first()
            if existing is None:
                raise
            raise AlreadyRegistered(existing) from None
        _registration_announce(registration)
        workshops_cache_bump()
    return registration


# Repeated attempts must not turn the form into a way of flooding someone's inbox.
RESEND_LINK_INTERVAL = timedelta(minutes=10)


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
            _registration_email(registration, Mail.LINK, position=registration.waiting_position)
    return True


def registration_cancel(
    *, registration: Registration, by_staff: AbstractBaseUser | None = None
) -> Registration:
    """Cancel a registration; a freed seat goes at once to the first person waiting.

    Cancelling twice is harmless (the second call changes nothing and sends nothing). A staff
    cancellation is told in words of its own (the person did not ask for it) and can be undone
    for WORKSHOP_CANCEL_UNDO_MINUTES (`registration_cancel_undo`).
    """
    with transaction.atomic():
        workshop = Workshop.objects.select_for_update().get(pk=registration.workshop_id)
        registration = Registration.objects.select_related("workshop").get(pk=registration.pk)
        if registration.status in (Registration.Status.CANCELLED, Registration.Status.EXPIRED):
            return registration  # an expired hold has nothing left to cancel
        now = timezone.now()
        if now >= workshop.starts_at and by_staff is None:
            raise RegistrationError(
                _("This workshop has already started; the registration cannot be cancelled."),
                code=Refusal.STARTED,
            )
        freed_seat = registration.status in (
            Registration.Status.CONFIRMED,
            Registration.Status.PENDING,
        )
        registration.status_before_cancel = registration.status
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = now
        registration.cancelled_by = by_staff
        registration.save(
            update_fields=["status", "cancelled_at", "cancelled_by", "status_before_cancel"]
        )
        if by_staff is None:
            _registration_email(registration, Mail.CANCELLED)
        else:
            _registration_email(registration, Mail.CANCELLED_BY_STAFF, **_contact_point_details())
        if freed_seat:
            waiting_list_promote(workshop=workshop)
        workshops_cache_bump()
    return registration


def _contact_point_details() -> dict:
    """Whom a person can ask about a change they did not make themselves."""
    return {
        "contact_email": settings.CONTACT_POINT_EMAIL,
        "hotline": settings.HOTLINE_NUMBER,
        "hotline_international": settings.HOTLINE_INTERNATIONAL,
    }


def registration_cancel_undo(*, registration: Registration) -> Registration:
    """Take back a staff cancellation made less than WORKSHOP_CANCEL_UNDO_MINUTES ago.

    Under the same workshop row lock as a registration: the seat comes back only if it is still
    free; if it went to someone from the waiting list meanwhile, a confirmed registration goes
    back on the waiting list in the order of its original registration (so usually first), and
    without a waiting list the undo is refused ("full"). Never overbooks. Undoing twice changes nothing
    the second time. The person gets an e-mail saying the registration is valid again; the
    returned registration's `seat_lost` says whether its seat had gone to someone waiting.
    """
    with transaction.atomic():
        workshop = Workshop.objects.select_for_update().get(pk=registration.workshop_id)
        registration = Registration.objects.select_related("workshop").get(pk=registration.pk)
        if registration.status != Registration.Status.CANCELLED:
            return registration  # already undone (a double submit): nothing to do twice
        now = timezone.now()
        if registration.undo_until is None:
            raise RegistrationError(
                _("Only a cancellation made by staff can be undone."), code=Refusal.NOT_UNDOABLE
            )
        if now >= registration.undo_until:
            raise RegistrationError(
                _(
                    "This cancellation can no longer be undone (after %(minutes)s minutes). "
                    "Register the person again instead."
                )
                % {"minutes": settings.WORKSHOP_CANCEL_UNDO_MINUTES},
                code=Refusal.UNDO_EXPIRED,
            )
        _check_open(workshop, now=now, by_staff=True)
        if workshop.registrations.claiming().filter(email=registration.email).exists():
            raise RegistrationError(
                _("This person has registered again since; there is nothing to undo."),
                code=Refusal.REGISTERED_AGAIN,
            )
        seat_free = workshop.registrations.taking_seats(now).count() < workshop.capacity
        was_confirmed = registration.status_before_cancel == Registration.Status.CONFIRMED
        # A free seat is theirs, unless they were waiting and others still are (after the start).
        if seat_free and (was_confirmed or not workshop.registrations.waiting().exists()):
            status = Registration.Status.CONFIRMED
        elif workshop.has_waiting_list:
            status = Registration.Status.WAITING
        else:
            raise RegistrationError(
                _(
                    "The seat has been taken since and this workshop has no waiting list, "
                    "so the cancellation cannot be undone."
                ),
                code=Refusal.FULL,
            )
        # Said in the e-mail and on the staff page: the seat went to someone waiting meanwhile.
        registration.seat_lost = was_confirmed and status == Registration.Status.WAITING
        registration.status = status
        registration.cancelled_at = None
        registration.cancelled_by = None
        registration.status_before_cancel = ""
        registration.save(
            update_fields=["status", "cancelled_at", "cancelled_by", "status_before_cancel"]
        )
        _registration_email(
            registration,
            Mail.RESTORED,
            position=registration.waiting_position,
            seat_lost=registration.seat_lost,
            **_contact_point_details(),
        )
        workshops_cache_bump()
    return registration


def waiting_list_promote(*, workshop: Workshop) -> list[Registration]:
    """Give free seats to the people waiting longest and tell them; the caller holds the lock.

    Also used after an organiser raises the capacity.
    """
    # Once it has begun, a seat handed out now would only be a surprise e-mail.
    if workshop.status != Workshop.Status.PUBLISHED or timezone.now() >= workshop.starts_at:
        return []
    free = workshop.capacity - workshop.registrations.taking_seats().count()
    if free <= 0:
        return []
    promoted = list(workshop.registrations.waiting().select_related("workshop")[:free])
    now = timezone.now()
    for registration in promoted:
        registration.status = Registration.Status.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
        _registration_email(registration, Mail.PROMOTED)
    return promoted


def hold_minutes() -> int:
    """How long a public registration holds its seat for the e-mailed link (a setting)."""
    return settings.WORKSHOP_HOLD_MINUTES


def _holds_expire(workshop: Workshop, *, now) -> list[Registration]:
    """Mark the workshop's holds past their deadline expired; the caller holds the lock.

    Returns them; for those that held a seat the caller gives the seats to people waiting.
    """
    expired = list(workshop.registrations.holds_expired(now))
    if expired:
        Registration.objects.filter(pk__in=[r.pk for r in expired]).update(
            status=Registration.Status.EXPIRED
        )
    return expired


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
            holds = _holds_expire(workshop, now=now)
            expired += len(holds)
            if any(hold.holds_seat for hold in holds):
                waiting_list_promote(workshop=workshop)
            workshops_cache_bump()
    return expired


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
            if any(hold.holds_seat for hold in _holds_expire(workshop, now=now)):
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
    _check_open(workshop, now=now, by_staff=False)
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


def registration_set_attendance(*, registration: Registration, attended: bool | None) -> None:
    """Record whether a confirmed person came (None: not checked yet)."""
    Registration.objects.filter(pk=registration.pk).update(attended=attended)
    registration.attended = attended


def registration_send_reminders(*, now=None) -> int:
    """E-mail everyone confirmed for a workshop that starts tomorrow, once each."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    sent = 0
    with transaction.atomic():
        due = (
            Registration.objects.confirmed()
            .filter(reminded_at__isnull=True)
            .exclude(email__in=Registration.objects.reminders_off_emails())
            .filter(workshop__in=Workshop.objects.starting_on(tomorrow))
            .select_related("workshop")
            .select_for_update(skip_locked=True, of=("self",))
        )
        for registration in due:
            registration.reminded_at = now
            registration.save(update_fields=["reminded_at"])
            link = {"language": registration.language, "token": reminders_off_token(registration)}
            _registration_email(
                registration,
                Mail.REMINDER,
                reminders_off_url=absolute_url("workshops:reminders_off", **link),
                headers=list_unsubscribe_headers(
                    one_click_url=absolute_url("workshops:reminders_off_one_click", **link)
                ),
            )
            sent += 1
    return sent


# A reminder's unsubscribe link turns reminders off and can do nothing else: it carries a
# signed registration id, not the registration's token, which would also allow cancelling.
REMINDERS_OFF_SALT = "workshops.reminders-off"


def reminders_off_token(registration: Registration) -> str:
    return signing.dumps(registration.pk, salt=REMINDERS_OFF_SALT)


def registration_for_reminders_off(token: str) -> Registration | None:
    """The registration a reminder's unsubscribe token was made for; None if forged or changed."""
    try:
        pk = signing.loads(token, salt=REMINDERS_OFF_SALT)
    except signing.BadSignature:
        return None
    return Registration.objects.filter(pk=pk, erased_at__isnull=True).first()


def reminders_turn_off(*, registration: Registration) -> None:
    """Send no more reminders to the registration's address, for any workshop (idempotent)."""
    Registration.objects.filter(pk=registration.pk, reminders_off_at__isnull=True).update(
        reminders_off_at=timezone.now()
    )


# Workshops ----------------------------------------------------------------------------------


def workshop_publish(*, workshop: Workshop) -> int:
    """Publish a workshop and invite matching interest-list subscribers (each only once).

    Returns how many invitations were sent.
    """
    with transaction.atomic():
        workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
        if workshop.status == Workshop.Status.CANCELLED:
            raise WorkshopError(_("A cancelled workshop cannot be published again."))
        if workshop.status != Workshop.Status.PUBLISHED:
            workshop.status = Workshop.Status.PUBLISHED
            workshop.published_at = workshop.published_at or timezone.now()
            workshop.save(update_fields=["status", "published_at", "updated_at"])
            workshops_cache_bump()
        if timezone.now() >= workshop.closes_at:
            return 0
        subscriptions = list(
            InterestSubscription.objects.matching(workshop).exclude(invitations__workshop=workshop)
        )
        Invitation.objects.bulk_create(
            [Invitation(subscription=s, workshop=workshop) for s in subscriptions]
        )
        for subscription in subscriptions:
            language = subscription.language
            email_queue(
                to=subscription.email,
                template=f"workshops/email/{Mail.INVITATION}",
                context={
                    "workshop": workshop,
                    "subscription": subscription,
                    "workshop_url": absolute_url(
                        "workshops:detail", language=language, slug=workshop.slug
                    ),
                    "unsubscribe_url": absolute_url(
                        "workshops:unsubscribe", language=language, token=subscription.token
                    ),
                },
                language=language,
                headers=_subscription_unsubscribe_headers(subscription, language=language),
            )
    return len(subscriptions)


def workshop_cancel(*, workshop: Workshop) -> int:
    """Cancel a workshop and tell everyone registered or waiting; returns how many were told."""
    with transaction.atomic():
        workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
        if workshop.status == Workshop.Status.CANCELLED:
            return 0
        workshop.status = Workshop.Status.CANCELLED
        workshop.cancelled_at = timezone.now()
        workshop.save(update_fields=["status", "cancelled_at", "updated_at"])
        workshops_cache_bump()
        registrations = list(workshop.registrations.active().select_related("workshop"))
        for registration in registrations:
            _registration_email(registration, Mail.WORKSHOP_CANCELLED)
    return len(registrations)


# Keeping personal data no longer than the privacy notice says -----------------------------

# An unsubscribed address is kept this long only so that "subscribe me again" can work.
UNSUBSCRIBED_RETENTION = timedelta(days=30)


def registrations_erase(*, registrations, now=None) -> int:
    """Erase who registered (a queryset of registrations), keeping what statistics need.

    Kept: workshop, status, participant type, country, attendance and dates; returns how many
    registrations were erased now.
    """
    return registrations.filter(erased_at__isnull=True).update(
        name="",
        email=Concat(Value("erased-"), Cast("pk", CharField()), Value("@erased.invalid")),
        phone="",
        company="",
        sector="",
        needs="",
        erased_at=now or timezone.now(),
    )


def personal_data_erase_expired(*, now=None) -> tuple[int, int]:
    """Erase who registered for workshops long over, and forget unsubscribed addresses.

    Registrations keep what statistics need (participant type, country, attendance); returns
    (registrations erased, subscriptions deleted).
    """
    now = now or timezone.now()
    retention = timedelta(days=settings.WORKSHOP_REGISTRATION_RETENTION_DAYS)
    with transaction.atomic():
        erased = registrations_erase(
            registrations=Registration.objects.filter(workshop__ends_at__lt=now - retention),
            now=now,
        )
        _total, by_model = InterestSubscription.objects.filter(
            unsubscribed_at__lt=now - UNSUBSCRIBED_RETENTION
        ).delete()
    return erased, by_model.get(InterestSubscription._meta.label, 0)


# Interest lists -----------------------------------------------------------------------------


def _subscription_unsubscribe_headers(
    subscription: InterestSubscription, *, language: str
) -> dict[str, str]:
    one_click_url = absolute_url(
        "workshops:unsubscribe_one_click", language=language, token=subscription.token
    )
    return list_unsubscribe_headers(one_click_url=one_click_url)


def _subscription_email(subscription: InterestSubscription, *, language: str) -> None:
    email_queue(
        to=subscription.email,
        template=f"workshops/email/{Mail.SUBSCRIBED}",
        context={
            "subscription": subscription,
            "unsubscribe_url": absolute_url(
                "workshops:unsubscribe", language=language, token=subscription.token
            ),
        },
        language=language,
        headers=_subscription_unsubscribe_headers(subscription, language=language),
    )


def interest_subscribe(
    *, email: str, topic: str, audience: str, language: str
) -> InterestSubscription:
    """Put an e-mail on the list for a topic and audience; subscribing twice changes nothing.

    Either way the address gets the e-mail saying it is on the list (again at most once per
    RESEND_LINK_INTERVAL), so that the page never tells whether it was subscribed already.
    """
    email = normalise_email(email)
    with transaction.atomic():
        existing = (
            InterestSubscription.objects.active()
            .filter(email=email, topic=topic, audience=audience)
            .first()
        )
        if existing is not None:
            recently = OutgoingEmail.objects.filter(
                to=email,
                kind=Mail.SUBSCRIBED,
                created_at__gte=timezone.now() - RESEND_LINK_INTERVAL,
            )
            if not recently.exists():
                _subscription_email(existing, language=language)
            return existing
        try:
            with transaction.atomic():
                subscription = InterestSubscription.objects.create(
                    email=email,
                    topic=topic,
                    audience=audience,
                    language=language,
                    consent_notice_version=current_notice_version(),
                )
        except IntegrityError:  # the same form sent twice at once
            return InterestSubscription.objects.active().get(
                email=email, topic=topic, audience=audience
            )
        _subscription_email(subscription, language=language)
    return subscription


def interest_unsubscribe(*, subscription: InterestSubscription) -> None:
    """Take an e-mail off an interest list (idempotent)."""
    InterestSubscription.objects.filter(pk=subscription.pk, unsubscribed_at__isnull=True).update(
        unsubscribed_at=timezone.now()
    )


def workshop_fill_seats(*, workshop: Workshop) -> int:
    """After an organiser's change (e.g. more seats), give free seats to people waiting."""
    with transaction.atomic():
        locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
        workshops_cache_bump()
        return len(waiting_list_promote(workshop=locked))
