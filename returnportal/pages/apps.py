from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "returnportal.pages"
    label = "pages"
    verbose_name = _("Pages")

    def ready(self) -> None:
        # The site app finds every app's part in a person's data (returnportal.personal_data).
        from returnportal.personal_data import discover

        discover()
        from returnportal.pages import checks  # noqa: F401 - registers the deployment check
