"""Demo content for the contact point: institutions, people, cases and saved answers.

The institutions carry their real public names; their e-mail addresses and websites are at
reserved example domains, and a street is given only where it is the office's real one. People
are invented, at example domains too.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from contacts.models import (
    Case,
    CaseTopic,
    Contact,
    Institution,
    Person,
    Referral,
    ReplyTemplate,
)

INSTITUTIONS = [
    {
        "name": "Wojewódzki Urząd Pracy w Kielcach",
        "kind": Institution.Kind.REGIONAL_LABOUR_OFFICE,
        "helps_with_pl": "Koordynacja zasiłków dla bezrobotnych w UE (formularz U1), EURES, "
        "oferty pracy w regionie i za granicą, poradnictwo zawodowe.",
        "helps_with_en": "Unemployment benefits earned in the EU (form U1), EURES, job offers "
        "in the region and abroad, career guidance.",
        "address": "ul. Witosa 86, 25-561 Kielce",
        "email": "wup@example.org",
        "website": "https://wup.example.org",
        "county": "kielce",
    },
    {
        "name": "Powiatowy Urząd Pracy w Kielcach",
        "kind": Institution.Kind.COUNTY_LABOUR_OFFICE,
        "helps_with_pl": "Rejestracja, oferty pracy, szkolenia i dotacje dla mieszkańców Kielc "
        "i powiatu kieleckiego.",
        "helps_with_en": "Registration, job offers, training and grants for residents of Kielce "
        "and Kielce county.",
        "county": "kielecki",
    },
    {
        "name": "Powiatowy Urząd Pracy w Sandomierzu",
        "kind": Institution.Kind.COUNTY_LABOUR_OFFICE,
        "helps_with_pl": "Rejestracja, oferty pracy, szkolenia i dotacje na rozpoczęcie "
        "działalności gospodarczej dla mieszkańców powiatu.",
        "helps_with_en": "Registration, job offers, training and start-up grants for the "
        "county's residents.",
        "address": "ul. Kwiatkowskiego 1, 27-600 Sandomierz",
        "email": "pup.sandomierz@example.org",
        "county": "sandomierski",
    },
    {
        "name": "Powiatowy Urząd Pracy w Ostrowcu Świętokrzyskim",
        "kind": Institution.Kind.COUNTY_LABOUR_OFFICE,
        "helps_with_pl": "Rejestracja, oferty pracy, staże i bony szkoleniowe.",
        "helps_with_en": "Registration, job offers, traineeships and training vouchers.",
        "county": "ostrowiecki",
    },
    {
        "name": "Urząd Marszałkowski Województwa Świętokrzyskiego",
        "kind": Institution.Kind.MARSHAL_OFFICE,
        "helps_with_pl": "Programy regionalne i fundusze europejskie dla mieszkańców i firm.",
        "helps_with_en": "Regional programmes and EU funds for residents and businesses.",
        "address": "al. IX Wieków Kielc 3, 25-516 Kielce",
        "website": "https://urzad.example.org",
        "county": "kielce",
    },
    {
        "name": "Świętokrzyskie Biuro Rozwoju Regionalnego w Kielcach",
        "kind": Institution.Kind.REGIONAL_DEVELOPMENT,
        "helps_with_pl": "Pożyczki i poręczenia dla nowych firm, doradztwo biznesowe.",
        "helps_with_en": "Loans and guarantees for new businesses, business advice.",
        "email": "rozwoj@example.org",
        "county": "kielce",
    },
    {
        "name": "Świętokrzyska Izba Przemysłowo-Handlowa",
        "kind": Institution.Kind.CHAMBER_OF_COMMERCE,
        "helps_with_pl": "Kontakty z pracodawcami, zakładanie firmy, szkolenia dla przedsiębiorców.",
        "helps_with_en": "Contacts with employers, starting a business, training for "
        "entrepreneurs.",
        "county": "kielce",
    },
    {
        "name": "Politechnika Świętokrzyska — Biuro Karier",
        "kind": Institution.Kind.UNIVERSITY,
        "helps_with_pl": "Studia, kursy i studia podyplomowe, potwierdzanie kwalifikacji.",
        "helps_with_en": "Degrees, courses and postgraduate studies, confirming qualifications.",
        "website": "https://uczelnia.example.org",
        "county": "kielce",
    },
    {
        "name": "Świętokrzyska Wojewódzka Komenda OHP",
        "kind": Institution.Kind.VOLUNTARY_LABOUR_CORPS,
        "helps_with_pl": "Pomoc młodym w nauce zawodu i znalezieniu pierwszej pracy.",
        "helps_with_en": "Helping young people learn a trade and find a first job.",
        "county": "kielce",
    },
    {
        "name": "Centrum Kształcenia Zawodowego w Skarżysku-Kamiennej",
        "kind": Institution.Kind.VOCATIONAL_TRAINING,
        "helps_with_pl": "Kursy zawodowe i egzaminy potwierdzające kwalifikacje.",
        "helps_with_en": "Vocational courses and exams that confirm qualifications.",
        "county": "skarzyski",
    },
    {
        "name": "Zakład Ubezpieczeń Społecznych Oddział w Kielcach",
        "kind": Institution.Kind.SOCIAL_INSURANCE,
        "helps_with_pl": "Emerytury z okresów pracy za granicą (koordynacja w UE), "
        "ubezpieczenie zdrowotne, formularze A1 i S1.",
        "helps_with_en": "Pensions from work abroad (EU coordination), health insurance, "
        "forms A1 and S1.",
        "county": "kielce",
    },
    {
        "name": "Pierwszy Urząd Skarbowy w Kielcach",
        "kind": Institution.Kind.TAX_OFFICE,
        "helps_with_pl": "Rozliczenie dochodów uzyskanych za granicą, ulga abolicyjna, "
        "ulga na powrót.",
        "helps_with_en": "Tax on income earned abroad, the abolition relief, the return relief.",
        "county": "kielce",
    },
    {
        "name": "Świętokrzyski Urząd Wojewódzki w Kielcach",
        "kind": Institution.Kind.OTHER,
        "helps_with_pl": "Pobyt członków rodziny spoza UE, obywatelstwo polskie, koordynacja "
        "świadczeń rodzinnych w UE.",
        "helps_with_en": "Residence of family members from outside the EU, Polish citizenship, "
        "EU coordination of family benefits.",
        "county": "kielce",
    },
    {
        "name": "Kuratorium Oświaty w Kielcach",
        "kind": Institution.Kind.QUALIFICATION_RECOGNITION,
        "helps_with_pl": "Uznawanie świadectw szkolnych uzyskanych za granicą, szkoła dla "
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
        "Świętokrzyskie Biuro Rozwoju Regionalnego w Kielcach",
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

# Saved answers staff start a reply from; {name} becomes the person's name.
SAVED_ANSWERS = [
    {
        "name": "Praca: rejestracja i oferty",
        "topic": "work",
        "language": "pl",
        "subject": "Praca po powrocie: od czego zacząć",
        "body": "Dzień dobry {name},\n\n"
        "dziękujemy za wiadomość. Oferty pracy w regionie są w powiatowych urzędach pracy "
        "i na stronie Wojewódzkiego Urzędu Pracy w Kielcach (także oferty EURES). Po rejestracji "
        "w urzędzie pracy można skorzystać z doradztwa zawodowego i szkoleń.\n\n"
        "Kto pracował w innym kraju UE, powinien wziąć z tamtejszego urzędu pracy formularz U1: "
        "dzięki niemu okresy pracy za granicą liczą się do zasiłku w Polsce.\n\n"
        "Chętnie zadzwonimy w dogodnym terminie; prosimy tylko napisać, kiedy.",
    },
    {
        "name": "Work: registering and job offers",
        "topic": "work",
        "language": "en",
        "subject": "Finding work after you return",
        "body": "Dear {name},\n\n"
        "thank you for your message. The county labour office and the Regional Labour Office in "
        "Kielce list job offers in the region, including EURES offers. Once registered with the "
        "labour office you can also get career advice and training.\n\n"
        "If you worked in another EU country, ask the employment office there for form U1: it "
        "makes your time at work abroad count towards unemployment benefit in Poland.\n\n"
        "We are happy to call you at a time that suits you.",
    },
    {
        "name": "Uznawanie kwalifikacji",
        "topic": "qualifications",
        "language": "pl",
        "subject": "Uznanie dyplomu lub kwalifikacji z zagranicy",
        "body": "Dzień dobry {name},\n\n"
        "to, gdzie uznać kwalifikacje, zależy od ich rodzaju:\n"
        "- świadectwa szkolne: kuratorium oświaty,\n"
        "- dyplomy ukończenia studiów: zwykle nie wymagają uznania (dla pracodawcy lub dalszej "
        "nauki pomoże NAWA),\n"
        "- zawody regulowane (np. pielęgniarka, elektryk z uprawnieniami): organ właściwy dla "
        "danego zawodu.\n\n"
        "Prosimy o informację, jakiego dokumentu dotyczy pytanie; wskażemy właściwy urząd "
        "i potrzebne tłumaczenia.",
    },
    {
        "name": "Recognition of qualifications",
        "topic": "qualifications",
        "language": "en",
        "subject": "Recognition of a diploma or qualification from abroad",
        "body": "Dear {name},\n\n"
        "where to have a qualification recognised depends on what it is:\n"
        "- school certificates: the regional education authority (kuratorium),\n"
        "- university degrees: usually no recognition is needed (NAWA helps if an employer or a "
        "university asks),\n"
        "- regulated professions (e.g. nurse, licensed electrician): the authority for that "
        "profession.\n\n"
        "Please tell us which document it is about and we will name the right office and the "
        "translations you need.",
    },
    {
        "name": "Emerytura i składki z zagranicy",
        "topic": "social_insurance",
        "language": "pl",
        "subject": "Składki i emerytura z pracy za granicą",
        "body": "Dzień dobry {name},\n\n"
        "okresy ubezpieczenia w krajach UE, EOG, Szwajcarii i Wielkiej Brytanii sumuje się przy "
        "ustalaniu prawa do emerytury. Wniosek składa się w ZUS w kraju zamieszkania, a ZUS "
        "przekazuje go instytucjom pozostałych krajów; każdy kraj wypłaca część za okres pracy "
        "u siebie.\n\n"
        "Warto zachować dokumenty z pracy za granicą (umowy, numery ubezpieczenia). "
        "O uldze na powrót w podatku PIT informuje urząd skarbowy.",
    },
    {
        "name": "Pensions and insurance from abroad",
        "topic": "social_insurance",
        "language": "en",
        "subject": "Contributions and pension from work abroad",
        "body": "Dear {name},\n\n"
        "insurance periods in the EU, EEA, Switzerland and the United Kingdom are added up when "
        "your right to a pension is decided. You apply to ZUS in the country where you live, and "
        "ZUS passes the application on to the other countries; each pays its part for the years "
        "you worked there.\n\n"
        "Keep your papers from work abroad (contracts, insurance numbers). The tax office "
        "explains the return relief (ulga na powrót) in income tax.",
    },
    {
        "name": "Własna firma: pierwsze kroki",
        "topic": "business",
        "language": "pl",
        "subject": "Założenie firmy po powrocie",
        "body": "Dzień dobry {name},\n\n"
        "jednoosobową działalność rejestruje się bezpłatnie przez internet w CEIDG "
        "(biznes.gov.pl). Przez pierwsze 6 miesięcy można skorzystać z ulgi na start (bez "
        "składek na ubezpieczenia społeczne).\n\n"
        "Osoby zarejestrowane jako bezrobotne mogą ubiegać się o dotację z powiatowego urzędu "
        "pracy; pożyczki i doradztwo oferuje też Świętokrzyskie Biuro Rozwoju Regionalnego. "
        "Zapraszamy na nasze warsztaty dla przedsiębiorców.",
    },
    {
        "name": "Own business: first steps",
        "topic": "business",
        "language": "en",
        "subject": "Starting a business after you return",
        "body": "Dear {name},\n\n"
        "a sole trader registers online, free of charge, in CEIDG (biznes.gov.pl). For the "
        "first 6 months the start-up relief (ulga na start) waives social insurance "
        "contributions.\n\n"
        "People registered as unemployed can apply for a start-up grant from the county labour "
        "office; the Regional Development Office offers loans and advice. You are welcome at "
        "our workshops for entrepreneurs.",
    },
    {
        "name": "Potwierdzenie: odpowiemy wkrótce",
        "topic": "",
        "language": "pl",
        "subject": "",
        "body": "Dzień dobry {name},\n\n"
        "dziękujemy za wiadomość. Sprawdzamy informacje i odpowiemy w ciągu dwóch dni "
        "roboczych. W pilnej sprawie prosimy o telefon na naszą infolinię.",
    },
    {
        "name": "Acknowledgement: we will answer soon",
        "topic": "",
        "language": "en",
        "subject": "",
        "body": "Dear {name},\n\n"
        "thank you for your message. We are looking into it and will answer within two "
        "working days. If it is urgent, please call our hotline.",
    },
]


def load() -> None:
    with transaction.atomic():
        for data in INSTITUTIONS:
            Institution.objects.update_or_create(name=data["name"], defaults=data)
        # Created once and then left alone: staff edit their saved answers.
        for data in SAVED_ANSWERS:
            ReplyTemplate.objects.get_or_create(
                name=data["name"], language=data["language"], defaults=data
            )
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
        _load_email_threads(now)


def _load_email_threads(now) -> None:
    """Two cases of the e-mail work: a reply thread waiting for the next answer, and a new
    question from the office mailbox that is overdue (built through the services, as real
    mail would be, but without queueing demo messages)."""
    from contacts import services

    if Case.objects.filter(form_token="demo-case-email").exists():
        return
    person, _ = Person.objects.update_or_create(
        email="katarzyna.zielinska@example.org",
        defaults={
            "name": "Katarzyna Zielińska",
            "language": "en",
            "country": "IE",
            "time_zone": "Europe/Dublin",
            "home_county": "sandomierski",
        },
    )
    asked = now - timedelta(days=4, hours=3)
    case = services.case_open(
        person=person,
        topics=["qualifications"],
        channel="web_form",
        summary="I worked as a nurse in Cork for six years. How do I get my Irish nursing "
        "registration recognised in Poland before we move back in spring?",
        occurred_at=asked,
        form_token="demo-case-email",
    )
    Case.objects.filter(pk=case.pk).update(created_at=asked)
    reference = case.reference
    services.case_log_contact(
        case=case,
        channel="email",
        direction="out",
        summary="Dear Katarzyna,\n\nnursing is a regulated profession: the district chamber of "
        "nurses and midwives (okręgowa izba pielęgniarek i położnych) decides on the right to "
        "practise. Bring your diploma, the Irish registration and a certificate of good "
        "standing, with sworn translations.\n\nWe can book you an appointment there.",
        occurred_at=asked + timedelta(days=1, hours=2),
        email_fields={
            "email_address": person.email,
            "subject": f"Recognition of your nursing registration {reference}",
            "message_id": f"<demo-reply-{case.pk}@re-turn.example>",
        },
    )
    services.case_log_contact(
        case=case,
        channel="email",
        direction="in",
        summary="Thank you, that helps a lot! Does the certificate of good standing have to "
        "be newer than three months? And could the appointment be in late March?",
        occurred_at=now - timedelta(hours=20),
        email_fields={
            "email_address": person.email,
            "subject": f"Re: Recognition of your nursing registration {reference}",
            "message_id": f"<demo-answer-{case.pk}@mail.example.org>",
            "quoted_text": "On Tuesday the First Contact Point wrote:\n> Dear Katarzyna,\n"
            "> nursing is a regulated profession: the district chamber of nurses and midwives\n"
            "> decides on the right to practise.",
        },
    )

    sender, _ = Person.objects.update_or_create(
        email="piotr.mazur@example.net",
        defaults={
            "name": "Piotr Mazur",
            "email_undeliverable_at": now - timedelta(days=1),
            "email_undeliverable_reason": "Undelivered Mail Returned to Sender",
        },
    )
    question = services.case_open(
        person=sender,
        topics=["other"],
        channel="email",
        summary="Dzień dobry, wracam z Holandii i chcę otworzyć firmę transportową. Czy są "
        "dotacje na zakup pierwszego samochodu? Pozdrawiam, Piotr",
        occurred_at=now - timedelta(days=6),
        flag=Case.Flag.NEW_QUESTION,
        email_fields={
            "email_address": sender.email,
            "subject": "Dotacja na firmę transportową",
            "message_id": "<demo-question@example.net>",
        },
    )
    Case.objects.filter(pk=question.pk).update(created_at=now - timedelta(days=6))
