"""PostgreSQL full-text search over the same pre-segmented tokens: stored tsvector columns
built with the `simple` configuration (no stemming, no stop words), GIN indexes."""

from __future__ import annotations

from django.db import connection

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

    def search(self, query: CompiledQuery, *, limit: int, window: int) -> BackendResult:
        where, params = self._where(query)
        column = "grams_tsv" if query.use_grams else "tsv"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id FROM {TABLE} WHERE {where} ORDER BY id DESC LIMIT 1 OFFSET %s",
                [*params, window],
            )
            cutoff = cursor.fetchone()
            condition, extra = ("", []) if cutoff is None else (" AND id > %s", [cutoff[0]])
            cursor.execute(
                f"SELECT id, ts_rank({WEIGHTS}, {column}, to_tsquery('simple', %s)) AS score "
                f"FROM {TABLE} WHERE {where}{condition} ORDER BY score DESC, id DESC LIMIT %s",
                [params[0], *params, *extra, limit],
            )
            hits = [(pk, float(score)) for pk, score in cursor.fetchall()]
            cursor.execute(f"SELECT count(*) FROM {TABLE} WHERE {where}", params)
            total = cursor.fetchone()[0]
        return BackendResult(hits=hits, total=total, windowed=cutoff is not None)

    def newest_ids(self, query: CompiledQuery, *, limit: int) -> list[int]:
        where, params = self._where(query)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id FROM {TABLE} WHERE {where} ORDER BY id DESC LIMIT %s",
                [*params, limit],
            )
            return [row[0] for row in cursor.fetchall()]

    def newest_rows(self, query: CompiledQuery, *, limit: int, now) -> list[tuple[int, str, bool]]:
        where, params = self._where(query)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, tags, coalesce(published_at > %s, false) FROM {TABLE} WHERE id IN "
                f"(SELECT id FROM {TABLE} WHERE {where} ORDER BY id DESC LIMIT %s)",
                [now, *params, limit],
            )
            return cursor.fetchall()

    def rebuild(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"REINDEX TABLE {TABLE}")
