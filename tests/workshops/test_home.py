"""The workshops' contributions to the home page and the kiosk."""

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

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
