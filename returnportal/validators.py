"""Checks shared by the public forms."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# A name is greeted in the e-mails the office sends to the address typed beside it, so it must
# not carry a link or an address: the portal is no relay for a stranger's message.
NAME_MAX_LENGTH = 100
_NOT_A_NAME = re.compile(r"https?:|www\.|://|@|<|>|\b[a-z0-9-]+\.(?:com|net|org|pl|ru|io)\b", re.I)


def validate_person_name(value: str) -> None:
    """Refuse a "name" that is a link, an address or markup, or too long to be one."""
    if len(value) > NAME_MAX_LENGTH:
        raise ValidationError(
            _("A name has at most %(max)d characters."),
            code="name_too_long",
            params={"max": NAME_MAX_LENGTH},
        )
    if _NOT_A_NAME.search(value):
        raise ValidationError(
            _("Give your name only, without links or e-mail addresses."), code="not_a_name"
        )
