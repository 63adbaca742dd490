"""Search benchmark: index build time, index size, query latency and ranking quality of the
search engine (gongkai.search) on N generated documents, on SQLite FTS5 and PostgreSQL.

    .venv/bin/python bench/search_bench.py [--docs 1000000] [--pg-docs N] [--dbs sqlite,postgres]
    .venv/bin/python bench/search_bench.py --report          # print the tables of the last runs

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
gk_search_bench on --pg-url, created and dropped here), in a subprocess each:
1. migrate, then index through the real code path `services.index_documents()` in batches
   inside `transaction.atomic`; build time is split into segmentation (services._row: rjieba,
   normalization, bigrams, row objects) and the database insert (delete-by-key, bulk_create,
   FTS5 triggers / generated tsvector columns + GIN). Then ANALYZE (PG: VACUUM ANALYZE) and
   index sizes (SQLite: file size and dbstat; PG: pg_relation_size per relation).
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
   (d) LIKE scan: content LIKE '%w%' AND … LIMIT 20 (first --like queries per set; `content`
       is the body without the title).
3. Quality: overlap@10 and bare-score ratio@10 of our top-10 (and of (c)) against the full
   ranking (b), title-match rate of the top-10 (common and two-word sets); known-item queries
   from 50 generated titles (K1 the two rarest title words, K2 rarest + most common, K3 the two
   most common): is the document in the top-3 of ours, (b), (c), and ours without the recency
   boost (to tell the boost's effect from the window's)?
4. Where our layer spends its time on 20 common-word and 20 two-word queries: exclusive time of
   its parts, the backend's statements run bare, and a cProfile (var/bench/*.txt).

Run time on the 2-core VM (Nov 2026): 200,000 documents ≈ 9 min on SQLite and ≈ 25 min on
PostgreSQL (its insert, ~270 docs/s, is to_tsvector + GIN maintenance); 1,000,000 on SQLite
≈ 30 min (≈ 700 docs/s). PostgreSQL at 1,000,000 would take over an hour to build: use
--pg-docs to give it fewer documents.
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


def setup_django(db: str, workdir: Path, pg_url: str) -> None:
    if db == "sqlite":
        url = f"sqlite:///{workdir / 'search_bench.sqlite3'}"
    else:
        url = f"{pg_url.rstrip('/')}/{PG_DB}"
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


def create_pg_db(pg_url: str) -> None:
    import psycopg

    with psycopg.connect(f"{pg_url.rstrip('/')}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
        conn.execute(f"CREATE DATABASE {PG_DB}")


def drop_pg_db(pg_url: str) -> None:
    import psycopg

    with psycopg.connect(f"{pg_url.rstrip('/')}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DB}")


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
        where = "tsv @@ to_tsquery('simple', %s)"
        cut = self.rows(
            f"SELECT id FROM search_searchdocument WHERE {where} ORDER BY id DESC "
            "LIMIT 1 OFFSET %s",
            [expr, window],
        )
        cond, params = ("", [expr]) if not cut else (" AND id > %s", [expr, cut[0][0]])
        sql = (
            "SELECT id, ts_rank('{0.0, 0.0, 0.1, 1.0}', tsv, to_tsquery('simple', %s)) AS s "
            f"FROM search_searchdocument WHERE {where}{cond} ORDER BY s DESC, id DESC LIMIT %s"
        )
        return [r[0] for r in self.rows(sql, [expr, *params, limit])], bool(cut)

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
        ms, cut = timed(
            self.rows,
            f"SELECT {idcol} FROM {match} ORDER BY {idcol} DESC LIMIT 1 OFFSET {ph}",
            [expr, 2000],
        )
        out["window cutoff (LIMIT 1 OFFSET 2000)"] = ms
        cond, params = ("", [expr]) if not cut else (f" AND {idcol} > {ph}", [expr, cut[0][0]])
        if self.vendor == "postgres":
            params = [expr, *params]
        ms, ranked = timed(
            self.rows,
            f"SELECT {idcol}, {rank} AS s FROM {match}{cond} ORDER BY {order} LIMIT 200",
            params,
        )
        out["rank among window, top 200"] = ms
        out["count(*) of all matches"] = timed(self.rows, f"SELECT count(*) FROM {match}", [expr])[
            0
        ]
        ms, newest = timed(
            self.rows, f"SELECT {idcol} FROM {match} ORDER BY {idcol} DESC LIMIT 5000", [expr]
        )
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


def post_build(db: str, workdir: Path) -> dict:
    from django.db import connection

    out = {}
    t = time.perf_counter()
    with connection.cursor() as cur:
        if db == "sqlite":
            cur.execute("ANALYZE")
            out["analyze_s"] = time.perf_counter() - t
            cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            path = workdir / "search_bench.sqlite3"
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
    timer.wrap(backend_cls, "search", "backend.search (window cutoff + rank 200 + count(*))")
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


def explain_pg(engine: Engine, word: str) -> dict[str, str]:
    """EXPLAIN ANALYZE of the backend's statements for one common word (PostgreSQL)."""
    expr = engine.expression(word)
    where = "tsv @@ to_tsquery('simple', %s)"
    rank = "ts_rank('{0.0, 0.0, 0.1, 1.0}', tsv, to_tsquery('simple', %s))"
    statements = {
        "window cutoff": (
            f"SELECT id FROM search_searchdocument WHERE {where} ORDER BY id DESC "
            "LIMIT 1 OFFSET 2000",
            [expr],
        ),
        "rank (full)": (
            f"SELECT id, {rank} AS s FROM search_searchdocument WHERE {where} "
            "ORDER BY s DESC, id DESC LIMIT 20",
            [expr, expr],
        ),
        "count": (f"SELECT count(*) FROM search_searchdocument WHERE {where}", [expr]),
    }
    out = {}
    for name, (sql, params) in statements.items():
        rows = engine.rows("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        out[name] = "\n".join(r[0] for r in rows)
    return out


def worker(args) -> None:
    db = args.worker
    n = args.pg_docs if (db == "postgres" and args.pg_docs) else args.docs
    workdir = Path(tempfile.mkdtemp(prefix="gongkai-search-bench-"))
    if db == "postgres":
        create_pg_db(args.pg_url)
    try:
        setup_django(db, workdir, args.pg_url)
        from django.core.management import call_command
        from django.db import connection

        from gongkai.search import segment
        from gongkai.search.models import SearchDocument

        call_command("migrate", verbosity=0)
        segment.jieba()  # load the dictionary once, outside the timings
        log(f"{db}: migrated; generating and indexing {n:,} documents")
        info, kept = build(db, args, n)
        info.update(json.loads(args.corpus_info))
        last = SearchDocument.objects.get(key=f"b{n - 1}")
        assert last.id == n, "ids do not follow insertion order"
        info.update(post_build(db, workdir))
        brief = {k: v for k, v in info.items() if k != "dbstat"}
        log(f"{db}: built: {json.dumps(brief, default=str)}")
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
            result["explain"] = explain_pg(engine, "通知")
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
        if db == "postgres" and not args.keep:
            drop_pg_db(args.pg_url)
        if args.keep:
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


def load_runs() -> list[dict]:
    if OUT.exists():
        return json.loads(OUT.read_text()).get("runs", [])
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
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    parser.add_argument("--report", action="store_true", help="print the tables of the stored runs")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    parser.add_argument("--corpus-info", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return
    if args.report:
        report(load_runs())
        return
    if jieba_dict() is None:
        log("jieba is not installed: vocabulary from the Pingtan bodies only (see the docstring)")
    runs = []
    tmp = Path(tempfile.mkdtemp(prefix="gongkai-search-corpus-"))
    corpora: dict[int, tuple[Path, dict]] = {}
    for db in [d.strip() for d in args.dbs.split(",") if d.strip()]:
        n = args.pg_docs if (db == "postgres" and args.pg_docs) else args.docs
        if n not in corpora:
            path = tmp / f"corpus-{n}.pickle"
            corpora[n] = (path, generate(n, args.seed, path, args.batch))
        fd, result = tempfile.mkstemp(suffix=".json")
        os.close(fd)
        cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", db, "--result", result]
        cmd += ["--corpus", str(corpora[n][0]), "--corpus-info", json.dumps(corpora[n][1])]
        for opt in ("docs", "pg_docs", "batch", "queries", "like", "passes", "seed", "pg_url"):
            cmd += [f"--{opt.replace('_', '-')}", str(getattr(args, opt))]
        if args.keep:
            cmd.append("--keep")
        started = time.monotonic()
        subprocess.run(cmd, check=True, cwd=ROOT)
        log(f"{db}: done in {time.monotonic() - started:.0f} s")
        runs.append(json.loads(Path(result).read_text()))
        os.unlink(result)
        stored = [
            r for r in load_runs() if (r["db"], r["docs"]) != (runs[-1]["db"], runs[-1]["docs"])
        ]
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        OUT.write_text(
            json.dumps({"runs": [*stored, runs[-1]]}, ensure_ascii=False, indent=1, default=str)
        )
    shutil.rmtree(tmp, ignore_errors=True)
    report(runs)
    print(f"\nAll stored runs: {OUT} (print them with --report)")


if __name__ == "__main__":
    main()
