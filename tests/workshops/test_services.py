"""Tests of the registration, waiting-list, workshop and interest-list services."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from returnportal.mail.models import OutgoingEmail
from returnportal.pages.privacy import current_notice_version
from tests.workshops.factories import (
    InterestSubscriptionFactory,
    RegistrationFactory,
    WorkshopFactory,
)
from workshops import services
from workshops.models import InterestSubscription, Registration, Workshop
from workshops.tasks import send_reminders

pytestmark = pytest.mark.django_db


def register(workshop, email="ewa@example.org", **extra):
    data = {
        "workshop_id": workshop.pk,
        "name": "Ewa Kowalska",
        "email": email,
        "participant_type": Registration.ParticipantType.MIGRANT,
        "language": "pl",
        **extra,
    }
    registration = services.registration_create(**data)
    # The registrant opens the e-mailed link (staff registrations are confirmed already).
    return services.registration_confirm(registration=registration)


def test_registration_takes_a_free_seat_and_sends_the_confirmation():
    """With seats free the registration, once confirmed by the link, gets the confirmation."""
    workshop = WorkshopFactory(capacity=2)
    registration = register(workshop, email=" Ewa@Example.ORG ")
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.email == "ewa@example.org"
    assert registration.consent_notice_version
    assert list(OutgoingEmail.objects.order_by("pk").values_list("kind", "to")) == [
        ("confirm", "ewa@example.org"),
        ("confirmation", "ewa@example.org"),
    ]


def test_registration_joins_the_waiting_list_when_full():
    """With every seat taken the person is put on the waiting list with their position."""
    workshop = WorkshopFactory(capacity=1)
    register(workshop, email="first@example.org")
    registration = register(workshop, email="second@example.org")
    assert registration.status == Registration.Status.WAITING
    assert registration.waiting_position == 1
    assert OutgoingEmail.objects.filter(kind="waiting", to="second@example.org").exists()


def test_registration_is_refused_when_full_without_waiting_list():
    """A full workshop without a waiting list refuses with the reason."""
    workshop = WorkshopFactory(capacity=1, has_waiting_list=False)
    register(workshop, email="first@example.org")
    with pytest.raises(services.RegistrationError) as error:
        register(workshop, email="second@example.org")
    assert error.value.code == "full"
    assert workshop.registrations.count() == 1


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"status": Workshop.Status.CANCELLED}, "cancelled"),
        ({"status": Workshop.Status.DRAFT}, "not_open"),
        ({"registration_opens_at": timezone.now() + timedelta(days=1)}, "not_yet_open"),
        ({"registration_closes_at": timezone.now() - timedelta(minutes=1)}, "closed"),
        (
            {
                "starts_at": timezone.now() - timedelta(hours=1),
                "ends_at": timezone.now() + timedelta(hours=1),
            },
            "closed",
        ),
    ],
)
def test_registration_is_refused_outside_the_window(changes, code):
    """Before opening, after closing, for a draft or a cancelled workshop nobody registers."""
    workshop = WorkshopFactory(**changes)
    with pytest.raises(services.RegistrationError) as error:
        register(workshop)
    assert error.value.code == code
    assert str(error.value.message)
    assert not Registration.objects.exists()


def test_staff_may_register_after_registration_closed():
    """Staff registering someone by phone are not bound by the public closing time."""
    workshop = WorkshopFactory(registration_closes_at=timezone.now() - timedelta(hours=1))
    user = get_user_model().objects.create_user("desk", "desk@example.org", "x" * 14)
    registration = register(workshop, by_staff=user)
    assert registration.registered_by == user


def test_second_registration_with_the_same_email_raises_already_registered():
    """The same e-mail (in any case) gets AlreadyRegistered carrying the first registration."""
    workshop = WorkshopFactory()
    first = register(workshop, email="ewa@example.org")
    with pytest.raises(services.AlreadyRegistered) as error:
        register(workshop, email="EWA@example.org")
    assert error.value.registration == first
    assert workshop.registrations.count() == 1


def test_entrepreneur_fields_are_kept_only_for_entrepreneurs():
    """Company and sector are stored for entrepreneurs, the country for migrants."""
    workshop = WorkshopFactory()
    migrant = register(workshop, email="m@example.org", company="ACME", country="IE")
    boss = register(
        workshop,
        email="b@example.org",
        participant_type=Registration.ParticipantType.ENTREPRENEUR,
        company="ACME",
        sector="Construction",
        country="IE",
    )
    assert (migrant.company, str(migrant.country)) == ("", "IE")
    assert (boss.company, boss.sector, str(boss.country)) == ("ACME", "Construction", "")


def test_cancelling_a_confirmed_seat_promotes_the_first_waiting():
    """Cancelling frees the seat; the person waiting longest gets it and an e-mail."""
    workshop = WorkshopFactory(capacity=1)
    holder = register(workshop, email="holder@example.org")
    first = register(workshop, email="first@example.org")
    second = register(workshop, email="second@example.org")
    services.registration_cancel(registration=holder)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Registration.Status.CONFIRMED
    assert first.promoted_at is not None
    assert second.waiting_position == 1
    kinds = set(OutgoingEmail.objects.values_list("kind", "to"))
    assert {("cancelled", "holder@example.org"), ("promoted", "first@example.org")} <= kinds


def test_cancelling_twice_changes_nothing():
    """A second cancel (double submit) sends nothing more."""
    workshop = WorkshopFactory(capacity=1)
    holder = register(workshop, email="holder@example.org")
    services.registration_cancel(registration=holder)
    count = OutgoingEmail.objects.count()
    services.registration_cancel(registration=holder)
    assert OutgoingEmail.objects.count() == count


def test_cancelling_a_waiting_registration_promotes_nobody():
    """Leaving the waiting list frees no seat."""
    workshop = WorkshopFactory(capacity=1)
    register(workshop, email="holder@example.org")
    waiting = register(workshop, email="w1@example.org")
    other = register(workshop, email="w2@example.org")
    services.registration_cancel(registration=waiting)
    other.refresh_from_db()
    assert other.status == Registration.Status.WAITING
    assert other.waiting_position == 1


def test_registrant_cannot_cancel_after_the_start():
    """Once the workshop has begun, the registrant's own cancel is refused."""
    registration = RegistrationFactory(
        workshop=WorkshopFactory(starts_at=timezone.now() - timedelta(minutes=5))
    )
    with pytest.raises(services.RegistrationError):
        services.registration_cancel(registration=registration)


def test_fill_seats_promotes_as_many_as_the_new_capacity_allows():
    """Raising the capacity moves people up from the waiting list in order."""
    workshop = WorkshopFactory(capacity=1)
    register(workshop, email="a@example.org")
    b = register(workshop, email="b@example.org")
    c = register(workshop, email="c@example.org")
    d = register(workshop, email="d@example.org")
    Workshop.objects.filter(pk=workshop.pk).update(capacity=3)
    assert services.workshop_fill_seats(workshop=workshop) == 2
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert (statuses[b.email], statuses[c.email], statuses[d.email]) == (
        "confirmed",
        "confirmed",
        "waiting",
    )


def test_workshop_cancel_tells_everyone_active():
    """Cancelling a workshop notifies the confirmed and the waiting, not the cancelled."""
    workshop = WorkshopFactory(capacity=1)
    register(workshop, email="a@example.org")
    register(workshop, email="b@example.org")
    gone = register(workshop, email="c@example.org")
    services.registration_cancel(registration=gone)
    assert services.workshop_cancel(workshop=workshop) == 2
    workshop.refresh_from_db()
    assert workshop.status == Workshop.Status.CANCELLED
    assert set(
        OutgoingEmail.objects.filter(kind="workshop_cancelled").values_list("to", flat=True)
    ) == {"a@example.org", "b@example.org"}
    assert services.workshop_cancel(workshop=workshop) == 0


def test_reminders_go_once_to_the_confirmed_of_tomorrow():
    """The day before, each confirmed person gets one reminder; a second run sends none."""
    tomorrow_noon = timezone.localtime().replace(hour=12, minute=0) + timedelta(days=1)
    tomorrow = WorkshopFactory(starts_at=tomorrow_noon, capacity=1)
    later = WorkshopFactory(starts_at=tomorrow_noon + timedelta(days=3))
    RegistrationFactory(workshop=tomorrow, email="yes@example.org")
    RegistrationFactory(workshop=tomorrow, email="waiting@example.org", status="waiting")
    RegistrationFactory(workshop=later, email="later@example.org")
    assert services.registration_send_reminders() == 1
    assert services.registration_send_reminders() == 0
    assert list(OutgoingEmail.objects.filter(kind="reminder").values_list("to", flat=True)) == [
        "yes@example.org"
    ]


def test_publish_invites_matching_subscribers_once():
    """Publishing e-mails each matching subscriber once, even if published again."""
    fan = InterestSubscriptionFactory(language="en")
    InterestSubscriptionFactory(topic="funding")
    workshop = WorkshopFactory(status=Workshop.Status.DRAFT)
    assert services.workshop_publish(workshop=workshop) == 1
    assert services.workshop_publish(workshop=workshop) == 0
    workshop.refresh_from_db()
    assert workshop.status == Workshop.Status.PUBLISHED
    assert workshop.published_at is not None
    invitation = OutgoingEmail.objects.get(kind="invitation")
    assert (invitation.to, invitation.language) == (fan.email, "en")
    assert f"/en/workshops/unsubscribe/{fan.token}/" in invitation.body_text


def test_publishing_a_cancelled_workshop_is_refused():
    """A cancelled workshop stays cancelled."""
    workshop = WorkshopFactory(status=Workshop.Status.CANCELLED)
    with pytest.raises(services.WorkshopError) as refused:
        services.workshop_publish(workshop=workshop)
    # The admin shows `message` to the organiser.
    assert refused.value.message == str(refused.value)
    assert refused.value.message == "A cancelled workshop cannot be published again."


def test_subscribing_twice_keeps_one_subscription():
    """The same e-mail, topic and audience twice makes one active subscription."""
    first = services.interest_subscribe(
        email="Fan@example.org", topic="business", audience="migrants", language="pl"
    )
    second = services.interest_subscribe(
        email="fan@example.org", topic="business", audience="migrants", language="pl"
    )
    assert first == second
    assert OutgoingEmail.objects.filter(kind="subscribed").count() == 1


def test_another_topic_or_audience_is_another_subscription():
    """One address may follow several lists; each keeps the privacy notice it agreed to."""
    first = services.interest_subscribe(
        email="fan@example.org", topic="business", audience="migrants", language="pl"
    )
    topic = services.interest_subscribe(
        email="fan@example.org", topic="funding", audience="migrants", language="pl"
    )
    audience = services.interest_subscribe(
        email="fan@example.org", topic="business", audience="entrepreneurs", language="pl"
    )
    assert len({first.pk, topic.pk, audience.pk}) == 3
    assert first.consent_notice_version == current_notice_version() != ""


def test_the_link_is_resent_at_most_once_per_interval_per_address():
    """Another address's e-mail or an old one does not count; the answer says whether it sent."""
    registration = RegistrationFactory(email="ewa@example.org")
    other = RegistrationFactory(email="jan@example.org")
    assert services.registration_resend_link(registration=other) is True
    assert services.registration_resend_link(registration=registration) is True
    assert services.registration_resend_link(registration=registration) is False
    OutgoingEmail.objects.update(created_at=timezone.now() - services.RESEND_LINK_INTERVAL)
    assert services.registration_resend_link(registration=registration) is True


def test_a_pending_hold_gets_its_confirmation_link_not_a_second_one_at_once():
    """The confirmation e-mail just sent counts; the link e-mail of a pending hold is not sent."""
    workshop = WorkshopFactory()
    pending = services.registration_create(
        workshop_id=workshop.pk,
        name="Ewa Kowalska",
        email="ewa@example.org",
        participant_type=Registration.ParticipantType.MIGRANT,
        language="pl",
    )
    assert pending.status == Registration.Status.PENDING
    assert services.registration_resend_link(registration=pending) is False
    OutgoingEmail.objects.update(created_at=timezone.now() - services.RESEND_LINK_INTERVAL)
    assert services.registration_resend_link(registration=pending) is True
    assert set(OutgoingEmail.objects.values_list("kind", flat=True)) == {"confirm"}


def test_unsubscribing_touches_only_that_subscription_and_only_once():
    """Others stay on their lists; a second click keeps the first unsubscription time."""
    gone = InterestSubscriptionFactory(email="gone@example.org")
    stays = InterestSubscriptionFactory(email="stays@example.org")
    services.interest_unsubscribe(subscription=gone)
    gone.refresh_from_db()
    first = gone.unsubscribed_at
    services.interest_unsubscribe(subscription=gone)
    gone.refresh_from_db()
    stays.refresh_from_db()
    assert first is not None and gone.unsubscribed_at == first
    assert stays.unsubscribed_at is None


def test_a_registration_keeps_the_phone_and_only_the_fields_of_its_type():
    """The phone is stored; a migrant's company and sector are not (nor an entrepreneur's country)."""
    workshop = WorkshopFactory()
    migrant = services.registration_create(
        workshop_id=workshop.pk,
        name="Ewa Kowalska",
        email="ewa@example.org",
        phone="+48601234567",
        company="Firma",
        sector="IT",
        participant_type=Registration.ParticipantType.MIGRANT,
        language="pl",
    )
    assert str(migrant.phone) == "+48601234567"
    assert (migrant.company, migrant.sector) == ("", "")


def test_unsubscribed_people_are_not_invited():
    """After unsubscribing, publishing a matching workshop sends nothing."""
    subscription = InterestSubscriptionFactory()
    services.interest_unsubscribe(subscription=subscription)
    assert InterestSubscription.objects.active().count() == 0
    assert services.workshop_publish(workshop=WorkshopFactory(status="draft")) == 0


def test_confirmation_mail_is_sent_on_commit(django_capture_on_commit_callbacks):
    """After commit the outbox delivers the confirmation with the .ics and the manage link."""
    workshop = WorkshopFactory()
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(workshop, language="en")
    assert len(mail.outbox) == 2
    confirm, message = mail.outbox
    assert f"https://portal.example/en/registrations/{registration.token}/confirm/" in confirm.body
    assert message.to == ["ewa@example.org"]
    assert f"https://portal.example/en/registrations/{registration.token}/" in message.body
    filename, content, mimetype = message.attachments[0]
    assert (filename, mimetype) == (f"{workshop.slug}.ics", "text/calendar")
    assert "BEGIN:VEVENT" in content


def test_reminders_count_everyone_and_go_by_the_given_day():
    """Run for a later moment, the sweep reminds all of that day's people and says how many."""
    later = timezone.localtime() + timedelta(days=3)
    workshop = WorkshopFactory(starts_at=later.replace(hour=12, minute=0) + timedelta(days=1))
    first = RegistrationFactory(workshop=workshop)
    RegistrationFactory(workshop=workshop)
    assert services.registration_send_reminders() == 0
    assert services.registration_send_reminders(now=later) == 2
    first.refresh_from_db()
    assert first.reminded_at == later
    assert services.registration_send_reminders(now=later) == 0


def test_reminder_task_runs_the_service():
    """The Celery task sends the due reminders."""
    tomorrow = timezone.localtime().replace(hour=12, minute=0) + timedelta(days=1)
    RegistrationFactory(workshop=WorkshopFactory(starts_at=tomorrow))
    assert send_reminders.delay().get() == 1


def test_registrations_are_erased_two_years_after_the_workshop():
    """Old registrations lose name, e-mail and needs but keep what statistics need."""
    old = WorkshopFactory(starts_at=timezone.now() - timedelta(days=800))
    recent = WorkshopFactory(starts_at=timezone.now() - timedelta(days=30))
    gone = RegistrationFactory(workshop=old, needs="wheelchair", attended=True, country="IE")
    kept = RegistrationFactory(workshop=recent)
    assert services.personal_data_erase_expired() == (1, 0)
    gone.refresh_from_db()
    kept.refresh_from_db()
    assert (gone.name, gone.needs, gone.email) == ("", "", f"erased-{gone.pk}@erased.invalid")
    assert (gone.attended, str(gone.country), gone.participant_type) == (True, "IE", "migrant")
    assert kept.erased_at is None
    assert services.personal_data_erase_expired() == (0, 0)


def test_erasure_blanks_every_contact_field_and_stamps_the_time():
    """Phone, company and sector go too, and `erased_at` is the given time (or now)."""
    old = WorkshopFactory(starts_at=timezone.now() - timedelta(days=800))
    gone = RegistrationFactory(
        workshop=old, phone="+48 600 100 200", company="Kowalski sp. z o.o.", sector="IT"
    )
    before = timezone.now()
    assert services.registrations_erase(registrations=Registration.objects.all()) == 1
    gone.refresh_from_db()
    assert (gone.phone, gone.company, gone.sector) == ("", "", "")
    assert gone.erased_at is not None and gone.erased_at >= before


def test_erasure_counts_from_the_given_time():
    """`now` decides what is past its period and is the recorded erasure time."""
    recent = RegistrationFactory(workshop=WorkshopFactory(starts_at=timezone.now()))
    later = timezone.now() + timedelta(days=800)
    assert services.personal_data_erase_expired(now=later) == (1, 0)
    recent.refresh_from_db()
    assert recent.erased_at == later


def test_unsubscribed_addresses_are_forgotten_after_a_month():
    """An unsubscribed address is deleted once the undo period has passed."""
    InterestSubscriptionFactory(unsubscribed_at=timezone.now() - timedelta(days=31))
    InterestSubscriptionFactory(unsubscribed_at=timezone.now() - timedelta(days=1))
    InterestSubscriptionFactory()
    assert services.personal_data_erase_expired() == (0, 1)
    assert InterestSubscription.objects.count() == 2
