"""The returnee survey: people who have lived away from their home region for over six months.

`returnee_survey_load()` creates or updates it on natural keys (slug, section order, question
and option codes), so running it again changes nothing and edits made here reach the database.
"""

from django.db import transaction
from django.utils import timezone

from surveys.models import Option, Question, Section, Survey

SLUG = "returnees"
T = Question.Type

YES_NO = [("yes", "Tak", "Yes"), ("no", "Nie", "No")]

SURVEY = {
    "title_pl": "Ankieta dla osób powracających z zagranicy",
    "title_en": "Survey for people coming back from abroad",
    "intro_pl": (
        "Pytamy osoby, które mieszkały poza swoim regionem dłużej niż sześć miesięcy, o ich "
        "wykształcenie, umiejętności, potrzeby i plany. Odpowiedzi pomogą zaplanować wsparcie dla "
        "powracających. Ankieta jest anonimowa i zajmuje około 10 minut. Możesz ją przerwać i "
        "wrócić do niej później."
    ),
    "intro_en": (
        "We ask people who have lived away from their home region for more than six months about "
        "their education, skills, needs and plans. The answers help us plan support for people "
        "who come back. The survey is anonymous and takes about 10 minutes. You can stop and "
        "come back to it later."
    ),
    # Six months away at the least, then the optional consent step.
    "screening_threshold": 6,
    "ask_contact_consent": True,
}

# (order, title_pl, title_en, intro_pl, intro_en, questions)
# question: dict with code, type, text_pl, text_en and optional keys.
SECTIONS = [
    (
        1,
        "Pobyt poza regionem",
        "Your time away",
        "Najpierw kilka pytań o to, gdzie i jak długo mieszkasz lub mieszkałeś(-aś) poza regionem.",
        "First, a few questions about where and for how long you have lived away.",
        [
            {
                "code": "months_away",
                "type": T.INTEGER,
                "text_pl": "Ile miesięcy łącznie trwa lub trwał Twój pobyt poza regionem rodzinnym?",
                "text_en": "In total, how many months have you lived away from your home region?",
                "help_pl": "Policz wszystkie wyjazdy razem, w pełnych miesiącach.",
                "help_en": "Count all your stays together, in whole months.",
                "required": True,
                "min_value": 0,
                "max_value": 720,
            },
            {
                "code": "country_last",
                "type": T.COUNTRY,
                "text_pl": "Kraj Twojego obecnego lub ostatniego pobytu za granicą",
                "text_en": "The country where you live now, or lived most recently, abroad",
                "required": True,
            },
            {
                "code": "countries_other",
                "type": T.SHORT_TEXT,
                "text_pl": "Inne kraje pobytu (jeśli były)",
                "text_en": "Other countries you lived in (if any)",
            },
            {
                "code": "year_left",
                "type": T.INTEGER,
                "text_pl": "W którym roku nastąpił wyjazd?",
                "text_en": "In which year did you leave?",
                "required": True,
                "min_value": 1960,
                "max_value": 2035,
            },
            {
                "code": "year_returned",
                "type": T.INTEGER,
                "text_pl": "W którym roku nastąpił powrót?",
                "text_en": "In which year did you come back?",
                "help_pl": "Pozostaw puste, jeśli jeszcze przebywasz za granicą.",
                "help_en": "Leave empty if you still live abroad.",
                "min_value": 1960,
                "max_value": 2035,
            },
        ],
    ),
    (
        2,
        "Wykształcenie",
        "Education",
        "",
        "",
        [
            {
                "code": "education_level",
                "type": T.SINGLE,
                "text_pl": "Jakie jest Twoje najwyższe ukończone wykształcenie?",
                "text_en": "What is the highest level of education you have completed?",
                "required": True,
                "options": [
                    ("primary", "Podstawowe lub gimnazjalne", "Primary or lower secondary"),
                    ("vocational", "Zasadnicze zawodowe lub branżowe", "Basic vocational"),
                    ("secondary", "Średnie (ogólnokształcące lub techniczne)", "Upper secondary"),
                    ("post_secondary", "Policealne", "Post-secondary"),
                    (
                        "bachelor",
                        "Wyższe: licencjat lub inżynier",
                        "Bachelor's or engineer's degree",
                    ),
                    ("master", "Wyższe: magister lub wyższe", "Master's degree or higher"),
                ],
            },
            {
                "code": "education_field",
                "type": T.SHORT_TEXT,
                "text_pl": "Kierunek studiów lub wyuczony zawód",
                "text_en": "Your field of study or the trade you learned",
            },
            {
                "code": "education_abroad",
                "type": T.SINGLE,
                "text_pl": "Czy część wykształcenia lub kwalifikacji zdobyto za granicą?",
                "text_en": "Did you gain any of your education or qualifications abroad?",
                "options": YES_NO,
            },
        ],
    ),
    (
        3,
        "Praca za granicą",
        "Work abroad",
        "",
        "",
        [
            {
                "code": "worked_abroad",
                "type": T.SINGLE,
                "text_pl": "Czy podczas pobytu za granicą pracujesz lub pracowałeś(-aś)?",
                "text_en": "Do you work, or did you work, while living abroad?",
                "required": True,
                "options": YES_NO,
            },
            {
                "code": "work_sector",
                "type": T.SINGLE,
                "text_pl": "W jakiej branży przede wszystkim?",
                "text_en": "In which sector, mainly?",
                "required": True,
                "allow_other": True,
                "show_if": ("worked_abroad", "yes"),
                "options": [
                    ("construction", "Budownictwo", "Construction"),
                    ("manufacturing", "Przemysł i produkcja", "Manufacturing"),
                    ("agriculture", "Rolnictwo i ogrodnictwo", "Agriculture and horticulture"),
                    ("hospitality", "Hotele i gastronomia", "Hotels and catering"),
                    ("care", "Opieka i ochrona zdrowia", "Care and health"),
                    ("transport", "Transport i logistyka", "Transport and logistics"),
                    ("trade", "Handel", "Retail and wholesale"),
                    ("it", "Informatyka", "Information technology"),
                    ("services", "Sprzątanie i inne usługi", "Cleaning and other services"),
                ],
            },
            {
                "code": "occupation",
                "type": T.SHORT_TEXT,
                "text_pl": "Jakie stanowisko zajmujesz lub zajmowałeś(-aś)?",
                "text_en": "What was your job or position?",
                "show_if": ("worked_abroad", "yes"),
            },
            {
                "code": "skills_gained",
                "type": T.MULTIPLE,
                "text_pl": "Jakie umiejętności zdobyto dzięki pracy za granicą?",
                "text_en": "Which skills did you gain by working abroad?",
                "help_pl": "Zaznacz wszystkie, które pasują.",
                "help_en": "Tick all that apply.",
                "allow_other": True,
                "show_if": ("worked_abroad", "yes"),
                "options": [
                    ("language", "Znajomość języka obcego", "A foreign language"),
                    ("trade", "Umiejętności techniczne lub zawodowe", "Technical or trade skills"),
                    (
                        "certificates",
                        "Uprawnienia i certyfikaty (np. wózki widłowe, spawanie)",
                        "Licences and certificates (e.g. forklift, welding)",
                    ),
                    ("management", "Kierowanie zespołem", "Managing a team"),
                    ("customer", "Obsługa klienta", "Customer service"),
                    ("computer", "Umiejętności komputerowe", "Computer skills"),
                    ("business", "Prowadzenie własnej firmy", "Running a business"),
                ],
            },
            {
                "code": "skills_rating",
                "type": T.SCALE,
                "text_pl": "Na ile praca za granicą podniosła Twoje kwalifikacje?",
                "text_en": "How much did working abroad raise your qualifications?",
                "help_pl": "1 oznacza „wcale”, 5 oznacza „bardzo”.",
                "help_en": "1 means “not at all”, 5 means “very much”.",
                "show_if": ("worked_abroad", "yes"),
            },
            {
                "code": "languages",
                "type": T.MULTIPLE,
                "text_pl": "W jakich językach obcych możesz pracować?",
                "text_en": "Which foreign languages can you work in?",
                "allow_other": True,
                "options": [
                    ("english", "Angielski", "English"),
                    ("german", "Niemiecki", "German"),
                    ("dutch", "Niderlandzki", "Dutch"),
                    ("french", "Francuski", "French"),
                    ("italian", "Włoski", "Italian"),
                    ("spanish", "Hiszpański", "Spanish"),
                    ("norwegian", "Norweski", "Norwegian"),
                    ("swedish", "Szwedzki", "Swedish"),
                ],
            },
        ],
    ),
    (
        4,
        "Plany",
        "Plans",
        "",
        "",
        [
            {
                "code": "plans_status",
                "type": T.SINGLE,
                "text_pl": "Jakie są Twoje plany związane z powrotem?",
                "text_en": "What are your plans about coming back?",
                "required": True,
                "options": [
                    ("back", "Już wróciłem / wróciłam", "I am already back"),
                    ("planning", "Planuję powrót", "I plan to come back"),
                    ("unsure", "Jeszcze nie wiem", "I do not know yet"),
                    ("not_planning", "Nie planuję powrotu", "I do not plan to come back"),
                ],
            },
            {
                "code": "plans_when",
                "type": T.MONTH_YEAR,
                "text_pl": "Kiedy planujesz wrócić?",
                "text_en": "When do you plan to come back?",
                "help_pl": "Miesiąc i rok, w przybliżeniu.",
                "help_en": "Month and year, roughly.",
                "show_if": ("plans_status", "planning"),
                "min_value": 2020,
                "max_value": 2040,
            },
            {
                "code": "plans_where",
                "type": T.SINGLE,
                "text_pl": "Dokąd chcesz wrócić?",
                "text_en": "Where do you want to settle?",
                "show_if": ("plans_status", "planning"),
                "options": [
                    ("home_town", "Do rodzinnej miejscowości", "My home town or village"),
                    ("region", "Gdzie indziej w regionie", "Elsewhere in the region"),
                    ("poland", "Gdzie indziej w Polsce", "Elsewhere in Poland"),
                    ("undecided", "Jeszcze nie wiem", "I do not know yet"),
                ],
            },
        ],
    ),
    (
        5,
        "Wsparcie i oczekiwania",
        "Support and expectations",
        "",
        "",
        [
            {
                "code": "support_needed",
                "type": T.MULTIPLE,
                "text_pl": "Jakiego wsparcia potrzebujesz lub potrzebowałeś(-aś) po powrocie?",
                "text_en": "What support do you need, or did you need, after coming back?",
                "help_pl": "Zaznacz wszystkie, które pasują.",
                "help_en": "Tick all that apply.",
                "allow_other": True,
                "options": [
                    ("job", "Znalezienie pracy", "Finding a job"),
                    ("business", "Założenie własnej firmy", "Starting a business"),
                    (
                        "funding",
                        "Dofinansowanie, dotacja lub pożyczka",
                        "Funding: a grant or a loan",
                    ),
                    (
                        "qualifications",
                        "Uznanie kwalifikacji zdobytych za granicą",
                        "Recognition of qualifications earned abroad",
                    ),
                    ("retraining", "Przekwalifikowanie lub kursy", "Retraining or courses"),
                    ("housing", "Mieszkanie", "Housing"),
                    ("schooling", "Szkoła dla dzieci", "Schooling for children"),
                ],
            },
            {
                "code": "expectations",
                "type": T.LONG_TEXT,
                "text_pl": "Czego oczekujesz od regionu, aby powrót był łatwiejszy?",
                "text_en": "What do you expect from the region to make coming back easier?",
            },
        ],
    ),
    (
        6,
        "O Tobie (nieobowiązkowe)",
        "About you (optional)",
        "Te pytania pomagają porównać odpowiedzi różnych grup. Możesz je pominąć.",
        "These questions help us compare the answers of different groups. You may skip them.",
        [
            {
                "code": "age_band",
                "type": T.SINGLE,
                "text_pl": "Wiek",
                "text_en": "Age",
                "options": [
                    ("18_24", "18-24", "18-24"),
                    ("25_34", "25-34", "25-34"),
                    ("35_44", "35-44", "35-44"),
                    ("45_54", "45-54", "45-54"),
                    ("55_64", "55-64", "55-64"),
                    ("65_plus", "65 lub więcej", "65 or over"),
                ],
            },
            {
                "code": "gender",
                "type": T.SINGLE,
                "text_pl": "Płeć",
                "text_en": "Gender",
                "options": [
                    ("woman", "Kobieta", "Woman"),
                    ("man", "Mężczyzna", "Man"),
                    ("not_said", "Wolę nie podawać", "Prefer not to say"),
                ],
            },
            {
                "code": "children",
                "type": T.SINGLE,
                "text_pl": "Czy w Twoim gospodarstwie domowym są dzieci w wieku szkolnym?",
                "text_en": "Are there school-age children in your household?",
                "options": YES_NO,
            },
        ],
    ),
]


@transaction.atomic
def returnee_survey_load() -> Survey:
    """Create or update the returnee survey; idempotent."""
    survey, _created = Survey.objects.update_or_create(
        slug=SLUG,
        defaults=SURVEY,
        # A new survey opens at once; a loaded one keeps the status and dates staff gave it.
        create_defaults={**SURVEY, "status": Survey.Status.OPEN, "opens_at": timezone.now()},
    )
    questions: dict[str, Question] = {}
    for order, title_pl, title_en, intro_pl, intro_en, items in SECTIONS:
        section, _ = Section.objects.update_or_create(
            survey=survey,
            order=order,
            defaults={
                "title_pl": title_pl,
                "title_en": title_en,
                "intro_pl": intro_pl,
                "intro_en": intro_en,
            },
        )
        for position, item in enumerate(items, start=1):
            questions[item["code"]] = _question_load(section, position, item, questions)
    survey.screening_question = questions["months_away"]
    survey.country_question = questions["country_last"]
    survey.save(update_fields=["screening_question", "country_question"])
    return survey


def _question_load(
    section: Section, position: int, item: dict, earlier: dict[str, Question]
) -> Question:
    show_if_question = show_if_option = None
    if "show_if" in item:
        code, option_code = item["show_if"]
        show_if_question = earlier[code]
        show_if_option = show_if_question.options.get(code=option_code)
    fields = {
        key: item.get(key, default)
        for key, default in (
            ("type", None),
            ("text_pl", ""),
            ("text_en", ""),
            ("help_pl", ""),
            ("help_en", ""),
            ("required", False),
            ("allow_other", False),
            ("min_value", None),
            ("max_value", None),
        )
    }
    question, _ = Question.objects.update_or_create(
        section__survey=section.survey,
        code=item["code"],
        defaults={
            **fields,
            "section": section,
            "order": position,
            "show_if_question": show_if_question,
            "show_if_option": show_if_option,
        },
    )
    for option_order, (code, text_pl, text_en) in enumerate(item.get("options", []), start=1):
        Option.objects.update_or_create(
            question=question,
            code=code,
            defaults={"order": option_order, "text_pl": text_pl, "text_en": text_en},
        )
    return question
