"""Merging two records of one person: contacts/merge.py and its two staff pages."""

import logging
import threading

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from contacts import merge
from contacts.models import Case, Contact, ContactAttachment, Person, Referral
from returnportal.accounts.roles import CONTACT_POINT_STAFF
from returnportal.mail.models import OutgoingEmail
from surveys.models import Response
from tests.contacts.factories import (
    CaseFactory,
    ContactAttachmentFactory,
    ContactFactory,
    PersonFactory,
    ReferralFactory,
)
from tests.factories import StaffUserFactory
from tests.surveys.factories import ResponseFactory
from tests.workshops.factories import RegistrationFactory, WorkshopFactory
from workshops.models import Registration

pytestmark = pytest.mark.django_db


def merge_url(keep: Person, discard: Person) -> str:
    """The English merge screen, whose messages the assertions read."""
    with translation.override("en"):
        return reverse("contacts:person_merge", args=[keep.pk, discard.pk])


def english(name: str, *args) -> str:
    with translation.override("en"):
        return reverse(name, args=args)


def shown_choices(client, keep: Person, discard: Person) -> dict[str, str]:
    """What the merge screen posts untouched: each detail's preselected choice."""
    form = client.get(merge_url(keep, discard)).context["form"]
    return {name: form[name].initial for name in form.fields}


def outbox_row(to: str) -> OutgoingEmail:
    return OutgoingEmail.objects.create(
        to=to, language="pl", kind="test", subject="Potwierdzenie", body_text="Dzień dobry"
    )


@pytest.fixture
def pair(db):
    """Two records of Anna: the one kept, with a case; the one merged, holding a bit of all."""
    keep = PersonFactory(name="Anna Nowak", email="anna@example.com", phone="+48600100200")
    CaseFactory(person=keep)
    discard = PersonFactory(
        name="Anna Nowak-Kowalska",
        email="anna.nowak@example.org",
        phone="",
        country="IE",
        stay_countries=["IE", "GB"],
        months_away=30,
    )
    return keep, discard


# The service -----------------------------------------------------------------------------------
def test_merge_moves_everything_the_discarded_record_holds(pair, settings, tmp_path):
    """Cases with their contacts, referrals and attachments, registrations (linked or by
    e-mail) and survey consents end up on the kept record."""
    settings.MEDIA_ROOT = tmp_path
    keep, discard = pair
    case = CaseFactory(person=discard)
    ContactFactory(case=case)
    ContactAttachmentFactory(contact__case=case)
    ReferralFactory(case=case)
    linked = RegistrationFactory(person=discard)
    by_email = RegistrationFactory(email=discard.email)
    consent = ResponseFactory(contact_consent=True, contact_email=discard.email.upper())
    outbox_row(discard.email)

    moves = merge.merge_moves(discard)
    merge.person_merge(keep=keep, discard=discard, choices={}, staff=StaffUserFactory())

    assert {move.label: move.count for move in moves} == {
        "Cases": 1,
        "Contacts": 2,
        "Referrals": 1,
        "Workshop registrations": 2,
        "Survey consents": 1,
        "E-mails sent to its address": 1,
    }
    assert Case.objects.filter(person=keep).count() == 2
    assert Contact.objects.filter(case__person=keep).count() == 2
    assert Referral.objects.filter(case__person=keep).count() == 1
    assert ContactAttachment.objects.filter(contact__case__person=keep).count() == 1
    assert set(Registration.objects.filter(person=keep)) == {linked, by_email}
    assert Response.objects.get(pk=consent.pk).person == keep
    assert not Case.objects.filter(person=discard).exists()


def test_merge_applies_the_chosen_values_and_empties_the_discarded_record(pair):
    """Each chosen value stays; the merged record is marked and keeps nothing that identifies."""
    keep, discard = pair
    merge.person_merge(
        keep=keep,
        discard=discard,
        choices={"name": merge.KEEP, "email": merge.DISCARD},
        staff=StaffUserFactory(),
    )
    keep.refresh_from_db()
    discard.refresh_from_db()
    assert (keep.name, keep.email, str(keep.phone)) == (
        "Anna Nowak",
        "anna.nowak@example.org",
        "+48600100200",
    )
    # Missing on the kept record, so taken from the other without asking.
    assert (str(keep.country), keep.months_away) == ("IE", 30)
    assert {str(c) for c in keep.stay_countries} == {"IE", "GB"}
    assert (discard.merged_into, discard.name, discard.email, str(discard.phone)) == (
        keep,
        "",
        "",
        "",
    )
    assert discard.merged_at is not None
    assert list(Person.objects.active().filter(pk__in=[keep.pk, discard.pk])) == [keep]


def test_merge_takes_the_phone_a_flagged_duplicate_shared(db):
    """A flagged record sharing the kept one's phone merges; the flag is settled, the number
    stays on the kept record, and flags of others pointing at the merged record follow it."""
    keep = PersonFactory(email="", phone="+48600555000")
    discard = PersonFactory(phone="+48600555000", possible_duplicate_of=keep)
    third = PersonFactory(phone="+48600555000", possible_duplicate_of=discard)
    address = discard.email
    merge.person_merge(
        keep=keep, discard=discard, choices={"email": merge.DISCARD}, staff=StaffUserFactory()
    )
    keep.refresh_from_db()
    third.refresh_from_db()
    assert (str(keep.phone), keep.possible_duplicate_of) == ("+48600555000", None)
    assert keep.email == address
    assert third.possible_duplicate_of == keep


def test_merge_records_the_change_in_the_history(pair):
    """The kept record's history says with whom it was merged and by whom."""
    keep, discard = pair
    staff = StaffUserFactory()
    merge.person_merge(keep=keep, discard=discard, choices={}, staff=staff)
    latest = keep.history.first()
    assert latest.history_change_reason == f"merged with #{discard.pk}"
    assert latest.history_user == staff
    assert Person.objects.get(pk=discard.pk).history.first().merged_into_id == keep.pk


def test_merge_writes_an_audit_line_without_personal_data(
    pair, caplog, django_capture_on_commit_callbacks
):
    """The audit log says who merged which record into which, and nothing about the person."""
    keep, discard = pair
    staff = StaffUserFactory()
    with (
        caplog.at_level(logging.INFO, logger="returnportal.audit"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        merge.person_merge(keep=keep, discard=discard, choices={}, staff=staff)
    assert f"person_merged user={staff.pk} kept={keep.pk} merged={discard.pk}" in caplog.text
    assert "Anna" not in caplog.text
    assert "example" not in caplog.text


def test_merge_refuses_workshops_both_are_registered_for(pair):
    """Two active registrations for one workshop would hold two seats: refused, naming it."""
    keep, discard = pair
    workshop = WorkshopFactory(title="Own business in Kielce")
    RegistrationFactory(workshop=workshop, person=keep, email=keep.email)
    RegistrationFactory(workshop=workshop, email=discard.email)
    with pytest.raises(merge.PersonMergeError, match="Own business in Kielce") as refused:
        merge.person_merge(keep=keep, discard=discard, choices={}, staff=StaffUserFactory())
    assert refused.value.code == "registrations_collide"
    assert Person.objects.get(pk=discard.pk).merged_into is None


def test_a_cancelled_registration_is_no_clash(pair):
    """One active and one cancelled registration for a workshop merge into one record."""
    keep, discard = pair
    workshop = WorkshopFactory()
    RegistrationFactory(workshop=workshop, person=keep)
    RegistrationFactory(
        workshop=workshop, person=discard, status="cancelled", cancelled_at=timezone.now()
    )
    merge.person_merge(keep=keep, discard=discard, choices={}, staff=StaffUserFactory())
    assert workshop.registrations.filter(person=keep).count() == 2


@pytest.mark.parametrize(
    ("state", "code"),
    [
        ({"anonymised_at": timezone.now()}, "erased"),
        ({"merged_into_id": "other"}, "already_merged"),
    ],
)
@pytest.mark.parametrize("side", ["keep", "discard"])
def test_merge_refuses_erased_or_merged_records(pair, state, code, side):
    """Neither an erased nor an already merged record is merged, on either side."""
    people = dict(zip(["keep", "discard"], pair, strict=True))
    other = PersonFactory()
    values = {k: other.pk if v == "other" else v for k, v in state.items()}
    Person.objects.filter(pk=people[side].pk).update(**values)
    with pytest.raises(merge.PersonMergeError) as refused:
        merge.person_merge(**people, choices={}, staff=StaffUserFactory())
    assert refused.value.code == code
    assert Person.objects.filter(merged_into__in=pair).count() == 0


def test_merge_refuses_a_record_with_itself(pair):
    """A record merged with itself is refused."""
    keep, _discard = pair
    with pytest.raises(merge.PersonMergeError) as refused:
        merge.person_merge(keep=keep, discard=keep, choices={}, staff=StaffUserFactory())
    assert refused.value.code == "same_person"


def test_merged_into_follows_a_chain(db):
    """A record merged into one that was merged again leads to the last."""
    first, second, third = PersonFactory.create_batch(3)
    staff = StaffUserFactory()
    merge.person_merge(keep=second, discard=first, choices={}, staff=staff)
    merge.person_merge(keep=third, discard=second, choices={}, staff=staff)
    assert merge.person_merged_into(Person.objects.get(pk=first.pk)) == third


# The merge screen ------------------------------------------------------------------------------
def test_merge_screen_shows_both_records_and_what_moves(staff_client, pair):
    """Both values of every differing detail, the kept one chosen, and the counts that move."""
    keep, discard = pair
    CaseFactory(person=discard)
    response = staff_client.get(merge_url(keep, discard))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Anna Nowak-Kowalska" in html
    assert "anna.nowak@example.org" in html
    form = response.context["form"]
    assert form["name"].initial == merge.KEEP
    assert form["country"].initial == merge.DISCARD
    assert "language" not in form.fields  # the same in both
    cases_moving = response.context["moves"][0]
    assert (cases_moving.label, cases_moving.count) == ("Cases", 1)


def test_posting_the_screen_merges_and_goes_to_the_kept_record(staff_client, pair):
    """The chosen values stay, staff land on the kept record with a confirmation."""
    keep, discard = pair
    posted = {**shown_choices(staff_client, keep, discard), "name": "discard"}
    response = staff_client.post(merge_url(keep, discard), posted)
    keep.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == keep.get_absolute_url()
    assert keep.name == "Anna Nowak-Kowalska"
    assert keep.email == "anna@example.com"
    assert Person.objects.get(pk=discard.pk).merged_into == keep


def test_the_page_of_a_merged_record_redirects_to_the_kept_one(staff_client, db):
    """Old links to a merged record lead to the record that stayed, through a chain."""
    first, second, third = PersonFactory.create_batch(3)
    staff = StaffUserFactory()
    merge.person_merge(keep=second, discard=first, choices={}, staff=staff)
    merge.person_merge(keep=third, discard=second, choices={}, staff=staff)
    response = staff_client.get(reverse("contacts:person_detail", args=[first.pk]))
    assert response.status_code == 302
    assert response["Location"] == third.get_absolute_url()


@pytest.mark.parametrize("method", ["get", "post"])
def test_merging_a_record_with_itself_is_400(staff_client, pair, method):
    """The screen says why and nothing changes."""
    keep, _discard = pair
    response = getattr(staff_client, method)(merge_url(keep, keep), {"name": "discard"})
    keep.refresh_from_db()
    assert response.status_code == 400
    assert "cannot be merged with itself" in response.content.decode()
    assert keep.merged_into is None
    assert keep.history.count() == 1


@pytest.mark.parametrize("method", ["get", "post"])
def test_merging_an_erased_record_is_400(staff_client, pair, method):
    """An erased record is named as erased, on the screen and on posting it."""
    keep, discard = pair
    Person.objects.filter(pk=discard.pk).update(anonymised_at=timezone.now())
    response = getattr(staff_client, method)(merge_url(keep, discard))
    assert response.status_code == 400
    assert f"Person #{discard.pk} has been erased" in response.content.decode()
    assert Case.objects.filter(person=keep).count() == 1


def test_posting_an_already_merged_pair_again_is_400(staff_client, pair):
    """A second post of the same merge (another clerk, the back button) says it is done."""
    keep, discard = pair
    posted = shown_choices(staff_client, keep, discard)
    assert staff_client.post(merge_url(keep, discard), posted).status_code == 302
    response = staff_client.post(merge_url(keep, discard), posted)
    assert response.status_code == 400
    assert f"Person #{discard.pk} has already been merged into #{keep.pk}." in (
        response.content.decode()
    )


def test_clashing_registrations_are_400_naming_the_workshop(staff_client, pair):
    """Staff are told which workshop both are registered for; nothing moves."""
    keep, discard = pair
    workshop = WorkshopFactory(title="Funding for a start-up")
    RegistrationFactory(workshop=workshop, person=keep)
    RegistrationFactory(workshop=workshop, person=discard)
    response = staff_client.post(merge_url(keep, discard))
    assert response.status_code == 400
    assert "Funding for a start-up" in response.content.decode()
    assert workshop.registrations.filter(person=discard).count() == 1


def test_a_phone_taken_by_a_third_person_is_400_and_nothing_merges(staff_client, db):
    """A flagged record's number that belongs to somebody else cannot go on the kept record."""
    PersonFactory(name="Owner of the number", phone="+48600900900")
    keep = PersonFactory(name="Jadwiga", phone="+48600111222")
    discard = PersonFactory(name="Jadzia", phone="+48600900900", possible_duplicate_of=keep)
    posted = {**shown_choices(staff_client, keep, discard), "phone": "discard"}
    response = staff_client.post(merge_url(keep, discard), posted)
    assert response.status_code == 400
    assert "Another person already has this e-mail address or phone number" in (
        response.content.decode()
    )
    assert Person.objects.get(pk=discard.pk).merged_into is None
    assert str(Person.objects.get(pk=discard.pk).phone) == "+48600900900"


# Permissions -----------------------------------------------------------------------------------
def test_merging_needs_the_permission_to_change_people(staff_client, pair):
    """Without contacts.change_person a clerk gets 403 and nothing is merged."""
    keep, discard = pair
    Group.objects.get(name=CONTACT_POINT_STAFF).permissions.remove(
        Permission.objects.get(codename="change_person", content_type__app_label="contacts")
    )
    response = staff_client.post(merge_url(keep, discard))
    assert response.status_code == 403
    assert Person.objects.get(pk=discard.pk).merged_into is None


def test_merge_screen_open_is_in_the_access_log(staff_client, pair, caplog):
    """Opening the screen (personal data of two people) is logged like a person page."""
    keep, discard = pair
    with caplog.at_level(logging.INFO, logger="returnportal.audit"):
        staff_client.get(merge_url(keep, discard))
    assert f"view=contacts:person_merge record={keep.pk}" in caplog.text


# The likely duplicates -------------------------------------------------------------------------
def test_duplicates_list_finds_flag_email_phone_and_name_pairs(staff_client, db):
    """Flagged, same normalised e-mail, same phone, same name ignoring case: each a pair."""
    original = PersonFactory(name="Piotr Zieliński", phone="+48600700800")
    flagged = PersonFactory(name="P. Z.", phone="+48600700800", possible_duplicate_of=original)
    mail_a = PersonFactory(name="Ewa", email="ewa@example.com")
    mail_b = PersonFactory(name="E. Lis", email="x@example.com")
    # Written around save(), as an old import did: the same address in other letters.
    Person.objects.filter(pk=mail_b.pk).update(email=" EWA@example.com")
    same_name_a = PersonFactory(name="Marek Wójcik")
    same_name_b = PersonFactory(name="marek wójcik")
    PersonFactory(name="Somebody Else")

    response = staff_client.get(english("contacts:person_duplicates"))
    pairs = {(p.person.pk, p.other.pk): p.reasons for p in response.context["pairs"]}
    assert pairs[(original.pk, flagged.pk)] == ["flagged by a public form", "same phone"]
    assert pairs[(mail_a.pk, mail_b.pk)] == ["same e-mail"]
    assert pairs[(same_name_a.pk, same_name_b.pk)] == ["similar name"]
    assert len(pairs) == 3
    assert reverse("contacts:person_merge", args=[original.pk, flagged.pk]) in (
        response.content.decode()
    )


def test_duplicates_list_leaves_out_merged_and_erased_records(staff_client, pair):
    """Once merged (or erased), a record is nobody's duplicate any more."""
    keep, discard = pair
    PersonFactory(name="Anna Nowak", anonymised_at=timezone.now())
    Person.objects.filter(pk=discard.pk).update(name="Anna Nowak")
    assert [p.people for p in merge.duplicate_pairs()] == [(keep, discard)]
    merge.person_merge(keep=keep, discard=discard, choices={}, staff=StaffUserFactory())
    assert merge.duplicate_pairs() == []


def test_duplicates_list_is_bounded(db):
    """Never more than the limit of pairs, however many there are."""
    for i in range(6):
        PersonFactory.create_batch(2, name=f"Twin {i}")
    assert len(merge.duplicate_pairs(limit=4)) == 4


def add_duplicates(count: int) -> None:
    """`count` people each with a flagged twin and a namesake, so every reason has pairs."""
    for _ in range(count):
        original = PersonFactory()
        PersonFactory(name=original.name.upper(), phone="", email="")
        PersonFactory(phone=original.phone, possible_duplicate_of=original)


def duplicates_page_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("contacts:person_duplicates"))
    assert response.status_code == 200
    assert response.context["pairs"]
    return len(queries)


def test_duplicates_page_runs_the_same_queries_for_5_or_50_people(staff_client, db):
    """The number of queries does not grow with the number of people."""
    add_duplicates(5)
    few = duplicates_page_queries(staff_client)
    add_duplicates(45)
    assert duplicates_page_queries(staff_client) == few


def test_merge_screen_runs_the_same_queries_however_much_moves(staff_client, pair):
    """The counts of what moves are counts, not rows loaded."""
    keep, discard = pair

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(merge_url(keep, discard)).status_code == 200
        return len(captured)

    before = queries()
    for _ in range(10):
        ContactFactory(case=CaseFactory(person=discard))
        RegistrationFactory(person=discard)
    assert queries() == before


# PostgreSQL ------------------------------------------------------------------------------------
@pytest.mark.services
@pytest.mark.usefixtures("services")
def test_duplicates_list_finds_similar_names_on_postgresql(db):
    """Trigram similarity pairs names spelled a little differently, not different names."""
    wisniewska = PersonFactory(name="Katarzyna Wiśniewska")
    wisniewska_ascii = PersonFactory(name="Katarzyna Wisniewska")
    PersonFactory(name="Tomasz Lewandowski")
    pairs = {p.people: p.reasons for p in merge.duplicate_pairs()}
    assert pairs == {(wisniewska, wisniewska_ascii): ["similar name"]}


def merge_at_once(keep: Person, discard: Person, *, clerks: int = 2) -> list:
    """Run person_merge from one thread per clerk, each on its own connection, released
    together by a barrier."""
    staff = [StaffUserFactory() for _ in range(clerks)]
    barrier = threading.Barrier(clerks)
    outcomes: list = []
    lock = threading.Lock()

    def clerk(user) -> None:
        try:
            barrier.wait()
            result = merge.person_merge(
                keep=Person.objects.get(pk=keep.pk),
                discard=Person.objects.get(pk=discard.pk),
                choices={"email": merge.DISCARD},
                staff=user,
            )
        except merge.PersonMergeError as exc:
            result = exc
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=clerk, args=(user,)) for user in staff]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("services")
def test_two_clerks_merging_the_same_pair_at_once():
    """Exactly one merge succeeds; the other clerk hears it was already merged; the data
    is as after one merge."""
    keep = PersonFactory(email="first@example.com")
    discard = PersonFactory(email="second@example.com")
    CaseFactory(person=keep)
    CaseFactory.create_batch(3, person=discard)
    RegistrationFactory(person=discard)

    outcomes = merge_at_once(keep, discard)

    refusals = [o for o in outcomes if isinstance(o, merge.PersonMergeError)]
    assert len(outcomes) == 2
    assert [r.code for r in refusals] == ["already_merged"]
    keep.refresh_from_db()
    assert keep.email == "second@example.com"
    assert Person.objects.get(pk=discard.pk).merged_into == keep
    assert Case.objects.filter(person=keep).count() == 4
    assert Registration.objects.filter(person=keep).count() == 1
    assert keep.history.filter(history_change_reason__startswith="merged").count() == 1


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("services")
def test_two_clerks_merging_a_pair_each_way_round():
    """One merges A into B while the other merges B into A: no deadlock, one merge."""
    first = PersonFactory()
    second = PersonFactory()
    staff = [StaffUserFactory(), StaffUserFactory()]
    barrier = threading.Barrier(2)
    outcomes: list = []

    def clerk(user, keep_pk, discard_pk) -> None:
        try:
            barrier.wait()
            outcomes.append(
                merge.person_merge(
                    keep=Person.objects.get(pk=keep_pk),
                    discard=Person.objects.get(pk=discard_pk),
                    choices={},
                    staff=user,
                )
            )
        except merge.PersonMergeError as exc:
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=clerk, args=(staff[0], first.pk, second.pk)),
        threading.Thread(target=clerk, args=(staff[1], second.pk, first.pk)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(type(o).__name__ for o in outcomes) == ["Person", "PersonMergeError"]
    assert Person.objects.active().filter(pk__in=[first.pk, second.pk]).count() == 1


def test_erasing_the_kept_record_erases_what_the_merged_one_held(pair):
    """After a merge, erasing the person leaves no trace of the merged record's old identity:
    its history rows and the e-mails sent to its old address go too."""
    from contacts.personal_data import person_anonymise
    from returnportal.mail.services import email_queue

    keep, discard = pair
    email_queue(
        to=discard.email,
        template="contacts/email/acknowledgement",
        context={"case": CaseFactory(person=discard), "person": discard, "topic": "work"},
        language="pl",
    )
    merge.person_merge(keep=keep, discard=discard, choices={}, staff=StaffUserFactory())
    person_anonymise(person=keep)
    assert not Person.history.filter(id=discard.pk).exists()
    assert not OutgoingEmail.objects.filter(to="anna.nowak@example.org").exists()
