"""Base classes for the sitemaps each app declares in its own `sitemaps.py`."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class BilingualSitemap(Sitemap):
    """A page in every language, each naming the others (`<xhtml:link hreflang>`).

    Polish, the language without a prefix, is also the x-default.
    """

    i18n = True
    alternates = True
    x_default = True


class NamedPagesSitemap(BilingualSitemap):
    """Pages that take no arguments, given by URL name."""

    names: tuple[str, ...] = ()
    changefreq = "monthly"
    priority = 0.6

    def items(self) -> list[str]:
        return list(self.names)

    def location(self, item: str) -> str:
        return reverse(item)
