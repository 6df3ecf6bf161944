"""Tests of the workshop and registration models and their querysets."""

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from tests.workshops.factories import (
    InterestSubscriptionFactory,
    RegistrationFactory,
    WorkshopFactory,
)
from workshops.models import Audience, InterestSubscription, Registration, Workshop, WorkshopTopic

pytestmark = pytest.mark.django_db


def test_upcoming_lists_published_future_workshops_soonest_first():
    """upcoming() holds published workshops not yet over, ordered by start."""
    later = WorkshopFactory(starts_at=timezone.now() + timedelta(days=20))
    sooner = WorkshopFactory(starts_at=timezone.now() + timedelta(days=2))
    WorkshopFactory(status=Workshop.Status.DRAFT)
    WorkshopFactory(starts_at=timezone.now() - timedelta(days=2))
    assert list(Workshop.objects.upcoming()) == [sooner, later]


def test_past_lists_finished_workshops_latest_first():
    """past() holds published workshops that are over, the latest first."""
    old = WorkshopFactory(starts_at=timezone.now() - timedelta(days=30))
    recent = WorkshopFactory(starts_at=timezone.now() - timedelta(days=3))
    WorkshopFactory()
    assert list(Workshop.objects.past()) == [recent, old]


def test_with_seats_counts_confirmed_and_waiting():
    """with_seats() annotates confirmed and waiting counts, ignoring cancelled rows."""
    workshop = WorkshopFactory(capacity=2)
    RegistrationFactory.create_batch(2, workshop=workshop)
    RegistrationFactory(workshop=workshop, status=Registration.Status.WAITING)
    RegistrationFactory(
        workshop=workshop, status=Registration.Status.CANCELLED, cancelled_at=timezone.now()
    )
    annotated = Workshop.objects.with_seats().get()
    assert (annotated.seats_taken, annotated.waiting_count, annotated.seats_left) == (2, 1, 0)


@pytest.mark.parametrize(
    ("changes", "state"),
    [
        ({}, Workshop.State.OPEN),
        ({"status": Workshop.Status.CANCELLED}, Workshop.State.CANCELLED),
        ({"status": Workshop.Status.DRAFT}, Workshop.State.CLOSED),
        (
            {"registration_opens_at": timezone.now() + timedelta(days=1)},
            Workshop.State.NOT_YET_OPEN,
        ),
        ({"registration_closes_at": timezone.now() - timedelta(hours=1)}, Workshop.State.CLOSED),
        ({"capacity": 1}, Workshop.State.WAITING_LIST),
        ({"capacity": 1, "has_waiting_list": False}, Workshop.State.FULL),
    ],
)
def test_state_says_what_a_visitor_may_do(changes, state):
    """state() reflects status, the registration window and free seats."""
    workshop = WorkshopFactory(**changes)
    RegistrationFactory(workshop=workshop)
    assert Workshop.objects.with_seats().get().state() == state


@pytest.mark.parametrize(
    ("changes", "by_staff", "closure"),
    [
        ({}, False, None),
        ({"status": Workshop.Status.DRAFT}, True, Workshop.Closure.DRAFT),
        ({"registration_closes_at": timezone.now() - timedelta(hours=1)}, False, "closed"),
        ({"registration_closes_at": timezone.now() - timedelta(hours=1)}, True, None),
        ({"registration_opens_at": timezone.now() + timedelta(days=1)}, True, None),
        ({"starts_at": timezone.now() - timedelta(hours=4)}, True, Workshop.Closure.CLOSED),
    ],
)
def test_registration_closure_lets_staff_register_late(changes, by_staff, closure):
    """registration_closure() ignores the registration window for staff, not the workshop's end."""
    workshop = WorkshopFactory(**changes)
    assert workshop.registration_closure(by_staff=by_staff) == closure


def test_one_active_registration_per_email_and_workshop():
    """The database refuses a second active registration of an e-mail for one workshop."""
    registration = RegistrationFactory()
    with pytest.raises(IntegrityError):
        RegistrationFactory(workshop=registration.workshop, email=registration.email)


def test_cancelled_registration_does_not_block_a_new_one():
    """After cancelling, the same e-mail may register again."""
    registration = RegistrationFactory(
        status=Registration.Status.CANCELLED, cancelled_at=timezone.now()
    )
    RegistrationFactory(workshop=registration.workshop, email=registration.email)
    assert registration.workshop.registrations.count() == 2


def test_waiting_position_follows_creation_order():
    """The waiting position counts the people who registered earlier and still wait."""
    workshop = WorkshopFactory(capacity=1)
    RegistrationFactory(workshop=workshop)
    first, second, third = (
        RegistrationFactory(workshop=workshop, status=Registration.Status.WAITING) for _ in range(3)
    )
    first.status, first.cancelled_at = Registration.Status.CANCELLED, timezone.now()
    first.save()
    assert (first.waiting_position, second.waiting_position, third.waiting_position) == (
        None,
        1,
        2,
    )


def test_tokens_are_long_and_distinct():
    """Each registration gets its own unguessable token."""
    one, two = RegistrationFactory.create_batch(2)
    assert one.token != two.token
    assert len(one.token) >= 32


def test_reserved_slug_is_refused():
    """A workshop cannot take a slug that the site's own paths use."""
    with pytest.raises(IntegrityError):
        WorkshopFactory(slug="archive")


def test_interest_matching_fits_topic_and_audience():
    """A workshop for both audiences reaches everyone on its topic; others only their own."""
    migrant = InterestSubscriptionFactory(audience=Audience.MIGRANTS)
    entrepreneur = InterestSubscriptionFactory(audience=Audience.ENTREPRENEURS)
    InterestSubscriptionFactory(topic=WorkshopTopic.FUNDING)
    InterestSubscriptionFactory(unsubscribed_at=timezone.now())
    both = WorkshopFactory(audience=Audience.BOTH)
    migrants_only = WorkshopFactory(audience=Audience.MIGRANTS)
    assert set(InterestSubscription.objects.matching(both)) == {migrant, entrepreneur}
    assert set(InterestSubscription.objects.matching(migrants_only)) == {migrant}
