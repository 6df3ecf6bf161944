"""Writes of the contact point: people, cases, contacts and referrals.

One module per part; everything other code calls is importable from here.
"""

from contacts.services.cases import (
    WRITTEN_CHANNELS,
    case_log_contact,
    case_open,
    case_submit_public_question,
    case_update,
    referral_create,
    referral_set_outcome,
    working_days_after,
)
from contacts.services.checks import ContactsError, normalise_phone
from contacts.services.people import (
    person_from_public_claim,
    person_match_or_create,
    person_record_consent,
)

__all__ = [
    "WRITTEN_CHANNELS",
    "ContactsError",
    "case_log_contact",
    "case_open",
    "case_submit_public_question",
    "case_update",
    "normalise_phone",
    "person_from_public_claim",
    "person_match_or_create",
    "person_record_consent",
    "referral_create",
    "referral_set_outcome",
    "working_days_after",
]
