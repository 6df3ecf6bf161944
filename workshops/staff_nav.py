from django.utils.translation import gettext_lazy as _

from returnportal.staff_nav import StaffNavEntry, register

register(StaffNavEntry("workshops:staff_list", _("Workshops and check-in"), order=40))
