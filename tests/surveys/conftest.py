import pytest

from surveys.models import Question
from surveys.returnee import returnee_survey_load
from tests.surveys.factories import OptionFactory, QuestionFactory, SectionFactory, SurveyFactory

T = Question.Type


@pytest.fixture
def returnee_survey(db):
    return returnee_survey_load()


@pytest.fixture
def every_type_survey(db):
    """A survey with one question of each type in one section, and a second section."""
    survey = SurveyFactory(slug="every-type")
    first = SectionFactory(survey=survey, order=1)
    single = QuestionFactory(section=first, code="single", type=T.SINGLE, allow_other=True)
    OptionFactory(question=single, code="a", order=1)
    OptionFactory(question=single, code="b", order=2)
    multiple = QuestionFactory(section=first, code="multiple", type=T.MULTIPLE, allow_other=True)
    OptionFactory(question=multiple, code="x", order=1)
    OptionFactory(question=multiple, code="y", order=2)
    OptionFactory(question=multiple, code="z", order=3)
    QuestionFactory(section=first, code="short", type=T.SHORT_TEXT)
    QuestionFactory(section=first, code="long", type=T.LONG_TEXT)
    QuestionFactory(section=first, code="number", type=T.INTEGER, min_value=0, max_value=100)
    QuestionFactory(section=first, code="when", type=T.MONTH_YEAR)
    QuestionFactory(section=first, code="country", type=T.COUNTRY)
    QuestionFactory(section=first, code="scale", type=T.SCALE)
    second = SectionFactory(survey=survey, order=2)
    QuestionFactory(
        section=second,
        code="why_a",
        type=T.SHORT_TEXT,
        required=True,
        show_if_question=single,
        show_if_option=single.options.get(code="a"),
    )
    survey.country_question = survey.questions().get(code="country")
    survey.save()
    return survey
