"""索引号 (index number) patterns. Pure: parse, validate, render, scope.

A pattern is text with placeholders:

- `{org}`       the organization's code (统一社会信用代码 or 组织机构代码)
- `{year}`      four-digit year of publication
- `{month}`     two-digit month of publication
- `{category}`  the category's code
- `{seq:N}`     the sequence number, zero-padded to N digits (required, exactly once)

Examples: `{org}/{year}-{seq:5}` → `000014349/2026-00072`;
`{org}/{year}{month}-{seq:5}` → `11341702486344515H/202110-00013`.

The *scope* says which numbers share one sequence: per organization and year (the usual
rule), per organization and month, per organization, category and year, or per
organization for ever.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

TOKEN = re.compile(r"\{([a-z]+)(?::(\d+))?\}")
FIELDS = {"org", "year", "month", "category", "seq"}
SCOPES = {
    "org_year": ("org", "year"),
    "org_month": ("org", "year", "month"),
    "org_category_year": ("org", "category", "year"),
    "org": ("org",),
}


class PatternError(ValueError):
    pass


@dataclass(frozen=True)
class IndexValues:
    org: str
    on: date
    category: str = ""

    def field(self, name: str) -> str:
        return {
            "org": self.org,
            "year": f"{self.on.year:04d}",
            "month": f"{self.on.month:02d}",
            "category": self.category,
        }[name]


def validate_pattern(pattern: str) -> int:
    """Check a pattern; return the sequence width."""
    leftover = TOKEN.sub("", pattern)
    if "{" in leftover or "}" in leftover:
        raise PatternError("索引号规则中的花括号不成对或字段格式有误")
    tokens = TOKEN.findall(pattern)
    unknown = {name for name, _ in tokens} - FIELDS
    if unknown:
        raise PatternError(f"索引号规则含未知字段：{'、'.join(sorted(unknown))}")
    seqs = [width for name, width in tokens if name == "seq"]
    if len(seqs) != 1 or not seqs[0]:
        raise PatternError("索引号规则必须恰好包含一个带位数的序号字段，如 {seq:5}")
    width = int(seqs[0])
    if not 1 <= width <= 9:
        raise PatternError("序号位数应在1到9之间")
    if any(width_ for name, width_ in tokens if name != "seq"):
        raise PatternError("只有序号字段可以指定位数")
    return width


def render(pattern: str, values: IndexValues, seq: int) -> str:
    width = validate_pattern(pattern)
    if seq < 1 or len(str(seq)) > width:
        raise PatternError(f"序号{seq}超出{width}位")

    def substitute(match: re.Match) -> str:
        name = match.group(1)
        if name == "seq":
            return f"{seq:0{width}d}"
        value = values.field(name)
        if not value:
            raise PatternError(f"缺少索引号字段“{name}”的值（单位代码或类别代码未设置）")
        return value

    return TOKEN.sub(substitute, pattern)


def scope_key(scope: str, values: IndexValues) -> str:
    """The key of the sequence that a number with these values draws from."""
    if scope not in SCOPES:
        raise PatternError(f"未知的序号范围：{scope}")
    return "|".join(f"{name}={values.field(name)}" for name in SCOPES[scope])
