"""Any saved or deleted workshop makes the cached workshop pages, home block and kiosk stale.

The services bump the version themselves for seat changes; this catches every other write,
such as an organiser editing a title or taking a workshop back to draft in admin.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from workshops.models import Workshop
from workshops.services import workshops_cache_bump


@receiver([post_save, post_delete], sender=Workshop, dispatch_uid="workshops_cache_bump")
def workshop_changed(sender, **kwargs) -> None:
    workshops_cache_bump()
