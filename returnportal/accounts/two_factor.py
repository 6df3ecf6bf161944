"""The second sign-in factor (TOTP) that staff and administrators need in production."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


def two_factor_required() -> bool:
    return settings.REQUIRE_TWO_FACTOR


def is_two_factor_satisfied(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether this session may use staff pages: verified with a TOTP code, or 2FA is off."""
    return not two_factor_required() or (user.is_authenticated and user.is_verified())
