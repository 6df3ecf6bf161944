"""Keeping personal data no longer than the privacy notice says."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from workshops.models import InterestSubscription, Registration

# An unsubscribed address is kept this long only so that "subscribe me again" can work.
UNSUBSCRIBED_RETENTION = timedelta(days=30)


def registrations_erase(*, registrations, now=None) -> int:
    """Erase who registered (a queryset of registrations), keeping what statistics need.

    Kept: workshop, status, participant type, country, attendance and dates; returns how many
    registrations were erased now.
    """
    return registrations.filter(erased_at__isnull=True).update(
        name="",
        email=Concat(Value("erased-"), Cast("pk", CharField()), Value("@erased.invalid")),
        phone="",
        company="",
        sector="",
        needs="",
        erased_at=now or timezone.now(),
    )


def personal_data_erase_expired(*, now=None) -> tuple[int, int]:
    """Erase who registered for workshops long over, and forget unsubscribed addresses.

    Registrations keep what statistics need (participant type, country, attendance); returns
    (registrations erased, subscriptions deleted).
    """
    now = now or timezone.now()
    retention = timedelta(days=settings.WORKSHOP_REGISTRATION_RETENTION_DAYS)
    with transaction.atomic():
        erased = registrations_erase(
            registrations=Registration.objects.filter(workshop__ends_at__lt=now - retention),
            now=now,
        )
        _total, by_model = InterestSubscription.objects.filter(
            unsubscribed_at__lt=now - UNSUBSCRIBED_RETENTION
        ).delete()
    return erased, by_model.get(InterestSubscription._meta.label, 0)
