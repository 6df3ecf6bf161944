"""Django admin behind the same two-factor rule as the staff workspace."""

from urllib.parse import urlencode

from django.contrib import admin
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse

from returnportal.accounts.two_factor import is_two_factor_satisfied


class PortalAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and is_two_factor_satisfied(request.user)

    def login(self, request: HttpRequest, extra_context=None):
        """Admin's own password form; a password-only session goes on to the second factor."""
        if request.user.is_authenticated and not is_two_factor_satisfied(request.user):
            next_url = request.GET.get("next") or reverse("admin:index")
            query = urlencode({"next": next_url})
            return HttpResponseRedirect(f"{reverse('two_factor_verify')}?{query}")
        return super().login(request, extra_context)
