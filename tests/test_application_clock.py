"""The reply clock of applications: properties (hypothesis) and dates worked out by hand,
including make-up working days across 春节 and 国庆, and `gongkai deadline` with pauses."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.applications.clock import Event, Kind, Rules, State, compute
from tests.test_workdays import chinese_calendar_2004_2026

CAL = chinese_calendar_2004_2026()
K = Kind
days_2016_2026 = st.dates(min_value=date(2016, 1, 1), max_value=date(2026, 6, 30))


DEFAULT_RULES = Rules()


def received(on, *more, today=None, rules=DEFAULT_RULES):
    events = [Event(K.RECEIVED, on), *more]
    return compute(events, CAL, today=today or on, rules=rules)


def consult(ref, start, end=None, party="某公司"):
    events = [Event(K.CONSULTATION_STARTED, start, {"ref": ref, "party": party})]
    if end is not None:
        events.append(Event(K.CONSULTATION_ENDED, end, {"ref": ref}))
    return events


# --- properties --------------------------------------------------------------------------


@given(days_2016_2026)
def test_due_day_is_always_a_working_day(start):
    clock = received(start)
    assert CAL.is_working_day(clock.due)
    assert CAL.working_days_between(start, clock.due) == 20


@given(days_2016_2026, st.integers(0, 40), st.integers(0, 40))
def test_a_pause_never_moves_the_due_date_earlier(start, offset, length):
    plain = received(start)
    pause_start = start + timedelta(days=offset)
    paused = received(start, *consult("1", pause_start, pause_start + timedelta(days=length)))
    assert paused.due >= plain.due
    assert CAL.is_working_day(paused.due)
    skipped = CAL.working_days_between(pause_start, pause_start + timedelta(days=length))
    if pause_start + timedelta(days=length) < plain.due:
        # a pause wholly inside the period pushes the due day by exactly its working days
        assert CAL.working_days_between(plain.due, paused.due) == skipped


@given(days_2016_2026, st.integers(0, 10), st.integers(1, 30))
def test_a_restart_counts_from_the_supplement_and_never_keeps_an_earlier_due(
    start, ask_after, answer_after
):
    asked = start + timedelta(days=ask_after)
    answered = asked + timedelta(days=answer_after)
    before = received(start)
    clock = received(
        start,
        Event(K.SUPPLEMENT_REQUESTED, asked, {"deadline": (asked + timedelta(30)).isoformat()}),
        Event(K.SUPPLEMENT_RECEIVED, answered),
        today=answered,
    )
    assert clock.start == answered
    assert clock.due == CAL.add_working_days(answered, 20)
    assert clock.due >= before.due
    if CAL.working_days_between(start, answered) > 0:
        assert clock.due > before.due


@given(days_2016_2026, st.integers(1, 20))
def test_an_extension_adds_exactly_its_working_days(start, days):
    plain = received(start)
    extended = received(start, Event(K.EXTENDED, start + timedelta(days=1), {"days": days}))
    assert CAL.working_days_between(plain.due, extended.due) == days


@given(days_2016_2026, st.integers(21, 60))
def test_extension_is_capped_at_twenty_working_days(start, days):
    extended = received(start, Event(K.EXTENDED, start, {"days": days}))
    assert extended.extension_days == 20
    assert CAL.working_days_between(start, extended.due) == 40


@settings(max_examples=50)
@given(days_2016_2026, st.lists(st.tuples(st.integers(0, 30), st.integers(0, 20)), max_size=3))
def test_overlapping_pauses_skip_each_day_once(start, spans):
    events = []
    periods = []
    for i, (offset, length) in enumerate(spans):
        a = start + timedelta(days=offset)
        b = a + timedelta(days=length)
        periods.append((a, b))
        events += consult(str(i), a, b)
    clock = received(start, *events)
    counted = sum(
        1
        for n in range(1, (clock.due - start).days + 1)
        for d in [start + timedelta(days=n)]
        if CAL.is_working_day(d) and not any(a < d <= b for a, b in periods)
    )
    assert counted == 20
    assert CAL.is_working_day(clock.due)


@given(days_2016_2026, st.integers(0, 60))
def test_remaining_days_shrink_to_overdue(start, later):
    today = start + timedelta(days=later)
    clock = received(start, today=today)
    if today <= clock.due:
        assert clock.remaining == CAL.working_days_between(today, clock.due)
        assert not clock.overdue
    else:
        assert clock.remaining < 0 and clock.overdue


# --- dates worked out by hand ------------------------------------------------------------


def test_national_day_2026_with_the_make_up_saturday():
    # 2026-09-28 (Mon) received. Counted: 9/29, 9/30; 10/1–7 holiday; 10/8, 10/9,
    # 10/10 (Sat, make-up working day), 10/12–16, 10/19–23, 10/26–30 → 20th = 10/30.
    assert received(date(2026, 9, 28)).due == date(2026, 10, 30)


def test_national_day_2026_with_a_consultation():
    # Consultation 10/9–10/20: 10/10, 10/12–16, 10/19, 10/20 (8 working days) not counted.
    # Counted: 9/29, 9/30, 10/8, 10/9 (4), then 10/21–23 (7), 10/26–30 (12), 11/2–6 (17),
    # 11/9, 11/10, 11/11 (20).
    clock = received(date(2026, 9, 28), *consult("1", date(2026, 10, 9), date(2026, 10, 20)))
    assert clock.due == date(2026, 11, 11)
    assert any("8个工作日不计入" in step.text for step in clock.steps)


def test_national_day_2026_with_a_consultation_and_an_extension():
    # 11/11 + 20 working days: 11/12, 11/13 (2), 11/16–20 (7), 11/23–27 (12),
    # 11/30–12/4 (17), 12/7, 12/8, 12/9 (20).
    clock = received(
        date(2026, 9, 28),
        *consult("1", date(2026, 10, 9), date(2026, 10, 20)),
        Event(K.EXTENDED, date(2026, 11, 2), {"days": 20, "approver": "周主任"}),
    )
    assert clock.due == date(2026, 12, 9)
    assert clock.extension_days == 20
    assert any("周主任" in step.text for step in clock.steps)


def test_spring_festival_2026_with_make_up_sundays():
    # 2026-02-10 (Tue) received. 2/11, 2/12, 2/13, 2/14 (Sat, make-up) = 4; 2/15–23 holiday;
    # 2/24–27 (8), 2/28 (Sat, make-up, 9), 3/2–6 (14), 3/9–13 (19), 3/16 (20).
    assert received(date(2026, 2, 10)).due == date(2026, 3, 16)


def test_spring_festival_2016():
    # 2016-02-01 (Mon). 2/2–5 (4), 2/6 (Sat, make-up, 5); 2/7–13 holiday; 2/14 (Sun,
    # make-up, 6); 2/15–19 (11), 2/22–26 (16), 2/29, 3/1, 3/2, 3/3 (20).
    assert received(date(2016, 2, 1)).due == date(2016, 3, 3)


def test_supplement_stops_the_clock_then_restarts_it():
    start = date(2026, 3, 2)
    asked = date(2026, 3, 6)
    waiting = received(
        start,
        Event(K.SUPPLEMENT_REQUESTED, asked, {"deadline": "2026-03-27"}),
        today=date(2026, 3, 20),
    )
    assert waiting.state == State.AWAITING_SUPPLEMENT
    assert waiting.due is None
    assert waiting.supplement_deadline == date(2026, 3, 27)
    restarted = received(
        start,
        Event(K.SUPPLEMENT_REQUESTED, asked, {"deadline": "2026-03-27"}),
        Event(K.SUPPLEMENT_RECEIVED, date(2026, 3, 20)),
        today=date(2026, 3, 20),
    )
    # 20 working days after Fri 3/20: 3/23–27 (5), 3/30–4/3 (10), 4/4–6 清明 holiday,
    # 4/7–10 (14), 4/13–17 (19), 4/20 (20)
    assert restarted.due == date(2026, 4, 20)
    assert any("重新计算" in step.text for step in restarted.steps)


def test_late_supplement_request_is_flagged():
    # received Mon 3/2; the 7th working day after is Wed 3/11; asking on Thu 3/12 is late
    on_time = received(
        date(2026, 3, 2), Event(K.SUPPLEMENT_REQUESTED, date(2026, 3, 11), {"deadline": ""})
    )
    late = received(
        date(2026, 3, 2), Event(K.SUPPLEMENT_REQUESTED, date(2026, 3, 12), {"deadline": ""})
    )
    assert not any("补正告知晚于" in w for w in on_time.warnings)
    assert any("第8个工作日" in w for w in late.warnings)


def test_missed_supplement_deadline_is_flagged_then_closes():
    events = [
        Event(K.SUPPLEMENT_REQUESTED, date(2026, 3, 4), {"deadline": "2026-03-25"}),
    ]
    waiting = received(date(2026, 3, 2), *events, today=date(2026, 3, 26))
    assert any("其他处理1" in w for w in waiting.warnings)
    closed = received(
        date(2026, 3, 2),
        *events,
        Event(K.SUPPLEMENT_LAPSED, date(2026, 3, 26)),
        today=date(2026, 4, 30),
    )
    assert closed.state == State.CLOSED
    assert closed.remaining is None


def test_running_consultation_pauses_and_projects_the_due_day():
    clock = received(date(2026, 9, 28), *consult("1", date(2026, 10, 9)), today=date(2026, 10, 20))
    assert clock.state == State.PAUSED
    assert clock.due == date(2026, 11, 11)  # as if it ended today
    assert "预计" in clock.due_label
    late_reply = received(
        date(2026, 9, 28), *consult("1", date(2026, 10, 9)), today=date(2026, 10, 30)
    )
    assert any("未在2026年10月29日前答复" in w for w in late_reply.warnings)


def test_fee_wait_does_not_stop_the_clock_by_default_but_can():
    events = [Event(K.FEE_NOTIFIED, date(2026, 3, 3)), Event(K.FEE_PAID, date(2026, 3, 10))]
    default = received(date(2026, 3, 2), *events, today=date(2026, 3, 10))
    assert default.due == received(date(2026, 3, 2)).due
    assert default.fee_deadline == CAL.add_working_days(date(2026, 3, 3), 20)
    paused = received(
        date(2026, 3, 2), *events, today=date(2026, 3, 10), rules=Rules(fee_pauses_clock=True)
    )
    assert CAL.working_days_between(default.due, paused.due) == 5


def test_closed_in_time_and_late():
    in_time = received(date(2026, 9, 28), Event(K.REPLIED, date(2026, 10, 30)))
    late = received(date(2026, 9, 28), Event(K.REPLIED, date(2026, 11, 2)))
    assert in_time.state == late.state == State.CLOSED
    assert in_time.on_time is True
    assert late.on_time is False


def test_due_soon_and_overdue_warnings():
    soon = received(date(2026, 9, 28), today=date(2026, 10, 26))  # 10/27–30 left: 4
    assert soon.remaining == 4 and soon.due_soon and not soon.overdue
    overdue = received(date(2026, 9, 28), today=date(2026, 11, 2))
    assert overdue.overdue and overdue.remaining == -1
    assert any("已超过答复期限" in w for w in overdue.warnings)


def test_unconfirmed_year_gives_a_provisional_label():
    clock = received(date(2026, 12, 15))
    assert clock.provisional_years == (2027,)
    assert "暂定" in clock.due_label


def test_awaiting_receipt_has_no_due_date():
    clock = compute([], CAL, today=date(2026, 3, 2))
    assert clock.state == State.AWAITING_RECEIPT and clock.due is None


# --- gongkai deadline --------------------------------------------------------------------


def deadline(*args):
    out = StringIO()
    call_command("deadline", *args, stdout=out)
    return out.getvalue().splitlines()


@pytest.mark.django_db
def test_deadline_command_with_pause_and_extension():
    assert deadline("2026-09-28", "20")[0] == "2026-10-30"
    assert deadline("2026-09-28", "20", "--pause", "2026-10-09:2026-10-20")[0] == "2026-11-11"
    assert deadline("2026-09-28", "20", "--extend", "20")[0] == "2026-11-27"
    assert (
        deadline("2026-09-28", "20", "--pause", "2026-10-09:2026-10-20", "--extend", "20")[0]
        == "2026-12-09"
    )
    explained = deadline(
        "2026-09-28", "20", "--pause", "2026-10-09:2026-10-20", "--extend", "20", "--explain"
    )
    assert "不计入：2026-10-09之后至2026-10-20，8个工作日" in explained


@pytest.mark.django_db
def test_deadline_command_restart():
    # supplement received Fri 2026-03-20: 20 working days from then → 2026-04-20
    assert deadline("2026-03-02", "20", "--restart", "2026-03-20")[0] == "2026-04-20"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "args, message",
    [
        (["2026-09-28", "20", "--pause", "2026-10-09"], "开始日期:结束日期"),
        (["2026-09-28", "20", "--pause", "2026-10-20:2026-10-09"], "结束日期早于开始日期"),
        (["2026-09-28", "20", "--extend", "21"], "0至20个工作日"),
        (["2026-09-28", "20", "--restart", "2026-09-01"], "不能早于起算日期"),
        (["2026-12-20", "20"], "2027年"),
    ],
)
def test_deadline_command_rejects_bad_input(args, message):
    with pytest.raises(CommandError, match=message):
        deadline(*args)


def test_rules_defaults_match_the_regulation():
    rules = Rules()
    assert (rules.reply_days, rules.supplement_notice_days, rules.max_extension_days) == (20, 7, 20)
    assert (rules.consultation_reply_days, rules.fee_payment_days) == (15, 20)
    assert rules.fee_pauses_clock is False
