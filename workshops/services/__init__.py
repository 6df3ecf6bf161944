"""Writes on workshops and registrations: seats, the waiting list, interest lists, e-mails.

Every function that changes seats locks the workshop row first, so two people can never
take the last seat at once (the count and the insert happen under the same lock). The
modules below build on one another in this order, never in a circle: `base` and `emails`,
then `seats` (the lock holder's helpers), then the services by what they do.
"""

from workshops.services.attendance import registration_set_attendance
from workshops.services.base import (
    AlreadyRegistered,
    Refusal,
    RegistrationError,
    WorkshopError,
    workshops_cache_bump,
)
from workshops.services.cancellation import registration_cancel, registration_cancel_undo
from workshops.services.emails import RESEND_LINK_INTERVAL, Mail, absolute_url
from workshops.services.interest import interest_invite, interest_subscribe, interest_unsubscribe
from workshops.services.publishing import workshop_cancel, workshop_fill_seats, workshop_publish
from workshops.services.registration import (
    PERSON_KINDS,
    hold_expired_message,
    hold_minutes,
    registration_confirm,
    registration_create,
    registration_holds_expire,
    registration_resend_link,
)
from workshops.services.reminders import (
    REMINDERS_OFF_SALT,
    registration_for_reminders_off,
    registration_send_reminders,
    reminders_off_token,
    reminders_turn_off,
)
from workshops.services.retention import (
    UNSUBSCRIBED_RETENTION,
    personal_data_erase_expired,
    registrations_erase,
)
from workshops.services.seats import waiting_list_promote

__all__ = [
    "PERSON_KINDS",
    "REMINDERS_OFF_SALT",
    "RESEND_LINK_INTERVAL",
    "UNSUBSCRIBED_RETENTION",
    "AlreadyRegistered",
    "Mail",
    "Refusal",
    "RegistrationError",
    "WorkshopError",
    "absolute_url",
    "hold_expired_message",
    "hold_minutes",
    "interest_invite",
    "interest_subscribe",
    "interest_unsubscribe",
    "personal_data_erase_expired",
    "registration_cancel",
    "registration_cancel_undo",
    "registration_confirm",
    "registration_create",
    "registration_for_reminders_off",
    "registration_holds_expire",
    "registration_resend_link",
    "registration_send_reminders",
    "registration_set_attendance",
    "registrations_erase",
    "reminders_off_token",
    "reminders_turn_off",
    "waiting_list_promote",
    "workshop_cancel",
    "workshop_fill_seats",
    "workshop_publish",
    "workshops_cache_bump",
]
