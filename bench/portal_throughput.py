"""Portal throughput against a bare Django view, in the same run, plus the import rate.

    .venv/bin/python bench/portal_throughput.py [--items 100000] [--seconds 8] [--rounds 3]

1. A fresh SQLite database (WAL) in a temporary folder: migrate, the demo, then N generated
   items imported with `--publish` through the real importer (reports items/second).
2. granian (WSGI, 2 workers, DEBUG off) serves bench.wsgi; wrk (2 threads, 16 connections)
   loads each URL for --seconds, in --rounds interleaved rounds: the bare view (baseline),
   an item page, the first catalog page, a deep catalog page, a unit catalog page, the RSS
   feed and the API list. Reports median req/s and p50/p99 latency, and each page's ratio
   to the baseline. Results also go to var/bench/portal_throughput.json.
Needs `wrk` (Debian package) on PATH.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "data" / "pingtan" / "documents.jsonl"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url_port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", url_port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError("server did not start")


def parse_wrk(output: str) -> dict:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = {}
    for pct in ("50", "99"):
        m = re.search(rf"\s{pct}(?:\.000)?%\s+([\d.]+)(us|ms|s)", output)
        value, unit = float(m.group(1)), m.group(2)
        latency[pct] = value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": rps,
        "p50_ms": latency["50"],
        "p99_ms": latency["99"],
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--workdir",
        type=Path,
        help="keep the database here and reuse it when it already holds the items",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install -y wrk")

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="gongkai-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "GONGKAI_DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "GONGKAI_VAR_DIR": str(workdir),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "GONGKAI_DEBUG": "false",
        "GONGKAI_ALLOWED_HOSTS": "127.0.0.1",
        "PYTHONPATH": str(ROOT),
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from gongkai.catalog import importer
    from gongkai.catalog.models import Category, Item
    from gongkai.core.models import Organization

    call_command("migrate", verbosity=0)
    import_rate = None
    if Item.objects.published().count() < args.items:
        call_command("load_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        root = Organization.objects.get(parent=None)
        started = time.monotonic()
        summary = importer.import_lines(
            importer.synthetic_lines(args.items, SOURCE), parent=root, publish=True
        )
        import_seconds = time.monotonic() - started
        import_rate = summary.imported / import_seconds
        print(
            f"import: {summary.imported} items in {import_seconds:.1f} s = {import_rate:.0f} "
            "items/s (published: index numbers, audit events, search index)"
        )
    else:
        print("import: skipped, reusing the database in --workdir")
    call_command("optimize_db", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    total = Item.objects.published().count()
    middle = Item.objects.published().order_by("pk")[total // 2]
    unit = Organization.objects.filter(items__isnull=False).order_by("-pk").first()
    category = Category.objects.get(name="通知公告")
    django.db.connections.close_all()

    urls = {
        "bare view (baseline)": "/bench/hello/",
        "item page": f"/items/{middle.pk}/",
        "catalog page 1": "/catalog/",
        "catalog page 200": "/catalog/?page=200",
        "catalog by category": f"/catalog/?category={category.pk}",
        "unit catalog": f"/units/{unit.pk}/",
        "RSS feed": "/feeds/rss/",
        "API list": "/api/items?page_size=20",
    }
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("granian")),
            "--interface",
            "wsgi",
            "--workers",
            "2",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-ws",
            "bench.wsgi:application",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    results: dict[str, list[dict]] = {name: [] for name in urls}
    try:
        wait_for(port)
        base = f"http://127.0.0.1:{port}"
        for path in urls.values():  # warm up and check every URL answers
            subprocess.run(
                ["wrk", "-t1", "-c1", "-d1s", base + path], check=True, capture_output=True
            )
        for _ in range(args.rounds):
            for name, path in urls.items():
                out = subprocess.run(
                    [
                        "wrk",
                        "-t2",
                        f"-c{args.connections}",
                        f"-d{args.seconds}s",
                        "--latency",
                        base + path,
                    ],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
                results[name].append(parse_wrk(out))
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=20)

    baseline = statistics.median(r["rps"] for r in results["bare view (baseline)"])
    rows = []
    print(
        f"\n{total} published items; {args.rounds} rounds x {args.seconds}s, "
        f"wrk -t2 -c{args.connections}, granian WSGI 2 workers, SQLite WAL\n"
    )
    print("| URL | req/s (median) | p50 ms | p99 ms | ratio to bare view | non-2xx |")
    print("|---|---|---|---|---|---|")
    for name, runs in results.items():
        rps = statistics.median(r["rps"] for r in runs)
        p50 = statistics.median(r["p50_ms"] for r in runs)
        p99 = statistics.median(r["p99_ms"] for r in runs)
        non_2xx = sum(r["non_2xx"] for r in runs)
        rows.append(
            {
                "name": name,
                "path": urls[name],
                "rps": rps,
                "p50_ms": p50,
                "p99_ms": p99,
                "ratio": rps / baseline,
                "non_2xx": non_2xx,
                "runs": runs,
            }
        )
        print(f"| {name} | {rps:.0f} | {p50:.1f} | {p99:.1f} | {rps / baseline:.2f} | {non_2xx} |")
    out_dir = ROOT / "var" / "bench"
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "portal_throughput.json").write_text(
        json.dumps(
            {
                "items": total,
                "import_items_per_s": import_rate,
                "rows": rows,
            },
            ensure_ascii=False,
            indent=2,
        )
    )
    if args.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
