import pytest
from django.core import mail
from django.urls import reverse

from contacts.models import Case, Person
from returnportal.mail.models import OutgoingEmail
from tests.contacts.factories import InstitutionFactory

pytestmark = pytest.mark.django_db

URL = "/contact/"


def form_data(**overrides):
    data = {
        "name": "Anna Kowalska",
        "email": "anna@example.com",
        "phone": "",
        "language": "pl",
        "topic": "work",
        "message": "Szukam pracy w Kielcach.",
        "consent": "on",
        "website": "",
        "form_token": "a" * 32,
    }
    return {**data, **overrides}


def test_contact_form_renders_with_a_fresh_token(client):
    """The form page shows every field and a one-time token."""
    response = client.get(URL)
    assert response.status_code == 200
    token = response.context["form"]["form_token"].value()
    assert len(token) >= 20
    assert f'name="form_token" value="{token}"' in response.content.decode()
    assert b'name="consent"' in response.content


def test_contact_form_opens_a_case_and_sends_both_emails(client, eager_mail):
    """A valid question opens a web-form case and e-mails the person and the contact point."""
    with eager_mail(execute=True):
        response = client.post(URL, form_data(language="en"))
    assert response.status_code == 302
    assert response["Location"] == reverse("contacts:contact_thanks")
    case = Case.objects.get()
    assert case.contacts.get().channel == "web_form"
    assert case.person.consent_channel == "web_form"
    assert {m.to[0] for m in mail.outbox} == {"anna@example.com", "kontakt@re-turn.example"}
    acknowledgement = next(m for m in mail.outbox if m.to == ["anna@example.com"])
    assert "We have received your question" in acknowledgement.subject


def test_contact_form_double_submit_makes_one_case(client):
    """Posting the same form twice opens one case and queues mail once."""
    client.post(URL, form_data())
    response = client.post(URL, form_data())
    assert response.status_code == 302
    assert Case.objects.count() == 1
    assert OutgoingEmail.objects.count() == 2


def test_contact_form_needs_email_or_phone(client):
    """Without an e-mail or phone the form answers 400 with a field error."""
    response = client.post(URL, form_data(email="", phone=""))
    assert response.status_code == 400
    assert response.context["form"].has_error("email", "no_contact")
    assert Case.objects.count() == 0


def test_contact_form_accepts_phone_only(client):
    """A phone number alone is enough; only the contact point is e-mailed."""
    response = client.post(URL, form_data(email="", phone="601 222 333"))
    assert response.status_code == 302
    assert str(Person.objects.get().phone) == "+48601222333"
    assert OutgoingEmail.objects.get().to == "kontakt@re-turn.example"


def test_contact_form_requires_consent(client):
    """No consent, no case."""
    response = client.post(URL, form_data(consent=""))
    assert response.status_code == 400
    assert response.context["form"].has_error("consent")


def test_contact_form_errors_are_in_english_under_en(client):
    """Field errors come in the page's language."""
    response = client.post("/en/contact/", form_data(email="", phone=""))
    assert "Give an e-mail address or a phone number." in response.content.decode()


def test_contact_form_rejects_a_bad_phone(client):
    """An impossible phone number is a field error, not a server error."""
    response = client.post(URL, form_data(email="", phone="12"))
    assert response.status_code == 400
    assert response.context["form"].has_error("phone")


def test_contact_form_honeypot_pretends_success(client):
    """A filled honeypot looks like success but stores nothing."""
    response = client.post(URL, form_data(website="http://spam.example"))
    assert response.status_code == 302
    assert Case.objects.count() == 0


def test_contact_form_rejects_a_forged_token(client):
    """A token of the wrong shape is refused."""
    response = client.post(URL, form_data(form_token="bad token!"))
    assert response.status_code == 400


def test_contact_form_is_rate_limited_per_client(client, settings):
    """Beyond the rate the form answers 429 with a clear page."""
    settings.CONTACTS_FORM_RATE = "2/h"
    for i in range(2):
        client.post(URL, form_data(form_token=f"{i}" * 32, email=f"p{i}@example.com"))
    response = client.post(URL, form_data(form_token="z" * 32))
    assert response.status_code == 429
    assert "429.html" in [t.name for t in response.templates]
    assert Case.objects.count() == 2


def test_institutions_are_grouped_by_kind(client):
    """The public directory shows published institutions under their kind."""
    InstitutionFactory(name="PUP Busko", kind="county_labour_office")
    InstitutionFactory(name="Ukryty", is_published=False)
    response = client.get("/en/institutions/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "PUP Busko" in content
    assert "County labour office" in content
    assert "Ukryty" not in content


def test_an_institution_says_what_it_helps_with_in_the_pages_language(client):
    """English where it is written, Polish otherwise; the Polish page always in Polish."""
    InstitutionFactory(name="PUP Busko", helps_with_pl="Oferty pracy.", helps_with_en="Job offers.")
    InstitutionFactory(name="ZUS Kielce", helps_with_pl="Emerytury.", helps_with_en="")
    english = client.get("/en/institutions/").content.decode()
    polish = client.get("/institutions/").content.decode()
    assert "Job offers." in english and "Oferty pracy." not in english
    assert "Emerytury." in english
    assert "Oferty pracy." in polish and "Job offers." not in polish


def test_contact_form_errors_are_in_polish_by_default(client):
    """Without a language prefix the errors are Polish."""
    response = client.post(URL, form_data(email="", phone=""))
    assert "Podaj adres e-mail lub numer telefonu." in response.content.decode()


def test_notification_replies_to_the_typed_address_and_acknowledgement_threads(client):
    """The office's notification has Reply-To the sender; the acknowledgement carries the case."""
    client.post(URL, form_data(email="Typed.Sender@Example.com"))
    case = Case.objects.get()
    notification = OutgoingEmail.objects.get(to="kontakt@re-turn.example")
    acknowledgement = OutgoingEmail.objects.get(to="typed.sender@example.com")
    assert notification.reply_to == "typed.sender@example.com"
    assert notification.headers["Auto-Submitted"] == "auto-generated"
    assert acknowledgement.reply_to == "kontakt@re-turn.example"
    assert f"[PPK-{case.pk}]" in acknowledgement.subject
    assert acknowledgement.headers["Auto-Submitted"] == "auto-generated"
