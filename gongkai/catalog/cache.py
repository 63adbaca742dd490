"""A version number of "what is published", kept in the cache. Publishing, retracting,
changing validity or importing bumps it (after commit), so that readers can cache derived
data (facet counts, year lists) under a key that changes exactly when the data does.

Scheduled items become visible at their time without a bump; readers therefore also give
their entries a short timeout (VERSIONED_TIMEOUT).
"""

import hashlib

from django.core.cache import cache
from django.db import transaction

KEY = "gongkai:catalog:published-version"
VERSIONED_TIMEOUT = 300


def version() -> int:
    value = cache.get(KEY)
    if value is None:
        cache.add(KEY, 1, None)
        value = cache.get(KEY, 1)
    return value


def _bump() -> None:
    try:
        cache.incr(KEY)
    except ValueError:  # not there (evicted or never set)
        cache.set(KEY, 2, None)


def bump_on_commit() -> None:
    transaction.on_commit(_bump)


def cached(name: str, compute, *parts):
    """`compute()` cached under `name`, the current version and `parts`."""
    digest = hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()
    key = f"gongkai:catalog:{name}:{version()}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, VERSIONED_TIMEOUT)
    return value
