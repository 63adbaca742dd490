"""Text normalization for indexing and querying. Pure.

- NFKC folds full-width Latin letters, digits and punctuation to half-width;
- lower-case;
- 文号 brackets: 〔〕 [] () （） 【】 ［］ ｛｝ around a four-digit year all become 〔〕, so that
  `株政发[2016]12号` and `株政发〔2016〕12号` are the same string.
"""

from __future__ import annotations

import re
import unicodedata

YEAR_BRACKETS = re.compile(r"[\[\(（【［〔{｛]\s*(\d{4})\s*[\]\)）】］〕}｝]")
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
FILENO = re.compile(r"[\u4e00-\u9fff]{1,12}〔\d{4}〕\d{1,5}号")
# Brackets are not word characters: FTS5's unicode61 and PostgreSQL's parser both drop them,
# so a "〔" query token matched nothing on SQLite and was ignored on PostgreSQL.
WORDISH = re.compile(r"[0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").lower()
    return YEAR_BRACKETS.sub(r"〔\1〕", text)


def normalize_fileno(text: str) -> str:
    """A 文号 reduced to its comparable form: normalized brackets, no spaces, no leading
    "第" or zeros before the serial (GB/T 9704-2012 §7.2 allows neither)."""
    text = re.sub(r"\s+", "", normalize(text))
    text = re.sub(r"〕第?0*(\d+)号", r"〕\1号", text)
    return text


def find_filenos(text: str) -> list[str]:
    return FILENO.findall(normalize_fileno(text))


def is_token(token: str) -> bool:
    """Worth indexing: has a letter, digit or CJK character."""
    return bool(WORDISH.search(token))


def bigrams(text: str) -> list[str]:
    """Overlapping two-character grams of each CJK run, plus single characters of runs of one:
    the recall fallback index."""
    grams: list[str] = []
    for run in re.findall(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+", text):
        if len(run) == 1:
            grams.append(run)
        grams.extend(run[i : i + 2] for i in range(len(run) - 1))
    return grams
