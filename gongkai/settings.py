"""The one settings module. Every knob is an environment variable (see .env.example).

Nothing here reads the database or imports our apps' code; helpers are tiny on purpose.
"""

import os
import secrets
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in env(name, default).split(",") if part.strip()]


VAR_DIR = Path(env("GONGKAI_VAR_DIR", str(PROJECT_DIR / "var"))).resolve()


def _secret_key() -> str:
    """GONGKAI_SECRET_KEY, or a key generated once and kept in VAR_DIR/secret_key."""
    given = env("GONGKAI_SECRET_KEY")
    if given:
        return given
    path = VAR_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    # Create exclusively so that two processes starting at once agree on one key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def _database(url: str) -> dict:
    config = dj_database_url.parse(url, conn_max_age=env_int("GONGKAI_DB_CONN_MAX_AGE", 0))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        name = config["NAME"]
        if name and name != ":memory:":
            Path(name).parent.mkdir(parents=True, exist_ok=True)
            # Tests use a WAL file like production, not an in-memory database whose
            # table locks ignore the busy timeout.
            config["TEST"] = {"NAME": str(Path(name).with_name(f"test_{Path(name).name}"))}
        config["OPTIONS"] = {
            # WAL lets readers run while one writer writes; IMMEDIATE takes the write lock
            # at BEGIN so that two writers queue on the busy timeout instead of deadlocking.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": env_int("GONGKAI_SQLITE_TIMEOUT", 20),
        }
    return config


def _cache(url: str) -> dict:
    """locmem:// (default), file:///path, redis://host:port/db, dummy://."""
    parts = urlsplit(url)
    scheme = parts.scheme
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "gongkai"}
    if scheme == "file":
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": parts.path,
        }
    if scheme in {"redis", "rediss"}:
        options = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url.split("?", 1)[0],
            "OPTIONS": options,
            "KEY_PREFIX": env("GONGKAI_CACHE_PREFIX", "gongkai"),
        }
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ValueError(f"GONGKAI_CACHE_URL: unsupported scheme {scheme!r} in {url!r}")


SECRET_KEY = _secret_key()
DEBUG = env_bool("GONGKAI_DEBUG", False)
ALLOWED_HOSTS = env_list("GONGKAI_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("GONGKAI_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_linear_migrations",
    "gongkai.core",
    "gongkai.search",
    "gongkai.catalog",
    "gongkai.applications",
    "gongkai.appeals",
    "gongkai.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

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
                "gongkai.core.context_processors.staff_nav",
            ],
        },
    },
]

DATABASES = {
    "default": _database(env("GONGKAI_DATABASE_URL", f"sqlite:///{VAR_DIR / 'gongkai.sqlite3'}"))
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": _cache(env("GONGKAI_CACHE_URL", "locmem://"))}

AUTH_USER_MODEL = "core.User"
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:workbench"
LOGOUT_REDIRECT_URL = "core:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("GONGKAI_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = env_int("GONGKAI_SESSION_SECONDS", 8 * 3600)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = env("GONGKAI_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("GONGKAI_STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on a missing root
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = env_bool("GONGKAI_STATIC_FROM_FINDERS", True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("GONGKAI_MEDIA_ROOT", str(VAR_DIR / "media")))

# Our own knobs.
GONGKAI_SITE_NAME = env("GONGKAI_SITE_NAME", "政务公开平台")
# Fernet keys for personal data at rest, newest first (core/crypto.py); empty = derived
# from SECRET_KEY (demo only).
GONGKAI_FIELD_KEYS = env_list("GONGKAI_FIELD_KEYS")
# Whether waiting for a fee payment stops the reply clock: UNCONFIRMED in the regulation, so
# off by default (the reading that protects the applicant; docs/applications.md).
GONGKAI_FEE_PAUSES_CLOCK = env_bool("GONGKAI_FEE_PAUSES_CLOCK", False)
# Named in the remedies paragraph of reply letters (答复书): the reconsideration body
# (复议机关, usually the government one level up) and the court with jurisdiction.
GONGKAI_RECONSIDERATION_BODY = env("GONGKAI_RECONSIDERATION_BODY", "本机关的上一级行政机关")
GONGKAI_COURT = env("GONGKAI_COURT", "有管辖权的人民法院")
# Public application form: submissions allowed per client address per hour.
GONGKAI_APPLY_PER_HOUR = env_int("GONGKAI_APPLY_PER_HOUR", 5)
# From this day of the year on, staff are warned when next year's holiday schedule is missing.
GONGKAI_CALENDAR_WARN_FROM = env("GONGKAI_CALENDAR_WARN_FROM", "11-01")

# Catalog.
GONGKAI_ATTACHMENT_MAX_BYTES = env_int("GONGKAI_ATTACHMENT_MAX_MB", 50) * 1024 * 1024
# Portal page views are buffered in each process and written at most this often.
GONGKAI_PAGEVIEW_FLUSH_SECONDS = env_int("GONGKAI_PAGEVIEW_FLUSH_SECONDS", 30)
GONGKAI_PAGEVIEW_FLUSH_COUNT = env_int("GONGKAI_PAGEVIEW_FLUSH_COUNT", 500)
# Where the file sender of the new-media outbox writes (one JSON file per delivery).
GONGKAI_OUTBOX_DIR = Path(env("GONGKAI_OUTBOX_DIR", str(VAR_DIR / "outbox")))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("GONGKAI_LOG_LEVEL", "WARNING")},
}
