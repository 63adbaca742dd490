"""The search engine's entry points: index and remove documents, run a query.

Callers (the catalog) decide what is indexed and call `index_documents` / `remove_documents`
inside their own transaction, so the index changes exactly when the data does.
"""

from __future__ import annotations

import html
import math
import re
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from gongkai.search import segment
from gongkai.search.backends import backend_for
from gongkai.search.backends.base import CompiledQuery, Term
from gongkai.search.models import DictionaryWord, SearchDocument, Synonym
from gongkai.search.query import ParsedQuery, parse
from gongkai.search.text import bigrams, normalize, normalize_fileno

RANK_LIMIT = 200  # documents ranked per query (pages beyond are newest-first)
WINDOW = 2000  # with more matches, relevance is ranked among the newest WINDOW
FACET_WINDOW = 5000  # facet counts are exact up to this many matches
COUNT_LIMIT = 10_000  # matches are counted up to this many; beyond, the total is a lower bound
FALLBACK_BELOW = 3  # fewer word-index hits than this: also search the two-character index
TOGETHER_BOOST = 1.5  # relevance factor for a title holding the query words side by side
CONTENT_LIMIT = 20_000  # characters of plain text kept for snippets and phrase checks
HIT_FIELDS = ("key", "title", "url", "fileno", "published_at", "content")  # loaded for a hit


@dataclass
class Document:
    key: str
    title: str
    content: str = ""
    fileno: str = ""
    url: str = ""
    published_at: datetime | None = None
    tags: list[str] = field(default_factory=list)


@dataclass
class Filters:
    organization_id: int | None = None  # the unit and its sub-units (ancestors are tagged)
    category_id: int | None = None
    key_area_id: int | None = None
    year_from: int | None = None
    year_to: int | None = None
    validity: str | None = None

    def compile(self) -> tuple[list[str], list[list[str]]]:
        tags_all = []
        if self.organization_id:
            tags_all.append(f"org{self.organization_id}")
        if self.category_id:
            tags_all.append(f"cat{self.category_id}")
        if self.key_area_id:
            tags_all.append(f"ka{self.key_area_id}")
        if self.validity:
            tags_all.append(f"v{self.validity}")
        tags_any = []
        if self.year_from or self.year_to:
            start = self.year_from or 1990
            end = self.year_to or timezone.localdate().year
            tags_any.append([f"y{y}" for y in range(start, end + 1)])
        return tags_all, tags_any


@dataclass
class Hit:
    key: str
    title: str
    url: str
    fileno: str
    published_at: datetime | None
    score: float
    title_html: str
    snippet_html: str
    exact_fileno: bool = False


@dataclass
class Results:
    query: str
    hits: list[Hit]
    total: int
    page: int
    per_page: int
    facets: dict[str, Counter]
    facets_exact: bool
    windowed: bool
    used_fallback: bool = False
    # False: `total` is a lower bound (counting stops at COUNT_LIMIT): say "条以上".
    total_exact: bool = True
    # "Did you mean" queries and their totals, also counted up to COUNT_LIMIT only.
    suggestions: list[tuple[str, int]] = field(default_factory=list)
    count_limit: int = COUNT_LIMIT

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def total_text(self) -> str:
        """The total as shown to people: "1,234 条", or "10,000 条以上" when it is a lower
        bound."""
        return f"{self.total:,} 条" if self.total_exact else f"{self.total:,} 条以上"


# --- indexing ------------------------------------------------------------------------------


def _row(doc: Document) -> SearchDocument:
    content = (doc.content or "")[:CONTENT_LIMIT]
    return SearchDocument(
        key=doc.key,
        title=doc.title[:300],
        fileno=normalize_fileno(doc.fileno)[:80],
        content=content,
        url=doc.url[:200],
        published_at=doc.published_at,
        title_tokens=" ".join(segment.index_tokens(f"{doc.title} {doc.fileno}")),
        body_tokens=" ".join(segment.index_tokens(content)),
        grams=" ".join(bigrams(normalize(f"{doc.title} {content}"))),
        tags=" ".join(doc.tags),
    )


@transaction.atomic
def index_documents(docs: Iterable[Document]) -> int:
    """Add or replace documents (by key). Runs in the caller's transaction."""
    rows = [_row(doc) for doc in docs]
    if not rows:
        return 0
    SearchDocument.objects.filter(key__in=[r.key for r in rows]).delete()
    SearchDocument.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def remove_documents(keys: Iterable[str]) -> int:
    deleted, _ = SearchDocument.objects.filter(key__in=list(keys)).delete()
    return deleted


def rebuild() -> None:
    backend_for().rebuild()


def extra_words() -> list[str]:
    """Dictionary words from the database: the admin's words and every synonym term."""
    words = list(DictionaryWord.objects.values_list("word", flat=True))
    for synonym in Synonym.objects.filter(is_active=True):
        words.append(synonym.term)
        words.extend(synonym.words())
    return words


def add_dictionary_words(words: Iterable[str]) -> None:
    """Called by apps that own names worth keeping whole (organization names)."""
    for word in words:
        DictionaryWord.objects.get_or_create(word=word[:40])
    segment.reset()


# --- querying ------------------------------------------------------------------------------


_synonyms: tuple[float, dict[str, list[str]]] | None = None
SYNONYM_SECONDS = 60  # admin edits reach every process within a minute


def synonym_map() -> dict[str, list[str]]:
    """{word: [its synonyms]}, both directions; cached per process for SYNONYM_SECONDS."""
    global _synonyms
    now = time.monotonic()
    if _synonyms is None or now - _synonyms[0] > SYNONYM_SECONDS:
        _synonyms = (now, _load_synonyms())
    return _synonyms[1]


def reset_synonyms() -> None:
    global _synonyms
    _synonyms = None


def _load_synonyms() -> dict[str, list[str]]:
    mapping: dict[str, list[str]] = {}
    for synonym in Synonym.objects.filter(is_active=True):
        group = [synonym.term, *synonym.words()]
        mapping.setdefault(normalize(synonym.term), []).extend(group)
        for word in synonym.words():
            mapping.setdefault(normalize(word), []).append(synonym.term)
    return mapping


def _term(word: str, synonyms: dict[str, list[str]]) -> Term:
    alternatives: Term = []
    for variant in dict.fromkeys([word, *synonyms.get(word, [])]):
        tokens = segment.query_tokens(variant)
        if tokens and tokens not in alternatives:
            alternatives.append(tokens)
    return alternatives


def compile_query(parsed: ParsedQuery, filters: Filters, *, use_grams=False) -> CompiledQuery:
    synonyms = {} if use_grams else synonym_map()
    terms: list[Term] = []
    words = [w for w in parsed.words if not re.fullmatch(r".*〔\d{4}〕\d+号", w)]
    for fileno in parsed.filenos:  # a 文号 in the box is matched exactly, and as words
        words.append(fileno)
    for word in words + parsed.phrases:
        if use_grams:
            grams = bigrams(word) or [word]
            terms.append([grams])
        else:
            term = _term(word, synonyms)
            if term:
                terms.append(term)
    excluded = []
    for word in parsed.excluded:
        tokens = bigrams(word) if use_grams else segment.query_tokens(word)
        if tokens:
            excluded.append(tokens)
    tags_all, tags_any = filters.compile()
    return CompiledQuery(
        terms=terms, excluded=excluded, tags_all=tags_all, tags_any=tags_any, use_grams=use_grams
    )


def search(
    text: str,
    *,
    filters: Filters | None = None,
    page: int = 1,
    per_page: int = 20,
    sort: str = "relevance",
    facets: bool = False,
) -> Results:
    """Run a search box query. `sort` is "relevance" (BM25-style, title above body, exact 文号
    first, a gentle recency boost) or "date" (newest first). `facets` adds counts per unit,
    category and year (over the newest FACET_WINDOW matches): pages ask for them, scripts
    and the plain API list need not pay for them."""
    filters = filters or Filters()
    parsed = parse(text)
    page = max(page, 1)
    empty = Results(
        query=text,
        hits=[],
        total=0,
        page=page,
        per_page=per_page,
        facets={},
        facets_exact=True,
        windowed=False,
    )
    if parsed.is_empty:
        return empty
    backend = backend_for()
    compiled = compile_query(parsed, filters)
    if not compiled.terms:
        return empty
    wanted = page * per_page
    limit = max(RANK_LIMIT, wanted) if sort == "relevance" else wanted
    result = backend.search(compiled, limit=limit, window=WINDOW, count_limit=COUNT_LIMIT)
    used_fallback = False
    ids_scores = result.hits
    total, total_exact = result.total, result.total_exact
    if sort == "date" and total > len(ids_scores):
        # The most relevant `wanted` are not the newest: take the newest matches (ids grow
        # with publication) and order them by date below.
        newest = backend.newest_ids(compiled, limit=max(RANK_LIMIT, wanted))
        ids_scores = [(pk, 0.0) for pk in newest]
    if total < FALLBACK_BELOW:
        grams = compile_query(parsed, filters, use_grams=True)
        more = backend.search(grams, limit=limit, window=WINDOW, count_limit=COUNT_LIMIT)
        seen = {pk for pk, _ in ids_scores}
        extra = [(pk, score / 10) for pk, score in more.hits if pk not in seen]
        if extra:
            used_fallback = True
            ids_scores = ids_scores + extra
            total = total + len(extra) if more.total <= len(more.hits) else total + more.total
            total_exact = more.total_exact
            if total > COUNT_LIMIT:
                total, total_exact = COUNT_LIMIT, False
    now = timezone.now()
    matched = [pk for pk, _ in ids_scores]  # (not the exact 文号 documents added below)
    # Every match is a candidate: no need to look at the newest matches for scheduled ones.
    covered = total_exact and total <= len(matched)
    # Candidates (up to RANK_LIMIT): what re-scoring needs (title, date; the text only when a
    # phrase has to be checked in every candidate), as plain rows. The page's hits are loaded
    # in full below.
    fields = ["id", "title", "published_at", *(["content"] if parsed.phrases else [])]
    candidates = SearchDocument.objects.values_list(*fields, named=True)
    full = SearchDocument.objects.only(*HIT_FIELDS)
    loaded: dict[int, SearchDocument] = {}  # candidates loaded in full
    if page == 1 and len(ids_scores) <= per_page:  # all on this page: one query, in full
        loaded = full.in_bulk([pk for pk, _ in ids_scores])
        docs = dict(loaded)
    else:
        docs = {doc.id: doc for doc in candidates.filter(pk__in=[pk for pk, _ in ids_scores])}
    exact = set()
    if parsed.filenos:
        exact = set(
            SearchDocument.objects.filter(fileno__in=parsed.filenos).values_list("id", flat=True)
        )
        missing = exact - docs.keys()
        for doc in candidates.filter(pk__in=missing) if missing else []:
            docs[doc.id] = doc
            ids_scores.append((doc.id, 0.0))
    # A title that has the query's words side by side, as typed, ranks above one that has
    # them apart (neither FTS5's bm25 nor ts_rank looks at proximity, and they break such
    # ties differently).
    together = normalize("".join(parsed.words + parsed.phrases))
    scored = []
    for pk, score in ids_scores:
        doc = docs.get(pk)
        if doc is None or (doc.published_at and doc.published_at > now):
            continue
        if parsed.phrases and not all(
            normalize(p) in normalize(f"{doc.title} {doc.content}") for p in parsed.phrases
        ):
            continue
        if together and together in normalize(doc.title):
            score *= TOGETHER_BOOST
        scored.append((pk in exact, _boosted(score, doc.published_at, now), doc))
    # Ties are broken by document id (newest first), so that both backends agree.
    if sort == "date":
        scored.sort(
            key=lambda s: (
                s[0],
                s[2].published_at or datetime.min.replace(tzinfo=timezone.get_current_timezone()),
                s[2].id,
            ),
            reverse=True,
        )
    else:
        scored.sort(key=lambda s: (s[0], s[1], s[2].id), reverse=True)
    highlight_terms = _highlight_terms(parsed, compiled)
    start = (page - 1) * per_page
    on_page = [doc.id for _, _, doc in scored[start : start + per_page]]
    page_rows = {pk: loaded[pk] for pk in on_page if pk in loaded}
    if len(page_rows) < len(on_page):
        page_rows.update(full.in_bulk([pk for pk in on_page if pk not in page_rows]))
    shown = [
        (is_exact, score, page_rows[doc.id])
        for is_exact, score, doc in scored[start : start + per_page]
        if doc.id in page_rows
    ]
    hits = [
        Hit(
            key=doc.key,
            title=doc.title,
            url=doc.url,
            fileno=doc.fileno,
            published_at=doc.published_at,
            score=score,
            exact_fileno=is_exact,
            title_html=highlight(doc.title, highlight_terms),
            snippet_html=snippet(doc.content, highlight_terms),
        )
        for is_exact, score, doc in shown
    ]
    queries = [compiled, grams] if used_fallback else [compiled]
    if facets or not covered:
        facet_counts, facets_exact, pending = _facets(
            queries, now, limit=FACET_WINDOW if facets else RANK_LIMIT, count=facets
        )
    else:
        later = [docs[pk].published_at for pk in matched if pk in docs]
        pending = sum(1 for at in later if at and at > now)
    if not facets:
        facet_counts, facets_exact = {}, False
    # Scheduled documents (published_at in the future) are indexed but not shown: they are
    # the newest, so the facet window sees them and they are taken out of the count (of a
    # lower bound too: more than COUNT_LIMIT match, so more than COUNT_LIMIT - pending show).
    if parsed.phrases:  # the phrase was checked in the candidates only
        total, total_exact = len(scored), total_exact and total <= len(ids_scores)
    else:
        total = max(total - pending, len(scored))
    results = Results(
        query=text,
        hits=hits,
        total=total,
        page=page,
        per_page=per_page,
        facets=facet_counts,
        facets_exact=facets_exact,
        windowed=result.windowed,
        used_fallback=used_fallback,
        total_exact=total_exact,
        count_limit=COUNT_LIMIT,
    )
    if not hits:
        results.suggestions = suggestions(parsed, filters)
    return results


def _boosted(score: float, published_at: datetime | None, now: datetime) -> float:
    """A gentle recency boost: up to +20% for today's documents, half of that after ~2 years."""
    if published_at is None:
        return score
    age_years = max((now - published_at).days, 0) / 365.25
    return score * (1 + 0.2 * math.exp(-age_years / 3))


def _facets(
    queries: list[CompiledQuery],
    now: datetime,
    *,
    limit: int = FACET_WINDOW,
    count: bool = True,
) -> tuple[dict[str, Counter], bool, int]:
    """Facet counts over the newest `limit` matches of the queries (the word query, and the
    two-character query when it added results), whether they are exact (the window held every
    match), and how many of the
    matches are scheduled for later (they are the newest, so the window sees them). With
    `count` false, only the scheduled ones are counted."""
    backend = backend_for()
    pending = 0
    seen: set[int] = set()
    tags: list[str] = []
    exact = True  # every match was in the window: a window that came back full may not be
    for query in queries:
        rows = backend.newest_rows(query, limit=limit, now=now)
        exact = exact and len(rows) < limit
        for pk, row_tags, later in rows:
            if pk in seen:
                continue
            seen.add(pk)
            if later:
                pending += 1
            elif count:
                tags.append(row_tags)
    counts: dict[str, Counter] = {"org": Counter(), "cat": Counter(), "y": Counter()}
    if count:  # count every tag at once, then sort the (few) distinct tags into facets
        for tag, n in Counter(" ".join(tags).split()).items():
            for prefix, counter in counts.items():
                if tag.startswith(prefix) and tag[len(prefix) :].isdigit():
                    counter[int(tag[len(prefix) :])] += n
    return counts, exact, pending


def _visible_total(backend, compiled: CompiledQuery, now: datetime) -> int:
    """How many documents match (up to COUNT_LIMIT), less the scheduled ones among the newest
    matches."""
    total = backend.count(compiled, limit=COUNT_LIMIT)
    if not total:
        return 0
    newest = backend.newest_ids(compiled, limit=min(total, RANK_LIMIT))
    return total - SearchDocument.objects.filter(id__in=newest, published_at__gt=now).count()


def suggestions(parsed: ParsedQuery, filters: Filters) -> list[tuple[str, int]]:
    """ "Did you mean": shorter queries (one word dropped) and synonyms that have results."""
    backend = backend_for()
    candidates: list[str] = []
    words = parsed.words + parsed.phrases
    if len(words) > 1:
        for i in range(len(words)):
            candidates.append(" ".join(words[:i] + words[i + 1 :]))
    synonyms = synonym_map()
    for word in words:
        for alternative in synonyms.get(word, []):
            candidates.append(" ".join(alternative if w == word else w for w in words))
    found = []
    now = timezone.now()
    asked = " ".join(words)
    for candidate in dict.fromkeys(c for c in candidates if c != asked):
        compiled = compile_query(parse(candidate), filters)
        if compiled.terms:
            total = _visible_total(backend, compiled, now)
            if total:
                found.append((candidate, total))
    return sorted(found, key=lambda c: -c[1])[:5]


# --- highlighting --------------------------------------------------------------------------


def _highlight_terms(parsed: ParsedQuery, compiled: CompiledQuery) -> list[str]:
    terms = set(parsed.phrases) | set(parsed.words) | set(parsed.filenos)
    for term in compiled.terms:
        for alternative in term:
            terms.update(t for t in alternative if len(t) > 1 or not t.isascii())
    return sorted((t for t in terms if t), key=len, reverse=True)


def _pattern(terms: list[str]) -> re.Pattern | None:
    if not terms:
        return None
    return re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)


def highlight(text: str, terms: list[str]) -> str:
    """HTML-escaped `text` with every term wrapped in <mark>."""
    pattern = _pattern(terms)
    folded = normalize(text)
    if pattern is None or len(folded) != len(text):
        folded = text
    out, last = [], 0
    for match in pattern.finditer(folded) if pattern else []:
        out.append(html.escape(text[last : match.start()]))
        out.append(f"<mark>{html.escape(text[match.start() : match.end()])}</mark>")
        last = match.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def snippet(content: str, terms: list[str], width: int = 120) -> str:
    """About `width` characters of `content` around the first match, highlighted."""
    if not content:
        return ""
    pattern = _pattern(terms)
    match = pattern.search(normalize(content)) if pattern else None
    start = max(0, (match.start() if match else 0) - width // 3)
    piece = content[start : start + width].replace("\n", " ")
    prefix = "…" if start else ""
    suffix = "…" if start + width < len(content) else ""
    return prefix + highlight(piece, terms) + suffix


def year_tag(on: date | datetime | None) -> list[str]:
    if on is None:
        return []
    if isinstance(on, datetime):
        on = timezone.localtime(on).date()
    return [f"y{on.year}"]
