"""Many people registering and confirming at the same moment never overbook (row locks)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from tests.workshops.factories import RegistrationFactory, WorkshopFactory
from workshops import services
from workshops.models import Registration

THREADS = 20


def at_once(function, arguments: list) -> list:
    """Call `function` from one thread per argument, released together by a barrier."""
    barrier = threading.Barrier(len(arguments))
    outcomes: list = []
    lock = threading.Lock()

    def worker(argument) -> None:
        try:
            barrier.wait()
            result = function(argument)
        except services.RegistrationError as exc:
            result = exc
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=worker, args=(argument,)) for argument in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def register(workshop, email: str, *, name: str = "New", by_staff=None) -> Registration:
    """One registration through the service: a hold from the public form, or by staff."""
    return services.registration_create(
        workshop_id=workshop.pk,
        name=name,
        email=email,
        participant_type=Registration.ParticipantType.MIGRANT,
        language="pl",
        by_staff=by_staff,
    )


def register_at_once(workshop, emails: list[str]) -> list:
    """Public registrations (holds awaiting their link), all at the same moment."""
    return at_once(lambda email: register(workshop, email, name="Racer"), emails)


def confirm_at_once(registrations: list[Registration]) -> list:
    """Everybody opens their e-mailed link and presses "confirm" at the same moment."""
    return at_once(lambda r: services.registration_confirm(registration=r), registrations)


def seats_taken(workshop) -> int:
    return workshop.registrations.taking_seats().count()


@pytest.mark.django_db(transaction=True)
def test_last_seats_go_to_exactly_as_many_people(postgresql):
    """20 people at once for 5 remaining seats: 5 hold seats, then 5 confirmed, 15 waiting."""
    workshop = WorkshopFactory(capacity=10)
    RegistrationFactory.create_batch(5, workshop=workshop)
    outcomes = register_at_once(workshop, [f"racer{i}@example.org" for i in range(THREADS)])
    assert len(outcomes) == THREADS
    assert seats_taken(workshop) == 10
    assert workshop.registrations.pending().filter(holds_seat=True).count() == 5
    outcomes = confirm_at_once(list(workshop.registrations.pending()))
    assert not [o for o in outcomes if isinstance(o, Exception)]
    assert workshop.registrations.confirmed().count() == 10
    assert workshop.registrations.waiting().count() == THREADS - 5
    positions = sorted(r.waiting_position for r in workshop.registrations.waiting())
    assert positions == list(range(1, THREADS - 5 + 1))


@pytest.mark.django_db(transaction=True)
def test_without_waiting_list_the_rest_hear_full(postgresql):
    """Without a waiting list the people who come too late are told it is full."""
    workshop = WorkshopFactory(capacity=10, has_waiting_list=False)
    RegistrationFactory.create_batch(5, workshop=workshop)
    outcomes = register_at_once(workshop, [f"racer{i}@example.org" for i in range(THREADS)])
    refusals = [o for o in outcomes if isinstance(o, services.RegistrationError)]
    assert [r.code for r in refusals] == ["full"] * (THREADS - 5)
    assert seats_taken(workshop) == 10
    confirm_at_once(list(workshop.registrations.pending()))
    assert workshop.registrations.confirmed().count() == 10


@pytest.mark.django_db(transaction=True)
def test_same_email_at_once_makes_one_registration(postgresql):
    """A double submit racing itself leaves one registration; the rest hear it exists."""
    workshop = WorkshopFactory(capacity=10)
    outcomes = register_at_once(workshop, ["twice@example.org"] * 8)
    assert workshop.registrations.count() == 1
    assert sum(isinstance(o, services.AlreadyRegistered) for o in outcomes) == 7


@pytest.mark.django_db(transaction=True)
def test_confirming_holds_past_a_lowered_capacity_confirms_only_capacity(postgresql):
    """20 holds confirmed at once after the seats were cut to 5: exactly 5 confirmed.

    The confirmation counts the seats under the workshop's row lock; without it every
    confirmation sees the same free seats and the workshop is overbooked.
    """
    workshop = WorkshopFactory(capacity=THREADS)
    register_at_once(workshop, [f"racer{i}@example.org" for i in range(THREADS)])
    assert workshop.registrations.pending().filter(holds_seat=True).count() == THREADS
    type(workshop).objects.filter(pk=workshop.pk).update(capacity=5)
    outcomes = confirm_at_once(list(workshop.registrations.pending()))
    assert not [o for o in outcomes if isinstance(o, Exception)]
    assert workshop.registrations.confirmed().count() == 5
    assert workshop.registrations.waiting().count() == THREADS - 5


@pytest.mark.django_db(transaction=True)
def test_confirmations_racing_for_seats_freed_since_they_registered(postgresql):
    """20 came when it was full; 5 seats free up; all 20 confirm at once: 5 seats, 15 queue."""
    workshop = WorkshopFactory(capacity=5)
    holders = RegistrationFactory.create_batch(5, workshop=workshop)
    register_at_once(workshop, [f"racer{i}@example.org" for i in range(THREADS)])
    assert not workshop.registrations.pending().filter(holds_seat=True).exists()
    for holder in holders:
        services.registration_cancel(registration=holder)
    outcomes = confirm_at_once(list(workshop.registrations.pending()))
    assert not [o for o in outcomes if isinstance(o, Exception)]
    assert workshop.registrations.confirmed().count() == 5
    assert workshop.registrations.waiting().count() == THREADS - 5


@pytest.mark.django_db(transaction=True)
def test_registrations_and_confirmations_racing_for_the_last_seats(postgresql):
    """New registrations race confirmations and an expired hold: never more than capacity.

    Three seats: one confirmed, one live hold, one hold past its deadline (free again). Ten
    newcomers register while the live hold confirms: one newcomer gets the freed seat.
    """
    workshop = WorkshopFactory(capacity=3, has_waiting_list=False)
    RegistrationFactory(workshop=workshop)
    live = services.registration_create(
        workshop_id=workshop.pk,
        name="Live",
        email="live@example.org",
        participant_type="migrant",
        language="pl",
    )
    stale = services.registration_create(
        workshop_id=workshop.pk,
        name="Stale",
        email="stale@example.org",
        participant_type="migrant",
        language="pl",
    )
    Registration.objects.filter(pk=stale.pk).update(
        hold_expires_at=timezone.now() - timedelta(seconds=1)
    )
    jobs = [("confirm", live)] + [("register", f"new{i}@example.org") for i in range(10)]

    def run(job):
        kind, value = job
        if kind == "confirm":
            return services.registration_confirm(registration=value)
        return register(workshop, value)

    outcomes = at_once(run, jobs)
    assert sum(isinstance(o, services.RegistrationError) for o in outcomes) == 9
    assert seats_taken(workshop) == 3
    newcomer = workshop.registrations.pending().get()
    assert newcomer.email.startswith("new")
    confirm_at_once([newcomer, stale])
    assert workshop.registrations.confirmed().count() == 3
    assert Registration.objects.get(pk=stale.pk).status == Registration.Status.EXPIRED


def undo_race(workshop, staff, rounds: int) -> list[Registration]:
    """Each round: a staff cancellation frees the last seat, then its undo races ten newcomers.

    Returns the undone registrations, one a round, as they ended up.
    """
    undone = []
    for round_ in range(rounds):
        mistaken = RegistrationFactory(workshop=workshop)
        services.registration_cancel(registration=mistaken, by_staff=staff)
        jobs = [("undo", mistaken)] + [
            ("register", f"r{round_}-{i}@example.org") for i in range(10)
        ]

        def run(job):
            kind, value = job
            if kind == "undo":
                return services.registration_cancel_undo(registration=value)
            return register(workshop, value, by_staff=staff)

        at_once(run, jobs)
        assert seats_taken(workshop) == workshop.capacity, f"round {round_}"
        undone.append(Registration.objects.get(pk=mistaken.pk))
        # Free the seat again for the next round, whoever has it.
        workshop.registrations.confirmed().order_by("-pk").first().delete()
        workshop.registrations.waiting().delete()
    return undone


@pytest.mark.django_db(transaction=True)
def test_undo_racing_registrations_for_the_last_seat_never_overbooks(postgresql):
    """Undo and ten staff registrations at once for the freed last seat: one of them gets it.

    The undone registration takes the seat back only if it wins the workshop's row lock;
    otherwise it waits in the queue. Without the lock both see a free seat and overbook.
    """
    from tests.factories import StaffUserFactory

    workshop = WorkshopFactory(capacity=2)
    RegistrationFactory(workshop=workshop)
    undone = undo_race(workshop, StaffUserFactory(), rounds=5)
    assert {r.status for r in undone} <= {"confirmed", "waiting"}


@pytest.mark.django_db(transaction=True)
def test_undo_racing_without_a_waiting_list_is_refused_or_wins(postgresql):
    """No waiting list: either the undo wins the seat or it is refused as full, never both."""
    from tests.factories import StaffUserFactory

    workshop = WorkshopFactory(capacity=2, has_waiting_list=False)
    RegistrationFactory(workshop=workshop)
    staff = StaffUserFactory()
    mistaken = RegistrationFactory(workshop=workshop)
    services.registration_cancel(registration=mistaken, by_staff=staff)
    jobs = [None] + [f"new{i}@example.org" for i in range(10)]
    outcomes = at_once(
        lambda email: (
            services.registration_cancel_undo(registration=mistaken)
            if email is None
            else register(workshop, email, by_staff=staff)
        ),
        jobs,
    )
    assert sum(isinstance(o, services.RegistrationError) for o in outcomes) == 10
    assert {o.code for o in outcomes if isinstance(o, services.RegistrationError)} == {"full"}
    assert seats_taken(workshop) == 2


@pytest.mark.django_db(transaction=True)
def test_undo_pressed_many_times_at_once_restores_once(postgresql):
    """Eight undo submits at the same moment: one restoration, one e-mail."""
    from returnportal.mail.models import OutgoingEmail
    from tests.factories import StaffUserFactory

    workshop = WorkshopFactory(capacity=2)
    mistaken = RegistrationFactory(workshop=workshop)
    services.registration_cancel(registration=mistaken, by_staff=StaffUserFactory())
    outcomes = at_once(
        lambda _: services.registration_cancel_undo(registration=mistaken), list(range(8))
    )
    assert not [o for o in outcomes if isinstance(o, Exception)]
    assert OutgoingEmail.objects.filter(kind="restored").count() == 1
    assert workshop.registrations.confirmed().count() == 1
