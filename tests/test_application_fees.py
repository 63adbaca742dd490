"""信息处理费 (国办函〔2020〕109号): tier edges, the worked example, input checks, properties."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.applications import fees
from gongkai.applications.fees import FeeMethod, FeeSchedule, Ladder, Tier


def expected_application_rate(n: int) -> int:
    """The 按件 standard written out independently: 1–10 free, 11–30 at 100, then tiers of 10,
    each +100 (31–40: 200, 41–50: 300 …)."""
    if n <= 10:
        return 0
    if n <= 30:
        return 100
    return 100 + 100 * ((n - 31) // 10 + 1)


def expected_page_rate(page: int) -> int:
    if page <= 30:
        return 0
    if page <= 100:
        return 10
    if page <= 200:
        return 20
    return 40


# --- 按件: tier edges --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "fee"),
    [
        (1, 0),
        (10, 0),
        (11, 100),
        (30, 100),
        (31, 200),
        (40, 200),
        (41, 300),
        (50, 300),
        (51, 400),
        (60, 400),
        (61, 500),
    ],
)
def test_marginal_fee_of_the_nth_application_of_the_month(n, fee):
    assert fees.application_fee(n) == fee


@pytest.mark.parametrize(
    ("count", "total"),
    [
        (0, 0),
        (10, 0),
        (11, 100),
        (30, 2000),
        (31, 2200),
        (40, 4000),
        (41, 4300),
        (50, 7000),
        (51, 7400),
    ],
)
def test_cumulative_fee_for_the_first_applications_of_the_month(count, total):
    assert fees.applications_fee(1, count) == total


def test_batch_across_tiers_with_its_breakdown():
    quote = fees.quote_per_application(prior=24, count=21)  # the 25th to 45th 件
    assert quote.method is FeeMethod.PER_APPLICATION
    assert (quote.first, quote.last, quote.units) == (25, 45, 21)
    assert quote.amount == 6 * 100 + 10 * 200 + 5 * 300 == 4100
    assert quote.breakdown == (
        "第25至30件，每件100元，共6件，计600元；"
        "第31至40件，每件200元，共10件，计2000元；"
        "第41至45件，每件300元，共5件，计1500元；"
        "合计4100元"
    )
    assert quote.scope == "同一申请人本自然月内累计第25至45件"
    assert quote.summary == "按件计收（同一申请人本自然月内累计第25至45件），信息处理费合计4100元"


def test_breakdown_of_a_single_application_and_of_a_free_one():
    assert fees.quote_per_application(prior=10).breakdown == (
        "第11件，每件100元，共1件，计100元；合计100元"
    )
    free = fees.quote_per_application(prior=3)
    assert free.amount == 0
    assert not free.chargeable
    assert free.breakdown == "第4件，不收费，共1件；合计0元"
    assert free.summary == "按件计收（同一申请人本自然月内累计第4件），不收取信息处理费"


# --- 按量: tier edges and the worked example --------------------------------------------


@pytest.mark.parametrize(
    ("pages", "fee"),
    [
        (0, 0),
        (1, 0),
        (30, 0),
        (31, 10),
        (100, 700),
        (101, 720),
        (200, 2700),
        (201, 2740),
        (250, 2700 + 50 * 40),
    ],
)
def test_volume_fee_at_every_tier_edge(pages, fee):
    assert fees.volume_fee(pages) == fee


def test_worked_example_150_pages():
    quote = fees.quote_per_volume(150)
    assert quote.amount == 70 * 10 + 50 * 20 == 1700
    assert quote.breakdown == (
        "第1至30页，不收费，共30页；"
        "第31至100页，每页10元，共70页，计700元；"
        "第101至150页，每页20元，共50页，计1000元；"
        "合计1700元"
    )
    assert quote.summary == "按量计收（共150页），信息处理费合计1700元"
    assert "国办函〔2020〕109号" in quote.basis
    assert "第五条" in quote.basis
    assert "第四十二条" in quote.basis


def test_zero_pages_cost_nothing():
    quote = fees.quote_per_volume(0)
    assert quote.amount == 0
    assert quote.lines == ()
    assert quote.breakdown == "共0页，不收费"


def test_amounts_are_whole_yuan_integers():
    for amount in (
        fees.volume_fee(150),
        fees.quote_per_volume(201).amount,
        fees.applications_fee(1, 45),
        fees.quote_per_application(prior=30, count=2).amount,
    ):
        assert type(amount) is int


# --- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: fees.volume_fee(-1), "页数不能为负数"),
        (lambda: fees.quote_per_volume(-30), "页数不能为负数"),
        (lambda: fees.quote_per_application(prior=-1), "此前已累计申请件数不能为负数"),
        (lambda: fees.quote_per_application(prior=0, count=0), "计件数至少为1"),
        (lambda: fees.application_fee(0), "件序号至少为1"),
        (lambda: fees.application_fee(-5), "件序号至少为1"),
        (lambda: fees.applications_fee(0, 3), "起始件号至少为1"),
        (lambda: fees.applications_fee(5, 3), "截止件号3小于起始件号5"),
    ],
)
def test_negative_and_impossible_counts_are_rejected(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize("value", [1.5, 30.0, True, "30", None])
def test_non_integer_counts_are_rejected(value):
    with pytest.raises(TypeError, match="页数应为整数"):
        fees.volume_fee(value)


# --- one method per application ---------------------------------------------------------


def test_quote_uses_the_chosen_method_only():
    assert fees.quote(FeeMethod.PER_VOLUME, pages=150).amount == 1700
    assert fees.quote("per_volume", pages=150).method is FeeMethod.PER_VOLUME
    per_app = fees.quote("per_application", prior=30)
    assert (per_app.method, per_app.amount, per_app.first) == (FeeMethod.PER_APPLICATION, 200, 31)
    assert fees.quote(FeeMethod.PER_APPLICATION, prior=30, count=3).amount == 600


@pytest.mark.parametrize(
    ("method", "kwargs", "message"),
    [
        ("both", {"prior": 0, "pages": 10}, "收费方式“both”无效"),
        ("按件", {"prior": 0}, "收费方式“按件”无效"),
        (None, {"pages": 10}, "收费方式“None”无效"),
        (FeeMethod.PER_APPLICATION, {"prior": 30, "pages": 150}, "不得同时按页数计费"),
        (FeeMethod.PER_VOLUME, {"pages": 150, "prior": 30}, "不得同时按件数计费"),
        (FeeMethod.PER_VOLUME, {"pages": 150, "count": 2}, "不得同时按件数计费"),
        (FeeMethod.PER_APPLICATION, {}, "须提供该申请人本自然月内此前已累计申请的件数"),
        (FeeMethod.PER_VOLUME, {}, "须提供页数"),
    ],
)
def test_quote_refuses_anything_but_one_method(method, kwargs, message):
    with pytest.raises(ValueError, match=message):
        fees.quote(method, **kwargs)


def test_method_labels_and_bases():
    assert FeeMethod.PER_APPLICATION.label == "按件计收"
    assert FeeMethod.PER_VOLUME.label == "按量计收"
    assert "第四条" in FeeMethod.PER_APPLICATION.basis
    assert "第五条" not in FeeMethod.PER_APPLICATION.basis
    assert fees.quote_per_application(prior=40).basis == fees.BASIS_PER_APPLICATION


def test_comparison_shows_both_and_never_chooses_silently():
    comparison = fees.compare_methods(prior=40, pages=150)  # the 41st 件: 300; 150 pages: 1700
    assert comparison.per_application.amount == 300
    assert comparison.per_volume.amount == 1700
    assert comparison.lower is FeeMethod.PER_APPLICATION
    assert fees.compare_methods(prior=0, pages=10).lower is None  # both free


# --- configurable tier tables -----------------------------------------------------------


def test_the_other_reading_of_the_ladder_is_one_constant_away():
    # 31–40 still at 100, 41–50 at 200 …: the alternative reading of 办法第四条第（三）项.
    other = FeeSchedule(
        unit="件", tiers=(Tier(1, 10, 0), Tier(11, 40, 100)), ladder=fees.PER_APPLICATION_LADDER
    )
    assert [other.rate(n) for n in (30, 31, 40, 41, 51)] == [100, 100, 100, 200, 300]
    assert fees.application_fee(31, schedule=other) == 100


def test_the_national_tables_are_module_constants():
    assert fees.PER_APPLICATION.tiers is fees.PER_APPLICATION_TIERS
    assert fees.PER_APPLICATION.ladder is fees.PER_APPLICATION_LADDER
    assert fees.PER_VOLUME.tiers is fees.PER_VOLUME_TIERS
    assert fees.PER_VOLUME_TIERS[-1] == Tier(201, None, 40)


@pytest.mark.parametrize(
    ("tiers", "ladder", "message"),
    [
        ((), None, "至少需要一个档次"),
        ((Tier(2, None, 0),), None, "应从第1页起"),
        ((Tier(1, 30, 0), Tier(32, None, 10)), None, "应从第31页起"),
        ((Tier(1, 30, 0), Tier(31, 20, 10), Tier(21, None, 5)), None, "上限20小于起点31"),
        ((Tier(1, 30, 0), Tier(31, None, -10)), None, "单价不能为负数"),
        ((Tier(1, None, 0), Tier(31, None, 10)), None, "只能是最后一档"),
        ((Tier(1, None, 0),), Ladder(10, 100), "其后不能再有累进档"),
        ((Tier(1, 30, 0),), None, "最后一档须无上限"),
        ((Tier(1, 30, 0),), Ladder(0, 100), "累进档"),
        ((Tier(1, 30, 1.5), Tier(31, None, 10)), None, "单价应为整数"),
    ],
)
def test_a_malformed_schedule_is_refused(tiers, ladder, message):
    with pytest.raises(ValueError, match=message):
        FeeSchedule(unit="页", tiers=tiers, ladder=ladder)


def test_far_up_the_ladder_is_computed_without_walking_it():
    assert fees.application_fee(1_000_000) == expected_application_rate(1_000_000)
    assert fees.applications_fee(999_991, 1_000_000) == 10 * expected_application_rate(1_000_000)


# --- properties --------------------------------------------------------------------------

pages = st.integers(min_value=0, max_value=5000)
nth = st.integers(min_value=1, max_value=3000)


@given(pages)
def test_volume_fee_never_decreases_with_pages(p):
    assert fees.volume_fee(p + 1) >= fees.volume_fee(p)


@given(st.integers(min_value=0, max_value=3000))
def test_month_total_never_decreases_with_applications(n):
    assert fees.applications_fee(1, n + 1) >= fees.applications_fee(1, n)


@given(nth)
def test_marginal_application_fee_never_decreases(n):
    assert fees.application_fee(n + 1) >= fees.application_fee(n)


@given(nth)
def test_marginal_application_fee_matches_the_written_standard(n):
    assert fees.application_fee(n) == expected_application_rate(n)


@given(st.integers(min_value=1, max_value=5000))
def test_the_last_page_costs_the_rate_of_its_tier(p):
    assert fees.volume_fee(p) - fees.volume_fee(p - 1) == expected_page_rate(p)


@given(nth, st.integers(min_value=0, max_value=300))
def test_marginal_fees_sum_to_the_batch_fee(first, length):
    last = first + length - 1
    marginal = sum(fees.application_fee(n) for n in range(first, last + 1))
    assert fees.applications_fee(first, last) == marginal
    if length:
        assert fees.quote_per_application(prior=first - 1, count=length).amount == marginal


@given(nth, st.integers(min_value=0, max_value=200), st.integers(min_value=0, max_value=200))
def test_batches_add_up(first, a, b):
    middle, last = first + a - 1, first + a + b - 1
    assert fees.applications_fee(first, middle) + fees.applications_fee(
        middle + 1, last
    ) == fees.applications_fee(first, last)


@given(st.integers(min_value=0, max_value=500), st.integers(min_value=1, max_value=120))
def test_breakdown_lines_cover_the_batch_once_and_sum_to_the_amount(prior, count):
    quote = fees.quote_per_application(prior=prior, count=count)
    assert quote.lines[0].first == prior + 1
    assert quote.lines[-1].last == prior + count
    for before, after in zip(quote.lines, quote.lines[1:], strict=False):
        assert after.first == before.last + 1
        assert after.rate > before.rate
    assert sum(line.count for line in quote.lines) == count
    assert sum(line.amount for line in quote.lines) == quote.amount
    assert quote.breakdown.endswith(f"合计{quote.amount}元")


@given(pages)
def test_volume_quote_agrees_with_volume_fee(p):
    quote = fees.quote_per_volume(p)
    assert quote.amount == fees.volume_fee(p)
    assert sum(line.count for line in quote.lines) == p
