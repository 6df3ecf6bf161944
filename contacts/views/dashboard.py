"""The staff dashboard: what waits for an answer, follow-ups due and today's contacts."""

from django.db.models import Count
from django.utils import timezone
from django.views.generic import TemplateView

from contacts.models import Case, Channel, Contact
from returnportal.accounts.mixins import StaffRequiredMixin
from returnportal.accounts.staff_nav import dashboard_panels

FOLLOW_UP_LIMIT = 30
WAITING_LIMIT = 20


class DashboardView(StaffRequiredMixin, TemplateView):
    template_name = "contacts/dashboard.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        due = Case.objects.follow_ups_due(user=self.request.user, on=today)
        # The oldest first; a backlog beyond this shows as a count, not a page of thousands.
        follow_ups = list(due[:FOLLOW_UP_LIMIT])
        by_channel = dict(
            Contact.objects.on_day(today).values_list("channel").annotate(n=Count("pk")).order_by()
        )
        open_cases = Case.objects.open()
        awaiting = Case.objects.awaiting_answer()
        waiting = list(awaiting[:WAITING_LIMIT])
        return super().get_context_data(
            today=today,
            waiting=waiting,
            waiting_count=awaiting.count(),
            due_today=[c for c in follow_ups if c.follow_up_on == today],
            overdue=[c for c in follow_ups if c.follow_up_on < today],
            follow_ups_more=due.count() - len(follow_ups),
            open_cases=open_cases.with_list_data().order_by("-created_at")[:15],
            open_case_count=open_cases.count(),
            contacts_today=[(label, by_channel.get(code, 0)) for code, label in Channel.choices],
            contacts_today_total=sum(by_channel.values()),
            # Other apps' panels (workshops: today's and this week's check-ins).
            panels=dashboard_panels(self.request),
            **kwargs,
        )
