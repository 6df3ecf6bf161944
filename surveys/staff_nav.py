from django.utils.translation import gettext_lazy as _

from returnportal.accounts.staff_nav import StaffNavEntry, register

register(StaffNavEntry("surveys:staff_list", _("Survey results"), order=50))
