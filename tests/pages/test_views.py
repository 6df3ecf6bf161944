import re

import pytest
from django.db import IntegrityError, transaction

from returnportal.pages.models import OfficeInfo, Page
from tests.news.factories import ArticleFactory
from tests.pages.factories import AccessibilityStatementFactory, PageFactory

pytestmark = pytest.mark.django_db

A11Y_IDS = [
    "a11y-wstep",
    "a11y-podmiot",
    "a11y-url",
    "a11y-data-publikacja",
    "a11y-data-aktualizacja",
    "a11y-status",
    "a11y-data-sporzadzenie",
    "a11y-data-przeglad",
    "a11y-kontakt",
    "a11y-osoba",
    "a11y-email",
    "a11y-telefon",
    "a11y-procedura",
    "a11y-architektura",
    "a11y-aplikacje",
]


def test_about_page_shows_the_text_in_the_visitor_language(client):
    """/about/ shows the Polish text, /en/about/ the English one, both sanitised."""
    PageFactory(body_pl="Tekst **po polsku** <script>alert(1)</script>")
    polish = client.get("/about/").content.decode()
    english = client.get("/en/about/").content.decode()
    assert "<strong>po polsku</strong>" in polish
    assert "<script>alert" not in polish
    assert "<strong>in English</strong>" in english


def test_english_falls_back_to_polish_when_not_translated(client):
    """A page without English text shows the Polish text rather than nothing."""
    PageFactory(title_en="", body_en="")
    content = client.get("/en/about/").content.decode()
    assert "<h1>O projekcie</h1>" in content


def test_about_page_answers_before_editors_write_it(client):
    """Without a Page row the about page still answers, with the office details."""
    response = client.get("/about/")
    assert response.status_code == 200
    assert "office-info" in response.content.decode()


def test_contact_details_show_the_office_hours(client):
    """/contact-details/ shows the office's address, hotline link and hours."""
    PageFactory(slug=Page.Slug.CONTACT, title_pl="Kontakt")
    OfficeInfo(
        address="ul. Testowa 5, Kielce",
        phone="800 111 222",
        email="biuro@example.org",
        hours_pl="pon.-pt. 8:00-16:00",
        hours_en="Mon-Fri 8:00-16:00",
    ).save()
    content = client.get("/contact-details/").content.decode()
    assert "ul. Testowa 5, Kielce" in content
    assert 'href="tel:+48800111222"' in content
    assert "<li>pon.-pt. 8:00-16:00</li>" in content


def test_office_info_is_a_single_row():
    """Saving office information twice keeps one row."""
    for phone in ("800 1", "800 2"):
        OfficeInfo(address="a", phone=phone, email="a@example.org", hours_pl="x").save()
    assert OfficeInfo.objects.count() == 1
    assert OfficeInfo.current().phone == "800 2"


def test_the_database_refuses_a_second_row_of_the_office_settings():
    """Even past save() (a bulk insert, a raw import), the constraint keeps one row."""
    statement = AccessibilityStatementFactory()
    statement.pk = 2
    with pytest.raises(IntegrityError), transaction.atomic():
        type(statement).objects.bulk_create([statement])
    with pytest.raises(IntegrityError), transaction.atomic():
        OfficeInfo.objects.bulk_create([OfficeInfo(pk=2, address="a", phone="1", hours_pl="x")])


def test_accessibility_statement_carries_every_required_id(client):
    """The statement has each a11y- id of the official structure exactly once."""
    AccessibilityStatementFactory()
    content = client.get("/accessibility/").content.decode()
    for element_id in A11Y_IDS:
        assert len(re.findall(rf'id="{element_id}"', content)) == 1, element_id
    assert 'datetime="2026-11-01"' in content
    assert "Rzecznik" in content


def test_accessibility_statement_in_english(client):
    """/en/accessibility/ answers with the same structure in English."""
    AccessibilityStatementFactory()
    content = client.get("/en/accessibility/").content.decode()
    assert 'id="a11y-status"' in content
    assert "Ground floor, ramp." in content


def test_kiosk_renders_full_screen_with_qr_codes_and_no_inline_script(client):
    """The kiosk has its own layout, QR codes as inline SVG, news, and only external script."""
    ArticleFactory(title="Kiosk story")
    content = client.get("/kiosk/").content.decode()
    assert 'class="kiosk"' in content
    assert "site-header" not in content
    assert content.count('<svg class="qr-code"') >= 2
    assert "Kiosk story" in content
    assert 'data-refresh-url="/kiosk/slides/"' in content
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", content) is None
    assert "style=" not in content


def test_kiosk_slides_fragment_is_html_without_layout(client):
    """The refresh endpoint returns the slides alone."""
    ArticleFactory(title="Fresh story")
    response = client.get("/kiosk/slides/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Fresh story" in content
    assert "<html" not in content
    assert 'class="kiosk-slide' in content


def test_kiosk_encodes_the_survey_and_contact_addresses(client, settings):
    """The default slides carry QR codes of the survey and the contact form."""
    settings.SITE_URL = "https://portal.example"
    content = client.get("/kiosk/").content.decode()
    assert content.count('<svg class="qr-code"') == 2


def test_kiosk_shows_workshops_with_a_qr_code_of_their_registration_page(
    client, settings, workshops_home_module
):
    """Slides from workshops.home.kiosk_slides() carry a QR code and the address in text."""
    settings.SITE_URL = "https://portal.example"
    content = client.get("/kiosk/").content.decode()
    assert "Starting a business" in content
    assert "12 December, Kielce" in content
    assert "portal.example/workshops/start/" in content
    assert content.count('<svg class="qr-code"') == 3


def test_robots_txt_points_at_the_sitemap(client, settings):
    """robots.txt keeps crawlers out of the workspace and names the sitemap."""
    settings.SITE_URL = "https://portal.example"
    response = client.get("/robots.txt")
    content = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /staff/" in content
    assert "Disallow: /admin/" in content
    assert "Sitemap: https://portal.example/sitemap.xml" in content


def test_sitemap_lists_pages_in_both_languages_and_public_articles(client):
    """sitemap.xml has the static pages in Polish and English and published articles only."""
    ArticleFactory(slug="public-story")
    ArticleFactory(slug="hidden-draft", status="draft", published_at=None)
    response = client.get("/sitemap.xml")
    content = response.content.decode()
    assert response.status_code == 200
    assert "http://testserver/about/" in content
    assert "http://testserver/en/about/" in content
    assert "http://testserver/accessibility/" in content
    assert "/news/public-story/" in content
    assert "hidden-draft" not in content


def test_favicon_ico_redirects_to_the_svg(client):
    """/favicon.ico redirects to the site's SVG icon."""
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")


@pytest.mark.parametrize("path", ["/", "/news/", "/about/", "/privacy/", "/accessibility/"])
def test_public_pages_answer(client, path):
    """Every public page of these apps answers 200 on an empty site."""
    assert client.get(path).status_code == 200
    assert client.get(f"/en{path}").status_code == 200


def test_unknown_article_gets_the_helpful_404(client):
    """A missing article answers 404 with links onward."""
    response = client.get("/news/no-such-story/")
    assert response.status_code == 404


@pytest.mark.parametrize(("path", "label"), [("/news/", "Aktualności"), ("/en/news/", "News")])
def test_the_current_section_is_marked_with_a_valid_aria_current(client, path, label):
    """The navigation marks the section shown with aria-current="page", not an escaped one."""
    page = client.get(path).text
    assert f'aria-current="page">{label}</a>' in page
    assert "&quot;page&quot;" not in page


def test_kiosk_qr_codes_encode_addresses_built_from_site_url(rf, settings, monkeypatch):
    """Every QR payload is SITE_URL plus the page, never the development 127.0.0.1."""
    from returnportal.pages.views import public as views

    settings.SITE_URL = "https://portal.example"
    encoded = []
    monkeypatch.setattr(views, "qr_svg", lambda url, **kwargs: encoded.append(url) or "")
    context = views.kiosk_context(rf.get("/kiosk/"))
    assert encoded == [context["survey_url"], context["contact_url"]]
    assert all(url.startswith("https://portal.example/") for url in encoded)
    assert not [url for url in encoded if "127.0.0.1" in url]
    assert context["survey_display_url"] == "portal.example/survey/"


def test_the_kiosk_qr_svg_carries_the_code_of_the_site_url(client, settings):
    """The rendered code is the one segno makes for the SITE_URL address, bit for bit."""
    import segno

    settings.SITE_URL = "https://portal.example"
    content = client.get("/kiosk/").content.decode()
    expected = segno.make("https://portal.example/survey/", error="m", micro=False)
    assert (
        expected.svg_inline(scale=10, border=2, omitsize=True).split('d="', 1)[1].split('"')[0]
        in content
    )


@pytest.mark.parametrize(
    ("site_url", "warned"),
    [
        ("http://127.0.0.1:8000", True),
        ("http://localhost:8000", True),
        ("http://[::1]:8000", True),
        ("https://portal.example", False),
    ],
)
def test_the_deploy_check_warns_when_site_url_is_this_machine(settings, site_url, warned):
    """check --deploy flags a SITE_URL that would put 127.0.0.1 into QR codes and e-mails."""
    from returnportal.pages.checks import site_url_is_public

    settings.SITE_URL = site_url
    assert [w.id for w in site_url_is_public()] == (["pages.W001"] if warned else [])
