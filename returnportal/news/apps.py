from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "returnportal.news"
    label = "news"
    verbose_name = _("News")

    def ready(self) -> None:
        from returnportal.news import signals  # noqa: F401  (connects the receivers)
