"""Benchmark settings: the real settings plus one bare view as the same-run baseline."""

from gongkai.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
