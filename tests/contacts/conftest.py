import pytest

from tests.conftest import free_port, skip_or_fail
from tests.mailserver import MailServer, dovecot_missing


@pytest.fixture
def eager_mail(django_capture_on_commit_callbacks):
    """Run the outbox task in-process even when REDIS_URL points at a real broker."""
    from returnportal.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield django_capture_on_commit_callbacks
    app.conf.task_always_eager = before


# The office mailbox: a private Dovecot -------------------------------------------------------
@pytest.fixture(scope="session")
def mail_server():
    """A Dovecot IMAP server on a free loopback port for the whole session."""
    if reason := dovecot_missing():
        skip_or_fail(reason)
    server = MailServer(free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mailbox(mail_server, settings, db):
    """An empty INBOX on the private Dovecot, with MAILBOX_URL pointing at it."""
    mail_server.empty()
    settings.MAILBOX_URL = mail_server.url
    return mail_server
