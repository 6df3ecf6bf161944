"""sitemap.xml: every public page, each in Polish and English with hreflang alternates.

Each app lists its own pages in a `sitemaps.py` with a `SITEMAPS` dict (as `home.py` does for
the home page), so that pages imports none of them. Token pages, what a form shows once sent
and the staff workspace are left out: tests/pages/test_sitemap.py holds that list, with the
reason for each.
"""

from django.apps import apps
from django.contrib.sitemaps import Sitemap
from django.utils.module_loading import import_string, module_has_submodule

from returnportal.sitemaps import NamedPagesSitemap


class HomeSitemap(NamedPagesSitemap):
    names = ("pages:home",)
    priority = 1.0


class PagesSitemap(NamedPagesSitemap):
    names = ("pages:about", "pages:contact_details", "pages:privacy", "pages:accessibility")


def collected_sitemaps() -> dict[str, type[Sitemap]]:
    """The home page, then every app's `SITEMAPS` in INSTALLED_APPS order, then these pages."""
    found: dict[str, type[Sitemap]] = {"home": HomeSitemap}
    for app_config in apps.get_app_configs():
        if app_config.name.startswith("django.") or app_config.label == "pages":
            continue
        if module_has_submodule(app_config.module, "sitemaps"):
            found.update(import_string(f"{app_config.name}.sitemaps.SITEMAPS"))
    found["pages"] = PagesSitemap
    return found
