from django.utils.translation import gettext_lazy as _

from returnportal.accounts.staff_nav import StaffNavEntry, register

register(
    StaffNavEntry("contacts:dashboard", _("Dashboard"), order=0),
    StaffNavEntry("contacts:quick_log", _("Log a contact"), order=10),
    StaffNavEntry("contacts:case_list", _("Cases"), order=20),
    StaffNavEntry("contacts:person_list", _("People"), order=30),
    StaffNavEntry("contacts:person_duplicates", _("Duplicates"), order=35),
    StaffNavEntry("contacts:report_monthly", _("Monthly report"), order=60),
    StaffNavEntry("contacts:report_quarterly", _("Quarterly indicators"), order=70),
)
