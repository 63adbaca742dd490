"""信息处理费 (information processing fee) of 国办函〔2020〕109号. Pure: values in, values out.

《政府信息公开条例》第四十二条: applications are free, but when the quantity or frequency of an
applicant's requests clearly exceeds a reasonable range the agency *may* charge a 信息处理费.
The 《政府信息公开信息处理费管理办法》 (国办函〔2020〕109号) sets the standard:

- Art. 3: charged **per application (按件)** or **per volume (按量)**, always excess-progressive
  (超额累进). For each application the agency picks one method; never both.
- Art. 4, 按件 (any kind of decision): counted per applicant, cumulatively within one calendar
  month. Applications 1–10 free; 11–30: 100 元/件; from 31 on, tiers of 10, each tier
  +100 元/件. A multi-item application may be split into its smallest reasonable units
  ("一事一申请"), so one application can count as several 件.
- Art. 5, 按量 (paper copies, e-mail, copied electronic data), per application: pages 1–30
  free; 31–100: 10 元/页; 101–200: 20 元/页; from 201: 40 元/页.
  Worked example: 150 pages = 70×10 + 50×20 = 1700 元.

Amounts are whole yuan (`int`); no floats anywhere. The tier tables are module-level
constants (`PER_APPLICATION_TIERS`, `PER_APPLICATION_LADDER`, `PER_VOLUME_TIERS`); a local
standard is a different `FeeSchedule` passed as `schedule=`.

The payment window (20 working days from the day after the fee notice is received) is a
working-day matter and lives with the application clock, not here.

UNCONFIRMED points (REGULATION.md §3):

- **The tier reading beyond 30 applications.** "31件以上的部分：以10件为一档，每增加一档，收费标准
  提高100元/件" is read as 31–40 = 200, 41–50 = 300, 51–60 = 400 … (the first tier of 10 after
  30 is already one step above the 100 元 of 11–30). The other possible reading (31–40 still
  100, 41–50 = 200 …) is `PER_APPLICATION_TIERS = (Tier(1, 10, 0), Tier(11, 40, 100))` with
  the same ladder.
- **Electronic data → pages.** How e-mailed or copied electronic data converts to "pages" is
  not stated in the text we hold. This module takes a page count; the caller converts (and
  should record how).
- **Exemptions and reductions (减免).** Not confirmed; the module computes the standard amount
  and knows no exemptions. Art. 42 says the agency *may* charge, so charging nothing is always
  lawful; a reduction is a decision recorded by the service layer, not a fee rule.
- **Which applications count toward the month.** Our reading: every application the same
  applicant made in the calendar month (by receipt date) counts toward the cumulative
  number, whatever method was used to charge it and whether it was charged at all. The
  service layer supplies that count (`prior`).
- The article numbers after Art. 5 and the effective date (believed 2021-01-01).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

ORDINANCE = "《中华人民共和国政府信息公开条例》"
MEASURES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"

BASIS_PER_APPLICATION = f"{ORDINANCE}第四十二条、{MEASURES}第三条、第四条"
BASIS_PER_VOLUME = f"{ORDINANCE}第四十二条、{MEASURES}第三条、第五条"


class FeeMethod(StrEnum):
    PER_APPLICATION = "per_application"
    PER_VOLUME = "per_volume"

    @property
    def label(self) -> str:
        return {"per_application": "按件计收", "per_volume": "按量计收"}[self.value]

    @property
    def basis(self) -> str:
        return {
            "per_application": BASIS_PER_APPLICATION,
            "per_volume": BASIS_PER_VOLUME,
        }[self.value]


@dataclass(frozen=True)
class Tier:
    """Units `first`..`last` (1-based, inclusive; `last=None`: no upper end) cost `rate` yuan
    each."""

    first: int
    last: int | None
    rate: int


@dataclass(frozen=True)
class Ladder:
    """After the last fixed tier: tiers of `width` units, each `step` yuan per unit dearer
    than the one before."""

    width: int
    step: int


@dataclass(frozen=True)
class FeeSchedule:
    """An excess-progressive schedule: each unit costs the rate of the tier it falls in."""

    unit: str
    tiers: tuple[Tier, ...]
    ladder: Ladder | None = None

    def __post_init__(self):
        if not self.tiers:
            raise ValueError("收费标准至少需要一个档次")
        expected_first = 1
        for index, tier in enumerate(self.tiers):
            where = f"收费标准第{index + 1}档"
            for name, value in (("起点", tier.first), ("单价", tier.rate)):
                if isinstance(value, bool) or not isinstance(value, int):
                    raise ValueError(f"{where}的{name}应为整数，实际为{value!r}")
            if tier.first != expected_first:
                raise ValueError(f"{where}应从第{expected_first}{self.unit}起，实际为{tier.first}")
            if tier.rate < 0:
                raise ValueError(f"{where}的单价不能为负数：{tier.rate}")
            is_last = index == len(self.tiers) - 1
            if tier.last is None:
                if not is_last or self.ladder is not None:
                    raise ValueError(f"{where}没有上限，只能是最后一档且其后不能再有累进档")
                break
            if tier.last < tier.first:
                raise ValueError(f"{where}的上限{tier.last}小于起点{tier.first}")
            expected_first = tier.last + 1
        else:
            if self.ladder is None:
                raise ValueError("收费标准最后一档须无上限，或其后设累进档")
        if self.ladder is not None and (self.ladder.width < 1 or self.ladder.step < 0):
            raise ValueError("累进档的件（页）数须至少为1，每档增加的单价不能为负数")

    def rate(self, n: int) -> int:
        """Yuan charged for the n-th unit (n ≥ 1)."""
        _check_int(n, f"{self.unit}序号", minimum=1)
        for tier in self.tiers:
            if tier.last is None or n <= tier.last:
                return tier.rate
        assert self.ladder is not None  # guaranteed by __post_init__
        start = self.tiers[-1].last + 1
        step_index = (n - start) // self.ladder.width + 1
        return self.tiers[-1].rate + step_index * self.ladder.step

    def lines(self, first: int, last: int) -> tuple[FeeLine, ...]:
        """Units `first`..`last` grouped by tier; empty when `last` is `first - 1`."""
        _check_range(first, last, self.unit)
        return tuple(self._segments(first, last))

    def total(self, first: int, last: int) -> int:
        return sum(line.amount for line in self.lines(first, last))

    def _segments(self, first: int, last: int) -> Iterator[FeeLine]:
        for start, end, rate in self._tiers_from(first):
            if start > last:
                return
            lo, hi = max(start, first), last if end is None else min(end, last)
            if lo <= hi:
                yield FeeLine(first=lo, last=hi, rate=rate, unit=self.unit)

    def _tiers_from(self, first: int) -> Iterator[tuple[int, int | None, int]]:
        for tier in self.tiers:
            yield tier.first, tier.last, tier.rate
        if self.ladder is None:
            return
        start = self.tiers[-1].last + 1
        # Skip the ladder tiers that end before `first` without walking them one by one.
        index = max(0, (first - start) // self.ladder.width)
        while True:
            tier_first = start + index * self.ladder.width
            rate = self.tiers[-1].rate + (index + 1) * self.ladder.step
            yield tier_first, tier_first + self.ladder.width - 1, rate
            index += 1


# --- the national standard (国办函〔2020〕109号 Art. 4 and 5) ------------------------------

PER_APPLICATION_TIERS: tuple[Tier, ...] = (Tier(1, 10, 0), Tier(11, 30, 100))
"""按件: 1–10 free, 11–30 at 100 元/件; beyond, `PER_APPLICATION_LADDER`."""

PER_APPLICATION_LADDER = Ladder(width=10, step=100)
"""按件 from 31 on: tiers of 10, each +100 元/件 (31–40: 200, 41–50: 300 …; UNCONFIRMED)."""

PER_VOLUME_TIERS: tuple[Tier, ...] = (
    Tier(1, 30, 0),
    Tier(31, 100, 10),
    Tier(101, 200, 20),
    Tier(201, None, 40),
)
"""按量 per application: 1–30 free, 31–100 at 10, 101–200 at 20, from 201 at 40 元/页."""

PER_APPLICATION = FeeSchedule(unit="件", tiers=PER_APPLICATION_TIERS, ladder=PER_APPLICATION_LADDER)
PER_VOLUME = FeeSchedule(unit="页", tiers=PER_VOLUME_TIERS)


# --- results ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FeeLine:
    """One tier's share of a quote: units `first`..`last` at `rate` yuan each."""

    first: int
    last: int
    rate: int
    unit: str

    @property
    def count(self) -> int:
        return self.last - self.first + 1

    @property
    def amount(self) -> int:
        return self.count * self.rate

    @property
    def text(self) -> str:
        span = (
            f"第{self.first}{self.unit}"
            if self.first == self.last
            else f"第{self.first}至{self.last}{self.unit}"
        )
        if self.rate == 0:
            return f"{span}，不收费，共{self.count}{self.unit}"
        return f"{span}，每{self.unit}{self.rate}元，共{self.count}{self.unit}，计{self.amount}元"


@dataclass(frozen=True)
class FeeQuote:
    """The fee for one application under one method, with the text for the 收费通知.

    `first`..`last` are the units charged: for 按件 the applicant's cumulative numbers in the
    month (e.g. the 25th to 27th 件), for 按量 the pages 1..n.
    """

    method: FeeMethod
    first: int
    last: int
    lines: tuple[FeeLine, ...]
    basis: str

    @property
    def amount(self) -> int:
        """Yuan, whole."""
        return sum(line.amount for line in self.lines)

    @property
    def units(self) -> int:
        return self.last - self.first + 1

    @property
    def chargeable(self) -> bool:
        return self.amount > 0

    @property
    def scope(self) -> str:
        """What was counted, e.g. "同一申请人本自然月内累计第25至27件" or "共150页"."""
        if self.method is FeeMethod.PER_VOLUME:
            return f"共{self.units}页"
        if self.first == self.last:
            return f"同一申请人本自然月内累计第{self.first}件"
        return f"同一申请人本自然月内累计第{self.first}至{self.last}件"

    @property
    def breakdown(self) -> str:
        """Tier by tier, e.g. "第1至30页，不收费，共30页；第31至100页，每页10元，共70页，
        计700元；第101至150页，每页20元，共50页，计1000元；合计1700元"."""
        if not self.lines:
            return "共0页，不收费"
        return "；".join([*(line.text for line in self.lines), f"合计{self.amount}元"])

    @property
    def summary(self) -> str:
        """One sentence for the notice: method, scope, amount."""
        if not self.chargeable:
            return f"{self.method.label}（{self.scope}），不收取信息处理费"
        return f"{self.method.label}（{self.scope}），信息处理费合计{self.amount}元"


# --- computing --------------------------------------------------------------------------


def application_fee(n: int, *, schedule: FeeSchedule = PER_APPLICATION) -> int:
    """按件: yuan for the applicant's n-th application (件) of the calendar month (n ≥ 1)."""
    return schedule.rate(n)


def applications_fee(first: int, last: int, *, schedule: FeeSchedule = PER_APPLICATION) -> int:
    """按件: yuan for the applicant's `first`-th to `last`-th applications of the month
    (inclusive; 0 when `last == first - 1`)."""
    return schedule.total(first, last)


def volume_fee(pages: int, *, schedule: FeeSchedule = PER_VOLUME) -> int:
    """按量: yuan for one application of `pages` pages (0 pages → 0)."""
    _check_int(pages, "页数", minimum=0)
    return schedule.total(1, pages)


def quote_per_application(
    *, prior: int, count: int = 1, schedule: FeeSchedule = PER_APPLICATION
) -> FeeQuote:
    """按件 quote for one application that counts as `count` 件 ("一事一申请" split), when the
    same applicant already has `prior` 件 this calendar month."""
    _check_int(prior, "本月此前已累计申请件数", minimum=0)
    _check_int(count, "本次申请计件数", minimum=1)
    first, last = prior + 1, prior + count
    return FeeQuote(
        method=FeeMethod.PER_APPLICATION,
        first=first,
        last=last,
        lines=schedule.lines(first, last),
        basis=BASIS_PER_APPLICATION,
    )


def quote_per_volume(pages: int, *, schedule: FeeSchedule = PER_VOLUME) -> FeeQuote:
    """按量 quote for one application of `pages` pages."""
    _check_int(pages, "页数", minimum=0)
    return FeeQuote(
        method=FeeMethod.PER_VOLUME,
        first=1,
        last=pages,
        lines=schedule.lines(1, pages),
        basis=BASIS_PER_VOLUME,
    )


def quote(
    method: FeeMethod | str,
    *,
    prior: int | None = None,
    count: int | None = None,
    pages: int | None = None,
) -> FeeQuote:
    """The quote under the method the agency chose for this application.

    `method` is a `FeeMethod` (or its value). 按件 takes `prior` (and optionally `count`),
    按量 takes `pages`; giving the other method's input is refused, because one application
    is never charged by both methods (办法第三条).
    """
    try:
        chosen = FeeMethod(method)
    except ValueError:
        raise ValueError(
            f"收费方式“{method}”无效：每件申请只能选择按件计收（per_application）"
            "或按量计收（per_volume）中的一种"
        ) from None
    if chosen is FeeMethod.PER_APPLICATION:
        if pages is not None:
            raise ValueError("已选择按件计收，不得同时按页数计费（同一申请不得按两种标准重复计算）")
        if prior is None:
            raise ValueError("按件计收须提供该申请人本自然月内此前已累计申请的件数（prior）")
        return quote_per_application(prior=prior, count=1 if count is None else count)
    if prior is not None or count is not None:
        raise ValueError("已选择按量计收，不得同时按件数计费（同一申请不得按两种标准重复计算）")
    if pages is None:
        raise ValueError("按量计收须提供页数（pages）")
    return quote_per_volume(pages)


@dataclass(frozen=True)
class MethodComparison:
    """Both quotes side by side, for the person who chooses. Informational only: the agency
    still picks one method explicitly (`quote(method, ...)`), and 按量 fits only when the
    applicant asked for paper copies, e-mail or copied electronic data (办法第五条)."""

    per_application: FeeQuote
    per_volume: FeeQuote

    @property
    def lower(self) -> FeeMethod | None:
        """The method with the smaller amount; None when both are equal."""
        a, v = self.per_application.amount, self.per_volume.amount
        if a == v:
            return None
        return FeeMethod.PER_APPLICATION if a < v else FeeMethod.PER_VOLUME


def compare_methods(*, prior: int, count: int = 1, pages: int) -> MethodComparison:
    return MethodComparison(
        per_application=quote_per_application(prior=prior, count=count),
        per_volume=quote_per_volume(pages),
    )


# --- input checks -----------------------------------------------------------------------


def _check_int(value: object, field: str, *, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{field}应为整数，实际为{value!r}")
    if value < minimum:
        if minimum == 0:
            raise ValueError(f"{field}不能为负数：{value}")
        raise ValueError(f"{field}至少为{minimum}，实际为{value}")


def _check_range(first: int, last: int, unit: str) -> None:
    _check_int(first, f"起始{unit}号", minimum=1)
    _check_int(last, f"截止{unit}号", minimum=0)
    if last < first - 1:
        raise ValueError(f"截止{unit}号{last}小于起始{unit}号{first}")
