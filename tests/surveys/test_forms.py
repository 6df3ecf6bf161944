import pytest
from crispy_forms.utils import render_crispy_form
from django.utils import translation

from surveys.forms import ContactConsentForm, section_form_class


def make_form(survey, data, section_order=1, answers=None):
    questions = [q for q in survey.questions() if q.section.order == section_order]
    section = questions[0].section
    return section_form_class(section, questions)(data, answers=answers or {})


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("single", "a", "a"),
        ("multiple", ["x", "z"], ["x", "z"]),
        ("short", "Kielce", "Kielce"),
        ("long", "Dłuższy tekst\nw dwóch liniach", "Dłuższy tekst\nw dwóch liniach"),
        ("number", "42", 42),
        ("when", ["5", "2027"], "2027-05"),
        ("country", "DE", "DE"),
        ("scale", "4", 4),
    ],
)
def test_each_type_accepts_a_valid_answer(every_type_survey, field, value, expected):
    """Every question type turns a valid posted answer into its stored form."""
    data = {field: value}
    if field == "when":
        data = {"when_0": value[0], "when_1": value[1]}
    form = make_form(every_type_survey, data)
    assert form.is_valid(), form.errors
    assert form.section_answers()[field] == expected


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"single": "nope"}, "single"),
        ({"multiple": ["x", "nope"]}, "multiple"),
        ({"short": "x" * 256}, "short"),
        ({"long": "x" * 4001}, "long"),
        ({"number": "101"}, "number"),
        ({"number": "-1"}, "number"),
        ({"number": "ten"}, "number"),
        ({"when_0": "5", "when_1": ""}, "when"),
        ({"when_0": "13", "when_1": "2020"}, "when"),
        ({"when_0": "", "when_1": "1800"}, "when"),
        ({"country": "XX"}, "country"),
        ({"scale": "6"}, "scale"),
        ({"scale": "0"}, "scale"),
    ],
)
def test_each_type_rejects_bad_input_at_its_question(every_type_survey, data, field):
    """Bad input gives an error at the question it belongs to."""
    form = make_form(every_type_survey, data)
    assert not form.is_valid()
    assert field in form.errors


def test_required_question_needs_an_answer(every_type_survey):
    """A required question left empty is an error, in the respondent's language."""
    question = every_type_survey.questions().get(code="short")
    question.required = True
    question.save()
    with translation.override("pl"):
        form = make_form(every_type_survey, {})
        assert not form.is_valid()
        assert form.errors["short"] == ["To pole jest wymagane."]


def test_other_choice_needs_its_text(every_type_survey):
    """Choosing "other" without saying what is an error at the text box."""
    form = make_form(every_type_survey, {"single": "__other__", "multiple": ["x", "__other__"]})
    assert not form.is_valid()
    assert set(form.errors) == {"single__other", "multiple__other"}


def test_other_text_is_kept_only_when_other_is_chosen(every_type_survey):
    """The other text counts only with the "other" choice."""
    form = make_form(
        every_type_survey,
        {
            "single": "a",
            "single__other": "ignored",
            "multiple": ["__other__"],
            "multiple__other": "Sauna",
        },
    )
    assert form.is_valid(), form.errors
    answers = form.section_answers()
    assert "single__other" not in answers
    assert answers["multiple__other"] == "Sauna"


def test_optional_questions_may_stay_empty(every_type_survey):
    """A section of optional questions validates when nothing is answered."""
    form = make_form(every_type_survey, {})
    assert form.is_valid(), form.errors
    assert form.section_answers() == {}


def test_condition_in_earlier_section_removes_the_question(every_type_survey):
    """A question whose earlier condition is unmet is not asked at all."""
    form = make_form(every_type_survey, {}, section_order=2, answers={"single": "b"})
    assert "why_a" not in form.fields
    assert form.is_valid()


def test_condition_met_makes_the_question_required(every_type_survey):
    """A conditional required question is required once its condition holds."""
    form = make_form(every_type_survey, {}, section_order=2, answers={"single": "a"})
    assert not form.is_valid()
    assert "why_a" in form.errors


def test_condition_in_same_section_hidden_answer_is_dropped(returnee_survey):
    """On one page, a question hidden by an earlier answer is neither required nor kept."""
    data = {
        "worked_abroad": "no",
        "work_sector": "bogus",  # would be an error if the question were shown
        "occupation": "Spawacz",
    }
    form = make_form(returnee_survey, data, section_order=3)
    assert form.is_valid(), form.errors
    assert form.section_answers() == {"worked_abroad": "no"}


def test_condition_in_same_section_shown_answer_is_required(returnee_survey):
    """On one page, a question shown by an earlier answer is checked as required."""
    form = make_form(returnee_survey, {"worked_abroad": "yes"}, section_order=3)
    assert not form.is_valid()
    assert "work_sector" in form.errors


def test_conditional_questions_carry_data_attributes_for_the_script(returnee_survey):
    """Questions that depend on an answer on the same page are marked for the script."""
    form = make_form(returnee_survey, None, section_order=3)
    html = render_crispy_form(form)
    assert 'data-show-if="worked_abroad"' in html
    assert 'data-show-if-value="yes"' in html


def test_consent_needs_a_way_to_contact():
    """Consent without an e-mail or phone is an error."""
    form = ContactConsentForm({"consent": "on", "name": "Anna"})
    assert not form.is_valid()
    assert form.non_field_errors()


def test_without_consent_nothing_personal_is_kept():
    """Contact details typed without ticking consent are dropped."""
    form = ContactConsentForm({"name": "Anna", "email": "anna@example.org"})
    assert form.is_valid()
    assert form.cleaned_data == {"consent": False, "name": "", "email": "", "phone": ""}


def test_consent_phone_is_normalised():
    """A Polish phone number is kept in international form."""
    form = ContactConsentForm({"consent": "on", "phone": "600 100 200"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == "+48600100200"


def test_month_and_year_boxes_are_labelled(every_type_survey):
    """Both parts of a month-and-year answer carry an accessible name with the question."""
    question = every_type_survey.questions().get(code="when")
    with translation.override("en"):
        html = str(make_form(every_type_survey, None)["when"])
    assert f'aria-label="{question.text_en}: month"' in html
    assert f'aria-label="{question.text_en}: year"' in html
