"""The accounts app's views: Django's sign-in pages with the portal's limits, and the second factor."""

from returnportal.accounts.views.password_reset import PortalPasswordResetView
from returnportal.accounts.views.two_factor import TwoFactorSetupView, TwoFactorVerifyView

__all__ = ["PortalPasswordResetView", "TwoFactorSetupView", "TwoFactorVerifyView"]
