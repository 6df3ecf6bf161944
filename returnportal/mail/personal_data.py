"""What the outbox holds about a person: the e-mails sent to them or naming them.

Registered with `returnportal.personal_data`: erasure blanks them (the rows stay counted),
a merge leaves them with the address they went to, and retention forgets old content.
"""

from django.utils.translation import gettext as _

from returnportal import personal_data
from returnportal.mail.models import OutgoingEmail
from returnportal.mail.services import email_forget, outbox_forget_older_than
from returnportal.personal_data import MergeCount, RetentionRule, Traces


class OutboxPersonalData(personal_data.PersonalData):
    def erase(self, person, traces: Traces) -> None:
        mentions = tuple(sorted(traces.mentions))
        # With no address left, the e-mails that merely name them are still found.
        for address in personal_data.addresses_of(traces) or [""]:
            email_forget(address=address, mentions=mentions)

    def merge_counts(self, discard) -> list[MergeCount]:
        sent = (
            OutgoingEmail.objects.filter(to__iexact=discard.email).count() if discard.email else 0
        )
        return [MergeCount(_("E-mails sent to its address"), sent)]


personal_data.register(
    OutboxPersonalData(
        retention=(
            RetentionRule(
                "outbox",
                "OUTBOX_RETENTION_DAYS",
                lambda *, before, now: outbox_forget_older_than(before=before),
            ),
        )
    )
)
