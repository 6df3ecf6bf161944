"""Apply the portal's retention policy now (Celery beat also runs it daily)."""

from django.core.management.base import BaseCommand

from returnportal.retention import retention_apply, retention_policy


class Command(BaseCommand):
    help = "Anonymise personal data kept longer than the retention policy allows."

    def handle(self, *args, **options) -> None:
        policy = retention_policy()
        for kind, count in retention_apply().items():
            rule = policy[kind]
            self.stdout.write(f"{kind}: {count} cleared (kept {rule.days} days, {rule.setting})")
