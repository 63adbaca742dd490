import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongkai.search import services


class Command(BaseCommand):
    help = 'Search the full-text index: gongkai search "社保 2016" [--json] [--limit N]'

    def add_arguments(self, parser):
        parser.add_argument("query")
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--sort", choices=["relevance", "date"], default="relevance")

    def handle(self, *args, query, limit: int, sort: str, **options):
        if limit < 1 or limit > 100:
            raise CommandError("--limit 应在1到100之间")
        results = services.search(query, per_page=limit, sort=sort)
        if options["json"]:
            self.stdout.write(_json(results))
            return
        self.stdout.write(
            f"共 {results.total_text}" + ("（含两字索引补充结果）" if results.used_fallback else "")
        )
        for n, hit in enumerate(results.hits, start=1):
            date = timezone.localtime(hit.published_at).date() if hit.published_at else ""
            self.stdout.write(f"{n:>3}. {hit.title}  {hit.fileno}  {date}  {hit.url}")
        for suggestion, total in results.suggestions:
            self.stdout.write(f"您是不是要找：{suggestion}（{total} 条）")


def _json(results) -> str:
    return json.dumps(
        {
            "query": results.query,
            "total": results.total,
            "total_exact": results.total_exact,  # false: `total` is a lower bound
            "hits": [
                {
                    "key": h.key,
                    "title": h.title,
                    "fileno": h.fileno,
                    "url": h.url,
                    "published_at": h.published_at.isoformat() if h.published_at else None,
                    "score": round(h.score, 4),
                }
                for h in results.hits
            ],
            "suggestions": [{"query": q, "total": n} for q, n in results.suggestions],
        },
        ensure_ascii=False,
        indent=2,
    )
