"""The workshops' contributions to the home page and the kiosk."""

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone, translation

from tests.workshops.factories import WorkshopFactory
from workshops import home

pytestmark = pytest.mark.django_db


def test_home_block_lists_the_next_workshops():
    """The home block shows the next three upcoming workshops with their seats."""
    for days in (1, 2, 3, 4):
        WorkshopFactory(title=f"In {days} days", starts_at=timezone.now() + timedelta(days=days))
    (block,) = home.home_blocks(RequestFactory().get("/"))
    assert block.startswith('<section class="home-block"')
    assert "In 3 days" in block
    assert "In 4 days" not in block


def test_kiosk_slides_only_for_workshops_open_for_registration():
    """The kiosk shows workshops one can still register for, linking to their page."""
    open_one = WorkshopFactory(title="Open")
    WorkshopFactory(title="Closed", registration_closes_at=timezone.now() - timedelta(hours=1))
    slides = home.kiosk_slides(RequestFactory().get("/kiosk/"))
    assert [(s["title"], s["url"]) for s in slides] == [("Open", open_one.get_absolute_url())]
    assert "Kielce" in slides[0]["text"]


def test_home_block_is_cached_until_seats_change(django_assert_num_queries, book_seat):
    """A warm home block costs no query; a registration shows at once."""
    workshop = WorkshopFactory(capacity=5)
    request = RequestFactory().get("/")
    with translation.override("en"):
        assert "5 seats left" in home.home_blocks(request)[0]
        with django_assert_num_queries(0):
            home.home_blocks(request)
        book_seat(workshop)
        assert "4 seats left" in home.home_blocks(request)[0]


def test_home_page_shows_a_seat_change_at_once(client, book_seat):
    """The home page's body is cached under the workshops version, so a registration shows."""
    workshop = WorkshopFactory(capacity=5)
    assert "5 seats left" in client.get("/en/").text
    book_seat(workshop)
    assert "4 seats left" in client.get("/en/").text
