"""The workshops' contributions to the home page and the kiosk."""

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone, translation

from tests.workshops.factories import WorkshopFactory
from workshops import home, services

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


def test_home_block_is_cached_until_seats_change(
    django_assert_num_queries, django_capture_on_commit_callbacks
):
    """A warm home block costs no query; a registration shows at once."""
    workshop = WorkshopFactory(capacity=5)
    request = RequestFactory().get("/")
    with translation.override("en"):
        assert "5 seats left" in home.home_blocks(request)[0]
        with django_assert_num_queries(0):
            home.home_blocks(request)
        with django_capture_on_commit_callbacks(execute=True):
            services.registration_create(
                workshop_id=workshop.pk,
                name="Ewa",
                email="ewa@example.org",
                participant_type="migrant",
                language="en",
            )
        assert "4 seats left" in home.home_blocks(request)[0]
