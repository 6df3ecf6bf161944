"""Survey stuffing: start and submit limited per address, a burst flagged on the results."""

import pytest
from django.test import Client
from django.urls import reverse

from surveys.models import Response
from tests.surveys.answering import fill_all, start, step_url

pytestmark = pytest.mark.django_db


def submit_once(client, survey):
    fill_all(client, survey)
    return client.post(step_url(survey, 7), {"next": "1"})


def test_starting_is_limited_per_address(settings, returnee_survey):
    settings.SURVEY_START_RATE = "2/h"
    one = Client(REMOTE_ADDR="192.0.2.1")
    start(one, returnee_survey)
    start(one, returnee_survey)
    url = reverse("surveys:detail", kwargs={"slug": returnee_survey.slug})
    assert one.post(url).status_code == 429
    start(Client(REMOTE_ADDR="192.0.2.2"), returnee_survey)


def test_submitting_is_limited_per_address(settings, returnee_survey):
    """The probe's 30 submissions in 10 s: past SURVEY_SUBMIT_RATE the answer is 429 and
    nothing is stored."""
    settings.SURVEY_SUBMIT_RATE = "3/h"
    one = Client(REMOTE_ADDR="192.0.2.1")
    answers = [submit_once(one, returnee_survey).status_code for _ in range(4)]
    assert answers == [302, 302, 302, 429]
    assert Response.objects.count() == 3
    assert submit_once(Client(REMOTE_ADDR="192.0.2.2"), returnee_survey).status_code == 302


def test_a_burst_is_flagged_on_the_staff_results_without_the_address(
    settings, returnee_survey, client, staff_user
):
    """Four submissions from one connection within the window (SURVEY_BURST_RATE 2): the
    third and fourth are flagged; a response from elsewhere is not. The response rows keep
    only the flag."""
    settings.SURVEY_BURST_RATE = "2/10m"
    stuffer = Client(REMOTE_ADDR="192.0.2.66")
    for _ in range(4):
        assert submit_once(stuffer, returnee_survey).status_code == 302
    assert submit_once(Client(REMOTE_ADDR="192.0.2.7"), returnee_survey).status_code == 302
    assert list(Response.objects.order_by("pk").values_list("in_burst", flat=True)) == [
        False,
        False,
        True,
        True,
        False,
    ]
    for row in Response.objects.values():
        assert not any("192.0.2" in str(value) for value in row.values())
    client.force_login(staff_user)
    page = client.get(
        reverse("surveys:results", kwargs={"slug": returnee_survey.slug}) + "?lang=en"
    )
    assert page.context["in_burst"] == 2
    assert 'data-testid="burst-flag"' in page.text


def test_no_flag_without_a_burst(returnee_survey, client, staff_user):
    submit_once(Client(REMOTE_ADDR="192.0.2.7"), returnee_survey)
    client.force_login(staff_user)
    page = client.get(reverse("surveys:results", kwargs={"slug": returnee_survey.slug}))
    assert page.context["in_burst"] == 0
    assert "burst-flag" not in page.text
