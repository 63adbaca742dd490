import importlib
import importlib.util

from django.apps import apps
from django.core.management.base import BaseCommand

from gongkai.core import dbmaint, demo


class Command(BaseCommand):
    help = "Load the Yunlong demonstration zone demo data (idempotent)."

    def handle(self, *args, **options):
        for config in apps.get_app_configs():
            if not config.name.startswith("gongkai."):
                continue
            module_name = f"{config.name}.demo"
            if importlib.util.find_spec(module_name) is None:
                continue
            self.stdout.write(f"{config.verbose_name}（{config.label}）：")
            importlib.import_module(module_name).load(stdout=self.stdout)
        dbmaint.analyze()
        self.stdout.write(self.style.SUCCESS("演示数据已就绪。"))
        self.stdout.write(demo.accounts_table())
