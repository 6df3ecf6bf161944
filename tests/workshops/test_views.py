"""Tests of the public workshop pages, the registration form and the registrant's page."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from returnportal.mail.models import OutgoingEmail
from tests.workshops.factories import (
    InterestSubscriptionFactory,
    RegistrationFactory,
    WorkshopFactory,
)
from workshops.models import Audience, InterestSubscription, Registration, Workshop, WorkshopTopic

pytestmark = pytest.mark.django_db


def form_data(**extra):
    return {
        "name": "Ewa Kowalska",
        "email": "ewa@example.org",
        "phone": "",
        "participant_type": "migrant",
        "country": "IE",
        "needs": "",
        "consent": "on",
        **extra,
    }


def test_list_shows_upcoming_with_seats_left(client):
    """The list shows upcoming published workshops and how many seats are left."""
    workshop = WorkshopFactory(capacity=5)
    RegistrationFactory.create_batch(2, workshop=workshop)
    WorkshopFactory(title="Old one", starts_at=timezone.now() - timedelta(days=5))
    response = client.get("/workshops/")
    assert response.status_code == 200
    assert workshop.title in response.text
    assert "Old one" not in response.text
    assert "zostały 3 miejsca" in response.text


def test_list_in_english_says_seats_left(client):
    """The English list says how many seats are left."""
    workshop = WorkshopFactory(capacity=5)
    RegistrationFactory.create_batch(2, workshop=workshop)
    response = client.get("/en/workshops/")
    assert "3 seats left" in response.text


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("audience=entrepreneurs", ["For bosses", "For all"], ["For migrants"]),
        ("topic=funding", ["For bosses"], ["For migrants", "For all"]),
    ],
)
def test_list_filters_by_audience_and_topic(client, query, shown, hidden):
    """Filtering by audience keeps workshops for both; filtering by topic keeps that topic."""
    WorkshopFactory(title="For migrants", audience=Audience.MIGRANTS)
    WorkshopFactory(
        title="For bosses", audience=Audience.ENTREPRENEURS, topic=WorkshopTopic.FUNDING
    )
    WorkshopFactory(title="For all", audience=Audience.BOTH)
    text = client.get(f"/en/workshops/?{query}").text
    assert all(title in text for title in shown)
    assert not any(title in text for title in hidden)


def test_list_filters_by_month(client):
    """Filtering by month keeps the workshops starting in that month."""
    soon = timezone.localtime() + timedelta(days=1)
    later = soon + timedelta(days=70)
    WorkshopFactory(title="Soon", starts_at=soon)
    WorkshopFactory(title="Later", starts_at=later)
    text = client.get(f"/en/workshops/?month={later:%Y-%m}").text
    assert "Later" in text
    assert "Soon" not in text


def test_archive_lists_past_workshops(client):
    """The archive shows workshops that are over."""
    WorkshopFactory(title="Old one", starts_at=timezone.now() - timedelta(days=5))
    assert "Old one" in client.get("/en/workshops/archive/").text


@pytest.mark.parametrize(
    ("changes", "registrations", "message"),
    [
        ({"capacity": 5}, 2, "3 seats left"),
        ({"capacity": 1}, 1, "Full: join the waiting list"),
        ({"registration_closes_at": timezone.now() - timedelta(hours=1)}, 0, "Registration closed"),
    ],
)
def test_detail_shows_the_seats_message(client, changes, registrations, message):
    """The workshop page says seats left, full with waiting list, or closed."""
    workshop = WorkshopFactory(**changes)
    RegistrationFactory.create_batch(registrations, workshop=workshop)
    response = client.get(f"/en/workshops/{workshop.slug}/")
    assert message in response.text


def test_draft_workshop_is_not_found(client):
    """Drafts have no public page."""
    workshop = WorkshopFactory(status="draft")
    assert client.get(f"/workshops/{workshop.slug}/").status_code == 404


def test_ics_download(client):
    """The .ics holds one event with the workshop's title and times."""
    workshop = WorkshopFactory(title="Grants for returnees")
    response = client.get(f"/workshops/{workshop.slug}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "SUMMARY:Grants for returnees" in body
    assert "DTSTART" in body


def test_register_confirms_and_redirects_to_check_your_inbox(
    client, django_capture_on_commit_callbacks
):
    """A valid form registers the person and says "check your inbox"; the mail has the link."""
    workshop = WorkshopFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/workshops/{workshop.slug}/register/", form_data())
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/workshops/{workshop.slug}/register/sent/"
    assert registration.language == "en"
    assert registration.status == Registration.Status.PENDING
    assert [m.subject for m in mail.outbox] == [
        f"Please confirm your registration: {workshop.title}"
    ]
    link = f"/en/registrations/{registration.token}/confirm/"
    assert link in mail.outbox[0].body
    # Opening the link (or a scanner fetching it) shows a button and confirms nothing.
    assert client.get(link).status_code == 200
    registration.refresh_from_db()
    assert registration.status == Registration.Status.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == f"/en/registrations/{registration.token}/"
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert mail.outbox[1].subject.startswith("Your seat is confirmed")
    assert f"/en/registrations/{registration.token}/" in mail.outbox[1].body


def test_register_shows_errors_per_field(client):
    """Missing name, a bad e-mail and no consent are shown next to their fields."""
    workshop = WorkshopFactory()
    response = client.post(
        f"/en/workshops/{workshop.slug}/register/",
        form_data(name="", email="not-an-email", consent=""),
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"name", "email", "consent"}
    assert not Registration.objects.exists()


def test_register_errors_in_polish(client):
    """Errors appear in the page's language."""
    workshop = WorkshopFactory()
    response = client.post(f"/workshops/{workshop.slug}/register/", form_data(name=""))
    assert "To pole jest wymagane." in response.text


def test_entrepreneur_must_give_a_company(client):
    """An entrepreneur registering without a company gets an error on that field."""
    workshop = WorkshopFactory()
    response = client.post(
        f"/en/workshops/{workshop.slug}/register/",
        form_data(participant_type="entrepreneur"),
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["company"]


def test_register_twice_resends_the_link_and_creates_nothing(client):
    """A second registration with the same e-mail re-sends their link; only the e-mail says so."""
    registration = RegistrationFactory(email="ewa@example.org")
    response = client.post(
        f"/en/workshops/{registration.workshop.slug}/register/",
        form_data(email="EWA@example.org"),
        follow=True,
    )
    assert "Check your inbox" in response.text
    assert Registration.objects.count() == 1
    link = OutgoingEmail.objects.get(kind="link")
    assert registration.token in link.body_text


def test_register_refused_when_closed(client):
    """Registering for a closed workshop shows the reason with a 4xx status."""
    workshop = WorkshopFactory(registration_closes_at=timezone.now() - timedelta(hours=1))
    response = client.post(f"/en/workshops/{workshop.slug}/register/", form_data())
    assert response.status_code == 409
    assert "has closed" in response.text
    assert not Registration.objects.exists()


def test_register_page_when_closed_shows_no_form(client):
    """The form is not offered when registration is closed."""
    workshop = WorkshopFactory(registration_closes_at=timezone.now() - timedelta(hours=1))
    response = client.get(f"/en/workshops/{workshop.slug}/register/")
    assert response.status_code == 200
    assert "has closed" in response.text
    assert 'name="email"' not in response.text


def test_registration_page_shows_details(client):
    """The registrant's page shows the workshop and their status."""
    registration = RegistrationFactory(name="Ewa Kowalska")
    response = client.get(f"/en/registrations/{registration.token}/")
    assert response.status_code == 200
    assert "Ewa Kowalska" in response.text
    assert "Your seat is confirmed" in response.text


@pytest.mark.parametrize(
    "mangle",
    [lambda t: t[:-1], lambda t: t[:-1] + ("y" if t.endswith("x") else "x"), lambda t: "1"],
    ids=["truncated", "last character changed", "another token"],
)
def test_changed_token_is_not_found(client, mangle):
    """A truncated or altered token is a 404."""
    registration = RegistrationFactory()
    token = mangle(registration.token)
    assert client.get(f"/registrations/{token}/").status_code == 404


def test_cancel_by_post_promotes_the_waiting(client, django_capture_on_commit_callbacks):
    """Cancelling from the page frees the seat; the first waiting is promoted and told."""
    workshop = WorkshopFactory(capacity=1)
    holder = RegistrationFactory(workshop=workshop, email="holder@example.org")
    waiting = RegistrationFactory(workshop=workshop, email="wait@example.org", status="waiting")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/registrations/{holder.token}/cancel/")
    assert response.status_code == 302
    holder.refresh_from_db()
    waiting.refresh_from_db()
    assert (holder.status, waiting.status) == ("cancelled", "confirmed")
    assert {m.to[0] for m in mail.outbox} == {"holder@example.org", "wait@example.org"}


def test_get_does_not_cancel(client):
    """Only a POST cancels: link checkers following the e-mail link change nothing."""
    registration = RegistrationFactory()
    client.get(f"/registrations/{registration.token}/")
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_interest_form_subscribes(client):
    """The interest form puts the e-mail on the list in the page's language."""
    response = client.post(
        "/en/workshops/interest/",
        {"email": "Fan@example.org", "topic": "business", "audience": "migrants", "consent": "on"},
    )
    assert response.status_code == 302
    subscription = InterestSubscription.objects.get()
    assert (subscription.email, subscription.language) == ("fan@example.org", "en")


def test_interest_form_needs_consent(client):
    """Without consent nothing is stored and the field shows an error."""
    response = client.post(
        "/en/workshops/interest/",
        {"email": "fan@example.org", "topic": "business", "audience": "migrants"},
    )
    assert response.status_code == 400
    assert "consent" in response.context["form"].errors
    assert not InterestSubscription.objects.exists()


def test_opening_the_unsubscribe_link_asks_first(client):
    """Opening the unsubscribe link shows a button; a link scanner unsubscribes nobody."""
    subscription = InterestSubscriptionFactory()
    response = client.get(f"/en/workshops/unsubscribe/{subscription.token}/")
    assert response.status_code == 200
    assert "Unsubscribe from the interest list?" in response.text
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is None


def test_unsubscribe_with_a_wrong_token_is_not_found(client):
    """An unknown unsubscribe token is a 404."""
    assert client.get("/workshops/unsubscribe/nope/").status_code == 404


def test_repeated_attempts_resend_the_link_only_once(client):
    """Submitting the same e-mail again and again sends one reminder of the link, not many."""
    registration = RegistrationFactory(email="ewa@example.org")
    for _ in range(3):
        client.post(f"/en/workshops/{registration.workshop.slug}/register/", form_data())
    assert OutgoingEmail.objects.filter(kind="link").count() == 1


def test_archive_offers_past_months(client):
    """The archive's month filter lists the months that have passed."""
    months = [
        value
        for value, _ in client.get("/en/workshops/archive/")
        .context["view"]
        .filter_form.fields["month"]
        .choices
    ]
    last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    assert last_month in months


def test_form_keeps_the_chosen_country_after_an_error(client):
    """The country select shows the chosen country again when another field has an error."""
    workshop = WorkshopFactory()
    response = client.post(f"/en/workshops/{workshop.slug}/register/", form_data(name=""))
    assert '<option value="IE" selected>Ireland</option>' in response.text


def test_registration_page_is_not_cached(client):
    """The registrant's page carries personal data and tells caches not to keep it."""
    registration = RegistrationFactory()
    response = client.get(f"/registrations/{registration.token}/")
    assert "no-store" in response["Cache-Control"]


def test_bad_phone_is_a_field_error(client):
    """A phone number that is not one is reported on the phone field."""
    workshop = WorkshopFactory()
    response = client.post(f"/en/workshops/{workshop.slug}/register/", form_data(phone="abc"))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["phone"]


@pytest.mark.parametrize("status", ["draft", None])
def test_register_for_unknown_or_draft_workshop_is_not_found(client, status):
    """Posting to a draft or a slug that does not exist is a 404."""
    slug = WorkshopFactory(status=status).slug if status else "no-such-workshop"
    assert client.post(f"/workshops/{slug}/register/", form_data()).status_code == 404


def test_erased_registration_page_is_gone(client):
    """After erasure the old link leads nowhere."""
    registration = RegistrationFactory(erased_at=timezone.now())
    assert client.get(f"/registrations/{registration.token}/").status_code == 404


@pytest.mark.parametrize("page", ["list", "workshop page"])
def test_the_cached_pages_show_a_seat_change_at_once(client, book_seat, page):
    """The list and the workshop page are cached, and a registration shows in them at once."""
    workshop = WorkshopFactory(capacity=3)
    url = "/en/workshops/" if page == "list" else f"/en/workshops/{workshop.slug}/"
    assert "3 seats left" in client.get(url).text
    book_seat(workshop)
    assert "2 seats left" in client.get(url).text


def test_a_warm_list_and_workshop_page_ask_the_database_almost_nothing(
    client, django_assert_num_queries
):
    """On a warm cache neither the list nor the workshop page asks the database anything."""
    workshop = WorkshopFactory()
    RegistrationFactory.create_batch(3, workshop=workshop)
    for url in ("/en/workshops/", f"/en/workshops/{workshop.slug}/"):
        client.get(url)
    with django_assert_num_queries(0):
        assert client.get("/en/workshops/").status_code == 200
    with django_assert_num_queries(0):
        assert client.get(f"/en/workshops/{workshop.slug}/").status_code == 200


def test_a_saved_workshop_shows_at_once_on_the_cached_pages(
    admin_client, django_capture_on_commit_callbacks
):
    """A title changed or a workshop taken back to draft shows on the cached pages at once."""
    workshop = WorkshopFactory(title="Old title")
    url = f"/en/workshops/{workshop.slug}/"
    assert "Old title" in admin_client.get(url).text
    assert "Old title" in admin_client.get("/en/workshops/").text
    Workshop.objects.filter(pk=workshop.pk).update(title="Quietly renamed")  # no signal: cached
    assert "Old title" in admin_client.get(url).text
    workshop.refresh_from_db()
    workshop.title = "New title"
    with django_capture_on_commit_callbacks(execute=True):
        workshop.save()
    assert "New title" in admin_client.get(url).text
    assert "New title" in admin_client.get("/en/workshops/").text
    workshop.status = Workshop.Status.DRAFT
    with django_capture_on_commit_callbacks(execute=True):
        workshop.save()
    assert admin_client.get(url).status_code == 404
    assert "New title" not in admin_client.get("/en/workshops/").text


def test_list_link_to_the_interest_form_carries_the_filter(client):
    """ "Tell me about new workshops" opens the interest form with the topic and audience chosen."""
    text = client.get("/en/workshops/?topic=funding&audience=entrepreneurs").text
    assert "/en/workshops/interest/?topic=funding&amp;audience=entrepreneurs" in text
    form = client.get("/en/workshops/interest/?topic=funding&audience=entrepreneurs").context[
        "form"
    ]
    assert form.initial == {"topic": "funding", "audience": "entrepreneurs"}
    assert not form.is_bound


def test_interest_form_ignores_a_made_up_topic_in_the_link(client):
    """A topic that does not exist in the link is left out, not an error."""
    response = client.get("/en/workshops/interest/?topic=astrology")
    assert response.status_code == 200
    assert response.context["form"].initial == {}


def test_list_page_out_of_range_shows_the_last_page(client):
    """A page number past the end (an old link) shows the last page instead of an error."""
    WorkshopFactory.create_batch(21)
    response = client.get("/en/workshops/?page=99")
    assert response.status_code == 200
    assert "2 / 2" in response.text
