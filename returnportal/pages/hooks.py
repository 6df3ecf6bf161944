"""What other apps put on the home page and the kiosk, without pages importing them.

An app contributes by having a `home` module (for example `workshops/home.py`) with either
or both of these functions; apps that lack the module or a function are simply left out:

    def home_blocks(request: HttpRequest) -> list[str]
        HTML fragments (already rendered, e.g. with render_to_string(..., request=request)),
        each a <section> with an <h2>, shown on the home page in the app's slot.

    def kiosk_slides(request: HttpRequest) -> list[dict]
        Slides for the information panel, each {"title": str, "text": str, "url": str}: the
        url (absolute, or a path on this site) is shown as a QR code; "text" may be empty.
"""

from collections.abc import Callable
from functools import cache
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.apps import apps
from django.http import HttpRequest


@cache
def _home_modules() -> tuple[tuple[str, ModuleType], ...]:
    """(app label, its `home` module) for every app that has one."""
    found = []
    for app_config in apps.get_app_configs():
        if app_config.name.startswith("django.") or app_config.label == "pages":
            continue
        module_name = f"{app_config.name}.home"
        try:
            if find_spec(module_name) is None:
                continue
        except ModuleNotFoundError:
            continue
        found.append((app_config.label, import_module(module_name)))
    return tuple(found)


def _hooks(function_name: str) -> list[tuple[str, Callable]]:
    found = [(label, getattr(module, function_name, None)) for label, module in _home_modules()]
    return [(label, function) for label, function in found if callable(function)]


def home_version_keys() -> list[str] | None:
    """The VERSION_KEY of every app with home blocks; None when one of them has none."""
    keys = []
    for _label, module in _home_modules():
        if callable(getattr(module, "home_blocks", None)):
            key = getattr(module, "VERSION_KEY", None)
            if key is None:
                return None
            keys.append(key)
    return keys


def home_blocks(request: HttpRequest) -> dict[str, list[str]]:
    """HTML blocks for the home page by app label, e.g. {"workshops": ["<section>…"]}."""
    return {label: list(function(request)) for label, function in _hooks("home_blocks")}


def kiosk_slides(request: HttpRequest) -> dict[str, list[dict]]:
    """Kiosk slides by app label, e.g. {"workshops": [{"title": …, "text": …, "url": …}]}."""
    return {label: list(function(request)) for label, function in _hooks("kiosk_slides")}
