"""An organiser's changes to a workshop: publishing, cancelling, giving out added seats."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workshops.models import Workshop
from workshops.services.base import WorkshopError, workshops_cache_bump
from workshops.services.emails import Mail, registration_email
from workshops.services.interest import interest_invite
from workshops.services.seats import waiting_list_promote


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
        return interest_invite(workshop=workshop)


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
            registration_email(registration, Mail.WORKSHOP_CANCELLED)
    return len(registrations)


def workshop_fill_seats(*, workshop: Workshop) -> int:
    """After an organiser's change (e.g. more seats), give free seats to people waiting."""
    with transaction.atomic():
        locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
        workshops_cache_bump()
        return len(waiting_list_promote(workshop=locked))
