from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError
from django.utils import timezone, translation

from surveys import demo
from surveys.models import Draft, Question, Response, Survey
from surveys.tasks import survey_drafts_purge
from tests.surveys.factories import OptionFactory, QuestionFactory, ResponseFactory, SurveyFactory

T = Question.Type


def test_localized_text_follows_the_active_language(returnee_survey):
    """Texts come in the active language, Polish when the English one is empty."""
    with translation.override("en"):
        assert returnee_survey.title == "Survey for people coming back from abroad"
        returnee_survey.title_en = ""
        assert returnee_survey.title == "Ankieta dla osób powracających z zagranicy"
    with translation.override("pl"):
        assert returnee_survey.sections.first().title == "Pobyt poza regionem"


def test_open_and_current(db):
    """Only open surveys within their dates are open; the current is the latest opened."""
    now = timezone.now()
    older = SurveyFactory(opens_at=now - timezone.timedelta(days=10))
    newer = SurveyFactory(opens_at=now - timezone.timedelta(days=1))
    SurveyFactory(status=Survey.Status.DRAFT)
    SurveyFactory(
        closes_at=now - timezone.timedelta(hours=1), opens_at=now - timezone.timedelta(days=3)
    )
    SurveyFactory(opens_at=now + timezone.timedelta(days=1))
    assert set(Survey.objects.open()) == {older, newer}
    assert Survey.objects.current() == newer


def test_condition_must_point_at_an_earlier_choice_option(db):
    """A condition's answer must belong to the chosen question, which must come earlier."""
    controller = QuestionFactory(type=T.SINGLE, order=1)
    foreign = OptionFactory()
    question = QuestionFactory(
        section=controller.section,
        order=2,
        show_if_question=controller,
        show_if_option=foreign,
    )
    with pytest.raises(ValidationError) as error:
        question.full_clean()
    assert "show_if_option" in error.value.message_dict


def test_condition_is_one_level_deep(db):
    """A question that is itself conditional cannot be a condition."""
    first = QuestionFactory(type=T.SINGLE, order=1)
    yes = OptionFactory(question=first)
    second = QuestionFactory(
        section=first.section, type=T.SINGLE, order=2, show_if_question=first, show_if_option=yes
    )
    second_yes = OptionFactory(question=second)
    third = QuestionFactory(
        section=first.section, order=3, show_if_question=second, show_if_option=second_yes
    )
    with pytest.raises(ValidationError) as error:
        third.full_clean()
    assert "show_if_question" in error.value.message_dict


def test_question_codes_are_unique_within_a_survey(db):
    """Two questions of a survey may not share an export code."""
    first = QuestionFactory(code="age")
    other_section = first.section.survey.sections.create(order=9, title_pl="Inna")
    clash = QuestionFactory.build(section=other_section, code="age", type=T.SHORT_TEXT)
    with pytest.raises(ValidationError) as error:
        clash.full_clean()
    assert "code" in error.value.message_dict


def test_other_only_on_choice_questions(db):
    """Only choice questions may offer "other"."""
    question = QuestionFactory.build(
        section=QuestionFactory().section, code="txt", type=T.SHORT_TEXT, allow_other=True
    )
    with pytest.raises(ValidationError) as error:
        question.full_clean()
    assert "allow_other" in error.value.message_dict


def test_screening_question_must_be_a_number(returnee_survey):
    """The screening question must be a whole-number question of the survey."""
    returnee_survey.screening_question = returnee_survey.questions().get(code="education_level")
    with pytest.raises(ValidationError) as error:
        returnee_survey.full_clean()
    assert "screening_question" in error.value.message_dict


def test_contact_details_need_consent_in_the_database(db):
    """The database refuses contact details without consent."""
    with pytest.raises(IntegrityError):
        ResponseFactory(contact_email="anna@example.org")


def test_submission_token_is_unique(db):
    """Two responses cannot share a submission token."""
    ResponseFactory(submission_token="same")
    with pytest.raises(IntegrityError):
        ResponseFactory(submission_token="same")


@pytest.mark.parametrize(
    ("status", "opens", "closes"),
    [
        ("open", None, None),
        ("open", -1, 1),
        ("open", 1, None),
        ("open", None, -1),
        ("open", -2, 0),
        ("closed", None, None),
        ("draft", -1, 1),
    ],
)
def test_is_open_agrees_with_the_open_queryset(db, status, opens, closes):
    """The page's check without a query says the same as Survey.objects.open()."""
    now = timezone.now()
    hour = timedelta(hours=1)
    survey = SurveyFactory(
        status=status,
        opens_at=None if opens is None else now + opens * hour,
        closes_at=None if closes is None else now + closes * hour,
    )
    in_queryset = Survey.objects.open().filter(pk=survey.pk).exists()
    assert survey.is_open() == in_queryset
    assert in_queryset == (status == "open" and opens in (None, -1, -2) and closes in (None, 1))


def test_load_command_is_idempotent(db):
    """The management command creates the returnee survey and changes nothing the second time."""
    call_command("surveys_load_returnee")
    call_command("surveys_load_returnee")
    survey = Survey.objects.get(slug="returnees")
    assert survey.is_open()
    assert survey.questions().count() == 22
    assert survey.sections.count() == 6


def test_demo_load_is_idempotent(db):
    """Demo content loads the survey and invented responses once."""
    demo.load()
    count = Response.objects.count()
    demo.load()
    assert count == demo.DEMO_RESPONSES
    assert Response.objects.count() == count
    assert not Draft.objects.exists()


def test_purge_task_deletes_expired_drafts(returnee_survey):
    """The periodic task removes expired drafts."""
    Draft.objects.create(survey=returnee_survey, expires_at=timezone.now())
    assert survey_drafts_purge.apply().get() == 1
    assert not Draft.objects.exists()
