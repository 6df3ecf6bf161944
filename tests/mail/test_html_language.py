"""Every e-mail's HTML declares the language it is written in and has its subject as title."""

from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loaders.app_directories import get_app_template_dirs

from contacts.correspondence import case_reply_send
from contacts.services import case_submit_public_question
from returnportal.accounts.tasks import password_reset_send
from returnportal.mail.models import OutgoingEmail
from surveys.services import draft_email_resume_link, draft_start
from tests.contacts.factories import CaseFactory
from tests.factories import StaffUserFactory
from tests.surveys.factories import SurveyFactory
from tests.workshops.test_emails import make_every_kind

pytestmark = pytest.mark.django_db


class HeadReader(HTMLParser):
    """The `lang` of <html> and the text of <title>."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def html_email_kinds() -> set[str]:
    """The kind of every HTML e-mail template, site-wide and in every app."""
    roots = [*settings.TEMPLATES[0]["DIRS"], *get_app_template_dirs("templates")]
    return {
        path.stem
        for root in roots
        for path in Path(root).glob("**/email/*.html")
        if not path.name.startswith("_")
    }


def send_every_email(language: str) -> None:
    """Every kind of e-mail, each made by the service that sends it in real use."""
    make_every_kind(language)
    case_submit_public_question(
        name="Ewa",
        email="ewa@example.org",
        phone="",
        language=language,
        topic="work",
        message="Where do I register?",
        form_token=f"token-{language}",
    )
    case_reply_send(
        case=CaseFactory(person__email="jan@example.org"),
        staff=StaffUserFactory(),
        subject="Your question",
        body="Here is the answer.",
        language=language,
    )
    draft_email_resume_link(
        draft=draft_start(survey=SurveyFactory()), email="anna@example.org", language=language
    )
    StaffUserFactory(email=f"clerk-{language}@re-turn.example")
    password_reset_send(email=f"clerk-{language}@re-turn.example", language=language)


@pytest.mark.parametrize("language", ["pl", "en"])
def test_every_email_declares_its_language_and_title(language):
    """Each HTML body says <html lang> in the language it was written in, titled by its subject."""
    send_every_email(language)
    emails = list(OutgoingEmail.objects.all())
    assert {e.kind for e in emails} >= html_email_kinds()
    assert {e.language for e in emails} >= {language}
    for email in emails:
        head = HeadReader()
        head.feed(email.body_html)
        assert (email.kind, head.lang) == (email.kind, email.language)
        assert head.title.strip() == email.subject


def test_an_english_email_is_not_marked_polish():
    """An English message says lang="en" even though Polish is the site's default language."""
    send_every_email("en")
    reminder = OutgoingEmail.objects.get(kind="reminder")
    assert '<html lang="en">' in reminder.body_html
