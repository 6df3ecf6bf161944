from django.utils.translation import gettext_lazy as _

from returnportal.staff_nav import StaffNavEntry, register


def may_use_admin(user) -> bool:
    return user.is_active and user.is_staff


register(StaffNavEntry("admin:index", _("Administration"), allowed=may_use_admin, order=200))
