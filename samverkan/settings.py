"""Settings for Samverkan, read from the environment with safe defaults.

One file serves development, tests and production: with DEBUG off the
production profile (secure cookies, HSTS, SSL redirect) switches on.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("SAMVERKAN_VAR_DIR", BASE_DIR.parent / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part]


DEBUG = env_bool("DEBUG", default=True)

_DEV_SECRET = "django-insecure-samverkan-development-key-never-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "samverkan.lib",
    "samverkan.accounts",
    "samverkan.documents",
    "samverkan.audit",
    "samverkan.organisation",
    "samverkan.matters",
    "samverkan.deviations",
    "samverkan.meetings",
    "samverkan.planning",
    "samverkan.agreement",
    "samverkan.publishing",
    "samverkan.notifications",
    "samverkan.importers",
    "samverkan.api.oparl",
    "samverkan.search",
    "ninja",  # serves the API docs' Swagger UI from our own static files
    "samverkan.api",
    "samverkan.operations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "samverkan.lib.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "samverkan.operations.replicas.ReplicaMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "samverkan.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "samverkan.audit.middleware.PermissionDeniedLogMiddleware",
]

ROOT_URLCONF = "samverkan.urls"
WSGI_APPLICATION = "samverkan.wsgi.application"
ASGI_APPLICATION = "samverkan.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samverkan.lib.context_processors.site",
                "samverkan.notifications.context_processors.unread",
            ],
        },
    }
]

# Database: SQLite under var/ unless DATABASE_URL names another one.
_default_sqlite = f"sqlite:///{VAR_DIR / 'samverkan.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", _default_sqlite), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run while one writer writes; IMMEDIATE takes the
        # write lock at BEGIN so concurrent writers queue instead of failing.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["TEST"] = {"NAME": ""}
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A read replica for the public pages and the API (see README, Deployment).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=60, conn_health_checks=True
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["samverkan.operations.replicas.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "/"

_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {
        "NAME": f"{_VALIDATORS}.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]

# Language: Swedish first. Source strings are written in Swedish and
# translated to English in samverkan/locale/en.
LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "sv")
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Stockholm")
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["samverkan.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it to exist
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Documents on S3-compatible object storage when a bucket is named.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "location": os.environ.get("AWS_LOCATION", ""),
            # Documents are never public: every link is signed and expires.
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
        },
    }

# Cache and sessions in Redis when REDIS_URL is set (several app servers);
# otherwise a per-process cache and sessions in the database. The public
# pages' cache (operations/pagecache.py) must be shared by every process:
# Redis, or else files under SAMVERKAN_VAR_DIR.
REDIS_URL = os.environ.get("REDIS_URL", "")
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "60"))
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache" / "pages"),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "samverkan"),
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "samverkan") + "-pages",
        },
    }
    # Sessions live in Redis and are written through to the database, so a
    # restart of Redis signs no one out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
# The address in e-mailed links; the site as users reach it.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "samverkan@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
    }
}

SITE_NAME = os.environ.get("SITE_NAME", "Samverkan")
# Run by `samverkan load-demo` after the organisation: each takes (structure, today).
# OParl 1.1 (samverkan/api/oparl): objects per list page, and the terms of
# office: four calendar years after each general election (2023-2026, ...).
OPARL_PAGE_SIZE = int(os.environ.get("OPARL_PAGE_SIZE", "100"))
OPARL_FIRST_TERM_START = 2023
OPARL_TERM_YEARS = 4
DEMO_LOADERS = ["samverkan.meetings.demo.load", "samverkan.agreement.demo.load"]
# Run daily by `samverkan send-reminders`: each takes `today` and returns a count.
REMINDERS = [
    "samverkan.meetings.services.remind_approvals",
    "samverkan.matters.services.remind_uptakes",
    "samverkan.deviations.services.remind_deviations",
    "samverkan.notifications.reminders.remind",
    "samverkan.notifications.services.send_digests",
]
DOCUMENT_MAX_BYTES = int(os.environ.get("DOCUMENT_MAX_MB", "25")) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# The integration API (/api/v1/): requests per token within a sliding window.
API_RATE_LIMIT = int(os.environ.get("API_RATE_LIMIT", "600"))
API_RATE_WINDOW_SECONDS = int(os.environ.get("API_RATE_WINDOW_SECONDS", "60"))

# Sign-in (see docs/accounts.md). Lock a username out for a while after
# repeated failures; the security log (audit) is the counter.
SIGN_IN_MAX_FAILURES = int(os.environ.get("SIGN_IN_MAX_FAILURES", "5"))
SIGN_IN_LOCKOUT_SECONDS = int(os.environ.get("SIGN_IN_LOCKOUT_SECONDS", "900"))
SIGN_IN_MAX_FAILURES_PER_ADDRESS = int(
    os.environ.get("SIGN_IN_MAX_FAILURES_PER_ADDRESS", "50")
)
# Reverse proxies whose X-Forwarded-For names the client (logs, throttling).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.1,::1")
INVITATION_VALID_DAYS = int(os.environ.get("INVITATION_VALID_DAYS", "7"))
OTP_TOTP_ISSUER = SITE_NAME
# History is never rewritten, not even by "revert" in the admin.
SIMPLE_HISTORY_REVERT_DISABLED = True

# OpenID Connect through an e-identification broker; off unless OIDC_ISSUER is set.
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "")
OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
OIDC_SCOPES = os.environ.get("OIDC_SCOPES", "openid email profile")
OIDC_CLAIM_SUBJECT = os.environ.get("OIDC_CLAIM_SUBJECT", "sub")
OIDC_CLAIM_EMAIL = os.environ.get("OIDC_CLAIM_EMAIL", "email")
OIDC_REQUIRE_VERIFIED_EMAIL = env_bool("OIDC_REQUIRE_VERIFIED_EMAIL", default=True)
# SITHS, BankID and Freja eID are themselves two-factor: no TOTP on top.
OIDC_IS_TWO_FACTOR = env_bool("OIDC_IS_TWO_FACTOR", default=True)
OIDC_LABEL = os.environ.get("OIDC_LABEL", "") or _("Logga in med e-legitimation")

# Content-Security-Policy: no inline scripts, nothing from other origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Production profile: everything `check --deploy` asks for.
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"

SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Labels for the two sides, used wherever a side is named.
SIDE_LABELS = {"region": _("Region"), "municipalities": _("Kommunerna")}
