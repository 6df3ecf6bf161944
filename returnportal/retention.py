"""One retention policy for the whole portal: how long each kind of personal data is kept.

Each period is a setting (in days). Where statistics need the counts the data is anonymised
rather than deleted: a contact keeps its channel and date, a registration its attendance,
a survey response its answers, an outbox row its status, a mailbox import row its outcome.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from contacts import services as contacts_services
from contacts.correspondence import mailbox_messages_forget
from returnportal.mail.services import outbox_forget_older_than
from surveys import services as surveys_services
from surveys.models import Response
from workshops import services as workshops_services

POLICY = {
    "case_notes": ("CASE_NOTES_RETENTION_DAYS", 1095),
    "inactive_people": ("CONTACTS_RETENTION_DAYS", 730),
    "workshop_registrations": ("WORKSHOP_REGISTRATION_RETENTION_DAYS", 730),
    "survey_contact_details": ("SURVEY_CONTACT_RETENTION_DAYS", 365),
    "outbox": ("OUTBOX_RETENTION_DAYS", 90),
    "mailbox": ("MAILBOX_RETENTION_DAYS", 90),
}


def retention_days(kind: str) -> int:
    setting, default = POLICY[kind]
    return getattr(settings, setting, default)


def retention_apply(*, now: datetime | None = None) -> dict[str, int]:
    """Apply every period of the policy; return how many records of each kind were cleared."""
    now = now or timezone.now()

    def before(kind: str) -> datetime:
        return now - timedelta(days=retention_days(kind))

    return {
        "case_notes": contacts_services.contact_notes_erase(before=before("case_notes")),
        "inactive_people": contacts_services.person_anonymise_inactive(
            days=retention_days("inactive_people"), now=now
        ),
        "workshop_registrations": workshops_services.personal_data_erase_expired(now=now)[0],
        "survey_contact_details": surveys_services.response_contact_erase(
            responses=Response.objects.filter(submitted_at__lt=before("survey_contact_details"))
        ),
        "outbox": outbox_forget_older_than(before=before("outbox")),
        "mailbox": mailbox_messages_forget(before=before("mailbox")),
    }
