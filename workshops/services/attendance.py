"""Checking people in on the day."""

from workshops.models import Registration


def registration_set_attendance(*, registration: Registration, attended: bool | None) -> None:
    """Record whether a confirmed person came (None: not checked yet)."""
    Registration.objects.filter(pk=registration.pk).update(attended=attended)
    registration.attended = attended
