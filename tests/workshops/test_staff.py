"""Tests of the staff pages: lists, check-in, print, CSV and registering on someone's behalf."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from returnportal.accounts.roles import CONTACT_POINT_STAFF, CONTENT_EDITORS
from tests.contacts.factories import PersonFactory
from tests.workshops.factories import RegistrationFactory, WorkshopFactory
from workshops.models import Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop():
    return WorkshopFactory(capacity=1, title="Grants for returnees")


def staff_urls(workshop) -> list[str]:
    return [
        "/staff/workshops/",
        f"/staff/workshops/{workshop.slug}/attendees/",
        f"/staff/workshops/{workshop.slug}/attendees/print/",
        f"/staff/workshops/{workshop.slug}/attendees.csv",
        f"/staff/workshops/{workshop.slug}/register/",
    ]


def test_staff_pages_refuse_a_signed_in_user_without_the_role(client, other_user, workshop):
    """Signed-in users who are not contact-point staff get 403 on every staff page."""
    client.force_login(other_user)
    assert {client.get(url).status_code for url in staff_urls(workshop)} == {403}


def test_attendee_list_shows_confirmed_and_waiting(staff_client, workshop):
    """The attendee page lists the confirmed and, in order, the waiting."""
    RegistrationFactory(workshop=workshop, name="Confirmed Person")
    RegistrationFactory(workshop=workshop, name="First Waiting", status="waiting")
    RegistrationFactory(workshop=workshop, name="Second Waiting", status="waiting")
    response = staff_client.get(f"/en/staff/workshops/{workshop.slug}/attendees/")
    assert [r.name for r in response.context["confirmed"]] == ["Confirmed Person"]
    assert [(r.name, r.position) for r in response.context["waiting"]] == [
        ("First Waiting", 1),
        ("Second Waiting", 2),
    ]


@pytest.mark.parametrize(("value", "attended"), [("yes", True), ("no", False), ("", None)])
def test_check_in_by_plain_post(staff_client, workshop, value, attended):
    """The check-in buttons work as plain form posts and come back to the list."""
    registration = RegistrationFactory(workshop=workshop)
    response = staff_client.post(
        f"/staff/workshops/{workshop.slug}/attendees/{registration.pk}/attendance/",
        {"attended": value},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/attendees/#registration-{registration.pk}")
    registration.refresh_from_db()
    assert registration.attended is attended


def test_check_in_by_script_gets_json(staff_client, workshop):
    """The check-in script gets JSON back instead of a redirect: the row, the counts, a sentence."""
    workshop.capacity = 4
    workshop.save()
    registration = RegistrationFactory(workshop=workshop, name="Ewa Lis")
    RegistrationFactory(workshop=workshop, attended=True)
    RegistrationFactory(workshop=workshop, attended=False)
    RegistrationFactory(workshop=workshop)
    RegistrationFactory(workshop=workshop, status="waiting", attended=True)  # not counted
    response = staff_client.post(
        f"/en/staff/workshops/{workshop.slug}/attendees/{registration.pk}/attendance/",
        {"attended": "yes"},
        headers={"Accept": "application/json"},
    )
    assert response.json() == {
        "id": registration.pk,
        "attended": True,
        "counts": {"registered": 4, "present": 2, "absent": 1, "unchecked": 1},
        "message": "Ewa Lis: present. Checked in 2 of 4, 1 absent, 1 not checked yet.",
    }


def test_attendee_list_shows_the_check_in_counts(staff_client, workshop):
    """The page renders the same counts the script updates, in elements it can find."""
    RegistrationFactory(workshop=workshop, attended=True)
    response = staff_client.get(f"/en/staff/workshops/{workshop.slug}/attendees/")
    assert response.context["attendance"] == {
        "registered": 1,
        "present": 1,
        "absent": 0,
        "unchecked": 0,
    }
    assert '<dd data-count="present">1</dd>' in response.text
    assert 'role="status" aria-live="polite"' in response.text


def test_check_in_rejects_unknown_values(staff_client, workshop):
    """A made-up attendance value is a 400, not a 500."""
    registration = RegistrationFactory(workshop=workshop)
    response = staff_client.post(
        f"/staff/workshops/{workshop.slug}/attendees/{registration.pk}/attendance/",
        {"attended": "maybe"},
    )
    assert response.status_code == 400


def test_check_in_only_for_confirmed(staff_client, workshop):
    """People on the waiting list cannot be checked in."""
    registration = RegistrationFactory(workshop=workshop, status="waiting")
    response = staff_client.post(
        f"/staff/workshops/{workshop.slug}/attendees/{registration.pk}/attendance/",
        {"attended": "yes"},
    )
    assert response.status_code == 404


def test_csv_export_streams_every_registration(staff_client, workshop):
    """The CSV has a header and one row per registration, with formulas defused."""
    RegistrationFactory(workshop=workshop, name="=HYPERLINK(1)")
    RegistrationFactory(workshop=workshop, name="Waiting Person", status="waiting")
    response = staff_client.get(f"/en/staff/workshops/{workshop.slug}/attendees.csv")
    assert response.streaming
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Name,E-mail")
    assert lines[1].startswith("'=HYPERLINK(1)")
    assert "Waiting Person" in lines[2]
    assert len(lines) == 3


def test_print_view_lists_the_confirmed(staff_client, workshop):
    """The print view holds the confirmed names and a signature column."""
    RegistrationFactory(workshop=workshop, name="Jan Wiśniewski")
    response = staff_client.get(f"/en/staff/workshops/{workshop.slug}/attendees/print/")
    assert "Jan Wiśniewski" in response.text
    assert "Signature" in response.text


def test_staff_registers_on_behalf_with_the_same_rules_and_mail(
    staff_client, staff_user, workshop, django_capture_on_commit_callbacks
):
    """Staff registration uses the service: wait-listed when full, e-mail in chosen language."""
    RegistrationFactory(workshop=workshop)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            f"/staff/workshops/{workshop.slug}/register/",
            {
                "name": "Piotr Zieliński",
                "email": "piotr@example.org",
                "participant_type": "migrant",
                "language": "en",
                "consent": "on",
            },
        )
    assert response.status_code == 302
    registration = Registration.objects.get(email="piotr@example.org")
    assert (registration.status, registration.language) == ("waiting", "en")
    assert registration.registered_by == staff_user
    assert mail.outbox[0].subject.startswith("You are on the waiting list")


def test_staff_cancel_promotes_the_waiting(staff_client, workshop):
    """Staff cancelling a seat promotes the first person waiting."""
    holder = RegistrationFactory(workshop=workshop)
    waiting = RegistrationFactory(workshop=workshop, status="waiting")
    staff_client.post(f"/staff/workshops/{workshop.slug}/attendees/{holder.pk}/cancel/")
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


@pytest.mark.parametrize(
    ("group", "codenames"),
    [
        (CONTENT_EDITORS, {"add_workshop", "change_workshop", "view_workshop"}),
        (
            CONTACT_POINT_STAFF,
            {
                "view_workshop",
                "view_registration",
                "add_registration",
                "change_registration",
                "view_interestsubscription",
            },
        ),
    ],
)
def test_roles_hold_the_workshop_permissions(group, codenames):
    """The data migration grants each role its workshop permissions."""
    held = set(
        Group.objects.get(name=group)
        .permissions.filter(content_type__app_label="workshops")
        .values_list("codename", flat=True)
    )
    assert held == codenames


def test_staff_form_can_be_prefilled_from_the_link(staff_client, workshop):
    """A link from a person's record fills in their name and e-mail."""
    response = staff_client.get(
        f"/en/staff/workshops/{workshop.slug}/register/?name=Jan+Nowak&email=jan@example.org"
    )
    form = response.context["form"]
    assert (form["name"].value(), form["email"].value()) == ("Jan Nowak", "jan@example.org")


@pytest.mark.parametrize(
    ("kind", "participant_type"),
    [("migrant", "migrant"), ("entrepreneur", "entrepreneur"), ("institution", "other")],
)
def test_a_person_page_registers_them_with_their_details(
    staff_client, workshop, kind, participant_type
):
    """From a person's record: their details filled in, their kind as the participant type."""
    person = PersonFactory(name="Ewa Nowak", email="ewa.nowak@example.org", kind=kind)
    page = staff_client.get(person.get_absolute_url()).content.decode()
    link = page.split('href="/staff/workshops/?', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    form = staff_client.get(f"/staff/workshops/{workshop.slug}/register/?{link}").context["form"]
    assert form.initial["name"] == "Ewa Nowak"
    assert form.initial["email"] == "ewa.nowak@example.org"
    assert form.initial["participant_type"] == participant_type
