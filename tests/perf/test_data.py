"""The benchmark's data generator builds the sizes it promises (`make bench` relies on it)."""

import pytest

from contacts.models import Case, Contact, Person
from returnportal.news.models import Article
from surveys.models import Answer, Response
from tests.factories import StaffUserFactory
from tests.perf import data
from workshops.models import Registration, Workshop

pytestmark = pytest.mark.django_db


def test_small_set_then_growth_reach_the_sizes():
    """Growing from the small set adds exactly what the bigger size lacks."""
    staff = StaffUserFactory()
    bigger = data.LARGE.scaled(0.02)
    data.grow(data.SMALL, staff=staff)
    data.grow(bigger, start=data.SMALL, staff=staff)
    assert Person.objects.count() == Case.objects.count() == bigger.people
    assert Contact.objects.count() == bigger.people * data.CONTACTS_PER_PERSON
    assert Workshop.objects.count() == bigger.workshops
    assert Registration.objects.count() == bigger.registrations
    assert Response.objects.count() == bigger.responses
    assert Answer.objects.filter(response__submission_token__startswith="bench-").exists()
    assert Article.objects.published().count() == bigger.articles
    assert all(w.seats_taken <= w.capacity for w in Workshop.objects.with_seats())
