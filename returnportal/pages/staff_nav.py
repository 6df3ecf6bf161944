from django.utils.translation import gettext_lazy as _

from returnportal.accounts.staff_nav import StaffNavEntry, register

register(StaffNavEntry("pages:visits", _("Page views"), order=80))
