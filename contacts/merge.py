"""Two records of one person: the likely duplicates, what a merge would move, and the merge.

The record that stays keeps its pk and gains everything the other held; the other stays as
an empty row marked `merged_into`, so that old links and the history lead to the one kept.
"""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_update_with_history

from contacts.models import Case, Contact, Person, Referral
from contacts.services import ContactsError
from returnportal import personal_data
from returnportal.accounts.audit import audit_log
from returnportal.personal_data import MergeCount

DUPLICATES_LIMIT = 50
KEEP, DISCARD = "keep", "discard"

# What staff choose between, each with the fields that go together (a consent is a date, a
# channel and a notice version; the e-mail brings whether it bounced).
MERGE_FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("name",),
    "email": ("email", "email_undeliverable_at", "email_undeliverable_reason"),
    "phone": ("phone",),
    "language": ("language",),
    "kind": ("kind",),
    "country": ("country",),
    "time_zone": ("time_zone",),
    "home_county": ("home_county",),
    "months_away": ("months_away",),
    "return": ("return_month", "return_year"),
    "consent": ("consent_given_at", "consent_channel", "consent_notice_version"),
}
MERGE_LABELS = {
    "name": gettext_lazy("Name"),
    "email": gettext_lazy("E-mail"),
    "phone": gettext_lazy("Phone"),
    "language": gettext_lazy("Preferred language"),
    "kind": gettext_lazy("Kind"),
    "country": gettext_lazy("Lives in"),
    "time_zone": gettext_lazy("Time zone"),
    "home_county": gettext_lazy("Home county"),
    "months_away": gettext_lazy("Months away"),
    "return": gettext_lazy("Return"),
    "consent": gettext_lazy("Consent"),
}
# What identifies the merged record or moved from it; blanked once the values moved.
BLANKED = {
    "name": "",
    "email": "",
    "phone": "",
    "country": "",
    "stay_countries": [],
    "months_away": None,
    "return_month": None,
    "return_year": None,
    "home_county": "",
    "consent_given_at": None,
    "consent_channel": "",
    "consent_notice_version": "",
    "email_undeliverable_at": None,
    "email_undeliverable_reason": "",
    "possible_duplicate_of": None,
}
REASONS = {
    "flag": gettext_lazy("flagged by a public form"),
    "email": gettext_lazy("same e-mail"),
    "phone": gettext_lazy("same phone"),
    "name": gettext_lazy("similar name"),
}


class PersonMergeError(ContactsError):
    """These two records cannot be merged (now); the message says why, for staff."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


# Reads -----------------------------------------------------------------------------------------
@dataclass
class DuplicatePair:
    person: Person
    other: Person
    reasons: list[str] = field(default_factory=list)

    @property
    def people(self) -> tuple[Person, Person]:
        return self.person, self.other


def duplicate_pairs(*, limit: int = DUPLICATES_LIMIT) -> list[DuplicatePair]:
    """The first `limit` likely duplicates, each pair once with all its reasons, in the order
    of their strongest reason; at most three queries however many people there are."""
    # A pair comes once per reason, so this many rows hold `limit` pairs when there are.
    rows = list(Person.objects.likely_duplicates()[: limit * len(REASONS)])
    rows += [(*pair, len(REASONS), "name") for pair in Person.objects.similar_names(limit=limit)]
    people = Person.objects.in_bulk({pk for row in rows for pk in row[:2]})
    pairs: dict[tuple[int, int], DuplicatePair] = {}
    for person_pk, other_pk, _rank, reason in rows:
        pair = pairs.setdefault(
            (person_pk, other_pk), DuplicatePair(people[person_pk], people[other_pk])
        )
        if str(REASONS[reason]) not in pair.reasons:
            pair.reasons.append(str(REASONS[reason]))
    return list(pairs.values())[:limit]


def merge_moves(discard: Person) -> list[MergeCount]:
    """What moves from `discard`, for the merge screen: its cases with their contacts and
    referrals, then what every other app holds of it (registrations, survey consents, the
    outbox's e-mails to its address)."""
    return [
        MergeCount(_("Cases"), discard.cases.count()),
        MergeCount(_("Contacts"), Contact.objects.filter(case__person=discard).count()),
        MergeCount(_("Referrals"), Referral.objects.filter(case__person=discard).count()),
        *personal_data.person_merge_counts(discard),
    ]


def merge_value(person: Person, key: str):
    """The value of a choice in `MERGE_FIELDS` on `person`, as one comparable tuple."""
    return tuple(getattr(person, name) for name in MERGE_FIELDS[key])


def merge_default(keep: Person, discard: Person, key: str) -> str:
    """The kept record's value unless it has none and the other has one."""
    if _is_empty(merge_value(keep, key)) and not _is_empty(merge_value(discard, key)):
        return DISCARD
    return KEEP


def person_merged_into(person: Person) -> Person:
    """The record that stands for `person` now: itself, or the end of its chain of merges."""
    seen = {person.pk}
    while person.merged_into_id and person.merged_into_id not in seen:
        seen.add(person.merged_into_id)
        person = Person.objects.get(pk=person.merged_into_id)
    return person


def person_merge_check(*, keep: Person, discard: Person) -> None:
    """Raise PersonMergeError unless `discard` can be merged into `keep` as they are now."""
    if keep.pk == discard.pk:
        raise PersonMergeError(
            _("A record cannot be merged with itself. Choose two different people."),
            code="same_person",
        )
    for person in (keep, discard):
        if person.is_anonymised:
            raise PersonMergeError(
                _("Person #%(pk)s has been erased; an erased record cannot be merged.")
                % {"pk": person.pk},
                code="erased",
            )
        if person.merged_into_id:
            raise PersonMergeError(
                _("Person #%(pk)s has already been merged into #%(into)s.")
                % {"pk": person.pk, "into": person.merged_into_id},
                code="already_merged",
            )
    personal_data.person_merge_check(keep=keep, discard=discard)


# The merge -------------------------------------------------------------------------------------
def person_merge(*, keep: Person, discard: Person, choices: dict[str, str], staff) -> Person:
    """Merge `discard` into `keep` in one transaction and return the kept record.

    `choices` says, per key of `MERGE_FIELDS`, whose value stays (KEEP or DISCARD; a missing
    key takes `merge_default`). Cases (with their contacts, referrals and attachments),
    workshop registrations, survey consents and possible-duplicate flags of others move to
    `keep`; e-mails in the outbox and the mailbox's ledger stay with the address they went to
    or came from. `discard` is marked merged and blanked; both changes are in the history.
    """
    unknown = {key for key in choices if key not in MERGE_FIELDS} | {
        value for value in choices.values() if value not in (KEEP, DISCARD)
    }
    if unknown:
        raise ValueError(f"unknown merge choices: {sorted(map(str, unknown))}")
    try:
        with transaction.atomic():
            # Both rows, the lower pk first whichever is kept: two clerks merging the same pair
            # (either way round) queue behind one another instead of deadlocking, and the
            # second then finds the merge done.
            locked = {
                pk: Person.objects.select_for_update().get(pk=pk)
                for pk in sorted((keep.pk, discard.pk))
            }
            keep, discard = locked[keep.pk], locked[discard.pk]
            person_merge_check(keep=keep, discard=discard)
            values = {}
            for key, names in MERGE_FIELDS.items():
                choice = choices.get(key) or merge_default(keep, discard, key)
                source = discard if choice == DISCARD else keep
                values.update({name: getattr(source, name) for name in names})
            _move_records(keep=keep, discard=discard, staff=staff)
            _merge_people(keep=keep, discard=discard, values=values, staff=staff)
            transaction.on_commit(
                lambda: audit_log.info(
                    "person_merged user=%s kept=%s merged=%s", staff.pk, keep.pk, discard.pk
                )
            )
    except IntegrityError as exc:
        # Another person took the chosen number or address: nothing was merged.
        raise PersonMergeError(
            _(
                "Another person already has this e-mail address or phone number; "
                "nothing was merged."
            ),
            code="conflict",
        ) from exc
    return keep


def _move_records(*, keep: Person, discard: Person, staff) -> None:
    # Change reasons are records, not messages: the same words whoever reads them.
    reason = f"merged into #{keep.pk}"
    cases = list(Case.objects.filter(person=discard))
    for case in cases:
        case.person = keep
    # One history row per case, so a case's history says whose it was.
    bulk_update_with_history(
        cases, Case, ["person"], default_user=staff, default_change_reason=reason
    )
    personal_data.person_merge_move(keep=keep, discard=discard)
    flagged = list(Person.objects.filter(possible_duplicate_of=discard).exclude(pk=keep.pk))
    for person in flagged:
        person.possible_duplicate_of = keep
    bulk_update_with_history(
        flagged,
        Person,
        ["possible_duplicate_of"],
        default_user=staff,
        default_change_reason=reason,
    )


def _merge_people(*, keep: Person, discard: Person, values: dict, staff) -> None:
    now = timezone.now()
    stay_countries = list(dict.fromkeys(map(str, [*keep.stay_countries, *discard.stay_countries])))
    # A flag between the two is settled; a flag to a third person stays, on either record:
    # the chosen phone may be the one it shares with them.
    flag = next(
        (
            pk
            for pk in (keep.possible_duplicate_of_id, discard.possible_duplicate_of_id)
            if pk and pk not in (keep.pk, discard.pk)
        ),
        None,
    )
    created_at = min(keep.created_at, discard.created_at)
    last_activity_at = max(keep.last_activity_at, discard.last_activity_at)

    # First free the e-mail and phone (both unique), then give them to the kept record.
    for name, value in BLANKED.items():
        setattr(discard, name, value)
    discard.merged_into = keep
    discard.merged_at = now
    discard._change_reason = f"merged into #{keep.pk}"
    discard._history_user = staff
    discard.save()

    for name, value in values.items():
        setattr(keep, name, value)
    keep.stay_countries = stay_countries
    keep.possible_duplicate_of_id = flag
    keep.created_at = created_at
    keep.last_activity_at = last_activity_at
    keep._change_reason = f"merged with #{discard.pk}"
    keep._history_user = staff
    keep.save()


def _is_empty(value: tuple) -> bool:
    return all(part in (None, "", []) for part in value)
