from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from contacts import demo, services, tasks
from contacts.models import Case, Institution, Person
from tests.contacts.factories import ContactFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_retention_command_anonymises_inactive_people(settings, capsys):
    """The management command erases people past the retention period."""
    settings.CONTACTS_RETENTION_DAYS = 10
    old = ContactFactory().case.person
    Person.objects.filter(pk=old.pk).update(last_activity_at=timezone.now() - timedelta(days=11))
    call_command("contacts_retention")
    old.refresh_from_db()
    assert old.anonymised_at is not None
    assert "Anonymised 1" in capsys.readouterr().out


def test_retention_command_days_option_overrides_the_setting():
    """--days replaces the setting for one run."""
    PersonFactory(last_activity_at=timezone.now() - timedelta(days=5))
    call_command("contacts_retention", days=3)
    assert Person.objects.filter(anonymised_at__isnull=False).count() == 1


def test_retention_task_uses_the_default_of_two_years():
    """The periodic task keeps people active within 730 days."""
    PersonFactory(last_activity_at=timezone.now() - timedelta(days=729))
    PersonFactory(last_activity_at=timezone.now() - timedelta(days=731))
    assert tasks.contacts_retention() == 1


def test_logging_a_contact_keeps_a_person_active():
    """A new contact moves the person's last activity to now."""
    contact = ContactFactory()
    person = contact.case.person
    Person.objects.filter(pk=person.pk).update(
        last_activity_at=timezone.now() - timedelta(days=900)
    )
    services.case_log_contact(case=contact.case, channel="phone", summary="")
    assert tasks.contacts_retention() == 0


def test_demo_load_is_idempotent():
    """Loading the demo twice creates nothing twice."""
    demo.load()
    counts = (Institution.objects.count(), Person.objects.count(), Case.objects.count())
    demo.load()
    assert counts == (Institution.objects.count(), Person.objects.count(), Case.objects.count())
    assert counts[0] >= 10
