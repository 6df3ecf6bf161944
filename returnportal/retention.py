"""One retention policy for the whole portal: how long each kind of personal data is kept.

Each app declares its kinds of data, the setting (in days) that keeps them and what clears
them, in its `personal_data` module (see `returnportal.personal_data`). Where statistics need
the counts the data is anonymised rather than deleted: a contact keeps its channel and date,
a registration its attendance, a survey response its answers, an outbox row its status, a
mailbox import row its outcome.
"""

from datetime import datetime, timedelta

from django.utils import timezone

from returnportal.personal_data import RetentionRule, retention_rules


def retention_policy() -> dict[str, RetentionRule]:
    """Every kind of personal data the apps keep, by kind."""
    return {rule.kind: rule for rule in retention_rules()}


def retention_days(kind: str) -> int:
    return retention_policy()[kind].days


def retention_apply(*, now: datetime | None = None) -> dict[str, int]:
    """Apply every period of the policy; return how many records of each kind were cleared."""
    now = now or timezone.now()
    return {
        rule.kind: rule.clear(before=now - timedelta(days=rule.days), now=now)
        for rule in retention_rules()
    }
