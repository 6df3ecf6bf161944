"""Demo content for the contact point: institutions of the region, a few people and cases.

Contact details are invented; the kinds of institution are real (REGION.md).
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from contacts.models import Case, CaseTopic, Contact, Institution, Person, Referral

INSTITUTIONS = [
    {
        "name": "Wojewódzki Urząd Pracy w Kielcach",
        "kind": Institution.Kind.REGIONAL_LABOUR_OFFICE,
        "helps_with": "Koordynacja zasiłków dla bezrobotnych w UE (formularz U1), EURES, "
        "oferty pracy w regionie i za granicą, poradnictwo zawodowe.",
        "helps_with_en": "Unemployment benefits earned in the EU (form U1), EURES, job offers "
        "in the region and abroad, career guidance.",
        "address": "ul. Przykładowa 10, 25-001 Kielce",
        "phone": "+48413000100",
        "email": "wup@example.org",
        "website": "https://wup.example.org",
        "county": "kielce",
    },
    {
        "name": "Powiatowy Urząd Pracy w Sandomierzu",
        "kind": Institution.Kind.COUNTY_LABOUR_OFFICE,
        "helps_with": "Rejestracja, oferty pracy, szkolenia i dotacje na rozpoczęcie "
        "działalności gospodarczej dla mieszkańców powiatu.",
        "helps_with_en": "Registration, job offers, training and start-up grants for the "
        "county's residents.",
        "address": "ul. Przykładowa 2, 27-600 Sandomierz",
        "phone": "+48158000200",
        "email": "pup.sandomierz@example.org",
        "county": "sandomierski",
    },
    {
        "name": "Powiatowy Urząd Pracy w Ostrowcu Świętokrzyskim",
        "kind": Institution.Kind.COUNTY_LABOUR_OFFICE,
        "helps_with": "Rejestracja, oferty pracy, staże i bony szkoleniowe.",
        "helps_with_en": "Registration, job offers, traineeships and training vouchers.",
        "address": "ul. Przykładowa 5, 27-400 Ostrowiec Świętokrzyski",
        "phone": "+48412000300",
        "county": "ostrowiecki",
    },
    {
        "name": "Urząd Marszałkowski Województwa Świętokrzyskiego",
        "kind": Institution.Kind.MARSHAL_OFFICE,
        "helps_with": "Programy regionalne i fundusze europejskie dla mieszkańców i firm.",
        "helps_with_en": "Regional programmes and EU funds for residents and businesses.",
        "address": "al. Przykładowa 3, 25-002 Kielce",
        "website": "https://urzad.example.org",
        "county": "kielce",
    },
    {
        "name": "Regionalne Biuro Rozwoju",
        "kind": Institution.Kind.REGIONAL_DEVELOPMENT,
        "helps_with": "Pożyczki i poręczenia dla nowych firm, doradztwo biznesowe.",
        "helps_with_en": "Loans and guarantees for new businesses, business advice.",
        "address": "ul. Przykładowa 7, 25-003 Kielce",
        "email": "rozwoj@example.org",
        "county": "kielce",
    },
    {
        "name": "Świętokrzyska Izba Przemysłowo-Handlowa",
        "kind": Institution.Kind.CHAMBER_OF_COMMERCE,
        "helps_with": "Kontakty z pracodawcami, zakładanie firmy, szkolenia dla przedsiębiorców.",
        "helps_with_en": "Contacts with employers, starting a business, training for "
        "entrepreneurs.",
        "address": "ul. Przykładowa 12, 25-004 Kielce",
        "phone": "+48413000400",
        "county": "kielce",
    },
    {
        "name": "Politechnika Świętokrzyska — Biuro Karier",
        "kind": Institution.Kind.UNIVERSITY,
        "helps_with": "Studia, kursy i studia podyplomowe, potwierdzanie kwalifikacji.",
        "helps_with_en": "Degrees, courses and postgraduate studies, confirming qualifications.",
        "website": "https://uczelnia.example.org",
        "county": "kielce",
    },
    {
        "name": "Świętokrzyska Wojewódzka Komenda OHP",
        "kind": Institution.Kind.VOLUNTARY_LABOUR_CORPS,
        "helps_with": "Pomoc młodym w nauce zawodu i znalezieniu pierwszej pracy.",
        "helps_with_en": "Helping young people learn a trade and find a first job.",
        "county": "kielce",
    },
    {
        "name": "Centrum Kształcenia Zawodowego w Skarżysku-Kamiennej",
        "kind": Institution.Kind.VOCATIONAL_TRAINING,
        "helps_with": "Kursy zawodowe i egzaminy potwierdzające kwalifikacje.",
        "helps_with_en": "Vocational courses and exams that confirm qualifications.",
        "county": "skarzyski",
    },
    {
        "name": "ZUS Oddział w Kielcach",
        "kind": Institution.Kind.SOCIAL_INSURANCE,
        "helps_with": "Emerytury z okresów pracy za granicą (koordynacja w UE), "
        "ubezpieczenie zdrowotne, formularze A1 i S1.",
        "helps_with_en": "Pensions from work abroad (EU coordination), health insurance, "
        "forms A1 and S1.",
        "phone": "+48226670000",
        "county": "kielce",
    },
    {
        "name": "Urząd Skarbowy w Kielcach",
        "kind": Institution.Kind.TAX_OFFICE,
        "helps_with": "Rozliczenie dochodów uzyskanych za granicą, ulga abolicyjna, "
        "ulga na powrót.",
        "helps_with_en": "Tax on income earned abroad, the abolition relief, the return relief.",
        "county": "kielce",
    },
    {
        "name": "Kuratorium Oświaty w Kielcach",
        "kind": Institution.Kind.QUALIFICATION_RECOGNITION,
        "helps_with": "Uznawanie świadectw szkolnych uzyskanych za granicą, szkoła dla "
        "dzieci wracających z zagranicy.",
        "helps_with_en": "Recognition of school certificates from abroad, school for "
        "children coming back.",
        "county": "kielce",
    },
]

PEOPLE = [
    {
        "email": "anna.kowalska@example.com",
        "name": "Anna Kowalska",
        "phone": "+447700900123",
        "language": "pl",
        "kind": Person.Kind.MIGRANT,
        "country": "GB",
        "time_zone": "Europe/London",
        "stay_countries": ["GB", "IE"],
        "months_away": 84,
        "return_month": 3,
        "return_year": 2027,
        "home_county": "buski",
    },
    {
        "email": "tomasz.nowak@example.com",
        "name": "Tomasz Nowak",
        "phone": "+48600100200",
        "language": "pl",
        "kind": Person.Kind.ENTREPRENEUR,
        "country": "PL",
        "time_zone": "Europe/Warsaw",
        "stay_countries": ["DE"],
        "months_away": 36,
        "return_year": 2025,
        "home_county": "kielce",
    },
    {
        "email": "m.wisniewska@example.com",
        "name": "Maria Wiśniewska",
        "phone": "",
        "language": "en",
        "kind": Person.Kind.MIGRANT,
        "country": "NO",
        "time_zone": "Europe/Oslo",
        "stay_countries": ["NO"],
        "months_away": 120,
        "home_county": "staszowski",
    },
]

CASES = [
    # (natural key, person e-mail, topics, status, follow-up in days, contacts, referral)
    (
        "demo-case-1",
        "anna.kowalska@example.com",
        ["work", "social_insurance"],
        Case.Status.OPEN,
        0,
        [
            (
                "phone",
                "in",
                12,
                "Wraca z Wielkiej Brytanii w marcu; pyta o pracę i emeryturę z UK.",
            ),
            ("email", "out", None, "Wysłano listę ofert WUP i informację o formularzu U1."),
        ],
        "Wojewódzki Urząd Pracy w Kielcach",
    ),
    (
        "demo-case-2",
        "tomasz.nowak@example.com",
        ["business", "funding"],
        Case.Status.WAITING,
        3,
        [("in_person", "in", 30, "Chce otworzyć warsztat samochodowy; pyta o dotację z PUP.")],
        "Regionalne Biuro Rozwoju",
    ),
    (
        "demo-case-3",
        "m.wisniewska@example.com",
        ["education"],
        Case.Status.OPEN,
        -2,
        [
            (
                "web_form",
                "in",
                None,
                "Dzieci (8 i 12 lat) wracają z Norwegii; jak zapisać do szkoły?",
            )
        ],
        None,
    ),
    (
        "demo-case-4",
        None,
        ["other"],
        Case.Status.CLOSED,
        None,
        [("phone", "in", 3, "Anonimowe pytanie o godziny otwarcia punktu.")],
        None,
    ),
]


def load() -> None:
    with transaction.atomic():
        for data in INSTITUTIONS:
            Institution.objects.update_or_create(name=data["name"], defaults=data)
        people = {}
        for data in PEOPLE:
            people[data["email"]], _ = Person.objects.update_or_create(
                email=data["email"], defaults=data
            )
        now = timezone.now()
        for key, email, topics, status, follow_up, contacts, institution in CASES:
            if Case.objects.filter(form_token=key).exists():
                continue
            person = people.get(email)
            opened = now - timedelta(days=len(contacts), hours=2)
            case = Case.objects.create(
                person=person,
                created_at=opened,
                status=status,
                form_token=key,
                follow_up_on=(timezone.localdate() + timedelta(days=follow_up))
                if follow_up is not None
                else None,
            )
            CaseTopic.objects.bulk_create(CaseTopic(case=case, topic=t) for t in topics)
            for i, (channel, direction, minutes, summary) in enumerate(contacts):
                Contact.objects.create(
                    case=case,
                    channel=channel,
                    direction=direction,
                    duration_minutes=minutes,
                    summary=summary,
                    occurred_at=now - timedelta(days=len(contacts) - i, hours=1),
                )
            if institution:
                Referral.objects.create(
                    case=case,
                    institution=Institution.objects.get(name=institution),
                    created_at=now - timedelta(hours=1),
                )
