"""Bad input on every URL and form: a 4xx with a message, never a 500; text stored as NFC."""

import unicodedata
from collections import defaultdict

import pytest

from contacts.models import Person
from returnportal.form_tokens import new_form_token
from tests.factories import SuperuserFactory
from tests.test_access import path_for, url_patterns

pytestmark = pytest.mark.django_db


def test_a_nul_byte_in_any_url_is_a_4xx(client, world):
    """NUL in the query string, and in each path parameter, of every URL pattern: never a 500."""
    client.force_login(SuperuserFactory())
    answers = {}
    for name, route in url_patterns():
        kwargs = world["kwargs"].get(name, {})
        path = path_for(route, defaultdict(lambda: "1", kwargs))
        answers[f"{name} ?q=%00"] = client.get(path, {"q": "\x00"}).status_code
        for key in kwargs:
            nul_path = path_for(route, defaultdict(lambda: "1", {**kwargs, key: "%00"}))
            answers[f"{name} {key}=%00"] = client.get(nul_path).status_code
    answers["admin search"] = client.get("/admin/contacts/person/", {"q": "\x00"}).status_code
    assert {k: v for k, v in answers.items() if not 400 <= v < 500} == {}


def ask(client, **fields):
    data = {
        "name": "Ewa",
        "email": "ewa@example.com",
        "language": "en",
        "topic": "work",
        "message": "Is there work in Kielce?",
        "consent": "on",
        "form_token": new_form_token(),
    }
    return client.post("/en/contact/", {**data, **fields})


def test_a_100000_character_message_gets_a_message_not_a_500(client):
    """An oversized question is refused with the field's error."""
    response = ask(client, message="x" * 100_000)
    assert response.status_code == 400
    assert "at most 4000 characters" in response.text


def test_names_typed_in_decomposed_unicode_are_stored_in_nfc(client):
    """A name typed with combining accents is stored composed."""
    decomposed = unicodedata.normalize("NFD", "Łucja Żółkiewska-Gęślak")
    assert decomposed != "Łucja Żółkiewska-Gęślak"
    assert ask(client, name=decomposed).status_code == 302
    assert Person.objects.get().name == "Łucja Żółkiewska-Gęślak"


def test_email_matching_ignores_case(client):
    """The same address in other letter case finds the same person."""
    ask(client, email="Ewa.Nowak@Example.COM")
    ask(client, email="ewa.nowak@example.com")
    assert Person.objects.count() == 1
    assert Person.objects.get().email == "ewa.nowak@example.com"
