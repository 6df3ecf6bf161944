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
        """Sign-in (and its second factor) happen on the portal's own pages."""
        target = "two_factor_verify" if request.user.is_authenticated else "login"
        next_url = request.GET.get("next") or reverse("admin:index")
        return HttpResponseRedirect(f"{reverse(target)}?{urlencode({'next': next_url})}")
