from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "returnportal.pages"
    label = "pages"
    verbose_name = _("Pages")

    def ready(self) -> None:
        from returnportal.pages import checks  # noqa: F401 - registers the deployment check
