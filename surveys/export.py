"""CSV export of responses (streamed, one row per response) and its codebook."""

import csv
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice

from django.db.models import QuerySet
from django.utils import timezone

from surveys.forms import other_name
from surveys.models import Answer, Question, Response

# Spreadsheet programs read UTF-8 (and so Polish letters) only with a byte-order mark.
BOM = "\ufeff"
CHUNK_SIZE = 2000
BASE_COLUMNS = ["response_id", "submitted_at", "language", "country_of_stay"]


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


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


def _batches(iterable: Iterable, size: int) -> Iterator[list]:
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def export_lines(*, questions: list[Question], responses: QuerySet[Response]) -> Iterator[str]:
    """CSV lines, header first; responses are read in chunks, never all at once.

    Plain tuples rather than model instances: building ~20 answer objects per response made
    the export of 50,000 responses take minutes.
    """
    writer = csv.writer(_Echo())
    option_codes = {o.pk: o.code for q in questions for o in q.options.all()}
    yield BOM + writer.writerow(export_header(questions))
    rows = (
        responses.order_by("pk")
        .values_list("pk", "submitted_at", "language", "country_of_stay")
        .iterator(chunk_size=CHUNK_SIZE)
    )
    for batch in _batches(rows, CHUNK_SIZE):
        given: dict[int, dict[int, list[tuple]]] = defaultdict(lambda: defaultdict(list))
        answers = Answer.objects.filter(response_id__in=[r[0] for r in batch]).values_list(
            "response_id", "question_id", "option_id", "text", "number", "month_year"
        )
        for response_id, question_id, *value in answers.order_by("pk"):
            given[response_id][question_id].append(tuple(value))
        for response in batch:
            yield writer.writerow(_row(response, given[response[0]], questions, option_codes))


def codebook_lines(*, questions: list[Question]) -> Iterator[str]:
    """One line per export column (and per value of a single choice), for R, SPSS and the like."""
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow(
        [
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
    )
    base = [
        ("response_id", "Numer odpowiedzi", "Response number"),
        ("submitted_at", "Data i godzina wysłania", "Date and time submitted"),
        ("language", "Język ankiety (pl, en)", "Language of the survey (pl, en)"),
        ("country_of_stay", "Kraj pobytu (kod ISO 3166)", "Country of stay (ISO 3166 code)"),
    ]
    for column, text_pl, text_en in base:
        yield writer.writerow([column, "", "", "", text_pl, text_en, "", "", ""])
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
                yield writer.writerow(
                    [option_column(question, o.code), *common, "1/0", o.text_pl, o.text_en]
                )
        elif question.type == T.SINGLE:
            for o in question.options.all():
                yield writer.writerow([question.code, *common, o.code, o.text_pl, o.text_en])
            if question.allow_other:
                yield writer.writerow([question.code, *common, "other", "Inne", "Other"])
        else:
            value = {
                T.INTEGER: "integer",
                T.SCALE: "1-5",
                T.MONTH_YEAR: "YYYY-MM",
                T.COUNTRY: "ISO 3166 code",
            }.get(question.type, "text")
            yield writer.writerow([question.code, *common, value, "", ""])
        if question.allow_other:
            yield writer.writerow(
                [other_name(question.code), *common, "text", "Inne: jakie", "Other: what"]
            )
