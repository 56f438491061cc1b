"""Base settings shared by every environment. Values come from the environment with safe local defaults."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import dj_database_url

from rouxing.config.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parents[2]
BASE_DIR = PACKAGE_DIR.parents[1]
VAR_DIR = Path(env_str("ROUXING_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-insecure-key-change-me-in-production-0123456789abcdef")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "template_partials",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "rouxing.core",
    "rouxing.orgs",
    "rouxing.parties",
    "rouxing.lists",
    "rouxing.cases",
    "rouxing.documents",
    "rouxing.plans",
    "rouxing.reports",
    "rouxing.enforcement",
    "rouxing.portal",
    "rouxing.api",
    "rouxing.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "rouxing.core.uploads.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "rouxing.core.middleware.SessionLimitsMiddleware",
    "rouxing.core.middleware.PasswordExpiryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "rouxing.core.middleware.LoginRequiredByDefaultMiddleware",
    "rouxing.orgs.twofactor.TwoFactorRequiredMiddleware",
    "rouxing.core.middleware.ReplicaReadsMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "rouxing.config.urls"
WSGI_APPLICATION = "rouxing.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "rouxing.core.context_processors.navigation",
                "rouxing.core.context_processors.calendar_alert",
            ],
        },
    }
]


def _database() -> dict:
    url = env_str("DATABASE_URL", "")
    if url:
        db = dj_database_url.parse(url, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))
        if db["ENGINE"].endswith("postgresql"):
            db.setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=on"
        return db
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    return sqlite_database(VAR_DIR / "rouxing.sqlite3")


def sqlite_database(path: Path | str) -> dict:
    """SQLite tuned for durability: WAL, synchronous=FULL, IMMEDIATE transactions, busy timeout."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
        },
    }


DATABASES = {"default": _database()}
# Optional read replica: reports, dashboards and the public portal read from it (rouxing.core.routers).
_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "")
ROUXING_REPLICA_ALIAS: str | None = None
if _REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(_REPLICA_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))
    ROUXING_REPLICA_ALIAS = "replica"
DATABASE_ROUTERS = ["rouxing.core.routers.ReplicaRouter"]
ROUXING_REPLICA_PATHS = ("/reports/", "/public/")
ROUXING_REPLICA_STICKY_SECONDS = env_int("ROUXING_REPLICA_STICKY_SECONDS", 10)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "orgs.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "rouxing.core.passwords.ComplexityValidator"},
]
# 等保 profile: password composition and periodic change are on by default (configurable).
PASSWORD_PROFILE = env_str("ROUXING_PASSWORD_PROFILE", "dengbao")
PASSWORD_MAX_AGE_DAYS = env_int("ROUXING_PASSWORD_MAX_AGE_DAYS", 90)

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]  # vendored htmx/echarts and the site css/js
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = Path(env_str("ROUXING_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media-not-served/"
WHITENOISE_USE_FINDERS = True

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

# Sessions: 30 minutes idle, 12 hours absolute (security.md).
SESSION_COOKIE_AGE = env_int("ROUXING_SESSION_ABSOLUTE_SECONDS", 12 * 3600)
SESSION_IDLE_SECONDS = env_int("ROUXING_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False

# Login throttling (django-axes, counted in the database; rouxing.orgs.throttle): 5 failures lock the pair
# (username, IP) for 15 minutes; 10 failures from one IP within 15 minutes refuse every login from it.
# No account is ever locked for every address, so nobody can shut a named officer out by guessing.
AXES_FAILURE_LIMIT = env_int("ROUXING_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("ROUXING_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_HANDLER = "rouxing.orgs.throttle.RouxingAxesHandler"
AXES_LOCKOUT_CALLABLE = "rouxing.orgs.throttle.lockout_response"
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
ROUXING_LOGIN_IP_FAILURE_LIMIT = env_int("ROUXING_LOGIN_IP_FAILURE_LIMIT", 10)
ROUXING_LOGIN_IP_WINDOW_SECONDS = env_int("ROUXING_LOGIN_IP_WINDOW_SECONDS", 15 * 60)

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "script-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Upload limits (rouxing.core.uploads): a non-file body up to DATA_UPLOAD_MAX_MEMORY_SIZE; a file above
# FILE_UPLOAD_MAX_MEMORY_SIZE is streamed to a temporary file, never held in memory; a multipart body past
# ROUXING_MAX_UPLOAD_BYTES (default: the evidence limit + 1 MB) is refused with 413 before it is read.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("ROUXING_FILE_UPLOAD_MEMORY_BYTES", 2_621_440)
EVIDENCE_MAX_BYTES = env_int("ROUXING_EVIDENCE_MAX_BYTES", 200 * 1024 * 1024)
IMPORT_MAX_BYTES = env_int("ROUXING_IMPORT_MAX_BYTES", 10 * 1024 * 1024)
ROUXING_MAX_UPLOAD_BYTES = env_int("ROUXING_MAX_UPLOAD_BYTES", 0)

# Keys outside the database (core.secrets): ROUXING_AUDIT_KEY / ROUXING_BACKUP_KEY or their *_FILE
# variants; empty in development = a generated key file in ROUXING_SECRETS_DIR (mode 0600).
ROUXING_SECRETS_DIR = env_str("ROUXING_SECRETS_DIR", str(VAR_DIR / "secrets"))
ROUXING_AUDIT_KEY = env_str("ROUXING_AUDIT_KEY", "")
ROUXING_BACKUP_KEY = env_str("ROUXING_BACKUP_KEY", "")
# Audit anchors (core.audit): an anchor row every N events, each also appended to this file after
# commit. Put the file on append-only storage (chattr +a, WORM mount or a log host); "" turns it off.
AUDIT_ANCHOR_INTERVAL = env_int("ROUXING_AUDIT_ANCHOR_INTERVAL", 1)
AUDIT_ANCHOR_FILE = env_str("ROUXING_AUDIT_ANCHOR_FILE", str(VAR_DIR / "audit-anchors.log"))

# Engine: look-back window for "first violation" (首次被发现), in days.
ROUXING_FIRST_VIOLATION_LOOKBACK_DAYS = env_int("ROUXING_FIRST_VIOLATION_LOOKBACK_DAYS", 730)
CASES_RETURN_VISIT_DAYS = env_int("ROUXING_RETURN_VISIT_DAYS", 30)  # 回访: days after closing
CASES_DECISION_PUBLICITY_WORKDAYS = env_int("ROUXING_DECISION_PUBLICITY_WORKDAYS", 7)  # 处罚决定公示 (安全生产法 art. 78)

# Task worker (`rouxing worker`): django-tasks with its database backend, so no broker is needed and a task
# enqueued inside a transaction becomes visible to the worker only when that transaction commits.
TASKS = {
    "default": {
        "BACKEND": env_str("ROUXING_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "pdf"],
    }
}
# PDF conversion of an issued document: on the worker (True) or inside the officer's request (False).
ROUXING_PDF_ASYNC = env_bool("ROUXING_PDF_ASYNC", True)
# A task still queued after this many seconds makes /readyz report the worker as not keeping up.
ROUXING_READY_TASK_BACKLOG_SECONDS = env_int("ROUXING_READY_TASK_BACKLOG_SECONDS", 900)

# HTTP API throttling (django-ninja): requests per user (all of the user's tokens together).
ROUXING_API_RATE = env_str("ROUXING_API_RATE", "600/m")

# Production server (`rouxing serve --production`): gunicorn workers and threads per worker.
ROUXING_WEB_WORKERS = env_int("ROUXING_WEB_WORKERS", 2)
ROUXING_WEB_THREADS = env_int("ROUXING_WEB_THREADS", 4)
ROUXING_WEB_TIMEOUT = env_int("ROUXING_WEB_TIMEOUT", 120)

# Every handler masks ID numbers, mobile numbers and USCCs (rouxing.core.masking.MaskingFilter). Django's own
# loggers (django, django.request, django.server, django.security.*) are sent to the same masked handler
# instead of Django's default ones, which would print unmasked request lines.
LOG_LEVEL = env_str("ROUXING_LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal_numbers": {"()": "rouxing.core.masking.MaskingFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_personal_numbers"]}},
    "loggers": {
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "axes": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}

