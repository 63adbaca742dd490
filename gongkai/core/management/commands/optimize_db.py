from django.core.management.base import BaseCommand

from gongkai.core import dbmaint


class Command(BaseCommand):
    help = "Refresh query-planner statistics (daily from cron, and after bulk imports)."

    def handle(self, *args, **options):
        vendor = dbmaint.analyze()
        self.stdout.write(f"已更新查询统计信息（{vendor}）")
