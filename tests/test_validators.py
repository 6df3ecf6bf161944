import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from contacts.forms import PublicQuestionForm
from returnportal.validators import validate_person_name


@pytest.mark.parametrize("name", ["Anna Kowalska", "Zofia Wójcik-Nowak", "Seán O'Brien", "J. Kim"])
def test_names_pass(name):
    """Ordinary names, with diacritics, hyphens, apostrophes and initials, are accepted."""
    validate_person_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "Win a prize at https://evil.example",
        "see www.evil.example",
        "write to scam@evil.example",
        "<b>Anna</b>",
        "Visit evil-site.com now",
        "A" * 101,
    ],
)
def test_links_addresses_markup_and_long_texts_are_refused(name):
    """A "name" that would carry a link or a message into the office's e-mails is refused."""
    with pytest.raises(ValidationError):
        validate_person_name(name)


@pytest.mark.django_db
def test_the_public_form_refuses_a_link_as_a_name_in_polish():
    """The ask-us form answers a link in the name field with a clear message in Polish."""
    form = PublicQuestionForm(
        data={
            "name": "https://evil.example",
            "email": "a@example.com",
            "topic": "work",
            "message": "?",
            "language": "pl",
            "consent": "on",
            "form_token": "x" * 32,
        }
    )
    with translation.override("pl"):
        assert not form.is_valid()
        assert "Podaj tylko imię i nazwisko" in " ".join(form.errors["name"])
