from returnportal.sitemaps import BilingualSitemap, NamedPagesSitemap
from workshops.models import Workshop


class WorkshopPagesSitemap(NamedPagesSitemap):
    names = ("workshops:list", "workshops:archive", "workshops:interest")
    changefreq = "daily"


class WorkshopSitemap(BilingualSitemap):
    """Published workshops not yet over: drafts, cancelled and past ones are left out."""

    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return Workshop.objects.upcoming().only("slug", "updated_at")

    def lastmod(self, item: Workshop):
        return item.updated_at


SITEMAPS = {"workshop-pages": WorkshopPagesSitemap, "workshops": WorkshopSitemap}
