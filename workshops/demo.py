"""Demo workshops in Polish and English, with dates relative to today (`manage.py load_demo`)."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from workshops.models import Audience, Registration, Workshop, WorkshopTopic

KIELCE_OFFICE = "Wojewódzki Urząd Pracy, ul. Witosa 86, 25-561 Kielce"
SANDOMIERZ = "Powiatowy Urząd Pracy, ul. Kwiatkowskiego 1, 27-600 Sandomierz"
CHAMBER = "Izba Przemysłowo-Handlowa, ul. Sienkiewicza 53, 25-002 Kielce"

WORKSHOPS = [
    {
        "slug": "wlasna-firma-po-powrocie",
        "title": "Własna firma po powrocie z zagranicy",
        "audience": Audience.MIGRANTS,
        "topic": WorkshopTopic.BUSINESS,
        "language": "pl",
        "days": 9,
        "hour": 10,
        "venue": KIELCE_OFFICE,
        "capacity": 20,
        "description": (
            "Jak krok po kroku zarejestrować jednoosobową działalność gospodarczą w CEIDG, "
            "wybrać formę opodatkowania i skorzystać z ulg dla nowych firm (ulga na start, "
            "mały ZUS). Rozmawiamy też o tym, jak wykorzystać doświadczenie zdobyte za granicą "
            "i kontakty z zagranicznymi klientami."
        ),
    },
    {
        "slug": "dotacje-na-start",
        "title": "Dotacje i pożyczki na rozpoczęcie działalności",
        "audience": Audience.MIGRANTS,
        "topic": WorkshopTopic.FUNDING,
        "language": "pl",
        "days": 16,
        "hour": 12,
        "venue": SANDOMIERZ,
        "capacity": 3,
        "description": (
            "Przegląd wsparcia dostępnego w regionie: jednorazowe środki z urzędu pracy na "
            "podjęcie działalności, pożyczki z funduszy regionalnych i programy unijne. "
            "Pokażemy, jak przygotować biznesplan i jakie dokumenty zebrać."
        ),
    },
    {
        "slug": "uznawanie-kwalifikacji",
        "title": "Uznawanie dyplomów i kwalifikacji zdobytych za granicą",
        "audience": Audience.MIGRANTS,
        "topic": WorkshopTopic.RECOGNITION,
        "language": "pl",
        "days": 30,
        "hour": 16,
        "venue": "",
        "online_url": "https://meet.re-turn.example/uznawanie",
        "capacity": 40,
        "opens_in_days": 5,
        "description": (
            "Kiedy potrzebna jest nostryfikacja dyplomu, a kiedy wystarczy uznanie kwalifikacji "
            "zawodowych w zawodzie regulowanym. Spotkanie online z przedstawicielami "
            "instytucji, które prowadzą te postępowania."
        ),
    },
    {
        "slug": "starting-a-business-in-poland",
        "title": "Starting a business in Poland after years abroad",
        "audience": Audience.MIGRANTS,
        "topic": WorkshopTopic.BUSINESS,
        "language": "en",
        "days": 12,
        "hour": 17,
        "venue": "",
        "online_url": "https://meet.re-turn.example/business-en",
        "capacity": 30,
        "description": (
            "For returnees more at home in English: registering a sole proprietorship, "
            "social insurance (ZUS) for new businesses, and what counts from the years you "
            "worked in another EU country. Online, with time for your questions."
        ),
    },
    {
        "slug": "hiring-returnees",
        "title": "Hiring returnees: skills your company can use",
        "audience": Audience.ENTREPRENEURS,
        "topic": WorkshopTopic.SKILLS,
        "language": "en",
        "days": 21,
        "hour": 9,
        "venue": CHAMBER,
        "capacity": 25,
        "description": (
            "Employers from the region and people who came back from the UK, Germany and "
            "Ireland talk about languages, work habits and qualifications gained abroad, and "
            "how to find and keep such employees."
        ),
    },
    {
        "slug": "nowe-kwalifikacje-zawodowe",
        "title": "Nowe kwalifikacje zawodowe: kursy i przekwalifikowanie",
        "audience": Audience.BOTH,
        "topic": WorkshopTopic.QUALIFICATIONS,
        "language": "pl",
        "days": 40,
        "hour": 10,
        "venue": KIELCE_OFFICE,
        "capacity": 15,
        "description": (
            "Bony szkoleniowe, kursy w centrach kształcenia zawodowego i egzaminy "
            "potwierdzające kwalifikacje. Dla osób, które chcą zmienić zawód, i dla firm, "
            "które chcą przeszkolić nowych pracowników."
        ),
    },
    {
        "slug": "emerytury-z-zagranicy",
        "title": "Emerytura i ubezpieczenie po pracy w innym kraju UE",
        "audience": Audience.MIGRANTS,
        "topic": WorkshopTopic.SOCIAL_SECURITY,
        "language": "pl",
        "days": -14,
        "hour": 11,
        "venue": KIELCE_OFFICE,
        "capacity": 30,
        "description": (
            "Jak sumuje się okresy ubezpieczenia z różnych krajów UE, jakie formularze złożyć "
            "w ZUS i jak rozliczyć podatek od dochodów uzyskanych za granicą."
        ),
    },
]

# A few invented returning migrants, so that the staff pages and the "full" workshop show
# something.
PEOPLE = [
    ("Katarzyna Wójcik", "katarzyna.wojcik@example.org", "GB"),
    ("Tomasz Kamiński", "tomasz.kaminski@example.org", "DE"),
    ("Agnieszka Lewandowska", "agnieszka.lewandowska@example.org", "IE"),
    ("Marek Zając", "marek.zajac@example.org", "NL"),
]


def _at(days: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def load() -> None:
    for data in WORKSHOPS:
        starts_at = _at(data["days"], data["hour"])
        opens_in = data.get("opens_in_days")
        Workshop.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "title": data["title"],
                "audience": data["audience"],
                "topic": data["topic"],
                "language": data["language"],
                "description": data["description"],
                "starts_at": starts_at,
                "ends_at": starts_at + timedelta(hours=3),
                "venue": data["venue"],
                "online_url": data.get("online_url", ""),
                "capacity": data["capacity"],
                "has_waiting_list": True,
                "registration_opens_at": _at(opens_in, 9) if opens_in else None,
                "registration_closes_at": None,
                "status": Workshop.Status.PUBLISHED,
                "published_at": timezone.now(),
                "organiser_name": "Punkt Pierwszego Kontaktu",
                "organiser_email": "warsztaty@re-turn.example",
                "organiser_phone": settings.HOTLINE_NUMBER,
            },
        )
    full = Workshop.objects.get(slug="dotacje-na-start")
    for index, (name, email, country) in enumerate(PEOPLE):
        Registration.objects.get_or_create(
            workshop=full,
            email=email,
            status__in=Registration.ACTIVE,
            defaults={
                "name": name,
                "participant_type": Registration.ParticipantType.MIGRANT,
                "country": country,
                "language": "pl",
                "status": Registration.Status.CONFIRMED
                if index < full.capacity
                else Registration.Status.WAITING,
                "consent_notice_version": "demo",
            },
        )
