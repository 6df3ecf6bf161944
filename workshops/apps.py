from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    label = "workshops"
    verbose_name = _("Workshops")

    def ready(self) -> None:
        from workshops import signals  # noqa: F401  (connects the receivers)
