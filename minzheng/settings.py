"""Settings, driven by the environment.

- ``DATABASE_URL``: ``sqlite:///path`` (default: ``var/minzheng.sqlite3``, WAL mode) or ``postgres://…``.
- ``SECRET_KEY``: required in production; a local one is generated into ``var/`` for the demo.
- ``MINZHENG_DEBUG``: ``1`` for development error pages.
- ``MINZHENG_ALLOWED_HOSTS``: comma-separated host names.
- ``MINZHENG_DEMO``: ``0`` leaves the demo app out (a real deployment); by default it is installed.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("MINZHENG_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("MINZHENG_DEBUG", "0") == "1"
ALLOWED_HOSTS = os.environ.get("MINZHENG_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "axes",
    "apps.core",
    "apps.areas",
    "apps.accounts",
    "apps.registry",
    "apps.organisations",
    "apps.facilities",
    "apps.standards",
    "apps.assistance",
    "apps.portal",
    "apps.payroll",
    "apps.crosscheck",
    "apps.monitoring",
    "apps.statistics",
    "apps.disclosure",
    "apps.annual",
    "apps.indicators",
    "apps.targets",
    "apps.workbench",
]
# The demo (synthetic data for every domain, ``minzheng demo``) is the top floor: nothing imports it, and
# a deployment leaves it out with MINZHENG_DEMO=0 (its command, the practice death list and its URLs go).
if os.environ.get("MINZHENG_DEMO", "1") != "0":
    INSTALLED_APPS.append("apps.demo")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "apps.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "apps.core.uploads.UploadLimitMiddleware",  # a body too big is refused before anything reads it
    "apps.portal.middleware.PortalBoundaryMiddleware",
    "apps.accounts.middleware.ReadOnlyRoleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "apps.core.middleware.DomainErrorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "minzheng.urls"
WSGI_APPLICATION = "minzheng.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "minzheng" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.core.context_processors.navigation",
            ],
        },
    },
]

_default_db = f"sqlite:///{VAR_DIR / 'minzheng.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", _default_db), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run while one writer writes; IMMEDIATE takes the write lock up front so two
        # writers queue instead of failing half-way with "database is locked".
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "apps.accounts.validators.MixedCharactersValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workbench:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after 30 idle minutes and when the browser closes: many PCs in a township are shared.
SESSION_COOKIE_AGE = int(os.environ.get("MINZHENG_SESSION_SECONDS", 30 * 60))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

# Served over HTTPS (MINZHENG_HTTPS=1, as every deployment should be): the session and CSRF cookies are
# sent only over HTTPS and the site tells browsers to use nothing else for a year (HSTS). Behind a reverse
# proxy that ends TLS, MINZHENG_PROXY_HTTPS=1 trusts its X-Forwarded-Proto header. The demo on 127.0.0.1
# is plain HTTP, so both are off by default. See docs/security.md.
HTTPS = os.environ.get("MINZHENG_HTTPS", "0") == "1"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("MINZHENG_HSTS_SECONDS", 365 * 24 * 3600)) if HTTPS else 0
SECURE_SSL_REDIRECT = HTTPS and os.environ.get("MINZHENG_SSL_REDIRECT", "1") == "1"
if os.environ.get("MINZHENG_PROXY_HTTPS", "0") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Login rate limit: five failures for a user name from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("MINZHENG_LOGIN_FAILURES", 5))
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Password spraying: this many different user names failing from one address within the cool-off lock
# the address for every name (apps/accounts/services.py LoginGuard).
AXES_SPRAY_NAMES = int(os.environ.get("MINZHENG_LOGIN_SPRAY_NAMES", 10))
AXES_HANDLER = "apps.accounts.services.LoginGuard"
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_MAX_AGE = 3600

# Uploads (apps/core/uploads.py). A file over 2.5 MB streams to a temporary file instead of memory; form
# fields other than files may hold 10 MB. Each kind of upload has its own limit in MB, checked before the
# file is read, and a request body over MINZHENG_UPLOAD_MAX_MB (default: the largest kind + 16) is refused
# from its Content-Length before any of it is read. A proxy in front should refuse bodies that large too.
FILE_UPLOAD_MAX_MEMORY_SIZE = int(2.5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
MINZHENG_IMPORT_MAX_MB = float(os.environ.get("MINZHENG_IMPORT_MAX_MB", 30))
MINZHENG_WORKBOOK_MAX_MB = float(os.environ.get("MINZHENG_WORKBOOK_MAX_MB", 5))
MINZHENG_BANK_RETURN_MAX_MB = float(os.environ.get("MINZHENG_BANK_RETURN_MAX_MB", 200))
MINZHENG_LIST_IMPORT_MAX_MB = float(os.environ.get("MINZHENG_LIST_IMPORT_MAX_MB", 1024))
MINZHENG_ATTACHMENT_MAX_MB = float(os.environ.get("MINZHENG_ATTACHMENT_MAX_MB", 10))
MINZHENG_UPLOAD_MAX_MB = float(os.environ.get("MINZHENG_UPLOAD_MAX_MB", MINZHENG_LIST_IMPORT_MAX_MB + 16))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "apps.core.permissions.ReadOnlyRolesRefused",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "apps.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "minzheng 民政 API",
    "DESCRIPTION": (
        "区划、人员与家庭。所有接口均按登录用户的辖区过滤；辖区外的对象与不存在的对象一样返回404。"
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("MINZHENG_LOG_LEVEL", "WARNING")},
}

# 短信 and the portal's registration codes (apps/core/sms.py, apps/portal/services/codes.py). The backend is
# a class by dotted path with ``send(*, phone, text)``; the default keeps messages in the database for the
# demo's 模拟短信 page and the tests, and delivers nothing, so a deployment sets its gateway's class here.
MINZHENG_SMS_BACKEND = os.environ.get("MINZHENG_SMS_BACKEND", "apps.core.sms.LocalSink")
MINZHENG_CODE_SECONDS = int(os.environ.get("MINZHENG_CODE_SECONDS", 10 * 60))  # a code's lifetime
MINZHENG_CODE_TRIES = int(os.environ.get("MINZHENG_CODE_TRIES", 5))  # wrong codes before it is void
MINZHENG_CODE_SENDS_PER_HOUR = int(os.environ.get("MINZHENG_CODE_SENDS_PER_HOUR", 5))  # per phone, per ID
