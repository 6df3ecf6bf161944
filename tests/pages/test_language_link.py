"""The language switcher links to this site only, whatever path the request names."""

import re
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.django_db

LANGUAGE_LINK = re.compile(r'<a href="([^"]*)" lang="(?:pl|en)" hreflang="(?:pl|en)"')

HOSTILE_PATHS = [
    "//evil.example/workshops/",
    "//evil.example/x",
    "///evil.example/x",
    "/\\evil.example/x",
    "/\\/evil.example/x",
    "/%2F%2Fevil.example/x",
    "/%5Cevil.example/x",
    "https://evil.example/workshops/",
    "https:/evil.example/x",
    "/https://evil.example/x",
    "/en//evil.example/workshops/",
    "/en/\\evil.example/x",
]


def language_links(html: str) -> list[str]:
    return [link.replace("&amp;", "&") for link in LANGUAGE_LINK.findall(html)]


def assert_same_site(link: str) -> None:
    parts = urlsplit(link)
    assert link.startswith("/") and link[1:2] not in ("/", "\\"), link
    assert not parts.scheme and not parts.netloc, link


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_a_hostile_path_gets_a_language_link_on_this_site(client, path):
    """The 404 page's switcher never points at the host a crafted path names."""
    response = client.get("/", PATH_INFO=path)
    assert response.status_code == 404
    links = language_links(response.text)
    assert links, "the 404 page shows the language switcher"
    for link in links:
        assert_same_site(link)
        assert "evil.example" not in link


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", "/en/"),
        ("/workshops/", "/en/workshops/"),
        ("/en/workshops/", "/workshops/"),
        ("/news/", "/en/news/"),
        ("/workshops/?next=//evil.example/", "/en/workshops/?next=%2F%2Fevil.example%2F"),
    ],
)
def test_a_normal_page_links_to_itself_in_the_other_language(client, path, expected):
    """On pages that exist, the link is the same page in the other language."""
    response = client.get(path)
    assert response.status_code == 200
    assert language_links(response.text) == [expected]


def test_a_missing_page_under_a_real_view_keeps_its_path(client):
    """A 404 from a view (an unknown news slug) links to that address in the other language."""
    response = client.get("/en/news/no-such-article/")
    assert response.status_code == 404
    assert language_links(response.text) == ["/news/no-such-article/"]
