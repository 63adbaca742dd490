"""`gongkai deadline` and `gongkai calendar_import`, run through the real console entry point."""

from datetime import date
from unittest import mock

import pytest
from django.db import connections

from gongkai import cli
from gongkai.core import calendar
from gongkai.core.models import AuditEvent, CalendarDay, CalendarYear


def run(capsys, *argv):
    """Run `gongkai ARGV…` through the console entry point; return (exit code, stdout, stderr).

    Django's run_from_argv closes every connection when it ends, which would end the test's
    transaction on PostgreSQL; inside a test the connection is kept open instead.
    """
    try:
        with mock.patch.object(connections, "close_all"):
            cli.main(list(argv))
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.django_db
def test_deadline_across_national_day(capsys):
    assert run(capsys, "deadline", "2026-09-28", "20") == (0, "2026-10-30\n", "")


@pytest.mark.django_db
def test_deadline_in_unconfirmed_year_fails_naming_the_year(capsys):
    code, out, err = run(capsys, "deadline", "2026-12-20", "20")
    assert code != 0
    assert out == ""
    assert "2027" in err and "--provisional" in err


@pytest.mark.django_db
def test_deadline_provisional_is_labelled(capsys):
    code, out, _ = run(capsys, "deadline", "2026-12-20", "20", "--provisional")
    assert code == 0
    assert out == "2027-01-15 provisional (unconfirmed: 2027)\n"


@pytest.mark.django_db
def test_deadline_rejects_bad_date(capsys):
    code, _, err = run(capsys, "deadline", "2026-02-30", "20")
    assert code != 0 and "2026-02-30" in err


SCHEDULE_2027 = """\
# 2027年部分节假日安排（示例数据，用于测试）
2027-01-01 休 元旦
2027-02-06 休 春节
2027-02-07 休 春节
2027-02-08 休 春节
2027-02-09 休 春节
2027-02-10 休 春节
2027-02-11 休 春节
2027-02-12 休 春节
2027-02-13 班 春节
"""


@pytest.mark.django_db
def test_calendar_import_confirms_the_year(capsys, tmp_path):
    path = tmp_path / "2027.txt"
    path.write_text(SCHEDULE_2027, encoding="utf-8")
    code, out, err = run(capsys, "calendar_import", str(path))
    assert code == 0, err
    assert "2027: 9 条" in out
    assert CalendarYear.objects.get(year=2027).confirmed
    assert calendar.is_working_day(date(2027, 2, 13))  # Saturday 班
    assert not calendar.is_working_day(date(2027, 2, 8))  # Monday 休
    assert AuditEvent.objects.filter(action="calendar.import").count() == 1
    # The deadline that crossed into 2027 is now definite, no longer provisional.
    assert run(capsys, "deadline", "2026-12-20", "20")[:2] == (0, "2027-01-18\n")


@pytest.mark.django_db
def test_calendar_import_replaces_the_year(capsys, tmp_path):
    first = tmp_path / "a.txt"
    first.write_text(SCHEDULE_2027, encoding="utf-8")
    second = tmp_path / "b.txt"
    second.write_text("2027-01-01 休 元旦\n", encoding="utf-8")
    assert run(capsys, "calendar_import", str(first))[0] == 0
    assert run(capsys, "calendar_import", str(second))[0] == 0
    assert list(CalendarDay.objects.filter(day__year=2027).values_list("day", flat=True)) == [
        date(2027, 1, 1)
    ]


@pytest.mark.django_db
def test_malformed_file_imports_nothing_and_names_lines(capsys, tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("2027-01-01 休 元旦\n2027-01-32 休\n2027-01-04 班\n", encoding="utf-8")
    before = CalendarDay.objects.count()
    code, _out, err = run(capsys, "calendar_import", str(path))
    assert code != 0
    assert "第2行" in err and "第3行" in err
    assert "未导入任何数据" in err
    assert CalendarDay.objects.count() == before
    assert not CalendarYear.objects.filter(year=2027).exists()


@pytest.mark.django_db
def test_missing_file_is_a_clear_error(capsys, tmp_path):
    code, _, err = run(capsys, "calendar_import", str(tmp_path / "nope.txt"))
    assert code != 0 and "文件不存在" in err
