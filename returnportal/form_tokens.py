"""One-time form tokens: a form carries a fresh token, and the write it causes happens once.

A double click, a reload after a slow answer or a retry over a bad connection sends the same
token again; the row stored with it the first time comes back instead of a second one. The
model's `form_token` column is unique where set (a conditional unique constraint), so two
submits racing each other still store one row: the loser finds the winner's (`concurrency`).
"""

import re
import secrets
from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from returnportal.concurrency import created_or_winner

FORM_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")

Row = TypeVar("Row", bound=models.Model)


def form_token_column() -> models.CharField:
    """The model's `form_token`: empty for rows written without a form (imports, staff tools)."""
    return models.CharField(max_length=64, blank=True, default="", editable=False)


def unique_form_token(*, name: str) -> models.UniqueConstraint:
    """One row per token where a token is set: two racing submits of one form store one row."""
    return models.UniqueConstraint(
        fields=["form_token"], condition=~models.Q(form_token=""), name=name
    )


def new_form_token() -> str:
    return secrets.token_urlsafe(24)


class FormTokenField(forms.CharField):
    """A hidden one-time token, fresh for each form drawn; a malformed one is an expired form."""

    widget = forms.HiddenInput
    default_error_messages = {"invalid": _("The form has expired. Please send it again.")}

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("initial", new_form_token)
        super().__init__(**kwargs)

    def validate(self, value) -> None:
        super().validate(value)
        if value and not FORM_TOKEN_RE.match(value):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid_token")


def once(model: type[Row], token: str, write: Callable[[], Row]) -> tuple[Row, bool]:
    """(the row `write()` stored with `token` in its `form_token`, whether this call wrote it).

    `write` runs in a savepoint and must store the token on the row it saves; a token seen
    before returns that row and writes nothing. Without a token every call writes.
    """
    if not token:
        return write(), True
    earlier = model.objects.filter(form_token=token).first()
    if earlier is not None:
        return earlier, False
    return created_or_winner(write, model.objects.filter(form_token=token).first)
