"""Working-day arithmetic: the pure module with hypothesis, and the seeded calendar table."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.core import calendar
from gongkai.core.workdays import (
    UnconfirmedYearError,
    WorkingCalendar,
    missing_next_year,
    parse_schedule,
)


def chinese_calendar_2004_2026() -> WorkingCalendar:
    from chinese_calendar import constants

    entries = [(d, False) for d in constants.holidays] + [(d, True) for d in constants.workdays]
    return WorkingCalendar.build(entries, range(2004, 2027))


CAL = chinese_calendar_2004_2026()
confirmed_dates = st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 9, 30))
small_n = st.integers(min_value=0, max_value=60)


# --- properties --------------------------------------------------------------------------


@given(confirmed_dates, st.integers(min_value=1, max_value=60))
def test_due_day_is_a_working_day_after_the_start(start, n):
    due = CAL.add_working_days(start, n)
    assert due > start
    assert CAL.is_working_day(due)


@given(confirmed_dates, small_n)
def test_exactly_n_working_days_lie_in_between(start, n):
    due = CAL.add_working_days(start, n)
    assert CAL.working_days_between(start, due) == n


@given(st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 3, 31)), small_n, small_n)
def test_adding_is_additive(start, a, b):
    assert CAL.add_working_days(CAL.add_working_days(start, a), b) == CAL.add_working_days(
        start, a + b
    )


@given(confirmed_dates, st.integers(min_value=0, max_value=59))
def test_more_days_never_earlier(start, n):
    assert CAL.add_working_days(start, n + 1) > CAL.add_working_days(start, n)


@given(confirmed_dates, confirmed_dates)
def test_between_is_antisymmetric(a, b):
    assert CAL.working_days_between(a, b) == -CAL.working_days_between(b, a)


@given(confirmed_dates, st.integers(min_value=1, max_value=60))
def test_only_the_last_counted_day_is_the_due_day(start, n):
    # No working day strictly between the (n-1)-th and the n-th.
    prev = CAL.add_working_days(start, n - 1)
    due = CAL.add_working_days(start, n)
    d = prev + timedelta(days=1)
    while d < due:
        assert not CAL.is_working_day(d)
        d += timedelta(days=1)


@settings(max_examples=50)
@given(st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31)), small_n)
def test_provisional_is_never_needed_inside_confirmed_years(start, n):
    due = CAL.due_date(start, n, provisional=True)
    if due.on.year <= 2026:
        assert not due.provisional
    else:
        assert due.provisional_years == (2027,)


def test_weekday_rule_holds_without_overrides():
    cal = WorkingCalendar.build([], [2030])
    assert cal.is_working_day(date(2030, 1, 7))  # Monday
    assert not cal.is_working_day(date(2030, 1, 5))  # Saturday


# --- known schedules (调休) ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2016, 2, 14), True),  # Sunday, make-up working day after 春节 2016
        (date(2026, 10, 10), True),  # Saturday, make-up working day after 国庆 2026
        (date(2026, 2, 14), True),  # Saturday before 春节 2026
        (date(2026, 10, 1), False),  # 国庆
        (date(2026, 10, 8), True),  # Thursday right after the break
        (date(2026, 2, 17), False),  # Tuesday inside 春节
        (date(2026, 10, 11), False),  # plain Sunday
        (date(2016, 10, 3), False),  # Monday in 国庆 2016
    ],
)
def test_known_days(day, working):
    assert CAL.is_working_day(day) is working


def test_seeded_table_knows_the_make_up_days(db):
    assert calendar.is_working_day(date(2016, 2, 14))
    assert calendar.is_working_day(date(2026, 10, 10))
    assert not calendar.is_working_day(date(2026, 10, 9 - 3))  # 2026-10-06, 国庆


def test_twenty_working_days_across_national_day(db):
    # 9/29, 9/30, 10/8, 10/9, 10/10 (Sat, 班), 10/12–16, 10/19–23, 10/26–30 = 20
    assert calendar.add_working_days(date(2026, 9, 28), 20) == date(2026, 10, 30)


def test_twenty_working_days_across_spring_festival(db):
    # From Fri 2026-02-06: 2/9–13 (5), 2/14 Sat 班 (6), 2/15–23 休, 2/24–27 (10),
    # 2/28 Sat 班 (11), 3/2–6 (16), 3/9–12 (20).
    assert calendar.add_working_days(date(2026, 2, 6), 20) == date(2026, 3, 12)


def test_between_counts_half_open_interval(db):
    assert calendar.working_days_between(date(2026, 9, 30), date(2026, 10, 8)) == 1
    assert calendar.working_days_between(date(2026, 10, 9), date(2026, 10, 10)) == 1
    assert calendar.working_days_between(date(2026, 10, 10), date(2026, 10, 10)) == 0


def test_unconfirmed_year_raises_naming_it(db):
    with pytest.raises(UnconfirmedYearError) as exc:
        calendar.add_working_days(date(2026, 12, 20), 20)
    assert exc.value.year == 2027
    assert "2027" in str(exc.value)


def test_provisional_estimate_is_labelled(db):
    due = calendar.due_date(date(2026, 12, 20), 20, provisional=True)
    # 12/21–25, 12/28–31 (9) then 2027 weekdays only: 1/1, 1/4–8, 1/11–15 (20)
    assert due.on == date(2027, 1, 15)
    assert due.provisional and due.provisional_years == (2027,)
    assert "暂定" in due.label()


def test_negative_days_rejected():
    with pytest.raises(ValueError):
        CAL.add_working_days(date(2026, 1, 5), -1)


# --- next-year warning ---------------------------------------------------------------------


def test_warning_from_first_of_november():
    assert missing_next_year({2026}, date(2026, 10, 31)) is None
    assert missing_next_year({2026}, date(2026, 11, 1)) == 2027
    assert missing_next_year({2026, 2027}, date(2026, 11, 25)) is None


# --- schedule file parsing -----------------------------------------------------------------


def test_parse_schedule_accepts_comments_and_names():
    entries, errors = parse_schedule(["# 2027", "", "2027-01-01 休 元旦", "2027-02-06 班"])
    assert errors == []
    assert entries == [(date(2027, 1, 1), False, "元旦"), (date(2027, 2, 6), True, "")]


def test_parse_schedule_names_every_bad_line():
    lines = [
        "2027-01-01 休",
        "2027-13-01 休",  # 2: bad date
        "2027-01-02 放",  # 3: bad kind
        "2027-01-04 班",  # 4: Monday cannot be a make-up working day
        "2027-01-01 休",  # 5: duplicate of line 1
        "20270105",  # 6: no kind
    ]
    _, errors = parse_schedule(lines)
    assert [e.split("：")[0] for e in errors] == ["第2行", "第3行", "第4行", "第5行", "第6行"]
    assert "第1行" in errors[3]
