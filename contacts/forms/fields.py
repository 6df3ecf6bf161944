"""Fields and widgets the contacts forms share: staff pickers, dates, time zones."""

import zoneinfo

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from returnportal.accounts.roles import CONTACT_POINT_STAFF


def staff_users():
    """Users who may hold a case: the contact point's staff and superusers."""
    User = get_user_model()
    return (
        User.objects.filter(is_active=True)
        .filter(Q(groups__name=CONTACT_POINT_STAFF) | Q(is_superuser=True))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]
