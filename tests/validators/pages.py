"""The pages the validators check: every public GET URL from the resolver, and the staff pages.

Both the Nu Html Checker test (`test_html.py`) and the IBM Equal Access browser test
(`tests/e2e/test_equal_access.py`) take their pages from here, over the demo data that
`make run` loads, in both languages (Polish at `/…`, English at `/en/…`). A public URL that
needs an argument must get one in url_arguments, or `public_paths` fails: no public page
escapes the validators.
"""

from datetime import timedelta

from django.urls import resolve, reverse
from django.utils import timezone, translation

from tests.test_access import ACCESS, PUBLIC, SIGNED_IN, STAFF, url_patterns

LANGUAGES = ("pl", "en")

# Public URLs that answer something else than an HTML page, or nothing without a form post.
NOT_HTML = {
    "healthz",
    "pages:robots",
    "pages:favicon",
    "pages:sitemap",
    "pages:manifest",
    "news:feed",
}
NOT_HTML |= {"workshops:ics", "surveys:step", "surveys:resume", "surveys:resume_email"}
NOT_HTML |= {"contacts:person_search", "contacts:person_export_json", "contacts:case_export"}
NOT_HTML |= {"contacts:attachment_download", "workshops:staff_attendees_csv"}
NOT_HTML |= {"surveys:export", "surveys:codebook", "surveys:export_xlsx", "surveys:codebook_xlsx"}
NOT_HTML |= {"workshops:staff_attendees_xlsx", "contacts:case_export_xlsx"}

# Pages that are parts of another page (the kiosk fetches its slides): checked inside a document.
FRAGMENTS = {"pages:kiosk_slides"}

# The staff pages the browser test covers: what clerks spend their day on (vnu checks them all).
STAFF_PAGES = [
    "contacts:dashboard",
    "contacts:case_list",
    "contacts:case_detail",
    "contacts:person_detail",
    "contacts:quick_log",
    "workshops:staff_list",
    "workshops:staff_attendees",  # the check-in list
    "surveys:results",
    "contacts:report_monthly",
    "contacts:report_quarterly",
    "pages:visits",
]


def one_per_language(items: list) -> list:
    """The first item of each language: one page per template and language is enough."""
    first: dict = {}
    for item in items:
        first.setdefault(item.language, item)
    return list(first.values())


def load_world(*, sample: bool = False) -> dict:
    """Load the demo data (as `make run` does) and return what the URLs' arguments point at.

    With `sample`, pages that repeat one template for many items (articles, workshops) are
    taken once per language (the browser test's time goes into each page; vnu's does not).
    """
    from contacts import demo as contacts_demo
    from contacts.models import Case
    from returnportal.news import demo as news_demo
    from returnportal.news.models import Article
    from returnportal.pages import demo as pages_demo
    from surveys import demo as surveys_demo
    from surveys.models import Survey
    from tests.workshops.factories import InterestSubscriptionFactory, RegistrationFactory
    from workshops import demo as workshops_demo
    from workshops.models import Registration, Workshop

    for demo in (pages_demo, news_demo, contacts_demo, workshops_demo, surveys_demo):
        demo.load()
    workshop = Workshop.objects.get(slug="dotacje-na-start")  # full, with a waiting list
    pending = RegistrationFactory(
        workshop=Workshop.objects.exclude(pk=workshop.pk).order_by("starts_at").first(),
        status=Registration.Status.PENDING,
        holds_seat=True,
        hold_expires_at=timezone.now() + timedelta(minutes=30),
    )
    from tests.contacts.factories import PersonFactory

    case = Case.objects.filter(person__isnull=False).order_by("pk").first()
    articles = list(Article.objects.filter(status=Article.Status.PUBLISHED).order_by("pk"))
    workshops = list(Workshop.objects.filter(status=Workshop.Status.PUBLISHED).order_by("pk"))
    if sample:
        articles = one_per_language(articles)
        workshops = [workshop, *one_per_language(w for w in workshops if w != workshop)]
    return {
        "articles": articles,
        "workshops": workshops,
        "workshop": workshop,
        "registration": workshop.registrations.filter(status__in=Registration.ACTIVE).first(),
        "pending": pending,
        "subscription": InterestSubscriptionFactory(),
        "survey": Survey.objects.order_by("pk").first(),
        "case": case,
        "person": case.person,
        "namesake": PersonFactory(name=case.person.name),  # for the merge page
    }


def url_arguments(world: dict) -> dict:
    """Each URL name with arguments: the list of kwargs to render it with."""
    from workshops.services import reminders_off_token

    survey = {"slug": world["survey"].slug}
    person = {"pk": world["person"].pk}
    workshop = {"slug": world["workshop"].slug}
    return {
        "news:detail": [{"slug": article.slug} for article in world["articles"]],
        "workshops:detail": [{"slug": w.slug} for w in world["workshops"]],
        "workshops:register": [{"slug": w.slug} for w in world["workshops"]],
        "workshops:registration_sent": [{"slug": world["workshop"].slug}],
        "workshops:registration": [{"token": world["registration"].token}],
        "workshops:registration_confirm": [{"token": world["pending"].token}],
        "workshops:registration_cancel": [{"token": world["registration"].token}],
        "workshops:reminders_off": [{"token": reminders_off_token(world["registration"])}],
        "workshops:unsubscribe": [{"token": world["subscription"].token}],
        "surveys:detail": [survey],
        "surveys:thanks": [survey],
        "surveys:not_eligible": [survey],
        "contacts:case_detail": [{"pk": world["case"].pk}],
        "contacts:person_detail": [person],
        "contacts:person_update": [person],
        "contacts:person_export": [person],
        "contacts:person_erase": [person],
        "contacts:person_merge": [{**person, "other_pk": world["namesake"].pk}],
        "workshops:staff_attendees": [workshop],
        "workshops:staff_attendees_print": [workshop],
        "workshops:staff_register": [workshop],
        "workshops:staff_cancel": [{**workshop, "pk": world["registration"].pk}],
        "surveys:results": [survey],
        "surveys:text_answers": [{**survey, "code": "expectations"}],
    }


def _paths(names, world: dict) -> list[str]:
    arguments = url_arguments(world)
    routes = dict(url_patterns())
    paths = []
    for language in LANGUAGES:
        with translation.override(language):
            for name in names:
                needs_arguments = "<" in routes[name]
                if needs_arguments and name not in arguments:
                    raise AssertionError(f"{name}: add its arguments to url_arguments")
                for kwargs in arguments.get(name, [{}]) if needs_arguments else [{}]:
                    paths.append(reverse(name, kwargs=kwargs))
    return paths


def public_names() -> list[str]:
    return [
        name
        for name, _route in url_patterns()
        if ACCESS.get(name) == PUBLIC and name not in NOT_HTML
    ]


def public_paths(world: dict) -> list[str]:
    """Every public HTML page in both languages, and the 404 page."""
    return [*_paths(public_names(), world), "/no-such-page/", "/en/no-such-page/"]


def staff_paths(world: dict, *, every: bool = False) -> list[str]:
    """The staff pages of STAFF_PAGES in both languages; with `every`, each staff HTML page.

    `every` takes them from the resolver: the staff URLs, and those open to any signed-in
    user (password change, second-factor set-up).
    """
    if not every:
        return _paths(STAFF_PAGES, world)
    names = [
        name
        for name, _route in url_patterns()
        if ACCESS.get(name) in (STAFF, SIGNED_IN) and name not in NOT_HTML
    ]
    return _paths(names, world)


def view_name(path: str) -> str:
    """The URL name a path resolves to, in the language its prefix says."""
    with translation.override("en" if path.startswith("/en/") else "pl"):
        return resolve(path).view_name
