"""Every URL pattern, found from the resolver, requested by every role against one table.

A new URL fails this test until someone decides, in ACCESS below, who may reach it.
"""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from surveys.returnee import returnee_survey_load
from tests.contacts.factories import CaseFactory, ContactAttachmentFactory, PersonFactory
from tests.factories import EditorUserFactory, StaffUserFactory, SuperuserFactory, UserFactory
from tests.news.factories import ArticleFactory
from tests.workshops.factories import InterestSubscriptionFactory, RegistrationFactory
from workshops.services import reminders_off_token

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "editor", "staff", "superuser"]

# Expected GET status per role: anonymous, content editor, contact-point staff, superuser.
PUBLIC = (200, 200, 200, 200)
STAFF = (302, 403, 200, 200)  # strangers sign in first; signed-in users without the role: 403
STAFF_POST_ONLY = (302, 403, 405, 405)
SIGNED_IN = (302, 200, 200, 200)
EDITORS = (302, 200, 403, 200)  # content with no personal data: editors yes, clerks no
SIGN_IN_FIRST = {STAFF, STAFF_POST_ONLY, SIGNED_IN, EDITORS}  # strangers' 302 is to the sign-in

ACCESS = {
    "healthz": PUBLIC,
    "pages:home": PUBLIC,
    "pages:about": PUBLIC,
    "pages:contact_details": PUBLIC,
    "pages:privacy": PUBLIC,
    "pages:accessibility": PUBLIC,
    "pages:kiosk": PUBLIC,
    "pages:kiosk_slides": PUBLIC,
    "pages:visits": STAFF,
    "pages:robots": PUBLIC,
    "pages:favicon": (301, 301, 301, 301),
    "pages:sitemap": PUBLIC,
    "pages:manifest": PUBLIC,
    "login": (200, 302, 302, 302),
    "two_factor_verify": (302, 302, 302, 302),  # no device yet: on to the set-up page
    "two_factor_setup": SIGNED_IN,
    "logout": (405, 405, 405, 405),  # sign-out is a POST
    "password_reset": PUBLIC,
    "password_reset_done": PUBLIC,
    "password_reset_confirm": (302, 302, 302, 302),  # Django hides the token behind a redirect
    "password_reset_complete": PUBLIC,
    "password_change": SIGNED_IN,
    "password_change_done": SIGNED_IN,
    "news:list": PUBLIC,
    "news:feed": PUBLIC,
    "news:preview": EDITORS,
    "news:detail": PUBLIC,
    "contacts:contact_form": PUBLIC,
    "contacts:contact_thanks": PUBLIC,
    "contacts:institution_list": PUBLIC,
    "contacts:dashboard": STAFF,
    "contacts:quick_log": STAFF,
    "contacts:person_list": STAFF,
    "contacts:person_search": STAFF,
    "contacts:person_detail": STAFF,
    "contacts:person_update": STAFF,
    "contacts:person_export_json": STAFF,
    "contacts:person_export": STAFF,
    "contacts:person_erase": STAFF,
    "contacts:person_duplicates": STAFF,
    "contacts:person_merge": STAFF,
    "contacts:case_list": STAFF,
    "contacts:case_export": STAFF,
    "contacts:case_export_xlsx": STAFF,
    "contacts:case_detail": STAFF,
    "contacts:case_update": STAFF_POST_ONLY,
    "contacts:case_refer": STAFF_POST_ONLY,
    "contacts:case_outcome": STAFF_POST_ONLY,
    "contacts:case_reply": STAFF_POST_ONLY,
    "contacts:attachment_download": STAFF,
    "contacts:report_monthly": STAFF,
    "contacts:report_quarterly": STAFF,
    "workshops:list": PUBLIC,
    "workshops:archive": PUBLIC,
    "workshops:interest": PUBLIC,
    "workshops:unsubscribe": PUBLIC,  # GET shows the button; only POST unsubscribes
    "workshops:unsubscribe_one_click": (302, 302, 302, 302),  # GET: on to the button's page
    "workshops:resubscribe": (405, 405, 405, 405),  # a form post from the unsubscribe page
    "workshops:reminders_off": PUBLIC,  # GET shows the button; only POST turns them off
    "workshops:reminders_off_one_click": (302, 302, 302, 302),
    "workshops:ics": PUBLIC,
    "workshops:detail": PUBLIC,
    "workshops:register": PUBLIC,
    "workshops:registration_sent": PUBLIC,
    "workshops:registration": PUBLIC,
    "workshops:registration_confirm": PUBLIC,  # GET shows the button; only POST confirms
    "workshops:registration_cancel": PUBLIC,  # GET asks first; only POST cancels
    "workshops:staff_list": STAFF,
    "workshops:staff_attendees": STAFF,
    "workshops:staff_attendees_print": STAFF,
    "workshops:staff_attendees_csv": STAFF,
    "workshops:staff_attendees_xlsx": STAFF,
    "workshops:staff_attendance": STAFF_POST_ONLY,
    "workshops:staff_cancel": STAFF,  # GET asks first; only POST cancels
    "workshops:staff_cancel_undo": STAFF_POST_ONLY,
    "workshops:staff_register": STAFF,
    "surveys:current": PUBLIC,
    "surveys:detail": PUBLIC,
    "surveys:step": (302, 302, 302, 302),  # no answers started: back to the survey's start
    "surveys:resume": (404, 404, 404, 404),  # an unknown token
    "surveys:resume_email": (405, 405, 405, 405),  # a form post from the survey pages
    "surveys:thanks": PUBLIC,
    "surveys:not_eligible": PUBLIC,
    "surveys:staff_list": STAFF,
    "surveys:results": STAFF,
    "surveys:text_answers": STAFF,
    "surveys:export": STAFF,
    "surveys:export_xlsx": STAFF,
    "surveys:codebook": STAFF,
    "surveys:codebook_xlsx": STAFF,
}

# Django admin: the index and every model's pages; what a role sees follows its permissions.
ADMIN_INDEX = (302, 200, 302, 200)  # clerks have no admin access (is_staff is off)


def url_patterns(patterns=None, prefix="", namespace=""):
    """(name, route) of every named URL pattern, walking included URLconfs."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", prefix + str(pattern.pattern)


@pytest.fixture
def world(db, settings, tmp_path):
    """One of everything a URL can point at."""
    settings.MEDIA_ROOT = tmp_path
    survey = returnee_survey_load()
    case = CaseFactory()
    attachment = ContactAttachmentFactory(contact__case=case)
    registration = RegistrationFactory()
    pending = RegistrationFactory(
        workshop=registration.workshop,
        status="pending",
        holds_seat=True,
        hold_expires_at=timezone.now() + timedelta(minutes=30),
    )
    article = ArticleFactory()
    user = UserFactory()
    subscription = InterestSubscriptionFactory()
    return {
        "kwargs": {
            "news:detail": {"slug": article.slug},
            "news:preview": {"pk": article.pk},
            "contacts:person_detail": {"pk": case.person.pk},
            "contacts:person_update": {"pk": case.person.pk},
            "contacts:person_export_json": {"pk": case.person.pk},
            "contacts:person_export": {"pk": case.person.pk},
            "contacts:person_erase": {"pk": case.person.pk},
            "contacts:person_merge": {"pk": case.person.pk, "other_pk": PersonFactory().pk},
            "contacts:case_detail": {"pk": case.pk},
            "contacts:case_update": {"pk": case.pk},
            "contacts:case_refer": {"pk": case.pk},
            "contacts:case_outcome": {"pk": case.pk},
            "contacts:case_reply": {"pk": case.pk},
            "contacts:attachment_download": {"pk": attachment.pk},
            "workshops:unsubscribe": {"token": subscription.token},
            "workshops:unsubscribe_one_click": {"token": subscription.token},
            "workshops:resubscribe": {"token": subscription.token},
            "workshops:reminders_off": {"token": reminders_off_token(registration)},
            "workshops:reminders_off_one_click": {"token": reminders_off_token(registration)},
            "workshops:ics": {"slug": registration.workshop.slug},
            "workshops:detail": {"slug": registration.workshop.slug},
            "workshops:register": {"slug": registration.workshop.slug},
            "workshops:registration_sent": {"slug": registration.workshop.slug},
            "workshops:registration": {"token": registration.token},
            "workshops:registration_confirm": {"token": pending.token},
            "workshops:staff_attendees": {"slug": registration.workshop.slug},
            "workshops:staff_attendees_print": {"slug": registration.workshop.slug},
            "workshops:staff_attendees_csv": {"slug": registration.workshop.slug},
            "workshops:staff_attendees_xlsx": {"slug": registration.workshop.slug},
            "workshops:staff_attendance": {
                "slug": registration.workshop.slug,
                "pk": registration.pk,
            },
            "workshops:staff_cancel": {"slug": registration.workshop.slug, "pk": registration.pk},
            "workshops:staff_cancel_undo": {
                "slug": registration.workshop.slug,
                "pk": registration.pk,
            },
            "workshops:registration_cancel": {"token": registration.token},
            "workshops:staff_register": {"slug": registration.workshop.slug},
            "surveys:detail": {"slug": survey.slug},
            "surveys:step": {"slug": survey.slug, "step": 1},
            "surveys:resume": {"slug": survey.slug, "token": "no-such-token"},
            "surveys:resume_email": {"slug": survey.slug},
            "surveys:thanks": {"slug": survey.slug},
            "surveys:not_eligible": {"slug": survey.slug},
            "surveys:results": {"slug": survey.slug},
            "surveys:text_answers": {"slug": survey.slug, "code": "expectations"},
            "surveys:export": {"slug": survey.slug},
            "surveys:export_xlsx": {"slug": survey.slug},
            "surveys:codebook": {"slug": survey.slug},
            "surveys:codebook_xlsx": {"slug": survey.slug},
            "password_reset_confirm": {
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        },
    }


def make_user(role: str):
    return {
        "anonymous": None,
        "editor": EditorUserFactory,
        "staff": StaffUserFactory,
        "superuser": SuperuserFactory,
    }[role]


def path_for(route: str, kwargs: dict) -> str:
    """Fill a route's converters with the given values (reverse() would need every namespace)."""

    def fill(match: re.Match) -> str:
        return str(kwargs[match.group("name")])

    return "/" + re.sub(r"<(?:\w+:)?(?P<name>\w+)>", fill, route)


def test_every_url_is_in_the_access_table():
    """A URL nobody has decided about fails here, so it cannot slip through unprotected."""
    names = {name for name, _route in url_patterns() if not name.startswith("admin:")}
    assert names - set(ACCESS) == set(), "add these URLs to ACCESS"
    assert set(ACCESS) - names == set(), "these entries name no URL any more"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_what_the_table_allows(client, world, role):
    """Every non-admin URL answers each role as the table says; strangers go to the sign-in."""
    user_factory = make_user(role)
    if user_factory:
        client.force_login(user_factory())
    index = ROLES.index(role)
    mismatches = []
    for name, route in url_patterns():
        if name.startswith("admin:"):
            continue
        path = path_for(route, world["kwargs"].get(name, {}))
        response = client.get(path)
        status = response.status_code
        if status != ACCESS[name][index]:
            mismatches.append(f"{name} {path}: {status}, expected {ACCESS[name][index]}")
        elif role == "anonymous" and ACCESS[name] in SIGN_IN_FIRST:
            location = response["Location"]
            if not location.startswith(reverse("login")):
                mismatches.append(f"{name} {path}: sent to {location}, not to sign in")
    assert mismatches == []


def expected_admin_status(user, model) -> int:
    """Admin's rule: sign-in for strangers and non-staff, then the model's view permission."""
    if user is None or not user.is_staff:
        return 302
    opts = model._meta
    can_view = user.has_perm(f"{opts.app_label}.view_{opts.model_name}") or user.has_perm(
        f"{opts.app_label}.change_{opts.model_name}"
    )
    return 200 if can_view else 403


@pytest.mark.parametrize("role", ROLES)
def test_admin_follows_each_roles_model_permissions(client, world, role):
    """Admin's model pages open exactly for the roles holding that model's view permission."""
    from django.contrib import admin

    user_factory = make_user(role)
    user = user_factory() if user_factory else None
    if user:
        client.force_login(user)
    index = ROLES.index(role)
    assert client.get("/admin/").status_code == ADMIN_INDEX[index]
    mismatches = []
    for model in admin.site._registry:
        opts = model._meta
        path = f"/admin/{opts.app_label}/{opts.model_name}/"
        expected = expected_admin_status(user, model)
        status = client.get(path).status_code
        if status != expected:
            mismatches.append(f"{path}: {status}, expected {expected}")
    assert mismatches == []


@pytest.mark.parametrize(
    ("model_perm", "role", "allowed"),
    [
        ("contacts.view_person", "editor", False),
        ("contacts.view_person", "staff", True),
        ("news.change_article", "editor", True),
        ("news.change_article", "staff", False),
        ("workshops.change_workshop", "editor", True),
        ("surveys.view_response", "editor", False),
    ],
)
def test_least_privilege_on_personal_data(model_perm, role, allowed):
    """Editors never hold a permission on personal data; clerks do not edit public content."""
    assert make_user(role)().has_perm(model_perm) is allowed
