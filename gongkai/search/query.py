"""The search box language. Pure.

    社保 棚改            all words must match (synonyms expanded later)
    "政府信息公开"        a phrase: its words in this order
    通知 -会议           exclude documents with 会议
    株政发[2016]12号      a 文号: normalized, matched exactly first

Unbalanced quotes are treated as if closed at the end; an empty query has no terms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gongkai.search.text import find_filenos, normalize

PART = re.compile(r'(-?)"([^"]*)"?|(\S+)')


@dataclass
class ParsedQuery:
    words: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    filenos: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.phrases or self.filenos)


def parse(text: str) -> ParsedQuery:
    text = normalize(text).replace("“", '"').replace("”", '"')
    parsed = ParsedQuery(filenos=find_filenos(text))
    for negative, phrase, word in PART.findall(text):
        if phrase:
            (parsed.excluded if negative else parsed.phrases).append(phrase.strip())
        elif word:
            if word.startswith("-") and len(word) > 1:
                parsed.excluded.append(word[1:])
            elif word != "-":
                parsed.words.append(word)
    parsed.phrases = [p for p in parsed.phrases if p]
    return parsed
