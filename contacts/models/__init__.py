"""The First Contact Point's record: people, cases, every contact, institutions and referrals.

One module per part of the record; every model and code list is importable from here.
"""

from contacts.models.cases import (
    Case,
    CaseTopic,
    Contact,
    ContactAttachment,
    attachment_path,
)
from contacts.models.choices import Channel, County, Direction, Topic
from contacts.models.institutions import Institution, Referral
from contacts.models.mail import MailboxMessage, ReplyTemplate
from contacts.models.people import DEFAULT_TIME_ZONE, Person, validate_time_zone
from returnportal.languages import Language

__all__ = [
    "DEFAULT_TIME_ZONE",
    "Case",
    "CaseTopic",
    "Channel",
    "Contact",
    "ContactAttachment",
    "County",
    "Direction",
    "Institution",
    "Language",
    "MailboxMessage",
    "Person",
    "Referral",
    "ReplyTemplate",
    "Topic",
    "attachment_path",
    "validate_time_zone",
]
