"""Public forms under random input: always a clear page or a success, never a 500 or raw HTML.

The second half sends valid submissions (real choices, the honeypot empty, consent given, a
real address) with hostile text in the free fields, asserts that they succeed, and checks the
pages and the e-mails they produce (the outbox rows and the messages sent) for raw markup.
"""

import unicodedata
import uuid
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contacts.models import Case
from returnportal.mail.models import OutgoingEmail
from surveys.models import Response
from surveys.returnee import returnee_survey_load
from tests.factories import StaffUserFactory
from tests.surveys.answering import PAGES, start, step_url
from tests.workshops.factories import WorkshopFactory

MARKUP = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(2)>",
]
NASTY = [
    *MARKUP,
    "'; DROP TABLE contacts_person; --",
    "Zażółć gęślą jaźń ŻÓŁW",
    "مرحبا بالعالم \u202eevil\u202c",
    "😀🇵🇱👩‍👩‍👧",
    "\x00nul",
    "\x1b[31m\r\n\t\x7f",
    "a" * 5000,
    "+48 600 100 200",
    "kowalska@example.com",
    "",
]
TEXT = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=200),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=50),
)
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class _FormFields(HTMLParser):
    """The names (and hidden values) of every field of the page's forms, the CSRF token aside."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag in {"input", "select", "textarea"} and name and name != "csrfmiddlewaretoken":
            hidden = attrs.get("type") == "hidden"
            self.fields[name] = (attrs.get("value") or "") if hidden else ""


def form_fields(html: str) -> dict[str, str]:
    parser = _FormFields()
    parser.feed(html)
    return parser.fields


def post_random(client: Client, path: str, values: list[str]) -> None:
    """Post random values into every visible field of the form at `path` and check the answer."""
    fields = form_fields(client.get(path).text)
    data = {
        name: hidden or values[i % len(values)]
        for i, (name, hidden) in enumerate(sorted(fields.items()))
    }
    response = client.post(path, data)
    assert response.status_code < 500
    dangerous = [v for v in values if v in MARKUP]
    body = response.text if response.status_code != 302 else ""
    for value in dangerous:
        assert value not in body, f"unescaped input in {path}"
    for email in OutgoingEmail.objects.all():
        for value in dangerous:
            assert value not in email.body_html


@pytest.fixture
def fuzz_client(db, settings):
    settings.RATELIMIT_ENABLE = False  # the rate limit has its own test; here every post counts
    return Client()


@FUZZ
@given(values=st.lists(TEXT, min_size=1, max_size=8))
def test_contact_form_survives_random_input(fuzz_client, values):
    """The ask-us form answers every input with a page or a success."""
    post_random(fuzz_client, "/contact/", values)


@FUZZ
@given(values=st.lists(TEXT, min_size=1, max_size=10))
def test_workshop_registration_survives_random_input(fuzz_client, values):
    """The registration form answers every input with a page or a success."""
    workshop = WorkshopFactory(capacity=1000)
    post_random(fuzz_client, f"/en/workshops/{workshop.slug}/register/", values)


@FUZZ
@given(values=st.lists(TEXT, min_size=1, max_size=4))
def test_interest_form_survives_random_input(fuzz_client, values):
    """The interest-list form answers every input with a page or a success."""
    post_random(fuzz_client, "/workshops/interest/", values)


@FUZZ
@given(values=st.lists(TEXT, min_size=1, max_size=10))
def test_survey_first_section_survives_random_input(fuzz_client, values):
    """The survey's first page answers every input with a page or the next step."""
    survey = returnee_survey_load()
    fuzz_client.post(f"/survey/{survey.slug}/")
    post_random(fuzz_client, f"/survey/{survey.slug}/step/1/", values)


@FUZZ
@given(values=st.lists(TEXT, min_size=1, max_size=2))
def test_sign_in_survives_random_input(fuzz_client, values):
    """The staff sign-in answers every input with a page, never a 500."""
    post_random(fuzz_client, "/accounts/login/", values)


# Valid submissions with hostile free text ----------------------------------------------------
# Every free text starts with markup, so every example checks escaping; the rest is random
# printable text (no NUL or surrogates, which a form rightly refuses).
HOSTILE = st.builds(
    lambda markup, tail: f"{markup} {tail}",
    st.sampled_from(MARKUP),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=80),
)
# A name the validator accepts (no link, address or angle bracket) but that needs escaping.
HOSTILE_NAME = st.sampled_from(
    ['Anna "Ania" O\'Brien & Syn', "Zoë & 'Jan' Kowalscy", 'J. "Bobby" Tables & Co'],
)
VALID = settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class _ValidForm(HTMLParser):
    """A valid answer to the page's form: the first real choice of every select and radio,
    every checkbox ticked once, hidden values kept, the honeypot left empty."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str] = {}
        self.text: list[str] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "option" and self._select and attrs.get("value"):
            self.data.setdefault(self._select, attrs["value"])
        if not name or name == "csrfmiddlewaretoken":
            return
        kind = attrs.get("type", "text") if tag == "input" else tag
        if tag == "select":
            self._select = name
        elif kind == "hidden":
            self.data[name] = attrs.get("value") or ""
        elif kind in {"radio", "checkbox"}:
            self.data.setdefault(name, attrs.get("value") or "on")
        elif kind == "email":
            self.data[name] = f"fuzz-{uuid.uuid4().hex[:12]}@example.org"
        elif name == "website" or kind in {"tel", "submit"}:
            self.data[name] = ""
        elif kind in {"text", "textarea"}:
            self.text.append(name)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def valid_data(html: str, *, name: str, text: str) -> dict[str, str]:
    parser = _ValidForm()
    parser.feed(html)
    for field in parser.text:
        parser.data[field] = name if field == "name" else text
    parser.data.pop("submit", None)
    return parser.data


def assert_escaped(html: str, raw: list[str], where: str) -> None:
    for value in raw:
        assert value not in html, f"unescaped {value!r} in {where}"


def assert_emails_escaped(raw: list[str], since: int) -> None:
    """The outbox rows written since `since`, and the messages sent, carry no raw markup."""
    rows = list(OutgoingEmail.objects.filter(pk__gt=since))
    assert rows, "the submission wrote no e-mail"
    for row in rows:
        assert_escaped(row.body_html, raw, f"outbox row {row.kind}")
    assert len(mail.outbox) == len(rows), "every outbox row is sent"
    for message in mail.outbox:
        for html, mimetype in message.alternatives:
            assert mimetype == "text/html"
            assert_escaped(html, raw, f"sent message {message.subject!r}")


def last_email_pk() -> int:
    return OutgoingEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


@pytest.fixture
def valid_client(db, settings, django_capture_on_commit_callbacks):
    """A client whose posts commit: the outbox rows are delivered to the test mailbox."""
    settings.RATELIMIT_ENABLE = False
    client = Client()

    def post(path, data):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, data, follow=True)

    client.post_committed = post
    return client


@VALID
@given(name=HOSTILE_NAME, text=HOSTILE)
def test_valid_question_with_hostile_text_is_escaped_everywhere(valid_client, name, text):
    """A valid question opens a case; the thanks page, the staff case page and both e-mails
    (acknowledgement, office notice) show the name and the question escaped."""
    cases, since = Case.objects.count(), last_email_pk()
    data = valid_data(valid_client.get("/en/contact/").text, name=name, text=text)
    response = valid_client.post_committed("/en/contact/", data)
    assert response.redirect_chain and response.status_code == 200, response.text[:3000]
    assert Case.objects.count() == cases + 1, "the valid question opened no case"
    raw = [text.split(" ")[0], name]
    assert_escaped(response.text, raw, "the thanks page")
    assert_emails_escaped(raw, since)
    staff = Client()
    staff.force_login(StaffUserFactory())
    case = Case.objects.latest("pk")
    page = staff.get(f"/en/staff/cases/{case.pk}/")
    assert page.status_code == 200
    assert_escaped(page.text, raw, "the staff case page")


@VALID
@given(name=HOSTILE_NAME, text=HOSTILE)
def test_valid_registration_with_hostile_text_is_escaped_everywhere(valid_client, name, text):
    """A valid registration is stored; the next page and its e-mail show the text escaped."""
    workshop = WorkshopFactory(capacity=1000)
    path = f"/en/workshops/{workshop.slug}/register/"
    since = last_email_pk()
    data = valid_data(valid_client.get(path).text, name=name, text=text)
    response = valid_client.post_committed(path, data)
    assert response.redirect_chain and response.status_code == 200, response.text[:3000]
    registration = workshop.registrations.get()
    # Posted text is stored NFC-normalised (returnportal.middleware).
    assert (registration.name, registration.needs) == (
        name,
        unicodedata.normalize("NFC", text).strip(),
    )
    raw = [text.split(" ")[0], name]
    assert_escaped(response.text, raw, "the page after registering")
    assert_emails_escaped(raw, since)


@VALID
@given(name=HOSTILE_NAME, text=HOSTILE)
def test_valid_survey_with_hostile_text_is_stored_and_escaped(valid_client, name, text):
    """A whole survey with hostile free answers is stored; every page after it is escaped."""
    survey = returnee_survey_load()
    responses = Response.objects.count()
    start(valid_client, survey, "en")
    free = {"education_field", "expectations"}
    for number, page in enumerate(PAGES, start=1):
        answers = {k: (text if k in free else v) for k, v in page.items()}
        response = valid_client.post(step_url(survey, number, "en"), {**answers, "next": "1"})
        assert response.status_code == 302, response.text[:3000]
    consent = step_url(survey, len(PAGES) + 1, "en")
    response = valid_client.post_committed(consent, {"name": name, "next": "1"})
    assert response.status_code == 200
    assert Response.objects.count() == responses + 1, "the valid survey stored no response"
    assert_escaped(response.text, [text.split(" ")[0], name], "the page after the survey")
