from datetime import date

import factory
from django.utils import timezone

from returnportal.pages.models import AccessibilityStatement, Page, PrivacyNotice


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page
        django_get_or_create = ["slug"]

    slug = Page.Slug.ABOUT
    title_pl = "O projekcie"
    title_en = "About the project"
    body_pl = "Tekst **po polsku**."
    body_en = "Text **in English**."


class PrivacyNoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrivacyNotice

    version = factory.Sequence(lambda n: f"v{n}")
    body_pl = "## Administrator\n\nUrząd."
    body_en = "## Controller\n\nThe office."
    published_at = factory.LazyFunction(timezone.now)


class AccessibilityStatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccessibilityStatement

    public_body = "Urząd Marszałkowski Województwa Świętokrzyskiego"
    site_published_on = date(2026, 11, 1)
    site_updated_on = date(2026, 11, 2)
    prepared_on = date(2026, 11, 3)
    reviewed_on = date(2026, 11, 4)
    status = AccessibilityStatement.Status.PARTIAL
    non_accessible_pl = "- stare PDF"
    non_accessible_en = "- old PDFs"
    contact_name = "Anna Nowak"
    contact_email = "a11y@example.org"
    contact_phone = "800 100 200"
    architecture_pl = "Parter, podjazd."
    architecture_en = "Ground floor, ramp."
