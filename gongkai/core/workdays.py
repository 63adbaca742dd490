"""Working-day arithmetic (工作日计算). Pure: no database, no settings.

A working day is Monday–Friday, minus statutory holidays (休), plus the weekend days
declared make-up working days (调休上班, 班). The schedule is published by the State Council
each year, so a year is either *confirmed* (we hold its schedule) or not. Counting through a
year that is not confirmed raises `UnconfirmedYearError` naming the year, unless the caller
asks for a *provisional* count, which treats that year as weekends-only and must be labelled
provisional wherever it is shown.

Counting follows the general period rule (民事诉讼法 Art. 85 via 行政诉讼法 Art. 101): the day
an event happens is not counted; "n working days from d" is the n-th working day after d.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)


class UnconfirmedYearError(LookupError):
    """The holiday schedule of `year` is not confirmed, so working days cannot be counted."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(
            f"{year}年的节假日安排尚未确认，无法计算工作日 "
            f"(no confirmed holiday schedule for {year}; import it with `gongkai calendar_import`)"
        )


@dataclass(frozen=True)
class DueDate:
    """A computed due day, with the years that were only estimated."""

    on: date
    provisional_years: tuple[int, ...] = ()

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_years)

    def label(self) -> str:
        if not self.provisional:
            return self.on.isoformat()
        years = "、".join(str(y) for y in self.provisional_years)
        return f"{self.on.isoformat()}（暂定：{years}年节假日安排未确认）"


@dataclass(frozen=True)
class WorkingCalendar:
    """`overrides` maps a date to True (make-up working day, 班) or False (holiday, 休)."""

    overrides: Mapping[date, bool] = field(default_factory=dict)
    confirmed_years: frozenset[int] = frozenset()

    @classmethod
    def build(cls, entries: Iterable[tuple[date, bool]], confirmed_years: Iterable[int]):
        return cls(overrides=dict(entries), confirmed_years=frozenset(confirmed_years))

    def is_confirmed(self, year: int) -> bool:
        return year in self.confirmed_years

    def _working(self, d: date, provisional: bool, seen: set[int] | None) -> bool:
        if d.year not in self.confirmed_years:
            if not provisional:
                raise UnconfirmedYearError(d.year)
            if seen is not None:
                seen.add(d.year)
            return d.weekday() < 5
        override = self.overrides.get(d)
        if override is not None:
            return override
        return d.weekday() < 5

    def is_working_day(self, d: date, *, provisional: bool = False) -> bool:
        return self._working(d, provisional, None)

    def due_date(self, start: date, n: int, *, provisional: bool = False) -> DueDate:
        """The n-th working day after `start` (start itself not counted)."""
        return self.due_date_skipping(start, n, provisional=provisional)

    def due_date_skipping(
        self,
        start: date,
        n: int,
        skip: Sequence[tuple[date, date]] = (),
        *,
        provisional: bool = False,
    ) -> DueDate:
        """The n-th working day after `start` that lies in no skipped period; a period
        (a, b) skips the days after a up to and including b (a consultation, a pause)."""
        if n < 0:
            raise ValueError("working days to add must be zero or more")
        seen: set[int] = set()
        d = start
        remaining = n
        while remaining:
            d += ONE_DAY
            if self._working(d, provisional, seen) and not _in_any(d, skip):
                remaining -= 1
        return DueDate(on=d, provisional_years=tuple(sorted(seen)))

    def counted_between(
        self,
        a: date,
        b: date,
        skip: Sequence[tuple[date, date]] = (),
        *,
        provisional: bool = False,
    ) -> int:
        """Working days in (a, b] outside the skipped periods; negative when b is before a."""
        if b < a:
            return -self.counted_between(b, a, skip, provisional=provisional)
        count = 0
        d = a
        while d < b:
            d += ONE_DAY
            if self._working(d, provisional, None) and not _in_any(d, skip):
                count += 1
        return count

    def add_working_days(self, start: date, n: int, *, provisional: bool = False) -> date:
        return self.due_date(start, n, provisional=provisional).on

    def working_days_between(self, a: date, b: date, *, provisional: bool = False) -> int:
        """Working days in (a, b]; negative when b is before a."""
        return self.counted_between(a, b, provisional=provisional)

    def next_working_day(self, d: date, *, provisional: bool = False) -> date:
        """`d` itself when it is a working day, else the first working day after it."""
        while not self._working(d, provisional, None):
            d += ONE_DAY
        return d


def _in_any(d: date, periods: Sequence[tuple[date, date]]) -> bool:
    return any(a < d <= b for a, b in periods)


def missing_next_year(confirmed_years: Iterable[int], today: date, warn_from: str = "11-01"):
    """The next year when its schedule is missing and `today` is on or after `warn_from`
    (MM-DD) of this year; otherwise None."""
    month, day = (int(part) for part in warn_from.split("-"))
    if today < date(today.year, month, day):
        return None
    upcoming = today.year + 1
    return None if upcoming in set(confirmed_years) else upcoming


def parse_schedule(lines: Iterable[str]) -> tuple[list[tuple[date, bool, str]], list[str]]:
    """Parse a holiday schedule file: one `YYYY-MM-DD 休|班 [name]` per line.

    Blank lines and lines starting with `#` are ignored. Returns (entries, errors); each
    error names its line number. A make-up working day (班) must fall on a weekend, and a
    date may appear only once.
    """
    entries: list[tuple[date, bool, str]] = []
    errors: list[str] = []
    seen: dict[date, int] = {}
    for number, raw in enumerate(lines, start=1):
        line = raw.strip().lstrip("\ufeff")
        if not line or line.startswith("#"):
            continue
        parts = line.split(maxsplit=2)
        if len(parts) < 2:
            errors.append(f"第{number}行：格式应为“YYYY-MM-DD 休|班 [名称]”，实际为“{line}”")
            continue
        text, kind = parts[0], parts[1]
        name = parts[2].strip() if len(parts) == 3 else ""
        try:
            d = date.fromisoformat(text)
            if len(text) != 10:
                raise ValueError
        except ValueError:
            errors.append(f"第{number}行：日期“{text}”无效，应为YYYY-MM-DD")
            continue
        if kind not in {"休", "班"}:
            errors.append(f"第{number}行：类型“{kind}”无效，只能是“休”或“班”")
            continue
        if kind == "班" and d.weekday() < 5:
            errors.append(f"第{number}行：{d.isoformat()}是工作日（周一至周五），不能标为调休上班")
            continue
        if d in seen:
            errors.append(f"第{number}行：日期{d.isoformat()}与第{seen[d]}行重复")
            continue
        seen[d] = number
        entries.append((d, kind == "班", name))
    return entries, errors
