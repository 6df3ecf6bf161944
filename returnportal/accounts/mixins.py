"""Access rules for the staff workspace."""

from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.http import HttpResponseRedirect
from django.urls import reverse

from returnportal.accounts.roles import is_contact_point_staff
from returnportal.accounts.two_factor import is_two_factor_satisfied


class StaffRequiredMixin(LoginRequiredMixin, UserPassesTestMixin):
    """Contact-point staff and superusers only: strangers go to login, others get 403.

    In production a password alone is not enough: the session must also be verified with
    the second factor.
    """

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_two_factor_satisfied(request.user):
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('two_factor_verify')}?{query}")
        return super().dispatch(request, *args, **kwargs)

    def test_func(self) -> bool:
        return is_contact_point_staff(self.request.user)

    def handle_no_permission(self):
        # A signed-in user without the role gets 403 rather than a login loop.
        self.raise_exception = self.request.user.is_authenticated
        return super().handle_no_permission()
