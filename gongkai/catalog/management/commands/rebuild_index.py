import sys
import time

from django.core.management.base import BaseCommand

from gongkai.catalog import search_index
from gongkai.search import segment


class Command(BaseCommand):
    help = "Re-index every published catalog item for full-text search (after dictionary changes)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, batch_size, **options):
        segment.reset()  # pick up dictionary and synonym changes
        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            rate = done / max(time.monotonic() - started, 1e-6)
            bar = "#" * int(30 * done / total) if total else ""
            sys.stderr.write(f"\r[{bar:<30}] {done}/{total} 条  {rate:.0f} 条/秒")
            sys.stderr.flush()

        done = search_index.rebuild(batch_size=batch_size, progress=progress)
        sys.stderr.write("\n")
        self.stdout.write(f"已重建索引：{done} 条，用时 {time.monotonic() - started:.1f} 秒")
