"""Demo pages: about the project, contact details, the privacy notice v1, the accessibility
statement and the office's information (idempotent)."""

from datetime import date

from django.conf import settings
from django.utils import timezone

from returnportal.pages.models import AccessibilityStatement, OfficeInfo, Page, PrivacyNotice

ABOUT_PL = """\
**Punkt Pierwszego Kontaktu** pomaga osobom, które wracają do regionu po latach pracy i życia \
za granicą, oraz pracodawcom, którzy chcą skorzystać z ich doświadczenia.

## Skąd się wzięliśmy

Punkt powstał w ramach projektu **Re-Turn** („Regions benefitting from returning migrants”), \
realizowanego w latach 2011-2014 w Programie dla Europy Środkowej i współfinansowanego przez \
Unię Europejską ze środków Europejskiego Funduszu Rozwoju Regionalnego. Projektem kierował \
Instytut Geografii Regionalnej im. Leibniza w Lipsku, a partnerami były regiony z Niemiec, \
Austrii, Czech, Węgier, Włoch, Polski i Słowenii.

Idea projektu jest prosta: ludzie, którzy wracają po pracy za granicą, przywożą umiejętności, \
które mogą napędzać rozwój regionu — jeśli dostaną pomoc, by zacząć od nowa.

## Co robimy

- odpowiadamy na pytania przez bezpłatną infolinię, e-mail i w biurze;
- zbieramy i przekazujemy informacje o wsparciu w regionie;
- prowadzimy warsztaty o finansowaniu, zakładaniu firmy i zdobywaniu nowych kwalifikacji;
- rozmawiamy z przedsiębiorcami o zatrudnianiu osób powracających;
- badamy potrzeby osób, które mieszkały za granicą dłużej niż sześć miesięcy.

## Z kim współpracujemy

Pracę punktu wspiera regionalna grupa robocza: Wojewódzki Urząd Pracy, powiatowe urzędy pracy, \
urząd miasta, biuro rozwoju regionalnego, politechnika, Ochotnicze Hufce Pracy, centra \
kształcenia zawodowego i regionalna izba przemysłowo-handlowa.
"""

ABOUT_EN = """\
The **First Contact Point** helps people who come back to the region after years of living and \
working abroad, and employers who want to benefit from their experience.

## Where we come from

The contact point grew out of **Re-Turn** ("Regions benefitting from returning migrants"), a \
Central Europe Programme project run from 2011 to 2014 and co-financed by the European Union \
from the European Regional Development Fund. It was led by the Leibniz Institute for Regional \
Geography in Leipzig, with partner regions in Germany, Austria, the Czech Republic, Hungary, \
Italy, Poland and Slovenia.

Its idea is simple: people who come back after working abroad bring skills that can drive the \
region's development, if they get help to start again.

## What we do

- answer questions on a free hotline, by e-mail and at our desk;
- gather and pass on information about support in the region;
- run workshops on funding, starting a business and gaining new vocational qualifications;
- talk with entrepreneurs about hiring people who have come back;
- study the needs of people who lived abroad for more than six months.

## Who we work with

A regional working group supports the contact point: the regional labour office, the county \
labour offices, the city, the regional development office, the university of technology, the \
Voluntary Labour Corps, vocational training centres and the regional chamber of industry and \
commerce.
"""

CONTACT_PL = """\
Zadzwoń, napisz albo odwiedź nas w biurze — porada jest bezpłatna. Rozmawiamy po polsku \
i po angielsku. Jeśli wolisz umówić się na konkretną godzinę, napisz przez formularz \
„Zapytaj nas”.
"""

CONTACT_EN = """\
Call, write or visit us at the office: advice is free. We speak Polish and English. If you \
would rather book a time, write to us through the "Ask us" form.
"""

PRIVACY_PL = """\
## Administrator danych

Administratorem Twoich danych osobowych jest Urząd Marszałkowski Województwa \
Świętokrzyskiego, który prowadzi Punkt Pierwszego Kontaktu ({address}).

## Inspektor ochrony danych

W sprawach ochrony danych możesz kontaktować się z inspektorem ochrony danych: \
e-mail iod@re-turn.example lub listownie na adres administratora.

## Cele i podstawy przetwarzania

- **Rejestr spraw i kontaktów** (rozmowy, e-maile, wizyty): wykonanie zadania w interesie \
publicznym (art. 6 ust. 1 lit. e RODO) — pomoc osobom powracającym z zagranicy.
- **Warsztaty** (zapisy, lista obecności, przypomnienia): wykonanie zadania w interesie \
publicznym (art. 6 ust. 1 lit. e RODO).
- **Dane kontaktowe podane w ankiecie i listy zainteresowanych**: Twoja zgoda \
(art. 6 ust. 1 lit. a RODO).

## Odbiorcy

Dane mogą otrzymać instytucje, do których — na Twoją prośbę — kierujemy sprawę (np. urząd \
pracy), oraz podmioty, które na nasze zlecenie utrzymują system informatyczny i pocztę, \
wyłącznie na podstawie umowy powierzenia.

## Jak długo przechowujemy dane

- rejestr spraw: 5 lat od zakończenia sprawy;
- zapisy na warsztaty: 2 lata od warsztatu;
- dane kontaktowe z ankiety i list zainteresowanych: do wycofania zgody, nie dłużej niż do \
końca działania punktu; odpowiedzi z ankiety analizujemy bez danych, które pozwalają Cię \
zidentyfikować.

## Twoje prawa

Masz prawo dostępu do swoich danych, ich sprostowania, usunięcia, ograniczenia przetwarzania, \
wniesienia sprzeciwu i przenoszenia danych. Zgodę możesz wycofać w każdej chwili; nie wpływa \
to na zgodność z prawem przetwarzania, którego dokonano przed jej wycofaniem.

Masz prawo wnieść skargę do Prezesa Urzędu Ochrony Danych Osobowych (UODO, ul. Stawki 2, \
00-193 Warszawa).

## Czy musisz podać dane

Podanie danych jest dobrowolne. Bez danych kontaktowych nie będziemy mogli odpowiedzieć na \
Twoje pytanie ani zapisać Cię na warsztat. Ankietę możesz wypełnić bez podawania danych \
kontaktowych.
"""

PRIVACY_EN = """\
## Controller

Your personal data are controlled by the Marshal's Office of the Świętokrzyskie Voivodeship, \
which runs the First Contact Point ({address}).

## Data protection officer

For anything about your data you can contact our data protection officer: e-mail \
iod@re-turn.example, or by post at the controller's address.

## Purposes and legal basis

- **The case and contact log** (calls, e-mails, visits): a task carried out in the public \
interest (Art. 6(1)(e) GDPR): helping people who come back from abroad.
- **Workshops** (registration, attendance, reminders): a task carried out in the public \
interest (Art. 6(1)(e) GDPR).
- **Contact details given in the survey, and interest lists**: your consent \
(Art. 6(1)(a) GDPR).

## Recipients

Your data may be passed to an institution we refer your case to at your request (for example \
a labour office), and to providers who run our IT system and e-mail on our behalf, only under \
a data processing agreement.

## How long we keep data

- the case log: 5 years after the case is closed;
- workshop registrations: 2 years after the workshop;
- survey contact details and interest lists: until you withdraw your consent, at most until the \
contact point closes; survey answers are analysed without anything that identifies you.

## Your rights

You have the right of access to your data, to rectification, erasure, restriction of \
processing, to object and to data portability. You may withdraw your consent at any time; \
this does not affect the lawfulness of processing before the withdrawal.

You have the right to lodge a complaint with the President of the Personal Data Protection \
Office (UODO), ul. Stawki 2, 00-193 Warszawa, Poland.

## Do you have to give your data

Giving your data is voluntary. Without contact details we cannot answer your question or \
register you for a workshop. You can fill in the survey without giving any contact details.
"""

NON_ACCESSIBLE_PL = """\
- Niektóre starsze dokumenty PDF opublikowane w wiadomościach mogą nie mieć struktury \
nagłówków. Na prośbę udostępnimy je w dostępnej formie.
- Kody QR na panelu informacyjnym mają obok siebie tekst z adresem strony.
"""

NON_ACCESSIBLE_EN = """\
- Some older PDF documents attached to news may lack a heading structure. We will provide an \
accessible version on request.
- The QR codes on the information panel are accompanied by the page's address in text.
"""

ARCHITECTURE_PL = """\
Biuro punktu znajduje się na parterze budynku urzędu. Do budynku prowadzi wejście bez \
progów z podjazdem dla wózków; drzwi otwierają się automatycznie. Przed budynkiem są dwa \
miejsca parkingowe dla osób z niepełnosprawnościami. Na stanowisku obsługi działa pętla \
indukcyjna. Do budynku można wejść z psem asystującym.
"""

ARCHITECTURE_EN = """\
The contact point's office is on the ground floor of the office building. The entrance has no \
steps and a ramp; the doors open automatically. There are two parking spaces for people with \
disabilities in front of the building. The service desk has an induction loop. Assistance dogs \
are welcome.
"""


def load() -> None:
    address = settings.OFFICE_ADDRESS
    for slug, title_pl, title_en, body_pl, body_en in (
        (Page.Slug.ABOUT, "O projekcie Re-Turn", "About the Re-Turn project", ABOUT_PL, ABOUT_EN),
        (
            Page.Slug.CONTACT,
            "Dane kontaktowe i godziny pracy",
            "Contact details and office hours",
            CONTACT_PL,
            CONTACT_EN,
        ),
    ):
        Page.objects.update_or_create(
            slug=slug,
            defaults={
                "title_pl": title_pl,
                "title_en": title_en,
                "body_pl": body_pl,
                "body_en": body_en,
            },
        )
    # A published notice is never rewritten: consents point at its version.
    PrivacyNotice.objects.get_or_create(
        version=settings.PRIVACY_NOTICE_VERSION,
        defaults={
            "body_pl": PRIVACY_PL.format(address=address),
            "body_en": PRIVACY_EN.format(address=address),
            "published_at": timezone.now(),
        },
    )
    OfficeInfo.objects.update_or_create(
        pk=1,
        defaults={
            "address": address,
            "phone": settings.HOTLINE_NUMBER,
            "email": settings.CONTACT_POINT_EMAIL,
            "hours_pl": "poniedziałek, środa, piątek: 8:00-16:00\nwtorek, czwartek: 10:00-18:00",
            "hours_en": "Monday, Wednesday, Friday: 8:00-16:00\nTuesday, Thursday: 10:00-18:00",
        },
    )
    AccessibilityStatement.objects.update_or_create(
        pk=1,
        defaults={
            "public_body": "Urząd Marszałkowski Województwa Świętokrzyskiego",
            "site_published_on": date(2026, 11, 1),
            "site_updated_on": date(2026, 11, 1),
            "prepared_on": date(2026, 11, 1),
            "reviewed_on": date(2026, 11, 1),
            "status": AccessibilityStatement.Status.PARTIAL,
            "non_accessible_pl": NON_ACCESSIBLE_PL,
            "non_accessible_en": NON_ACCESSIBLE_EN,
            "contact_name": "Anna Nowak",
            "contact_email": "dostepnosc@re-turn.example",
            "contact_phone": settings.HOTLINE_NUMBER,
            "architecture_pl": ARCHITECTURE_PL,
            "architecture_en": ARCHITECTURE_EN,
        },
    )
