"""Tests of the workshop admin: publishing and cancelling go through the services."""

import pytest

from returnportal.mail.models import OutgoingEmail
from tests.workshops.factories import (
    InterestSubscriptionFactory,
    RegistrationFactory,
    WorkshopFactory,
)
from workshops.models import Workshop

pytestmark = pytest.mark.django_db


def admin_form(workshop: Workshop, **changes) -> dict:
    data = {
        "title": workshop.title,
        "slug": workshop.slug,
        "audience": workshop.audience,
        "topic": workshop.topic,
        "language": workshop.language,
        "description": workshop.description,
        "starts_at_0": workshop.starts_at.strftime("%Y-%m-%d"),
        "starts_at_1": "10:00",
        "ends_at_0": workshop.starts_at.strftime("%Y-%m-%d"),
        "ends_at_1": "13:00",
        "venue": workshop.venue,
        "online_url": "",
        "capacity": workshop.capacity,
        "has_waiting_list": "on",
        "status": workshop.status,
        "organiser_name": workshop.organiser_name,
        "organiser_email": workshop.organiser_email,
        "organiser_phone": "",
    }
    return {**data, **changes}


def test_publishing_in_admin_invites_the_interest_list(editor_client):
    """Saving a draft as published invites matching subscribers."""
    InterestSubscriptionFactory()
    workshop = WorkshopFactory(status="draft")
    response = editor_client.post(
        f"/admin/workshops/workshop/{workshop.pk}/change/", admin_form(workshop, status="published")
    )
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.status == "published"
    assert OutgoingEmail.objects.filter(kind="invitation").count() == 1


def test_cancelling_in_admin_notifies_registrants(editor_client):
    """Saving a workshop as cancelled tells everyone registered."""
    registration = RegistrationFactory()
    workshop = registration.workshop
    editor_client.post(
        f"/admin/workshops/workshop/{workshop.pk}/change/", admin_form(workshop, status="cancelled")
    )
    assert OutgoingEmail.objects.filter(kind="workshop_cancelled", to=registration.email).exists()


def test_raising_capacity_in_admin_promotes_the_waiting(editor_client):
    """More seats in admin move people up from the waiting list."""
    workshop = WorkshopFactory(capacity=1)
    RegistrationFactory(workshop=workshop)
    waiting = RegistrationFactory(workshop=workshop, status="waiting")
    editor_client.post(
        f"/admin/workshops/workshop/{workshop.pk}/change/", admin_form(workshop, capacity=2)
    )
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_publish_action(editor_client):
    """The admin action publishes the selected drafts."""
    workshop = WorkshopFactory(status="draft")
    editor_client.post(
        "/admin/workshops/workshop/",
        {"action": "publish", "_selected_action": [workshop.pk]},
    )
    workshop.refresh_from_db()
    assert workshop.status == "published"


def test_unpublishing_in_admin_makes_a_draft(editor_client):
    """Setting a published workshop back to draft takes it off the site."""
    workshop = WorkshopFactory()
    editor_client.post(
        f"/admin/workshops/workshop/{workshop.pk}/change/", admin_form(workshop, status="draft")
    )
    workshop.refresh_from_db()
    assert workshop.status == "draft"


def test_cancelled_workshop_stays_cancelled_in_admin(editor_client):
    """A cancelled workshop cannot be revived from the admin form."""
    workshop = WorkshopFactory(status="cancelled")
    editor_client.post(
        f"/admin/workshops/workshop/{workshop.pk}/change/",
        admin_form(workshop, status="published"),
    )
    workshop.refresh_from_db()
    assert workshop.status == "cancelled"
