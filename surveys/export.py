"""CSV export of responses (streamed, one row per response) and its codebook."""

import csv
from collections.abc import Iterator

from django.db.models import Prefetch, QuerySet
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


def _row(response: Response, questions: list[Question], option_codes: dict[int, str]) -> list:
    given: dict[int, list[Answer]] = {}
    for answer in response.answers.all():
        given.setdefault(answer.question_id, []).append(answer)
    row = [
        response.pk,
        timezone.localtime(response.submitted_at).isoformat(timespec="seconds"),
        response.language,
        response.country_of_stay.code if response.country_of_stay else "",
    ]
    T = Question.Type
    for question in questions:
        answers = given.get(question.pk, [])
        other = next((a.text for a in answers if a.option_id is None), "")
        if question.type == T.MULTIPLE:
            chosen = {option_codes[a.option_id] for a in answers if a.option_id}
            # 1 chosen, 0 not chosen, empty when the question was not answered at all.
            row += [
                ("1" if o.code in chosen else "0") if answers else ""
                for o in question.options.all()
            ]
        elif question.type == T.SINGLE:
            option = next((a for a in answers if a.option_id), None)
            row.append(option_codes[option.option_id] if option else ("other" if other else ""))
        elif answers and question.type in Question.NUMBER_TYPES:
            row.append(answers[0].number)
        elif answers and question.type == T.MONTH_YEAR:
            row.append(answers[0].month_year.strftime("%Y-%m"))
        else:
            row.append(answers[0].text if answers else "")
        if question.allow_other:
            row.append(other)
    return row


def export_lines(*, questions: list[Question], responses: QuerySet[Response]) -> Iterator[str]:
    """CSV lines, header first; responses are read in chunks, never all at once."""
    writer = csv.writer(_Echo())
    option_codes = {o.pk: o.code for q in questions for o in q.options.all()}
    yield BOM + writer.writerow(export_header(questions))
    rows = (
        responses.order_by("pk")
        .only("pk", "submitted_at", "language", "country_of_stay")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.only(
                    "response_id", "question_id", "option_id", "text", "number", "month_year"
                ),
            )
        )
    )
    for response in rows.iterator(chunk_size=CHUNK_SIZE):
        yield writer.writerow(_row(response, questions, option_codes))


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
