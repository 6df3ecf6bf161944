from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from contacts.mailbox import MailboxUnavailable, mailbox_import


class Command(BaseCommand):
    help = (
        "File the new messages of the office mailbox (MAILBOX_URL) into cases and print how "
        "many ended how; messages filed before are only flagged on the server."
    )

    def add_arguments(self, parser):
        parser.add_argument("--url", default="", help="imaps://user:password@host/INBOX")
        parser.add_argument("--limit", type=int, default=None, help="Read at most N messages.")

    def handle(self, *args, url="", limit=None, **options) -> None:
        url = url or settings.MAILBOX_URL
        if not url:
            raise CommandError("MAILBOX_URL is not set and no --url was given: nothing to read.")
        try:
            counts = mailbox_import(url=url, limit=limit)
        except (MailboxUnavailable, ImproperlyConfigured) as exc:
            raise CommandError(f"The mailbox is unavailable: {exc}") from None
        for outcome, count in counts.items():
            self.stdout.write(f"{outcome}: {count}")
