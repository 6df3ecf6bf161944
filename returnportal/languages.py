"""The portal's languages and its fields written in each of them (`title_pl`, `title_en`).

`settings.LANGUAGES` is the list; `Language` names its members for code and model choices,
and a test keeps the two the same.
"""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    POLISH = "pl", _("Polish")
    ENGLISH = "en", _("English")


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def in_language(obj, field: str, language: str | None = None) -> str:
    """`obj`'s `<field>_<language>` text (the active language by default), falling back to the
    site's default language where that one is empty or the language is not ours."""
    language = (language or translation.get_language() or settings.LANGUAGE_CODE)[:2]
    text = getattr(obj, f"{field}_{language}", "") if language in language_codes() else ""
    return text or getattr(obj, f"{field}_{settings.LANGUAGE_CODE}")


def in_language_property(field: str) -> property:
    """A model property giving `in_language(obj, field)`: `title = in_language_property("title")`
    beside the `title_pl` and `title_en` fields."""
    return property(lambda obj: in_language(obj, field))
