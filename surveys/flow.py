"""The pages of a survey as one flow: its steps, which of them apply, and where answering goes.

A step is one section of questions, then (where the survey asks for it) the consent step. A
section applies when one of its questions is shown given the answers so far; the flow skips
those that do not, and ends early when the screening answer is below the threshold.
"""

from django.urls import reverse
from django.utils.functional import cached_property

from surveys.answers import first_incomplete_question, screening_passed
from surveys.forms import ContactConsentForm, SectionForm, section_form_class
from surveys.models import Question, Section, Survey


class Step:
    """One page of the flow: a section of questions, or the consent step (no section)."""

    def __init__(
        self, flow: "SurveyFlow", number: int, section: Section | None, questions: list[Question]
    ):
        self.flow = flow
        self.number = number
        self.section = section
        self.questions = questions

    def get_absolute_url(self) -> str:
        return self.flow.url(self.number)

    @property
    def is_consent(self) -> bool:
        return self.section is None

    def applies(self, data: dict) -> bool:
        """Whether the page is shown: the consent step always, a section for a shown question."""
        return self.is_consent or any(q.condition_met(data) for q in self.questions)

    @cached_property
    def form_class(self) -> type[SectionForm] | type[ContactConsentForm]:
        if self.is_consent:
            return ContactConsentForm
        return section_form_class(self.section, self.questions)

    def get_form(self, data=None, *, answers: dict) -> SectionForm | ContactConsentForm:
        """The page's form; a section's form reads the answers given on earlier pages."""
        if self.is_consent:
            return self.form_class(data)
        return self.form_class(data, answers=answers)


class SurveyFlow:
    """The steps of one survey, numbered from 1, and the way from one to the next."""

    def __init__(self, survey: Survey):
        self.survey = survey

    def url(self, number: int) -> str:
        """A step's page; needs no query, so starting and resuming load no questions."""
        return reverse("surveys:step", kwargs={"slug": self.survey.slug, "step": number})

    def start_url(self) -> str:
        """Answering begins at the first step; a first page that does not apply moves on."""
        return self.url(1)

    @cached_property
    def questions(self) -> list[Question]:
        return list(self.survey.questions())

    @cached_property
    def steps(self) -> list[Step]:
        sections: dict[Section, list[Question]] = {}
        for question in self.questions:
            sections.setdefault(question.section, []).append(question)
        steps = [
            Step(self, number, section, questions)
            for number, (section, questions) in enumerate(sections.items(), start=1)
        ]
        if self.survey.ask_contact_consent:
            steps.append(Step(self, len(steps) + 1, None, []))
        return steps

    def __len__(self) -> int:
        return len(self.steps)

    def step(self, number: int) -> Step | None:
        """The step of this number, or None where the survey has no such step."""
        if not 1 <= number <= len(self):
            return None
        return self.steps[number - 1]

    def next(self, step: Step, data: dict) -> Step | None:
        """The next step that applies given `data`, or None where `step` is the last."""
        # Steps are numbered from 1, so the steps after number n start at index n.
        return next((s for s in self.steps[step.number :] if s.applies(data)), None)

    def previous(self, step: Step, data: dict) -> Step | None:
        """The nearest earlier step that applies given `data`, or None from the first."""
        earlier = reversed(self.steps[: step.number - 1])
        return next((s for s in earlier if s.applies(data)), None)

    def is_last(self, step: Step, data: dict) -> bool:
        return self.next(step, data) is None

    def is_eligible(self, data: dict) -> bool:
        """Whether answering may go on: the screening answer is not below the threshold."""
        return screening_passed(survey=self.survey, data=data)

    def incomplete(self, data: dict) -> Step | None:
        """The step of the first required question left without an answer, or None."""
        missing = first_incomplete_question(questions=self.questions, data=data)
        if missing is None:
            return None
        return next(s for s in self.steps if s.section == missing.section)
