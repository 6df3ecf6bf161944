"""The app's e-mails: which there are, the links in them, what a registrant's e-mail holds."""

import enum
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from returnportal.mail.services import Attachment, email_queue
from workshops.ics import workshop_ics
from workshops.models import Registration


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


# Repeated attempts must not turn the form into a way of flooding someone's inbox.
RESEND_LINK_INTERVAL = timedelta(minutes=10)


def absolute_url(view_name: str, *, language: str, **kwargs) -> str:
    """An address for e-mails: SITE_URL and the path in the recipient's language."""
    with translation.override(language):
        return settings.SITE_URL + reverse(view_name, kwargs=kwargs)


def registration_email(
    registration: Registration, template: Mail, *, headers: dict | None = None, **extra
) -> None:
    """Queue one of a registrant's e-mails; those that give a seat carry the calendar file."""
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


def contact_point_details() -> dict:
    """Whom a person can ask about a change they did not make themselves."""
    return {
        "contact_email": settings.CONTACT_POINT_EMAIL,
        "hotline": settings.HOTLINE_NUMBER,
        "hotline_international": settings.HOTLINE_INTERNATIONAL,
    }
