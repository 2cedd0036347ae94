"""Settings shared by every environment.

Every value that differs between machines comes from an environment variable with an embedded
default, so `make run` works on a bare machine: SQLite and Celery's filesystem transport under
var/. Set DATABASE_URL and REDIS_URL to run on PostgreSQL and Redis (see README, "Settings").
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
# Where the embedded default keeps its database, queue and files; VAR_DIR moves it (the test of
# the embedded default runs a whole product in a temporary one).
VAR_DIR = Path(env("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me-in-production")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "django_celery_beat",
    "simple_history",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    # Ours, in import order: accounts <- cadets <- mentors / rotations / assessments <- office
    # (the reporting desk, which nothing imports).
    "accounts",
    "audit",
    "cadets",
    "mentors",
    "rotations",
    "assessments",
    "attendance",
    "education",
    "careers",
    "support",
    "conduct",
    "office",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files from the application server itself, compressed and cached (docs/decisions,
    # "WhiteNoise"): answered before sessions, users or the database are touched.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "accounts.middleware.SessionTimeoutMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "audit.middleware.AuditDenialsMiddleware",
    # Axes last: it needs the authenticated user and turns lockouts into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# DATABASE
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Keep a connection across requests (checked before reuse): opening one to PostgreSQL costs
# more than most of our pages' queries (issue 9's mixed load).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: it pays off on long analytical queries, and costs a page whose plan
    # is estimated above jit_above_cost tens of milliseconds of compiling (issue 9).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default: wait for the worker/beat instead of failing on a locked file.
    # IMMEDIATE: a transaction takes the write lock when it begins, so that it waits (up to the
    # timeout) instead of failing at once when it would upgrade a read lock while another
    # process writes — as beat's first schedule sync did while the worker sent the demo's mail.
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# AUTH
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # ModelBackend with the user's unit loaded with the user and permissions in one query.
    "accounts.backends.AccountBackend",
]
PASSWORD_HASHERS = [
    "accounts.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end when the browser closes, after 30 idle minutes and after 12 hours at the most
# (accounts.middleware.SessionTimeoutMiddleware enforces both on the server).
SESSION_IDLE_TIMEOUT = timedelta(minutes=env.int("SESSION_IDLE_MINUTES", default=30))
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=12)
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_TIMEOUT.total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# django-axes: lock an account after 10 failures, and an address after 10 failures across
# accounts (so that one address cannot try nine passwords on every account); the lock lifts
# after 15 minutes. The address is REMOTE_ADDR (axes' default), which a client cannot forge
# with X-Forwarded-For. Re-entering the password (reveal, password change) counts too
# (accounts/reauth.py); the audit log records every lock (audit/signals.py).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"

# CONTENT SECURITY POLICY (django-csp): scripts only from our own static files or with the
# per-request nonce — never inline. Inline style attributes stay allowed: bars of the timeline
# and Bootstrap components set widths and positions with them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
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
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

# I18N: Simplified Chinese by default, English from the switcher.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# Each app keeps its own catalogue (<app>/locale); listing them first makes `makemessages`,
# run once from the root, file every string under the app it comes from (docs/decisions/0002).
OUR_APPS = [
    "accounts", "audit", "cadets", "mentors", "rotations", "assessments", "attendance", "education",
    "support", "conduct", "careers", "office", "notifications",
]  # fmt: skip
LOCALE_PATHS = [BASE_DIR / app / "locale" for app in OUR_APPS] + [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env("TIME_ZONE", default="Asia/Shanghai")
USE_TZ = True

# STATIC / MEDIA
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing one
STATICFILES_DIRS = [BASE_DIR / "static"]
# Plain storage by default (runserver, the tests); production.py hashes and compresses
# (collectstatic writes bootstrap.<hash>.min.css with .gz and .br next to it).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Files served at the site's root: /favicon.ico, which browsers ask for on their own.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))

# FORMS
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
FILTERS_EMPTY_CHOICE_LABEL = _("All")
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# EMAIL
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="xuandiao@localhost")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# Links in e-mail and the calendar feed point here: the address people open the product at.
# Production refuses to start without its own (config/settings/production.py).
DEV_SITE_URL = "http://127.0.0.1:8000"
SITE_URL = env("SITE_URL", default=DEV_SITE_URL).rstrip("/")

# CELERY
# No broker URL means Celery's filesystem transport under var/, so one command runs the whole
# product on a bare machine; REDIS_URL (or CELERY_BROKER_URL) switches to Redis.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "celery" / "queue"
    _processed_dir = VAR_DIR / "celery" / "processed"
    for _d in (_queue_dir, _processed_dir):
        _d.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(_processed_dir),
        "store_processed": False,
    }
else:
    # Tasks acknowledge late; a task not acknowledged within this time is delivered again, so
    # every retry backoff stays well below it.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_ACKS_LATE = True

# CACHE AND SESSIONS
# With Redis, sessions are read from it and written through to the database (cached_db): one
# query fewer on every page, and a Redis restart signs nobody out. Without Redis (the embedded
# default) they stay in the database: a per-process cache would let a signed-out session live
# on in another worker. config/cache.py: Django's Redis cache, degraded to a miss while Redis
# is down (sessions are then read from the database).
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "config.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "xd",
            # A Redis that does not answer costs a page one second at most, then none at all
            # for CACHE_OUTAGE_RETRY_SECONDS (config/cache.py).
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# While Redis is down, the cache is not tried again for this many seconds after a failure.
CACHE_OUTAGE_RETRY_SECONDS = env.int("CACHE_OUTAGE_RETRY_SECONDS", default=5)
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
# django-celery-beat's DatabaseScheduler, kept alive through outages (config/beat.py).
CELERY_BEAT_SCHEDULER = "config.beat:ResilientScheduler"
# Beat's default entries; django-celery-beat's DatabaseScheduler copies them into the database
# on start, where an administrator may change them.
REMINDER_SWEEP_SECONDS = env.int("REMINDER_SWEEP_SECONDS", default=300)
DASHBOARD_REFRESH_SECONDS = env.int("DASHBOARD_REFRESH_SECONDS", default=600)
CELERY_BEAT_SCHEDULE: dict = {
    "notifications-sweep": {
        "task": "notifications.tasks.sweep",
        "schedule": timedelta(seconds=REMINDER_SWEEP_SECONDS),
        # A sweep still queued when the next is due is dropped: the next one does its work.
        "options": {"expires": REMINDER_SWEEP_SECONDS},
    },
    # Deliveries whose task was lost (a killed worker, a broker restart) are queued again
    # within minutes: the claim lease plus this period at most (docs/resilience.md).
    "notifications-requeue-lost": {
        "task": "notifications.tasks.requeue_lost",
        "schedule": timedelta(seconds=60),
        "options": {"expires": 60},
    },
    "audit-prune": {"task": "audit.tasks.prune_audit_log", "schedule": timedelta(days=1)},
    # The dashboard's counts (office.summaries): the page shows as of when.
    "dashboard-refresh": {
        "task": "office.tasks.refresh_dashboard",
        "schedule": timedelta(seconds=DASHBOARD_REFRESH_SECONDS),
        "options": {"expires": DASHBOARD_REFRESH_SECONDS},
    },
    "office-discard-stale-imports": {
        "task": "office.tasks.discard_stale_imports",
        "schedule": timedelta(hours=1),
        "options": {"expires": 3600},
    },
}
# Sweeps and other periodic work on Celery's default queue, e-mail on its own: a backlog of
# e-mail never delays a sweep (Procfile and docker-compose.yml run a worker for each).
CELERY_TASK_DEFAULT_QUEUE = "celery"
DELIVERY_QUEUE = "deliveries"
CELERY_TASK_ROUTES = {"notifications.tasks.deliver": {"queue": DELIVERY_QUEUE}}
# Audit events are kept at least this long (the database refuses to delete younger ones).
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=180)

# ROTATION PLANNER (rotations/planner_runs.py): seconds and CP-SAT threads per run, and the
# weights of the soft goals (rotations.planner.problem.Preferences). Which majors suit which
# post category: PLANNER_CATEGORY_AFFINITY = {"乡村振兴": ["农", ...], ...} (default in
# rotations/planner_runs.py).
PLANNER_TIME_LIMIT_S = env.int("PLANNER_TIME_LIMIT_S", default=30)
PLANNER_WORKERS = env.int("PLANNER_WORKERS", default=2)
PLANNER_PREFERENCES = {
    "major_match": 2,
    "fewer_moves": 3,
    "balanced_load": 1,
    "mentor_continuity": 2,
}

# OFFICE: uploads up to this size are checked and imported during the request; larger ones by a
# Celery task, with a progress bar (office/services.py).
OFFICE_IMPORT_INLINE_MAX_BYTES = env.int("OFFICE_IMPORT_INLINE_MAX_BYTES", default=128 * 1024)

# UPLOAD BOUNDS (accounts/containers.py, office/sheets.py): what an uploaded .xlsx or .docx may
# declare before anything in it is decompressed or parsed. A 20 000-row roster unpacks to about
# 25 MB; the sheet's declared dimension bounds the rows and columns openpyxl would produce.
UPLOAD_MAX_UNZIPPED_BYTES = env.int("UPLOAD_MAX_UNZIPPED_BYTES", default=64 * 1024 * 1024)
UPLOAD_MAX_SHARED_STRINGS_BYTES = env.int(
    "UPLOAD_MAX_SHARED_STRINGS_BYTES", default=24 * 1024 * 1024
)
UPLOAD_MAX_ZIP_MEMBERS = env.int("UPLOAD_MAX_ZIP_MEMBERS", default=500)
OFFICE_IMPORT_MAX_SHEET_ROWS = env.int("OFFICE_IMPORT_MAX_SHEET_ROWS", default=50_000)
OFFICE_IMPORT_MAX_SHEET_COLUMNS = env.int("OFFICE_IMPORT_MAX_SHEET_COLUMNS", default=100)
# An import checked but not confirmed within this time is discarded with its file (hourly
# task office.tasks.discard_stale_imports): the file holds full ID numbers.
OFFICE_IMPORT_UNCONFIRMED_TTL = timedelta(
    hours=env.int("OFFICE_IMPORT_UNCONFIRMED_TTL_HOURS", default=24)
)

# NOTIFICATIONS (see notifications/services.py and docs/conventions.md, "Reminders")
# A delivery task holds its claim this long; a worker that dies mid-send frees it by expiry.
# Well above a send's worst case (EMAIL_TIMEOUT per SMTP step), so a slow send is not
# claimed twice; short, so a lost delivery is recovered within minutes.
NOTIFICATION_CLAIM_LEASE = timedelta(
    seconds=env.int("NOTIFICATION_CLAIM_LEASE_SECONDS", default=180)
)
# A pending delivery is queued again when its task has not run this long after it was due
# (checked every minute by notifications.tasks.requeue_lost).
NOTIFICATION_REQUEUE_AFTER = timedelta(
    seconds=env.int("NOTIFICATION_REQUEUE_AFTER_SECONDS", default=120)
)
# Transient failures (the mail server down, a 4xx reply) are retried this long after the
# first failure, then the delivery is given up and listed for staff on the operations page.
NOTIFICATION_RETRY_PERIOD = timedelta(hours=env.int("NOTIFICATION_RETRY_PERIOD_HOURS", default=24))
# Retries wait 30 s, 60 s, 120 s … up to 15 minutes: always well below the visibility timeout,
# so a task waiting for its retry is never handed to a second worker by the broker.
NOTIFICATION_RETRY_BACKOFF_BASE = 30
NOTIFICATION_RETRY_BACKOFF_MAX = 900
# The "sent" write after a send is retried until it lands, waiting at most this between tries.
NOTIFICATION_SENT_WRITE_MAX_WAIT = 5

# ENCRYPTION AT REST (cadets/crypto.py): ID and phone numbers are sealed with AES-256-GCM.
# FIELD_ENCRYPTION_KEYS is a list of base64 32-byte keys — the first seals, all open — so a
# key is rotated by putting the new one first and running `manage.py rotate_encryption_key`.
# The defaults below are public (they are in the repository) and serve only the embedded demo
# and the tests; production.py requires keys of its own.
DEV_FIELD_ENCRYPTION_KEY = "ZGVtby1vbmx5LWZpZWxkLWtleS1ub3QtZm9yLXByb2Q="
DEV_FIELD_DIGEST_KEY = "ZGVtby1vbmx5LWRpZ2VzdC1rZXktbm90LWZvci1wcm8="
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=[DEV_FIELD_ENCRYPTION_KEY])
FIELD_DIGEST_KEY = env("FIELD_DIGEST_KEY", default=DEV_FIELD_DIGEST_KEY)

# LOGGING: personal data never goes to logs; we log ids only.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

# Labels of the roles, used by templates and the seed; the roles themselves live in accounts.
PRODUCT_NAME = _("Grassroots Training of Selected Graduates")

SILENCED_SYSTEM_CHECKS: list[str] = []
AXES_VERBOSE = False
