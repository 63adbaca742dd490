"""PostgreSQL full-text search over the same pre-segmented tokens: stored tsvector columns
built with the `simple` configuration (no stemming, no stop words), GIN indexes."""

from __future__ import annotations

import json
import time
from contextlib import contextmanager, suppress

from django.db import DatabaseError, connection

from gongkai.search.backends.base import Alternative, BackendResult, CompiledQuery, SearchBackend

TABLE = "search_searchdocument"
INSTALL = [
    f"""ALTER TABLE {TABLE} ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title_tokens), 'A') ||
        setweight(to_tsvector('simple', body_tokens), 'B')) STORED""",
    f"""ALTER TABLE {TABLE} ADD COLUMN grams_tsv tsvector GENERATED ALWAYS AS (
        to_tsvector('simple', grams)) STORED""",
    f"""ALTER TABLE {TABLE} ADD COLUMN tags_tsv tsvector GENERATED ALWAYS AS (
        to_tsvector('simple', tags)) STORED""",
    f"CREATE INDEX search_tsv_gin ON {TABLE} USING gin (tsv)",
    f"CREATE INDEX search_grams_gin ON {TABLE} USING gin (grams_tsv)",
    f"CREATE INDEX search_tags_gin ON {TABLE} USING gin (tags_tsv)",
]
UNINSTALL = [
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS {c}" for c in ("tsv", "grams_tsv", "tags_tsv")
]
# The newest-first statements are bounded to recent ids when the planner expects more than
# BOUND_ABOVE times the wanted matches; the bound is sized for SAFETY times the wanted matches.
BOUND_ABOVE = 4
SAFETY = 1.5
ESTIMATE_SECONDS = 60  # planner estimates and the maximum id are cached this long per process
_estimates: dict[tuple, tuple[float, float]] = {}
_max_id: tuple[float, int] | None = None
# Within the bound, two plans: walk the primary key backwards testing each row (cost per
# wanted match ~ 1/share of matching rows, each test detoasting a tsvector: ~5-8 us a row), or
# AND the GIN bitmap of every match (~0.25 us an entry) with the key range. Measured at
# 1,000,000 documents, the walk wins when matches^2 > WALK_RATIO * wanted * rows (a word in
# more than ~25% of the documents, for 2,001 wanted).
WALK_RATIO = 28
WALK_PLANS = {"enable_bitmapscan": "off", "enable_seqscan": "off"}
# Bitmap scans only, with memory for an exact bitmap (a lossy one re-tests whole pages).
BITMAP_PLANS = {"enable_indexscan": "off", "enable_seqscan": "off", "work_mem": "64MB"}
# ts_rank weights for {D, C, B, A}: title (A) ten times body (B), like bm25's column weights.
WEIGHTS = "'{0.0, 0.0, 0.1, 1.0}'"


def _quote(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def _alternative(tokens: Alternative) -> str:
    return "(" + " & ".join(_quote(t) for t in tokens) + ")"


def text_query(query: CompiledQuery) -> str:
    parts = ["(" + " | ".join(_alternative(a) for a in term) + ")" for term in query.terms]
    parts += [f"!{_alternative(excluded)}" for excluded in query.excluded]
    return " & ".join(parts)


def tags_query(query: CompiledQuery) -> str:
    parts = [_quote(t) for t in query.tags_all]
    parts += ["(" + " | ".join(_quote(t) for t in any_) + ")" for any_ in query.tags_any]
    return " & ".join(parts)


@contextmanager
def _plans(cursor, settings: dict[str, str] | None):
    """Plan the statements run inside with `settings` (none: as they are), and restore the
    session's settings after (set_config, not SET LOCAL: this may or may not run inside a
    transaction)."""
    if not settings:
        yield
        return
    names = list(settings)
    current = ", ".join(f"current_setting('{name}')" for name in names)
    change = ", ".join(f"set_config('{name}', %s, false)" for name in names)
    cursor.execute(f"SELECT {current}, {change}", list(settings.values()))
    previous = cursor.fetchone()[: len(names)]
    restore = ", ".join("set_config(%s, %s, false)" for _ in names)
    restore_params = [v for pair in zip(names, previous, strict=True) for v in pair]
    try:
        yield
    except BaseException:
        # In a failed transaction the restore fails too, and the rollback undoes the change.
        with suppress(DatabaseError):
            cursor.execute(f"SELECT {restore}", restore_params)
        raise
    cursor.execute(f"SELECT {restore}", restore_params)


class Floors:
    """Lower id bounds for a newest-first statement, narrowest first: a recent stretch of
    `span` ids below `top`, widened after a try that found too few (to where the density of
    matches it saw says `wanted` are, with SAFETY to spare; twice to sixteen times as wide),
    ending with 0: no bound."""

    def __init__(self, top: int, span: float | None):
        self.top, self.span = top, span

    @property
    def floor(self) -> int:
        if self.span is None or self.span >= self.top:
            return 0
        return int(self.top - self.span)

    def widen(self, found: int, wanted: int) -> bool:
        """After a try that found `found` of `wanted`: False when that try had no bound."""
        if self.floor == 0:
            return False
        self.span *= min(16.0, max(2.0, SAFETY * wanted / found)) if found else 16.0
        return True


class PostgresBackend(SearchBackend):
    vendor = "postgresql"

    def install(self, schema_editor) -> None:
        for sql in INSTALL:
            schema_editor.execute(sql)

    def uninstall(self, schema_editor) -> None:
        for sql in UNINSTALL:
            schema_editor.execute(sql)

    def _where(self, query: CompiledQuery) -> tuple[str, list[str]]:
        column = "grams_tsv" if query.use_grams else "tsv"
        where, params = f"{column} @@ to_tsquery('simple', %s)", [text_query(query)]
        tags = tags_query(query)
        if tags:
            where += " AND tags_tsv @@ to_tsquery('simple', %s)"
            params.append(tags)
        return where, params

    # --- newest first, without fetching every match ------------------------------------------
    #
    # The GIN index yields the matches as a bitmap, in no order. For a selective query that is
    # best: fetch the matches, sort by id. For "the newest 2,001 matches" of a word in a third
    # of a million documents it means fetching 300,000 rows; the other plan the planner likes,
    # walking the primary key backwards and testing every row, detoasts a tsvector per row
    # (6,700 rows for a 30% word, 20,000 for a 10% one). So when the planner's estimate of the
    # matches (ANALYZE's lexeme statistics) is large, the statements are bounded to a recent
    # stretch of ids expected to hold SAFETY times the wanted matches (`id > floor`), and
    # planned either as that walk (very common words: few rows to test per match) or as the
    # GIN bitmap ANDed with the key range (the rest: only the matches in the stretch are
    # fetched, none re-tested). A stretch holding too few matches is widened fourfold and the
    # statement repeated; the last try has no bound, so results are always those of the
    # unbounded statement.

    def _estimate(self, cursor, where: str, params: list) -> float:
        """The planner's estimate of the matching documents (cached for ESTIMATE_SECONDS)."""
        key = (where, *params)
        now = time.monotonic()
        cached = _estimates.get(key)
        if cached is not None and now - cached[0] < ESTIMATE_SECONDS:
            return cached[1]
        cursor.execute(f"EXPLAIN (FORMAT JSON) SELECT id FROM {TABLE} WHERE {where}", params)
        plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        rows = float(plan[0]["Plan"]["Plan Rows"])
        if len(_estimates) > 1000:
            _estimates.clear()
        _estimates[key] = (now, rows)
        return rows

    def _max_id(self, cursor) -> int:
        global _max_id
        now = time.monotonic()
        if _max_id is None or now - _max_id[0] > ESTIMATE_SECONDS:
            cursor.execute(f"SELECT coalesce(max(id), 0) FROM {TABLE}")
            _max_id = (now, cursor.fetchone()[0])
        return _max_id[1]

    def _plan(self, cursor, where: str, params: list, wanted: int):
        """(floors, settings) for finding the newest `wanted` matches: the lower id bounds
        to try (a `Floors`) and the planner settings to run them with; a single try without
        bound and the planner's own choice when the query is selective. Ids newer than the
        cached maximum are above every floor, so they are never missed."""
        estimate = self._estimate(cursor, where, params)
        if estimate <= BOUND_ABOVE * wanted:
            return Floors(0, None), None
        top = self._max_id(cursor)
        walk = estimate * estimate > WALK_RATIO * wanted * top
        return Floors(top, SAFETY * wanted * top / estimate), WALK_PLANS if walk else BITMAP_PLANS

    @staticmethod
    def _bounded(where: str, floor: int) -> str:
        return where if floor == 0 else f"{where} AND id > {int(floor)}"

    def _newest(self, cursor, where, params, *, wanted: int, sql: str, sql_params: list) -> list:
        """Run `sql` (`{where}` in it, `sql_params` its parameters) bounded to the newest
        stretch of ids that holds `wanted` rows of its result, widening it until it does."""
        floors, settings = self._plan(cursor, where, params, wanted)
        with _plans(cursor, settings):
            while True:
                cursor.execute(sql.format(where=self._bounded(where, floors.floor)), sql_params)
                rows = cursor.fetchall()
                if len(rows) >= wanted or not floors.widen(len(rows), wanted):
                    return rows

    def count(self, query: CompiledQuery, *, limit: int) -> int:
        where, params = self._where(query)
        with connection.cursor() as cursor:
            floors, settings = self._plan(cursor, where, params, limit)
            with _plans(cursor, settings):
                return self._count(cursor, where, params, limit, floors)

    def _count(self, cursor, where: str, params: list, limit: int, floors: Floors) -> int:
        while True:
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} "
                f"WHERE {self._bounded(where, floors.floor)} LIMIT %s) AS m",
                [*params, limit],
            )
            total = cursor.fetchone()[0]
            if total >= limit or not floors.widen(total, limit):
                return total

    def _window(
        self, cursor, where: str, params: list, column: str, *, limit: int, window: int
    ) -> tuple[list[tuple[int, float]], int | None]:
        """The `limit` best of the newest `window` matches, and the id of the (window+1)-th
        newest match (None: at most `window` match, all were ranked). Runs on any DB-API
        cursor (the benchmark runs it bare)."""
        floors, settings = self._plan(cursor, where, params, window + 1)
        rank = f"ts_rank({WEIGHTS}, {column}, to_tsquery('simple', %s))"
        if settings is None:  # selective: the newest window+1 matches and their ranks at once
            cursor.execute(
                f"SELECT id, score, n, oldest FROM (SELECT id, {rank} AS score, "
                f"count(*) OVER () AS n, min(id) OVER () AS oldest, "
                f"row_number() OVER (ORDER BY id DESC) AS r FROM (SELECT id, {column} "
                f"FROM {TABLE} WHERE {where} ORDER BY id DESC LIMIT %s) AS w) AS x "
                f"WHERE r <= %s ORDER BY score DESC, id DESC LIMIT %s",
                [params[0], *params, window + 1, window, limit],
            )
            rows = cursor.fetchall()
            windowed = bool(rows) and rows[0][2] > window
            return [(pk, float(score)) for pk, score, _, _ in rows], (
                rows[0][3] if windowed else None
            )
        with _plans(cursor, settings):
            cutoff = None
            while True:
                cursor.execute(
                    f"SELECT count(*), min(id) FROM (SELECT id FROM {TABLE} "
                    f"WHERE {self._bounded(where, floors.floor)} ORDER BY id DESC LIMIT %s) AS m",
                    [*params, window + 1],
                )
                found, oldest = cursor.fetchone()
                if found > window:
                    cutoff = oldest  # rank only the matches above it
                    break
                if not floors.widen(found, window + 1):
                    break
            condition, extra = ("", []) if cutoff is None else (" AND id > %s", [cutoff])
            cursor.execute(
                f"SELECT id, {rank} AS score FROM {TABLE} WHERE {where}{condition} "
                f"ORDER BY score DESC, id DESC LIMIT %s",
                [params[0], *params, *extra, limit],
            )
            hits = [(pk, float(score)) for pk, score in cursor.fetchall()]
        return hits, cutoff

    def search(
        self, query: CompiledQuery, *, limit: int, window: int, count_limit: int
    ) -> BackendResult:
        """As the interface says, except for the count: when more than `window` documents
        match, counting on (a bitmap of every match, or a walk testing rows) would cost as
        much as the query again, so the total is reported as `window`, a lower bound."""
        where, params = self._where(query)
        column = "grams_tsv" if query.use_grams else "tsv"
        with connection.cursor() as cursor:
            hits, cutoff = self._window(cursor, where, params, column, limit=limit, window=window)
            if cutoff is not None:
                return BackendResult(
                    hits=hits, total=min(window, count_limit), windowed=True, total_exact=False
                )
            if len(hits) < limit:  # at most `window` matches, all ranked
                total = len(hits)
            else:  # between `limit` and `window` matches: the bitmap is small
                total = self._count(cursor, where, params, count_limit + 1, Floors(0, None))
        return BackendResult(
            hits=hits,
            total=min(total, count_limit),
            windowed=False,
            total_exact=total <= count_limit,
        )

    def newest_ids(self, query: CompiledQuery, *, limit: int) -> list[int]:
        where, params = self._where(query)
        with connection.cursor() as cursor:
            rows = self._newest(
                cursor,
                where,
                params,
                wanted=limit,
                sql=f"SELECT id FROM {TABLE} WHERE {{where}} ORDER BY id DESC LIMIT %s",
                sql_params=[*params, limit],
            )
        return [row[0] for row in rows]

    def newest_rows(self, query: CompiledQuery, *, limit: int, now) -> list[tuple[int, str, bool]]:
        where, params = self._where(query)
        with connection.cursor() as cursor:
            return self._newest(
                cursor,
                where,
                params,
                wanted=limit,
                sql=(
                    f"SELECT id, tags, coalesce(published_at > %s, false) FROM {TABLE} "
                    f"WHERE {{where}} ORDER BY id DESC LIMIT %s"
                ),
                sql_params=[now, *params, limit],
            )

    def rebuild(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"REINDEX TABLE {TABLE}")
