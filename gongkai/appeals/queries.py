"""Reading the appeals register for the annual report (Table C).

Counting rule (docs/appeals.md):

- a case counts in the year it was **filed** (申请复议/起诉之日, `filed_on`);
- its column is its result **as of 31 December** of that year: a case decided in a later year
  (or not yet) is 尚未审结, whatever it became afterwards;
- a case is counted for its `organization` only, the original acting agency (when the
  reconsideration organ is a co-defendant the case is not counted again for the organ);
- complaints to the supervising authority (申诉·投诉) are not in Table C.

So identity I4 (维持 + 纠正 + 其他 + 尚未审结 = 总计, per group) holds by construction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Count, Q, QuerySet

from gongkai.appeals import rules
from gongkai.appeals.models import Appeal, Result
from gongkai.core.models import Organization


def _key(kind: str, column: str) -> str:
    return f"{kind}__{column}"


def table_c(organizations: Iterable[Organization] | Iterable[int], year: int) -> dict:
    """The 15 cells of Table C for cases against `organizations` (exactly these, no sub-units
    added) filed in `year`: {group: {column: count}}, groups 行政复议 · 未经复议直接起诉 ·
    复议后起诉, columns 结果维持 · 结果纠正 · 其他结果 · 尚未审结 · 总计. One query."""
    end = date(year, 12, 31)
    decided = Q(decided_on__isnull=False, decided_on__lte=end)
    pending = Q(decided_on__isnull=True) | Q(decided_on__gt=end)
    cells = {}
    for kind in rules.TABLE_C_GROUPS:
        of_kind = Q(kind=kind)
        for result in (Result.UPHELD, Result.CORRECTED, Result.OTHER):
            cells[_key(kind, result)] = Count("pk", filter=of_kind & decided & Q(result=result))
        cells[_key(kind, Result.PENDING)] = Count("pk", filter=of_kind & pending)
        cells[_key(kind, "total")] = Count("pk", filter=of_kind)
    if not isinstance(organizations, QuerySet):
        organizations = list(organizations)  # a queryset stays a subquery: still one query
    counts = Appeal.objects.filter(
        organization__in=organizations,
        filed_on__gte=date(year, 1, 1),
        filed_on__lte=end,
        kind__in=list(rules.TABLE_C_GROUPS),
    ).aggregate(**cells)
    table: dict[str, dict[str, int]] = {}
    for kind, group in rules.TABLE_C_GROUPS.items():
        row = {
            column: counts[_key(kind, result)] or 0
            for result, column in rules.RESULT_COLUMNS.items()
        }
        row[rules.TOTAL_COLUMN] = counts[_key(kind, "total")] or 0
        table[group] = row
    return table
