"""Seeded benchmark data: people, cases and contacts, workshops, survey responses, news.

`grow(SMALL)` builds the small set; `grow(LARGE, start=SMALL)` adds what is missing for the
large one, so that both sizes are measured in one run on one database. Everything is made with
bulk inserts (COPY on PostgreSQL for the million survey answers); the same seed gives the same
rows. History tables and e-mail are left alone on purpose: the pages read neither.
"""

import csv
import io
import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection
from django.utils import timezone

from contacts.models import Case, CaseTopic, County, Person, Topic
from returnportal.news.models import Article
from surveys.models import Answer, Question, Response, Survey
from surveys.returnee import returnee_survey_load
from tests.perf.test_contacts_scale import grow as grow_contacts
from workshops.models import Audience, Registration, Workshop, WorkshopTopic

SEED = 20261124
BATCH = 5000


@dataclass(frozen=True)
class Size:
    name: str
    people: int  # each with one case and CONTACTS_PER_PERSON contacts
    workshops: int
    registrations: int
    responses: int
    articles: int

    def scaled(self, factor: float) -> "Size":
        """This size times `factor` (for a quick trial run); never below SMALL."""
        if factor == 1:
            return self
        return Size(
            self.name,
            **{
                field: max(round(getattr(self, field) * factor), getattr(SMALL, field))
                for field in ("people", "workshops", "registrations", "responses", "articles")
            },
        )


CONTACTS_PER_PERSON = 5
SMALL = Size("small", people=100, workshops=15, registrations=1000, responses=250, articles=25)
LARGE = Size(
    "large", people=20_000, workshops=300, registrations=20_000, responses=50_000, articles=500
)
EMPTY = Size("empty", people=0, workshops=0, registrations=0, responses=0, articles=0)
COUNTRIES = ["GB", "DE", "NL", "IE", "NO", "FR", "BE", "IT", "US", "SE", "AT", "ES"]


def grow(size: Size, *, start: Size = EMPTY, staff) -> None:
    """Add the rows numbered from `start` up to `size` (a no-op for what exists)."""
    rng = random.Random(f"{SEED}-{size.name}")
    grow_contacts(
        people=size.people - start.people,
        contacts_per_person=CONTACTS_PER_PERSON,
        start=start.people,
        staff=staff,
    )
    _counties(start.people, rng)
    _workshops(start.workshops, size.workshops, rng)
    _registrations(start.registrations, size.registrations, size.workshops, rng)
    _responses(start.responses, size.responses, rng)
    _articles(start.articles, size.articles, staff)


def _counties(start: int, rng: random.Random) -> None:
    """Spread the new people (and so the reports) over the counties and kinds."""
    pks = list(Person.objects.filter(pk__gt=_max_pk(Person, start)).values_list("pk", flat=True))
    counties, kinds = County.values, Person.Kind.values
    for i, county in enumerate(counties):
        Person.objects.filter(pk__in=pks[i :: len(counties)]).update(
            home_county=county, kind=kinds[i % len(kinds)]
        )


def _max_pk(model, count: int) -> int:
    """The pk of the `count`-th row (0 when none): rows made earlier have smaller keys."""
    if not count:
        return 0
    return model.objects.order_by("pk").values_list("pk", flat=True)[count - 1]


def workshop_slug(i: int) -> str:
    return f"warsztat-{i:04d}"


def _workshops(start: int, stop: int, rng: random.Random) -> None:
    now = timezone.now()
    topics, audiences = WorkshopTopic.values, Audience.values
    workshops = []
    for i in range(start, stop):
        # A third in the past (the archive), the rest over the next year.
        starts = now + timedelta(days=(i % 3 - 1) * 40 + i % 200, hours=9)
        workshops.append(
            Workshop(
                title=f"Warsztat {i}: {topics[i % len(topics)]}",
                slug=workshop_slug(i),
                audience=audiences[i % len(audiences)],
                topic=topics[i % len(topics)],
                description="Praktyczne spotkanie dla osób powracających. " * 8,
                language="pl",
                starts_at=starts,
                ends_at=starts + timedelta(hours=3),
                venue="Kielce, ul. Sienkiewicza 1",
                capacity=60 + i % 3 * 20,
                status=Workshop.Status.PUBLISHED,
                organiser_name="Punkt Pierwszego Kontaktu",
                organiser_email="warsztaty@re-turn.example",
                published_at=now - timedelta(days=60),
            )
        )
    Workshop.objects.bulk_create(workshops, batch_size=BATCH)


def _registrations(start: int, stop: int, workshops: int, rng: random.Random) -> None:
    """Registrations dealt round robin: each workshop gets about the same number."""
    ids = list(Workshop.objects.order_by("pk").values_list("pk", "capacity")[:workshops])
    now = timezone.now()
    rows = []
    for i in range(start, stop):
        workshop_id, capacity = ids[i % len(ids)]
        rank = i // len(ids)
        cancelled = rng.random() < 0.05
        status = (
            Registration.Status.CANCELLED
            if cancelled
            else Registration.Status.CONFIRMED
            if rank < capacity
            else Registration.Status.WAITING
        )
        rows.append(
            Registration(
                workshop_id=workshop_id,
                name=f"Uczestnik {i}",
                email=f"uczestnik{i}@example.com",
                participant_type=Registration.ParticipantType.MIGRANT,
                country=COUNTRIES[i % len(COUNTRIES)],
                language="pl",
                status=status,
                token=f"bench-{SEED}-{i}",
                consent_notice_version="2026-11-01",
                created_at=now - timedelta(minutes=stop - i),
                cancelled_at=now if cancelled else None,
            )
        )
    Registration.objects.bulk_create(rows, batch_size=BATCH)


def _answer(question: Question, options: list, rng: random.Random) -> list[dict]:
    """Plausible answers to one question (one dict per Answer row; none when skipped)."""
    T = Question.Type
    if not question.required and rng.random() < 0.2:
        return []
    if question.type == T.SINGLE:
        return [{"option_id": rng.choice(options)}]
    if question.type == T.MULTIPLE:
        return [{"option_id": pk} for pk in rng.sample(options, k=min(len(options), 2))]
    if question.type == T.INTEGER:
        low = max(question.min_value or 0, 6 if question.code == "months_away" else 0)
        high = min(question.max_value or 100, low + 120)
        return [{"number": rng.randint(low, high)}]
    if question.type == T.SCALE:
        return [{"number": rng.randint(1, 5)}]
    if question.type == T.MONTH_YEAR:
        return [{"month_year": date(rng.randint(2015, 2026), rng.randint(1, 12), 1)}]
    if question.type == T.COUNTRY:
        return [{"text": rng.choice(COUNTRIES)}]
    return [{"text": rng.choice(["Praca", "Rodzina", "Dom", "Powrót do bliskich", ""])}]


def _responses(start: int, stop: int, rng: random.Random) -> None:
    if start >= stop:
        return
    survey = returnee_survey_load()
    questions = list(survey.questions())
    options = {q.pk: [o.pk for o in q.options.all()] for q in questions}
    now = timezone.now()
    responses = Response.objects.bulk_create(
        (
            Response(
                survey=survey,
                language="pl" if i % 4 else "en",
                submitted_at=now - timedelta(minutes=7 * i),
                country_of_stay=COUNTRIES[i % len(COUNTRIES)],
                submission_token=f"bench-{SEED}-{i}",
            )
            for i in range(start, stop)
        ),
        batch_size=BATCH,
    )
    columns = ["response_id", "question_id", "option_id", "text", "number", "month_year"]
    rows = (
        {"response_id": response.pk, "question_id": question.pk, **answer}
        for response in responses
        for question in questions
        for answer in _answer(question, options[question.pk], rng)
    )
    bulk_insert(Answer, columns, rows)


def bulk_insert(model, columns: list[str], rows) -> None:
    """COPY on PostgreSQL (a million rows in seconds), bulk_create elsewhere."""
    defaults = {"option_id": None, "text": "", "number": None, "month_year": None}
    if connection.vendor != "postgresql":
        model.objects.bulk_create((model(**{**defaults, **row}) for row in rows), batch_size=BATCH)
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        row = {**defaults, **row}
        writer.writerow([r"\N" if row[c] is None else row[c] for c in columns])
    buffer.seek(0)
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')",
            buffer,
        )


def _articles(start: int, stop: int, staff) -> None:
    now = timezone.now()
    Article.objects.bulk_create(
        (
            Article(
                title=f"Aktualność {i}: nabór wniosków o dotacje",
                slug=f"aktualnosc-{i:04d}",
                lead="Krótko o tym, co zmienia się dla osób wracających do regionu.",
                body="## Co nowego\n\nWojewódzki Urząd Pracy ogłasza **nabór**.\n\n" * 6,
                language="pl" if i % 5 else "en",
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(hours=i),
                author=staff,
            )
            for i in range(start, stop)
        ),
        batch_size=BATCH,
    )


def grow_cases_for_export(total: int) -> None:
    """Top cases up to `total` (anonymous callers: a case without a person) for the CSV test."""
    missing = total - Case.objects.count()
    if missing <= 0:
        return
    now = timezone.now()
    cases = Case.objects.bulk_create(
        (Case(created_at=now - timedelta(minutes=i)) for i in range(missing)), batch_size=BATCH
    )
    CaseTopic.objects.bulk_create(
        (CaseTopic(case=case, topic=Topic.OTHER) for case in cases), batch_size=BATCH
    )


def grow_responses_for_export(total: int) -> None:
    """Top survey responses up to `total` for the CSV memory test."""
    have = Response.objects.filter(survey__slug="returnees").count()
    _responses(have, total, random.Random(f"{SEED}-export"))


def returnee_survey() -> Survey:
    return Survey.objects.get(slug="returnees")
