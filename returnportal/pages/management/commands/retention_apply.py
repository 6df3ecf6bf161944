"""Apply the portal's retention policy now (Celery beat also runs it daily)."""

from django.core.management.base import BaseCommand

from returnportal.retention import POLICY, retention_apply, retention_days


class Command(BaseCommand):
    help = "Anonymise personal data kept longer than the retention policy allows."

    def handle(self, *args, **options) -> None:
        for kind, count in retention_apply().items():
            self.stdout.write(
                f"{kind}: {count} cleared (kept {retention_days(kind)} days, {POLICY[kind][0]})"
            )
