"""Settings for the engagement tracker: one module, every value from the environment."""

from __future__ import annotations

from datetime import timedelta
from email.utils import getaddresses
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# The embedded default key only ever serves a local run; production sets SECRET_KEY.
SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-local-only-key-set-SECRET_KEY-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "config.views.csrf_failure"  # the site layout, not a bare English page
SITE_URL = env.str("SITE_URL", default="http://localhost:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI and ReDoc served from our static files, no CDN
    "simple_history",
    "import_export",
    "axes",
    # Two-factor sign-in: authenticator apps (TOTP) and single-use recovery codes (static tokens).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tables2",
    # The project's apps, lowest floor first: each imports only the apps above it in this list.
    "engagement",
    "visits",
    "pledges",
    "meetings",
    "reminders",
    "dashboards",
    # Cross-cutting: health, request logs, security headers (above the domain apps).
    "operations",
    "demo",
]

MIDDLEWARE = [
    # First: the request id and one log line per request, whatever answers it (operations/logs.py).
    "operations.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # /healthz and /readyz answered before the Host check: load balancers probe by IP address.
    "operations.middleware.ProbeMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy (django-csp, plus per-page additions) and Permissions-Policy.
    "operations.headers.ContentSecurityPolicyMiddleware",
    "operations.headers.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): the session was signed in with a two-factor code.
    "django_otp.middleware.OTPMiddleware",
    # After authentication: the account's language beats LocaleMiddleware's cookie/header choice.
    "engagement.middleware.AccountLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Staff with an authenticator app need a verified session for the admin (and, with REQUIRE_STAFF_2FA,
    # for every page); with REQUIRE_STAFF_2FA, staff without one reach only its set-up.
    "engagement.two_factor.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must come last: it reads the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "engagement.context_processors.role",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections (docs/operations.md, "Connections"): each gunicorn worker and each Celery
# pool process keeps one connection for CONN_MAX_AGE seconds instead of opening one per request
# (6-9 ms each on PostgreSQL); CONN_HEALTH_CHECKS tests a kept connection before a request reuses
# it, so a database restart costs one reconnection, never an error.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=600))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", env.bool("CONN_HEALTH_CHECKS", default=True))
# PostgreSQL's JIT compiles any query its planner costs above jit_above_cost: the pledge export's
# one query spent ~270 ms compiling to save less than it cost. The app's queries are short or
# streamed, so its sessions run without it (docs/operations.md); `?options=` in DATABASE_URL
# overrides, e.g. behind a pooler that refuses startup options.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "engagement.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
# The six UN languages, each named in itself (the switcher shows them so); Arabic is right to left.
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ar", "العربية"),
    ("zh-hans", "中文"),
    ("ru", "Русский"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
# Unambiguous dates in every language ("9 June 2025"): config/formats/<language>/formats.py.
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"] if (BASE_DIR / "static").is_dir() else []
# Uploaded evidence files. MEDIA_ROOT is never served as such (no /media/ route, no MEDIA_URL):
# each file is sent by the app, to those who may read its report (docs/architecture.md).
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# An S3-compatible store instead of MEDIA_ROOT when a bucket is named (django-storages, boto3).
EVIDENCE_S3_BUCKET = env.str("EVIDENCE_S3_BUCKET", default="")
DEFAULT_FILE_STORAGE_BACKEND = (
    {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": EVIDENCE_S3_BUCKET,
            "endpoint_url": env.str("EVIDENCE_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("EVIDENCE_S3_REGION", default="") or None,
            "access_key": env.str("EVIDENCE_S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("EVIDENCE_S3_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("EVIDENCE_S3_PREFIX", default=""),
            "addressing_style": env.str("EVIDENCE_S3_ADDRESSING_STYLE", default="") or None,
            # Private objects, never overwritten; the app streams them, so no public URLs.
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
    if EVIDENCE_S3_BUCKET
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
)
# Up to EVIDENCE_MAX_FILES files of EVIDENCE_MAX_FILE_SIZE bytes each per progress report.
EVIDENCE_MAX_FILES = env.int("EVIDENCE_MAX_FILES", default=5)
EVIDENCE_MAX_FILE_SIZE = env.int("EVIDENCE_MAX_FILE_SIZE", default=20 * 1024 * 1024)
# Files stream to a temporary file above this size instead of memory; form fields (not files)
# stay under Django's DATA_UPLOAD_MAX_MEMORY_SIZE. The file count limit leaves room to answer
# "too many files" with the report's own message rather than a bare 400.
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
FILE_UPLOAD_TEMP_DIR = env.str("FILE_UPLOAD_TEMP_DIR", default="") or None
# A JSON body, or a form's fields without its files, above this many bytes is a 400 (Django's default).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
DATA_UPLOAD_MAX_NUMBER_FILES = env.int("DATA_UPLOAD_MAX_NUMBER_FILES", default=20)
FILE_UPLOAD_PERMISSIONS = 0o640
STORAGES = {
    "default": DEFAULT_FILE_STORAGE_BACKEND,
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}

# E-mail: console unless EMAIL_URL names a server.
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="OSRSG-VAC tracker <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Subjects of the mail to ADMINS (server errors) start with this.
EMAIL_SUBJECT_PREFIX = env.str("EMAIL_SUBJECT_PREFIX", default="[VAC tracker] ")
# Staff forward or BCC meeting e-mails here; `manage.py receive_mail` turns them into drafts.
MEETING_DROPBOX_ADDRESS = env.str("MEETING_DROPBOX_ADDRESS", default="meetings@tracker.localhost")

# Celery: Redis when REDIS_URL is set, otherwise tasks run in process (the embedded default).
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# Keep above REMINDER_RETRY_BACKOFF_MAX_SECONDS: Redis hands out again an unacknowledged (countdown)
# task older than this. Lost tasks do not wait for it: the reminders' settle task requeues them.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)}

CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="tracker"),
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "engagement.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["engagement.api.permissions.RolePermission"],
    # JSON nested beyond engagement.api.parsers.MAX_JSON_DEPTH is a 400; forms and uploads as DRF's.
    "DEFAULT_PARSER_CLASSES": [
        "engagement.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "engagement.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "engagement.api.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
        "engagement.api.renderers.CSVRenderer",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "engagement.api.throttling.AnonThrottle",
        "engagement.api.throttling.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="100/min"),
        "user": env.str("API_THROTTLE_USER", default="1000/min"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "EXCEPTION_HANDLER": "engagement.api.exceptions.exception_handler",
}
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=env.int("API_TOKEN_TTL_DAYS", default=90)),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "OSRSG-VAC engagement and commitment tracker API",
    "DESCRIPTION": "Member States, meetings, visits, VNR outreach, Bogota pledges and their progress.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Swagger UI and ReDoc from drf-spectacular-sidecar's static files: the docs work offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No validator badge: Swagger UI would otherwise send the schema's URL to validator.swagger.io.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    # Several resources have a `status`; name each enum after its domain, not a hash.
    "ENUM_NAME_OVERRIDES": {
        "PledgeStatusEnum": "pledges.choices.PledgeStatus",
        "MembershipStatusEnum": "pledges.choices.MembershipStatus",
        "VisitStatusEnum": "visits.choices.VisitStatus",
        "FollowUpStatusEnum": "meetings.choices.FollowUpStatus",
        "ReminderStatusEnum": "reminders.choices.ReminderStatus",
    },
}

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# A mistyped recovery code stays out of axes' log of failed attempts.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]

# Two-factor sign-in (engagement/two_factor.py). When REQUIRE_STAFF_2FA is on, a staff account
# without an authenticator app is sent to set one up after its password and reaches nothing else.
REQUIRE_STAFF_2FA = env.bool("REQUIRE_STAFF_2FA", default=False)
# The name authenticator apps show beside the account.
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="OSRSG-VAC tracker")

# Reminder rules, in days (see engagement/reminders).
REMINDER_PLEDGE_DAYS_BEFORE = env.int("REMINDER_PLEDGE_DAYS_BEFORE", default=14)
REMINDER_PLEDGE_OVERDUE_EVERY = env.int("REMINDER_PLEDGE_OVERDUE_EVERY", default=14)
REMINDER_PLEDGE_OVERDUE_MAX = env.int("REMINDER_PLEDGE_OVERDUE_MAX", default=3)
REMINDER_VISIT_FOLLOW_UP_DAYS = env.int("REMINDER_VISIT_FOLLOW_UP_DAYS", default=90)
REMINDER_DIGEST_AHEAD_DAYS = env.int("REMINDER_DIGEST_AHEAD_DAYS", default=14)
REMINDER_MILESTONE_DAYS_BEFORE = env.int("REMINDER_MILESTONE_DAYS_BEFORE", default=60)
PLEDGE_STALE_AFTER_CYCLES = env.int("PLEDGE_STALE_AFTER_CYCLES", default=2)

# The open data's licence (/public/data/), named and linked on every dataset and download.
OPEN_DATA_LICENCE_NAME = env.str("OPEN_DATA_LICENCE_NAME", default="CC BY 4.0")
OPEN_DATA_LICENCE_URL = env.str(
    "OPEN_DATA_LICENCE_URL", default="https://creativecommons.org/licenses/by/4.0/"
)
PLEDGE_DEFAULT_REPORTING_INTERVAL_DAYS = env.int("PLEDGE_DEFAULT_REPORTING_INTERVAL_DAYS", default=180)
# Dashboard and annual-report aggregates are cached this long; any write feeding them
# invalidates them at once (dashboards/selectors/cache.py). 0 turns the cache off.
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=300)

# Production hardening: on whenever DEBUG is off, overridable for a plain-HTTP local run.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
# Load balancers probe the instances over plain HTTP: the probes are never redirected to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG and SECURE_SSL_REDIRECT)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=SESSION_COOKIE_SECURE)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=SECURE_HSTS_SECONDS > 0)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=SECURE_HSTS_SECONDS > 0)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_PROXY", default=False) else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
# The Referer goes to our own pages only (Django's CSRF check reads it over HTTPS); a click on an
# evidence link to another site tells that site nothing of our addresses, which name pledges.
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp 4): scripts, styles, images, fonts and requests from this
# site only, no inline script or style. ReDoc, the admin and the browsable API get page-scoped
# additions for their libraries' inline code (operations/headers.py). CSP_REPORT_ONLY=true sends
# it as Content-Security-Policy-Report-Only (the browser reports what it would block and blocks
# nothing); CSP_REPORT_URI receives the reports.
csp_directives = {
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
    "report-uri": env.str("CSP_REPORT_URI", default="") or None,
}
csp_report_only = env.bool("CSP_REPORT_ONLY", default=False)
CONTENT_SECURITY_POLICY = None if csp_report_only else {"DIRECTIVES": csp_directives}
CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": csp_directives} if csp_report_only else None
# Permissions-Policy: browser features no page uses, refused to every page and any frame in it.
PERMISSIONS_POLICY = dict.fromkeys(
    ("camera", "microphone", "geolocation", "payment", "usb", "display-capture", "browsing-topics"), ()
)

# Logs (operations/logs.py): every record carries the request id; one line per request from
# operations.middleware.RequestLogMiddleware. LOG_FORMAT=json (production: the README) writes one
# JSON object per line for a log collector, `text` (the local default) a readable line.
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO").upper()
LOG_FORMAT = env.str("LOG_FORMAT", default="text").lower()
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "operations.logs.RequestIdFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "text": {"()": "operations.logs.TextFormatter"},
        "json": {"()": "operations.logs.JsonFormatter"},
        "mail": {"()": "operations.logs.TextFormatter", "fmt": "%(message)s\n\nRequest id: %(request_id)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]},
        # Errors of django.request (unhandled exceptions, 5xx) mailed to ADMINS, when set.
        "mail_admins": {
            "class": "operations.logs.RequestAdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "request_id"],
            "formatter": "mail",
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # Django sets its own logger to INFO; LOG_LEVEL governs it too (CI runs the fuzzer at ERROR).
    "loggers": {
        "django": {"level": LOG_LEVEL},
        "django.request": {"handlers": ["mail_admins"]},
        "django.db.backends": {"level": "INFO"},
        # runserver's own line per request repeats ours: only its warnings and errors are kept.
        "django.server": {"level": "WARNING"},
    },
}
# Who gets the mail of server errors: ADMINS="Ops <ops@example.org>, Dev <dev@example.org>".
ADMINS = [(name, address) for name, address in getaddresses([env.str("ADMINS", default="")]) if address]
# Sentry, when SENTRY_DSN is set: unhandled errors of the web and the worker, no personal data.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    # Imported only when used: the Django integration alone adds a tenth of a second to every start.
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        release=env.str("SENTRY_RELEASE", default="") or None,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
# Probes (operations/readiness.py): a worker counts as seen when it beat this recently (workers
# beat every WORKER_HEARTBEAT_SECONDS); a sweep older than this many hours is reported stale.
WORKER_HEARTBEAT_SECONDS = env.int("WORKER_HEARTBEAT_SECONDS", default=30)
READYZ_WORKER_MAX_AGE_SECONDS = env.int("READYZ_WORKER_MAX_AGE_SECONDS", default=300)
READYZ_SWEEP_STALE_HOURS = env.int("READYZ_SWEEP_STALE_HOURS", default=26)
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=True)

# Reminder delivery (docs/reminders.md). A missed sweep day is caught up within REMINDER_CATCH_UP_DAYS.
REMINDER_CATCH_UP_DAYS = env.int("REMINDER_CATCH_UP_DAYS", default=3)
REMINDER_RETRY_BACKOFF_SECONDS = env.int("REMINDER_RETRY_BACKOFF_SECONDS", default=60)
REMINDER_RETRY_BACKOFF_MAX_SECONDS = env.int("REMINDER_RETRY_BACKOFF_MAX_SECONDS", default=900)
REMINDER_RETRY_JITTER = env.bool("REMINDER_RETRY_JITTER", default=True)
# A send failing for a temporary reason is retried until this long after its first try, then failed.
REMINDER_GIVE_UP_AFTER_HOURS = env.int("REMINDER_GIVE_UP_AFTER_HOURS", default=72)
# A `sending` claim older than this belongs to a dead worker; keep it well above EMAIL_TIMEOUT (one
# send is about a dozen SMTP exchanges, each allowed EMAIL_TIMEOUT): reminders.W001 checks it.
REMINDER_CLAIM_LEASE_SECONDS = env.int("REMINDER_CLAIM_LEASE_SECONDS", default=300)
# A pending reminder this long past its try time lost its task (dead worker, flushed broker): requeued.
REMINDER_STRANDED_AFTER_SECONDS = env.int("REMINDER_STRANDED_AFTER_SECONDS", default=300)
# How often the beat runs reminders.settle. A dead worker's reminders go out within
# max(lease, stranded) + this: 360 s by default, under 10 minutes (reminders.W003).
REMINDER_SETTLE_SECONDS = env.int("REMINDER_SETTLE_SECONDS", default=60)
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="celery")
CELERY_BEAT_SCHEDULE = {
    "reminders-daily-sweep": {
        "task": "reminders.sweep",
        "schedule": crontab(hour=env.int("REMINDER_SWEEP_HOUR", default=6), minute=0),
    },
    "reminders-settle": {"task": "reminders.settle", "schedule": timedelta(seconds=REMINDER_SETTLE_SECONDS)},
}

# List pages (django-tables2): the site's table template; `?sort=` and `?page=` as the API names them.
DJANGO_TABLES2_TEMPLATE = "engagement/_table.html"
