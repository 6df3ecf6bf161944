"""Create or update the returnee survey (idempotent)."""

from django.core.management.base import BaseCommand

from surveys.returnee import returnee_survey_load


class Command(BaseCommand):
    help = "Create or update the survey for people coming back from abroad (safe to run again)."

    def handle(self, *args, **options) -> None:
        survey = returnee_survey_load()
        count = survey.questions().count()
        self.stdout.write(
            self.style.SUCCESS(f"Survey '{survey.slug}' is in place ({count} questions).")
        )
