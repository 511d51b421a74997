"""Django settings for libnet, read from the environment.

`DATABASE_URL` picks the database (default: a SQLite file in `<repo>/var/`, in WAL mode),
`SECRET_KEY`, `DEBUG` and `ALLOWED_HOSTS` the usual. The defaults are safe for `make run`
on a librarian's own machine; `libnet check --deploy` lists what a public server must set.
"""

from __future__ import annotations

import json
import os
import re
import warnings
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from libnet.core.deployment import local_secret_key, unsafe_start_problems

PACKAGE_DIR = Path(__file__).resolve().parent
# src/libnet/settings.py → the repository root, where var/ keeps the SQLite file and uploads.
BASE_DIR = Path(os.environ.get("LIBNET_HOME", PACKAGE_DIR.parent.parent)).resolve()
VAR_DIR = Path(os.environ.get("LIBNET_VAR", BASE_DIR / "var"))


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# `local` (the default: `make run`, a commune's own machine, the tests) or `production` (a
# server others reach: deploy/libnet.env sets it). Production turns on HTTPS, HSTS and secure
# cookies, and refuses to start without a real SECRET_KEY and ALLOWED_HOSTS.
DEPLOYMENT = os.environ.get("LIBNET_DEPLOYMENT", "local").strip().lower()
if DEPLOYMENT not in {"local", "production"}:
    raise ImproperlyConfigured(
        f"LIBNET_DEPLOYMENT must be 'local' or 'production', not {DEPLOYMENT!r}. "
        f"/ LIBNET_DEPLOYMENT phải là 'local' hoặc 'production'."
    )
PRODUCTION = DEPLOYMENT == "production"
DEBUG = _env_bool("DEBUG", False)


SECRET_KEY = os.environ.get("SECRET_KEY", "").strip()
if not SECRET_KEY and not PRODUCTION:
    SECRET_KEY = local_secret_key(VAR_DIR)
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get(
        "ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver"
    ).split(",")
    if host.strip()
]
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]


# Stop at start-up, with a sentence saying what to set, rather than serve unsafely.
_problems = unsafe_start_problems(
    production=PRODUCTION, debug=DEBUG, secret_key=SECRET_KEY, allowed_hosts=ALLOWED_HOSTS
)
if _problems:
    raise ImproperlyConfigured("libnet will not start: " + " ".join(_problems))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Serves /api/v1/docs with its own Swagger UI files: a province's server may have no
    # Internet access, and without the app the page loads them from a CDN.
    "ninja",
    "libnet.core",
    "libnet.network",
    "libnet.stats",
    "libnet.catalog",
    "libnet.patrons",
    "libnet.interop",
    "libnet.search",
    "libnet.circulation",
    "libnet.rotation",
    "libnet.mobile",
    "libnet.stock",
    "libnet.acquisitions",
    "libnet.weeding",
    "libnet.donations",
    "libnet.events",
    "libnet.bibliographies",
    "libnet.training",
    "libnet.digital",
    "libnet.planning",
    "libnet.schools",
    "libnet.programmes",
    "libnet.staff",
    "libnet.opac",
    "libnet.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Serves /static/ from the installed package: no web server to configure for a commune.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "libnet.core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "libnet.core.middleware.LibnetErrorMiddleware",
    # After the CSRF check: a page's parameters must be text before any view reads them.
    "libnet.core.middleware.InputGuardMiddleware",
]

ROOT_URLCONF = "libnet.urls"
WSGI_APPLICATION = "libnet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]


def _database() -> dict[str, object]:
    default_url = f"sqlite:///{VAR_DIR / 'libnet.sqlite3'}"
    url = os.environ.get("DATABASE_URL", default_url)
    config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=0))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        name = str(config["NAME"])
        if name not in {"", ":memory:"}:
            Path(name).parent.mkdir(parents=True, exist_ok=True)
        config["OPTIONS"] = {
            # WAL lets the OPAC read while a desk writes; IMMEDIATE takes the write lock at
            # BEGIN so two writers queue instead of failing with "database is locked".
            # Reads through a memory map of the file (up to 2 GiB, the most Python's SQLite
            # allows) skip a copy per page, which searches of a large catalogue feel.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; "
                "PRAGMA mmap_size=2147483648; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    elif config["ENGINE"] == "django.db.backends.postgresql":
        # JIT compiles a query the planner thinks costly, which a search over a word found
        # in half the catalogue is, and spends more time compiling than it saves. Off for
        # libnet's short queries (a report may turn it on for itself).
        options = dict(config.get("OPTIONS") or {})  # type: ignore[call-overload]
        options["options"] = (str(options.get("options", "")) + " -c jit=off").strip()
        config["OPTIONS"] = options
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
# Guessing is stopped (core/throttle.py): after `failures` wrong passwords or PINs within
# `minutes`, the account, or the client address, waits `minutes` before trying again. A
# school's computer room shares one address and pupils mistype: the address limits are loose.
LIBNET_STAFF_SIGN_IN_LIMIT = {
    "failures": int(os.environ.get("LIBNET_STAFF_SIGN_IN_FAILURES", 5)),
    "minutes": int(os.environ.get("LIBNET_STAFF_SIGN_IN_LOCK_MINUTES", 15)),
}
LIBNET_STAFF_SIGN_IN_ADDRESS_LIMIT = {
    "failures": int(os.environ.get("LIBNET_STAFF_SIGN_IN_ADDRESS_FAILURES", 30)),
    "minutes": int(os.environ.get("LIBNET_STAFF_SIGN_IN_LOCK_MINUTES", 15)),
}
LIBNET_READER_SIGN_IN_LIMIT = {
    "failures": int(os.environ.get("LIBNET_READER_SIGN_IN_FAILURES", 5)),
    "minutes": int(os.environ.get("LIBNET_READER_SIGN_IN_LOCK_MINUTES", 15)),
}
LIBNET_READER_SIGN_IN_ADDRESS_LIMIT = {
    "failures": int(os.environ.get("LIBNET_READER_SIGN_IN_ADDRESS_FAILURES", 30)),
    "minutes": int(os.environ.get("LIBNET_READER_SIGN_IN_LOCK_MINUTES", 15)),
}


def _api_rate(name: str, default: str) -> str:
    """A rate of the JSON API ("<requests>/<period>", period s, m, h or d), or a sentence at
    start-up saying what is wrong with it."""
    rate = os.environ.get(name, default).strip()
    if not re.fullmatch(r"\d+/\d*(s|sec|m|min|h|hour|d|day)", rate):
        raise ImproperlyConfigured(
            f"{name}={rate!r} is not a rate: write requests/period, e.g. 120/m (s, m, h, d). "
            f"/ {name} không phải là một định mức: hãy viết số yêu cầu/khoảng, ví dụ 120/m."
        )
    return rate


# How often a client may call the JSON API (libnet/api/throttling.py, docs/operations.md):
# anonymous callers per address, staff per user. A tablet syncing after a day offline sends a
# few dozen requests at once; a harvester that waits for each answer sends one or two a second.
LIBNET_API_RATE_ANONYMOUS = _api_rate("LIBNET_API_RATE_ANONYMOUS", "120/m")
LIBNET_API_RATE_STAFF = _api_rate("LIBNET_API_RATE_STAFF", "1200/m")
# Behind nginx (deploy/nginx-libnet.conf) the client's address is the last one nginx appends
# to X-Forwarded-For; without a proxy that header is whatever the client wrote, so only the
# connection's address counts.
NINJA_NUM_PROXIES = 1 if PRODUCTION and _env_bool("LIBNET_BEHIND_PROXY", True) else 0


def _api_rate_counts() -> dict[str, object]:
    """Where the API's request counts are kept (libnet/api/throttling.py).

    A server's gunicorn workers must share them, or each would allow the full rate: files,
    without a write to the database at each request (on SQLite that write would take the lock
    the circulation desks need). systemd gives libnet-web a folder in memory
    (RuntimeDirectory, /run/libnet): a file there is written in a fraction of the time one on
    disk takes, and counts need not outlive a restart. Elsewhere the folder is under
    LIBNET_VAR. A local installation is one process (`make run`): its memory is enough.
    """
    if not PRODUCTION:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    runtime = os.environ.get("RUNTIME_DIRECTORY", "").split(":")[0]
    folder = Path(runtime) if runtime else VAR_DIR / "cache"
    return {
        "BACKEND": "libnet.api.throttling.CountsCache",
        "LOCATION": str(folder / "api-rates"),
    }


CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "api-rates": _api_rate_counts(),
}

LOGIN_URL = "staff:login"
LOGIN_REDIRECT_URL = "staff:home"
LOGOUT_REDIRECT_URL = "staff:login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# Dates day first (05/03/2026) in both languages, typed and shown: libnet/formats.
FORMAT_MODULE_PATH = ["libnet.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# The package's own static/ (CSS, vendored htmx) is not inside an app, so name it.
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
WHITENOISE_USE_FINDERS = True
# Served straight from the finders; STATIC_ROOT only exists after `libnet collectstatic`.
warnings.filterwarnings("ignore", message="No directory at: ")
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"
# Uploaded MARC files can be large; the upload handler streams them to disk past this size.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Behind nginx (deploy/nginx-libnet.conf), which terminates HTTPS and says so in a header.
SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", PRODUCTION)
CSRF_COOKIE_SECURE = _env_bool("CSRF_COOKIE_SECURE", PRODUCTION)
if PRODUCTION:
    SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", True)
    if _env_bool("LIBNET_BEHIND_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 365 * 24 * 3600))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = _env_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [
    # HSTS preload: entering the browsers' preload list is the province's own decision, taken
    # for the whole domain (SECURE_HSTS_PRELOAD=1 when it is made); libnet sends HSTS anyway.
    "security.W021",
]

# A TrueType font with Vietnamese glyphs for PDFs; the built-in PDF fonts have none.
LIBNET_PDF_FONT = os.environ.get(
    "LIBNET_PDF_FONT", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
)
LIBNET_PDF_FONT_BOLD = os.environ.get(
    "LIBNET_PDF_FONT_BOLD", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
)
# Italic faces are optional (the date line of a form is in italics); without them it stays upright.
LIBNET_PDF_FONT_ITALIC = os.environ.get(
    "LIBNET_PDF_FONT_ITALIC", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf"
)
LIBNET_PDF_FONT_BOLD_ITALIC = os.environ.get(
    "LIBNET_PDF_FONT_BOLD_ITALIC", "/usr/share/fonts/truetype/dejavu/DejaVuSans-BoldOblique.ttf"
)
# The letterhead of a library's documents is worked out from its kind and administrative unit
# (network/documents.py); a JSON object here overrides it per library code, e.g.
# {"SL-TVT": {"governing": ["Sở Văn hóa và Thể thao tỉnh Sông Lam"], "place": "Sông Lam"}}.
LIBNET_LETTERHEADS = json.loads(os.environ.get("LIBNET_LETTERHEADS", "{}"))
# Documents made by `libnet worker` (a register's PDF past LIBNET_REGISTER_PDF_DIRECT_MAX
# copies) wait here for their download, and are deleted after LIBNET_EXPORT_KEEP_DAYS days.
LIBNET_EXPORT_DIR = VAR_DIR / "exports"
LIBNET_EXPORT_KEEP_DAYS = int(os.environ.get("LIBNET_EXPORT_KEEP_DAYS", 7))
LIBNET_REGISTER_PDF_DIRECT_MAX = int(os.environ.get("LIBNET_REGISTER_PDF_DIRECT_MAX", 5000))
# Windows for typed dates (core/validation.py): operational dates (batches, trips, visits)
# within this many days of today; historical ones (acquisition, birth) from 1900 to today.
LIBNET_OPERATIONAL_PAST_DAYS = int(os.environ.get("LIBNET_OPERATIONAL_PAST_DAYS", 2 * 366))
LIBNET_OPERATIONAL_FUTURE_DAYS = int(os.environ.get("LIBNET_OPERATIONAL_FUTURE_DAYS", 2 * 366))
# Where the MARC upload page stores files until the worker has imported them.
LIBNET_IMPORT_DIR = VAR_DIR / "imports"
# Records a MARC import writes per transaction (unset: interop's BATCH_SIZE, 1,000).
LIBNET_IMPORT_BATCH_SIZE = int(os.environ.get("LIBNET_IMPORT_BATCH_SIZE", 0)) or None
# The digital library's files: originals as received and their derivatives (digital/storage.py).
LIBNET_DIGITAL_DIR = Path(os.environ.get("LIBNET_DIGITAL_DIR", VAR_DIR / "digital"))
# OAI-PMH (/oai, interop/oai; README "How the national union catalogue harvests a province").
# The host part of identifiers (oai:<it>:<record id>): set it to the server's public name,
# or identifiers follow whatever host a harvester typed.
LIBNET_OAI_REPOSITORY_IDENTIFIER = os.environ.get("LIBNET_OAI_REPOSITORY_IDENTIFIER", "").strip()
LIBNET_OAI_REPOSITORY_NAME = os.environ.get("LIBNET_OAI_REPOSITORY_NAME", "").strip()
LIBNET_OAI_ADMIN_EMAILS = os.environ.get("LIBNET_OAI_ADMIN_EMAILS", "").split()
LIBNET_OAI_PAGE_SIZE = int(os.environ.get("LIBNET_OAI_PAGE_SIZE", 200))
LIBNET_OAI_SETS = _env_bool("LIBNET_OAI_SETS", True)
# `libnet harvest` starts the next harvest of a source this long before the last one began
# by the source's clock: a record stamped just before and committed just after is not missed.
LIBNET_HARVEST_OVERLAP_SECONDS = int(os.environ.get("LIBNET_HARVEST_OVERLAP_SECONDS", 60))
# Places whose name in a subject heading makes a record local-studies material (the set
# "type:local_studies"); by default the province's own name. A JSON list.
LIBNET_LOCAL_STUDIES_PLACES = json.loads(os.environ.get("LIBNET_LOCAL_STUDIES_PLACES", "[]"))
# Weeding (TT 02/2020 Art. 22), province data as JSON lists of MARC language codes: foreign
# languages uncommon here (proposed when unused for 5 years), and ethnic-minority languages
# unsuited to the local population (proposed at once). The defaults are the demo province's.
LIBNET_WEEDING_UNCOMMON_LANGUAGES = json.loads(
    os.environ.get(
        "LIBNET_WEEDING_UNCOMMON_LANGUAGES",
        '["ger", "spa", "ita", "por", "jpn", "kor", "ara", "hin", "ind", "may"]',
    )
)
LIBNET_WEEDING_UNSUITED_MINORITY_LANGUAGES = json.loads(
    os.environ.get("LIBNET_WEEDING_UNSUITED_MINORITY_LANGUAGES", '["khm", "cmc"]')
)
# The SIP2 server for self-check machines (`libnet sip2`, interop/sip2/): where it listens, and
# how long a machine's connection may stay quiet before it is closed. TLS is stunnel's or
# nginx's, in front of it (docs/operations.md).
LIBNET_SIP2_HOST = os.environ.get("LIBNET_SIP2_HOST", "127.0.0.1")
LIBNET_SIP2_PORT = int(os.environ.get("LIBNET_SIP2_PORT", 6001))
LIBNET_SIP2_IDLE_SECONDS = int(os.environ.get("LIBNET_SIP2_IDLE_SECONDS", 900))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # cql-parser logs each syntax error of a client's query, with its parser stack, as an
    # ERROR; the SRU server answers it with a diagnostic (interop/sru), nothing to log.
    "loggers": {"cql": {"level": "CRITICAL"}},
}
