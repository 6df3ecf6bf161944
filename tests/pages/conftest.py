import sys
import types

import pytest

from returnportal.pages import hooks


@pytest.fixture
def workshops_home_module(monkeypatch):
    """A stand-in `workshops.home` module offering a home block and a kiosk slide."""
    module = types.ModuleType("workshops.home")
    module.home_blocks = lambda request: [
        '<section id="upcoming-workshops"><h2>Next workshops</h2></section>'
    ]
    module.kiosk_slides = lambda request: [
        {"title": "Starting a business", "text": "12 December, Kielce", "url": "/workshops/start/"}
    ]
    monkeypatch.setitem(sys.modules, "workshops.home", module)
    monkeypatch.setattr(
        hooks, "find_spec", lambda name: object() if name == "workshops.home" else None
    )
    hooks._home_modules.cache_clear()
    yield module
    hooks._home_modules.cache_clear()
