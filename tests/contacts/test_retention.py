from datetime import timedelta

import pytest
from django.utils import timezone

from contacts import demo, personal_data, services
from contacts.models import Case, Institution, Person
from tests.contacts.factories import ContactFactory

pytestmark = pytest.mark.django_db


def test_logging_a_contact_keeps_a_person_active():
    """A new contact moves the person's last activity to now."""
    contact = ContactFactory()
    person = contact.case.person
    Person.objects.filter(pk=person.pk).update(
        last_activity_at=timezone.now() - timedelta(days=900)
    )
    services.case_log_contact(case=contact.case, channel="phone", summary="")
    assert personal_data.person_anonymise_inactive() == 0


def test_demo_load_is_idempotent():
    """Loading the demo twice creates nothing twice."""
    demo.load()
    counts = (Institution.objects.count(), Person.objects.count(), Case.objects.count())
    demo.load()
    assert counts == (Institution.objects.count(), Person.objects.count(), Case.objects.count())
    assert counts[0] >= 10
