"""Many people registering at the same moment never overbook (PostgreSQL row locks)."""

import threading

import pytest
from django.db import connection

from tests.workshops.factories import RegistrationFactory, WorkshopFactory
from workshops import services
from workshops.models import Registration

THREADS = 20


def register_at_once(workshop, emails: list[str]) -> list:
    """Run registration_create from one thread per e-mail, released together by a barrier."""
    barrier = threading.Barrier(len(emails))
    outcomes: list = []
    lock = threading.Lock()

    def worker(email: str) -> None:
        try:
            barrier.wait()
            result = services.registration_create(
                workshop_id=workshop.pk,
                name="Racer",
                email=email,
                participant_type=Registration.ParticipantType.MIGRANT,
                language="pl",
            )
        except services.RegistrationError as exc:
            result = exc
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=worker, args=(email,)) for email in emails]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_last_seats_go_to_exactly_as_many_people(postgresql):
    """20 people at once for 5 remaining seats: 5 confirmed, 15 on the waiting list."""
    workshop = WorkshopFactory(capacity=10)
    RegistrationFactory.create_batch(5, workshop=workshop)
    outcomes = register_at_once(workshop, [f"racer{i}@example.org" for i in range(THREADS)])
    assert len(outcomes) == THREADS
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
    assert workshop.registrations.confirmed().count() == 10


@pytest.mark.django_db(transaction=True)
def test_same_email_at_once_makes_one_registration(postgresql):
    """A double submit racing itself leaves one registration; the rest hear it exists."""
    workshop = WorkshopFactory(capacity=10)
    outcomes = register_at_once(workshop, ["twice@example.org"] * 8)
    assert workshop.registrations.count() == 1
    assert sum(isinstance(o, services.AlreadyRegistered) for o in outcomes) == 7
