"""Registrations meet the contact log: the registrant's Person, and registering from their page."""

import pytest
from django.urls import reverse

from contacts.models import Channel, Person
from tests.contacts.factories import PersonFactory
from tests.workshops.factories import WorkshopFactory
from workshops import services
from workshops.models import Registration


def register(workshop, **overrides):
    data = {
        "workshop_id": workshop.pk,
        "name": "Ewa Zielińska",
        "email": "Ewa@Example.org",
        "phone": "+48601234567",
        "participant_type": Registration.ParticipantType.ENTREPRENEUR,
        "language": "en",
    }
    return services.registration_create(**{**data, **overrides})


def test_registration_creates_the_person_with_consent(db):
    """A new registrant becomes a Person with their details, kind and web-form consent."""
    registration = register(WorkshopFactory())
    person = Person.objects.get()
    assert registration.person == person
    assert (person.name, person.email, str(person.phone)) == (
        "Ewa Zielińska",
        "ewa@example.org",
        "+48601234567",
    )
    assert (person.kind, person.language) == ("entrepreneur", "en")
    assert person.consent_channel == Channel.WEB_FORM
    assert person.consent_given_at is not None


def test_registration_links_the_known_person_by_email(db):
    """A person already in the contact log is matched on e-mail, not created twice."""
    known = PersonFactory(name="Ewa Z.", email="ewa@example.org", phone="")
    first = register(WorkshopFactory())
    second = register(WorkshopFactory(), phone="")
    assert Person.objects.count() == 1
    assert first.person == second.person == known
    assert list(known.workshop_registrations.order_by("pk")) == [first, second]


def test_staff_registration_records_consent_by_phone(db, staff_user):
    """A registration made by staff during a call records consent through the phone."""
    register(WorkshopFactory(), by_staff=staff_user)
    assert Person.objects.get().consent_channel == Channel.PHONE


def test_staff_registration_completes_the_known_person(db, staff_user):
    """Staff decide who it is: a matched person gains the phone they lacked (a claim would not)."""
    known = PersonFactory(name="Ewa Z.", email="ewa@example.org", phone="")
    registration = register(WorkshopFactory(), by_staff=staff_user)
    known.refresh_from_db()
    assert registration.person == known
    assert str(known.phone) == "+48601234567"


def test_an_unreadable_phone_does_not_stop_the_registration(db):
    """A number the contact log refuses leaves the person without a phone, registered."""
    registration = register(WorkshopFactory(), phone="+1 202 555 01")
    assert registration.pk is not None
    assert str(registration.person.phone or "") == ""


def test_already_registered_creates_no_person(db):
    """A second try with the same e-mail neither registers nor touches the contact log twice."""
    workshop = WorkshopFactory()
    register(workshop)
    with pytest.raises(services.AlreadyRegistered):
        register(workshop)
    assert Person.objects.count() == 1
    assert Registration.objects.count() == 1


def test_person_page_leads_to_a_prefilled_staff_registration(staff_client):
    """Person page → staff workshop list → registration form, carrying the person's details."""
    person = PersonFactory(
        name="Ewa Zielińska", email="ewa@example.org", phone="+48601234567", kind="entrepreneur"
    )
    workshop = WorkshopFactory()
    page = staff_client.get(reverse("contacts:person_detail", args=[person.pk])).content.decode()
    list_url = reverse("workshops:staff_list")
    assert f'href="{list_url}?name=Ewa+Zieli%C5%84ska&amp;email=ewa%40example.org' in page
    listing = staff_client.get(
        list_url,
        {
            "name": person.name,
            "email": person.email,
            "phone": "+48601234567",
            "participant_type": "entrepreneur",
            "language": "pl",
        },
    ).content.decode()
    register_url = reverse("workshops:staff_register", kwargs={"slug": workshop.slug})
    assert f'href="{register_url}?name=Ewa+Zieli%C5%84ska&amp;email=ewa%40example.org' in listing
    form = staff_client.get(
        register_url, {"name": person.name, "email": person.email, "phone": "+48601234567"}
    ).context["form"]
    assert form.initial["name"] == "Ewa Zielińska"
    assert form.initial["email"] == "ewa@example.org"
