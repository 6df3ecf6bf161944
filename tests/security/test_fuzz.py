"""Public forms under random input: always a clear page or a success, never a 500 or raw HTML."""

from html.parser import HTMLParser

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from returnportal.mail.models import OutgoingEmail
from surveys.returnee import returnee_survey_load
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
