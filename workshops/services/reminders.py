"""The day-before reminders and the link in them that turns them off."""

from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.utils import timezone

from returnportal.mail.services import list_unsubscribe_headers
from workshops.models import Registration, Workshop
from workshops.services.emails import Mail, absolute_url, registration_email


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
            registration_email(
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
