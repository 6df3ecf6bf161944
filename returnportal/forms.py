"""Form fields shared by the apps."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class FilterDateField(forms.DateField):
    """A date for a filter, within the years the portal can hold data for.

    Filters compute with their dates ("the day after date_to", local midnight in UTC), and at
    the edges of Python's calendar (9999-12-31, 0001-01-01) that overflows into a 500.
    """

    first = datetime.date(2000, 1, 1)
    last = datetime.date(2100, 12, 31)

    def validate(self, value):
        super().validate(value)
        if value and not self.first <= value <= self.last:
            raise ValidationError(
                _("Enter a date between %(first)s and %(last)s."),
                code="out_of_range",
                params={"first": self.first.year, "last": self.last.year},
            )


def filters_refused(form: forms.Form) -> bool:
    """Filters were sent and some are invalid: answer 400 rather than an unfiltered result."""
    return form.is_bound and not form.is_valid()
