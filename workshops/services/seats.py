"""The seats of one workshop under its row lock: who may register, holds, the waiting list.

The callers hold the lock (`select_for_update` on the workshop) in their transaction.
"""

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from workshops.models import Registration, Workshop
from workshops.services.base import RegistrationError
from workshops.services.emails import Mail, registration_email


def check_open(workshop: Workshop, *, now, by_staff: bool) -> None:
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
        registration_email(registration, Mail.PROMOTED)
    return promoted


def expire_holds(workshop: Workshop, *, now) -> list[Registration]:
    """Mark the workshop's holds past their deadline expired; the caller holds the lock.

    Returns them; for those that held a seat the caller gives the seats to people waiting.
    """
    expired = list(workshop.registrations.holds_expired(now))
    if expired:
        Registration.objects.filter(pk__in=[r.pk for r in expired]).update(
            status=Registration.Status.EXPIRED
        )
    return expired
