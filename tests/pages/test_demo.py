import pytest

from returnportal.news import demo as news_demo
from returnportal.news.models import Article
from returnportal.pages import demo as pages_demo
from returnportal.pages.models import AccessibilityStatement, OfficeInfo, Page, PrivacyNotice
from returnportal.pages.privacy import current_notice_version

pytestmark = pytest.mark.django_db


def test_demo_content_loads_twice_without_duplicates(client, settings):
    """Loading the demo twice leaves one copy of everything, and the pages show it."""
    for _ in range(2):
        news_demo.load()
        pages_demo.load()
    assert Article.objects.published().for_language("pl").count() == 5
    assert Article.objects.published().for_language("en").count() == 5
    assert Page.objects.count() == 2
    assert PrivacyNotice.objects.count() == 1
    assert OfficeInfo.objects.count() == AccessibilityStatement.objects.count() == 1
    assert current_notice_version() == settings.PRIVACY_NOTICE_VERSION
    assert "Re-Turn" in client.get("/en/about/").content.decode()
    assert "UODO" in client.get("/privacy/").content.decode()
