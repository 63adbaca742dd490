"""Bulk import of catalog items from JSON Lines (DESIGN.md §4).

One JSON object per line with the keys of `data/pingtan/documents.jsonl`: `title`
(required), `body` (plain text), `published`, `fileno`, `publisher`, `channel`, `url`;
optional `index_no`, `written`, `category`, `attachments`. Other keys (e.g. `truncated`)
are ignored.

The file is read line by line in batches (constant memory). Each line is written in its own
savepoint, so a line is imported whole or not at all; a batch of lines shares one
transaction for speed. A line whose `url` (Item.source_url) or `index_no` already exists is a
duplicate and is skipped, so an import can be run again safely. Bad lines are reported with
their line number and reason and skipped.

`parse_line` is pure; `import_lines` writes through the ORM and `gongkai.core.services`,
with one `item.import` audit event per item.
"""

from __future__ import annotations

import itertools
import json
import random
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import DatabaseError, transaction
from django.utils import timezone

from gongkai.catalog import cache as catalog_cache
from gongkai.catalog import sanitize, search_index, services
from gongkai.catalog.models import Category, Item
from gongkai.core import audit
from gongkai.core import services as core_services
from gongkai.core.models import Organization

SOURCE_TIMEZONE = ZoneInfo("Asia/Shanghai")  # dates in the files are Beijing time
DATETIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")
MAX_LENGTHS = {"title": 300, "fileno": 80, "index_no": 60, "url": 500, "publisher": 100}
DEFAULT_ROOT_NAME = "导入单位"
BATCH_SIZE = 200
MAX_LISTED = 50

# 栏目 (channel) → 信息类别 (Category), when no category has the channel's exact name.
# Checked in order, first keyword found wins (so 解读 comes before 政策).
CHANNEL_KEYWORDS: list[tuple[tuple[str, ...], str]] = [
    (("解读",), "政策解读"),
    (("政策", "文件", "规范性", "法规", "规章", "制度"), "政策法规"),
    (("规划", "计划"), "规划计划"),
    (("通知", "公告", "公示"), "通知公告"),
    (("监管", "食品", "药品", "安全", "环境", "检查", "执法"), "公共监管"),
    (("互动", "信箱", "回应", "咨询", "留言"), "政民互动"),
]
FALLBACK_CATEGORY = "其他"

_url_validator = URLValidator(schemes=["http", "https"])


class LineError(ValueError):
    """A line that cannot be imported; the message says why, in Chinese."""


@dataclass
class Row:
    """One parsed line, ready to be written."""

    line_no: int
    title: str
    body: str = ""
    body_text: str = ""
    published_at: datetime | None = None
    written_on: date | None = None
    fileno: str = ""
    publisher: str = ""
    channel: str = ""
    category: str = ""
    url: str = ""
    index_no: str = ""
    attachments: int = 0


@dataclass
class ImportSummary:
    lines: int = 0
    imported: int = 0
    duplicates: int = 0
    errors: int = 0
    attachments: int = 0
    organizations_created: int = 0
    error_lines: list[tuple[int, str]] = field(default_factory=list)  # the first MAX_LISTED
    duplicate_lines: list[int] = field(default_factory=list)  # the first MAX_LISTED
    dry_run: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """Every line was imported or was a duplicate."""
        return self.errors == 0

    def add_error(self, line_no: int, reason: str) -> None:
        self.errors += 1
        if len(self.error_lines) < MAX_LISTED:
            self.error_lines.append((line_no, reason))

    def add_duplicate(self, line_no: int) -> None:
        self.duplicates += 1
        if len(self.duplicate_lines) < MAX_LISTED:
            self.duplicate_lines.append(line_no)

    def report(self) -> str:
        head = "试运行（未写入数据库）" if self.dry_run else "导入完成"
        rate = self.lines / self.seconds if self.seconds > 0 else 0
        out = [
            f"{head}：共 {self.lines} 行，用时 {self.seconds:.1f} 秒（每秒 {rate:.0f} 行）",
            f"  已导入：{self.imported}",
            f"  重复（来源地址或索引号已存在，跳过）：{self.duplicates}",
            f"  错误（跳过）：{self.errors}",
            f"  新建单位：{self.organizations_created}",
            f"  附件链接：{self.attachments} 个（未下载）",
        ]
        if self.duplicate_lines:
            more = self.duplicates - len(self.duplicate_lines)
            listed = ", ".join(str(n) for n in self.duplicate_lines)
            out.append(f"重复的行：{listed}" + (f" 等，另有 {more} 行" if more else ""))
        if self.error_lines:
            out.append("错误的行：")
            out.extend(f"  第{line_no}行：{reason}" for line_no, reason in self.error_lines)
            more = self.errors - len(self.error_lines)
            if more:
                out.append(f"  …… 另有 {more} 行错误未列出")
        return "\n".join(out)


# --- parsing (pure) ------------------------------------------------------------------------


def _text(data: dict, key: str) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise LineError(f"字段 {key} 应为文本")
    return str(value).strip()


def parse_datetime(value: str, key: str = "published") -> datetime | None:
    """A date or date and time as government sites show it, in Beijing time."""
    if not value:
        return None
    for fmt in DATETIME_FORMATS + DATE_FORMATS:
        try:
            parsed = datetime.strptime(value, fmt)  # noqa: DTZ007 — made aware just below
        except ValueError:
            continue
        return parsed.replace(tzinfo=SOURCE_TIMEZONE)
    raise LineError(f"字段 {key} 的日期“{value}”无法识别（应为 2017-01-18 或 2017-01-18 15:57）")


def parse_line(raw: bytes | str, line_no: int) -> Row | None:
    """One line of the file as a Row; None for a blank line. Raises LineError."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise LineError("不是UTF-8编码的文本") from None
    raw = raw.lstrip("\ufeff").strip()
    if not raw:
        return None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise LineError(f"JSON格式错误（第{exc.colno}个字符：{exc.msg}）") from None
    if not isinstance(data, dict):
        raise LineError("每行应为一个JSON对象")
    title = " ".join(_text(data, "title").split())
    if not title:
        raise LineError("缺少标题（title）")
    values = {key: _text(data, key) for key in ("fileno", "publisher", "channel", "url")}
    values["index_no"] = _text(data, "index_no")
    values["title"] = title
    for key, limit in MAX_LENGTHS.items():
        if len(values[key]) > limit:
            raise LineError(f"字段 {key} 超过{limit}个字符（{len(values[key])}个）")
    if values["url"]:
        try:
            _url_validator(values["url"])
        except ValidationError:
            raise LineError(f"字段 url 不是有效的网址：{values['url'][:80]}") from None
    published_at = parse_datetime(_text(data, "published"), "published")
    written_at = parse_datetime(_text(data, "written"), "written")
    attachments = data.get("attachments") or []
    if not isinstance(attachments, list):
        raise LineError("字段 attachments 应为列表")
    body = sanitize.text_to_html(_text(data, "body"))
    return Row(
        line_no=line_no,
        body=body,
        body_text=sanitize.html_to_text(body),
        published_at=published_at,
        written_on=written_at.date() if written_at else None,
        category=_text(data, "category"),
        attachments=len(attachments),
        **values,
    )


def category_name_for(channel: str, names: Iterable[str]) -> str:
    """The category for a channel (栏目): its exact name if a category has it, else the
    first keyword rule that matches, else 其他."""
    if channel in names:
        return channel
    for keywords, name in CHANNEL_KEYWORDS:
        if any(word in channel for word in keywords):
            return name
    return FALLBACK_CATEGORY


# --- writing -------------------------------------------------------------------------------


def default_parent() -> Organization:
    """The root organization (the first without a parent), created if there is none."""
    root = Organization.objects.filter(parent=None).order_by("pk").first()
    if root is None:
        root = core_services.create_organization(
            name=DEFAULT_ROOT_NAME, kind=Organization.Kind.GOVERNMENT, by=None
        )
    return root


def has_code(organization: Organization) -> bool:
    """Whether index numbers can be made for the organization (it or an ancestor has a code)."""
    if organization.code:
        return True
    ids = organization.ancestor_ids()
    return Organization.objects.filter(pk__in=ids).exclude(code=None).exclude(code="").exists()


class _Lookups:
    """Publisher and category lookups, cached for one run."""

    def __init__(self, parent: Organization):
        self.parent = parent
        self.by_name: dict[str, Organization] = {}
        self.by_short_name: dict[str, Organization] = {}
        for org in Organization.objects.order_by("path"):
            self.by_name.setdefault(org.name, org)
            if org.short_name:
                self.by_short_name.setdefault(org.short_name, org)
        self.categories = {c.name: c for c in Category.objects.all()}
        if FALLBACK_CATEGORY not in self.categories:
            raise ValidationError(f"缺少信息类别“{FALLBACK_CATEGORY}”，请先配置信息类别。")

    def organization(self, publisher: str) -> tuple[Organization, bool]:
        """The publishing organization, created under the parent if unknown."""
        if not publisher:
            return self.parent, False
        org = self.by_name.get(publisher) or self.by_short_name.get(publisher)
        if org is not None:
            return org, False
        org = core_services.create_organization(
            name=publisher, kind=Organization.Kind.DEPARTMENT, parent=self.parent, by=None
        )
        self.by_name[publisher] = org
        return org, True

    def forget(self, publisher: str) -> None:
        """Drop an organization whose creation was rolled back with its line."""
        self.by_name.pop(publisher, None)

    def category(self, row: Row) -> Category:
        if row.category and row.category in self.categories:
            return self.categories[row.category]
        return self.categories[category_name_for(row.channel, self.categories)]


def _write(
    row: Row, organization: Organization, category: Category, *, publish: bool, now: datetime
) -> Item:
    item = Item(
        organization=organization,
        title=row.title,
        fileno=row.fileno,
        written_on=row.written_on,
        category=category,
        body=row.body,
        body_text=row.body_text,
        source_url=row.url,
        index_no=row.index_no or None,
        status=Item.Status.PUBLISHED if publish else Item.Status.DRAFT,
    )
    if publish:
        item.published_at = row.published_at or now
        published_on = timezone.localdate(item.published_at)
        item.index_no = services.assign_index_no(item, on=published_on)
        if row.written_on is not None:
            item.published_late = services.is_late(row.written_on, published_on)
    item.save(force_insert=True)
    audit.record(
        "item.import",
        actor=None,
        obj=item,
        organization=organization,
        details={
            "line": row.line_no,
            "source_url": row.url,
            "status": item.status,
            "index_no": item.index_no,
        },
    )
    return item


def _existing(rows: list[Row]) -> tuple[set[str], set[str]]:
    """The source urls and index numbers of `rows` that are already in the catalog."""
    urls = [r.url for r in rows if r.url]
    numbers = [r.index_no for r in rows if r.index_no]
    found_urls = set(Item.objects.filter(source_url__in=urls).values_list("source_url", flat=True))
    found_numbers = set(
        Item.objects.filter(index_no__in=numbers).values_list("index_no", flat=True)
    )
    return found_urls, found_numbers


def _import_batch(
    batch: list[tuple[int, bytes | str]],
    lookups: _Lookups,
    summary: ImportSummary,
    *,
    publish: bool,
) -> None:
    rows: list[Row] = []
    for line_no, raw in batch:
        try:
            row = parse_line(raw, line_no)
        except LineError as exc:
            summary.lines += 1
            summary.add_error(line_no, str(exc))
            continue
        if row is not None:
            rows.append(row)
    urls, numbers = _existing(rows)
    now = timezone.now()
    imported_before = summary.imported
    published: list[Item] = []
    with transaction.atomic():
        for row in rows:
            summary.lines += 1
            if (row.url and row.url in urls) or (row.index_no and row.index_no in numbers):
                summary.add_duplicate(row.line_no)
                continue
            created_org = False
            try:
                with transaction.atomic():
                    organization, created_org = lookups.organization(row.publisher)
                    item = _write(
                        row, organization, lookups.category(row), publish=publish, now=now
                    )
            except (ValidationError, DatabaseError) as exc:
                if created_org:  # its creation was rolled back with the line
                    lookups.forget(row.publisher)
                summary.add_error(row.line_no, _reason(exc))
                continue
            summary.imported += 1
            if publish:
                published.append(item)
            summary.attachments += row.attachments
            summary.organizations_created += created_org
            if row.url:
                urls.add(row.url)  # a later line of the file with the same url is a duplicate
            if row.index_no:
                numbers.add(row.index_no)
        search_index.index_many(published, new=True)  # searchable in the same transaction
        if publish and summary.imported > imported_before:
            catalog_cache.bump_on_commit()  # readers' cached facets count the new items


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return f"数据库拒绝写入：{exc}"


def _numbered_batches(
    lines: Iterable[bytes | str], size: int
) -> Iterator[list[tuple[int, bytes | str]]]:
    numbered = enumerate(lines, start=1)
    while batch := list(itertools.islice(numbered, size)):
        yield batch


def import_lines(
    lines: Iterable[bytes | str],
    *,
    parent: Organization | None = None,
    publish: bool = False,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[ImportSummary], None] | None = None,
) -> ImportSummary:
    """Import JSON Lines; `parent` receives unknown publishers (default: the root
    organization). With `dry_run` everything is checked and written, then rolled back."""
    summary = ImportSummary(dry_run=dry_run)
    started = time.monotonic()
    with transaction.atomic() if dry_run else nullcontext():
        parent = parent or default_parent()
        lookups = _Lookups(parent)
        for batch in _numbered_batches(lines, batch_size):
            _import_batch(batch, lookups, summary, publish=publish)
            summary.seconds = time.monotonic() - started
            if progress is not None:
                progress(summary)
        if dry_run:
            transaction.set_rollback(True)
    summary.seconds = time.monotonic() - started
    return summary


def import_file(path: Path, **options) -> ImportSummary:
    """Import a JSON Lines file, reading it line by line."""
    with open(path, "rb") as fh:
        return import_lines(fh, **options)


class Progress:
    """Prints lines done and the rate to a stream every `every` lines (not per line)."""

    def __init__(self, stream: IO[str] | None = None, *, every: int = 1000):
        self.stream = stream or sys.stderr
        self.every = every
        self.next_at = every

    def __call__(self, summary: ImportSummary) -> None:
        if summary.lines < self.next_at:
            return
        self.next_at = (summary.lines // self.every + 1) * self.every
        rate = summary.lines / summary.seconds if summary.seconds > 0 else 0
        self.stream.write(
            f"已处理 {summary.lines} 行：导入 {summary.imported}，重复 {summary.duplicates}，"
            f"错误 {summary.errors}；每秒 {rate:.0f} 行\n"
        )
        self.stream.flush()


# --- synthetic data for benchmarks ---------------------------------------------------------


def synthetic_lines(
    n: int, source: Path, *, seed: int = 2026, prefix: str = "https://bench.example.cn/items"
) -> Iterator[str]:
    """`n` JSON lines made from the real titles, channels and publishers of `source`
    (e.g. data/pingtan/documents.jsonl), each with a unique url and date."""
    samples = []
    with open(source, encoding="utf-8") as fh:
        for line in fh:
            data = json.loads(line)
            samples.append(
                {
                    "title": data.get("title", ""),
                    "publisher": data.get("publisher", ""),
                    "channel": data.get("channel", ""),
                    "fileno": data.get("fileno", ""),
                    "body": (data.get("body") or "")[:2000],
                }
            )
    rng = random.Random(seed)
    for i in range(n):
        sample = rng.choice(samples)
        year = rng.randint(2010, 2025)
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        yield json.dumps(
            {
                **sample,
                "title": f"{sample['title']}（{i + 1}）"[: MAX_LENGTHS["title"]],
                "published": f"{year}-{month:02d}-{day:02d} {rng.randint(8, 18):02d}:00",
                "written": f"{year}-{month:02d}-01",
                "url": f"{prefix}/{i + 1}.html",
            },
            ensure_ascii=False,
        )
