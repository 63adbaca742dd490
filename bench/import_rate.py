"""Import speed of `gongkai import_items` on a fresh SQLite database.

    .venv/bin/python bench/import_rate.py [-n 10000] [--keep]

Generates N synthetic JSON lines from the real Pingtan titles (importer.synthetic_lines),
then times, in the same run: parsing only (the baseline: no database), importing as
drafts, importing with --publish (index numbers, late flags, audit events) and re-running
the published file (every line a duplicate). Prints items/second for each.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "pingtan" / "documents.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000, help="lines per run (default 10000)")
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="gongkai-bench-"))
    os.environ["GONGKAI_DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from gongkai.catalog import importer
    from gongkai.core import services
    from gongkai.core.demo import demo_code

    call_command("migrate", verbosity=0)
    services.create_organization(
        name="基准测试管委会", kind="government", code=demo_code(1), by=None
    )

    def write(name: str, prefix: str) -> Path:
        path = workdir / name
        with open(path, "w", encoding="utf-8") as fh:
            for line in importer.synthetic_lines(args.n, args.source, prefix=prefix):
                fh.write(line + "\n")
        return path

    drafts = write("drafts.jsonl", "https://bench.example.cn/drafts")
    published = write("published.jsonl", "https://bench.example.cn/published")

    def timed(label: str, run) -> None:
        started = time.perf_counter()
        run()
        seconds = time.perf_counter() - started
        print(f"{label:<28} {args.n:>7} 行  {seconds:7.2f} 秒  {args.n / seconds:8.0f} 行/秒")

    def parse_only() -> None:
        with open(published, "rb") as fh:
            for number, raw in enumerate(fh, start=1):
                importer.parse_line(raw, number)

    def command(path: Path, *options: str):
        def run() -> None:
            out = io.StringIO()
            call_command("import_items", str(path), *options, stdout=out, stderr=io.StringIO())
            assert "错误（跳过）：0" in out.getvalue(), out.getvalue()

        return run

    print(f"SQLite {workdir / 'bench.sqlite3'}；数据来源 {args.source.name}")
    timed("基线：仅解析（不写库）", parse_only)
    timed("导入为草稿", command(drafts))
    timed("导入并发布（--publish）", command(published, "--publish"))
    timed("再次导入（全部重复）", command(published, "--publish"))
    if not args.keep:
        import shutil

        shutil.rmtree(workdir)


if __name__ == "__main__":
    main()
