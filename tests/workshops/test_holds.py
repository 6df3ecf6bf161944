"""A public registration holds its seat until the e-mailed link confirms it (bot seats).

Without this a few addresses could fill a workshop with made-up registrations. Staff
registrations are confirmed at once; expired holds give their seats back.
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from returnportal.mail.models import OutgoingEmail
from tests.workshops.factories import RegistrationFactory, WorkshopFactory
from workshops import services
from workshops.models import Registration, Workshop
from workshops.tasks import expire_holds

pytestmark = pytest.mark.django_db


def register(workshop, email="ewa@example.org", language="en", **extra) -> Registration:
    return services.registration_create(
        workshop_id=workshop.pk,
        name="Ewa Kowalska",
        email=email,
        participant_type="migrant",
        language=language,
        **extra,
    )


def expire(registration: Registration) -> None:
    """Move the hold's deadline into the past (as if 30 minutes had gone by)."""
    Registration.objects.filter(pk=registration.pk).update(
        hold_expires_at=timezone.now() - timedelta(seconds=1)
    )


def seats_left(workshop) -> int:
    return Workshop.objects.with_seats().get(pk=workshop.pk).seats_left


def confirm_url(registration, language="en") -> str:
    return f"/{language}/registrations/{registration.token}/confirm/"


def test_public_registration_is_a_hold_with_a_confirm_link(settings):
    """Pending, for WORKSHOP_HOLD_MINUTES, and only the "please confirm" e-mail goes out."""
    settings.WORKSHOP_HOLD_MINUTES = 30
    workshop = WorkshopFactory()
    before = timezone.now()
    registration = register(workshop, language="pl")
    assert registration.status == Registration.Status.PENDING
    assert registration.holds_seat
    assert registration.confirmed_at is None
    deadline = registration.hold_expires_at - before
    assert timedelta(minutes=29) < deadline <= timedelta(minutes=30, seconds=5)
    email = OutgoingEmail.objects.get()
    assert (email.kind, email.language) == ("confirm", "pl")
    assert email.subject.startswith("Potwierdź swoje zgłoszenie")
    assert f"https://portal.example/registrations/{registration.token}/confirm/" in (
        email.body_text
    )
    assert "30 minut" in email.body_text


def test_the_hold_lasts_as_long_as_the_setting_says(settings):
    settings.WORKSHOP_HOLD_MINUTES = 5
    registration = register(WorkshopFactory())
    assert registration.hold_expires_at - timezone.now() <= timedelta(minutes=5)


def test_a_pending_hold_keeps_its_seat_for_whoever_confirms_in_time():
    """Capacity 1: the first registrant's hold fills it; a second one queues behind it."""
    workshop = WorkshopFactory(capacity=1)
    first = register(workshop, email="first@example.org")
    assert seats_left(workshop) == 0
    assert Workshop.objects.get(pk=workshop.pk).seats_left == 0
    second = register(workshop, email="second@example.org")
    assert not second.holds_seat
    assert services.registration_confirm(registration=second).status == "waiting"
    assert services.registration_confirm(registration=first).status == "confirmed"
    assert workshop.registrations.confirmed().count() == 1


def test_an_expired_hold_never_blocks_a_seat_even_before_the_sweep():
    """Past its deadline a hold stops counting at once: the page shows the seat free again."""
    workshop = WorkshopFactory(capacity=1, has_waiting_list=False)
    stale = register(workshop, email="stale@example.org")
    expire(stale)
    assert seats_left(workshop) == 1
    assert Workshop.objects.get(pk=workshop.pk).seats_left == 1
    newcomer = register(workshop, email="new@example.org")
    assert newcomer.holds_seat
    stale.refresh_from_db()
    assert stale.status == Registration.Status.EXPIRED


def test_an_expired_hold_frees_its_address_for_a_new_registration():
    """The same person registering again after the deadline gets a fresh hold and link."""
    workshop = WorkshopFactory()
    stale = register(workshop)
    expire(stale)
    again = register(workshop)
    assert again.pk != stale.pk
    assert again.status == Registration.Status.PENDING
    assert OutgoingEmail.objects.filter(kind="confirm").count() == 2


def test_the_sweep_expires_holds_and_gives_their_seats_to_those_waiting(
    django_capture_on_commit_callbacks,
):
    """The beat task marks late holds expired and promotes the waiting list, as cancelling does."""
    workshop = WorkshopFactory(capacity=1)
    hold = register(workshop, email="hold@example.org")
    waiting = RegistrationFactory(workshop=workshop, status="waiting", email="next@example.org")
    live = register(WorkshopFactory(), email="live@example.org")
    expire(hold)
    with django_capture_on_commit_callbacks(execute=True):
        assert expire_holds.delay().get() == 1
    hold.refresh_from_db()
    waiting.refresh_from_db()
    live.refresh_from_db()
    assert hold.status == Registration.Status.EXPIRED
    assert waiting.status == Registration.Status.CONFIRMED
    assert live.status == Registration.Status.PENDING
    assert OutgoingEmail.objects.filter(kind="promoted", to="next@example.org").exists()
    assert services.registration_holds_expire() == 0


def test_the_beat_schedule_runs_the_hold_sweep_every_few_minutes():
    """Removing the schedule entry would leave expired holds blocking e-mail addresses."""
    from returnportal.celery import app

    entries = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "workshops.tasks.expire_holds"
    ]
    assert len(entries) == 1
    assert float(entries[0]["schedule"]) <= 5 * 60
    app.loader.import_default_modules()
    assert "workshops.tasks.expire_holds" in app.tasks


def test_the_link_shows_a_button_and_only_post_confirms(client):
    """A link scanner fetching the link confirms nothing."""
    registration = register(WorkshopFactory())
    for _ in range(2):
        response = client.get(confirm_url(registration))
        assert response.status_code == 200
        assert b'method="post"' in response.content
    registration.refresh_from_db()
    assert registration.status == Registration.Status.PENDING
    assert not OutgoingEmail.objects.filter(kind="confirmation").exists()


def test_confirming_twice_is_harmless(client, django_capture_on_commit_callbacks):
    """The second press (or a reload) changes nothing and sends nothing more."""
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(WorkshopFactory())
        first = client.post(confirm_url(registration))
        second = client.post(confirm_url(registration))
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == f"/en/registrations/{registration.token}/"
    assert [m.subject.split(":")[0] for m in mail.outbox] == [
        "Please confirm your registration",
        "Your seat is confirmed",
    ]
    assert client.get(confirm_url(registration)).status_code == 302


@pytest.mark.parametrize(
    ("has_waiting_list", "fill", "advice"),
    [
        (True, 0, "Seats are still free: please register again."),
        (True, 1, "you can register again to join the waiting list"),
        (False, 1, "all seats for this workshop are now taken"),
    ],
)
def test_confirming_an_expired_hold_says_what_to_do(client, has_waiting_list, fill, advice):
    """410 with the way forward; no seat, no confirmation e-mail, never a 500."""
    workshop = WorkshopFactory(capacity=1, has_waiting_list=has_waiting_list)
    stale = register(workshop)
    expire(stale)
    RegistrationFactory.create_batch(fill, workshop=workshop)
    for method in (client.get, client.post):
        response = method(confirm_url(stale))
        assert response.status_code == 410
        assert advice in response.content.decode()
    stale.refresh_from_db()
    assert stale.status == Registration.Status.EXPIRED
    assert not OutgoingEmail.objects.filter(kind="confirmation").exists()
    assert workshop.registrations.confirmed().count() == fill


def test_confirming_for_a_cancelled_workshop_is_refused_politely(client):
    registration = register(WorkshopFactory())
    services.workshop_cancel(workshop=registration.workshop)
    response = client.post(confirm_url(registration))
    assert response.status_code == 409
    registration.refresh_from_db()
    assert registration.status == Registration.Status.PENDING


def test_an_unknown_confirm_link_is_404(client):
    assert client.post("/en/registrations/no-such-token/confirm/").status_code == 404


def test_a_pending_registrant_may_cancel_and_free_the_held_seat(client):
    workshop = WorkshopFactory(capacity=1)
    registration = register(workshop)
    assert client.post(f"/en/registrations/{registration.token}/cancel/").status_code == 302
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert seats_left(workshop) == 1


def test_staff_registrations_are_confirmed_at_once(
    staff_client, django_capture_on_commit_callbacks
):
    """Staff have spoken to the person: a seat at once, with the confirmation e-mail."""
    workshop = WorkshopFactory()
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
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.confirmed_at is not None
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["Your seat is confirmed"]


def test_pending_holds_are_not_attendees(staff_client, settings):
    """Reminders, the attendee list, check-in, CSV and the cancel notice skip pending holds."""
    tomorrow = timezone.localtime().replace(hour=12, minute=0) + timedelta(days=1)
    workshop = WorkshopFactory(starts_at=tomorrow, capacity=3)
    RegistrationFactory(workshop=workshop, name="Came", email="came@example.org")
    hold = register(workshop, email="bot@example.org")
    assert services.registration_send_reminders() == 1
    assert not OutgoingEmail.objects.filter(kind="reminder", to="bot@example.org").exists()
    page = staff_client.get(f"/en/staff/workshops/{workshop.slug}/attendees/")
    assert [r.name for r in page.context["confirmed"]] == ["Came"]
    assert page.context["waiting"] == []
    assert "1 registration awaits confirmation by e-mail" in page.content.decode()
    checkin = staff_client.post(
        f"/en/staff/workshops/{workshop.slug}/attendees/{hold.pk}/attendance/",
        {"attended": "yes"},
    )
    assert checkin.status_code == 404
    csv = b"".join(
        staff_client.get(f"/en/staff/workshops/{workshop.slug}/attendees.csv").streaming_content
    ).decode()
    bot_row = next(line for line in csv.splitlines() if "bot@example.org" in line)
    assert "Awaiting confirmation" in bot_row
    assert services.workshop_cancel(workshop=workshop) == 1


def test_the_registration_page_of_a_pending_hold_links_to_the_confirmation(client):
    """The manage link of a pending hold says it is not confirmed and offers both buttons."""
    registration = register(WorkshopFactory())
    page = client.get(f"/en/registrations/{registration.token}/").content.decode()
    assert "not confirmed yet" in page
    assert f"/en/registrations/{registration.token}/confirm/" in page
    assert "Cancel my registration" in page
    expire(registration)
    page = client.get(f"/en/registrations/{registration.token}/").content.decode()
    assert "not confirmed in time" in page
    assert "Cancel my registration" not in page


def test_cancelling_an_expired_hold_changes_nothing():
    registration = register(WorkshopFactory())
    expire(registration)
    services.registration_holds_expire()
    services.registration_cancel(registration=registration)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.EXPIRED
    assert not OutgoingEmail.objects.filter(kind="cancelled").exists()


def test_the_sweep_counts_expired_holds_across_workshops():
    """The returned figure adds up every workshop's expired holds, not just the last one's."""
    expire(register(WorkshopFactory(), email="one@example.org"))
    expire(register(WorkshopFactory(), email="two@example.org"))
    assert services.registration_holds_expire() == 2


def test_the_sweep_judges_deadlines_by_the_given_time():
    """A hold still running now is expired by a sweep run for a later moment."""
    hold = register(WorkshopFactory())
    assert services.registration_holds_expire(now=timezone.now() + timedelta(hours=1)) == 1
    hold.refresh_from_db()
    assert hold.status == Registration.Status.EXPIRED


@pytest.mark.parametrize("status", [Workshop.Status.DRAFT, Workshop.Status.CANCELLED])
def test_no_one_is_promoted_into_a_workshop_that_is_not_published(status):
    """A free seat in a draft or cancelled workshop is not handed to the waiting list."""
    workshop = WorkshopFactory(capacity=2, status=status)
    waiting = RegistrationFactory(workshop=workshop, status=Registration.Status.WAITING)
    assert services.waiting_list_promote(workshop=workshop) == []
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.WAITING


def test_a_hold_made_when_full_takes_a_seat_freed_since_if_nobody_waits():
    """Came when full, confirmed after a cancellation: the freed seat is theirs, stamped."""
    workshop = WorkshopFactory(capacity=1)
    first = services.registration_confirm(registration=register(workshop, email="a@example.org"))
    late = register(workshop, email="b@example.org")
    assert not late.holds_seat
    services.registration_cancel(registration=first)
    late = services.registration_confirm(registration=late)
    assert late.status == Registration.Status.CONFIRMED
    assert late.confirmed_at is not None


def test_a_hold_made_when_full_queues_behind_those_already_waiting():
    """A freed seat goes to the waiting list first: a late hold does not jump the queue."""
    workshop = WorkshopFactory(capacity=1)
    register(workshop, email="a@example.org")
    late = register(workshop, email="b@example.org")
    RegistrationFactory(workshop=workshop, status="waiting", email="w@example.org")
    Workshop.objects.filter(pk=workshop.pk).update(capacity=2)
    late = services.registration_confirm(registration=late)
    assert late.status == Registration.Status.WAITING


def test_a_hold_cannot_be_confirmed_once_registration_has_closed():
    """Only staff may register late: a registrant's own confirmation after the close is refused."""
    workshop = WorkshopFactory(capacity=3)
    registration = register(workshop)
    Workshop.objects.filter(pk=workshop.pk).update(
        registration_closes_at=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(services.RegistrationError) as refused:
        services.registration_confirm(registration=registration)
    assert refused.value.code == "closed"
    registration.refresh_from_db()
    assert registration.status == Registration.Status.PENDING
    assert workshop.registrations.confirmed().count() == 0
