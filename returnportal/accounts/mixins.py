"""Access rules for the staff workspace."""

from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin

from returnportal.accounts.roles import is_contact_point_staff


class StaffRequiredMixin(LoginRequiredMixin, UserPassesTestMixin):
    """Contact-point staff and superusers only: strangers go to login, others get 403.

    The second factor and `Cache-Control: no-store` are not here but in
    `accounts.staff_area.StaffAreaMiddleware`, which covers every signed-in view at once.
    """

    def test_func(self) -> bool:
        return is_contact_point_staff(self.request.user)

    def handle_no_permission(self):
        # A signed-in user without the role gets 403 rather than a login loop.
        self.raise_exception = self.request.user.is_authenticated
        return super().handle_no_permission()
