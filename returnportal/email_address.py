"""The one spelling of an e-mail address that the portal stores and matches people by.

Lower-cased whole, local part too: mail providers treat it case-insensitively in practice,
and two spellings of one address must never make two people or two registrations.
"""


def normalise_email(email: str | None) -> str:
    """`email` stripped and lower-cased; "" for None or blanks."""
    return (email or "").strip().lower()
