from django.contrib.sitemaps import Sitemap

from returnportal.news.models import Article
from returnportal.sitemaps import NamedPagesSitemap


class NewsPagesSitemap(NamedPagesSitemap):
    names = ("news:list",)
    changefreq = "daily"


class ArticleSitemap(Sitemap):
    """Published articles, each once, at its address in the language it is written in."""

    changefreq = "yearly"
    priority = 0.5
    limit = 1000

    def items(self):
        return Article.objects.published().newest_first().only("slug", "language", "updated_at")

    def lastmod(self, item: Article):
        return item.updated_at


SITEMAPS = {"news-pages": NewsPagesSitemap, "news": ArticleSitemap}
