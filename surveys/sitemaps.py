from returnportal.sitemaps import BilingualSitemap, NamedPagesSitemap
from surveys.models import Survey


class SurveyPagesSitemap(NamedPagesSitemap):
    names = ("surveys:current",)
    priority = 0.7


class SurveySitemap(BilingualSitemap):
    """Surveys taking answers now; their questions are in both languages."""

    changefreq = "monthly"
    priority = 0.7

    def items(self):
        return Survey.objects.open().only("slug").order_by("pk")


SITEMAPS = {"survey-pages": SurveyPagesSitemap, "surveys": SurveySitemap}
