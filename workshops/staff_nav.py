"""The workshops' entry in the staff menu and their panel on the dashboard."""

from datetime import timedelta

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from returnportal.accounts.staff_nav import StaffNavEntry, register, register_dashboard_panel
from workshops.models import Workshop

register(StaffNavEntry("workshops:staff_list", _("Workshops and check-in"), order=40))


# At most this many workshops of the week on the dashboard (a busy week links to the list).
CHECK_IN_LIMIT = 20


def checkin_panel(request: HttpRequest) -> str:
    """Today's and the rest of this week's workshops, each a link to its check-in page."""
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    # One query for the week: check-in at the door starts from here.
    week = list(Workshop.objects.for_check_in(monday, monday + timedelta(days=6))[:CHECK_IN_LIMIT])
    return render_to_string(
        "workshops/staff/_dashboard_checkin.html",
        {
            "workshops_today": [w for w in week if timezone.localdate(w.starts_at) == today],
            "workshops_this_week": [w for w in week if timezone.localdate(w.starts_at) != today],
        },
        request=request,
    )


register_dashboard_panel(checkin_panel, order=10)
