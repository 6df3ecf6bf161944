"""Django admin with the portal's own site class (kept apart: apps load before models)."""

from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    default_site = "returnportal.accounts.admin_site.PortalAdminSite"
