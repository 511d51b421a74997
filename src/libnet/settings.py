"""Django settings for libnet, read from the environment.

`DATABASE_URL` picks the database (default: a SQLite file in `<repo>/var/`, in WAL mode),
`SECRET_KEY`, `DEBUG` and `ALLOWED_HOSTS` the usual. The defaults are safe for `make run`
on a librarian's own machine; `libnet check --deploy` lists what a public server must set.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
# src/libnet/settings.py → the repository root, where var/ keeps the SQLite file and uploads.
BASE_DIR = Path(os.environ.get("LIBNET_HOME", PACKAGE_DIR.parent.parent)).resolve()
VAR_DIR = Path(os.environ.get("LIBNET_VAR", BASE_DIR / "var"))


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _env_bool("DEBUG", False)
# The fallback key is for a local demo only; `check --deploy` flags it on a server.
SECRET_KEY = os.environ.get(
    "SECRET_KEY", "django-insecure-libnet-local-demo-key-change-me-on-any-real-server"
)
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if host.strip()
]
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
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
    "libnet.planning",
    "libnet.staff",
    "libnet.opac",
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
            # allows) skip a copy per page: at a million records, searches took a fifth
            # less time (issue 4).
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; "
                "PRAGMA mmap_size=2147483648; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    elif config["ENGINE"] == "django.db.backends.postgresql":
        # JIT compiles a query the planner thinks costly, which a search over a word found
        # in half the catalogue is: 50-300 ms of compiling to save a few. Off for libnet's
        # short queries (a report may turn it on for itself).
        options = dict(config.get("OPTIONS") or {})  # type: ignore[call-overload]
        options["options"] = (str(options.get("options", "")) + " -c jit=off").strip()
        config["OPTIONS"] = options
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
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
if not DEBUG:
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", False)
    CSRF_COOKIE_SECURE = _env_bool("CSRF_COOKIE_SECURE", False)

# A TrueType font with Vietnamese glyphs for PDFs; the built-in PDF fonts have none.
LIBNET_PDF_FONT = os.environ.get(
    "LIBNET_PDF_FONT", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
)
LIBNET_PDF_FONT_BOLD = os.environ.get(
    "LIBNET_PDF_FONT_BOLD", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
)
# Windows for typed dates (core/validation.py): operational dates (batches, trips, visits)
# within this many days of today; historical ones (acquisition, birth) from 1900 to today.
LIBNET_OPERATIONAL_PAST_DAYS = int(os.environ.get("LIBNET_OPERATIONAL_PAST_DAYS", 2 * 366))
LIBNET_OPERATIONAL_FUTURE_DAYS = int(os.environ.get("LIBNET_OPERATIONAL_FUTURE_DAYS", 2 * 366))
# Where the MARC upload page stores files until the worker has imported them.
LIBNET_IMPORT_DIR = VAR_DIR / "imports"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
