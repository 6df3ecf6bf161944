"""The hotline: the free 800 line, and a number that works from abroad, where most callers are."""

import pytest

from returnportal.context_processors import tel_uri_number
from returnportal.settings import HOTLINE_NUMBER, OFFICE_ADDRESS

pytestmark = pytest.mark.django_db

ABROAD = "+48 41 300 00 00"


def test_the_defaults_are_the_contact_points_own_number_and_office():
    """The hotline from the project's materials; the office where the information panel stands."""
    assert HOTLINE_NUMBER == "800 888 998"
    assert "al. IX Wieków Kielc 3" in OFFICE_ADDRESS
    assert "Przykładowa" not in OFFICE_ADDRESS


@pytest.mark.parametrize(
    ("number", "uri"),
    [
        ("800 888 998", "+48800888998"),
        ("+48 41 300 00 00", "+48413000000"),
        ("0048 41 300 00 00", "+48413000000"),
        ("(41) 300-00-00", "+48413000000"),
    ],
)
def test_tel_links_always_carry_a_country_code(number, uri):
    """A caller abroad dials the link as it is: without +48 it would ring their own country."""
    assert tel_uri_number(number) == uri


@pytest.mark.parametrize(
    ("path", "label"),
    [
        ("/", "Dzwonisz z zagranicy"),
        ("/en/", "Calling from abroad"),
        ("/contact/", "spoza Polski dzwoń pod numer"),
        ("/en/contact/", "from outside Poland call"),
    ],
)
def test_the_international_number_is_shown_beside_the_free_line(client, settings, path, label):
    """Home, the contact page and every footer show the number that works from abroad."""
    settings.HOTLINE_INTERNATIONAL = ABROAD
    content = client.get(path).content.decode()
    assert label in content
    link = f'<a href="tel:+48413000000">{ABROAD}</a>'
    assert content.count(link) >= 2  # the page's own mention and the footer's
    assert 'href="tel:+48800888998">800 888 998</a>' in content


def test_without_an_international_number_nothing_pretends_to_be_one(client, settings):
    """Until the office has one, no 'from abroad' line with an empty link appears."""
    settings.HOTLINE_INTERNATIONAL = ""
    for path in ("/", "/contact/", "/en/contact/"):
        content = client.get(path).content.decode()
        assert "zagranicy:" not in content and "From abroad" not in content
        assert 'href="tel:+48"' not in content
