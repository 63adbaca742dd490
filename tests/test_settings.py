"""Environment-driven settings: database and cache URLs, the generated secret key."""

import subprocess
import sys

import pytest
from django.core.cache.backends.redis import RedisCache

from gongkai import settings as gk_settings


def test_sqlite_gets_wal_and_busy_timeout(tmp_path):
    config = gk_settings._database(f"sqlite:///{tmp_path}/x/db.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["timeout"] >= 5
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert (tmp_path / "x").is_dir()


def test_postgres_url():
    config = gk_settings._database("postgres://u:p@db.example:5433/gk")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.example", 5433, "gk")


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("locmem://", "locmem.LocMemCache"),
        ("file:///tmp/gk-cache", "filebased.FileBasedCache"),
        ("redis://127.0.0.1:6379/3", "redis.RedisCache"),
        ("dummy://", "dummy.DummyCache"),
    ],
)
def test_cache_urls(url, backend):
    assert gk_settings._cache(url)["BACKEND"].endswith(backend)


def test_unknown_cache_scheme_is_rejected():
    with pytest.raises(ValueError, match="GONGKAI_CACHE_URL"):
        gk_settings._cache("memcache://x")


def test_redis_cache_round_trip_on_the_real_server():
    """The scale-out cache: our parsed settings drive Django's Redis backend (Redis on 6379)."""
    config = gk_settings._cache("redis://127.0.0.1:6379/9")
    cache = RedisCache(config["LOCATION"], {"KEY_PREFIX": "gongkai-test", **config})
    cache.set("calendar-probe", {"年": 2026}, 30)
    assert cache.get("calendar-probe") == {"年": 2026}
    cache.delete("calendar-probe")


def test_secret_key_is_generated_once_and_kept(tmp_path):
    code = "from gongkai import settings; print(settings.SECRET_KEY)"
    env = {"GONGKAI_VAR_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    first = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()
    second = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert len(first) >= 50 and first == second
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_every_setting_is_documented_in_env_example():
    import re
    from pathlib import Path

    root = Path(gk_settings.__file__).resolve().parents[1]
    used = set(
        re.findall(
            r'env(?:_bool|_int|_list)?\("(GONGKAI_[A-Z_]+)"', Path(gk_settings.__file__).read_text()
        )
    )
    documented = set(re.findall(r"GONGKAI_[A-Z_]+", (root / ".env.example").read_text()))
    assert used and used <= documented, sorted(used - documented)
