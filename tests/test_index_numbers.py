"""索引号: patterns, scopes, uniqueness under concurrent publication, never reused."""

import threading
from datetime import date

import pytest
from django.db import connections
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from gongkai.catalog import indexno, services
from gongkai.catalog.models import IndexRule, Item

VALUES = indexno.IndexValues(org="000014349", on=date(2026, 3, 7), category="04")


@pytest.mark.parametrize(
    ("pattern", "seq", "expected"),
    [
        ("{org}/{year}-{seq:5}", 72, "000014349/2026-00072"),
        ("{org}/{year}{month}-{seq:5}", 13, "000014349/202603-00013"),
        ("{org}-{category}-{year}-{seq:4}", 1, "000014349-04-2026-0001"),
        ("YL{year}{seq:6}", 123456, "YL2026123456"),
    ],
)
def test_patterns_render(pattern, seq, expected):
    assert indexno.render(pattern, VALUES, seq) == expected


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{org}/{year}", "序号"),
        ("{org}/{seq:5}/{seq:5}", "序号"),
        ("{org}/{seq}", "序号"),
        ("{org}/{foo}/{seq:5}", "未知字段"),
        ("{org:3}/{seq:5}", "位数"),
        ("{org}/{seq:5", "花括号"),
        ("{seq:0}", "序号"),
    ],
)
def test_bad_patterns_are_rejected(pattern, message):
    with pytest.raises(indexno.PatternError, match=message):
        indexno.validate_pattern(pattern)


def test_sequence_overflow_is_an_error():
    with pytest.raises(indexno.PatternError, match="超出"):
        indexno.render("{org}-{seq:2}", VALUES, 100)


@given(st.integers(min_value=1, max_value=99999), st.integers(min_value=1, max_value=99999))
def test_distinct_sequences_give_distinct_numbers(a, b):
    pattern = "{org}/{year}-{seq:5}"
    assert (indexno.render(pattern, VALUES, a) == indexno.render(pattern, VALUES, b)) == (a == b)


def test_scopes():
    other_month = indexno.IndexValues(org="000014349", on=date(2026, 4, 1), category="04")
    assert indexno.scope_key("org_year", VALUES) == indexno.scope_key("org_year", other_month)
    assert indexno.scope_key("org_month", VALUES) != indexno.scope_key("org_month", other_month)
    other_cat = indexno.IndexValues(org="000014349", on=date(2026, 3, 7), category="01")
    assert indexno.scope_key("org_category_year", VALUES) != indexno.scope_key(
        "org_category_year", other_cat
    )


def test_numbers_run_per_unit_and_year(make_item, editor, finance, publish, make_user, town):
    from gongkai.core.models import Role

    first = publish(make_item(finance, editor), editor)
    second = publish(make_item(finance, editor), editor)
    town_editor = make_user("tina", org=town, role=Role.EDITOR)
    other = publish(make_item(town, town_editor), town_editor)
    assert first.index_no.endswith("-00001") and second.index_no.endswith("-00002")
    assert other.index_no == f"{town.code}/{other.published_at.year}-00001"


def test_unit_rule_overrides_default_and_applies_to_sub_units(
    make_item, editor, finance, publish, make_org
):
    IndexRule.objects.create(
        organization=finance, pattern="CZ-{year}{month}-{seq:3}", scope="org_month"
    )
    sub = make_org("国库中心", parent=finance, kind="subunit")
    from gongkai.core import services as core_services
    from gongkai.core.models import Role

    core_services.grant_role(editor, sub, Role.EDITOR, by=None)
    item = publish(make_item(sub, editor), editor)
    assert item.index_no.startswith("CZ-") and item.index_no.endswith("-001")


def test_imported_numbers_are_skipped_not_reused(make_item, editor, finance, publish):
    year = timezone.localdate().year
    taken = make_item(finance, editor)
    Item.objects.filter(pk=taken.pk).update(index_no=f"{finance.code}/{year}-00001")
    item = publish(make_item(finance, editor), editor)
    assert item.index_no.endswith("-00002")


def test_retracted_numbers_are_not_reused(make_item, editor, finance, publish, approver):
    first = publish(make_item(finance, editor), editor)
    services.retract_item(first, by=approver, reason="撤回测试")
    second = publish(make_item(finance, editor), editor)
    assert second.index_no != first.index_no and second.index_no.endswith("-00002")


@pytest.mark.django_db(transaction=True)
def test_concurrent_publication_gives_unique_numbers(
    make_item, editor, finance, reviewer, approver
):
    items = []
    for i in range(12):
        item = make_item(finance, editor, title=f"并发发布{i}")
        services.submit_item(item, by=editor)
        services.approve_secrecy(item, by=reviewer)
        items.append(item.pk)
    errors = []
    barrier = threading.Barrier(4)

    def worker(pks):
        try:
            barrier.wait()
            for pk in pks:
                services.approve_release(Item.objects.get(pk=pk), by=approver)
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(items[n::4],)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(Item.objects.filter(pk__in=items).values_list("index_no", flat=True))
    year = Item.objects.get(pk=items[0]).published_at.year
    assert numbers == [f"{finance.code}/{year}-{n:05d}" for n in range(1, 13)]
