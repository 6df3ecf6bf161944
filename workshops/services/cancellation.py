"""Cancelling a registration (by the registrant or staff) and undoing a staff cancellation."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workshops.models import Registration, Workshop
from workshops.services.base import Refusal, RegistrationError, workshops_cache_bump
from workshops.services.emails import Mail, contact_point_details, registration_email
from workshops.services.seats import check_open, waiting_list_promote


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
            registration_email(registration, Mail.CANCELLED)
        else:
            registration_email(registration, Mail.CANCELLED_BY_STAFF, **contact_point_details())
        if freed_seat:
            waiting_list_promote(workshop=workshop)
        workshops_cache_bump()
    return registration


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
        check_open(workshop, now=now, by_staff=True)
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
        registration_email(
            registration,
            Mail.RESTORED,
            position=registration.waiting_position,
            seat_lost=registration.seat_lost,
            **contact_point_details(),
        )
        workshops_cache_bump()
    return registration
