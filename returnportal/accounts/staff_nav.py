"""The staff workspace's one menu, and the dashboard's panels, to which every app adds its own.

Each app that has staff pages keeps a `staff_nav.py` calling `register(...)`; the accounts app
(which owns the staff roles, and keeps this registry as its own `staff_nav.py`) imports them all
at start-up (`autodiscover_modules("staff_nav")`), the way Django admin finds `admin.py`. It
therefore names no domain app: a new app with staff pages adds its entries to the menu without
touching anything here.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from returnportal.accounts.roles import is_contact_point_staff

User = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class StaffNavEntry:
    """One menu link: the URL it opens, its label, and who may see it.

    `allowed` is either a callable taking the user (a role check) or a model permission
    ("app_label.codename"). The section the link stands for is every page whose path starts
    with the link's own path; the longest match wins, so a case page marks "Cases" and the
    duplicates page marks "Duplicates" rather than "People".
    """

    url_name: str
    label: str
    allowed: Callable[[User], bool] | str = is_contact_point_staff
    order: int = 100

    def is_allowed(self, user: User, checked: dict) -> bool:
        """Whether `user` may open the link; `checked` remembers each check for one request."""
        if self.allowed not in checked:
            if callable(self.allowed):
                checked[self.allowed] = self.allowed(user)
            else:
                checked[self.allowed] = user.has_perm(self.allowed)
        return checked[self.allowed]


_entries: list[StaffNavEntry] = []


def register(*entries: StaffNavEntry) -> None:
    """Add entries to the staff menu (called from each app's `staff_nav.py`)."""
    for entry in entries:
        if any(existing.url_name == entry.url_name for existing in _entries):
            raise ValueError(f"{entry.url_name} is already in the staff menu")
        _entries.append(entry)


def registered_entries() -> list[StaffNavEntry]:
    return sorted(_entries, key=lambda entry: entry.order)


@dataclass(frozen=True)
class StaffNavLink:
    url: str
    label: str
    current: bool


def staff_nav_links(request: HttpRequest) -> list[StaffNavLink]:
    """The menu for this request: the entries the user may open, the current section marked."""
    checked: dict = {}
    visible = [
        (entry, reverse(entry.url_name))
        for entry in registered_entries()
        if entry.is_allowed(request.user, checked)
    ]
    matching = [url for _entry, url in visible if request.path.startswith(url)]
    current = max(matching, key=len, default=None)
    return [StaffNavLink(url, str(entry.label), url == current) for entry, url in visible]


# The dashboard's panels --------------------------------------------------------------------------
# An app puts what staff start their day from on the dashboard (workshops: today's check-ins)
# with `register_dashboard_panel` in its `staff_nav.py`: a function of the request returning
# rendered HTML, so that the dashboard (contacts) imports no other app.
_panels: list[tuple[int, Callable[[HttpRequest], str]]] = []


def register_dashboard_panel(render: Callable[[HttpRequest], str], *, order: int = 100) -> None:
    if all(existing is not render for _order, existing in _panels):
        _panels.append((order, render))


def dashboard_panels(request: HttpRequest) -> list[str]:
    return [render(request) for _order, render in sorted(_panels, key=lambda item: item[0])]


# The accounts app's own entry ------------------------------------------------------------------
def may_use_admin(user) -> bool:
    return user.is_active and user.is_staff


register(StaffNavEntry("admin:index", _("Administration"), allowed=may_use_admin, order=200))
