import csv
import io
import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from contacts.models import Case, Contact, Person
from returnportal.form_tokens import new_form_token
from tests.contacts.factories import (
    CaseFactory,
    ContactFactory,
    InstitutionFactory,
    PersonFactory,
    ReferralFactory,
)

pytestmark = pytest.mark.django_db


def english_url(name: str, *args) -> str:
    """The English page, whose labels the assertions read."""
    with translation.override("en"):
        return reverse(name, args=args)


def log_data(**overrides):
    """What the quick-log page posts: only the fields it shows."""
    data = {
        "channel": "phone",
        "direction": "in",
        "topics": ["work"],
        "summary": "Pyta o oferty pracy.",
        "duration_minutes": "5",
        "form_token": new_form_token(),
    }
    return {**data, **overrides}


def test_dashboard_shows_my_followups_with_local_time(staff_client, staff_user):
    """The dashboard lists my overdue and today's follow-ups with the person's time zone."""
    person = PersonFactory(name="Ewa Zagraniczna", time_zone="America/Chicago")
    CaseFactory(
        person=person, assignee=staff_user, follow_up_on=timezone.localdate() - timedelta(days=1)
    )
    ContactFactory(channel="email")
    response = staff_client.get(reverse("contacts:dashboard"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Ewa Zagraniczna" in content
    assert "America/Chicago" in content
    assert len(response.context["overdue"]) == 1
    assert response.context["contacts_today_total"] == 1


def test_quick_log_anonymous_call(staff_client):
    """A call with no personal data is logged on a new case without a person."""
    response = staff_client.post(reverse("contacts:quick_log"), log_data())
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.person is None
    assert case.contacts.get().summary == "Pyta o oferty pracy."


def test_quick_log_creates_a_new_person_inline(staff_client, staff_user):
    """New person details create the person and a case assigned to the staff member."""
    response = staff_client.post(
        reverse("contacts:quick_log"),
        log_data(
            new_name="Jan Nowy",
            new_phone="601 222 333",
            new_language="en",
            new_kind="entrepreneur",
            consent="on",
        ),
    )
    assert response.status_code == 302
    person = Person.objects.get()
    assert str(person.phone) == "+48601222333"
    assert person.consent_channel == "phone"
    assert (person.language, person.kind) == ("en", "entrepreneur")
    assert person.cases.get().assignee == staff_user


def test_quick_log_double_submit_logs_one_contact(staff_client):
    """Posting the same quick-log form twice logs the contact once."""
    data = log_data(new_name="Jan Dwa Razy")
    staff_client.post(reverse("contacts:quick_log"), data)
    response = staff_client.post(reverse("contacts:quick_log"), data)
    assert response.status_code == 302
    assert (Person.objects.count(), Case.objects.count(), Contact.objects.count()) == (1, 1, 1)


def test_quick_log_appends_to_a_chosen_open_case(staff_client):
    """Picking a person's open case adds the contact to it."""
    case = CaseFactory()
    response = staff_client.post(
        reverse("contacts:quick_log"),
        log_data(person=case.person.pk, case=str(case.pk), channel="in_person", topics=[]),
    )
    assert response.status_code == 302
    assert case.contacts.get().channel == "in_person"
    assert Case.objects.count() == 1


def test_quick_log_refuses_another_persons_case(staff_client):
    """A case of somebody else is a field error."""
    case = CaseFactory()
    other = PersonFactory()
    response = staff_client.post(
        reverse("contacts:quick_log"), log_data(person=other.pk, case=str(case.pk))
    )
    assert response.status_code == 400
    assert response.context["form"].has_error("case")
    assert Contact.objects.count() == 0


def test_quick_log_rejects_a_past_follow_up(staff_client):
    """A follow-up date in the past is refused."""
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = staff_client.post(reverse("contacts:quick_log"), log_data(follow_up_on=past))
    assert response.status_code == 400


def test_quick_log_search_without_javascript(staff_client):
    """The plain search lists matching people as links that select them."""
    person = PersonFactory(name="Barbara Szukana")
    response = staff_client.get(reverse("contacts:quick_log"), {"q": "szukana"})
    assert f"?person={person.pk}" in response.content.decode()


def test_quick_log_with_selected_person_offers_open_cases(staff_client):
    """Selecting a person lists their open cases to log on."""
    case = CaseFactory()
    response = staff_client.get(reverse("contacts:quick_log"), {"person": case.person.pk})
    assert str(case.pk) in [value for value, _ in response.context["form"].fields["case"].choices]


def test_person_search_json(staff_client):
    """The type-ahead endpoint returns matches with their open cases."""
    case = CaseFactory(person=PersonFactory(name="Krystyna Typeahead"))
    response = staff_client.get(reverse("contacts:person_search"), {"q": "typeahead"})
    results = response.json()["results"]
    assert [r["id"] for r in results] == [case.person.pk]
    assert results[0]["open_cases"][0]["id"] == case.pk


def test_person_page_shows_a_timeline(staff_client):
    """The person page shows cases, contacts and referrals together."""
    contact = ContactFactory(summary="Rozmowa o dotacji")
    ReferralFactory(case=contact.case, institution=InstitutionFactory(name="RBR Kielce"))
    response = staff_client.get(contact.case.person.get_absolute_url())
    content = response.content.decode()
    assert "Rozmowa o dotacji" in content
    assert "RBR Kielce" in content
    assert [e.kind for e in response.context["timeline"]].count("contact") == 1


def test_person_edit_normalises_and_validates(staff_client):
    """Editing saves a lowercase e-mail and refuses a duplicate one."""
    PersonFactory(email="taken@example.com")
    person = PersonFactory()
    url = reverse("contacts:person_update", args=[person.pk])
    data = {"name": "Nowa", "email": "NEW@Example.com", "phone": "", "language": "en"}
    data |= {"kind": "entrepreneur", "time_zone": "Europe/Dublin", "stay_countries": ["IE"]}
    assert staff_client.post(url, data).status_code == 302
    person.refresh_from_db()
    assert (person.email, person.time_zone) == ("new@example.com", "Europe/Dublin")
    response = staff_client.post(url, {**data, "email": "taken@example.com"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_a_new_address_is_no_longer_marked_undeliverable(staff_client):
    """Changing the e-mail clears the bounce mark; editing anything else keeps it."""
    person = PersonFactory(
        email="old@example.com",
        email_undeliverable_at=timezone.now(),
        email_undeliverable_reason="Undelivered Mail",
    )
    url = reverse("contacts:person_update", args=[person.pk])
    data = {"name": "Ewa", "email": "old@example.com", "phone": "", "language": "pl"}
    data |= {"kind": "migrant", "time_zone": "Europe/Warsaw"}
    assert staff_client.post(url, data).status_code == 302
    person.refresh_from_db()
    assert person.email_undeliverable_at is not None
    assert staff_client.post(url, {**data, "email": "new@example.com"}).status_code == 302
    person.refresh_from_db()
    assert (person.email_undeliverable_at, person.email_undeliverable_reason) == (None, "")


def test_person_export_json_download(staff_client):
    """The JSON export downloads everything about the person."""
    person = PersonFactory(name="Anna Eksport")
    response = staff_client.get(reverse("contacts:person_export_json", args=[person.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert json.loads(response.content)["person"]["name"] == "Anna Eksport"


def test_person_export_printable(staff_client):
    """The printable export shows the person's data."""
    person = PersonFactory(name="Anna Druk")
    response = staff_client.get(reverse("contacts:person_export", args=[person.pk]))
    assert "Anna Druk" in response.content.decode()


def test_person_erase_needs_confirmation(staff_client):
    """Without the tick nothing is erased."""
    person = PersonFactory()
    response = staff_client.post(reverse("contacts:person_erase", args=[person.pk]))
    person.refresh_from_db()
    assert response.status_code == 400
    assert person.anonymised_at is None


def test_person_erase_with_confirmation(staff_client):
    """With the tick the person is anonymised and their contacts stay."""
    contact = ContactFactory()
    person = contact.case.person
    response = staff_client.post(
        reverse("contacts:person_erase", args=[person.pk]), {"confirm": "yes"}
    )
    person.refresh_from_db()
    assert response.status_code == 302
    assert person.anonymised_at is not None
    assert Contact.objects.filter(case__person=person).count() == 1


def test_case_list_filters(staff_client):
    """Filters narrow the case list by status, topic, channel and county."""
    wanted = ContactFactory(
        channel="email",
        case=CaseFactory(topics=["housing"], person=PersonFactory(home_county="buski")),
    ).case
    ContactFactory(channel="phone", case=CaseFactory(topics=["housing"]))
    ContactFactory(channel="email", case=CaseFactory(topics=["work"]))
    response = staff_client.get(
        reverse("contacts:case_list"),
        {"status": "open", "topic": "housing", "channel": "email", "county": "buski"},
    )
    assert list(response.context["cases"]) == [wanted]


def test_case_list_finds_waiting_and_overdue_questions(staff_client):
    """The answer filter lists open cases waiting for an answer, or only those past due."""
    now = timezone.now()
    overdue = CaseFactory(awaiting_answer_since=now, answer_due_at=now - timedelta(hours=1))
    waiting = CaseFactory(awaiting_answer_since=now, answer_due_at=now + timedelta(days=1))
    CaseFactory()  # answered
    CaseFactory(status="closed", awaiting_answer_since=now, answer_due_at=now)
    url = reverse("contacts:case_list")
    assert set(staff_client.get(url, {"answer": "waiting"}).context["cases"]) == {overdue, waiting}
    assert list(staff_client.get(url, {"answer": "overdue"}).context["cases"]) == [overdue]


def test_case_list_finds_a_case_by_its_email_reference(staff_client):
    """The "[PPK-12]" copied from an e-mail's subject finds case 12."""
    case = CaseFactory()
    CaseFactory()
    response = staff_client.get(reverse("contacts:case_list"), {"q": f"Re: [PPK-{case.pk}]"})
    assert list(response.context["cases"]) == [case]


def test_case_list_ignores_an_inverted_date_range(staff_client):
    """A bad date range is a form error (400, shown by the field), not a server error."""
    CaseFactory()
    response = staff_client.get(
        reverse("contacts:case_list"), {"date_from": "2026-02-01", "date_to": "2026-01-01"}
    )
    assert response.status_code == 400
    assert response.context["filter_form"].errors


def test_case_csv_export_is_the_filtered_rows(staff_client):
    """The CSV streams exactly the filtered cases."""
    wanted = CaseFactory(topics=["health"])
    CaseFactory(topics=["work"])
    response = staff_client.get(english_url("contacts:case_export"), {"topic": "health"})
    assert response.streaming
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == [str(wanted.pk)]
    assert rows[1][3] == "Health care"


def test_case_detail_update_and_referral(staff_client, staff_user):
    """The case page's forms change the status and record a referral and its outcome."""
    case = CaseFactory()
    institution = InstitutionFactory()
    response = staff_client.post(
        reverse("contacts:case_update", args=[case.pk]),
        {"status": "waiting", "assignee": staff_user.pk, "topics": ["work", "funding"]},
    )
    assert response.url == case.get_absolute_url()
    staff_client.post(
        reverse("contacts:case_refer", args=[case.pk]),
        {"institution": institution.pk, "note": "Dotacja"},
    )
    referral = case.referrals.get()
    staff_client.post(
        reverse("contacts:case_outcome", args=[case.pk]),
        {"referral": referral.pk, "outcome": "helped"},
    )
    case.refresh_from_db()
    referral.refresh_from_db()
    assert (case.status, case.assignee, case.topics) == ("waiting", staff_user, ["work", "funding"])
    assert referral.outcome == "helped"


def test_each_case_page_form_posts_to_its_own_url(staff_client):
    """The update, referral, outcome and reply forms each post to their action's URL."""
    case = ReferralFactory().case
    page = staff_client.get(case.get_absolute_url()).content.decode()
    names = ["case_update", "case_refer", "case_outcome", "case_reply"]
    own = {reverse(f"contacts:{name}", args=[case.pk]) for name in names}
    assert own <= set(re.findall(r'<form method="post" action="([^"]+)"', page))
    assert 'name="action"' not in page


@pytest.mark.parametrize(
    ("name", "data", "form_name"),
    [
        ("contacts:case_update", {"status": "no-such-status", "topics": ["work"]}, "update_form"),
        ("contacts:case_refer", {"note": "Bez instytucji"}, "referral_form"),
    ],
)
def test_an_invalid_case_form_shows_the_case_page_again(staff_client, name, data, form_name):
    """A refused form comes back on the case page with its errors, as a 400."""
    case = CaseFactory(status="new")
    response = staff_client.post(reverse(name, args=[case.pk]), data)
    assert response.status_code == 400
    assert response.templates[0].name == "contacts/case_detail.html"
    assert response.context[form_name].errors
    case.refresh_from_db()
    assert (case.status, case.referrals.count()) == ("new", 0)


def test_an_unknown_outcome_is_a_message_on_the_case_page(staff_client):
    """A refused outcome leaves the referral alone and says why on the case page."""
    referral = ReferralFactory(outcome="pending")
    case = referral.case
    response = staff_client.post(
        english_url("contacts:case_outcome", case.pk),
        {"referral": referral.pk, "outcome": "no-such-outcome"},
        follow=True,
    )
    assert response.redirect_chain == [(english_url("contacts:case_detail", case.pk), 302)]
    assert [str(m) for m in response.context["messages"]] == ["Unknown outcome."]
    referral.refresh_from_db()
    assert referral.outcome == "pending"


def test_the_outcome_of_another_cases_referral_is_not_found(staff_client):
    """A case's outcome form reaches only that case's referrals."""
    referral = ReferralFactory()
    response = staff_client.post(
        reverse("contacts:case_outcome", args=[CaseFactory().pk]),
        {"referral": referral.pk, "outcome": "helped"},
    )
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["contacts:case_update", "contacts:case_refer"])
@pytest.mark.parametrize(("role", "expected"), [("anonymous", 302), ("editor", 403)])
def test_only_staff_post_the_case_forms(client, request, name, role, expected):
    """Strangers are sent to sign in and editors refused; the case stays as it was."""
    if role != "anonymous":
        client = request.getfixturevalue(f"{role}_client")
    case = CaseFactory(status="new")
    data = {"status": "closed", "topics": ["work"], "institution": InstitutionFactory().pk}
    response = client.post(reverse(name, args=[case.pk]), data)
    assert response.status_code == expected
    case.refresh_from_db()
    assert (case.status, case.referrals.count()) == ("new", 0)


def test_monthly_report_counts_by_channel_and_topic(staff_client):
    """The monthly report counts contacts per channel and topic, with a chart and CSV."""
    now = timezone.localtime()
    ContactFactory(channel="phone", case=CaseFactory(topics=["work", "housing"]))
    ContactFactory(channel="email", case=CaseFactory(topics=["work"]))
    response = staff_client.get(reverse("contacts:report_monthly"), {"year": now.year})
    row = response.context["report"].rows[now.month - 1]
    assert row.by_channel == {"phone": 1, "email": 1}
    assert row.by_topic == {"work": 2, "housing": 1}
    assert b"<svg" in response.content
    assert not re.search(r'(x|y|width|height)="\d+,\d', response.content.decode())
    csv_response = staff_client.get(
        reverse("contacts:report_monthly"), {"year": now.year, "format": "csv"}
    )
    lines = csv_response.content.decode().splitlines()
    assert lines[now.month].startswith(f"{now.year}-{now.month:02d};2;")  # Polish: semicolons


def test_quarterly_indicators_suppress_small_counts_when_shareable(staff_client):
    """Exact counts internally; counts under five become "<5" in the shareable version."""
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    for _ in range(6):
        ContactFactory(channel="phone")
    ContactFactory(channel="email", case=CaseFactory(person=None))
    params = {"year": today.year, "quarter": quarter}
    internal = dict(
        staff_client.get(english_url("contacts:report_quarterly"), params).context["rows"][0][1]
    )
    shared = dict(
        staff_client.get(
            english_url("contacts:report_quarterly"), {**params, "shareable": "on"}
        ).context["rows"][0][1]
    )
    assert (internal["Phone"], internal["E-mail"]) == ("6", "1")
    assert (shared["Phone"], shared["E-mail"], shared["Web form"]) == ("6", "<5", "0")


def test_quarterly_indicators_count_people_and_csv(staff_client):
    """People reached are counted once per person, and the CSV has every indicator."""
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    case = CaseFactory(person=PersonFactory(kind="entrepreneur"))
    ContactFactory(case=case)
    ContactFactory(case=case)
    response = staff_client.get(
        english_url("contacts:report_quarterly"), {"year": today.year, "quarter": quarter}
    )
    people = dict(response.context["rows"][1][1])
    assert people["Entrepreneur"] == "1"
    csv_response = staff_client.get(
        english_url("contacts:report_quarterly"),
        {"year": today.year, "quarter": quarter, "format": "csv"},
    )
    assert "Entrepreneur,1" in csv_response.content.decode()


def test_quarterly_indicators_bad_quarter_is_400(staff_client):
    """An impossible quarter is a form error."""
    response = staff_client.get(
        english_url("contacts:report_quarterly"), {"year": 2026, "quarter": 7}
    )
    assert response.status_code == 400


def test_dashboard_caps_a_follow_up_backlog(staff_client, staff_user):
    """Beyond thirty due follow-ups the dashboard shows the oldest and counts the rest."""
    overdue = timezone.localdate() - timedelta(days=1)
    for _ in range(31):
        CaseFactory(assignee=staff_user, follow_up_on=overdue)
    response = staff_client.get(reverse("contacts:dashboard"))
    assert len(response.context["overdue"]) == 30
    assert response.context["follow_ups_more"] == 1


def test_person_list_searches_without_javascript(staff_client):
    """The people page finds a person by phone digits."""
    person = PersonFactory(name="Zofia Telefon", phone="+48601999888")
    PersonFactory(name="Ktoś Inny")
    response = staff_client.get(reverse("contacts:person_list"), {"q": "601 999"})
    assert list(response.context["people"]) == [person]
