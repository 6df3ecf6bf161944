import zoneinfo
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from contacts.models import Case, CaseTopic, Institution, Person, validate_time_zone
from tests.contacts.factories import CaseFactory, InstitutionFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_person_email_is_stored_lowercase():
    """A person's e-mail is saved in one spelling so that matching finds it."""
    person = PersonFactory(email="  Anna.Kowalska@Example.COM ")
    assert Person.objects.get(pk=person.pk).email == "anna.kowalska@example.com"


def test_two_people_cannot_share_an_email():
    """The database refuses a second person with the same e-mail."""
    PersonFactory(email="a@example.com")
    with pytest.raises(IntegrityError):
        PersonFactory(email="a@example.com")


def test_many_people_may_have_no_email_or_phone():
    """Empty e-mails and phones do not collide."""
    PersonFactory(email="", phone="")
    PersonFactory(email="", phone="")
    assert Person.objects.filter(email="", phone="").count() == 2


def test_unknown_time_zone_is_rejected():
    """Only real IANA zone names are accepted."""
    with pytest.raises(ValidationError):
        validate_time_zone("Mars/Olympus")


def test_person_local_clock_follows_their_zone():
    """The call-back time is shown in the person's zone."""
    person = PersonFactory(time_zone="Asia/Tokyo")
    expected = timezone.now().astimezone(zoneinfo.ZoneInfo("Asia/Tokyo")).strftime("%H:%M")
    assert person.local_clock == expected


def test_person_search_matches_name_email_and_phone_digits():
    """Search finds people by part of the name, the e-mail or the phone number."""
    anna = PersonFactory(name="Anna Nowak", email="anna@example.com", phone="+48601222333")
    PersonFactory(name="Piotr Zieliński", email="piotr@example.com")
    assert list(Person.objects.search("nowak")) == [anna]
    assert list(Person.objects.search("ANNA@")) == [anna]
    assert list(Person.objects.search("601 222")) == [anna]


def test_case_topics_come_in_topic_order():
    """Topic codes of a case are listed in the order of the Topic choices."""
    case = CaseFactory(topics=["health", "work"])
    assert case.topics == ["work", "health"]


def test_case_topic_must_be_known():
    """The database refuses a topic code outside the list."""
    case = CaseFactory()
    with pytest.raises(IntegrityError):
        CaseTopic.objects.create(case=case, topic="astrology")


def test_follow_ups_due_include_overdue_and_today_of_the_user(django_user_model):
    """Follow-ups due are the user's or nobody's not-closed cases due today or earlier."""
    user = django_user_model.objects.create(username="s")
    colleague = django_user_model.objects.create(username="c")
    today = timezone.localdate()
    overdue = CaseFactory(assignee=user, follow_up_on=today - timedelta(days=2))
    due = CaseFactory(assignee=user, follow_up_on=today)
    unassigned = CaseFactory(follow_up_on=today)
    CaseFactory(assignee=user, follow_up_on=today + timedelta(days=1))
    CaseFactory(assignee=user, follow_up_on=today, status=Case.Status.CLOSED)
    CaseFactory(assignee=colleague, follow_up_on=today)
    assert list(Case.objects.follow_ups_due(user=user, on=today)) == [overdue, due, unassigned]


def test_institutions_are_ordered_by_kind_then_name():
    """The directory lists kinds in their defined order."""
    b = InstitutionFactory(name="B", kind=Institution.Kind.TAX_OFFICE)
    a = InstitutionFactory(name="A", kind=Institution.Kind.REGIONAL_LABOUR_OFFICE)
    c = InstitutionFactory(name="C", kind=Institution.Kind.TAX_OFFICE)
    assert list(Institution.objects.in_directory_order()) == [a, b, c]


def test_changes_to_a_person_are_kept_as_history():
    """Editing a person adds a history record."""
    person = PersonFactory()
    person.name = "Nowe Nazwisko"
    person.save()
    assert person.history.count() == 2


@pytest.mark.parametrize(
    ("group", "codename", "granted"),
    [
        ("Contact point staff", "change_person", True),
        ("Contact point staff", "add_contact", True),
        ("Contact point staff", "change_referral", True),
        ("Contact point staff", "view_institution", True),
        ("Contact point staff", "change_institution", False),
        ("Contact point staff", "delete_person", False),
        ("Content editors", "change_institution", True),
        ("Content editors", "view_person", False),
    ],
)
def test_role_permissions_from_the_data_migration(group, codename, granted):
    """Each role holds the model permissions its work needs and no more."""
    held = Group.objects.get(name=group).permissions.filter(
        content_type__app_label="contacts", codename=codename
    )
    assert held.exists() is granted
