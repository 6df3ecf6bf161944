"""What every workshop service shares: its errors, refusal codes and the cache bump."""

import enum

from django.utils.translation import gettext as _

from returnportal.cache import bump
from workshops.home import VERSION_KEY
from workshops.models import Registration


class Refusal(enum.StrEnum):
    """Why a registration was refused (`RegistrationError.code`), besides `Workshop.Closure`."""

    ALREADY_REGISTERED = "already_registered"
    FULL = "full"
    STARTED = "started"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    NOT_UNDOABLE = "not_undoable"
    UNDO_EXPIRED = "undo_expired"
    REGISTERED_AGAIN = "registered_again"


class RegistrationError(Exception):
    """A registration cannot be made or changed; `message` is for the person."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class AlreadyRegistered(RegistrationError):
    """The e-mail already holds an active registration for the workshop."""

    def __init__(self, registration: Registration) -> None:
        super().__init__(
            _(
                "This e-mail address is already registered for this workshop. "
                "We have sent the link to your registration to it again."
            ),
            code=Refusal.ALREADY_REGISTERED,
        )
        self.registration = registration


class WorkshopError(Exception):
    """An organiser's change to a workshop is not possible; `message` says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def workshops_cache_bump() -> None:
    """After commit, make the cached workshop pages, home block and kiosk slides show the change."""
    bump(VERSION_KEY)
