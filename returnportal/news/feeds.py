from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.translation import gettext as _

from returnportal.news.models import Article


class LatestArticlesFeed(Feed):
    """RSS 2.0: the twenty newest published articles in the feed's language."""

    def title(self) -> str:
        return _("%(portal)s news: First Contact Point %(region)s") % {
            "portal": settings.PORTAL_NAME,
            "region": settings.REGION_NAME,
        }

    def description(self) -> str:
        return _("News from the contact point for people coming back home after working abroad.")

    def link(self) -> str:
        return reverse("news:list")

    def items(self):
        return Article.objects.published().for_language().newest_first()[:20]

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.lead

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_updateddate(self, item: Article):
        return item.updated_at

    def item_author_name(self, item: Article) -> str:
        return settings.PORTAL_NAME
