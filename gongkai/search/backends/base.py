"""The interface every search backend implements, and the compiled query it receives."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field

# A query term is a list of alternatives (synonyms), an alternative is a list of tokens that
# must all match.
Alternative = list[str]
Term = list[Alternative]


@dataclass
class CompiledQuery:
    terms: list[Term] = field(default_factory=list)  # all must match
    excluded: list[Alternative] = field(default_factory=list)  # none may match
    tags_all: list[str] = field(default_factory=list)  # filter tags, all required
    tags_any: list[list[str]] = field(default_factory=list)  # one of each list required
    use_grams: bool = False  # match the two-character index instead of the words


@dataclass
class BackendResult:
    hits: list[tuple[int, float]]  # (document id, relevance: higher is better), best first
    total: int  # matching documents, counted up to `count_limit`
    windowed: bool  # relevance was ranked among the newest `window` matches only
    total_exact: bool = True  # False: more than `total` documents match (counting stopped)


class SearchBackend(ABC):
    vendor: str

    @abstractmethod
    def install(self, schema_editor) -> None:
        """Create the full-text structures (called by the migration)."""

    @abstractmethod
    def uninstall(self, schema_editor) -> None: ...

    @abstractmethod
    def search(
        self, query: CompiledQuery, *, limit: int, window: int, count_limit: int
    ) -> BackendResult:
        """The `limit` most relevant matches. When more than `window` documents match,
        rank only the newest `window` of them (document ids grow with publication). The
        matches are counted up to `count_limit`: a word in half of a million documents is not
        counted to the end on every query."""

    @abstractmethod
    def count(self, query: CompiledQuery, *, limit: int) -> int:
        """How many documents match, counted up to `limit` (returns at most `limit`)."""

    @abstractmethod
    def newest_ids(self, query: CompiledQuery, *, limit: int) -> list[int]:
        """Ids of the newest `limit` matches (for facet counts)."""

    @abstractmethod
    def newest_rows(self, query: CompiledQuery, *, limit: int, now) -> list[tuple[int, str, bool]]:
        """(id, tags, scheduled for later) of the newest `limit` matches, in one statement."""

    @abstractmethod
    def rebuild(self) -> None:
        """Rebuild the full-text structures from the document table."""
