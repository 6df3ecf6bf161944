"""What every write of the contact point shares: its error and the checks of what it is given."""

from collections.abc import Iterable

import phonenumbers
from django.conf import settings
from django.utils.translation import gettext as _

from contacts.models import Topic


class ContactsError(Exception):
    """A domain rule was broken; the message is for the user."""


def normalise_phone(phone: str) -> str:
    """E.164 form of a phone number (Polish numbers may omit +48); "" for nothing."""
    phone = (str(phone) if phone else "").strip()
    if not phone:
        return ""
    try:
        parsed = phonenumbers.parse(phone, settings.PHONENUMBER_DEFAULT_REGION)
    except phonenumbers.NumberParseException as exc:
        raise ContactsError(_("This phone number is not valid.")) from exc
    if not phonenumbers.is_valid_number(parsed):
        raise ContactsError(_("This phone number is not valid."))
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def check_topics(topics: Iterable[str]) -> list[str]:
    codes = list(dict.fromkeys(topics)) or [Topic.OTHER]
    unknown = set(codes) - set(Topic.values)
    if unknown:
        raise ContactsError(_("Unknown topic: %(codes)s.") % {"codes": ", ".join(sorted(unknown))})
    return codes


def check_choice(value: str, choices: type, message: str) -> None:
    if value not in choices.values:
        raise ContactsError(message)
