"""Demo content: the returnee survey and a few dozen invented responses for the results page."""

import random
from datetime import timedelta

from django.utils import timezone

from surveys.models import Draft, Response
from surveys.returnee import returnee_survey_load
from surveys.services import response_submit

DEMO_RESPONSES = 40


def load() -> None:
    survey = returnee_survey_load()
    if Response.objects.filter(survey=survey).exists():
        return
    rng = random.Random(2026)
    questions = {q.code: q for q in survey.questions()}
    now = timezone.now()
    for i in range(DEMO_RESPONSES):
        data = _invented_answers(rng, questions)
        draft = Draft.objects.create(survey=survey, data=data)
        response = response_submit(draft=draft, language=rng.choice(["pl", "pl", "en"]))
        Response.objects.filter(pk=response.pk).update(
            submitted_at=now - timedelta(days=rng.randint(0, 90), minutes=i)
        )


def _pick(rng: random.Random, question, k: int | None = None):
    codes = [o.code for o in question.options.all()]
    return rng.sample(codes, k) if k else rng.choice(codes)


def _invented_answers(rng: random.Random, q: dict) -> dict:
    left = rng.randint(2005, 2023)
    data = {
        "months_away": rng.choice([7, 9, 12, 18, 24, 36, 48, 60, 84, 120]),
        "country_last": rng.choice(["GB", "DE", "DE", "NL", "IE", "NO", "BE", "IT", "FR", "SE"]),
        "year_left": left,
        "education_level": _pick(rng, q["education_level"]),
        "education_field": rng.choice(
            ["", "mechanik", "ekonomia", "pielęgniarstwo", "informatyka"]
        ),
        "education_abroad": rng.choice(["yes", "no", "no"]),
        "worked_abroad": rng.choice(["yes", "yes", "yes", "no"]),
        "languages": _pick(rng, q["languages"], rng.randint(1, 2)),
        "plans_status": _pick(rng, q["plans_status"]),
        "support_needed": _pick(rng, q["support_needed"], rng.randint(1, 3)),
        "expectations": rng.choice(
            [
                "",
                "Więcej ofert pracy dla osób z doświadczeniem zagranicznym.",
                "Pomoc w uznaniu dyplomu i kursy językowe dla dzieci.",
                "Prostsze zakładanie firmy i informacja o dotacjach.",
                "Better public transport between Kielce and the smaller towns.",
            ]
        ),
        "age_band": _pick(rng, q["age_band"]),
    }
    if data["plans_status"] == "back":
        data["year_returned"] = rng.randint(left + 1, 2026)
    if data["plans_status"] == "planning":
        data["plans_when"] = f"{rng.randint(2026, 2028)}-{rng.randint(1, 12):02d}"
        data["plans_where"] = _pick(rng, q["plans_where"])
    if data["worked_abroad"] == "yes":
        data["work_sector"] = _pick(rng, q["work_sector"])
        data["skills_gained"] = _pick(rng, q["skills_gained"], rng.randint(1, 3))
        data["skills_rating"] = rng.randint(2, 5)
    return {k: v for k, v in data.items() if v not in ("", None)}
