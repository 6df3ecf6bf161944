"""The demo content tells no lies about the region: reserved e-mail domains, real names only.

The whole of `manage.py load_demo` is loaded and every e-mail field of every model read back:
a demo address at a real provider (`@wp.pl`, `@gmail.com`) would reach a stranger.
"""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models

from contacts.models import Institution

pytestmark = pytest.mark.django_db

# RFC 2606: the second-level names and the top-level name kept for examples.
RESERVED_DOMAINS = ("example.org", "example.com", "example.net")
RESERVED_TOP_LEVEL = ".example"


def reserved(address: str) -> bool:
    domain = address.rsplit("@", 1)[-1].lower()
    return domain in RESERVED_DOMAINS or domain.endswith(RESERVED_TOP_LEVEL)


def demo_addresses() -> list[tuple[str, str]]:
    """(model.field, address) of every e-mail address the demo stored."""
    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.EmailField):
                values = model._base_manager.exclude(**{field.name: ""}).values_list(
                    field.name, flat=True
                )
                found += [(f"{model._meta.label}.{field.name}", v) for v in values if v]
    return found


def test_every_demo_email_address_is_at_a_reserved_domain(capsys):
    """People, registrations, institutions and the admin all use example domains."""
    call_command("load_demo")
    addresses = demo_addresses()
    assert len(addresses) >= 10, addresses  # the walk found the demo's people
    assert [(where, a) for where, a in addresses if not reserved(a)] == []


def test_the_reserved_domain_rule_refuses_real_providers():
    """The check itself: a real provider's domain, or one merely ending in 'example', fails."""
    assert reserved("anna@example.com") and reserved("iod@re-turn.example")
    assert not reserved("anna@wp.pl")
    assert not reserved("anna@gmail.com")
    assert not reserved("anna@notexample.org")


def test_demo_institutions_carry_their_real_public_names(capsys):
    """The directory names the region's real offices, and no invented street."""
    call_command("load_demo")
    names = set(Institution.objects.values_list("name", flat=True))
    assert {
        "Wojewódzki Urząd Pracy w Kielcach",
        "Powiatowy Urząd Pracy w Kielcach",
        "Zakład Ubezpieczeń Społecznych Oddział w Kielcach",
        "Pierwszy Urząd Skarbowy w Kielcach",
        "Świętokrzyski Urząd Wojewódzki w Kielcach",
    } <= names
    addresses = " ".join(Institution.objects.values_list("address", flat=True))
    assert "Przykładowa" not in addresses
