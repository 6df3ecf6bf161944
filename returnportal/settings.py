"""Settings for the Re-Turn Portal, read from the environment (see the README's table)."""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

# Core ------------------------------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Production (DJANGO_DEBUG=0) needs a long random key, "
            "for example from: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = "development-only-key-never-use-in-production-0123456789abcdefghijklmnop"

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"]
)
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

INSTALLED_APPS = [
    "returnportal.accounts.admin_apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "simple_history",
    "phonenumber_field",
    "django_countries",
    "returnportal.mail",
    "returnportal.accounts",
    "returnportal.pages",
    "returnportal.news",
    "contacts",
    "workshops",
    "surveys",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "returnportal.middleware.RejectNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before sessions, CSRF and the hasher: under a flood a refused sign-in costs one cache read.
    "returnportal.accounts.signin.SignInLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "returnportal.middleware.NormaliseUnicodeMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Staff area: a verified second factor in production, and never cached.
    "returnportal.accounts.staff_area.StaffAreaMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that it sees the outcome of authentication (django-axes' requirement).
    "axes.middleware.AxesMiddleware",
    # Counts page views per day and path: no cookie, no IP address.
    "returnportal.pages.visits.VisitCountMiddleware",
]

ROOT_URLCONF = "returnportal.urls"
WSGI_APPLICATION = "returnportal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "returnportal.context_processors.portal",
                "csp.context_processors.nonce",
            ],
            # The portal's template helpers (`datetime_attr`, `nav_current`...) everywhere.
            "builtins": ["returnportal.pages.templatetags.portal"],
        },
    },
]

# Database --------------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and Celery (Redis when REDIS_URL is set, otherwise in-process) --------------------------
# Every Redis call gives up after REDIS_TIMEOUT seconds: a Redis that hangs (a partition, a frozen
# process) then costs a request one short wait, and the circuit breaker (returnportal.breaker)
# skips it for a few seconds after that. Pages fall back to the database, e-mails to the sweep.
REDIS_TIMEOUT = env.float("REDIS_TIMEOUT", default=0.5)
REDIS_URL = env.str("REDIS_URL", default="")


def _next_redis_database(url: str) -> str:
    """The same Redis server with the database number one higher (redis://h:6379/4 -> /5)."""
    parts = urlsplit(url)
    number = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{number + 1}"))


if REDIS_URL:
    CACHES = {
        "default": {
            # Redis down must not fail a request: the cache then acts empty (rate limits too).
            "BACKEND": "returnportal.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="returnportal"),
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT,
                "socket_timeout": REDIS_TIMEOUT,
            },
        }
    }
    # The broker never shares the cache's database: flushing the cache, or an eviction policy
    # (maxmemory-policy) meant for cache keys, must never drop queued tasks. Default: the
    # database after the cache's (REDIS_URL .../4 -> broker .../5); CELERY_BROKER_URL overrides.
    CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or _next_redis_database(REDIS_URL)
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True

RATELIMIT_FAIL_OPEN = True  # a question sent while Redis is down is kept, not refused
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)  # off only for load benchmarks
# How many reverse proxies of ours stand in front of gunicorn, each appending to X-Forwarded-For
# (README: nginx's `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;`). 0 means
# clients connect directly and the header is ignored. Rate limits, lockouts and the security
# log all take the address from returnportal.client_ip.client_ip.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
RATELIMIT_IP_META_KEY = "returnportal.client_ip.client_ip"

CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="returnportal")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Europe/Warsaw"
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_TIMEOUT
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The longest retry backoff is far below this, so a task held by a dead worker comes back.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3 * 3600),
    "socket_connect_timeout": REDIS_TIMEOUT,
    "socket_timeout": REDIS_TIMEOUT,
}
# No result backend: nothing waits for a task's result, so no other Redis connection can hang.
# A request publishing while the broker is down must not hang: fail fast, the sweep resends.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_BEAT_SCHEDULE = {
    "outbox-sweep": {"task": "returnportal.mail.tasks.outbox_sweep", "schedule": 60.0},
    "retention": {
        "task": "returnportal.tasks.retention_apply_task",
        "schedule": crontab(hour=3, minute=30),
    },
    # Hourly is safe: the task only writes to people not reminded yet.
    "workshops-reminders": {
        "task": "workshops.tasks.send_reminders",
        "schedule": crontab(minute=0, hour="9-20"),
    },
    # Seat counts skip expired holds anyway; this frees their e-mails and promotes the queue.
    "workshops-expire-holds": {"task": "workshops.tasks.expire_holds", "schedule": 120.0},
    "surveys-drafts-purge": {"task": "surveys.tasks.survey_drafts_purge", "schedule": 3600.0},
    "mailbox-import": {"task": "contacts.tasks.mailbox_import_task", "schedule": 60.0},
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# E-mail ----------------------------------------------------------------------------------------
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Re-Turn <kontakt@re-turn.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where notifications about new questions from the public form go.
CONTACT_POINT_EMAIL = env.str("CONTACT_POINT_EMAIL", default="kontakt@re-turn.example")
OUTBOX_MAX_ATTEMPTS = 8
# Outbox kinds (a template's last path part) whose messages carry a personal link. Once a row
# is sent or has failed for good, its bodies, attachments and headers (all but Message-ID) are
# replaced by a note, so that nobody reading the outbox can use the link. A new template whose
# last part matches one of these is redacted too, which errs on the safe side.
OUTBOX_SECRET_KINDS = [
    "password_reset",  # registration/email/: the staff password reset link
    "confirmation",  # workshops/email/ (this and the next four): the registration's manage link
    "waiting",
    "promoted",
    "reminder",
    "link",
    "restored",  # workshops/email/: a staff cancellation undone, with the manage link
    "confirm",  # workshops/email/: the link that confirms a held seat
    "subscribed",  # workshops/email/ (and the next): the interest list's unsubscribe link
    "invitation",
    "resume_link",  # surveys/email/: the link to an anonymous draft's answers
]
# Kinds whose recipient is blanked as well once sent or failed: the address of a survey resume
# e-mail would tie an anonymous draft to a person. Workshop kinds keep theirs, since
# workshops.services finds recent "link" e-mails by address to limit how often one is sent.
OUTBOX_FORGET_RECIPIENT_KINDS = ["resume_link"]
# Replies from a case carry this reference in the subject ("[PPK-123]") and Reply-To this box.
CASE_REFERENCE_PREFIX = env.str("CASE_REFERENCE_PREFIX", default="PPK")
REPLY_TO_EMAIL = env.str("REPLY_TO_EMAIL", default=CONTACT_POINT_EMAIL)
# Working days within which the public form promises an answer.
ANSWER_TARGET_WORKING_DAYS = env.int("ANSWER_TARGET_WORKING_DAYS", default=2)
# A public workshop registration holds its seat this long for the e-mailed confirmation link.
WORKSHOP_HOLD_MINUTES = env.int("WORKSHOP_HOLD_MINUTES", default=30)
# Staff may undo a cancellation they made for this long (a mistaken tap on the check-in page).
WORKSHOP_CANCEL_UNDO_MINUTES = env.int("WORKSHOP_CANCEL_UNDO_MINUTES", default=15)

# The office mailbox (IMAP), filed into cases; unset, nothing reads it ----------------------------
MAILBOX_URL = env.str("MAILBOX_URL", default="")
MAILBOX_TIMEOUT = env.float("MAILBOX_TIMEOUT", default=20.0)
# Messages above this size are filed from their headers alone and stay whole in the mailbox.
MAILBOX_MESSAGE_MAX_BYTES = env.int("MAILBOX_MESSAGE_MAX_BYTES", default=15 * 1024 * 1024)
MAILBOX_ATTACHMENT_MAX_BYTES = env.int("MAILBOX_ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
MAILBOX_ATTACHMENT_TYPES = env.list(
    "MAILBOX_ATTACHMENT_TYPES",
    default=[
        "application/pdf",
        "image/jpeg",
        "image/png",
        "text/plain",
        "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.ms-excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ],
)

# The contact point this deployment serves ------------------------------------------------------
PORTAL_NAME = env.str("PORTAL_NAME", default="Re-Turn")
REGION_NAME = env.str("REGION_NAME", default="Świętokrzyskie")
# The free 800 line is usually not reachable from abroad, where most callers are: the
# international number (a normal +48 line; empty until the office has one) is shown beside it.
HOTLINE_NUMBER = env.str("HOTLINE_NUMBER", default="800 888 998")
HOTLINE_INTERNATIONAL = env.str("HOTLINE_INTERNATIONAL", default="")
# Where the information panel stands: the Marshal's Office in Kielce.
OFFICE_ADDRESS = env.str("OFFICE_ADDRESS", default="al. IX Wieków Kielc 3, 25-516 Kielce")
PHONENUMBER_DEFAULT_REGION = "PL"
# The privacy notice version consent records point at (until content editors publish one).
PRIVACY_NOTICE_VERSION = env.str("PRIVACY_NOTICE_VERSION", default="2026-11-01")

# Retention of personal data in days (returnportal/retention.py applies them daily) -------------
CASE_NOTES_RETENTION_DAYS = env.int("CASE_NOTES_RETENTION_DAYS", default=1095)
CONTACTS_RETENTION_DAYS = env.int("CONTACTS_RETENTION_DAYS", default=730)
WORKSHOP_REGISTRATION_RETENTION_DAYS = env.int("WORKSHOP_REGISTRATION_RETENTION_DAYS", default=730)
SURVEY_CONTACT_RETENTION_DAYS = env.int("SURVEY_CONTACT_RETENTION_DAYS", default=365)
OUTBOX_RETENTION_DAYS = env.int("OUTBOX_RETENTION_DAYS", default=90)
MAILBOX_RETENTION_DAYS = env.int("MAILBOX_RETENTION_DAYS", default=90)
SURVEY_DRAFT_DAYS = env.int("SURVEY_DRAFT_DAYS", default=14)
CONTACTS_FORM_RATE = env.str("CONTACTS_FORM_RATE", default="5/h")

# Authentication and passwords ------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/staff/"
LOGOUT_REDIRECT_URL = "/"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_CLIENT_IP_CALLABLE = "returnportal.client_ip.client_ip"
# Failed sign-ins per client address, any user name (returnportal.accounts.signin), and per
# user name from all addresses together (much higher; a known browser of the user passes).
SIGNIN_ADDRESS_RATE = env.str("SIGNIN_ADDRESS_RATE", default="20/15m")
SIGNIN_USERNAME_RATE = env.str("SIGNIN_USERNAME_RATE", default="100/15m")
# Password reset requests per client address, and e-mails per address asked for.
PASSWORD_RESET_ADDRESS_RATE = env.str("PASSWORD_RESET_ADDRESS_RATE", default="10/h")
PASSWORD_RESET_TARGET_RATE = env.str("PASSWORD_RESET_TARGET_RATE", default="3/h")
# The survey per client address: starts, submissions, and the burst that flags responses.
SURVEY_START_RATE = env.str("SURVEY_START_RATE", default="20/h")
SURVEY_SUBMIT_RATE = env.str("SURVEY_SUBMIT_RATE", default="10/h")
SURVEY_BURST_RATE = env.str("SURVEY_BURST_RATE", default="3/10m")
# Staff and administrators give a TOTP code after the password (always in production).
REQUIRE_TWO_FACTOR = env.bool("DJANGO_REQUIRE_TWO_FACTOR", default=not DEBUG)
OTP_TOTP_ISSUER = PORTAL_NAME
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Language and time -----------------------------------------------------------------------------
LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("Polish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True

# Static files ----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security headers (strict in production, checked by `check --deploy`) --------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "returnportal.views.csrf_failure"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Logging ---------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
