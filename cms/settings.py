"""Settings of the #sicherimDienst exchange: one module, driven by environment variables.

A newcomer's defaults need no services: SQLite under ``var/``, Celery tasks run eagerly, the
embedded search server (osmem) on 127.0.0.1, e-mail on the console. Setting ``DATABASE_URL``,
``CELERY_BROKER_URL`` and ``ELASTICSEARCH_URL`` switches the same code to PostgreSQL, Redis and a
real Elasticsearch 8. With ``DEBUG`` off the site refuses to start without its secrets.

Sections follow the order of Django's settings reference.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from django_guid.integrations import CeleryIntegration

from cms.ops.sentry import sentry_init

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # optional; real environment variables win

# --- Core -------------------------------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-never-use-in-production-0123456789")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
else:
    SECRET_KEY = env("SECRET_KEY", default="")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("dev-only"):
        raise ImproperlyConfigured("SECRET_KEY must be set to a random value of at least 50 characters.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must name the host(s) this site is served on.")

# --- Database ---------------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Applications and middleware --------------------------------------------------------------
INSTALLED_APPS = [
    "cms",
    "cms.ops",  # operations: backups, task failures, metrics (app label "ops")
    "cms.events",  # events: pages, registrations, calendar feeds (app label "events")
    "cms.network",  # the network's public face: news, partner list, join requests (app label "network")
    "exchange",
    "search",
    "dbbackup",
    "django_guid",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "ninja",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "axes",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # allauth's session list (/konto/sessions/) loads the humanize template tags
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # cms/ops: request latency by view (first and last), the request id, one log line per request
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django_guid.middleware.guid_middleware",
    "cms.ops.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # MAINTENANCE_MODE=true answers 503 with templates/503.html before any database access
    "cms.errors.MaintenanceModeMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # German unless the person picked English in the footer (cms/middleware.py; no Accept-Language)
    "cms.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "exchange.people.middleware.MfaRequiredMiddleware",
    "cms.middleware.ContentSecurityPolicyMiddleware",
    # AxesMiddleware stays last: it turns a lockout flagged during the login into the lockout page.
    "axes.middleware.AxesMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

MAINTENANCE_MODE = env.bool("MAINTENANCE_MODE", default=False)

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

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
                "exchange.context_processors.member_area",
                "cms.context_processors.navigation",
            ],
        },
    },
]

# --- Authentication ---------------------------------------------------------------------------
AUTH_USER_MODEL = "exchange.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses locked-out credentials before any backend checks a password.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "members-home"
LOGOUT_REDIRECT_URL = "/"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_ADAPTER = "exchange.people.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[#sicherimDienst] "
ACCOUNT_FORMS = {"signup": "exchange.people.forms.SignupForm"}
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True  # a new address replaces the old one only after it is verified
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
# allauth's own throttle (cache based) sits in front of django-axes' lockout (database based).
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}

# --- Membership and account security (exchange) ------------------------------------------------
# Two factors (TOTP + recovery codes) for everyone who wants them, required for editors and
# administrators (exchange.people.middleware.MfaRequiredMiddleware).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "#sicherimDienst"
MFA_REQUIRED_FOR_STAFF = env.bool("MFA_REQUIRED_FOR_STAFF", default=True)
USERSESSIONS_TRACK_ACTIVITY = False
# django-axes: after AXES_FAILURE_LIMIT failed logins for the same account from the same address
# the combination is locked for AXES_COOLOFF_TIME hours; allauth throttles per account before that.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_TIME_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "exchange.people.adapters.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# axes keeps only what the lockout needs (AccessAttempt, the failure counter); every login, logout and
# failure is recorded once, in the project's security log (exchange.AuditEvent), not again by axes.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_IPWARE_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0) or None
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Content-Security-Policy (django-csp 4): strict for the site (no inline script or style, no
# foreign origins); cms.middleware.ContentSecurityPolicyMiddleware relaxes script-src and
# style-src with 'unsafe-inline' only for the Wagtail admin (/cms/) and the API docs, which need it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("Englisch"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# --- Static and media files -------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# Forum attachments live outside MEDIA_ROOT and have no URL: exchange.forum.views serves them after
# a permission check.
PRIVATE_ROOT = env.path("PRIVATE_ROOT", default=VAR_DIR / "private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "forum_attachments": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": f"{PRIVATE_ROOT}/forum", "base_url": "/forum/anhang/nicht-oeffentlich/"},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- E-mail -----------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="#sicherimDienst <noreply@sicherimdienst.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security ---------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12
CSRF_COOKIE_HTTPONLY = False
# DEBUG keeps SAMEORIGIN; production uses DENY (below). Wagtail's preview views set SAMEORIGIN on
# their own responses (wagtail.utils.decorators.xframe_options_sameorigin_override), so the preview
# framed by the admin keeps working with DENY.
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    X_FRAME_OPTIONS = "DENY"  # check --deploy: security.W019

# --- Logging ---------------------------------------------------------------------------------
# JSON lines (cms/ops/logs.py) with the request id, which django-guid carries into the Celery tasks a
# request enqueues; LOG_FORMAT=plain for a readable console (the newcomer's default). No handler
# writes e-mail addresses, exception messages, task arguments or URL values.
LOG_FORMAT = env("LOG_FORMAT", default="plain" if DEBUG else "json")
if LOG_FORMAT not in ("json", "plain"):
    raise ImproperlyConfigured("LOG_FORMAT must be json or plain.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "django_guid.log_filters.CorrelationId", "correlation_id_field": "request_id"},
        "personal_data": {"()": "cms.ops.logs.PersonalDataFilter"},
    },
    "formatters": {
        "json": {"()": "cms.ops.logs.JsonFormatter"},
        "plain": {
            "()": "cms.ops.logs.PlainFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id", "personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "elastic_transport": {"level": "ERROR"},  # search/ logs unavailability itself, once
        "celery.app.trace": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},  # django-axes logs every login at INFO
        "django_guid": {"level": "WARNING"},  # logs every id it sets at INFO
        "dbbackup": {"level": "WARNING"},
        "django.server": {"level": "WARNING"},  # runserver's access log: full URLs (cms.requests logs routes)
    },
}

# --- Cache ------------------------------------------------------------------------------------
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

# --- Celery -----------------------------------------------------------------------------------
# Without a broker URL every task runs eagerly in the calling process (the newcomer's default).
CELERY_TASK_ALWAYS_EAGER = not env("CELERY_BROKER_URL", default="")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="") or "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A web request must never hang because the broker is away: publish fails fast, the outbox keeps it.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# visibility_timeout: a task a killed worker held (acks_late) is handed out again after 15 minutes
# instead of kombu's one hour; every task here is short and idempotent, so that is safe.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "visibility_timeout": 900,
}
# Task modules beside autodiscovery (which finds only <app>.tasks): exchange keeps one per sub-domain.
CELERY_IMPORTS = (
    "exchange.membership.tasks",
    "exchange.notifications.tasks",
    "cms.events.tasks",
    "cms.network.tasks",
    "exchange.alerts.tasks",
)
# The worker keeps Django's LOGGING (django-guid's CeleryIntegration connects Celery's setup_logging).
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE = {
    "search-outbox-sweep": {"task": "search.tasks.sweep_outbox", "schedule": 60.0},
    # cms: Wagtail's scheduled publishing, and reminders before a practice's review date passes
    "cms-publish-scheduled": {"task": "cms.tasks.publish_scheduled", "schedule": 60.0},
    "cms-review-reminders": {"task": "cms.tasks.review_reminders_send", "schedule": 60.0 * 60 * 6},
    # events: the reminder the day before (each registration once) and confirmations whose task was lost
    "events-sweep": {"task": "cms.events.tasks.events_sweep", "schedule": 60.0 * 60},
    # exchange: notification fan-outs and e-mails whose tasks were lost; the daily digest (Europe/Berlin)
    "exchange-notifications-sweep": {"task": "exchange.tasks.notifications_sweep", "schedule": 60.0 * 5},
    "exchange-notification-digests": {
        "task": "exchange.tasks.notification_digests_send",
        "schedule": crontab(hour=6, minute=30),
    },
    # exchange.alerts: saved searches whose alert is due (a lost task leaves its search due)
    # network: erase the contact's data of join requests decided more than KEEP_DECIDED_DAYS ago
    "network-join-requests-erase": {
        "task": "cms.network.tasks.join_requests_erase",
        "schedule": crontab(hour=3, minute=15),
    },
    "exchange-saved-search-alerts": {
        "task": "exchange.alerts.tasks.saved_search_alerts_due",
        "schedule": 60.0 * 15,
    },
}

# --- Operations (cms/ops): backups, request ids, metrics, error reports ---------------------------
# Backups (README "Backup and restore"): `manage.py backup` writes sid-backup-<UTC time>.tar.gz into
# BACKUP_DIR and keeps the newest archive of each of the last BACKUP_KEEP_DAILY days and of each of
# the last BACKUP_KEEP_WEEKLY ISO weeks. BACKUP_SCHEDULE ("HH:MM", Europe/Berlin) lets Celery beat
# send the nightly backup to the queue "backup" (docker-compose's backup service); empty: none.
BACKUP_DIR = env.path("BACKUP_DIR", default=VAR_DIR / "backups")
BACKUP_KEEP_DAILY = env.int("BACKUP_KEEP_DAILY", default=7)
BACKUP_KEEP_WEEKLY = env.int("BACKUP_KEEP_WEEKLY", default=4)
BACKUP_SCHEDULE = env("BACKUP_SCHEDULE", default="")
if BACKUP_SCHEDULE:
    _hour, _, _minute = BACKUP_SCHEDULE.partition(":")
    CELERY_BEAT_SCHEDULE["ops-backup-nightly"] = {
        "task": "cms.ops.tasks.backup_nightly",
        "schedule": crontab(hour=int(_hour), minute=int(_minute or 0)),
    }
CELERY_TASK_ROUTES = {"cms.ops.tasks.backup_nightly": {"queue": "backup"}}
# django-dbbackup makes the database part: pg_dump/pg_restore (the client must match the server's
# major version), SQLite's backup API. Errors are task failures, not e-mails.
DBBACKUP_SEND_EMAIL = False
DBBACKUP_CONNECTORS = {"default": {"PG_OPTIONS": ["--no-owner", "--no-privileges"]}}
DBBACKUP_CONNECTOR_MAPPING = {"django.db.backends.sqlite3": "cms.ops.restore.SqliteConnector"}
# Request id: taken from X-Request-ID (a UUID set by the proxy) or made, returned in X-Request-ID,
# carried into Celery tasks (only with a broker: eager tasks run inside the request anyway).
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "VALIDATE_GUID": True,
    "RETURN_HEADER": True,
    "EXPOSE_HEADER": False,
    "INTEGRATIONS": []
    if CELERY_TASK_ALWAYS_EAGER
    else [CeleryIntegration(use_django_logging=True, log_parent=True)],
}
# Health (/api/health) and metrics: an outbox row older than this is a finding, and failed tasks
# are counted over this window.
OPS_OUTBOX_STALE_MINUTES = env.int("OPS_OUTBOX_STALE_MINUTES", default=5)
OPS_TASK_FAILURE_HOURS = env.int("OPS_TASK_FAILURE_HOURS", default=24)
# /metrics (Prometheus) answers only with "Authorization: Bearer <METRICS_TOKEN>"; unset: 404.
# PROMETHEUS_MULTIPROC_DIR (read by prometheus_client from the environment, too): a directory shared
# by the gunicorn workers, emptied at start (compose: a tmpfs), so latency counts all workers.
METRICS_TOKEN = env("METRICS_TOKEN", default="")
PROMETHEUS_MULTIPROC_DIR = env("PROMETHEUS_MULTIPROC_DIR", default="")
PROMETHEUS_EXPORT_MIGRATIONS = False
# Sentry: only with SENTRY_DSN; cms/ops/sentry.py scrubs every event of personal data and tags it
# with the request id.
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    sentry_init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        release=env("SENTRY_RELEASE", default=""),
    )

# --- Search (search/ is the only code that talks to Elasticsearch) ------------------------------
# Without ELASTICSEARCH_URL the embedded osmem server on SEARCH_EMBEDDED_ADDR is used; `make run`
# starts it, and management commands in a second terminal reach the same one.
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
SEARCH_EMBEDDED_ADDR = env("SEARCH_EMBEDDED_ADDR", default="127.0.0.1:9251")
SEARCH = {
    "URL": ELASTICSEARCH_URL or f"http://{SEARCH_EMBEDDED_ADDR}",
    "EMBEDDED": not ELASTICSEARCH_URL,
    "INDEX_PREFIX": env("SEARCH_INDEX_PREFIX", default="sid"),
    "TIMEOUT": env.float("SEARCH_TIMEOUT", default=2.0),
    "BULK_TIMEOUT": env.float("SEARCH_BULK_TIMEOUT", default=15.0),
    # index.max_result_window of new indices; pages beyond it are reached with search_after.
    "MAX_RESULT_WINDOW": env.int("SEARCH_MAX_RESULT_WINDOW", default=10_000),
}

# --- Wagtail ----------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "#sicherimDienst – Wissensaustausch"
WAGTAILADMIN_BASE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Documents always go through Wagtail's serve view, where cms.wagtail_hooks checks who may download
# attachments of restricted practices; MEDIA_ROOT/documents must never be served by the web server.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Attachments are refused above this size with a form error (Wagtail has no limit by default).
WAGTAILDOCS_MAX_UPLOAD_SIZE = env.int("DOCUMENT_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "ppt",
    "pptx",
    "odt",
    "ods",
    "odp",
    "txt",
    "csv",
]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No Gravatar: it would send a hash of every editor's e-mail address to a third party from each admin
# page (and the CSP blocks the image anyway); Wagtail shows its own default avatar instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_PERMITTED_LANGUAGES = [("de", "Deutsch"), ("en", "English")]

# --- Forum ------------------------------------------------------------------------------------
FORUM_POSTS_PER_PAGE = env.int("FORUM_POSTS_PER_PAGE", default=20)
FORUM_THREADS_PER_PAGE = env.int("FORUM_THREADS_PER_PAGE", default=25)
FORUM_ATTACHMENT_MAX_BYTES = env.int("FORUM_ATTACHMENT_MAX_BYTES", default=5 * 1024 * 1024)
FORUM_ATTACHMENTS_PER_POST = env.int("FORUM_ATTACHMENTS_PER_POST", default=5)
# Posts per minute, counted in the database (works across processes): accounts younger than
# NEW_ACCOUNT_DAYS get the lower limit.
FORUM_RATE_LIMIT = {
    "NEW_ACCOUNT_DAYS": env.int("FORUM_RATE_NEW_ACCOUNT_DAYS", default=7),
    "NEW_PER_MINUTE": env.int("FORUM_RATE_NEW_PER_MINUTE", default=3),
    "PER_MINUTE": env.int("FORUM_RATE_PER_MINUTE", default=10),
}

# --- Network: the public join form (cms/network) ---------------------------------------------
# A form sent faster than MIN_SECONDS after it was shown, or older than MAX_AGE_HOURS, is refused;
# every address may send it PER_HOUR times an hour (counted in the cache: Redis in production).
NETWORK_JOIN = {
    "MIN_SECONDS": env.int("NETWORK_JOIN_MIN_SECONDS", default=4),
    "MAX_AGE_HOURS": env.int("NETWORK_JOIN_MAX_AGE_HOURS", default=24),
    "PER_HOUR": env.int("NETWORK_JOIN_PER_HOUR", default=5),
    # The contact's personal data of a decided request is erased this many days after the decision
    # (storage limitation, Art. 5(1)(e) GDPR); the organisation, status and dates stay as a record.
    "KEEP_DECIDED_DAYS": env.int("NETWORK_JOIN_KEEP_DECIDED_DAYS", default=180),
}
# How long the live figures (partners, members, public practices) are kept in the cache, seconds.
NETWORK_FIGURES_CACHE_SECONDS = env.int("NETWORK_FIGURES_CACHE_SECONDS", default=300)

# --- API --------------------------------------------------------------------------------------
NINJA_PAGINATION_PER_PAGE = 20
