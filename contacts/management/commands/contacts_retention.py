from django.core.management.base import BaseCommand

from contacts import services


class Command(BaseCommand):
    help = (
        "Anonymise people inactive for longer than CONTACTS_RETENTION_DAYS (default 730); "
        "their contacts stay counted."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Override the setting.")

    def handle(self, *args, days=None, **options) -> None:
        count = services.person_anonymise_inactive(days=days)
        self.stdout.write(f"Anonymised {count} inactive people.")
