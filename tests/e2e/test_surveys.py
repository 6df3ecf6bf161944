"""Browser tests of the returnee survey: both languages, the keyboard alone, screening, resume, axe."""

import re
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from playwright.sync_api import Browser, Locator, Page, expect

from returnportal.accounts.roles import CONTACT_POINT_STAFF
from surveys.models import Draft, Response
from surveys.returnee import returnee_survey_load
from surveys.services import response_submit
from tests.e2e.axe import assert_accessible
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def survey(transactional_db):
    return returnee_survey_load()


def stored(response: Response) -> dict:
    """The response's answers as {question code: sorted values}, for comparing with expectations."""
    values: dict[str, list] = {}
    for answer in response.answers.select_related("question", "option"):
        if answer.option_id:
            value = answer.option.code
        elif answer.number is not None:
            value = answer.number
        elif answer.month_year is not None:
            value = answer.month_year
        else:
            value = answer.text
        values.setdefault(answer.question.code, []).append(value)
    return {code: sorted(v, key=str) for code, v in values.items()}


def question(page: Page, code: str) -> Locator:
    """The block holding one question (its inputs, label, help and error)."""
    return page.locator(".survey-question").filter(has=page.locator(f'[name^="{code}"]'))


def choice(page: Page, code: str, value: str) -> Locator:
    return page.locator(f'input[name="{code}"][value="{value}"]')


def expect_step(page: Page, step: int, heading: str, language: str = "pl") -> None:
    label = f"Krok {step} z 7" if language == "pl" else f"Step {step} of 7"
    expect(page.get_by_text(label, exact=True)).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)


# The keyboard alone ----------------------------------------------------------------------------
def is_focused(locator: Locator) -> bool:
    return locator.evaluate("el => el === document.activeElement")


def tab_to(page: Page, target: Locator, limit: int = 80) -> None:
    """Press Tab until `target` (or, for a radio group, any of its radios) has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("els => els.includes(document.activeElement)", target.element_handles()):
            return
    raise AssertionError(f"Tab never reached {target}")


def key_choose(page: Page, code: str, value: str) -> None:
    """Pick a radio button with the keyboard: Tab into the group, Space, then the arrow keys."""
    tab_to(page, page.locator(f'input[name="{code}"]'))
    wanted = choice(page, code, value)
    if not page.evaluate("() => document.activeElement.checked"):
        page.keyboard.press("Space")
    for _ in range(12):
        if is_focused(wanted):
            break
        page.keyboard.press("ArrowDown")
    expect(wanted).to_be_checked()


def key_tick(page: Page, code: str, value: str) -> None:
    tab_to(page, choice(page, code, value))
    page.keyboard.press("Space")
    expect(choice(page, code, value)).to_be_checked()


def key_type(page: Page, field: Locator, text: str) -> None:
    tab_to(page, field)
    page.keyboard.type(text)


def key_press_button(page: Page, name: str) -> None:
    tab_to(page, page.get_by_role("button", name=name, exact=True))
    page.keyboard.press("Enter")


# Polish, with the mouse ------------------------------------------------------------------------
def test_polish_survey_filled_in_the_browser(live_server, page: Page, survey):
    """Polish: every page filled, Back and forward, a conditional question; one response stored."""
    page.goto(live_server.url + "/survey/")
    expect(page.get_by_role("heading", level=1)).to_have_text(survey.title_pl)
    assert_accessible(page)
    page.get_by_role("button", name="Rozpocznij ankietę").click()

    expect_step(page, 1, "Pobyt poza regionem")
    page.get_by_role("button", name="Dalej").click()
    expect(page.get_by_role("alert")).to_be_focused()
    expect(question(page, "months_away").locator(".invalid-feedback")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Ile miesięcy łącznie").fill("30")
    page.get_by_label("Kraj Twojego obecnego").select_option("DE")
    page.get_by_label("W którym roku nastąpił wyjazd?").fill("2016")
    page.get_by_label("W którym roku nastąpił powrót?").fill("2024")
    page.get_by_role("button", name="Dalej").click()

    expect_step(page, 2, "Wykształcenie")
    assert_accessible(page)
    page.get_by_label("Wyższe: magister lub wyższe").check()
    page.get_by_label("Kierunek studiów lub wyuczony zawód").fill("Mechatronika")
    choice(page, "education_abroad", "yes").check()
    page.get_by_role("button", name="Dalej").click()

    expect_step(page, 3, "Praca za granicą")
    expect(question(page, "work_sector")).to_be_hidden()
    choice(page, "worked_abroad", "yes").check()
    expect(question(page, "work_sector")).to_be_visible()
    page.get_by_label("Budownictwo").check()
    page.get_by_label("Jakie stanowisko zajmujesz").fill("Spawacz")
    page.get_by_label("Znajomość języka obcego").check()
    choice(page, "skills_gained", "__other__").check()
    question(page, "skills_gained").locator('input[name="skills_gained__other"]').fill(
        "Prawo jazdy kat. C"
    )
    choice(page, "skills_rating", "4").check()
    page.get_by_label("Niemiecki").check()
    assert_accessible(page)
    page.get_by_role("button", name="Dalej").click()

    expect_step(page, 4, "Plany")
    expect(question(page, "plans_when")).to_be_hidden()
    page.get_by_label("Planuję powrót").check()
    expect(question(page, "plans_when")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Wstecz").click()

    expect_step(page, 3, "Praca za granicą")
    expect(page.get_by_label("Budownictwo")).to_be_checked()
    page.get_by_role("button", name="Dalej").click()

    expect_step(page, 4, "Plany")
    expect(page.get_by_label("Planuję powrót")).to_be_checked()
    page.get_by_label("Kiedy planujesz wrócić?: miesiąc").select_option("6")
    page.get_by_label("Kiedy planujesz wrócić?: rok").fill("2027")
    page.get_by_label("Gdzie indziej w regionie").check()
    page.get_by_role("button", name="Dalej").click()

    expect_step(page, 5, "Wsparcie i oczekiwania")
    assert_accessible(page)
    page.get_by_label("Znalezienie pracy").check()
    page.get_by_label("Mieszkanie").check()
    page.get_by_label("Czego oczekujesz od regionu").fill("Więcej ofert pracy i żłobków.")
    page.get_by_role("button", name="Dalej").click()

    expect_step(page, 6, "O Tobie (nieobowiązkowe)")
    assert_accessible(page)
    page.get_by_label("25-34").check()
    page.get_by_role("button", name="Dalej").click()

    expect_step(page, 7, "Czy możemy się z Tobą skontaktować?")
    assert_accessible(page)
    page.get_by_role("button", name="Wyślij odpowiedzi").click()

    expect(page).to_have_url(re.compile(r"/survey/returnees/thanks/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Dziękujemy za odpowiedzi")
    assert_accessible(page)

    response = Response.objects.get()
    assert (response.language, response.country_of_stay.code) == ("pl", "DE")
    assert not response.contact_consent
    assert stored(response) == {
        "months_away": [30],
        "country_last": ["DE"],
        "year_left": [2016],
        "year_returned": [2024],
        "education_level": ["master"],
        "education_field": ["Mechatronika"],
        "education_abroad": ["yes"],
        "worked_abroad": ["yes"],
        "work_sector": ["construction"],
        "occupation": ["Spawacz"],
        "skills_gained": ["Prawo jazdy kat. C", "language"],
        "skills_rating": [4],
        "languages": ["german"],
        "plans_status": ["planning"],
        "plans_when": [date(2027, 6, 1)],
        "plans_where": ["region"],
        "support_needed": ["housing", "job"],
        "expectations": ["Więcej ofert pracy i żłobków."],
        "age_band": ["25_34"],
    }
    assert not Draft.objects.exists()


# English, on a phone, with the keyboard alone -------------------------------------------------
def test_english_survey_on_a_phone_with_the_keyboard_alone(live_server, page: Page, survey):
    """English at 360 px, keyboard only: Back and forward, a conditional question, consent."""
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + "/en/survey/")
    expect(page.get_by_role("heading", level=1)).to_have_text(survey.title_en)
    key_press_button(page, "Start the survey")

    expect_step(page, 1, "Your time away", "en")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    key_type(page, page.get_by_label("In total, how many months"), "14")
    tab_to(page, page.get_by_label("The country where you live now"))
    page.keyboard.type("Norway")
    expect(page.get_by_label("The country where you live now")).to_have_value("NO")
    key_type(page, page.get_by_label("In which year did you leave?"), "2019")
    page.keyboard.press("Enter")  # submits the form: Next, the only button here

    expect_step(page, 2, "Education", "en")
    key_choose(page, "education_level", "vocational")
    key_type(page, page.get_by_label("Your field of study"), "Electrician")
    page.keyboard.press("Enter")  # Enter in a text box means Next, not Back

    expect_step(page, 3, "Work abroad", "en")
    key_choose(page, "worked_abroad", "no")
    expect(question(page, "work_sector")).to_be_hidden()
    key_tick(page, "languages", "english")
    key_tick(page, "languages", "norwegian")
    key_press_button(page, "Next")

    expect_step(page, 4, "Plans", "en")
    expect(question(page, "plans_when")).to_be_hidden()
    key_choose(page, "plans_status", "planning")
    expect(question(page, "plans_when")).to_be_visible()
    tab_to(page, page.get_by_label("When do you plan to come back?: month"))
    page.keyboard.type("June")
    expect(page.get_by_label("When do you plan to come back?: month")).to_have_value("6")
    key_type(page, page.get_by_label("When do you plan to come back?: year"), "2027")
    key_press_button(page, "Back")

    expect_step(page, 3, "Work abroad", "en")
    expect(choice(page, "languages", "norwegian")).to_be_checked()
    key_press_button(page, "Next")

    expect_step(page, 4, "Plans", "en")
    expect(choice(page, "plans_status", "planning")).to_be_checked()
    expect(page.get_by_label("When do you plan to come back?: year")).to_have_value("2027")
    key_choose(page, "plans_where", "home_town")
    key_press_button(page, "Next")

    expect_step(page, 5, "Support and expectations", "en")
    key_tick(page, "support_needed", "business")
    key_tick(page, "support_needed", "funding")
    key_press_button(page, "Next")

    expect_step(page, 6, "About you (optional)", "en")
    key_press_button(page, "Next")

    expect_step(page, 7, "May we contact you?", "en")
    tab_to(page, page.get_by_label("Yes, I agree"))
    page.keyboard.press("Space")
    key_type(page, page.get_by_label("E-mail", exact=True), "ola@example.org")
    key_press_button(page, "Send my answers")

    expect(page).to_have_url(re.compile(r"/en/survey/returnees/thanks/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your answers")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)

    response = Response.objects.get()
    assert (response.language, response.country_of_stay.code) == ("en", "NO")
    assert (response.contact_consent, response.contact_email) == (True, "ola@example.org")
    assert stored(response) == {
        "months_away": [14],
        "country_last": ["NO"],
        "year_left": [2019],
        "education_level": ["vocational"],
        "education_field": ["Electrician"],
        "worked_abroad": ["no"],
        "languages": ["english", "norwegian"],
        "plans_status": ["planning"],
        "plans_when": [date(2027, 6, 1)],
        "plans_where": ["home_town"],
        "support_needed": ["business", "funding"],
    }


# Screening and resuming -----------------------------------------------------------------------
def fill_first_section(page: Page, months: str) -> None:
    page.get_by_role("button", name="Rozpocznij ankietę").click()
    page.get_by_label("Ile miesięcy łącznie").fill(months)
    page.get_by_label("Kraj Twojego obecnego").select_option("GB")
    page.get_by_label("W którym roku nastąpił wyjazd?").fill("2025")
    page.get_by_role("button", name="Dalej").click()


def test_under_six_months_gets_the_polite_page_and_nothing_is_kept(live_server, page: Page, survey):
    """Three months away: the page says who the survey is for, and no answers are stored."""
    page.goto(live_server.url + "/survey/returnees/")
    fill_first_section(page, "3")
    expect(page).to_have_url(re.compile(r"/survey/returnees/not-eligible/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Dziękujemy za zainteresowanie")
    expect(page.get_by_text("co najmniej 6 miesięcy")).to_be_visible()
    assert_accessible(page)
    assert not Response.objects.exists()
    assert not Draft.objects.exists()


def test_resume_link_continues_in_a_fresh_browser(
    live_server, page: Page, browser: Browser, survey
):
    """The link shown after the first section opens the survey where it stopped, elsewhere."""
    page.goto(live_server.url + "/survey/returnees/")
    fill_first_section(page, "18")
    expect_step(page, 2, "Wykształcenie")
    resume = page.get_by_role("complementary", name="Chcesz dokończyć później?")
    link = resume.get_by_role("link").inner_text()
    assert re.fullmatch(re.escape(live_server.url) + r"/survey/returnees/resume/[\w-]+/", link)

    context = browser.new_context()
    try:
        other = context.new_page()
        other.goto(link)
        expect_step(other, 2, "Wykształcenie")
        other.get_by_label("Średnie (ogólnokształcące lub techniczne)").check()
        other.get_by_role("button", name="Dalej").click()
        expect_step(other, 3, "Praca za granicą")
        choice(other, "worked_abroad", "no").check()
        other.get_by_role("button", name="Dalej").click()
        expect_step(other, 4, "Plany")
        other.get_by_label("Już wróciłem / wróciłam").check()
        for _step in range(3):
            other.get_by_role("button", name="Dalej").click()
        other.get_by_role("button", name="Wyślij odpowiedzi").click()
        expect(other.get_by_role("heading", level=1)).to_have_text("Dziękujemy za odpowiedzi")
    finally:
        context.close()

    response = Response.objects.get()
    assert stored(response) == {
        "months_away": [18],
        "country_last": ["GB"],
        "year_left": [2025],
        "education_level": ["secondary"],
        "worked_abroad": ["no"],
        "plans_status": ["back"],
    }
    assert not Draft.objects.exists()


# Staff results --------------------------------------------------------------------------------
def test_staff_results_page_passes_axe(live_server, page: Page, survey, settings):
    """The results page with a few responses and a cross-tabulation has no axe violations."""
    settings.REQUIRE_TWO_FACTOR = False
    common = {"months_away": 12, "country_last": "IE", "year_left": 2020, "worked_abroad": "no"}
    answers = [
        ("pl", {"education_level": "master", "plans_status": "back", "support_needed": ["job"]}),
        ("pl", {"education_level": "secondary", "plans_status": "planning", "age_band": "25_34"}),
        ("en", {"education_level": "master", "plans_status": "unsure", "expectations": "Jobs"}),
    ]
    for language, data in answers:
        draft = Draft.objects.create(survey=survey, step=7, data={**common, **data})
        response_submit(draft=draft, language=language)
    assert Response.objects.count() == 3

    # The role comes from a data migration; serialized rollback does not always bring it back
    # into a browser test (see the report), so make sure it is there.
    Group.objects.get_or_create(name=CONTACT_POINT_STAFF)
    client = Client()
    client.force_login(StaffUserFactory(), backend="django.contrib.auth.backends.ModelBackend")
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(
        live_server.url
        + "/staff/surveys/returnees/results/?rows=education_level&columns=plans_status"
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("Wyniki")
    expect(page.get_by_text("3 odpowiedzi")).to_be_visible()
    expect(page.get_by_role("table").first).to_be_visible()
    assert_accessible(page)
