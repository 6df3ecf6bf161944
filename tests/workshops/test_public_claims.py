"""Registering and subscribing take what a stranger types as a claim, never as an identity."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from contacts.models import Person
from returnportal.mail.models import OutgoingEmail
from tests.contacts.factories import PersonFactory
from tests.workshops.factories import (
    InterestSubscriptionFactory,
    RegistrationFactory,
    WorkshopFactory,
)
from workshops import services
from workshops.models import InterestSubscription, Registration

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


@pytest.fixture
def maria() -> Person:
    """A person the clerk logged from a hotline call, with consent given by phone."""
    return PersonFactory(
        name="Maria Wiśniewska",
        email="maria@example.com",
        phone="+48601222333",
        language="pl",
        kind="migrant",
        consent_given_at=timezone.now() - timedelta(days=30),
        consent_channel="phone",
        consent_notice_version="2025-01",
    )


def stored(person: Person) -> tuple:
    """What a public form must never change of a person, as stored now."""
    person.refresh_from_db()
    return (
        person.name,
        person.email,
        str(person.phone),
        person.language,
        person.kind,
        person.consent_given_at,
        person.consent_channel,
        person.consent_notice_version,
    )


def register(workshop, **overrides) -> Registration:
    data = {
        "workshop_id": workshop.pk,
        "name": "Eve Intruder",
        "email": "eve@example.org",
        "phone": "",
        "participant_type": Registration.ParticipantType.MIGRANT,
        "language": "en",
    }
    registration = services.registration_create(**{**data, **overrides})
    return services.registration_confirm(registration=registration)


def form_data(**overrides) -> dict:
    data = {
        "name": "Eve Intruder",
        "email": "eve@example.org",
        "phone": "",
        "participant_type": "migrant",
        "country": "",
        "needs": "",
        "consent": "on",
    }
    return {**data, **overrides}


def page_text(response) -> str:
    return CSRF.sub("", response.content.decode())


def test_a_strangers_phone_registers_a_new_flagged_person(maria):
    """A phone number alone that matches makes a new person flagged as a possible duplicate."""
    before = stored(maria)
    registration = register(WorkshopFactory(), phone="601 222 333")
    assert registration.person != maria
    assert registration.person.possible_duplicate_of == maria
    assert registration.person.email == "eve@example.org"
    assert stored(maria) == before
    assert not maria.workshop_registrations.exists()


def test_a_known_email_links_the_person_and_changes_nothing(maria):
    """The same e-mail with another name, language, phone and kind links the person, unchanged."""
    before = stored(maria)
    registration = register(
        WorkshopFactory(),
        name="Somebody Else",
        email="MARIA@example.com",
        phone="602 333 444",
        participant_type=Registration.ParticipantType.ENTREPRENEUR,
        company="Firma",
    )
    assert registration.person == maria
    assert Person.objects.count() == 1
    assert stored(maria) == before


@pytest.mark.parametrize(
    "overrides",
    [{"phone": "601 222 333"}, {"name": "Somebody Else", "email": "Maria@Example.com"}],
    ids=["phone matches", "e-mail matches"],
)
def test_the_confirmation_goes_to_the_typed_address_and_greets_the_typed_name(maria, overrides):
    """The confirmation greets the name typed at the address typed, and names nobody else."""
    typed = {"name": "Eve Intruder", "email": "eve@example.org", **overrides}
    register(WorkshopFactory(), **overrides)
    for kind in ("confirm", "confirmation"):
        email = OutgoingEmail.objects.get(kind=kind)
        assert email.to == typed["email"].lower()
        assert f"Hello {typed['name']}," in email.body_text
        assert "Maria" not in email.body_text + email.body_html


def test_subscribing_a_known_email_changes_no_person(maria):
    """The interest list neither creates nor changes a person."""
    before = stored(maria)
    services.interest_subscribe(
        email="Maria@Example.com", topic="business", audience="migrants", language="en"
    )
    assert Person.objects.count() == 1
    assert stored(maria) == before


def test_already_registered_answers_like_a_new_registration(client):
    """Known or unknown address, the page is the same; only the e-mails differ."""
    workshop = WorkshopFactory()
    known = RegistrationFactory(workshop=workshop, name="Maria", email="maria@example.com")
    url = f"/en/workshops/{workshop.slug}/register/"
    new = client.post(url, form_data(), follow=True)
    again = client.post(url, form_data(email="Maria@Example.com"), follow=True)
    assert new.redirect_chain == again.redirect_chain
    assert new.status_code == again.status_code == 200
    assert page_text(new) == page_text(again)
    assert "Check your inbox" in page_text(new)
    assert "Maria" not in page_text(again)
    assert known.token not in page_text(again)
    assert OutgoingEmail.objects.get(to="maria@example.com").kind == "link"
    assert OutgoingEmail.objects.get(to="eve@example.org").kind == "confirm"


def test_a_full_workshop_answers_alike_for_a_known_address(client):
    """Without a seat or a waiting list, a registered address hears "full" like everyone else."""
    workshop = WorkshopFactory(capacity=1, has_waiting_list=False)
    RegistrationFactory(workshop=workshop, email="maria@example.com")
    url = f"/en/workshops/{workshop.slug}/register/"
    unknown = client.post(url, form_data())
    known = client.post(url, form_data(email="maria@example.com"))
    assert unknown.status_code == known.status_code == 409
    assert page_text(unknown).replace("eve@example.org", "maria@example.com") == page_text(known)


def test_already_subscribed_answers_like_a_new_subscription(client):
    """Known or unknown address, the page is the same; the e-mail tells the address's owner."""
    InterestSubscriptionFactory(email="maria@example.com", topic="business", audience="migrants")
    url, data = "/en/workshops/interest/", {"topic": "business", "audience": "migrants"}
    new = client.post(url, {**data, "email": "eve@example.org", "consent": "on"}, follow=True)
    again = client.post(url, {**data, "email": "Maria@Example.com", "consent": "on"}, follow=True)
    assert new.redirect_chain == again.redirect_chain
    assert new.status_code == again.status_code == 200
    assert page_text(new) == page_text(again)
    assert "check your inbox" in page_text(new)
    assert InterestSubscription.objects.filter(email="maria@example.com").count() == 1
    assert OutgoingEmail.objects.filter(kind="subscribed").count() == 2


def test_subscribing_again_mails_the_owner_at_most_once_in_a_while():
    """Repeated attempts on a subscribed address send one e-mail, not a flood."""
    InterestSubscriptionFactory(email="maria@example.com", topic="business", audience="migrants")
    for _attempt in range(3):
        services.interest_subscribe(
            email="maria@example.com", topic="business", audience="migrants", language="en"
        )
    assert OutgoingEmail.objects.filter(to="maria@example.com").count() == 1
