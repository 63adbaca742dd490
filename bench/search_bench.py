"""Search benchmark: index build time, index size, query latency and ranking quality of the
search engine (gongkai.search) on N generated documents, on SQLite FTS5 and PostgreSQL.

    .venv/bin/python bench/search_bench.py [--docs 1000000] [--pg-docs N] [--dbs sqlite,postgres]
    .venv/bin/python bench/search_bench.py --report          # print the tables of the last runs
    # build once, measure later (and again) on the kept databases:
    .venv/bin/python bench/search_bench.py --workdir var/search-bench-work --build-only
    .venv/bin/python bench/search_bench.py --workdir var/search-bench-work

Not a test: it prints Markdown tables and writes var/bench/search_bench.json (runs are merged
by database and size, so a 200k run and a 1M run end up in one file). Progress goes to stderr.

Corpus (deterministic, --seed): words are sampled by frequency^0.75 from jieba's dictionary
(75%) and from the rjieba tokens of the real Pingtan bodies (25%, so that government words
such as 工作/管理/公开 have realistic document frequencies), with Chinese punctuation between
clauses. Titles: 20% are real Pingtan titles (documents.jsonl and index-sample.tsv, years
replaced by the document's year), the rest are generated (关于 … 的通知/公告/意见 …). Common
words are injected so that 通知 is in ~30% of documents, 公告 ~15%, 平潭 ~20% and 2016 ~10%.
published_at grows with insertion order from 2010 to today (document ids follow publication,
which the engine's newest-window ranking relies on); tags: org1 + parent + unit (ids 1–60),
cat1–7, y<year>, vvalid; 30% of documents carry a 文号.

jieba's dictionary: the `jieba` package is NOT a project dependency; install it into the venv
for this benchmark only (`.venv/bin/pip install jieba==0.42.1`). Only its dict.txt is read
(words and frequencies; rjieba embeds the same dictionary but does not expose it). Without
it, the vocabulary falls back to the rjieba tokens of the Pingtan bodies alone.

Per database (a SQLite file with WAL in a temporary folder; PostgreSQL database
gk_search_bench on --pg-url, created and dropped here; with --workdir both are kept, the
PostgreSQL one as gk_search_bench_<docs>, with the corpus, and a later run with the same
--workdir and size measures them again without rebuilding, reporting the build numbers of the
run that built them), in a subprocess each:
1. migrate, then build. SQLite: index through the real code path `services.index_documents()`
   in batches inside `transaction.atomic`; build time is split into segmentation
   (services._row: rjieba, normalization, bigrams, row objects) and the database insert
   (delete-by-key, bulk_create, FTS5 triggers). PostgreSQL (--pg-load bulk, the default): the
   same services._row makes the rows, they are written with COPY while the three GIN indexes
   are dropped (the tsvector columns are generated during the COPY), then the GIN indexes are
   created with maintenance_work_mem 1GB; segmentation, COPY and each CREATE INDEX are timed
   (--pg-load rows: per-row path as on SQLite, ~270 docs/s). Then ANALYZE (PG: VACUUM ANALYZE)
   and index sizes (SQLite: file size and dbstat; PG: pg_relation_size per relation).
2. Query sets sampled from the corpus: one-, two- and three-word (100 each; words co-occur in a
   real generated document; 通知/公告/平潭/2016 mixed with rarer words) and 20 single common
   words. Warm (one warm-up pass), single thread, --passes measured passes in which each method
   runs over the whole set in turn; p50/p95 of:
   (a) our layer: services.search(q, per_page=20) — query segmentation, synonyms, ranking,
       bigram fallback, highlighting, total (and facet counts if the engine computes them by
       default);
   (a+f) the same with facets=True (what the portal page asks for), if the engine has the flag;
   (b) bare engine, fully ranked top-20 (bm25 / ts_rank over every match);
   (c) bare engine, windowed like the backend (rank only the newest WINDOW matches), top-20;
       on PostgreSQL with the backend's recent-id bound and planner settings for the cutoff
       (the planner estimate cached as in the backend);
   (d) LIKE scan: content LIKE '%w%' AND … LIMIT 20 (first --like queries per set; `content`
       is the body without the title).
3. Quality: overlap@10 and bare-score ratio@10 of our top-10 (and of (c)) against the full
   ranking (b), title-match rate of the top-10 (common and two-word sets); known-item queries
   from 50 generated titles (K1 the two rarest title words, K2 rarest + most common, K3 the two
   most common): is the document in the top-3 of ours, (b), (c), and ours without the recency
   boost (to tell the boost's effect from the window's)?
4. Where our layer spends its time on 20 common-word and 20 two-word queries: exclusive time of
   its parts, the backend's statements run bare, and a cProfile (var/bench/*.txt).
   PostgreSQL also gets EXPLAIN ANALYZE of the statements for 通知 and 2016, before (unbounded
   newest-first probe, count(*) of every match) and now (recent-id stretch, bounded count).

Run time on the 2-core VM (Nov 2026): 200,000 documents ≈ 9 min on SQLite and ≈ 25 min on
PostgreSQL with the per-row path (~270 docs/s: to_tsvector + GIN maintenance); 1,000,000 on
SQLite ≈ 30 min (≈ 700 docs/s) to build. PostgreSQL at 1,000,000 is built with the bulk path
(Dec 2026: ≈ 700 docs/s for segmentation + COPY, then the GIN indexes).
"""

from __future__ import annotations

import argparse
import bisect
import cProfile
import csv
import importlib.util
import io
import json
import os
import pstats
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from datetime import timezone as dt_timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "pingtan"
OUT_DIR = ROOT / "var" / "bench"
OUT = OUT_DIR / "search_bench.json"
PG_DB = "gk_search_bench"
COMMON = ["通知", "公告", "平潭", "2016"]
CJK_WORD = re.compile(r"^[\u4e00-\u9fff]+$")
QUERY_WORD = re.compile(r"^(?:[\u4e00-\u9fff]{2,}|\d{4})$")
CST = dt_timezone(timedelta(hours=8))
SAMPLE_DOCS = 5000
MODEL_COLUMNS = (  # what in_bulk loads (the model's fields; not PostgreSQL's tsvector columns)
    "id, key, title, fileno, content, url, published_at, title_tokens, body_tokens, grams, tags"
)  # generated documents kept in memory to draw queries from


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S', time.gmtime())} UTC] {msg}", file=sys.stderr, flush=True)


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


# --- corpus ---------------------------------------------------------------------------------


def alias_table(weights: list[float]) -> tuple[list[float], list[int]]:
    """Vose's alias method: O(1) weighted sampling (bisect over 350k weights is cache-bound)."""
    n = len(weights)
    total = sum(weights)
    scaled = [w * n / total for w in weights]
    prob, alias = [1.0] * n, list(range(n))
    small = [i for i, p in enumerate(scaled) if p < 1.0]
    large = [i for i, p in enumerate(scaled) if p >= 1.0]
    while small and large:
        s, g = small.pop(), large.pop()
        prob[s], alias[s] = scaled[s], g
        scaled[g] -= 1.0 - scaled[s]
        (small if scaled[g] < 1.0 else large).append(g)
    return prob, alias


def jieba_dict() -> Path | None:
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.origin:
        return None
    path = Path(spec.origin).parent / "dict.txt"
    return path if path.exists() else None


class Corpus:
    """A deterministic stream of generated documents."""

    TITLE_SUFFIXES = [  # (suffix, weight)
        ("的通知", 30),
        ("的公告", 9),
        ("的意见", 8),
        ("的批复", 6),
        ("的报告", 6),
        ("的决定", 5),
        ("的函", 6),
        ("实施方案", 8),
        ("管理办法", 8),
        ("工作要点", 5),
        ("情况公示", 9),
    ]

    def __init__(self, n: int, seed: int = 2026, body_mean: int = 228):
        import rjieba

        self.n = n
        self.rng = random.Random(seed)
        self.body_mean = body_mean
        with open(DATA / "documents.jsonl", encoding="utf-8") as fh:
            docs = [json.loads(line) for line in fh]
        with open(DATA / "index-sample.tsv", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh, delimiter="\t"))
        titles = {d["title"].strip() for d in docs} | {r["title"].strip() for r in rows}
        self.titles = sorted(t for t in titles if len(t) >= 4)
        publishers = {r["source"].strip() for r in rows} | {d["publisher"].strip() for d in docs}
        self.publishers = sorted(p for p in publishers if len(p) >= 3 and CJK_WORD.match(p))
        prefixes = set()
        for f in [r["fileno"] for r in rows] + [d["fileno"] for d in docs]:
            m = re.match(r"^([\u4e00-\u9fff]{2,8})[〔\[]", f or "")
            if m:
                prefixes.add(m.group(1))
        self.fileno_prefixes = sorted(prefixes) or ["岚综管"]
        # Pingtan body tokens (government register)
        counts: Counter = Counter()
        for d in docs:
            for tok in rjieba.cut(d.get("body") or ""):
                if CJK_WORD.match(tok):
                    counts[tok] += 1
        ptok = sorted(counts)
        pweights = [counts[t] ** 0.75 for t in ptok]
        path = jieba_dict()
        vocab, vweights = [], []
        if path:
            with open(path, encoding="utf-8") as fh:
                for line in fh:
                    parts = line.split()
                    if len(parts) >= 2 and CJK_WORD.match(parts[0]):
                        vocab.append(parts[0])
                        vweights.append(int(parts[1]) ** 0.75)
        self.vocabulary_source = (
            f"jieba dict.txt ({len(vocab)} words) 75% + Pingtan body tokens ({len(ptok)}) 25%"
            if vocab
            else f"Pingtan body tokens only ({len(ptok)})"
        )
        population, weights = [], []
        # the common words' frequencies are controlled by the title mix and injection below
        for words, weights in ((vocab, vweights), (ptok, pweights)):
            for k, word in enumerate(words):
                if word in COMMON:
                    weights[k] = 0.0
        if vocab:
            va, pa = sum(vweights), sum(pweights)
            population = vocab + ptok
            weights = [w * 0.75 / va for w in vweights] + [w * 0.25 / pa for w in pweights]
        else:
            population, weights = ptok, pweights
        self.population = population
        total = sum(weights)
        self.avg_len = sum(len(p) * w for p, w in zip(population, weights, strict=True)) / total
        self.prob, self.alias = alias_table(weights)
        self.block: list[str] = []
        self.pos = 0
        self.start = datetime(2010, 1, 1, tzinfo=CST)
        self.end = datetime.now(UTC) - timedelta(hours=2)
        self.suffixes = [s for s, _ in self.TITLE_SUFFIXES]
        self.suffix_cum = []
        acc = 0
        for _, w in self.TITLE_SUFFIXES:
            acc += w
            self.suffix_cum.append(acc)
        self.year_re = re.compile(r"20[0-2]\d")
        self.puncts = "。" * 7 + "，" * 10 + "、" * 3  # 35% / 50% / 15%

    def words(self, k: int) -> list[str]:
        if self.pos + k > len(self.block):
            pop, prob, alias, n, rnd = (
                self.population,
                self.prob,
                self.alias,
                len(self.prob),
                self.rng.random,
            )
            self.block = [
                pop[i] if u - i < prob[i] else pop[alias[i]]
                for u in [rnd() * n for _ in range(500_000)]
                for i in (int(u),)
            ]
            self.pos = 0
        out = self.block[self.pos : self.pos + k]
        self.pos += k
        return out

    def doc(self, i: int) -> dict:
        rnd = self.rng.random
        published = self.start + (self.end - self.start) * ((i + rnd() * 0.5) / self.n)
        year = published.astimezone(CST).year
        # title
        if rnd() < 0.2:
            title = self.year_re.sub(str(year), self.titles[int(rnd() * len(self.titles))])
            kind = "pingtan"
        else:
            suffix = self.suffixes[bisect.bisect(self.suffix_cum, rnd() * self.suffix_cum[-1])]
            head = "关于" if rnd() < 0.6 else ""
            prefix = self.publishers[int(rnd() * len(self.publishers))] if rnd() < 0.1 else ""
            title = prefix + head + "".join(self.words(2 + int(rnd() * 3))) + suffix
            kind = "generated"
        # body: clauses of 3-10 words between Chinese punctuation
        target = self.body_mean - 100 + rnd() * 200
        words = self.words(max(4, int(target / self.avg_len)))
        clauses, p, nw = [], 0, len(words)
        while p < nw:
            step = 3 + int(rnd() * 8)
            clauses.append("".join(words[p : p + step]))
            p += step
        for word, chance in (
            ("通知", 0.02),
            ("公告", 0.05),
            (f"{year}年", 0.55),
            ("2016年", 0.065),
        ):
            if rnd() < chance:
                j = int(rnd() * len(clauses))
                clauses[j] = word + clauses[j]
        puncts = self.puncts
        body = "".join([c + puncts[int(rnd() * 20)] for c in clauses])
        fileno = ""
        if rnd() < 0.3:
            prefix = self.fileno_prefixes[int(rnd() * len(self.fileno_prefixes))]
            fileno = f"{prefix}〔{year}〕{1 + int(rnd() * 300)}号"
        org = 1 + int(rnd() * 60)
        parent = 1 if org <= 10 else 2 + org % 9
        tags = [
            *sorted({"org1", f"org{parent}", f"org{org}"}),
            f"cat{1 + int(rnd() * 7)}",
            f"y{year}",
            "vvalid",
        ]
        return {
            "i": i,
            "title": title,
            "body": body,
            "fileno": fileno,
            "published_at": published,
            "tags": tags,
            "kind": kind,
        }


def generate(n: int, seed: int, path: Path, batch: int) -> dict:
    """Write the corpus to `path` as pickled lists of `batch` documents (generated once, read
    by each database's worker)."""
    import pickle

    started = time.perf_counter()
    corpus = Corpus(n, seed=seed)
    with open(path, "wb") as fh:
        for start in range(0, n, batch):
            docs = [corpus.doc(i) for i in range(start, min(start + batch, n))]
            pickle.dump(docs, fh, protocol=pickle.HIGHEST_PROTOCOL)
            if (start // batch) % 40 == 0:
                log(f"generated {start + len(docs):,}/{n:,}")
    seconds = time.perf_counter() - started
    log(f"generated {n:,} documents in {seconds:.0f} s ({path.stat().st_size / 1e6:,.0f} MB)")
    return {"generate_s": seconds, "vocabulary": corpus.vocabulary_source}


def read_batches(path: Path):
    import pickle

    with open(path, "rb") as fh:
        while True:
            try:
                yield pickle.load(fh)
            except EOFError:
                return


# --- worker: one database --------------------------------------------------------------------


def sqlite_path(workdir: Path, n: int) -> Path:
    return workdir / f"search_bench_{n}.sqlite3"


def pg_name(args, n: int) -> str:
    """The benchmark database: one per size when it is kept (--workdir), else PG_DB."""
    return f"{PG_DB}_{n}" if args.workdir else PG_DB


def state_path(workdir: Path, db: str, n: int) -> Path:
    """What a build leaves for later runs on the kept database: build numbers and the
    documents the queries are drawn from."""
    return workdir / f"{db}-{n}.state.pickle"


def setup_django(db: str, workdir: Path, pg_url: str, n: int, pg_db: str) -> None:
    if db == "sqlite":
        url = f"sqlite:///{sqlite_path(workdir, n)}"
    else:
        url = f"{pg_url.rstrip('/')}/{pg_db}"
    os.environ.update(
        {
            "GONGKAI_DATABASE_URL": url,
            "GONGKAI_VAR_DIR": str(workdir),
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "GONGKAI_DEBUG": "false",
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def create_pg_db(pg_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{pg_url.rstrip('/')}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")


def drop_pg_db(pg_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{pg_url.rstrip('/')}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")


class Engine:
    """Bare SQL against the database, through the raw DB-API connection (no Django layer)."""

    def __init__(self, vendor: str):
        from django.db import connection

        connection.ensure_connection()
        self.vendor = vendor
        self.raw = connection.connection
        self.ph = "?" if vendor == "sqlite" else "%s"

    def rows(self, sql: str, params) -> list:
        cur = self.raw.cursor()
        cur.execute(sql, params)
        out = cur.fetchall()
        cur.close()
        return out

    def expression(self, q: str):
        from gongkai.search import services
        from gongkai.search.query import parse

        compiled = services.compile_query(parse(q), services.Filters())
        if self.vendor == "sqlite":
            from gongkai.search.backends.sqlite import match_expression

            return match_expression(compiled)
        from gongkai.search.backends.postgres import text_query

        return text_query(compiled)

    def full(self, expr: str, limit: int = 20) -> list[int]:
        if self.vendor == "sqlite":
            sql = (
                "SELECT rowid, bm25(search_fts, 10.0, 1.0, 0.5, 0.0) AS s FROM search_fts "
                "WHERE search_fts MATCH ? ORDER BY s LIMIT ?"
            )
            return [r[0] for r in self.rows(sql, [expr, limit])]
        sql = (
            "SELECT id, ts_rank('{0.0, 0.0, 0.1, 1.0}', tsv, to_tsquery('simple', %s)) AS s "
            "FROM search_searchdocument WHERE tsv @@ to_tsquery('simple', %s) "
            "ORDER BY s DESC, id DESC LIMIT %s"
        )
        return [r[0] for r in self.rows(sql, [expr, expr, limit])]

    def windowed(self, expr: str, limit: int = 20, window: int = 2000) -> tuple[list[int], bool]:
        if self.vendor == "sqlite":
            cut = self.rows(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid DESC "
                "LIMIT 1 OFFSET ?",
                [expr, window],
            )
            cond, params = ("", [expr]) if not cut else (" AND rowid > ?", [expr, cut[0][0]])
            sql = (
                "SELECT rowid, bm25(search_fts, 10.0, 1.0, 0.5, 0.0) AS s FROM search_fts "
                f"WHERE search_fts MATCH ?{cond} ORDER BY s LIMIT ?"
            )
            return [r[0] for r in self.rows(sql, [*params, limit])], bool(cut)
        # PostgreSQL: the backend's own statements (PostgresBackend._window: the (window+1)-th
        # newest match, looked for in a recent stretch of ids when the planner expects many
        # matches, then the ranking above it), run bare on the raw connection.
        from gongkai.search.backends.postgres import PostgresBackend

        with self.raw.cursor() as cur:
            hits, cutoff = PostgresBackend()._window(
                cur, "tsv @@ to_tsquery('simple', %s)", [expr], "tsv", limit=limit, window=window
            )
        return [pk for pk, _ in hits], cutoff is not None

    def plan(self, where: str, expr: str, wanted: int) -> tuple[list[int], dict | None]:
        """The PostgreSQL backend's id floors and planner settings for a query (its planner
        estimate and maximum id are cached per process, as in the backend)."""
        from gongkai.search.backends.postgres import PostgresBackend

        with self.raw.cursor() as cur:
            return PostgresBackend()._plan(cur, where, [expr], wanted)

    def plans(self, settings: dict | None):
        """The backend's planner settings for statements bounded to recent ids."""
        from gongkai.search.backends.postgres import _plans

        return _plans(self.raw.cursor(), settings)

    def pg_count(self, expr: str, limit: int) -> int:
        """The backend's bounded count (PostgreSQL), bare."""
        from gongkai.search.backends.postgres import PostgresBackend

        where = "tsv @@ to_tsquery('simple', %s)"
        floors, settings = self.plan(where, expr, limit)
        with self.plans(settings), self.raw.cursor() as cur:
            return PostgresBackend()._count(cur, where, [expr], limit, floors)

    def scores(self, expr: str, ids: list[int]) -> dict[int, float]:
        """The bare relevance (higher is better) of the given matching ids."""
        if not ids:
            return {}
        marks = ",".join([self.ph] * len(ids))
        if self.vendor == "sqlite":
            sql = (
                "SELECT rowid, -bm25(search_fts, 10.0, 1.0, 0.5, 0.0) FROM search_fts "
                f"WHERE search_fts MATCH ? AND rowid IN ({marks})"
            )
            return dict(self.rows(sql, [expr, *ids]))
        sql = (
            "SELECT id, ts_rank('{0.0, 0.0, 0.1, 1.0}', tsv, to_tsquery('simple', %s)) "
            f"FROM search_searchdocument WHERE tsv @@ to_tsquery('simple', %s) AND id IN ({marks})"
        )
        return dict(self.rows(sql, [expr, expr, *ids]))

    def components(self, expr: str) -> dict[str, float]:
        """The backend's statements for one query, run bare, in ms (all rows fetched)."""
        out = {}
        if self.vendor == "sqlite":
            match, idcol, ph = "search_fts WHERE search_fts MATCH ?", "rowid", "?"
            rank = "bm25(search_fts, 10.0, 1.0, 0.5, 0.0)"
            order = "s"
        else:
            match = "search_searchdocument WHERE tsv @@ to_tsquery('simple', %s)"
            idcol, ph = "id", "%s"
            rank = "ts_rank('{0.0, 0.0, 0.1, 1.0}', tsv, to_tsquery('simple', %s))"
            order = "s DESC, id DESC"
        if self.vendor == "sqlite":
            ms, cut = timed(
                self.rows,
                f"SELECT {idcol} FROM {match} ORDER BY {idcol} DESC LIMIT 1 OFFSET {ph}",
                [expr, 2000],
            )
            out["window cutoff (LIMIT 1 OFFSET 2000)"] = ms
        else:
            from gongkai.search.backends import postgres

            postgres._estimates.clear()
            where = "tsv @@ to_tsquery('simple', %s)"
            ms, _ = timed(self.plan, where, expr, 2001)
            out["planner estimate (EXPLAIN, uncached) + max id"] = ms

            from gongkai.search.backends.postgres import PostgresBackend

            def window():
                with self.raw.cursor() as cur:
                    return PostgresBackend()._window(
                        cur, where, [expr], "tsv", limit=200, window=2000
                    )

            ms, (_, cutoff) = timed(window)
            out["window cutoff + rank 200 (the backend's _window)"] = ms
            cut = [(cutoff,)] if cutoff is not None else []
        cond, params = ("", [expr]) if not cut else (f" AND {idcol} > {ph}", [expr, cut[0][0]])
        if self.vendor == "postgres":
            params = [expr, *params]
        if self.vendor == "postgres" and cut:
            with self.plans(self.plan(where, expr, 2001)[1]):
                ms, ranked = timed(
                    self.rows,
                    f"SELECT {idcol}, {rank} AS s FROM {match}{cond} ORDER BY {order} LIMIT 200",
                    params,
                )
        else:
            ms, ranked = timed(
                self.rows,
                f"SELECT {idcol}, {rank} AS s FROM {match}{cond} ORDER BY {order} LIMIT 200",
                params,
            )
        out["rank among window, top 200"] = ms
        if self.vendor == "sqlite":
            out["count up to 10,001 (newest first)"] = timed(
                self.rows,
                f"SELECT count(*) FROM (SELECT rowid FROM {match} ORDER BY rowid DESC LIMIT 10001)",
                [expr],
            )[0]
        else:
            out["count up to 10,001 (recent-id stretch; not run for windowed queries)"] = timed(
                self.pg_count, expr, 10001
            )[0]
        out["count(*) of all matches (not run by the engine any more)"] = timed(
            self.rows, f"SELECT count(*) FROM {match}", [expr]
        )[0]
        if self.vendor == "sqlite":
            ms, newest = timed(
                self.rows, f"SELECT {idcol} FROM {match} ORDER BY {idcol} DESC LIMIT 5000", [expr]
            )
        else:

            def newest5000():
                with self.raw.cursor() as cur:
                    return PostgresBackend()._newest(
                        cur,
                        where,
                        [expr],
                        wanted=5000,
                        sql="SELECT id FROM search_searchdocument WHERE {where} "
                        "ORDER BY id DESC LIMIT 5000",
                        sql_params=[expr],
                    )

            ms, newest = timed(newest5000)
        out["newest 5000 ids (facets)"] = ms
        ids = [r[0] for r in newest]
        if ids:
            marks = ",".join([ph] * len(ids))
            out["tags of those ids (facets)"] = timed(
                self.rows, f"SELECT tags FROM search_searchdocument WHERE id IN ({marks})", ids
            )[0]
        ids = [r[0] for r in ranked]
        if ids:
            marks = ",".join([ph] * len(ids))
            out["full rows of the 200 ranked ids"] = timed(
                self.rows,
                f"SELECT {MODEL_COLUMNS} FROM search_searchdocument WHERE id IN ({marks})",
                ids,
            )[0]
        return out

    def count(self, expr: str) -> int:
        """Every match, counted (outside the timings; remembered per expression)."""
        cache = self.__dict__.setdefault("_counts", {})
        if expr not in cache:
            cache[expr] = self._count_all(expr)
        return cache[expr]

    def _count_all(self, expr: str) -> int:
        if self.vendor == "sqlite":
            sql = "SELECT count(*) FROM search_fts WHERE search_fts MATCH ?"
        else:
            sql = "SELECT count(*) FROM search_searchdocument WHERE tsv @@ to_tsquery('simple', %s)"
        return self.rows(sql, [expr])[0][0]

    def like(self, words: list[str], limit: int = 20) -> list[int]:
        cond = " AND ".join(f"content LIKE {self.ph}" for _ in words)
        sql = f"SELECT id FROM search_searchdocument WHERE {cond} LIMIT {int(limit)}"
        return [r[0] for r in self.rows(sql, [f"%{w}%" for w in words])]


def build(db: str, args, n: int) -> tuple[dict, list[dict]]:
    from django.db import transaction

    from gongkai.search import services

    seg = [0.0]
    original_row = services._row

    def timed_row(doc):
        t = time.perf_counter()
        row = original_row(doc)
        seg[0] += time.perf_counter() - t
        return row

    services._row = timed_row
    gen_s = index_s = 0.0
    chars = 0
    kept: list[dict] = []
    step = max(1, n // SAMPLE_DOCS)
    df = Counter()
    started = time.perf_counter()
    last_log = started
    try:
        batches = read_batches(Path(args.corpus))
        done = 0
        while True:
            t0 = time.perf_counter()
            raw = next(batches, None)
            if raw is None:
                break
            docs = []
            for d in raw:
                text = d["title"] + d["body"]
                chars += len(text)
                for w in COMMON:
                    if w in text:
                        df[w] += 1
                if d["i"] % step == 0:
                    kept.append(d)
                docs.append(
                    services.Document(
                        key=f"b{d['i']}",
                        title=d["title"],
                        content=d["body"],
                        fileno=d["fileno"],
                        url=f"/items/{d['i']}/",
                        published_at=d["published_at"],
                        tags=d["tags"],
                    )
                )
            t1 = time.perf_counter()
            with transaction.atomic():
                services.index_documents(docs)
            t2 = time.perf_counter()
            gen_s += t1 - t0
            index_s += t2 - t1
            done += len(docs)
            if time.perf_counter() - last_log > 20 or done == n:
                last_log = time.perf_counter()
                log(
                    f"{db}: {done:,}/{n:,} indexed, {done / index_s:,.0f} docs/s "
                    f"(seg {seg[0]:.0f}s, insert {index_s - seg[0]:.0f}s, gen {gen_s:.0f}s)"
                )
    finally:
        services._row = original_row
    assert done == n, f"corpus file has {done} documents, expected {n}"
    info = {
        "docs": n,
        "avg_chars": chars / n,
        "read_corpus_s": gen_s,
        "segment_s": seg[0],
        "insert_s": index_s - seg[0],
        "index_s": index_s,
        "wall_s": time.perf_counter() - started,
        "docs_per_s": n / index_s,
        "substring_df": {w: df[w] / n for w in COMMON},
    }
    return info, kept


PG_GIN = {  # the backend's GIN indexes (gongkai/search/backends/postgres.py INSTALL)
    "search_tsv_gin": "CREATE INDEX search_tsv_gin ON search_searchdocument USING gin (tsv)",
    "search_grams_gin": (
        "CREATE INDEX search_grams_gin ON search_searchdocument USING gin (grams_tsv)"
    ),
    "search_tags_gin": "CREATE INDEX search_tags_gin ON search_searchdocument USING gin (tags_tsv)",
}
COPY_COLUMNS = (
    "key", "title", "fileno", "content", "url", "published_at", "title_tokens", "body_tokens",
    "grams", "tags",
)  # fmt: skip


def build_pg_bulk(args, n: int) -> tuple[dict, list[dict]]:
    """PostgreSQL bulk build: rows made by the same code as the per-row path (services._row:
    rjieba, normalization, bigrams), written with COPY (the stored tsvector columns are
    generated by PostgreSQL during the COPY) while the GIN indexes are dropped, then the GIN
    indexes are created (maintenance_work_mem 1GB for that session). Each part is timed."""
    from django.db import connection

    from gongkai.search import services

    raw = connection.connection  # psycopg 3, autocommit (Django's default)
    with raw.cursor() as cur:
        for index in PG_GIN:
            cur.execute(f"DROP INDEX {index}")
    seg_s = copy_s = gen_s = 0.0
    chars = 0
    kept: list[dict] = []
    step = max(1, n // SAMPLE_DOCS)
    started = last_log = time.perf_counter()
    done = 0
    sql = f"COPY search_searchdocument ({', '.join(COPY_COLUMNS)}) FROM STDIN"
    for batch in read_batches(Path(args.corpus)):
        t0 = time.perf_counter()
        docs = []
        for d in batch:
            chars += len(d["title"] + d["body"])
            if d["i"] % step == 0:
                kept.append(d)
            docs.append(
                services.Document(
                    key=f"b{d['i']}",
                    title=d["title"],
                    content=d["body"],
                    fileno=d["fileno"],
                    url=f"/items/{d['i']}/",
                    published_at=d["published_at"],
                    tags=d["tags"],
                )
            )
        t1 = time.perf_counter()
        rows = [services._row(doc) for doc in docs]
        t2 = time.perf_counter()
        with raw.transaction(), raw.cursor() as cur, cur.copy(sql) as copy:
            for r in rows:
                copy.write_row([getattr(r, c) for c in COPY_COLUMNS])
        t3 = time.perf_counter()
        gen_s += t1 - t0
        seg_s += t2 - t1
        copy_s += t3 - t2
        done += len(rows)
        if time.perf_counter() - last_log > 20 or done == n:
            last_log = time.perf_counter()
            log(
                f"postgres: {done:,}/{n:,} loaded, {done / (seg_s + copy_s):,.0f} docs/s "
                f"(seg {seg_s:.0f}s, COPY {copy_s:.0f}s, gen {gen_s:.0f}s)"
            )
    assert done == n, f"corpus file has {done} documents, expected {n}"
    gin: dict[str, float] = {}
    with raw.cursor() as cur:
        cur.execute("SET maintenance_work_mem = '1GB'")
        for index, create in PG_GIN.items():
            t = time.perf_counter()
            cur.execute(create)
            gin[index] = time.perf_counter() - t
            log(f"postgres: {index} created in {gin[index]:.0f} s")
    index_s = seg_s + copy_s + sum(gin.values())
    info = {
        "docs": n,
        "load": "bulk: COPY of rows made by services._row, then CREATE INDEX ... USING gin",
        "avg_chars": chars / n,
        "read_corpus_s": gen_s,
        "segment_s": seg_s,
        "copy_s": copy_s,
        "gin_s": gin,
        "insert_s": copy_s + sum(gin.values()),
        "index_s": index_s,
        "wall_s": time.perf_counter() - started,
        "docs_per_s": n / index_s,
    }
    return info, kept


def post_build(db: str, workdir: Path, n: int) -> dict:
    from django.db import connection

    out = {}
    t = time.perf_counter()
    with connection.cursor() as cur:
        if db == "sqlite":
            cur.execute("ANALYZE")
            out["analyze_s"] = time.perf_counter() - t
            cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            path = sqlite_path(workdir, n)
            out["file_bytes"] = path.stat().st_size
            try:
                t = time.perf_counter()
                cur.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC")
                sizes = {name: size for name, size in cur.fetchall()}
                out["dbstat_s"] = time.perf_counter() - t
                fts = sum(v for k, v in sizes.items() if k.startswith("search_fts"))
                table = sizes.get("search_searchdocument", 0)
                idx = sum(
                    v
                    for k, v in sizes.items()
                    if k.startswith("search_searchdocument_")
                    or k.startswith("sqlite_autoindex_search_searchdocument")
                )
                out["sizes"] = {
                    "fts5 index (search_fts_*)": fts,
                    "document table": table,
                    "document table indexes": idx,
                    "file": out["file_bytes"],
                }
                out["dbstat"] = {k: v for k, v in sizes.items() if v > 1_000_000}
            except Exception as exc:  # dbstat not compiled in
                out["dbstat_error"] = str(exc)
                out["sizes"] = {"file": out["file_bytes"]}
        else:
            cur.execute("VACUUM ANALYZE search_searchdocument")
            out["analyze_s"] = time.perf_counter() - t
            cur.execute(
                "SELECT pg_total_relation_size('search_searchdocument'), "
                "pg_relation_size('search_searchdocument'), "
                "pg_indexes_size('search_searchdocument'), pg_database_size(current_database())"
            )
            total, heap, indexes, database = cur.fetchone()
            cur.execute(
                "SELECT c.relname, pg_relation_size(c.oid) FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid "
                "WHERE i.indrelid = 'search_searchdocument'::regclass ORDER BY 2 DESC"
            )
            per_index = dict(cur.fetchall())
            out["sizes"] = {
                "total (pg_total_relation_size)": total,
                "heap": heap,
                "toast + fsm/vm": total - heap - indexes,
                "all indexes": indexes,
                **{f"index {k}": v for k, v in per_index.items()},
                "database": database,
            }
    return out


def query_words(text: str) -> list[str]:
    from gongkai.search import segment

    return [t for t in segment.query_tokens(text) if QUERY_WORD.match(t)]


def make_queries(kept: list[dict], seed: int, per_set: int) -> tuple[dict, list[str], dict]:
    rng = random.Random(seed + 1)
    tokens = []
    for d in kept:
        toks = query_words(d["title"] + "，" + d["body"])
        tokens.append(toks)
    df = Counter()
    for toks in tokens:
        df.update(set(toks))
    sets = {}
    for k in (1, 2, 3):
        queries = []
        while len(queries) < per_set:
            j = len(queries)
            forced = COMMON[j % 4] if j < 8 else None
            idx = rng.randrange(len(kept))
            toks = tokens[idx]
            present = [c for c in COMMON if c in toks]
            if forced and forced not in present:
                continue
            others = sorted({t for t in toks if t not in COMMON})
            if len(others) < k:
                continue
            chosen = []
            if forced:
                chosen.append(forced)
            elif present and rng.random() < 0.2:
                chosen.append(rng.choice(present))
            if k >= 2 and chosen and rng.random() < 0.3:
                rest = [c for c in present if c not in chosen]
                if rest:
                    chosen.append(rng.choice(rest))
            while len(chosen) < k:
                if rng.random() < 0.5:
                    w = rng.choice(others)  # distinct words: mostly rarer ones
                else:
                    w = rng.choice([t for t in toks if t not in COMMON])  # by occurrence
                if w not in chosen:
                    chosen.append(w)
            rng.shuffle(chosen)
            queries.append(" ".join(chosen))
        sets[f"{k}-word"] = queries
    frequent = [w for w, _ in df.most_common() if w not in COMMON][:16]
    sets["common"] = COMMON + frequent
    sample_df = {w: df[w] / len(kept) for w in sets["common"]}
    return sets, frequent, sample_df


def timed(fn, *a, **kw):
    t = time.perf_counter()
    r = fn(*a, **kw)
    return (time.perf_counter() - t) * 1000, r


def measure(db: str, args, sets: dict, engine: Engine) -> dict:
    from gongkai.search import services
    from gongkai.search.query import parse

    results = {}
    for name, queries in sets.items():
        exprs = [engine.expression(q) for q in queries]
        lat = {"a": [], "b": [], "c": [], "d": [], "af": []}
        totals, windowed = [], 0
        log(f"{db}: {name}: warm-up ({len(queries)} queries)")
        for q, e in zip(queries, exprs, strict=True):
            res = services.search(q, per_page=20)
            totals.append(res.total)
            windowed += res.windowed
            engine.full(e)
            engine.windowed(e)
        for p in range(args.passes):
            log(f"{db}: {name}: pass {p + 1}/{args.passes}")
            # each method runs over the whole set in turn (its own working set stays warm)
            for q in queries:
                lat["a"].append(timed(services.search, q, per_page=20)[0])
            if has_facets_flag():  # what the portal page asks for
                for q in queries:
                    lat["af"].append(timed(services.search, q, per_page=20, facets=True)[0])
            for e in exprs:
                lat["b"].append(timed(engine.full, e)[0])
            for e in exprs:
                lat["c"].append(timed(engine.windowed, e)[0])
        like_queries = queries[: args.like]
        if args.like:
            log(f"{db}: {name}: LIKE scan on {len(like_queries)} queries")
            engine.like(parse(like_queries[0]).words)  # warm the table pages
            for q in like_queries:
                lat["d"].append(timed(engine.like, parse(q).words)[0])
        stats = {}
        for key, values in lat.items():
            stats[key] = {
                "p50": pct(values, 50),
                "p95": pct(values, 95),
                "mean": statistics.fmean(values) if values else float("nan"),
                "n": len(values),
            }
        results[name] = {
            "queries": len(queries),
            "like_queries": len(like_queries),
            "median_matches": statistics.median(totals),
            "p95_matches": pct(totals, 95),
            "max_matches": max(totals),
            "windowed_queries": windowed,
            "zero_hit_queries": sum(1 for t in totals if t == 0),
            "latency_ms": stats,
            "ratio_a_b": {
                "p50": stats["a"]["p50"] / stats["b"]["p50"],
                "p95": stats["a"]["p95"] / stats["b"]["p95"],
            },
            "ratio_a_c": {
                "p50": stats["a"]["p50"] / stats["c"]["p50"],
                "p95": stats["a"]["p95"] / stats["c"]["p95"],
            },
            "examples": queries[:10],
        }
        summary = "  ".join(f"{k} {v['p50']:.1f}/{v['p95']:.1f}" for k, v in stats.items())
        log(f"{db}: {name}: p50/p95 ms: {summary}")
    return results


def quality(db: str, sets: dict, kept: list[dict], engine: Engine, seed: int) -> dict:
    from gongkai.search import services
    from gongkai.search.models import SearchDocument
    from gongkai.search.text import normalize

    def key_id(key: str) -> int:
        return int(key[1:]) + 1  # ids follow insertion order (checked in the worker)

    out = {}
    for name in ("common", "2-word"):
        overlaps, overlaps_c, title_ours, title_full, win = [], [], [], [], 0
        score_ours, score_c, title_c = [], [], []
        for q in sets[name]:
            e = engine.expression(q)
            full = engine.full(e, 10)
            wind, was_windowed = engine.windowed(e, 10)
            res = services.search(q, per_page=10)
            ours = [key_id(h.key) for h in res.hits]
            if not full:
                continue
            win += was_windowed
            overlaps.append(len(set(ours) & set(full)) / min(10, len(full)))
            overlaps_c.append(len(set(wind) & set(full)) / min(10, len(full)))
            words = [normalize(w) for w in q.split()]
            titles = dict(
                SearchDocument.objects.filter(id__in=set(ours) | set(full) | set(wind)).values_list(
                    "id", "title"
                )
            )

            def rate(ids, titles=titles, words=words):
                if not ids:
                    return 0.0
                return sum(all(w in normalize(titles[i]) for w in words) for i in ids) / len(ids)

            title_ours.append(rate(ours))
            title_full.append(rate(full))
            title_c.append(rate(wind))
            sc = engine.scores(e, list(set(ours) | set(full) | set(wind)))
            best = sum(sc[i] for i in full)
            if best > 0:
                score_ours.append(sum(sc.get(i, 0.0) for i in ours[: len(full)]) / best)
                score_c.append(sum(sc.get(i, 0.0) for i in wind[: len(full)]) / best)
        out[name] = {
            "queries": len(overlaps),
            "windowed_queries": win,
            "overlap10_ours_vs_full": statistics.fmean(overlaps),
            "overlap10_windowed_bare_vs_full": statistics.fmean(overlaps_c),
            "title_match_rate10_ours": statistics.fmean(title_ours),
            "title_match_rate10_full": statistics.fmean(title_full),
            "title_match_rate10_windowed": statistics.fmean(title_c),
            "score_ratio10_ours": statistics.fmean(score_ours),
            "score_ratio10_windowed_bare": statistics.fmean(score_c),
        }
        log(f"{db}: quality {name}: {out[name]}")
    # known items
    rng = random.Random(seed + 2)
    candidates = [d for d in kept if d["kind"] == "generated"]
    rng.shuffle(candidates)
    variants = {
        "K1 two rarest title words": [],
        "K2 rarest + most common title word": [],
        "K3 two most common title words": [],
    }
    for d in candidates:
        if len(variants["K1 two rarest title words"]) >= 50:
            break
        words = sorted(set(query_words(d["title"])))
        if len(words) < 2:
            continue
        dfs = sorted((engine.count(engine.expression(w)), w) for w in words)
        variants["K1 two rarest title words"].append((d, f"{dfs[0][1]} {dfs[1][1]}"))
        variants["K2 rarest + most common title word"].append((d, f"{dfs[0][1]} {dfs[-1][1]}"))
        variants["K3 two most common title words"].append((d, f"{dfs[-2][1]} {dfs[-1][1]}"))
    for name, items in variants.items():
        ours3 = full3 = window3 = noboost3 = unique = win = 0
        totals = []
        for d, q in items:
            target = d["i"] + 1
            res = services.search(q, per_page=3)
            win += res.windowed
            totals.append(res.total)
            ours3 += target in [key_id(h.key) for h in res.hits]
            expr = engine.expression(q)
            full3 += target in engine.full(expr, 3)
            window3 += target in engine.windowed(expr, 3)[0]
            boosted, services._boosted = services._boosted, lambda score, *_: score
            try:  # our layer without the recency boost, to tell its effect from windowing's
                plain = services.search(q, per_page=3)
            finally:
                services._boosted = boosted
            noboost3 += target in [key_id(h.key) for h in plain.hits]
            unique += res.total == 1
        out[name] = {
            "queries": len(items),
            "in_top3_ours": ours3,
            "in_top3_full": full3,
            "in_top3_windowed_bare": window3,
            "in_top3_ours_without_recency_boost": noboost3,
            "windowed_queries": win,
            "median_matches": statistics.median(totals),
            "max_matches": max(totals),
            "single_match_queries": unique,
            "examples": [q for _, q in items[:5]],
        }
        log(f"{db}: quality {name}: {out[name]}")
    return out


class ExclusiveTimer:
    """Wraps functions and records each one's exclusive wall time (minus wrapped callees)."""

    def __init__(self):
        self.ms: dict[str, float] = defaultdict(float)
        self.calls: Counter = Counter()
        self.stack: list[list[float]] = []
        self.undo: list = []

    def wrap(self, owner, attr: str, label: str) -> None:
        original = getattr(owner, attr)
        timer = self

        def wrapper(*a, **kw):
            timer.stack.append([0.0])
            t = time.perf_counter()
            try:
                return original(*a, **kw)
            finally:
                elapsed = (time.perf_counter() - t) * 1000
                children = timer.stack.pop()[0]
                timer.ms[label] += elapsed - children
                timer.calls[label] += 1
                if timer.stack:
                    timer.stack[-1][0] += elapsed

        setattr(owner, attr, wrapper)
        self.undo.append((owner, attr, original))

    def restore(self) -> None:
        for owner, attr, original in reversed(self.undo):
            setattr(owner, attr, original)


def profile(db: str, docs: int, queries: list[str], label: str, engine: Engine) -> dict:
    """Where services.search spends its time: exclusive wall time of its parts (wrapped
    functions), the same SQL statements run bare (raw connection, all rows fetched), and a
    cProfile (text in var/bench/search_bench_profile_<db>_<docs>_<label>.txt)."""
    from django.db.models.query import QuerySet

    from gongkai.search import services
    from gongkai.search.backends import backend_for

    backend_cls = type(backend_for())
    for q in queries:  # warm
        services.search(q, per_page=20)
    timer = ExclusiveTimer()
    timer.wrap(services, "search", "services.search itself (parse, scoring, boosts, sorting)")
    timer.wrap(services, "compile_query", "compile_query (query segmentation)")
    timer.wrap(services, "synonym_map", "synonym_map (reads the synonym table, every query)")
    timer.wrap(backend_cls, "search", "backend.search (window cutoff + rank 200)")
    timer.wrap(backend_cls, "count", "backend.count (matches up to COUNT_LIMIT + 1)")
    if hasattr(backend_cls, "_estimate"):
        timer.wrap(backend_cls, "_estimate", "backend._estimate (planner estimate, cached 60 s)")
    timer.wrap(services, "_term", "_term (synonym expansion + query segmentation per word)")
    timer.wrap(QuerySet, "in_bulk", "in_bulk (load the ranked rows)")
    timer.wrap(services, "highlight", "highlight (titles + snippets)")
    timer.wrap(services, "snippet", "snippet (find the match in content)")
    timer.wrap(services, "_facets", "_facets (load tags of the ids + count in Python)")
    for attr in ("newest_ids", "newest_rows"):
        if hasattr(backend_cls, attr):
            timer.wrap(backend_cls, attr, f"backend.{attr} (newest matches, facets)")
    timer.wrap(services, "suggestions", "suggestions (did-you-mean, no hits only)")
    wall = 0.0
    try:
        for q in queries:
            wall += timed(services.search, q, per_page=20)[0]
    finally:
        timer.restore()
    n = len(queries)
    parts = {
        k: {"ms_per_query": v / n, "calls_per_query": timer.calls[k] / n}
        for k, v in sorted(timer.ms.items(), key=lambda kv: -kv[1])
    }
    # the same statements, bare
    sql: dict[str, list[float]] = defaultdict(list)
    for q in queries:
        for k, v in engine.components(engine.expression(q)).items():
            sql[k].append(v)
    bare = {k: statistics.fmean(v) for k, v in sql.items()}
    prof = cProfile.Profile()
    prof.enable()
    for q in queries:
        services.search(q, per_page=20)
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(40)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / f"search_bench_profile_{db}_{docs}_{label}.txt").write_text(buf.getvalue())
    return {"queries": n, "wall_ms_per_query": wall / n, "parts": parts, "bare_sql_ms": bare}


def git_state() -> str:
    """The commit measured (the engine may change between runs), '+dirty' with local edits."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "gongkai"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        return head + ("+dirty" if dirty else "")
    except OSError:
        return "unknown"


def has_facets_flag() -> bool:
    import inspect

    from gongkai.search import services

    return "facets" in inspect.signature(services.search).parameters


def mode(settings: dict | None) -> str:
    """The name of the backend's planner settings (PostgreSQL)."""
    from gongkai.search.backends import postgres

    if settings is None:
        return "planner's choice"
    return "walk the id index" if settings == postgres.WALK_PLANS else "GIN bitmap AND id range"


def explain_pg(engine: Engine, word: str) -> dict[str, str]:
    """EXPLAIN ANALYZE of the statements for one common word (PostgreSQL): the unbounded
    newest-first probe the backend used to run, and what it runs now."""
    from gongkai.search.backends import postgres

    expr = engine.expression(word)
    where = "tsv @@ to_tsquery('simple', %s)"
    rank = "ts_rank('{0.0, 0.0, 0.1, 1.0}', tsv, to_tsquery('simple', %s))"
    postgres._estimates.clear()
    floors, settings = engine.plan(where, expr, 2001)
    floor = floors.floor
    bounded = where if floor == 0 else f"{where} AND id > {int(floor)}"
    with engine.raw.cursor() as cur:  # the cutoff the backend finds (widening as needed)
        _, found = postgres.PostgresBackend()._window(
            cur, where, [expr], "tsv", limit=200, window=2000
        )
    cutoff = found or 0
    count_floors, count_settings = engine.plan(where, expr, 10001)
    count_floor = count_floors.floor
    counted = where if count_floor == 0 else f"{where} AND id > {int(count_floor)}"
    statements = {
        "window cutoff, unbounded (before)": (
            f"SELECT id FROM search_searchdocument WHERE {where} ORDER BY id DESC "
            "LIMIT 1 OFFSET 2000",
            [expr],
        ),
        f"window cutoff, first recent-id stretch (now; floor {floor}, {mode(settings)})": (
            f"SELECT count(*), min(id) FROM (SELECT id FROM search_searchdocument "
            f"WHERE {bounded} ORDER BY id DESC LIMIT 2001) AS m",
            [expr],
        ),
        f"rank above the cutoff ({mode(settings)})": (
            f"SELECT id, {rank} AS s FROM search_searchdocument WHERE {where} AND id > %s "
            "ORDER BY s DESC, id DESC LIMIT 200",
            [expr, expr, cutoff],
        ),
        "rank (full)": (
            f"SELECT id, {rank} AS s FROM search_searchdocument WHERE {where} "
            "ORDER BY s DESC, id DESC LIMIT 20",
            [expr, expr],
        ),
        f"count up to 10,001, recent ids ({mode(count_settings)}; not run for windowed queries)": (
            f"SELECT count(*) FROM (SELECT 1 FROM search_searchdocument WHERE {counted} "
            "LIMIT 10001) AS m",
            [expr],
        ),
        "count(*) of all matches (before)": (
            f"SELECT count(*) FROM search_searchdocument WHERE {where}",
            [expr],
        ),
    }
    before = {name for name in statements if "before" in name or name == "rank (full)"}
    out = {}
    for name, (sql, params) in statements.items():
        # the backend's planner settings for the bounded statements (bitmap scans only)
        if name in before:
            planned = None
        elif name.startswith("count"):
            planned = count_settings
        else:
            planned = settings
        with engine.plans(planned):
            rows = engine.rows("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        out[name] = "\n".join(r[0] for r in rows)
    return out


def worker(args) -> None:
    import pickle

    db = args.worker
    n = args.pg_docs if (db == "postgres" and args.pg_docs) else args.docs
    keep = bool(args.workdir)
    workdir = Path(args.workdir) if keep else Path(tempfile.mkdtemp(prefix="gongkai-search-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    name = pg_name(args, n)
    state = state_path(workdir, db, n)
    reuse = keep and state.exists()
    if db == "postgres" and not reuse:
        create_pg_db(args.pg_url, name)
    if db == "sqlite" and not reuse:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sqlite_path(workdir, n)}{suffix}").unlink(missing_ok=True)
    try:
        setup_django(db, workdir, args.pg_url, n, name)
        from django.core.management import call_command
        from django.db import connection

        from gongkai.search import segment
        from gongkai.search.models import SearchDocument

        call_command("migrate", verbosity=0)
        segment.jieba()  # load the dictionary once, outside the timings
        if reuse:
            saved = pickle.loads(state.read_bytes())
            info, kept = saved["info"], saved["kept"]
            log(f"{db}: reusing the {n:,}-document database in {workdir} (built {saved['at']})")
        else:
            log(f"{db}: migrated; indexing {n:,} documents")
            if db == "postgres" and args.pg_load == "bulk":
                info, kept = build_pg_bulk(args, n)
            else:
                info, kept = build(db, args, n)
            info.update(json.loads(args.corpus_info))
            last = SearchDocument.objects.get(key=f"b{n - 1}")
            assert last.id == n, "ids do not follow insertion order"
            info.update(post_build(db, workdir, n))
            if keep:
                at = datetime.now(UTC).isoformat(timespec="seconds")
                state.write_bytes(pickle.dumps({"info": info, "kept": kept, "at": at}))
        brief = {k: v for k, v in info.items() if k != "dbstat"}
        log(f"{db}: built: {json.dumps(brief, default=str)}")
        if args.build_only:
            Path(args.result).write_text(json.dumps({"db": db, "docs": n, "build_only": True}))
            return
        engine = Engine(db)
        sets, _, _ = make_queries(kept, args.seed, args.queries)
        common_df = {}
        for w in sets["common"]:
            common_df[w] = engine.count(engine.expression(w)) / n
        info["common_word_df"] = common_df
        log(f"{db}: document frequency of the common-word queries: {common_df}")
        result = {
            "db": db,
            "docs": n,
            "sqlite_version": connection.connection.execute("select sqlite_version()").fetchone()[0]
            if db == "sqlite"
            else None,
            "pg_version": None,
            "build": info,
            "settings": {
                "loops": "per method: all (a), then all (b), then all (c), per pass",
                "batch": args.batch,
                "passes": args.passes,
                "like_queries": args.like,
                "seed": args.seed,
            },
        }
        if db == "postgres":
            with connection.cursor() as cur:
                cur.execute("SHOW server_version")
                result["pg_version"] = cur.fetchone()[0]
        from gongkai.search import services

        result["engine"] = {
            "RANK_LIMIT": services.RANK_LIMIT,
            "WINDOW": services.WINDOW,
            "FACET_WINDOW": services.FACET_WINDOW,
            "FALLBACK_BELOW": services.FALLBACK_BELOW,
            "git": git_state(),
            "search_has_facets_flag": has_facets_flag(),
        }
        if db == "postgres":
            result["explain"] = {w: explain_pg(engine, w) for w in ("通知", "2016")}
        result["latency"] = measure(db, args, sets, engine)
        result["quality"] = quality(db, sets, kept, engine, args.seed)
        log(f"{db}: profiling")
        result["profile"] = {
            "common": profile(db, n, sets["common"], "common", engine),
            "2-word": profile(db, n, sets["2-word"][:20], "2word", engine),
        }
        Path(args.result).write_text(json.dumps(result, ensure_ascii=False, indent=1, default=str))
    finally:
        from django.db import connections

        connections.close_all()
        if db == "postgres" and not keep:
            drop_pg_db(args.pg_url, name)
        if keep:
            log(f"{db}: kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


# --- report ----------------------------------------------------------------------------------


def mb(b) -> str:
    return f"{b / 1e6:,.0f} MB"


def row(*cells) -> None:
    print("| " + " | ".join(str(c) for c in cells) + " |")


def header(*cells) -> None:
    row(*cells)
    row(*["---"] * len(cells))


def pair(d: dict, fmt: str = ".1f") -> str:
    return f"{d['p50']:{fmt}} / {d['p95']:{fmt}}"


def report(runs: list[dict]) -> None:
    runs = sorted(runs, key=lambda r: (r["docs"], r["db"]))
    print("\n## Build\n")
    header(
        "DB", "docs", "avg chars/doc", "generate s", "segmentation s", "DB insert s",
        "index total s", "docs/s", "ANALYZE s", "size",
    )  # fmt: skip
    for r in runs:
        b = r["build"]
        size = b["sizes"].get("file") or b["sizes"].get("total (pg_total_relation_size)")
        row(
            r["db"], f"{r['docs']:,}", f"{b['avg_chars']:.0f}", f"{b['generate_s']:.0f}",
            f"{b['segment_s']:.0f}", f"{b['insert_s']:.0f}", f"{b['index_s']:.0f}",
            f"{b['docs_per_s']:,.0f}", f"{b['analyze_s']:.1f}", mb(size),
        )  # fmt: skip
    for r in runs:
        b = r["build"]
        if "copy_s" in b:
            gin = ", ".join(f"{k} {v:.0f} s" for k, v in b["gin_s"].items())
            print(
                f"\n- {r['db']} {r['docs']:,} bulk build: segmentation (services._row) "
                f"{b['segment_s']:.0f} s, COPY (tsvector columns generated) {b['copy_s']:.0f} s, "
                f"CREATE INDEX gin: {gin}; total {b['index_s']:.0f} s"
            )
    print("\n## Sizes\n")
    for r in runs:
        parts = ", ".join(f"{k} {mb(v)}" for k, v in r["build"]["sizes"].items())
        print(f"- {r['db']} {r['docs']:,}: {parts}")
    print("\n## Document frequency of the common-word queries (share of all documents)\n")
    for r in runs:
        df = r["build"].get("common_word_df", {})
        print(f"- {r['db']} {r['docs']:,}: " + ", ".join(f"{w} {v:.1%}" for w, v in df.items()))
    print("\n## Query latency (ms, warm, single thread)\n")
    print(
        "(a) our layer services.search(per_page=20); (b) bare engine, fully ranked top-20; "
        "(c) bare engine, windowed (newest 2,000 matches ranked); (d) LIKE scan, LIMIT 20; "
        "(a+f) our layer with facets=True (what the portal page asks for), where the engine "
        "has that flag\n"
    )
    for r in runs:
        loops = r.get("settings", {}).get("loops", "interleaved: (a), (b), (c) per query")
        commit = r["engine"].get("git", "?")
        print(f"- {r['db']} {r['docs']:,}: engine {commit}; loops {loops}")
    print()
    header(
        "DB", "docs", "set", "median / p95 matches", "windowed", "(a) p50 / p95",
        "(a+f) p50 / p95", "(b) p50 / p95", "(c) p50 / p95", "(d) LIKE p50 / p95 (n)",
        "(a)/(b) p50, p95", "(a)/(c) p50, p95",
    )  # fmt: skip
    for r in runs:
        for name, s in r["latency"].items():
            L = s["latency_ms"]
            row(
                r["db"], f"{r['docs']:,}", name,
                f"{s['median_matches']:,.0f} / {s['p95_matches']:,.0f}",
                f"{s['windowed_queries']}/{s['queries']}", pair(L["a"]),
                pair(L["af"]) if L.get("af", {}).get("n") else "–", pair(L["b"]),
                pair(L["c"]), f"{pair(L['d'])} ({s['like_queries']})",
                f"{s['ratio_a_b']['p50']:.2f}, {s['ratio_a_b']['p95']:.2f}",
                f"{s['ratio_a_c']['p50']:.2f}, {s['ratio_a_c']['p95']:.2f}",
            )  # fmt: skip
    print("\n## Targets (SQLite at 1,000,000: p95 of (a) < 50 ms; (a) <= 2x the bare engine)\n")
    for r in runs:
        for name, s in r["latency"].items():
            p95 = s["latency_ms"]["a"]["p95"]
            ab, ac = s["ratio_a_b"]["p95"], s["ratio_a_c"]["p95"]
            print(
                f"- {r['db']} {r['docs']:,} {name}: p95 {p95:.1f} ms "
                f"({'met' if p95 < 50 else 'MISSED'}); (a)/(b) p95 {ab:.2f} "
                f"({'met' if ab <= 2 else 'MISSED'}); (a)/(c) p95 {ac:.2f} "
                f"({'met' if ac <= 2 else 'MISSED'})"
            )
    for r in runs:
        for word, plans in (r.get("explain") or {}).items():
            if not isinstance(plans, dict):
                continue
            print(f"\n**{r['db']} {r['docs']:,}: EXPLAIN ANALYZE for {word}**\n")
            header("statement", "execution time", "first scan node of the plan")
            for name, plan in plans.items():
                lines = plan.splitlines()
                took = next((x for x in lines if x.startswith("Execution Time")), "?")
                scans = [x.strip(" ->") for x in lines if "Scan" in x] or lines[:1] or [""]
                scan = scans[0]
                row(name, took.replace("Execution Time: ", ""), scan[:110])
    print("\n## Quality\n")
    print(
        "Top-10 compared with the full ranking's top-10 (b). Score ratio: the bare relevance "
        "summed over a top-10, divided by the full ranking's (1.000 = as relevant as the best).\n"
    )
    header(
        "DB", "docs", "set", "queries (windowed)", "overlap@10 ours / windowed bare",
        "score ratio@10 ours / windowed bare",
        "all query words in title@10: ours / windowed bare / full",
    )  # fmt: skip
    for r in runs:
        for name in ("common", "2-word"):
            q = r["quality"][name]
            row(
                r["db"], f"{r['docs']:,}", name, f"{q['queries']} ({q['windowed_queries']})",
                f"{q['overlap10_ours_vs_full']:.2f} / {q['overlap10_windowed_bare_vs_full']:.2f}",
                f"{q['score_ratio10_ours']:.3f} / {q['score_ratio10_windowed_bare']:.3f}",
                f"{q['title_match_rate10_ours']:.2f} / {q['title_match_rate10_windowed']:.2f}"
                f" / {q['title_match_rate10_full']:.2f}",
            )  # fmt: skip
    print()
    header(
        "DB", "docs", "known-item queries", "n", "target in top-3: ours", "full ranking (b)",
        "windowed bare (c)", "ours without recency boost", "windowed", "median / max matches",
    )  # fmt: skip
    for r in runs:
        for name, q in r["quality"].items():
            if name.startswith("K"):
                row(
                    r["db"], f"{r['docs']:,}", name, q["queries"], q["in_top3_ours"],
                    q["in_top3_full"], q.get("in_top3_windowed_bare", "–"),
                    q.get("in_top3_ours_without_recency_boost", "–"), q["windowed_queries"],
                    f"{q['median_matches']:,.0f} / {q['max_matches']:,}",
                )  # fmt: skip
    print("\n## Where our layer spends its time\n")
    print(
        "Exclusive wall time of the parts of services.search (wrapped functions; SQL included "
        "in the function that runs it), and the same SQL statements run bare.\n"
    )
    for r in runs:
        for label, p in r.get("profile", {}).items():
            print(
                f"**{r['db']} {r['docs']:,}, {label} queries ({p['queries']}): "
                f"{p['wall_ms_per_query']:.1f} ms/query**\n"
            )
            header("part of services.search", "ms/query", "calls/query")
            for k, v in p["parts"].items():
                row(k, f"{v['ms_per_query']:.1f}", f"{v['calls_per_query']:.1f}")
            print()
            header("the backend's statements, bare", "ms/query")
            for k, v in p["bare_sql_ms"].items():
                row(k, f"{v:.1f}")
            print()


def load_runs(out: Path = OUT) -> list[dict]:
    if out.exists():
        return json.loads(out.read_text()).get("runs", [])
    return []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1_000_000)
    parser.add_argument(
        "--pg-docs", type=int, default=0, help="documents for PostgreSQL (default: --docs)"
    )
    parser.add_argument("--dbs", default="sqlite,postgres")
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--like", type=int, default=20, help="LIKE queries per set")
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument(
        "--workdir",
        help="keep the databases (SQLite file, PostgreSQL gk_search_bench_<docs>) and the corpus "
        "here, and reuse them when a later run asks for the same size (no rebuild: the build "
        "numbers of the run that built it are reported)",
    )
    parser.add_argument(
        "--build-only", action="store_true", help="build (with --workdir) and stop; measure later"
    )
    parser.add_argument(
        "--pg-load",
        choices=["bulk", "rows"],
        default="bulk",
        help="PostgreSQL build: bulk (segment with the same code, COPY, then CREATE the GIN "
        "indexes) or rows (services.index_documents per batch, like SQLite; slow at 1M)",
    )
    parser.add_argument("--report", action="store_true", help="print the tables of the stored runs")
    parser.add_argument("--out", default=str(OUT), help="the results file (runs are merged in)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    parser.add_argument("--corpus-info", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return
    if args.report:
        report(load_runs(Path(args.out)))
        return
    if jieba_dict() is None:
        log("jieba is not installed: vocabulary from the Pingtan bodies only (see the docstring)")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    runs = []
    tmp = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="gongkai-search-"))
    tmp.mkdir(parents=True, exist_ok=True)
    corpora: dict[int, tuple[Path, dict]] = {}
    for db in [d.strip() for d in args.dbs.split(",") if d.strip()]:
        n = args.pg_docs if (db == "postgres" and args.pg_docs) else args.docs
        path, meta = tmp / f"corpus-{n}.pickle", tmp / f"corpus-{n}.json"
        if args.workdir and state_path(tmp, db, n).exists():
            corpora.setdefault(n, (path, {}))  # the database is reused: no corpus needed
        elif n not in corpora or not corpora[n][0].exists():
            if args.workdir and meta.exists() and path.exists():
                corpora[n] = (path, json.loads(meta.read_text()))
            else:
                corpora[n] = (path, generate(n, args.seed, path, args.batch))
                meta.write_text(json.dumps(corpora[n][1]))
        fd, result = tempfile.mkstemp(suffix=".json")
        os.close(fd)
        cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", db, "--result", result]
        cmd += ["--corpus", str(corpora[n][0]), "--corpus-info", json.dumps(corpora[n][1])]
        for opt in ("docs", "pg_docs", "batch", "queries", "like", "passes", "seed", "pg_url"):
            cmd += [f"--{opt.replace('_', '-')}", str(getattr(args, opt))]
        cmd += ["--pg-load", args.pg_load]
        if args.workdir:
            cmd += ["--workdir", str(tmp)]
        if args.build_only:
            cmd.append("--build-only")
        started = time.monotonic()
        subprocess.run(cmd, check=True, cwd=ROOT)
        log(f"{db}: done in {time.monotonic() - started:.0f} s")
        done = json.loads(Path(result).read_text())
        os.unlink(result)
        if done.get("build_only"):
            continue
        runs.append(done)
        stored = [
            r for r in load_runs(out) if (r["db"], r["docs"]) != (runs[-1]["db"], runs[-1]["docs"])
        ]
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        out.write_text(
            json.dumps({"runs": [*stored, runs[-1]]}, ensure_ascii=False, indent=1, default=str)
        )
    if args.workdir is None:
        shutil.rmtree(tmp, ignore_errors=True)
    if not runs:
        return
    report(runs)
    print(f"\nAll stored runs: {out} (print them with --report)")


if __name__ == "__main__":
    main()
