from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from contacts import services
from contacts.models import Case, Person, Referral
from returnportal.mail.models import OutgoingEmail
from tests.contacts.factories import (
    CaseFactory,
    InstitutionFactory,
    PersonFactory,
)
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db


def test_match_or_create_creates_a_normalised_person():
    """A new person gets a lowercase e-mail and an E.164 phone."""
    person = services.person_match_or_create(
        name="  Anna   Kowalska ", email="Anna@Example.com", phone="601 222 333"
    )
    assert (person.name, person.email, str(person.phone)) == (
        "Anna Kowalska",
        "anna@example.com",
        "+48601222333",
    )


def test_match_or_create_matches_on_email_in_any_case():
    """The same e-mail in another spelling finds the same person."""
    first = services.person_match_or_create(email="anna@example.com")
    again = services.person_match_or_create(email="ANNA@example.com ", name="Anna")
    assert again.pk == first.pk
    assert Person.objects.count() == 1
    assert again.name == "Anna"


def test_match_or_create_matches_on_phone_in_any_format():
    """A phone typed with spaces or +48 finds the same person."""
    first = services.person_match_or_create(phone="+48 601-222-333")
    again = services.person_match_or_create(phone="601222333")
    assert again.pk == first.pk


def test_match_or_create_prefers_the_email_owner_to_the_phone_owner():
    """E-mail and phone pointing at two people: the e-mail is the stronger key."""
    PersonFactory(name="Adam Phone", email="adam@example.com", phone="+48601222333")
    owner = PersonFactory(name="Zofia Mail", email="zofia@example.com", phone="")
    found = services.person_match_or_create(email="zofia@example.com", phone="601222333")
    assert found.pk == owner.pk


def test_match_or_create_keeps_what_the_match_already_has():
    """Other details given with a matching e-mail never overwrite the stored name or phone."""
    known = PersonFactory(name="Anna Kowalska", email="anna@example.com", phone="+48601222333")
    services.person_match_or_create(email="anna@example.com", name="Someone", phone="601999888")
    known.refresh_from_db()
    assert (known.name, str(known.phone)) == ("Anna Kowalska", "+48601222333")


def test_match_or_create_records_consent_with_notice_version(settings):
    """Consent is stored with time, channel and the current notice version."""
    settings.PRIVACY_NOTICE_VERSION = "2026-11-01"
    person = services.person_match_or_create(email="a@example.com", consent_channel="web_form")
    assert person.consent_channel == "web_form"
    assert person.consent_notice_version == "2026-11-01"
    assert person.consent_given_at is not None


def test_match_or_create_needs_some_identity():
    """Nothing at all is not a person."""
    with pytest.raises(services.ContactsError):
        services.person_match_or_create()


def test_match_or_create_rejects_an_invalid_phone():
    """An impossible number is refused with a message."""
    with pytest.raises(services.ContactsError):
        services.person_match_or_create(phone="12")


def test_case_open_creates_case_topics_and_first_contact():
    """Opening a case writes the case, its topics and its first contact."""
    staff = StaffUserFactory()
    person = PersonFactory()
    case = services.case_open(
        person=person,
        topics=["funding", "business"],
        channel="phone",
        summary="Dotacja",
        staff=staff,
    )
    contact = case.contacts.get()
    assert case.topics == ["business", "funding"]
    assert (contact.channel, contact.direction, contact.staff) == ("phone", "in", staff)
    assert case.assignee == staff


def test_case_open_for_an_anonymous_caller():
    """An anonymous call is a case without a person, counted like any other."""
    case = services.case_open(person=None, topics=[], channel="phone", summary="")
    assert case.person is None
    assert case.topics == ["other"]


def test_case_open_rejects_unknown_topic_and_writes_nothing():
    """An unknown topic code raises and leaves no case behind."""
    with pytest.raises(services.ContactsError):
        services.case_open(person=None, topics=["astrology"], channel="phone", summary="")
    assert Case.objects.count() == 0


def test_case_log_contact_appends_to_an_existing_case():
    """Logging on a case adds a contact, topics and the follow-up date."""
    case = CaseFactory(topics=["work"])
    day = timezone.localdate() + timedelta(days=3)
    contact = services.case_log_contact(
        case=case,
        person=case.person,
        topics=["housing"],
        channel="email",
        direction="out",
        summary="Odpowiedź",
        follow_up_on=day,
    )
    case.refresh_from_db()
    assert contact.case == case
    assert case.topics == ["work", "housing"]
    assert case.follow_up_on == day


def test_case_log_contact_reopens_a_closed_case():
    """A new contact on a closed case opens it again."""
    case = CaseFactory(status=Case.Status.CLOSED)
    services.case_log_contact(case=case, channel="phone", summary="")
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN


def test_case_log_contact_refuses_another_persons_case():
    """A case cannot collect contacts of somebody else."""
    case = CaseFactory()
    with pytest.raises(services.ContactsError):
        services.case_log_contact(case=case, person=PersonFactory(), channel="phone", summary="")


def test_case_log_contact_without_case_opens_one_with_status():
    """Without a case, a new one is opened, closed when asked."""
    contact = services.case_log_contact(
        person=None, topics=["other"], channel="phone", summary="", status="closed"
    )
    assert contact.case.status == Case.Status.CLOSED


def test_public_question_opens_one_case_and_queues_two_emails(eager_mail):
    """The public form's service opens a case and mails the person and the contact point."""
    with eager_mail(execute=True):
        case, created = services.case_submit_public_question(
            name="Anna",
            email="anna@example.com",
            phone="",
            language="en",
            topic="housing",
            message="Where can I rent?",
            form_token="t" * 32,
        )
    assert created
    assert case.contacts.get().channel == "web_form"
    assert OutgoingEmail.objects.count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.com", "kontakt@re-turn.example"]


def test_public_question_with_the_same_token_is_one_case():
    """A repeated submit with the same token creates nothing new."""
    kwargs = {
        "name": "Anna",
        "email": "anna@example.com",
        "phone": "",
        "language": "pl",
        "topic": "work",
        "message": "Praca?",
        "form_token": "x" * 32,
    }
    first, _ = services.case_submit_public_question(**kwargs)
    second, created = services.case_submit_public_question(**kwargs)
    assert (second.pk, created) == (first.pk, False)
    assert Case.objects.count() == 1
    assert OutgoingEmail.objects.count() == 2


def test_case_log_contact_is_one_transaction_with_the_new_person():
    """When logging fails, the inline new person is not created either."""
    with pytest.raises(services.ContactsError):
        services.case_log_contact(
            new_person={"name": "Jan Nowy", "email": "jan@example.com"},
            topics=["astrology"],
            channel="phone",
            summary="",
        )
    assert Person.objects.count() == 0


def test_case_log_contact_with_a_form_token_keeps_every_detail_and_no_unasked_consent():
    """The one-time-token path logs the same contact as without it, once."""
    person = PersonFactory(consent_given_at=None)
    when = timezone.now() - timedelta(days=2)
    kwargs = {
        "person": person,
        "topics": ["work"],
        "channel": "phone",
        "summary": "Rang about a job offer",
        "direction": "out",
        "occurred_at": when,
        "duration_minutes": 25,
        "status": "closed",
        "form_token": "f" * 32,
    }
    contact = services.case_log_contact(**kwargs)
    again = services.case_log_contact(**kwargs)
    assert again.pk == contact.pk
    assert contact.case.person == person
    assert (contact.direction, contact.occurred_at, contact.duration_minutes) == ("out", when, 25)
    assert contact.case.status == Case.Status.CLOSED
    assert contact.case.topics == ["work"]
    person.refresh_from_db()
    assert person.consent_given_at is None


def test_case_log_contact_records_consent_through_the_channel():
    """Consent given during a call is recorded with the phone channel."""
    contact = services.case_log_contact(
        new_person={"phone": "601222333"}, consent=True, channel="phone", summary=""
    )
    assert contact.case.person.consent_channel == "phone"


def test_a_different_referral_within_the_minute_is_its_own_referral():
    """Only the same case, institution and note is a double click; an older one is not."""
    case, other_case = CaseFactory(), CaseFactory()
    institution, other_institution = InstitutionFactory(), InstitutionFactory()
    first = services.referral_create(case=case, institution=institution, note="Dotacja")
    made = [
        services.referral_create(case=other_case, institution=institution, note="Dotacja"),
        services.referral_create(case=case, institution=other_institution, note="Dotacja"),
        services.referral_create(case=case, institution=institution, note="Kredyt"),
    ]
    assert len({first.pk, *(r.pk for r in made)}) == 4
    Referral.objects.update(created_at=timezone.now() - timedelta(minutes=1, seconds=1))
    again = services.referral_create(case=case, institution=institution, note="Dotacja")
    assert again.pk != first.pk
    assert again.staff is None and again.note == "Dotacja"


def test_referral_double_click_records_one_referral():
    """The same referral twice within a minute is recorded once."""
    case = CaseFactory()
    institution = InstitutionFactory()
    first = services.referral_create(case=case, institution=institution, note="Dotacja")
    second = services.referral_create(case=case, institution=institution, note="Dotacja ")
    assert first.pk == second.pk
    assert case.referrals.count() == 1


@pytest.mark.parametrize("form_token", ["", "one-time-token"])
def test_a_contact_on_a_new_case_keeps_its_follow_up_and_email_details(form_token):
    """With or without a one-time token, a new case gets the follow-up date, the contact its
    e-mail address, subject and Message-ID (so that answers thread back to it)."""
    day = timezone.localdate() + timedelta(days=5)
    contact = services.case_log_contact(
        person=PersonFactory(),
        topics=["work"],
        channel="email",
        summary="Pytanie o zasiłek",
        follow_up_on=day,
        form_token=form_token,
        email_fields={
            "email_address": "jan@example.org",
            "subject": "Zasiłek po powrocie",
            "message_id": "<q1@example.org>",
        },
    )
    contact.refresh_from_db()
    assert contact.case.follow_up_on == day
    assert (contact.email_address, contact.subject, contact.message_id) == (
        "jan@example.org",
        "Zasiłek po powrocie",
        "<q1@example.org>",
    )


def test_a_public_question_in_an_unknown_language_is_answered_in_the_default(settings):
    """A tampered language field falls back to Polish for the person and the acknowledgement."""
    case, created = services.case_submit_public_question(
        name="Jan Nowak",
        email="jan@example.org",
        phone="",
        language="xx",
        topic="work",
        message="Gdzie zarejestrować się jako bezrobotny?",
        form_token="tampered-language",
    )
    assert created
    assert case.person.language == settings.LANGUAGE_CODE == "pl"
    acknowledgement = OutgoingEmail.objects.get(to="jan@example.org")
    assert acknowledgement.language == "pl"
    notification = OutgoingEmail.objects.get(to=settings.CONTACT_POINT_EMAIL)
    assert notification.language == settings.LANGUAGE_CODE


def test_a_case_update_sets_the_follow_up_date_and_refuses_an_unknown_status():
    case = CaseFactory()
    day = timezone.localdate() + timedelta(days=2)
    services.case_update(case=case, status=Case.Status.OPEN, follow_up_on=day)
    case.refresh_from_db()
    assert case.follow_up_on == day
    with pytest.raises(services.ContactsError) as refused:
        services.case_update(case=case, status="forgotten")
    assert str(refused.value) == "Unknown status."


def test_a_referral_records_who_made_it_and_keeps_the_person_active():
    case = CaseFactory()
    Person.objects.filter(pk=case.person_id).update(
        last_activity_at=timezone.now() - timedelta(days=400)
    )
    clerk = StaffUserFactory()
    referral = services.referral_create(case=case, institution=InstitutionFactory(), staff=clerk)
    assert Referral.objects.get(pk=referral.pk).staff == clerk
    case.person.refresh_from_db()
    assert timezone.now() - case.person.last_activity_at < timedelta(minutes=1)


def test_an_unknown_referral_outcome_is_refused_with_a_message():
    referral = services.referral_create(case=CaseFactory(), institution=InstitutionFactory())
    with pytest.raises(services.ContactsError) as refused:
        services.referral_set_outcome(referral=referral, outcome="lost")
    assert str(refused.value) == "Unknown outcome."
