"""Demo news about the contact point's work, in Polish and English (idempotent, keyed on slug)."""

from datetime import timedelta

from django.utils import timezone

from returnportal.news.models import Article

# (days ago, language, slug, title, lead, body)
ARTICLES = [
    (
        2,
        "pl",
        "posiedzenie-regionalnej-grupy-roboczej",
        "Regionalna grupa robocza o wsparciu dla powracających",
        "W Kielcach spotkali się przedstawiciele urzędów pracy, miasta, uczelni i organizacji "
        "pracodawców, by uzgodnić wspólne działania na rzecz osób wracających z emigracji.",
        "Na jesiennym posiedzeniu regionalnej grupy roboczej spotkali się przedstawiciele "
        "Wojewódzkiego Urzędu Pracy, powiatowych urzędów pracy, Urzędu Miasta Kielce, biura "
        "rozwoju regionalnego, Politechniki Świętokrzyskiej, Ochotniczych Hufców Pracy, centrów "
        "kształcenia zawodowego oraz Świętokrzyskiej Izby Przemysłowo-Handlowej.\n\n"
        "## Co ustalono\n\n"
        "- powiatowe urzędy pracy będą kierować do Punktu Pierwszego Kontaktu osoby, które "
        "niedawno wróciły z zagranicy;\n"
        "- izba przygotuje listę pracodawców zainteresowanych zatrudnieniem powracających;\n"
        "- uczelnia pomoże w sprawach uznawania dyplomów zdobytych za granicą.\n\n"
        "Następne spotkanie odbędzie się za trzy miesiące. Pytania do grupy można przekazywać "
        "przez bezpłatną infolinię lub formularz „Zapytaj nas”.",
    ),
    (
        2,
        "en",
        "regional-working-group-meeting",
        "Regional working group discusses support for returnees",
        "Labour offices, the city, the university and employers' organisations met in Kielce "
        "to agree on joint action for people coming back from abroad.",
        "The autumn meeting of the regional working group brought together the Regional Labour "
        "Office, the county labour offices, Kielce City Hall, the regional development office, "
        "the Kielce University of Technology, the Voluntary Labour Corps, vocational training "
        "centres and the Świętokrzyskie Chamber of Industry and Commerce.\n\n"
        "## What was agreed\n\n"
        "- county labour offices will refer people who have recently come back to the First "
        "Contact Point;\n"
        "- the chamber will prepare a list of employers interested in hiring returnees;\n"
        "- the university will help with the recognition of diplomas earned abroad.\n\n"
        "The group meets again in three months. Questions for the group can be passed on through "
        "the free hotline or the “Ask us” form.",
    ),
    (
        9,
        "pl",
        "nowy-katalog-instytucji",
        "Nowe narzędzie: katalog instytucji, które pomagają po powrocie",
        "Na portalu działa katalog „Gdzie szukać pomocy” z danymi urzędów pracy, ZUS, urzędów "
        "skarbowych, uczelni i instytucji szkoleniowych w regionie.",
        "Po powrocie do kraju trzeba załatwić wiele spraw naraz: rejestrację w urzędzie pracy, "
        "ubezpieczenie zdrowotne, rozliczenie podatku od dochodów zagranicznych, a czasem "
        "uznanie kwalifikacji.\n\n"
        "Nowy katalog **„Gdzie szukać pomocy”** zbiera w jednym miejscu instytucje z całego "
        "województwa: wojewódzki i powiatowe urzędy pracy, urząd marszałkowski, ZUS, urzędy "
        "skarbowe, uczelnie, OHP i centra kształcenia zawodowego. Przy każdej instytucji "
        "podajemy, w jakich sprawach pomaga i jak się z nią skontaktować.\n\n"
        "Jeśli nie wiesz, od czego zacząć, zadzwoń na naszą bezpłatną infolinię: doradca wskaże "
        "właściwe miejsce i — za Twoją zgodą — przekaże sprawę dalej.",
    ),
    (
        9,
        "en",
        "new-directory-of-institutions",
        "New tool: a directory of institutions that help after coming back",
        "The portal now has a “Where to get help” directory with the labour offices, social "
        "insurance, tax offices, universities and training providers of the region.",
        "Coming back means dealing with many things at once: registering with the labour office, "
        "health insurance, tax on income earned abroad and sometimes the recognition of "
        "qualifications.\n\n"
        "The new **“Where to get help”** directory lists the institutions of the whole region in "
        "one place: the regional and county labour offices, the marshal's office, the social "
        "insurance office (ZUS), tax offices, universities, the Voluntary Labour Corps and "
        "vocational training centres, each with what it helps with and how to reach it.\n\n"
        "If you do not know where to start, call our free hotline: an adviser will point you to "
        "the right place and, with your consent, pass your case on.",
    ),
    (
        16,
        "pl",
        "pierwsze-wnioski-z-analizy-potrzeb",
        "Pierwsze wnioski z analizy potrzeb osób powracających",
        "Najczęstsze pytania dotyczą pracy, uznawania kwalifikacji i zakładania firmy. "
        "Przedstawiamy wnioski z pierwszych miesięcy działania punktu.",
        "Przeanalizowaliśmy sprawy zgłaszane do Punktu Pierwszego Kontaktu w pierwszych "
        "miesiącach jego działania.\n\n"
        "## Najczęstsze tematy\n\n"
        "1. praca i oferty zatrudnienia w regionie;\n"
        "2. uznawanie dyplomów i kwalifikacji zawodowych zdobytych za granicą;\n"
        "3. zakładanie własnej działalności gospodarczej i źródła jej finansowania;\n"
        "4. emerytury i świadczenia z innych krajów Unii Europejskiej.\n\n"
        "Wnioski posłużą do zaplanowania kolejnych warsztatów. Pełniejszy obraz da ankieta "
        "skierowana do osób, które mieszkały za granicą dłużej niż sześć miesięcy — "
        "zachęcamy do jej wypełnienia.",
    ),
    (
        16,
        "en",
        "first-findings-of-the-needs-analysis",
        "First findings of the analysis of returnees' needs",
        "Most questions are about work, the recognition of qualifications and starting a "
        "business. Here is what the first months of the contact point show.",
        "We analysed the cases brought to the First Contact Point in its first months.\n\n"
        "## The most frequent topics\n\n"
        "1. work and job offers in the region;\n"
        "2. recognition of diplomas and vocational qualifications earned abroad;\n"
        "3. starting one's own business and how to fund it;\n"
        "4. pensions and benefits from other European Union countries.\n\n"
        "The findings will shape the next workshops. The survey for people who lived abroad for "
        "more than six months will give a fuller picture: please take part.",
    ),
    (
        23,
        "pl",
        "warsztaty-dla-przedsiebiorcow",
        "Jak wykorzystać doświadczenie pracowników, którzy wrócili z zagranicy",
        "Zapraszamy pracodawców na warsztaty o zatrudnianiu osób powracających i o tym, "
        "jak korzystać z umiejętności zdobytych przez nich za granicą.",
        "Osoby wracające z emigracji przywożą znajomość języków, nowe umiejętności zawodowe "
        "i doświadczenie pracy w innych kulturach organizacyjnych. Dla wielu firm z regionu to "
        "szansa.\n\n"
        "Na warsztatach dla przedsiębiorców opowiemy o:\n\n"
        "- dostępnych formach wsparcia zatrudnienia z urzędów pracy,\n"
        "- potwierdzaniu kwalifikacji zdobytych za granicą,\n"
        "- dobrych praktykach firm, które już zatrudniają powracających.\n\n"
        "Terminy i zapisy znajdziesz w zakładce „Warsztaty”.",
    ),
    (
        23,
        "en",
        "workshops-for-employers",
        "Making the most of employees who have come back from abroad",
        "Employers are invited to workshops on hiring returnees and using the skills they "
        "gained abroad.",
        "People who come back bring languages, new vocational skills and experience of working "
        "in other organisational cultures. For many firms in the region that is an "
        "opportunity.\n\n"
        "The workshops for entrepreneurs cover:\n\n"
        "- the employment support available from labour offices,\n"
        "- confirming qualifications earned abroad,\n"
        "- good practice from firms that already employ returnees.\n\n"
        "Dates and registration are on the “Workshops” page.",
    ),
    (
        30,
        "pl",
        "panel-informacyjny-w-biurze-obslugi",
        "Panel informacyjny w sali obsługi klientów",
        "W sali obsługi klientów urzędu działa ekran z aktualnymi warsztatami, wiadomościami "
        "i kodami QR do zapisów.",
        "Odwiedzający urząd mogą teraz na bieżąco sprawdzić najbliższe warsztaty i wiadomości "
        "na ekranie w sali obsługi klientów. Przy każdym warsztacie wyświetlamy kod QR — "
        "wystarczy zeskanować go telefonem, aby się zapisać.\n\n"
        "Na ekranie znajdziesz też numer bezpłatnej infolinii i godziny pracy punktu.",
    ),
    (
        30,
        "en",
        "information-panel-in-the-customer-hall",
        "An information panel in the customer-service hall",
        "A screen in the office's customer-service hall now shows upcoming workshops, news and "
        "QR codes for registration.",
        "Visitors to the office can now see the next workshops and the latest news on the "
        "screen in the customer-service hall. Each workshop has a QR code: scan it with your "
        "phone to register.\n\n"
        "The screen also shows the free hotline number and the contact point's opening hours.",
    ),
]


def load() -> None:
    now = timezone.now()
    for days_ago, language, slug, title, lead, body in ARTICLES:
        Article.objects.update_or_create(
            slug=slug,
            defaults={
                "title": title,
                "lead": lead,
                "body": body,
                "language": language,
                "status": Article.Status.PUBLISHED,
            },
            create_defaults={
                "title": title,
                "lead": lead,
                "body": body,
                "language": language,
                "status": Article.Status.PUBLISHED,
                "published_at": now - timedelta(days=days_ago),
            },
        )
