from surveys.flow import SurveyFlow
from surveys.forms import ContactConsentForm


def test_returnee_flow_has_six_sections_and_the_consent_step(returnee_survey):
    """The returnee survey's steps are its six sections, then the consent step."""
    flow = SurveyFlow(returnee_survey)
    assert len(flow) == 7
    assert [s.section.order for s in flow.steps[:6]] == [1, 2, 3, 4, 5, 6]
    assert flow.step(7).is_consent
    assert flow.step(7).form_class is ContactConsentForm


def test_a_step_number_outside_the_survey_is_none(returnee_survey):
    """Step 0 and the step after the last are no steps."""
    flow = SurveyFlow(returnee_survey)
    assert flow.step(0) is None
    assert flow.step(8) is None


def test_next_skips_a_section_with_no_shown_question(every_type_survey):
    """A section whose only question is hidden by an earlier answer is skipped, and ends the
    flow."""
    flow = SurveyFlow(every_type_survey)
    first = flow.step(1)
    assert flow.next(first, {"single": "a"}) is flow.step(2)
    assert flow.next(first, {"single": "b"}) is None
    assert flow.is_last(first, {"single": "b"})


def test_previous_skips_a_section_with_no_shown_question(returnee_survey):
    """Back goes to the nearest earlier step that applies; the first step has none."""
    flow = SurveyFlow(returnee_survey)
    assert flow.previous(flow.step(1), {}) is None
    assert flow.previous(flow.step(3), {}) is flow.step(2)


def test_incomplete_names_the_step_of_the_missing_answer(every_type_survey):
    """A required shown question without an answer sends the respondent to its step."""
    flow = SurveyFlow(every_type_survey)
    assert flow.incomplete({"single": "a"}) is flow.step(2)
    assert flow.incomplete({"single": "a", "why_a": "Bo tak"}) is None


def test_screening_below_the_threshold_ends_the_flow(returnee_survey):
    """Fewer months away than the threshold make the respondent not eligible."""
    flow = SurveyFlow(returnee_survey)
    assert flow.is_eligible({"months_away": 6})
    assert not flow.is_eligible({"months_away": 5})


def test_starting_and_resuming_urls_need_no_query(returnee_survey, django_assert_num_queries):
    """The flow gives the first and any step's page without loading the questions."""
    flow = SurveyFlow(returnee_survey)
    with django_assert_num_queries(0):
        assert flow.start_url() == "/survey/returnees/step/1/"
        assert flow.url(3) == "/survey/returnees/step/3/"
