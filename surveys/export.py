"""Export of responses (one row per response) and its codebook, as CSV or .xlsx.

The answers stay codes (an option's code, 1/0 for each option of a multiple choice): the
codebook gives each code's label in both languages, and analysis scripts rely on the codes.
"""

from collections import defaultdict
from collections.abc import Iterator

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpResponse

from returnportal.csv_export import (
    CHUNK_SIZE,
    Month,
    export_response,
    in_local_zone,
    merge_children,
)
from surveys.answers import other_name
from surveys.models import Answer, Question, Response


def base_columns() -> list[str]:
    return ["response_id", in_local_zone("submitted_at"), "language", "country_of_stay"]


def option_column(question: Question, option_code: str) -> str:
    return f"{question.code}__{option_code}"


def export_header(questions: list[Question]) -> list[str]:
    header = base_columns()
    for question in questions:
        if question.type == Question.Type.MULTIPLE:
            header += [option_column(question, o.code) for o in question.options.all()]
        else:
            header.append(question.code)
        if question.allow_other:
            header.append(other_name(question.code))
    return header


def _row(
    response: tuple,
    given: dict[int, list[tuple]],
    questions: list[Question],
    option_codes: dict[int, str],
) -> list:
    pk, submitted_at, language, country = response
    row = [pk, submitted_at, language, country]
    T = Question.Type
    for question in questions:
        # Each answer is (option_id, text, number, month_year).
        answers = given.get(question.pk, [])
        other = next((a[1] for a in answers if a[0] is None), "")
        if question.type == T.MULTIPLE:
            chosen = {option_codes[a[0]] for a in answers if a[0]}
            # 1 chosen, 0 not chosen, empty when the question was not answered at all.
            row += [
                ("1" if o.code in chosen else "0") if answers else ""
                for o in question.options.all()
            ]
        elif question.type == T.SINGLE:
            option_id = next((a[0] for a in answers if a[0]), None)
            row.append(option_codes[option_id] if option_id else ("other" if other else ""))
        elif answers and question.type in Question.NUMBER_TYPES:
            row.append(answers[0][2])
        elif answers and question.type == T.MONTH_YEAR:
            row.append(Month.of(answers[0][3]))
        else:
            row.append(answers[0][1] if answers else "")
        if question.allow_other:
            row.append(other)
    return row


def responses_export(
    *, name: str, questions: list[Question], responses: QuerySet[Response], file_format: str
) -> HttpResponse:
    """The responses and their answers read side by side, two queries, as a download.

    Plain tuples rather than model instances: building ~20 answer objects per response made
    the export of 50,000 responses take minutes.
    """
    option_codes = {o.pk: o.code for q in questions for o in q.options.all()}
    rows = (
        responses.order_by("pk")
        .values_list("pk", "submitted_at", "language", "country_of_stay")
        .iterator(chunk_size=CHUNK_SIZE)
    )
    answers = (
        Answer.objects.filter(response__in=responses.values("pk"))
        .order_by("response_id", "pk")
        .values_list("response_id", "question_id", "option_id", "text", "number", "month_year")
        .iterator(chunk_size=CHUNK_SIZE)
    )

    def lines():
        for response, its_answers in merge_children(rows, answers):
            given: dict[int, list[tuple]] = defaultdict(list)
            for question_id, *value in its_answers:
                given[question_id].append(tuple(value))
            yield _row(response, given, questions, option_codes)

    return export_response(export_header(questions), lines(), name=name, file_format=file_format)


CODEBOOK_HEADER = [
    "column",
    "question",
    "section",
    "type",
    "text_pl",
    "text_en",
    "value",
    "label_pl",
    "label_en",
]


def codebook_export(*, name: str, questions: list[Question], file_format: str) -> HttpResponse:
    """One line per export column (and per value of a single choice), for R, SPSS and the like."""
    return export_response(
        CODEBOOK_HEADER, _codebook_rows(questions), name=name, file_format=file_format
    )


def _codebook_rows(questions: list[Question]) -> Iterator[list]:
    base = [
        ("response_id", "Numer odpowiedzi", "Response number"),
        (
            in_local_zone("submitted_at"),
            f"Data i godzina wysłania (czas {settings.TIME_ZONE})",
            f"Date and time submitted ({settings.TIME_ZONE} time)",
        ),
        ("language", "Język ankiety (pl, en)", "Language of the survey (pl, en)"),
        ("country_of_stay", "Kraj pobytu (kod ISO 3166)", "Country of stay (ISO 3166 code)"),
    ]
    for column, text_pl, text_en in base:
        yield [column, "", "", "", text_pl, text_en, "", "", ""]
    T = Question.Type
    for question in questions:
        common = [
            question.code,
            question.section.order,
            question.type,
            question.text_pl,
            question.text_en,
        ]
        if question.type == T.MULTIPLE:
            for o in question.options.all():
                yield [option_column(question, o.code), *common, "1/0", o.text_pl, o.text_en]
        elif question.type == T.SINGLE:
            for o in question.options.all():
                yield [question.code, *common, o.code, o.text_pl, o.text_en]
            if question.allow_other:
                yield [question.code, *common, "other", "Inne", "Other"]
        else:
            value = {
                T.INTEGER: "integer",
                T.SCALE: "1-5",
                T.MONTH_YEAR: "YYYY-MM",
                T.COUNTRY: "ISO 3166 code",
            }.get(question.type, "text")
            yield [question.code, *common, value, "", ""]
        if question.allow_other:
            yield [other_name(question.code), *common, "text", "Inne: jakie", "Other: what"]
