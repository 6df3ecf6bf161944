"""The demo content loads, twice without duplicates."""

import pytest

from workshops import demo
from workshops.models import Registration, Workshop

pytestmark = pytest.mark.django_db


def test_demo_loads_idempotently():
    """Loading the demo twice leaves the same workshops and registrations."""
    demo.load()
    demo.load()
    assert Workshop.objects.count() == len(demo.WORKSHOPS)
    assert Registration.objects.count() == len(demo.PEOPLE)
    assert Workshop.objects.upcoming().filter(language="en").exists()
    assert Workshop.objects.past().exists()
    full = Workshop.objects.with_seats().get(slug="dotacje-na-start")
    assert full.state() == Workshop.State.WAITING_LIST
