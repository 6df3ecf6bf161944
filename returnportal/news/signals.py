"""Any saved or deleted article makes the cached news list and home block stale.

One route for every write: admin, the demo loader, a shell.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from returnportal.news.models import Article
from returnportal.news.services import news_cache_bump


@receiver([post_save, post_delete], sender=Article, dispatch_uid="news_cache_bump")
def article_changed(sender, **kwargs) -> None:
    news_cache_bump()
