"""CSV export of responses (streamed, one row per response) and its codebook."""

from collections import defaultdict
from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone

from returnportal.csv_export import CHUNK_SIZE, csv_lines, merge_children
from surveys.forms import other_name
from surveys.models import Answer, Question, Response

BASE_COLUMNS = ["response_id", "submitted_at", "language", "country_of_stay"]


def option_column(question: Question, option_code: str) -> str:
    return f"{question.code}__{option_code}"


def export_header(questions: list[Question]) -> list[str]:
    header = list(BASE_COLUMNS)
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
    row = [pk, timezone.localtime(submitted_at).isoformat(timespec="seconds"), language, country]
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
            row.append(answers[0][3].strftime("%Y-%m"))
        else:
            row.append(answers[0][1] if answers else "")
        if question.allow_other:
            row.append(other)
    return row


def export_lines(*, questions: list[Question], responses: QuerySet[Response]) -> Iterator[str]:
    """CSV lines, header first: responses and their answers read side by side, two queries.

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

    return csv_lines(export_header(questions), lines())


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


def codebook_lines(*, questions: list[Question]) -> Iterator[str]:
    """One line per export column (and per value of a single choice), for R, SPSS and the like."""
    return csv_lines(CODEBOOK_HEADER, _codebook_rows(questions))


def _codebook_rows(questions: list[Question]) -> Iterator[list]:
    base = [
        ("response_id", "Numer odpowiedzi", "Response number"),
        ("submitted_at", "Data i godzina wysłania", "Date and time submitted"),
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
