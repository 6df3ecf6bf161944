"""Shared links show a card (Open Graph, Twitter), and the site has a web app manifest."""

import json
import struct
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from returnportal.pages import icons
from surveys.returnee import returnee_survey_load
from tests.news.factories import ArticleFactory
from tests.workshops.factories import WorkshopFactory

pytestmark = pytest.mark.django_db

SITE = "https://portal.example"
TRICKY = 'Say "hi" <b>& more</b>'
REQUIRED = ("og:title", "og:description", "og:url", "og:type", "og:image", "og:locale")


class HeadReader(HTMLParser):
    """The <meta property|name> and <link rel> tags of a page's head."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.links: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (attrs.get("property") or attrs.get("name")):
            key = attrs.get("property") or attrs.get("name")
            self.meta.setdefault(key, []).append(attrs.get("content"))
        elif tag == "link":
            self.links[attrs["rel"]] = attrs["href"]


def head(client, path: str) -> HeadReader:
    response = client.get(path)
    assert response.status_code == 200
    reader = HeadReader()
    reader.feed(response.content.decode())
    return reader


def png_size(url: str) -> tuple[int, int]:
    """Width and height of a PNG in the static files, read from its IHDR chunk."""
    path = finders.find(url.removeprefix(SITE).removeprefix(settings.STATIC_URL))
    assert path, url
    with open(path, "rb") as file:
        data = file.read(24)
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def pages():
    """A path for each kind of page that people share."""
    workshop = WorkshopFactory(slug="start", status="published")
    article = ArticleFactory(slug="story")
    returnee_survey_load()
    return {
        "home": "/",
        "workshops": "/workshops/",
        "workshop": f"/workshops/{workshop.slug}/",
        "article": f"/news/{article.slug}/",
        "survey": "/survey/",
    }


@pytest.mark.parametrize("page", ["home", "workshops", "workshop", "article", "survey"])
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_shared_pages_have_a_card_with_absolute_addresses(client, pages, page, prefix):
    """Each page people share names its title, description, absolute URL, PNG image and locale."""
    path = prefix + pages[page] if page != "article" else pages[page]
    meta = head(client, path).meta
    assert all(meta.get(key, [""])[0] for key in REQUIRED), meta
    assert meta["og:url"] == [SITE + path]
    assert meta["og:image"][0].startswith(SITE + "/")
    assert meta["twitter:card"] == ["summary_large_image"]


def test_the_default_image_is_a_real_png_of_the_size_it_states(client, pages):
    """og:image is the 1200 x 630 PNG it says it is."""
    meta = head(client, "/").meta
    assert png_size(meta["og:image"][0]) == (1200, 630)
    assert meta["og:image:width"] == ["1200"] and meta["og:image:height"] == ["630"]
    assert meta["og:image:type"] == ["image/png"]


@pytest.mark.parametrize(
    ("path", "locale", "alternate"), [("/", "pl_PL", "en_GB"), ("/en/", "en_GB", "pl_PL")]
)
def test_the_locale_follows_the_language_and_names_the_other(client, path, locale, alternate):
    """A page in both languages gives its own locale and the other as an alternate."""
    meta = head(client, path).meta
    assert meta["og:locale"] == [locale]
    assert meta["og:locale:alternate"] == [alternate]


def test_an_article_is_shared_in_its_own_language_at_its_own_address(client):
    """An English article read under the Polish interface is still an en_GB article at /en/."""
    ArticleFactory(slug="in-english", language="en", title="Back home")
    meta = head(client, "/news/in-english/").meta
    assert meta["og:type"] == ["article"]
    assert meta["og:url"] == [f"{SITE}/en/news/in-english/"]
    assert meta["og:locale"] == ["en_GB"]
    assert "og:locale:alternate" not in meta


def test_titles_with_quotes_and_markup_are_escaped(client):
    """A title with quotes and < stays one attribute value, read back exactly as typed."""
    WorkshopFactory(slug="tricky", status="published", title=TRICKY, description=TRICKY)
    ArticleFactory(slug="tricky", title=TRICKY, lead=TRICKY)
    for path in ("/workshops/tricky/", "/news/tricky/"):
        html = client.get(path).content.decode()
        assert 'content="Say &quot;hi&quot; &lt;b&gt;&amp; more&lt;/b&gt;"' in html
        assert "<b>&" not in html.split("</head>")[0]
        meta = head(client, path).meta
        assert meta["og:title"] == [TRICKY]
        assert meta["og:description"] == [TRICKY]


@pytest.mark.parametrize(("prefix", "language"), [("", "pl"), ("/en", "en")])
def test_the_web_manifest_is_linked_and_lists_real_icons(client, prefix, language):
    """Each page links the manifest in its language; its icons are PNGs of the stated sizes."""
    links = head(client, f"{prefix}/").links
    assert links["manifest"] == f"{prefix}/manifest.webmanifest"
    assert png_size(links["apple-touch-icon"]) == (180, 180)
    response = client.get(links["manifest"])
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["lang"] == language
    assert manifest["start_url"] == f"{prefix}/"
    assert manifest["short_name"] == settings.PORTAL_NAME
    pngs = [icon for icon in manifest["icons"] if icon["type"] == "image/png"]
    assert {icon["sizes"] for icon in pngs} == {"192x192", "512x512"}
    for icon in pngs:
        width, height = png_size(icon["src"])
        assert icon["sizes"] == f"{width}x{height}"


def test_the_manifest_is_named_in_each_language(client):
    """The Polish and English manifests name the contact point in their own language."""
    polish = json.loads(client.get("/manifest.webmanifest").content)
    english = json.loads(client.get("/en/manifest.webmanifest").content)
    assert "Punkt Pierwszego Kontaktu" in polish["name"]
    assert "First Contact Point" in english["name"]


def test_the_committed_icons_are_what_the_generator_draws():
    """static/img's PNGs come from returnportal/pages/icons.py (the small ones are redrawn here)."""
    for name in ("icon-192.png", "apple-touch-icon.png"):
        width, height, mark, rounded = icons.IMAGES[name]
        drawn = icons.png(icons.draw(width, height, mark=mark, rounded=rounded), width, height)
        assert (icons.STATIC_IMG / name).read_bytes() == drawn
