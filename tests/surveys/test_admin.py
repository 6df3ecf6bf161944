import pytest
from django.urls import reverse

from surveys.models import Draft, Question, Response, Section
from surveys.services import response_submit


@pytest.fixture
def admin_pages(returnee_survey):
    draft = Draft.objects.create(
        survey=returnee_survey,
        data={
            "months_away": 12,
            "country_last": "NL",
            "year_left": 2019,
            "education_level": "master",
            "worked_abroad": "no",
            "plans_status": "back",
        },
    )
    response = response_submit(draft=draft, language="pl")
    question = Question.objects.get(code="work_sector")
    section = Section.objects.get(survey=returnee_survey, order=3)
    return [
        reverse("admin:surveys_survey_changelist"),
        reverse("admin:surveys_survey_add"),
        reverse("admin:surveys_survey_change", args=[returnee_survey.pk]),
        reverse("admin:surveys_section_change", args=[section.pk]),
        reverse("admin:surveys_question_changelist"),
        reverse("admin:surveys_question_change", args=[question.pk]),
        reverse("admin:surveys_response_changelist"),
        reverse("admin:surveys_response_change", args=[response.pk]),
    ]


def test_admin_pages_open(admin_client, admin_pages):
    """The survey, section, question and response admin pages render."""
    statuses = {url: admin_client.get(url).status_code for url in admin_pages}
    assert set(statuses.values()) == {200}


def test_responses_cannot_be_added_in_admin(admin_client, db):
    """Responses come only from respondents, never typed in by staff."""
    assert admin_client.get(reverse("admin:surveys_response_add")).status_code == 403
    assert Response.objects.count() == 0
