"""Portal page-view counting without a database write per view.

Each process keeps counts in memory and writes them in one transaction (an UPDATE per
(day, key), INSERT when new) when the buffer is older than GONGKAI_PAGEVIEW_FLUSH_SECONDS or
holds GONGKAI_PAGEVIEW_FLUSH_COUNT views, and at exit. Robots are not counted.
"""

from __future__ import annotations

import atexit
import contextlib
import re
import threading
import time
from collections import Counter
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from gongkai.catalog.models import PageView

BOT = re.compile(
    r"bot|spider|crawl|slurp|bingpreview|facebookexternalhit|curl|wget|python-requests|"
    r"python-urllib|httpclient|scrapy|go-http-client|java/|okhttp|libwww|feedfetcher|monitor",
    re.I,
)

_lock = threading.Lock()
_counts: Counter = Counter()  # (day, key, item_id, organization_id) -> views
_started = time.monotonic()


def is_robot(user_agent: str) -> bool:
    return not user_agent or bool(BOT.search(user_agent))


def record(request, *, item_id: int | None = None, organization_id: int | None = None) -> bool:
    """Count one view of a portal page (and of an item, when given). Returns whether counted."""
    if request.method != "GET" or is_robot(request.headers.get("User-Agent", "")):
        return False
    today = timezone.localdate()
    with _lock:
        _counts[(today, "site", None, None)] += 1
        if item_id is not None:
            _counts[(today, f"item:{item_id}", item_id, organization_id)] += 1
        due = (
            sum(_counts.values()) >= settings.GONGKAI_PAGEVIEW_FLUSH_COUNT
            or time.monotonic() - _started >= settings.GONGKAI_PAGEVIEW_FLUSH_SECONDS
        )
    if due:
        flush()
    return True


def reset() -> None:
    """Drop buffered counts without writing them (tests; never in production)."""
    global _started
    with _lock:
        _counts.clear()
        _started = time.monotonic()


def pending() -> int:
    with _lock:
        return sum(_counts.values())


def flush() -> int:
    """Write the buffered counts; returns how many views were written."""
    global _started
    with _lock:
        batch = dict(_counts)
        _counts.clear()
        _started = time.monotonic()
    if not batch:
        return 0
    try:
        with transaction.atomic():
            for (day, key, item_id, org_id), n in batch.items():
                _add(day, key, item_id, org_id, n)
    except Exception:
        with _lock:  # keep the counts for the next flush rather than lose them
            _counts.update(batch)
        raise
    return sum(batch.values())


def _add(day: date, key: str, item_id, org_id, n: int) -> None:
    if PageView.objects.filter(day=day, key=key).update(count=F("count") + n):
        return
    try:
        with transaction.atomic():
            PageView.objects.create(
                day=day, key=key, item_id=item_id, organization_id=org_id, count=n
            )
    except IntegrityError:  # another process inserted it meanwhile
        PageView.objects.filter(day=day, key=key).update(count=F("count") + n)


def site_total(year: int) -> int:
    return PageView.objects.filter(key="site", day__year=year).aggregate(n=Sum("count"))["n"] or 0


def totals_by_organization(year: int) -> dict[int, int]:
    rows = (
        PageView.objects.filter(day__year=year, organization__isnull=False)
        .values("organization")
        .annotate(n=Sum("count"))
    )
    return {row["organization"]: row["n"] for row in rows}


def _flush_at_exit() -> None:
    # The database may already be gone at interpreter exit.
    with contextlib.suppress(Exception):
        flush()


atexit.register(_flush_at_exit)
