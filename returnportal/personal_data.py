"""Each app's part in what the portal holds about a person, declared by the app itself.

The person's record lives in `contacts`, but workshops, the survey and the outbox hold their
own traces of them. Every app that does has a module named `personal_data` (for example
`workshops/personal_data.py`) that registers a `PersonalData` part: how to find the person's
traces there, export them, erase them, move them in a merge, show them on the person's
timeline, and how long that app's data is kept. The modules are found at start-up by
`autodiscover_modules` (`returnportal.pages` does it in `ready()`), so that neither `contacts`
nor `returnportal` imports another app.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import reduce

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.module_loading import autodiscover_modules

# What an erased text or name reads as.
ERASED = "—"


@dataclass(frozen=True)
class Traces:
    """What identifies a person outside their record: the addresses they used, and the names
    and numbers that texts (the e-mails sent to them) may mention."""

    addresses: frozenset[str] = frozenset()
    mentions: frozenset[str] = frozenset()

    def __or__(self, other: "Traces") -> "Traces":
        return Traces(self.addresses | other.addresses, self.mentions | other.mentions)


@dataclass(frozen=True)
class RetentionRule:
    """One kind of personal data, the setting that says how many days it is kept, and what
    clears it: `clear(before=..., now=...)` returns how many records were cleared."""

    kind: str
    setting: str
    clear: Callable[..., int]

    @property
    def days(self) -> int:
        return getattr(settings, self.setting)


@dataclass(frozen=True)
class TimelineEntry:
    """One dated thing on the person's page, drawn by the owning app's `template`."""

    kind: str
    at: datetime
    item: object
    template: str = ""


@dataclass(frozen=True)
class MergeCount:
    """What moves to the kept record in a merge, for the merge screen."""

    label: str
    count: int


@dataclass
class PersonalData:
    """One app's part; override what applies and `register` an instance.

    `erase` runs inside the erasure's transaction with the traces every part found, before
    the record itself is blanked; `merge_check` raises to refuse a merge.
    """

    retention: tuple[RetentionRule, ...] = field(default=())

    def traces(self, person) -> Traces:
        return Traces()

    def export(self, person) -> dict[str, list]:
        return {}

    def erase(self, person, traces: Traces) -> None:
        return None

    def merge_check(self, *, keep, discard) -> None:
        return None

    def merge_counts(self, discard) -> list[MergeCount]:
        return []

    def merge_move(self, *, keep, discard) -> None:
        return None

    def timeline(self, person) -> list[TimelineEntry]:
        return []


_parts: list[PersonalData] = []


def register(part: PersonalData) -> PersonalData:
    """Add an app's part (once: a module imported again does not add it twice)."""
    if not any(type(known) is type(part) for known in _parts):
        _parts.append(part)
    return part


def discover() -> None:
    """Import every installed app's `personal_data` module (called once at start-up)."""
    autodiscover_modules("personal_data")


def parts() -> list[PersonalData]:
    return list(_parts)


def person_traces(person) -> Traces:
    return reduce(Traces.__or__, (part.traces(person) for part in _parts), Traces())


def person_export_sections(person) -> dict[str, list]:
    sections: dict[str, list] = {}
    for part in _parts:
        sections.update(part.export(person))
    return sections


def person_erase_everywhere(person, traces: Traces) -> None:
    for part in _parts:
        part.erase(person, traces)


def person_merge_check(*, keep, discard) -> None:
    for part in _parts:
        part.merge_check(keep=keep, discard=discard)


def person_merge_counts(discard) -> list[MergeCount]:
    return [count for part in _parts for count in part.merge_counts(discard)]


def person_merge_move(*, keep, discard) -> None:
    for part in _parts:
        part.merge_move(keep=keep, discard=discard)


def person_timeline(person) -> list[TimelineEntry]:
    return [entry for part in _parts for entry in part.timeline(person)]


def retention_rules() -> list[RetentionRule]:
    return [rule for part in _parts for rule in part.retention]


def addresses_of(traces: Traces) -> list[str]:
    """The traces' addresses, sorted, blanks left out."""
    return sorted(address for address in traces.addresses if address)


def clean_mentions(values: Iterable[str]) -> frozenset[str]:
    return frozenset(str(value) for value in values if value)


def admin_log_forget(model: type[models.Model], pks: Iterable[int]) -> None:
    """The admin's log names the objects it changed ("Anna Nowak <anna@…>"): blank those."""
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id__in=[str(pk) for pk in pks],
    ).update(object_repr=ERASED)
