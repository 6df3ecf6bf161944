"""Staff pages of the site: page views per page and day."""

from datetime import timedelta

from django.db.models import Sum
from django.utils import timezone
from django.views.generic import TemplateView

from returnportal.accounts.mixins import StaffRequiredMixin
from returnportal.pages.models import DailyPageVisit


class VisitStatisticsView(StaffRequiredMixin, TemplateView):
    """Page views per page and per day, for staff; nothing here identifies a visitor."""

    template_name = "pages/visit_statistics.html"
    periods = (7, 30, 90)

    def get_context_data(self, **kwargs):
        try:
            days = int(self.request.GET.get("days", 30))
        except ValueError:
            days = 30
        days = days if days in self.periods else 30
        since = timezone.localdate() - timedelta(days=days - 1)
        visits = DailyPageVisit.objects.since(since)
        by_page = visits.values("path").annotate(total=Sum("count")).order_by("-total", "path")
        by_day = visits.values("date").annotate(total=Sum("count")).order_by("-date")
        return super().get_context_data(
            days=days,
            periods=self.periods,
            since=since,
            by_page=by_page[:100],
            by_day=by_day,
            total=visits.aggregate(total=Sum("count"))["total"] or 0,
            **kwargs,
        )
