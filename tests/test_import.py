"""`gongkai import_items`: JSON Lines import of catalog items (DESIGN.md §4)."""

import io
import json
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.catalog import importer
from gongkai.catalog.models import Item
from gongkai.core.models import AuditEvent, Organization

# ../shared beside the repository (DESIGN.md); CI lays it there too.
PINGTAN = Path(__file__).resolve().parents[2] / "shared" / "data" / "pingtan" / "documents.jsonl"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def run(*args):
    """Run the command; returns (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_items", *map(str, args), stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), err.getvalue() + str(exc)
    return 0, out.getvalue(), err.getvalue()


def write_lines(path, *lines):
    path.write_text(
        "".join(
            (line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n"
            for line in lines
        ),
        encoding="utf-8",
    )
    return path


def line(n, **fields):
    return {
        "title": f"关于第{n}批政府信息的公告",
        "body": f"第一段{n}\n\n第二段 <b>加粗</b>",
        "published": "2017-01-18 15:57",
        "fileno": f"岚综管〔2017〕{n}号",
        "publisher": "财政局",
        "channel": "通知公告",
        "url": f"https://www.example.gov.cn/zwgk/{n}.htm",
        **fields,
    }


# --- the real Pingtan file -------------------------------------------------------------------


def _well_formed_lines() -> int:
    with open(PINGTAN, encoding="utf-8") as fh:
        return sum(1 for raw in fh if raw.strip() and json.loads(raw).get("title", "").strip())


def test_pingtan_file_imports_every_line_and_a_second_run_only_finds_duplicates(db):
    expected = _well_formed_lines()
    code, out, _ = run(PINGTAN)
    assert code == 0, out
    assert Item.objects.count() == expected
    assert f"已导入：{expected}" in out and "错误（跳过）：0" in out
    assert set(Item.objects.values_list("status", flat=True)) == {Item.Status.DRAFT}
    assert Item.objects.exclude(source_url="").count() == expected
    root = Organization.objects.get(parent=None)
    assert root.name == "导入单位" and root.kind == Organization.Kind.GOVERNMENT
    market = Organization.objects.get(name="平潭综合实验区市场监督管理局")
    assert market.parent == root and market.kind == Organization.Kind.DEPARTMENT
    assert market.path.startswith(root.path)
    assert AuditEvent.objects.filter(action="item.import").count() == expected

    code, out, _ = run(PINGTAN)
    assert code == 0
    assert "已导入：0" in out and f"重复（来源地址或索引号已存在，跳过）：{expected}" in out
    assert Item.objects.count() == expected


def test_pingtan_bodies_become_paragraphs_and_channels_map_to_categories(db):
    run(PINGTAN)
    item = Item.objects.get(title="平潭综合实验区市场监督管理局2026年第2期食品安全监督抽检信息通告")
    assert item.category.name == "公共监管"  # channel 食品安全
    assert item.body.startswith("<p>") and item.body_text and "<" not in item.body_text
    policy = Item.objects.filter(category__name="政策法规").count()
    assert policy > 0 and Item.objects.filter(category__name="其他").exists()


# --- bad lines -------------------------------------------------------------------------------


def test_bad_lines_are_reported_by_number_and_the_good_ones_imported(db, tmp_path):
    path = write_lines(
        tmp_path / "broken.jsonl",
        line(1),
        '{"title": "缺右括号", ',
        line(3),
        line(4, title=""),
        line(5, published="2017-13-45"),
        line(6),
    )
    code, out, _ = run(path)
    assert code == 1
    assert "第2行：JSON格式错误" in out
    assert "第4行：缺少标题" in out
    assert "第5行：字段 published 的日期“2017-13-45”无法识别" in out
    assert "第1行" not in out and "第3行" not in out and "第6行" not in out
    assert "已导入：3" in out and "错误（跳过）：3" in out
    assert sorted(Item.objects.values_list("fileno", flat=True)) == [
        "岚综管〔2017〕1号",
        "岚综管〔2017〕3号",
        "岚综管〔2017〕6号",
    ]


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"title": "长" * 301}, "字段 title 超过300个字符"),
        ({"title": None}, "缺少标题"),
        ({"title": ["不是文本"]}, "字段 title 应为文本"),
        ({"url": "not a url"}, "字段 url 不是有效的网址"),
        ({"written": "去年"}, "字段 written 的日期“去年”无法识别"),
        ({"attachments": "a.pdf"}, "字段 attachments 应为列表"),
    ],
)
def test_each_kind_of_bad_line_has_a_reason(db, tmp_path, fields, reason):
    code, out, _ = run(write_lines(tmp_path / "bad.jsonl", line(1, **fields)))
    assert code == 1 and f"第1行：{reason}" in out
    assert not Item.objects.exists()


def test_non_object_json_line_is_bad(db, tmp_path):
    code, out, _ = run(write_lines(tmp_path / "bad.jsonl", "[1, 2]", "", line(3)))
    assert code == 1 and "第1行：每行应为一个JSON对象" in out and "已导入：1" in out


def test_error_list_is_capped_at_fifty(db, tmp_path):
    path = write_lines(tmp_path / "bad.jsonl", *["{oops"] * 60)
    code, out, _ = run(path)
    assert code == 1
    assert "第50行" in out and "第51行" not in out
    assert "另有 10 行错误未列出" in out and "错误（跳过）：60" in out


def test_missing_file_and_unknown_org_are_fatal(db, tmp_path):
    code, _, err = run(tmp_path / "nope.jsonl")
    assert code == 2 and "文件不存在" in err
    code, _, err = run(write_lines(tmp_path / "ok.jsonl", line(1)), "--org", "000000000")
    assert code == 2 and "没有机构代码为 000000000 的单位" in err
    assert not Item.objects.exists()


# --- publishing, drafts, organizations ---------------------------------------------------


def test_publish_gives_index_numbers_dates_late_flags_and_one_audit_event(
    db, tmp_path, finance, government
):
    path = write_lines(
        tmp_path / "items.jsonl",
        line(1, written="2017-01-16"),
        line(2, written="2016-10-08", published="2017-01-18"),
        line(3, index_no="岚综管/2016-00099"),
        line(4, published=""),
    )
    code, out, _ = run(path, "--publish")
    assert code == 0, out
    items = {i.fileno: i for i in Item.objects.all()}
    assert {i.status for i in items.values()} == {Item.Status.PUBLISHED}
    first = items["岚综管〔2017〕1号"]
    assert first.organization == finance
    assert first.published_at == datetime(2017, 1, 18, 15, 57, tzinfo=SHANGHAI)
    assert first.index_no.startswith(f"{finance.code}/2017-")
    assert first.written_on == date(2017, 1, 16) and not first.published_late
    assert items["岚综管〔2017〕2号"].published_late  # written three months earlier
    assert items["岚综管〔2017〕3号"].index_no == "岚综管/2016-00099"
    assert items["岚综管〔2017〕4号"].published_at.year >= 2026  # no date: now
    numbers = [i.index_no for i in items.values()]
    assert len(set(numbers)) == 4 and None not in numbers
    events = AuditEvent.objects.filter(action="item.import")
    assert events.count() == 4
    assert {e.actor_label for e in events} == {"系统"}
    assert all(i.is_visible for i in items.values())


def test_without_publish_items_are_drafts_without_index_numbers(db, tmp_path, finance):
    code, _, _ = run(write_lines(tmp_path / "items.jsonl", line(1), line(2)))
    assert code == 0
    rows = Item.objects.order_by().values_list("status", "index_no", "published_at")
    assert set(rows) == {(Item.Status.DRAFT, None, None)} and len(rows) == 2
    assert not Item.objects.published().exists()


def test_publish_needs_an_organization_code_for_index_numbers(db, tmp_path):
    code, _, err = run(write_lines(tmp_path / "items.jsonl", line(1)), "--publish")
    assert code == 2 and "机构代码" in err
    assert not Item.objects.exists()


def test_publishers_match_name_or_short_name_else_are_created_under_org(
    db, tmp_path, make_org, government, finance
):
    tax = make_org("国家税务总局测试区税务局", short_name="区税务局", parent=government)
    path = write_lines(
        tmp_path / "items.jsonl",
        line(1, publisher="财政局"),
        line(2, publisher="区税务局"),
        line(3, publisher="新设立的数据局"),
        line(4, publisher="新设立的数据局"),
        line(5, publisher=""),
    )
    code, out, _ = run(path, "--org", finance.code)
    assert code == 0 and "新建单位：1" in out
    by_line = {i.fileno[-3:-1]: i.organization for i in Item.objects.all()}
    assert by_line["〕1"] == finance and by_line["〕2"] == tax
    created = Organization.objects.get(name="新设立的数据局")
    assert created.parent == finance and created.kind == Organization.Kind.DEPARTMENT
    assert by_line["〕3"] == by_line["〕4"] == created
    assert by_line["〕5"] == finance  # no publisher: the --org unit itself


def test_duplicates_by_url_or_index_number_within_and_across_runs(db, tmp_path, finance):
    path = write_lines(
        tmp_path / "items.jsonl",
        line(1),
        line(2, url=line(1)["url"]),  # same url later in the same file
        line(3, index_no="X/2017-1"),
        line(4, index_no="X/2017-1", url="https://www.example.gov.cn/other.htm"),
    )
    code, out, _ = run(path)
    assert code == 0
    assert "已导入：2" in out and "重复（来源地址或索引号已存在，跳过）：2" in out
    assert "重复的行：2, 4" in out
    code, out, _ = run(path, "--publish")
    assert code == 0 and "已导入：0" in out
    assert Item.objects.count() == 2


def test_dry_run_checks_everything_and_writes_nothing(db, tmp_path):
    path = write_lines(tmp_path / "items.jsonl", line(1), line(2, publisher="全新单位"), "{bad")
    code, out, _ = run(path, "--dry-run")
    assert code == 1
    assert "试运行（未写入数据库）" in out and "已导入：2" in out and "第3行" in out
    assert not Item.objects.exists() and not Organization.objects.exists()
    assert not AuditEvent.objects.filter(action="item.import").exists()


def test_attachments_are_counted_not_downloaded_and_extra_keys_ignored(db, tmp_path):
    path = write_lines(
        tmp_path / "items.jsonl",
        line(1, attachments=["https://x.example.cn/a.pdf", "https://x.example.cn/b.doc"]),
        line(2, truncated=True, category="政策法规", channel="工作动态"),
    )
    code, out, _ = run(path)
    assert code == 0 and "附件链接：2 个（未下载）" in out
    assert Item.objects.get(fileno="岚综管〔2017〕2号").category.name == "政策法规"


def test_progress_goes_to_stderr_every_n_lines(db, tmp_path):
    path = write_lines(tmp_path / "items.jsonl", *(line(n) for n in range(1, 8)))
    out, err = io.StringIO(), io.StringIO()
    call_command("import_items", str(path), "--progress-every", "3", stdout=out, stderr=err)
    progress = err.getvalue().splitlines()
    assert len(progress) == 1 and progress[0].startswith("已处理 7 行")
    assert "已处理" not in out.getvalue()


def test_progress_reports_once_per_interval_across_batches(db, tmp_path):
    lines = (json.dumps(line(n), ensure_ascii=False) for n in range(1, 26))
    stream = io.StringIO()
    summary = importer.import_lines(
        lines, batch_size=5, progress=importer.Progress(stream, every=10)
    )
    assert summary.imported == 25
    assert [row.split("：")[0] for row in stream.getvalue().splitlines()] == [
        "已处理 10 行",
        "已处理 20 行",
    ]


# --- pure rules ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("channel", "category"),
    [
        ("通知公告", "通知公告"),
        ("政策解读", "政策解读"),
        ("区管委会文件", "政策法规"),
        ("行政规范性文件", "政策法规"),
        ("发展规划", "规划计划"),
        ("年度工作计划", "规划计划"),
        ("公示公告", "通知公告"),
        ("食品安全", "公共监管"),
        ("环境保护", "公共监管"),
        ("领导信箱", "政民互动"),
        ("回应关切", "政民互动"),
        ("工作动态", "其他"),
        ("", "其他"),
    ],
)
def test_channel_to_category(channel, category):
    names = ["政策法规", "规划计划", "公共监管", "通知公告", "政民互动", "政策解读", "其他"]
    assert importer.category_name_for(channel, names) == category


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2017-01-18 15:57", datetime(2017, 1, 18, 15, 57, tzinfo=SHANGHAI)),
        ("2017-01-18 15:57:09", datetime(2017, 1, 18, 15, 57, 9, tzinfo=SHANGHAI)),
        ("2017-01-18", datetime(2017, 1, 18, tzinfo=SHANGHAI)),
        ("2017年1月18日", datetime(2017, 1, 18, tzinfo=SHANGHAI)),
        ("", None),
    ],
)
def test_dates_are_read_in_beijing_time(value, expected):
    assert importer.parse_datetime(value) == expected


def test_synthetic_lines_are_unique_and_parse(tmp_path):
    lines = list(importer.synthetic_lines(50, PINGTAN))
    rows = [importer.parse_line(raw, n) for n, raw in enumerate(lines, start=1)]
    assert len({row.url for row in rows}) == 50 and all(row.title for row in rows)


def test_publishing_import_bumps_the_published_version(
    db, tmp_path, finance, django_capture_on_commit_callbacks
):
    from gongkai.catalog import cache

    before = cache.version()
    with django_capture_on_commit_callbacks(execute=True):
        run(write_lines(tmp_path / "drafts.jsonl", line(1)))
    assert cache.version() == before
    with django_capture_on_commit_callbacks(execute=True):
        run(write_lines(tmp_path / "published.jsonl", line(2)), "--publish")
    assert cache.version() > before
