"""Answering the returnee survey through the views, as the browser does."""

from django.urls import reverse
from django.utils import translation

from surveys.models import Draft

# One valid answer set per page of the returnee survey; step 7 is the consent step.
PAGES = [
    {"months_away": "24", "country_last": "DE", "year_left": "2015"},
    {"education_level": "master", "education_field": "Mechatronika"},
    {
        "worked_abroad": "yes",
        "work_sector": "construction",
        "skills_gained": ["trade", "certificates"],
        "skills_rating": "4",
        "languages": ["german"],
    },
    {
        "plans_status": "planning",
        "plans_when_0": "6",
        "plans_when_1": "2027",
        "plans_where": "region",
    },
    {"support_needed": ["job", "business"], "expectations": "Więcej ofert pracy."},
    {"age_band": "35_44"},
]


def step_url(survey, step, language="pl") -> str:
    with translation.override(language):
        return reverse("surveys:step", kwargs={"slug": survey.slug, "step": step})


def start(client, survey, language="pl") -> Draft:
    """Start the survey in this client's session; returns the new draft."""
    with translation.override(language):
        url = reverse("surveys:detail", kwargs={"slug": survey.slug})
    response = client.post(url)
    assert response.status_code == 302
    return Draft.objects.latest("pk")


def fill_all(client, survey, language="pl"):
    """Answer every page up to the consent step."""
    start(client, survey, language)
    for number, page in enumerate(PAGES, start=1):
        response = client.post(step_url(survey, number, language), {**page, "next": "1"})
        assert response.status_code == 302, response.content.decode()[:2000]
    return response
