import json
from datetime import timedelta

import pytest
from django.utils import timezone

from contacts import personal_data as privacy
from contacts.models import Contact, Referral
from tests.contacts.factories import (
    CaseFactory,
    ContactFactory,
    InstitutionFactory,
    PersonFactory,
    ReferralFactory,
)

pytestmark = pytest.mark.django_db


def test_person_anonymise_erases_identity_and_keeps_counts():
    """Erasure blanks the person and summaries but keeps cases and contacts."""
    person = PersonFactory(name="Anna", email="anna@example.com", time_zone="Europe/London")
    contact = ContactFactory(case=CaseFactory(person=person), summary="Tajne")
    ReferralFactory(case=contact.case, note="Notatka")
    privacy.person_anonymise(person=person)
    person.refresh_from_db()
    contact.refresh_from_db()
    assert (person.name, person.email, str(person.phone)) == ("", "", "")
    assert person.anonymised_at is not None
    assert contact.summary == privacy.ERASED
    assert Referral.objects.get().note == privacy.ERASED
    assert Contact.objects.filter(case__person=person).count() == 1
    assert not person.history.filter(name="Anna").exists()
    assert not Contact.history.filter(summary="Tajne").exists()


def test_person_anonymise_inactive_uses_retention_setting(settings):
    """People inactive beyond CONTACTS_RETENTION_DAYS are anonymised, others kept."""
    settings.CONTACTS_RETENTION_DAYS = 30
    old = PersonFactory(last_activity_at=timezone.now() - timedelta(days=31))
    recent = PersonFactory(last_activity_at=timezone.now() - timedelta(days=29))
    assert privacy.person_anonymise_inactive() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.anonymised_at is not None
    assert recent.anonymised_at is None


def test_person_export_holds_everything():
    """The export contains the person, consent, cases, contacts and referrals."""
    person = PersonFactory(name="Anna", stay_countries=["GB"])
    contact = ContactFactory(case=CaseFactory(person=person, topics=["health"]), summary="S")
    ReferralFactory(case=contact.case, institution=InstitutionFactory(name="ZUS"))
    data = privacy.person_export(person=person)
    assert data["person"]["name"] == "Anna"
    assert data["person"]["countries_of_stay_abroad"] == ["GB"]
    assert data["cases"][0]["topics"] == ["health"]
    assert data["cases"][0]["contacts"][0]["summary"] == "S"
    assert data["cases"][0]["referrals"][0]["institution"] == "ZUS"
    assert data["change_history"][0]["name"] == "Anna"
    assert json.dumps(data)
