"""SQLite FTS5 over the pre-segmented tokens (external content: the document table holds
the text once; triggers keep the index in step with every insert, update and delete)."""

from __future__ import annotations

from django.db import connection

from gongkai.search.backends.base import Alternative, BackendResult, CompiledQuery, SearchBackend

TABLE = "search_searchdocument"
FTS = "search_fts"
# bm25 column weights: title, body, grams, tags
WEIGHTS = "10.0, 1.0, 0.5, 0.0"

INSTALL = [
    f"""CREATE VIRTUAL TABLE {FTS} USING fts5(
        title_tokens, body_tokens, grams, tags,
        content='{TABLE}', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0'
    )""",
    f"""CREATE TRIGGER search_fts_ai AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO {FTS}(rowid, title_tokens, body_tokens, grams, tags)
        VALUES (new.id, new.title_tokens, new.body_tokens, new.grams, new.tags);
    END""",
    f"""CREATE TRIGGER search_fts_ad AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, title_tokens, body_tokens, grams, tags)
        VALUES ('delete', old.id, old.title_tokens, old.body_tokens, old.grams, old.tags);
    END""",
    f"""CREATE TRIGGER search_fts_au AFTER UPDATE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, title_tokens, body_tokens, grams, tags)
        VALUES ('delete', old.id, old.title_tokens, old.body_tokens, old.grams, old.tags);
        INSERT INTO {FTS}(rowid, title_tokens, body_tokens, grams, tags)
        VALUES (new.id, new.title_tokens, new.body_tokens, new.grams, new.tags);
    END""",
]
UNINSTALL = [
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_ai",
    f"DROP TABLE IF EXISTS {FTS}",
]


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _alternative(tokens: Alternative) -> str:
    if len(tokens) == 1:
        return _quote(tokens[0])
    return "(" + " AND ".join(_quote(t) for t in tokens) + ")"


def match_expression(query: CompiledQuery) -> str:
    """The FTS5 MATCH expression of a compiled query."""
    columns = "grams" if query.use_grams else "{title_tokens body_tokens}"
    parts = [
        f"{columns} : (" + " OR ".join(_alternative(a) for a in term) + ")" for term in query.terms
    ]
    parts += [f"tags : {_quote(tag)}" for tag in query.tags_all]
    parts += ["tags : (" + " OR ".join(_quote(t) for t in any_) + ")" for any_ in query.tags_any]
    expression = " AND ".join(parts)
    for excluded in query.excluded:
        expression = f"({expression}) NOT {columns} : ({_alternative(excluded)})"
    return expression


class SQLiteBackend(SearchBackend):
    vendor = "sqlite"

    def install(self, schema_editor) -> None:
        for sql in INSTALL:
            schema_editor.execute(sql)

    def uninstall(self, schema_editor) -> None:
        for sql in UNINSTALL:
            schema_editor.execute(sql)

    def search(
        self, query: CompiledQuery, *, limit: int, window: int, count_limit: int
    ) -> BackendResult:
        expression = match_expression(query)
        with connection.cursor() as cursor:
            # Is there a window-th newest match? Walking the doclist newest-first is cheap.
            cursor.execute(
                f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s ORDER BY rowid DESC "
                f"LIMIT 1 OFFSET %s",
                [expression, window],
            )
            cutoff = cursor.fetchone()
            rowid_condition, params = "", [expression]
            if cutoff is not None:
                rowid_condition, params = " AND rowid > %s", [expression, cutoff[0]]
            cursor.execute(
                f"SELECT rowid, bm25({FTS}, {WEIGHTS}) AS score FROM {FTS} "
                f"WHERE {FTS} MATCH %s{rowid_condition} ORDER BY score LIMIT %s",
                [*params, limit],
            )
            hits = [(rowid, -score) for rowid, score in cursor.fetchall()]
        if cutoff is None:  # at most `window` matches: they were all ranked
            total = self.count(query, limit=count_limit + 1) if len(hits) >= limit else len(hits)
        else:
            total = self.count(query, limit=count_limit + 1)
        return BackendResult(
            hits=hits,
            total=min(total, count_limit),
            windowed=cutoff is not None,
            total_exact=total <= count_limit,
        )

    def count(self, query: CompiledQuery, *, limit: int) -> int:
        # Newest first with a LIMIT: FTS5 stops reading the doclists there.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s "
                f"ORDER BY rowid DESC LIMIT %s)",
                [match_expression(query), limit],
            )
            return cursor.fetchone()[0]

    def newest_ids(self, query: CompiledQuery, *, limit: int) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s ORDER BY rowid DESC LIMIT %s",
                [match_expression(query), limit],
            )
            return [row[0] for row in cursor.fetchall()]

    def newest_rows(self, query: CompiledQuery, *, limit: int, now) -> list[tuple[int, str, bool]]:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, tags, published_at > %s FROM {TABLE} WHERE id IN "
                f"(SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s ORDER BY rowid DESC LIMIT %s)",
                [connection.ops.adapt_datetimefield_value(now), match_expression(query), limit],
            )
            return [(pk, tags, bool(later)) for pk, tags, later in cursor.fetchall()]

    def rebuild(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")
            cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('optimize')")
