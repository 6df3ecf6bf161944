from datetime import timedelta

import pytest
from django.utils import timezone

from returnportal.pages.privacy import current_notice_version
from tests.pages.factories import PrivacyNoticeFactory
from tests.workshops.factories import WorkshopFactory

pytestmark = pytest.mark.django_db


def test_version_falls_back_to_the_setting_without_a_published_notice(settings):
    """Before any notice is published, consents point at settings.PRIVACY_NOTICE_VERSION."""
    settings.PRIVACY_NOTICE_VERSION = "2026-01-01"
    PrivacyNoticeFactory(version="draft", published_at=None)
    assert current_notice_version() == "2026-01-01"


def test_version_is_the_latest_published_notice():
    """The notice published last is in force; drafts and future notices are not."""
    now = timezone.now()
    PrivacyNoticeFactory(version="1.0", published_at=now - timedelta(days=30))
    PrivacyNoticeFactory(version="1.1", published_at=now - timedelta(days=1))
    PrivacyNoticeFactory(version="2.0", published_at=now + timedelta(days=7))
    PrivacyNoticeFactory(version="3.0-draft", published_at=None)
    assert current_notice_version() == "1.1"


def test_privacy_page_shows_version_and_date(client):
    """/privacy/ names the version in force and the date it took effect."""
    notice = PrivacyNoticeFactory(version="1.1")
    content = client.get("/privacy/").content.decode()
    assert "<strong>1.1</strong>" in content
    assert f'datetime="{timezone.localtime(notice.published_at):%Y-%m-%d}"' in content
    assert "<h2>Administrator</h2>" in content


def test_english_privacy_page_shows_the_english_text(client):
    """/en/privacy/ shows the notice's English body."""
    PrivacyNoticeFactory()
    assert "<h2>Controller</h2>" in client.get("/en/privacy/").content.decode()


def test_privacy_page_without_a_notice_shows_the_fallback_version(client, settings):
    """With no notice published the page still answers, with the fallback version."""
    settings.PRIVACY_NOTICE_VERSION = "2026-01-01"
    response = client.get("/privacy/")
    assert response.status_code == 200
    assert "<strong>2026-01-01</strong>" in response.content.decode()


@pytest.mark.parametrize(
    ("path", "link"),
    [
        ("/contact/", 'href="/privacy/"'),
        ("/en/contact/", 'href="/en/privacy/"'),
        ("/workshops/interest/", 'href="/privacy/"'),
        ("/en/workshops/interest/", 'href="/en/privacy/"'),
        ("/en/workshops/{slug}/register/", 'href="/en/privacy/"'),
    ],
)
def test_forms_link_to_the_notice_in_the_language_of_the_page(client, path, link):
    """The consent links are reversed when the page is drawn, in its language."""
    workshop = WorkshopFactory()
    content = client.get(path.format(slug=workshop.slug)).content.decode()
    page_body = content.split("<footer")[0]  # the footer links to the notice on every page
    assert link in page_body
