"""Settings for Helpdesk FAQ, read from the environment (see README.md)."""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

from helpdesk.environment import Environment
from helpdesk.policy import content_security_policy
from helpdesk.storage import s3_image_origins, s3_storage

BASE_DIR = Path(__file__).resolve().parent.parent

# Every variable is read through env; env.check() at the end stops the start with
# one line naming each bad value.
env = Environment()

DEBUG = env.flag("DEBUG")
HTTPS = env.flag("HTTPS")

SECRET_KEY = env.text("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and HTTPS:
        env.fail("SECRET_KEY must be set when HTTPS=1")
    # A fixed key for local use only: HTTPS deployments must set their own.
    SECRET_KEY = "insecure-local-only-key-set-SECRET_KEY-in-production-0123456789"

ALLOWED_HOSTS = env.names("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env.names("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "faq.apps.HelpdeskAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "django_htmx",
    "template_partials",
    "reversion",
    "axes",
    # Django's Tasks API (the backport) and its database backend: mail leaves the
    # request and is sent by `manage.py db_worker`, which `make run` starts.
    "django_tasks",
    "django_tasks_db",
    # The read API (/api/v1/) and its documentation page's static files.
    "ninja",
    "corsheaders",
    "faq",
    # Accounts at an OpenID provider linked to users (single sign-on, faq/oidc/).
    "faq.identities",
    # The demo content and the activity generator: not the product (load_demo, fill_activity).
    "demo",
]

MIDDLEWARE = [
    "faq.headers.SecurityHeadersMiddleware",
    # /api/ only: answers CORS preflights for the origins in API_CORS_ORIGINS.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Uploaded screenshots, answered before sessions, visitors or gzip run.
    "faq.media.MediaMiddleware",
    # Compresses pages with random padding (BREACH), while CSRF tokens are
    # masked anew on every request; Django's, at a faster level.
    "faq.compression.FastGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # A first visit to an English address goes to the reader's language (faq/languages.py);
    # around LocaleMiddleware, so the request's language ends with the request.
    "faq.languages.FirstVisitMiddleware",
    # The language: from the address's prefix (/sv/, /de/), English without one. After
    # sessions (Django's order), before CommonMiddleware, whose slash-appending
    # redirect must resolve the address in that language.
    "django.middleware.locale.LocaleMiddleware",
    # /api/ only: its rate limit, JSON for every error, ETags and 304s.
    "faq.api.middleware.ApiMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "faq.visitors.VisitorMiddleware",
    # Last, so every middleware above adds its headers to the 400 it gives; it
    # still runs before the CSRF check reads the form (process_view).
    "faq.charsets.CharsetMiddleware",
    # Refuses sign-ins from a locked-out client (django-axes wants to be last).
    "axes.middleware.AxesMiddleware",
]

# django-axes first: it refuses a locked-out client before a password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "helpdesk.urls"
WSGI_APPLICATION = "helpdesk.wsgi.application"

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
                "faq.context_processors.site",
                "faq.context_processors.languages",
            ],
        },
    },
]

DATABASES = {"default": env.database("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# Read whichever database is in use, so a bad value fails the start either way.
_CONN_MAX_AGE = env.integer("DB_CONN_MAX_AGE", 600, minimum=0)
_CONNECT_TIMEOUT = env.integer("DB_CONNECT_TIMEOUT", 2, minimum=1)
_PREPARE_THRESHOLD = env.optional_integer("DB_PREPARE_THRESHOLD", 5, minimum=0)
_POOL = env.flag("DB_POOL")
_POOL_MAX = env.integer("DB_POOL_MAX", 8, minimum=1)
_POOL_TIMEOUT = env.seconds("DB_POOL_TIMEOUT", 2)
_TEST_DATABASE = env.text("DATABASE_TEST_NAME", "test_helpdesk")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # Several server workers write to one file: take the write lock at BEGIN
        # and wait for it, instead of failing mid-transaction with "locked".
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
    }
    # Each server process keeps its connection: opening one and running the
    # PRAGMAs above cost more than the article page's whole query.
    DATABASES["default"]["CONN_MAX_AGE"] = _CONN_MAX_AGE
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Tests use a file, not Django's in-memory default, so that threads in the
    # concurrency tests get real connections with WAL and the busy timeout.
    # One file per test process, so two runs in one checkout cannot collide.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"helpdesk-test-{os.getpid()}.sqlite3")
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["OPTIONS"] = {
        "connect_timeout": _CONNECT_TIMEOUT,
        # JIT compiling took half a second on the statistics queries and saved
        # less than it cost on every query measured (benchmarks/RESULTS.md).
        "options": "-c jit=off",
        # Queries a connection runs five times are prepared and planned once:
        # planning the returning reader's query cost more than running it.
        # Fine with Django's own pool; behind PgBouncer in transaction mode
        # (before 1.21) set DB_PREPARE_THRESHOLD to an empty value.
        "server_side_binding": True,
        "prepare_threshold": _PREPARE_THRESHOLD,
    }
    if _POOL:
        # For servers with many threads a process: they share a few connections.
        # A database that does not answer is given up on within a couple of
        # seconds (a 503 with Retry-After), not the pool's default 30.
        DATABASES["default"]["OPTIONS"]["pool"] = {
            "min_size": 1,
            "max_size": _POOL_MAX,
            "timeout": _POOL_TIMEOUT,
        }
        DATABASES["default"]["CONN_MAX_AGE"] = 0
    else:
        # A sync worker serves one request at a time: it keeps one connection.
        # Taking one from a pool and giving it back on every request cost more
        # than the article page's query (benchmarks/RESULTS.md). Before each
        # request's first query the backend asks the socket, not the server,
        # whether the connection still stands (faq/backends/postgresql).
        DATABASES["default"]["ENGINE"] = "faq.backends.postgresql"
        DATABASES["default"]["CONN_MAX_AGE"] = None
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("TEST", {})["NAME"] = _TEST_DATABASE

REDIS_URL = env.redis_url("REDIS_URL")
_CACHE_PREFIX = env.text("CACHE_PREFIX", "helpdesk")
if os.environ.get("PYTEST_XDIST_WORKER"):
    # Parallel test processes share one Redis: each empties only its own keys.
    _CACHE_PREFIX += "-" + os.environ["PYTEST_XDIST_WORKER"]
if REDIS_URL:
    _redis = {
        "BACKEND": "faq.cache.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": _CACHE_PREFIX,
        # A cache that does not answer at once is treated as gone (faq/cache.py).
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    CACHES = {"default": _redis, "ratelimit": {**_redis, "KEY_PREFIX": f"{_CACHE_PREFIX}-rl"}}
else:
    # Without Redis each server process keeps its own cache, so rate limits
    # count per worker: the effective limit is up to WORKERS times the setting.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "ratelimit",
        },
    }

# Votes and feedback: tight for one reader, loose for one address, since a
# campus or a library puts many readers behind one NAT address.
RATE_LIMIT_VISITOR = env.rate("RATE_LIMIT_VISITOR", "30/m")
RATE_LIMIT_IP = env.rate("RATE_LIMIT_IP", "600/m")
# Ticking steps is quicker work than voting: thirteen steps, some unticked again.
RATE_LIMIT_STEPS = env.rate("RATE_LIMIT_STEPS", "120/m")
RATE_LIMIT_STEPS_IP = env.rate("RATE_LIMIT_STEPS_IP", "3000/m")
# Questions from /ask/: a reader asks a few times an hour at most; an address may
# hold a classroom.
RATE_LIMIT_ASK_VISITOR = env.rate("RATE_LIMIT_ASK_VISITOR", "5/h")
RATE_LIMIT_ASK_IP = env.rate("RATE_LIMIT_ASK_IP", "60/h")
# The API: an address without a token, and a token (another system polling or syncing).
RATE_LIMIT_API = env.rate("RATE_LIMIT_API", "600/m")
RATE_LIMIT_API_TOKEN = env.rate("RATE_LIMIT_API_TOKEN", "3000/m")
# How long a client may keep a public API answer before asking again (with its ETag).
API_CACHE_SECONDS = env.integer("API_CACHE_SECONDS", 60, minimum=0)
# Browser pages on these origins may call the API (CORS); none by default.
CORS_ALLOWED_ORIGINS = env.names("API_CORS_ORIGINS", "")
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS", "POST", "PUT")
CORS_EXPOSE_HEADERS = ("ETag", "Retry-After")
# Counted views wait in each server process and are written together: this
# many, or at the latest this many seconds after the first of them came (a
# timer thread writes them even if no other view comes). A process killed
# outright (kill -9, power loss) loses what it had not written: the views of
# its last VIEW_BUFFER_SECONDS, at most 2 * VIEW_BUFFER_SIZE (waiting, and a
# batch being written).
VIEW_BUFFER_SIZE = env.integer("VIEW_BUFFER_SIZE", 50, minimum=1)
VIEW_BUFFER_SECONDS = env.seconds("VIEW_BUFFER_SECONDS", 2)
# Recorded searches and opened results, the same way with their own settings.
SEARCH_BUFFER_SIZE = env.integer("SEARCH_BUFFER_SIZE", 50, minimum=1)
SEARCH_BUFFER_SECONDS = env.seconds("SEARCH_BUFFER_SECONDS", 2)
# The article page's shared part is cached this long at most; edits replace
# it at once (faq/views/shell.py), this only refreshes related articles' order.
# 0 renders every page whole.
ARTICLE_SHELL_SECONDS = env.integer("ARTICLE_SHELL_SECONDS", 600, minimum=0)
# Addresses or networks of reverse proxies whose X-Forwarded-For is believed.
TRUSTED_PROXIES = env.networks("TRUSTED_PROXIES")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Password guessing (django-axes): after AXES_FAILURE_LIMIT failed sign-ins for one
# user name from one address, that pair is refused for AXES_COOLOFF_MINUTES. Per
# pair, not per address, so a campus behind one NAT address is not locked out by
# one person, and not per user name alone, so nobody can lock a colleague out.
# Attempts are kept in the database, shared by every worker and app server, and
# independent of Redis.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env.integer("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env.integer("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "faq.visitors.client_ip"
# Our own styled 429 (axes's JSON answer would add Access-Control-Allow-Origin: *).
AXES_LOCKOUT_CALLABLE = "faq.views.accounts.locked_out"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "faq:home"
LOGOUT_REDIRECT_URL = "faq:home"
# The OpenID Connect callback has no user name: django-axes leaves it alone (faq/oidc/).
AXES_WHITELIST_CALLABLE = "faq.oidc.backend.not_a_password_sign_in"

# Single sign-on with OpenID Connect (faq/oidc/, mozilla-django-oidc, which reads the
# OIDC_RP_* and OIDC_OP_* names): on only when the issuer, client id and secret are all set.
# The endpoints come from the issuer's discovery document unless given here.
OIDC_ISSUER = env.issuer_url("OIDC_ISSUER")
OIDC_RP_CLIENT_ID = env.text("OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env.text("OIDC_CLIENT_SECRET", "")
OIDC_PROVIDER_NAME = env.text("OIDC_PROVIDER_NAME", "single sign-on")
OIDC_RP_SCOPES = env.text("OIDC_SCOPES", "openid email profile")
OIDC_GROUPS_CLAIM = env.text("OIDC_GROUPS_CLAIM", "groups")
OIDC_GROUP_MAP = env.group_map("OIDC_GROUP_MAP")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.http_url("OIDC_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env.http_url("OIDC_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env.http_url("OIDC_USERINFO_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env.http_url("OIDC_JWKS_URI")
OIDC_TIMEOUT = env.seconds("OIDC_TIMEOUT", 5)
_OIDC_ON = bool(OIDC_ISSUER and OIDC_RP_CLIENT_ID and OIDC_RP_CLIENT_SECRET)
if not _OIDC_ON and (OIDC_ISSUER or OIDC_RP_CLIENT_ID or OIDC_RP_CLIENT_SECRET):
    env.fail("OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together")
if "openid" not in OIDC_RP_SCOPES.split():
    env.fail(f"OIDC_SCOPES must include openid, got {OIDC_RP_SCOPES!r}")
# The authorization code flow with PKCE; ID tokens signed with RS256, checked against the
# provider's published keys (JWKS).
OIDC_USE_PKCE = True
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_callback"
if _OIDC_ON:
    AUTHENTICATION_BACKENDS.append("faq.oidc.backend.SignInBackend")

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("sv", "Svenska"), ("de", "Deutsch")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# English pages keep the British dates they had as en-gb (helpdesk/formats/en).
FORMAT_MODULE_PATH = ["helpdesk.formats"]
# The language chosen with the switcher (set_language) decides later visits: kept a
# year, not only for the browser's session.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = env.time_zone("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded screenshots: files under MEDIA_ROOT, served by faq.media's
# middleware with long cache headers; or an S3-compatible bucket when
# S3_BUCKET is set, and then the pages link to the bucket.
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", BASE_DIR / "media")
S3_BUCKET = env.text("S3_BUCKET", "")
S3_ENDPOINT_URL = env.http_url("S3_ENDPOINT_URL")
S3_CUSTOM_DOMAIN = env.text("S3_CUSTOM_DOMAIN", "")
S3_REGION = env.text("S3_REGION", "")
S3_PREFIX = env.text("S3_PREFIX", "")
# Empty: path-style for a self-hosted endpoint, botocore's choice for AWS.
S3_ADDRESSING_STYLE = env.choice("S3_ADDRESSING_STYLE", ["auto", "virtual", "path"])

# Static files are same-origin only: no page elsewhere needs to read them.
WHITENOISE_ALLOW_ALL_ORIGINS = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if env.flag("TESTING_STATIC_PLAIN")
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}


_BUCKET = {
    "bucket": S3_BUCKET,
    "endpoint_url": S3_ENDPOINT_URL,
    "region": S3_REGION,
    "custom_domain": S3_CUSTOM_DOMAIN,
}
if S3_BUCKET:
    STORAGES["default"] = s3_storage(
        **_BUCKET, prefix=S3_PREFIX, addressing_style=S3_ADDRESSING_STYLE
    )


DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Article bodies are short; anything bigger is a mistake or an attack.
DATA_UPLOAD_MAX_MEMORY_SIZE = 512 * 1024
# A screenshot bigger than this gets a form error (faq/images.py).
IMAGE_MAX_BYTES = env.integer("IMAGE_MAX_BYTES", 5 * 1024 * 1024, minimum=1)
# All the files of one request: past this the upload stops with a 400.
UPLOAD_MAX_BYTES = env.integer("UPLOAD_MAX_BYTES", 32 * 1024 * 1024, minimum=1)
FILE_UPLOAD_HANDLERS = [
    "faq.uploads.UploadLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

SITE_NAME = env.text("SITE_NAME", "Helpdesk FAQ")

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
_HSTS_SECONDS = env.integer("HSTS_SECONDS", 31536000, minimum=0)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = _HSTS_SECONDS
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    # __Host-: the browser keeps these cookies only if they came over HTTPS for
    # this exact host and path /, so a sibling subdomain or a plain-HTTP page
    # cannot plant or overwrite them. (Renaming them signs people out once.)
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    VISITOR_COOKIE_NAME = "__Host-hd_visitor"
    # /healthz and /readyz are probed by load balancers over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

CONTENT_SECURITY_POLICY = content_security_policy(image_origins=s3_image_origins(**_BUCKET))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.log_level("LOG_LEVEL", "WARNING")},
}

# Mail: confirmations, team notifications and replies about questions, sent by the task
# worker. Without EMAIL_HOST they are written to the worker's output instead.
EMAIL_HOST = env.text("EMAIL_HOST", "")
EMAIL_PORT = env.integer("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env.text("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.text("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.flag("EMAIL_USE_TLS")
# A mail server that does not answer fails the attempt, which is tried again later.
EMAIL_TIMEOUT = env.seconds("EMAIL_TIMEOUT", 10)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env.text("DEFAULT_FROM_EMAIL", "Helpdesk FAQ <helpdesk@localhost>")
# A failed mail is tried again after MAIL_RETRY_SECONDS, then twice that, and so on
# (at most an hour apart), MAIL_ATTEMPTS times in all; then it shows as failed.
MAIL_RETRY_SECONDS = env.seconds("MAIL_RETRY_SECONDS", 30)
MAIL_ATTEMPTS = env.integer("MAIL_ATTEMPTS", 8, minimum=1)
# Seconds to wait for a team's webhook to answer before the delivery is tried again later.
WEBHOOK_TIMEOUT = env.seconds("WEBHOOK_TIMEOUT", 10)
# Where the site is, for the links in mail (no request to take it from).
SITE_URL = env.text("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The organisation whose help desk this is, shown in the header.
SITE_TEAM = env.text("SITE_TEAM", "Support Alfasoft")

env.check()
