"""WSGI entry for the benchmark's gunicorn: the portal plus the floor view (tests.perf.urls)."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "returnportal.settings")

application = get_wsgi_application()
settings.ROOT_URLCONF = "tests.perf.urls"
