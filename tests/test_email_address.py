"""One spelling of an e-mail address for storing and matching."""

import pytest

from returnportal.email_address import normalise_email


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Anna.Kowalska@Example.ORG", "anna.kowalska@example.org"),
        ("  jan@example.org\t", "jan@example.org"),
        ("", ""),
        ("   ", ""),
        (None, ""),
    ],
)
def test_an_address_is_stripped_and_lower_cased(typed, stored):
    assert normalise_email(typed) == stored
