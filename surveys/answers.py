"""The answers given so far as plain data, as a draft keeps them, and the rules that read them.

The data is keyed by question code; a question that allows "other" keeps the typed text under
`other_name(code)` and the choice `OTHER`. The forms write this data, the services store it:
neither needs the other to know its shape.
"""

from surveys.models import Question, Survey

OTHER = "__other__"


def other_name(code: str) -> str:
    """The form field (and draft key) holding the "other, please say" text of a question."""
    return f"{code}__other"


def is_empty(value) -> bool:
    return value in (None, "", [], ())


def answers_merged(data: dict, questions: list[Question], answers: dict) -> dict:
    """`data` with the answers to `questions` replaced by `answers` (hidden ones dropped)."""
    data = dict(data)
    for question in questions:
        data.pop(question.code, None)
        data.pop(other_name(question.code), None)
    data.update(answers)
    return data


def first_incomplete_question(*, questions: list[Question], data: dict) -> Question | None:
    """The first required, shown question without an answer (a skipped page), or None."""
    for question in questions:
        if question.required and question.condition_met(data) and is_empty(data.get(question.code)):
            return question
    return None


def screening_passed(*, survey: Survey, data: dict) -> bool:
    """False when the screening answer is known and below the survey's threshold."""
    question = survey.screening_question
    if question is None or survey.screening_threshold is None:
        return True
    value = data.get(question.code)
    return value is None or int(value) >= survey.screening_threshold
