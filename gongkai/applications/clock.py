"""The statutory reply clock of an application (依申请公开答复期限). Pure: values in, values out.

The clock is a function of the application's events and the working-day calendar; nothing
stores a due date that could drift. The rules (条例 2019, REGULATION.md §1.3–1.4):

- The reply period is 20 working days, counted from the day after receipt (Art. 33 ¶2; the
  receipt date is fixed by Art. 31 per channel and is an input here).
- A 补正 (supplement) request must go out within 7 working days of receipt (Art. 30); a late
  request is flagged, not refused. While the applicant is supplementing, the clock stands; when
  the supplement arrives, the 20 working days run again from that day (the clock restarts).
  A supplement deadline that passes without a supplement ends the application (其他处理 1).
- Time spent consulting third parties and other agencies is not counted (Art. 33 ¶3): the
  working days after a consultation starts, up to and including the day it ends, are skipped.
  Each consultation has its own 15-working-day reply window (Art. 32, 34).
- One extension of at most 20 working days, approved by the head of the 工作机构 (Art. 33 ¶2).
- A fee notice gives 20 working days to pay, from the day after the applicant receives it
  (信息处理费办法); unpaid means abandoned (其他处理 2). Whether the wait for payment stops the
  reply clock is UNCONFIRMED: by default it does not (the reading that protects the
  applicant); `Rules.fee_pauses_clock` switches it.

Years whose holiday schedule is not confirmed are counted as weekends-only and the result is
labelled provisional (see core.workdays).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from gongkai.core.workdays import WorkingCalendar

ONE_DAY = timedelta(days=1)


class Kind(StrEnum):
    """Events that move the clock. Other events (notes, documents) do not."""

    RECEIVED = "received"  # receipt date under Art. 31 (confirmed where the channel needs it)
    SUPPLEMENT_REQUESTED = "supplement_requested"  # data: {"deadline": "YYYY-MM-DD"}
    SUPPLEMENT_RECEIVED = "supplement_received"
    SUPPLEMENT_LAPSED = "supplement_lapsed"  # applicant missed the deadline: 其他处理 1
    CONSULTATION_STARTED = "consultation_started"  # data: {"ref": consultation id, "party": …}
    CONSULTATION_ENDED = "consultation_ended"  # data: {"ref": consultation id}
    EXTENDED = "extended"  # data: {"days": n ≤ 20, "approver": name}
    FEE_NOTIFIED = "fee_notified"  # the day the applicant received the notice
    FEE_PAID = "fee_paid"
    FEE_LAPSED = "fee_lapsed"  # unpaid after 20 wd: 其他处理 2
    REPLIED = "replied"  # the reply (答复书) was issued: the clock stops


class State(StrEnum):
    AWAITING_RECEIPT = "awaiting_receipt"
    RUNNING = "running"
    AWAITING_SUPPLEMENT = "awaiting_supplement"
    PAUSED = "paused"
    AWAITING_FEE = "awaiting_fee"
    CLOSED = "closed"


STATE_LABELS = {
    State.AWAITING_RECEIPT: "待确认收到日期",
    State.RUNNING: "办理中",
    State.AWAITING_SUPPLEMENT: "等待补正",
    State.PAUSED: "征求意见中（暂停计时）",
    State.AWAITING_FEE: "等待缴费",
    State.CLOSED: "已办结",
}


@dataclass(frozen=True)
class Rules:
    reply_days: int = 20  # Art. 33 ¶2
    supplement_notice_days: int = 7  # Art. 30
    max_extension_days: int = 20  # Art. 33 ¶2
    consultation_reply_days: int = 15  # Art. 32 (third party), Art. 34 (other agency)
    fee_payment_days: int = 20  # 信息处理费办法
    due_soon_days: int = 5  # warn when this many working days or fewer remain
    fee_pauses_clock: bool = False  # UNCONFIRMED: default protects the applicant


@dataclass(frozen=True)
class Event:
    kind: Kind
    on: date
    data: dict = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Pause:
    start: date  # not counted from the day after
    end: date | None  # counted again from the day after; None = still running
    reason: str
    ref: str = ""


@dataclass(frozen=True)
class Step:
    on: date
    text: str  # for staff: names the third party and the approver
    public_text: str = ""  # for the applicant, where it differs (no third party's name)

    @property
    def public(self) -> str:
        return self.public_text or self.text


@dataclass(frozen=True)
class Clock:
    state: State
    start: date | None  # the day the 20 working days run from (receipt or supplement)
    due: date | None  # the last day of the reply period (projected while paused)
    provisional_years: tuple[int, ...]
    pauses: tuple[Pause, ...]
    extension_days: int
    steps: tuple[Step, ...]
    warnings: tuple[str, ...]
    remaining: int | None  # working days left after `today` up to `due` (negative: overdue)
    supplement_deadline: date | None = None
    fee_deadline: date | None = None
    replied_on: date | None = None
    on_time: bool | None = None  # for closed applications: replied by the due date
    due_soon_days: int = Rules.due_soon_days
    # Where the procedure stands (what the staff page offers next):
    supplement_requested: bool = False  # once only (Art. 30)
    fee_notified: bool = False
    fee_open: bool = False  # notified, neither paid nor lapsed
    open_consultations: int = 0

    @property
    def awaiting_supplement(self) -> bool:
        return self.state == State.AWAITING_SUPPLEMENT

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def overdue(self) -> bool:
        return self.state != State.CLOSED and self.remaining is not None and self.remaining < 0

    @property
    def due_soon(self) -> bool:
        return (
            self.state != State.CLOSED
            and self.remaining is not None
            and 0 <= self.remaining <= self.due_soon_days
        )

    @property
    def due_label(self) -> str:
        if self.due is None:
            return "—"
        text = self.due.isoformat()
        if self.provisional_years:
            years = "、".join(str(y) for y in self.provisional_years)
            text += f"（暂定：{years}年节假日安排未确认）"
        if self.state == State.PAUSED:
            text += "（按今日结束征求意见预计）"
        return text


def _closed(pauses: Iterable[Pause], today: date) -> list[tuple[date, date]]:
    """Pauses as closed periods; a running pause is taken to end today."""
    return [(p.start, p.end if p.end is not None else max(today, p.start)) for p in pauses]


def count_forward(
    calendar: WorkingCalendar,
    start: date,
    n: int,
    pauses: Sequence[Pause] = (),
    *,
    today: date | None = None,
) -> tuple[date, tuple[int, ...]]:
    """The n-th counted working day after `start` (paused days skipped), and the years that
    were only estimated (weekends-only, not confirmed)."""
    due = calendar.due_date_skipping(start, n, _closed(pauses, today or start), provisional=True)
    return due.on, due.provisional_years


def counted_between(
    calendar: WorkingCalendar, a: date, b: date, pauses: Sequence[Pause] = (), *, today: date
) -> int:
    """Counted (working, not paused) days in (a, b]; negative when b is before a."""
    return calendar.counted_between(a, b, _closed(pauses, today), provisional=True)


def _fmt(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def compute(
    events: Iterable[Event],
    calendar: WorkingCalendar,
    *,
    today: date,
    rules: Rules = Rules(),
) -> Clock:
    """The clock of one application as of `today`."""
    ordered = sorted(events, key=lambda e: e.on)  # stable: same-day events keep their order
    steps: list[Step] = []
    warnings: list[str] = []
    received: date | None = None
    start: date | None = None
    supplement_deadline: date | None = None
    awaiting_supplement = False
    open_consultations: dict[str, tuple[date, str]] = {}
    pauses: list[Pause] = []
    extension = 0
    fee_served: date | None = None
    fee_open = False
    closed_on: date | None = None
    replied_on: date | None = None

    for e in ordered:
        if e.kind == Kind.RECEIVED:
            received = start = e.on
            steps.append(
                Step(
                    e.on,
                    f"{_fmt(e.on)}收到申请（收到申请之日），自次日起计算{rules.reply_days}个工作日",
                )
            )
        elif e.kind == Kind.SUPPLEMENT_REQUESTED:
            awaiting_supplement = True
            raw = e.data.get("deadline")
            supplement_deadline = date.fromisoformat(raw) if raw else None
            text = f"{_fmt(e.on)}发出补正告知，等待申请人补正，答复期限暂不计算"
            if supplement_deadline:
                text += f"（补正期限：{_fmt(supplement_deadline)}）"
            steps.append(Step(e.on, text))
            if received is not None:
                used = calendar.working_days_between(received, e.on, provisional=True)
                if used > rules.supplement_notice_days:
                    warnings.append(
                        f"补正告知晚于收到申请后{rules.supplement_notice_days}个工作日"
                        f"（第{used}个工作日发出，条例第三十条）"
                    )
        elif e.kind == Kind.SUPPLEMENT_RECEIVED:
            awaiting_supplement = False
            start = e.on
            pauses = [p for p in pauses if p.end is None or p.end > e.on]
            steps.append(
                Step(
                    e.on,
                    f"{_fmt(e.on)}收到补正后的申请，答复期限自次日起重新计算"
                    f"{rules.reply_days}个工作日",
                )
            )
        elif e.kind == Kind.SUPPLEMENT_LAPSED:
            awaiting_supplement = False
            closed_on = e.on
            steps.append(
                Step(e.on, f"{_fmt(e.on)}申请人逾期未补正，视为放弃申请，不再处理（其他处理1）")
            )
        elif e.kind == Kind.CONSULTATION_STARTED:
            ref = str(e.data.get("ref", len(open_consultations)))
            party = e.data.get("party", "第三方")
            open_consultations[ref] = (e.on, party)
            reply_by = calendar.add_working_days(
                e.on, rules.consultation_reply_days, provisional=True
            )
            steps.append(
                Step(
                    e.on,
                    f"{_fmt(e.on)}向{party}征求意见，征求意见期间不计入答复期限"
                    f"（对方应在{rules.consultation_reply_days}个工作日内答复，"
                    f"即{_fmt(reply_by)}前）",
                    f"{_fmt(e.on)}征求第三方或其他机关意见，征求意见期间不计入答复期限",
                )
            )
        elif e.kind == Kind.CONSULTATION_ENDED:
            ref = str(e.data.get("ref", ""))
            begun, party = open_consultations.pop(ref, (None, "第三方"))
            if begun is None:
                continue
            pause = Pause(begun, e.on, f"征求{party}意见", ref)
            pauses.append(pause)
            skipped = calendar.working_days_between(begun, e.on, provisional=True)
            pause_text = f"{_fmt(begun + ONE_DAY)}至{_fmt(e.on)}的{skipped}个工作日不计入答复期限"
            steps.append(
                Step(
                    e.on,
                    f"{_fmt(e.on)}{party}意见征求结束：{pause_text}",
                    f"{_fmt(e.on)}征求意见结束：{pause_text}",
                )
            )
        elif e.kind == Kind.EXTENDED:
            days = int(e.data.get("days", rules.max_extension_days))
            days = max(0, min(days, rules.max_extension_days - extension))
            extension += days
            approver = e.data.get("approver", "")
            extended = f"答复期限延长{days}个工作日（条例第三十三条第二款）"
            steps.append(
                Step(
                    e.on,
                    f"{_fmt(e.on)}经{approver or '工作机构负责人'}同意，{extended}",
                    f"{_fmt(e.on)}经政府信息公开工作机构负责人同意，{extended}",
                )
            )
        elif e.kind == Kind.FEE_NOTIFIED:
            fee_served = e.on
            fee_open = True
            steps.append(
                Step(
                    e.on,
                    f"{_fmt(e.on)}申请人收到收费通知，应自次日起"
                    f"{rules.fee_payment_days}个工作日内缴费",
                )
            )
        elif e.kind == Kind.FEE_PAID:
            fee_open = False
            steps.append(Step(e.on, f"{_fmt(e.on)}申请人缴纳信息处理费"))
            if rules.fee_pauses_clock and fee_served is not None:
                pauses.append(Pause(fee_served, e.on, "等待缴费"))
        elif e.kind == Kind.FEE_LAPSED:
            fee_open = False
            closed_on = e.on
            steps.append(
                Step(e.on, f"{_fmt(e.on)}申请人逾期未缴费，视为放弃申请，不再处理（其他处理2）")
            )
        elif e.kind == Kind.REPLIED:
            closed_on = replied_on = e.on
            steps.append(Step(e.on, f"{_fmt(e.on)}作出答复，办理完毕"))

    for ref, (begun, party) in open_consultations.items():
        pauses.append(Pause(begun, None, f"征求{party}意见", ref))
    if fee_open and rules.fee_pauses_clock and fee_served is not None:
        pauses.append(Pause(fee_served, None, "等待缴费"))

    fee_deadline = (
        calendar.add_working_days(fee_served, rules.fee_payment_days, provisional=True)
        if fee_served is not None
        else None
    )
    procedure = {
        "due_soon_days": rules.due_soon_days,
        "supplement_requested": any(e.kind == Kind.SUPPLEMENT_REQUESTED for e in ordered),
        "fee_notified": fee_served is not None,
        "fee_open": fee_open,
        "open_consultations": len(open_consultations),
    }
    if start is None:
        return Clock(
            state=State.CLOSED if closed_on else State.AWAITING_RECEIPT,
            start=None,
            due=None,
            provisional_years=(),
            pauses=tuple(pauses),
            extension_days=extension,
            steps=tuple(steps),
            warnings=tuple(warnings),
            remaining=None,
            replied_on=replied_on,
            **procedure,
        )

    horizon = closed_on or today
    due: date | None
    due, provisional_years = count_forward(
        calendar, start, rules.reply_days + extension, pauses, today=horizon
    )

    if closed_on is not None:
        state = State.CLOSED
    elif awaiting_supplement:
        state = State.AWAITING_SUPPLEMENT
        due = None
        if supplement_deadline and today > supplement_deadline:
            warnings.append(
                f"补正期限{_fmt(supplement_deadline)}已过，申请人未补正："
                "可按逾期不补正处理（其他处理1）"
            )
    elif any(p.end is None for p in pauses):
        state = State.PAUSED
    elif fee_open:
        state = State.AWAITING_FEE
    else:
        state = State.RUNNING

    if fee_open and fee_deadline and today > fee_deadline:
        warnings.append(f"缴费期限{_fmt(fee_deadline)}已过：可按逾期未缴费处理（其他处理2）")
    for ref, (begun, party) in open_consultations.items():
        reply_by = calendar.add_working_days(begun, rules.consultation_reply_days, provisional=True)
        if today > reply_by:
            warnings.append(
                f"{party}未在{_fmt(reply_by)}前答复征求意见：第三方逾期未提出意见的，"
                "由行政机关依法决定（条例第三十二条）"
            )
        del ref

    remaining = None
    on_time = None
    if due is not None:
        if state == State.CLOSED:
            on_time = closed_on <= due
        else:
            remaining = counted_between(calendar, today, due, pauses, today=today)
            if today > due:
                remaining = min(remaining, -1)
                warnings.append(f"已超过答复期限{_fmt(due)}")
            elif remaining <= rules.due_soon_days:
                warnings.append(f"距答复期限还有{remaining}个工作日")
        steps.append(
            Step(
                due,
                f"答复期限：{_fmt(due)}（{rules.reply_days}个工作日"
                + (f"，延长{extension}个工作日" if extension else "")
                + (f"，不计征求意见等{len(pauses)}段时间" if pauses else "")
                + "）",
            )
        )

    return Clock(
        state=state,
        start=start,
        due=due,
        provisional_years=provisional_years,
        pauses=tuple(pauses),
        extension_days=extension,
        steps=tuple(steps),
        warnings=tuple(warnings),
        remaining=remaining,
        supplement_deadline=supplement_deadline,
        fee_deadline=fee_deadline,
        replied_on=replied_on,
        on_time=on_time,
        **procedure,
    )
