"""Reading applications for lists, the workbench and the daily digest.

Due dates are not stored (clock.py), so "due soon" and "overdue" are computed from the events
of the open applications, which are loaded with their events in two queries. An agency has
tens to hundreds of open applications at a time, so this stays cheap; the list is computed
once per request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from gongkai.applications import clock, services
from gongkai.applications.models import Application
from gongkai.core.models import Membership, User

FILTERS = {
    "open": "办理中（全部）",
    "due_soon": "即将到期（5个工作日内）",
    "overdue": "已超期",
    "awaiting_receipt": "待确认收到日期",
    "awaiting_supplement": "等待补正",
    "paused": "征求意见中",
    "closed": "已办结",
    "all": "全部",
}


@dataclass(frozen=True)
class Row:
    application: Application
    clock: clock.Clock


def clocked(queryset, *, today: date | None = None) -> list[Row]:
    """Each application of `queryset` with its clock (events prefetched: two queries)."""
    today = today or timezone.localdate()
    return [Row(app, services.clock_of(app, today=today)) for app in queryset.for_listing()]


def urgent(rows: list[Row]) -> list[Row]:
    """Overdue or due within the warning window, most urgent first."""
    found = [r for r in rows if r.clock.overdue or r.clock.due_soon]
    return sorted(found, key=lambda r: r.clock.remaining)


def rows(user: User, *, which: str = "open", today: date | None = None, unit=None) -> list[Row]:
    today = today or timezone.localdate()
    queryset = services.visible(user)
    if unit is not None:
        queryset = queryset.filter(unit=unit)
    if which == "closed":
        queryset = queryset.closed().order_by("-closed_on", "-pk")
    elif which != "all":
        queryset = queryset.open().order_by("arrived_on", "pk")
    result = clocked(queryset, today=today)
    keep = {
        "due_soon": lambda r: r.clock.due_soon,
        "overdue": lambda r: r.clock.overdue,
        "awaiting_receipt": lambda r: r.clock.state == clock.State.AWAITING_RECEIPT,
        "awaiting_supplement": lambda r: r.clock.state == clock.State.AWAITING_SUPPLEMENT,
        "paused": lambda r: r.clock.state == clock.State.PAUSED,
    }.get(which)
    if keep is not None:
        result = [r for r in result if keep(r)]
    if which in {"open", "due_soon", "overdue"}:
        # most urgent first; those without a running clock after them
        result.sort(key=lambda r: (r.clock.remaining is None, r.clock.remaining or 0))
    return result


@dataclass(frozen=True)
class Summary:
    open: int
    due_soon: list[Row]
    overdue: list[Row]
    awaiting_receipt: int


def summary_for(user: User, *, today: date | None = None) -> Summary | None:
    """None for users who handle no applications."""
    if not (user.is_superuser or Membership.objects.filter(user=user).exists()):
        return None
    open_rows = rows(user, which="open", today=today)
    if not open_rows and not services.visible(user).exists():
        return None
    return Summary(
        open=len(open_rows),
        due_soon=[r for r in open_rows if r.clock.due_soon],
        overdue=[r for r in open_rows if r.clock.overdue],
        awaiting_receipt=sum(1 for r in open_rows if r.clock.state == clock.State.AWAITING_RECEIPT),
    )
