"""The working-day calendar as stored in the database (CalendarDay, CalendarYear).

Callers use the module functions; they load the calendar once per process and cache it
(in the configured cache, so Redis-backed deployments share it), and services that change
the calendar call `invalidate()`. The arithmetic itself is in `core.workdays`.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from gongkai.core.models import CalendarDay, CalendarYear
from gongkai.core.workdays import (
    DueDate,
    UnconfirmedYearError,
    WorkingCalendar,
    missing_next_year,
)

__all__ = [
    "DueDate",
    "UnconfirmedYearError",
    "add_working_days",
    "due_date",
    "get_calendar",
    "invalidate",
    "is_working_day",
    "next_year_warning",
    "working_days_between",
]

CACHE_KEY = "gongkai:calendar:v1"
CACHE_SECONDS = 300


def load_calendar() -> WorkingCalendar:
    entries = CalendarDay.objects.values_list("day", "kind")
    confirmed = CalendarYear.objects.filter(confirmed=True).values_list("year", flat=True)
    return WorkingCalendar.build(
        ((day, kind == CalendarDay.Kind.WORKDAY) for day, kind in entries), confirmed
    )


def get_calendar() -> WorkingCalendar:
    calendar = cache.get(CACHE_KEY)
    if calendar is None:
        calendar = load_calendar()
        cache.set(CACHE_KEY, calendar, CACHE_SECONDS)
    return calendar


def invalidate() -> None:
    cache.delete(CACHE_KEY)


def is_working_day(d: date, *, provisional: bool = False) -> bool:
    return get_calendar().is_working_day(d, provisional=provisional)


def add_working_days(d: date, n: int, *, provisional: bool = False) -> date:
    """The n-th working day after d (d itself not counted)."""
    return get_calendar().add_working_days(d, n, provisional=provisional)


def due_date(d: date, n: int, *, provisional: bool = False) -> DueDate:
    return get_calendar().due_date(d, n, provisional=provisional)


def working_days_between(a: date, b: date, *, provisional: bool = False) -> int:
    """Working days in (a, b]."""
    return get_calendar().working_days_between(a, b, provisional=provisional)


def next_year_warning(today: date | None = None) -> int | None:
    """The coming year, when it is on or after the warning day and its schedule is missing."""
    today = today or timezone.localdate()
    return missing_next_year(
        get_calendar().confirmed_years, today, settings.GONGKAI_CALENDAR_WARN_FROM
    )
