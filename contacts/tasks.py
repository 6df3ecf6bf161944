import logging
import uuid

from celery import shared_task
from django.conf import settings
from django.core.cache import cache

from contacts.mailbox import MailboxUnavailable, mailbox_import

logger = logging.getLogger(__name__)

# Longer than a run of MAILBOX_RUN_LIMIT messages takes; should a run outlast it, a second one
# may overlap, which only wastes work (the ledger's unique constraint files each message once).
MAILBOX_LOCK_SECONDS = 15 * 60
MAILBOX_LOCK_KEY = "contacts:mailbox-import"
# Each beat run reads at most this many messages, so that a backlog is worked off in steps.
MAILBOX_RUN_LIMIT = 500


# Beat sends one every minute: a run that starts late is as good as the next one, so a queue
# that waited longer than a minute (a worker was down) does not run the import over and over.
@shared_task(expires=55)
def mailbox_import_task() -> dict[str, int] | None:
    """File the office mailbox into cases (run every minute by beat); nothing when unset.

    An unavailable mailbox is logged and not retried: beat starts the next run within a
    minute, which is the retry, and a retry of our own would only meet that run at the lock.
    Overlapping runs are kept apart by a cache lock; the second one returns at once.
    """
    if not settings.MAILBOX_URL:
        return None
    token = uuid.uuid4().hex
    if not cache.add(MAILBOX_LOCK_KEY, token, timeout=MAILBOX_LOCK_SECONDS):
        logger.info("mailbox import already running; this run is skipped")
        return None
    try:
        return mailbox_import(limit=MAILBOX_RUN_LIMIT)
    except MailboxUnavailable as exc:
        logger.warning("mailbox import: the mailbox is unavailable, next run in a minute: %s", exc)
        return None
    finally:
        # Only our own lock: one that expired and was taken by the next run stays.
        if cache.get(MAILBOX_LOCK_KEY) == token:
            cache.delete(MAILBOX_LOCK_KEY)
