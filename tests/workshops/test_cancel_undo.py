"""Cancelling asks first, staff can undo a cancellation for a while, and each side gets its words."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from returnportal.mail.models import OutgoingEmail
from tests.workshops.factories import RegistrationFactory, WorkshopFactory
from workshops import services
from workshops.models import Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop():
    return WorkshopFactory(capacity=1, title="Grants for returnees", slug="grants")


def attendees(workshop) -> str:
    return f"/en/staff/workshops/{workshop.slug}/attendees/"


def staff_cancel_url(registration) -> str:
    return f"/en/staff/workshops/{registration.workshop.slug}/attendees/{registration.pk}/cancel/"


def undo_url(registration) -> str:
    workshop = registration.workshop
    return f"/en/staff/workshops/{workshop.slug}/attendees/{registration.pk}/undo-cancel/"


def cancel_by_staff(registration, staff_user) -> Registration:
    return services.registration_cancel(registration=registration, by_staff=staff_user)


# The registrant's own cancel link -----------------------------------------------------------


def test_the_cancel_link_asks_first_and_a_get_cancels_nothing(client, workshop):
    """A link scanner (or a tap) on the cancel page sees what would be cancelled, nothing more."""
    registration = RegistrationFactory(workshop=workshop, name="Ewa Lis")
    response = client.get(f"/en/registrations/{registration.token}/cancel/")
    assert response.status_code == 200
    assert "Cancel your registration?" in response.text
    assert "Grants for returnees" in response.text and "Ewa Lis" in response.text
    assert "Yes, cancel my registration" in response.text
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert not OutgoingEmail.objects.exists()


def test_the_registration_page_links_to_the_question_and_does_not_cancel(client, workshop):
    """The page from the e-mail has a link to the question, not a one-tap cancel button."""
    registration = RegistrationFactory(workshop=workshop)
    page = client.get(f"/en/registrations/{registration.token}/")
    assert f'href="/en/registrations/{registration.token}/cancel/"' in page.text
    assert 'method="post"' not in page.text
    assert client.post(f"/en/registrations/{registration.token}/").status_code == 405
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_confirming_cancels_and_thanks_the_registrant(client, workshop):
    """The POST cancels; the e-mail thanks them for letting us know, in their language."""
    registration = RegistrationFactory(workshop=workshop, language="pl")
    response = client.post(f"/en/registrations/{registration.token}/cancel/")
    assert response.status_code == 302
    registration.refresh_from_db()
    assert (registration.status, registration.cancelled_by) == ("cancelled", None)
    email = OutgoingEmail.objects.get()
    assert email.kind == "cancelled"
    assert "Dziękujemy za informację" in email.body_text
    assert "Punkt kontaktowy anulował" not in email.body_text


def test_the_cancel_page_of_a_cancelled_registration_goes_back_to_it(client, workshop):
    """Nothing left to cancel: the registration's own page says it is cancelled."""
    registration = RegistrationFactory(workshop=workshop)
    services.registration_cancel(registration=registration)
    response = client.get(f"/en/registrations/{registration.token}/cancel/")
    assert response.status_code == 302
    assert response["Location"] == f"/en/registrations/{registration.token}/"


# Staff cancel: a question first, then words of its own ------------------------------------


def test_staff_cancel_asks_first(staff_client, workshop):
    """The "Cancel…" link on the check-in page opens a question; the GET changes nothing."""
    registration = RegistrationFactory(workshop=workshop, name="Jan Nowak")
    page = staff_client.get(attendees(workshop))
    assert f'href="{staff_cancel_url(registration)}"' in page.text
    question = staff_client.get(staff_cancel_url(registration))
    assert question.status_code == 200
    assert "Cancel the registration?" in question.text and "Jan Nowak" in question.text
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_staff_cancel_promotes_the_waiting_and_offers_undo(staff_client, staff_user, workshop):
    """Confirmed, the cancel frees the seat for the first waiting; the list offers "Undo"."""
    holder = RegistrationFactory(workshop=workshop, name="Jan Nowak")
    waiting = RegistrationFactory(workshop=workshop, status="waiting")
    response = staff_client.post(staff_cancel_url(holder), follow=True)
    assert response.redirect_chain[-1][0] == f"{attendees(workshop)}#just-cancelled"
    holder.refresh_from_db()
    waiting.refresh_from_db()
    assert (holder.status, holder.cancelled_by, holder.status_before_cancel) == (
        "cancelled",
        staff_user,
        "confirmed",
    )
    assert waiting.status == "confirmed"
    assert "You can undo it" in response.text
    assert [r.pk for r in response.context["undoable"]] == [holder.pk]
    assert f'action="{undo_url(holder)}"' in response.text


def test_a_double_tap_on_staff_cancel_sends_one_email(staff_client, workshop):
    """The second POST finds nothing active: back to the list, nothing sent twice."""
    registration = RegistrationFactory(workshop=workshop)
    staff_client.post(staff_cancel_url(registration))
    second = staff_client.post(staff_cancel_url(registration))
    assert second.status_code == 302
    assert OutgoingEmail.objects.filter(kind="cancelled_by_staff").count() == 1


@pytest.mark.parametrize(
    ("language", "wording", "thanks"),
    [
        ("en", "The contact point has cancelled your registration", "Thank you for letting us"),
        ("pl", "Punkt kontaktowy anulował Twoje zgłoszenie", "Dziękujemy za informację"),
    ],
)
def test_staff_cancellation_mail_says_who_cancelled_and_whom_to_ask(
    staff_user, workshop, settings, django_capture_on_commit_callbacks, language, wording, thanks
):
    """Not "thank you for letting us know": the contact point did it, and here is whom to ask."""
    settings.CONTACT_POINT_EMAIL = "ppk@example.org"
    settings.HOTLINE_NUMBER = "800 888 998"
    registration = RegistrationFactory(workshop=workshop, language=language)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_by_staff(registration, staff_user)
    (message,) = mail.outbox
    assert message.extra_headers.get("Content-Language", language) == language
    for body in (message.body, message.alternatives[0][0]):
        assert wording in body
        assert thanks not in body
        assert "ppk@example.org" in body and "800 888 998" in body
        assert "anna.nowak@example.org" in body  # the organiser, from the details


def test_self_and_staff_cancellations_read_differently(staff_user):
    """The two e-mails are different kinds with different subjects."""
    mine = RegistrationFactory(language="en")
    theirs = RegistrationFactory(language="en")
    services.registration_cancel(registration=mine)
    cancel_by_staff(theirs, staff_user)
    subjects = dict(OutgoingEmail.objects.values_list("kind", "subject"))
    assert subjects["cancelled"].startswith("Registration cancelled")
    assert subjects["cancelled_by_staff"].startswith("The contact point cancelled")


# Undo -------------------------------------------------------------------------------------


def test_undo_within_the_window_gives_the_seat_back(staff_client, staff_user, workshop):
    """Undone a minute later, the seat is theirs again and they get a "valid again" e-mail."""
    registration = RegistrationFactory(workshop=workshop, language="en")
    cancel_by_staff(registration, staff_user)
    response = staff_client.post(undo_url(registration), follow=True)
    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert (registration.cancelled_at, registration.cancelled_by) == (None, None)
    assert "has the seat again" in response.text
    restored = OutgoingEmail.objects.get(kind="restored")
    assert restored.subject.startswith("Your registration is valid again")
    assert "Your seat is confirmed" in restored.body_text
    assert restored.attachments[0]["filename"].endswith(".ics")
    assert not response.context["undoable"]


def test_undo_after_the_window_is_refused_with_the_reason(staff_client, staff_user, settings):
    """Past WORKSHOP_CANCEL_UNDO_MINUTES: 410 and a message saying what to do instead."""
    settings.WORKSHOP_CANCEL_UNDO_MINUTES = 15
    registration = RegistrationFactory()
    cancel_by_staff(registration, staff_user)
    Registration.objects.filter(pk=registration.pk).update(
        cancelled_at=timezone.now() - timedelta(minutes=15, seconds=1)
    )
    response = staff_client.post(undo_url(registration))
    assert response.status_code == 410
    assert "can no longer be undone (after 15 minutes)" in response.text
    assert 'role="alert"' in response.text
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert not OutgoingEmail.objects.filter(kind="restored").exists()


def test_the_window_is_a_setting(staff_client, staff_user, settings):
    """A longer window set in the environment still allows the undo after 15 minutes."""
    settings.WORKSHOP_CANCEL_UNDO_MINUTES = 60
    registration = RegistrationFactory()
    cancel_by_staff(registration, staff_user)
    Registration.objects.filter(pk=registration.pk).update(
        cancelled_at=timezone.now() - timedelta(minutes=59)
    )
    assert staff_client.post(undo_url(registration)).status_code == 302
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_a_self_cancellation_cannot_be_undone_by_staff(staff_client):
    """The person cancelled it themselves: staff cannot bring it back (409, said why)."""
    registration = RegistrationFactory()
    services.registration_cancel(registration=registration)
    response = staff_client.post(undo_url(registration))
    assert response.status_code == 409
    assert "Only a cancellation made by staff can be undone." in response.text
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


def test_undo_when_the_seat_went_to_the_waiting_list_queues_instead(
    staff_client, staff_user, workshop
):
    """The seat went to the first waiting person: the undone one waits, first in line."""
    holder = RegistrationFactory(workshop=workshop, language="en")
    promoted = RegistrationFactory(workshop=workshop, status="waiting")
    later = RegistrationFactory(workshop=workshop, status="waiting")
    cancel_by_staff(holder, staff_user)
    response = staff_client.post(undo_url(holder), follow=True)
    holder.refresh_from_db()
    promoted.refresh_from_db()
    assert (holder.status, promoted.status) == ("waiting", "confirmed")
    assert workshop.registrations.taking_seats().count() == workshop.capacity
    assert holder.waiting_position == 1
    later.refresh_from_db()
    assert later.waiting_position == 2
    assert "now number 1 on the waiting list" in response.text
    restored = OutgoingEmail.objects.get(kind="restored")
    assert "you are now number 1 on the waiting list" in restored.body_text
    assert not restored.attachments


def test_undo_without_a_waiting_list_when_the_seat_is_taken_is_refused(staff_client, staff_user):
    """No waiting list and the seat re-let: 409 with the reason, never a second seat."""
    workshop = WorkshopFactory(capacity=1, has_waiting_list=False)
    holder = RegistrationFactory(workshop=workshop)
    cancel_by_staff(holder, staff_user)
    RegistrationFactory(workshop=workshop)  # someone took the seat meanwhile
    response = staff_client.post(undo_url(holder))
    assert response.status_code == 409
    assert "no waiting list" in response.text
    assert workshop.registrations.taking_seats().count() == 1


def test_undo_of_a_waiting_registration_puts_it_back_in_its_place(staff_user, workshop):
    """Someone waiting, cancelled by mistake, returns to their old place in the queue."""
    RegistrationFactory(workshop=workshop)
    first = RegistrationFactory(workshop=workshop, status="waiting", language="en")
    RegistrationFactory(workshop=workshop, status="waiting")
    cancel_by_staff(first, staff_user)
    restored = services.registration_cancel_undo(registration=first)
    assert (restored.status, restored.waiting_position, restored.seat_lost) == ("waiting", 1, False)
    body = OutgoingEmail.objects.get(kind="restored").body_text
    assert "You are number 1 on the waiting list again." in body
    assert "gone to someone" not in body


def test_double_submit_of_undo_changes_nothing_twice(staff_client, staff_user, workshop):
    """The second "Undo" finds nothing cancelled: one e-mail, the same registration, no error."""
    registration = RegistrationFactory(workshop=workshop)
    cancel_by_staff(registration, staff_user)
    staff_client.post(undo_url(registration))
    second = staff_client.post(undo_url(registration), follow=True)
    assert second.status_code == 200
    assert "already been undone" in second.text
    assert OutgoingEmail.objects.filter(kind="restored").count() == 1
    assert workshop.registrations.confirmed().count() == 1
    # And the service itself, called again, does nothing.
    assert services.registration_cancel_undo(registration=registration).status == "confirmed"
    assert OutgoingEmail.objects.filter(kind="restored").count() == 1


def test_undo_after_the_person_registered_again_is_refused(staff_client, staff_user, workshop):
    """They registered afresh meanwhile: undoing would make two registrations; 409 instead."""
    workshop.capacity = 3
    workshop.save()
    registration = RegistrationFactory(workshop=workshop, email="jan@example.org")
    cancel_by_staff(registration, staff_user)
    RegistrationFactory(workshop=workshop, email="jan@example.org")
    response = staff_client.post(undo_url(registration))
    assert response.status_code == 409
    assert "registered again since" in response.text


def test_undo_of_another_workshops_registration_is_404(staff_client, staff_user, workshop):
    """The registration must belong to the workshop in the address."""
    registration = RegistrationFactory()
    cancel_by_staff(registration, staff_user)
    url = f"/en/staff/workshops/{workshop.slug}/attendees/{registration.pk}/undo-cancel/"
    assert staff_client.post(url).status_code == 404


def test_undo_is_for_staff_only(client, django_user_model, staff_user):
    """Signed-in non-staff get 403; the cancellation stays."""
    registration = RegistrationFactory()
    cancel_by_staff(registration, staff_user)
    client.force_login(django_user_model.objects.create_user("someone", "s@example.org", "x" * 14))
    assert client.post(undo_url(registration)).status_code == 403
    assert client.get(staff_cancel_url(RegistrationFactory())).status_code == 403
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
