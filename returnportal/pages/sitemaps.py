from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from returnportal.news.models import Article


class StaticPagesSitemap(Sitemap):
    """The site's own pages, in every language."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"

    def items(self) -> list[str]:
        return [
            "pages:home",
            "news:list",
            "pages:about",
            "pages:contact_details",
            "pages:privacy",
            "pages:accessibility",
        ]

    def location(self, item: str) -> str:
        return reverse(item)

    def priority(self, item: str) -> float:
        return 1.0 if item == "pages:home" else 0.6


class ArticleSitemap(Sitemap):
    """Published articles, each at its address in the language it is written in."""

    changefreq = "yearly"
    priority = 0.5
    limit = 1000

    def items(self):
        return Article.objects.published().newest_first()

    def lastmod(self, item: Article):
        return item.updated_at


SITEMAPS = {"pages": StaticPagesSitemap, "news": ArticleSitemap}
