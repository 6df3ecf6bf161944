"""Factories for workshops and registrations."""

from datetime import timedelta

import factory
from django.utils import timezone

from workshops import services
from workshops.models import Audience, InterestSubscription, Registration, Workshop, WorkshopTopic


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop

    title = factory.Sequence(lambda n: f"Starting a business in Kielce {n}")
    slug = factory.Sequence(lambda n: f"workshop-{n}")
    audience = Audience.MIGRANTS
    topic = WorkshopTopic.BUSINESS
    description = "How to register a sole proprietorship after coming back."
    language = "pl"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3))
    venue = "ul. Sienkiewicza 63, 25-002 Kielce"
    capacity = 5
    has_waiting_list = True
    status = Workshop.Status.PUBLISHED
    organiser_name = "Anna Nowak"
    organiser_email = "anna.nowak@example.org"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    workshop = factory.SubFactory(WorkshopFactory)
    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    participant_type = Registration.ParticipantType.MIGRANT
    language = "pl"
    status = Registration.Status.CONFIRMED
    consent_notice_version = "2026-11-01"


class InterestSubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterestSubscription

    email = factory.Sequence(lambda n: f"fan{n}@example.org")
    topic = WorkshopTopic.BUSINESS
    audience = Audience.MIGRANTS
    language = "pl"
    consent_notice_version = "2026-11-01"


def register_and_confirm(**data) -> Registration:
    """A public registration whose registrant then opened the e-mailed link and confirmed."""
    registration = services.registration_create(**data)
    return services.registration_confirm(registration=registration)
