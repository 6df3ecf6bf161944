from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "returnportal.accounts"
    label = "accounts"
    verbose_name = _("Staff accounts and roles")

    def ready(self) -> None:
        from returnportal.accounts import security_log  # noqa: F401  (connects the receivers)
