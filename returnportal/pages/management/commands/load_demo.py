"""Fill an empty portal with demo content, idempotently, and make a demo administrator once."""

import secrets
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_ADMIN = "admin"


class Command(BaseCommand):
    help = "Load demo content (each app's demo.load()) and create a demo administrator."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            for app_config in apps.get_app_configs():
                module_name = f"{app_config.name}.demo"
                if app_config.name.startswith("django.") or find_spec(module_name) is None:
                    continue
                import_module(module_name).load()
        self._create_admin()

    def _create_admin(self) -> None:
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("Demo content is in place; an administrator exists already.")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(DEMO_ADMIN, "admin@re-turn.example", password)
        self.stdout.write(
            self.style.SUCCESS(
                "\nDemo administrator created (shown only this once):\n"
                f"  user:     {DEMO_ADMIN}\n  password: {password}\n"
                f"  sign in at {settings.SITE_URL}/admin/ or /accounts/login/\n"
            )
        )
