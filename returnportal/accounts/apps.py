from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "returnportal.accounts"
    label = "accounts"
    verbose_name = _("Staff accounts and roles")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from returnportal.accounts import security_log  # noqa: F401  (connects the receivers)

        # Each app's `staff_nav.py` adds its pages to the staff menu (returnportal/accounts/staff_nav.py).
        autodiscover_modules("staff_nav")
