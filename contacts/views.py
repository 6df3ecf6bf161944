from django.views.generic import TemplateView

from returnportal.accounts.mixins import StaffRequiredMixin


class DashboardView(StaffRequiredMixin, TemplateView):
    template_name = "contacts/dashboard.html"
