from django.core.management.base import BaseCommand

from gongkai.catalog import outbox


class Command(BaseCommand):
    help = "Deliver due new-media channel posts (run from cron or the task queue)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=100)

    def handle(self, *args, limit, **options):
        counts = outbox.deliver_due(limit)
        self.stdout.write(
            f"已发送 {counts['sent']}，待重试 {counts['retry']}，失败 {counts['failed']}"
        )
