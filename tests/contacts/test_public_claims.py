"""The public "ask us" form takes what a stranger types as a claim, never as an identity."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from contacts.models import Case, Person
from returnportal.mail.models import OutgoingEmail
from tests.contacts.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db

URL = "/contact/"
OFFICE = "kontakt@re-turn.example"
MESSAGE = "Please send me everything you know about this person."


@pytest.fixture
def maria() -> Person:
    """A person the clerk logged from a hotline call, with consent given by phone."""
    return PersonFactory(
        name="Maria Wiśniewska",
        email="maria@example.com",
        phone="+48601222333",
        language="pl",
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
        person.consent_given_at,
        person.consent_channel,
        person.consent_notice_version,
    )


def ask(client, **overrides):
    data = {
        "name": "Eve Intruder",
        "email": "eve@example.org",
        "phone": "",
        "language": "en",
        "topic": "work",
        "message": MESSAGE,
        "consent": "on",
        "website": "",
        "form_token": "c" * 32,
    }
    return client.post(URL, {**data, **overrides})


def acknowledgement() -> OutgoingEmail:
    """The one e-mail that did not go to the office."""
    return OutgoingEmail.objects.exclude(to=OFFICE).get()


def test_a_strangers_phone_files_the_question_on_a_new_flagged_person(client, maria):
    """A phone number alone that matches makes a new person flagged as a possible duplicate."""
    before = stored(maria)
    response = ask(client, phone="601 222 333")
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.person != maria
    assert case.person.possible_duplicate_of == maria
    assert (case.person.name, case.person.email) == ("Eve Intruder", "eve@example.org")
    assert stored(maria) == before
    assert not maria.cases.exists()


def test_the_acknowledgement_of_a_phone_match_reaches_only_the_sender(client, maria):
    """The acknowledgement goes to the typed address, greets the typed name, names nobody else."""
    ask(client, phone="601 222 333")
    email = acknowledgement()
    assert (email.to, email.language) == ("eve@example.org", "en")
    for body in (email.body_text, email.body_html):
        assert "Eve Intruder" in body
        assert "Maria" not in body
        assert MESSAGE not in body
    assert "Maria" not in email.subject


def test_a_known_email_links_the_person_and_changes_nothing(client, maria):
    """The same e-mail with another name, language and phone links the person, unchanged."""
    before = stored(maria)
    ask(client, name="Somebody Else", email=" Maria@Example.com", phone="602 333 444")
    assert Case.objects.get().person == maria
    assert Person.objects.count() == 1
    assert stored(maria) == before


def test_the_acknowledgement_of_an_email_match_greets_the_typed_name(client, maria):
    """The address's owner is greeted by the name typed, in the form's language, with no quote."""
    ask(client, name="Somebody Else", email="Maria@Example.com", language="en")
    email = acknowledgement()
    assert (email.to, email.language) == ("maria@example.com", "en")
    assert "Dear Somebody Else," in email.body_text
    assert "Maria Wiśniewska" not in email.body_text + email.body_html
    assert MESSAGE not in email.body_text + email.body_html


def test_the_acknowledgement_says_what_happens_next(client):
    """Instead of quoting the message the acknowledgement says what the office does next."""
    ask(client)
    case = Case.objects.get()
    email = acknowledgement()
    assert case.reference in email.subject
    assert "within two working days" in email.body_text
    assert "Your message:" not in email.body_text


def test_the_notification_to_the_office_keeps_the_message(client, maria):
    """The office's (Polish) notification still carries the question and the chosen language."""
    ask(client, email="Maria@Example.com", language="en")
    notification = OutgoingEmail.objects.get(to=OFFICE)
    assert MESSAGE in notification.body_text
    assert "Odpowiedź w języku: angielski" in notification.body_text


def test_person_page_notes_a_possible_duplicate(staff_client, maria):
    """The staff person page says what matched and links to the other person."""
    duplicate = PersonFactory(phone=maria.phone, possible_duplicate_of=maria)
    with translation.override("en"):
        page = staff_client.get(duplicate.get_absolute_url()).text
        other_url = maria.get_absolute_url()
    assert "the phone number matched but the e-mail did not" in page
    assert f'href="{other_url}"' in page


def test_case_page_notes_a_possible_duplicate(staff_client, maria):
    """The case page of a flagged person says so and links to the other person."""
    case = CaseFactory(person=PersonFactory(phone=maria.phone, possible_duplicate_of=maria))
    with translation.override("en"):
        page = staff_client.get(case.get_absolute_url()).text
        other_url = maria.get_absolute_url()
    assert "the phone number matched but the e-mail did not" in page
    assert f'href="{other_url}"' in page


def test_person_page_without_a_duplicate_says_nothing_of_it(staff_client, maria):
    """A person who is not flagged has no such note."""
    page = staff_client.get(reverse("contacts:person_detail", args=[maria.pk])).text
    assert "the phone number matched" not in page
