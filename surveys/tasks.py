"""Periodic clean-up of unfinished answers."""

from celery import shared_task

from surveys.services import drafts_purge_expired


@shared_task
def survey_drafts_purge() -> int:
    """Delete drafts whose resume link has expired (partial answers are not kept longer)."""
    return drafts_purge_expired()
