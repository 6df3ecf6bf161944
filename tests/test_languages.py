"""One list of languages and one lookup of bilingual fields."""

from types import SimpleNamespace

import pytest
from django.conf import settings
from django.utils import translation

from returnportal.languages import Language, in_language, in_language_property, language_codes


def test_the_language_choices_are_the_sites_languages():
    assert [code for code, _label in Language.choices] == language_codes()
    assert language_codes() == [code for code, _name in settings.LANGUAGES]


PAGE = SimpleNamespace(title_pl="O projekcie", title_en="About the project")
UNTRANSLATED = SimpleNamespace(title_pl="Tylko po polsku", title_en="")


@pytest.mark.parametrize(
    ("obj", "language", "text"),
    [
        (PAGE, "pl", "O projekcie"),
        (PAGE, "en", "About the project"),
        (PAGE, "en-gb", "About the project"),
        (UNTRANSLATED, "en", "Tylko po polsku"),  # empty English: the Polish text
        (PAGE, "de", "O projekcie"),  # not one of ours: the default language
    ],
)
def test_a_field_is_read_in_the_language_asked_for(obj, language, text):
    assert in_language(obj, "title", language) == text


def test_the_active_language_is_used_by_default():
    with translation.override("en"):
        assert in_language(PAGE, "title") == "About the project"
    with translation.override("pl"):
        assert in_language(PAGE, "title") == "O projekcie"


def test_an_in_language_property_reads_the_active_language():
    """`in_language_property` gives a class the field's text in the active language, read-only."""

    class Page(SimpleNamespace):
        title = in_language_property("title")

    page = Page(title_pl="O projekcie", title_en="About the project")
    with translation.override("en"):
        assert page.title == "About the project"
    with pytest.raises(AttributeError):
        page.title = "Inny"
