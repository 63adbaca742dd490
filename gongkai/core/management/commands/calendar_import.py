from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.core import services


class Command(BaseCommand):
    help = (
        "Import a year's holiday schedule from a text file, one `YYYY-MM-DD 休|班 [name]` per "
        "line. Replaces the named years and marks them confirmed; any bad line rejects the file."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            text = file.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CommandError(f"文件不存在：{file}") from None
        except UnicodeDecodeError as exc:
            raise CommandError(f"{file} 不是UTF-8文本：{exc}") from None
        try:
            per_year = services.import_schedule(
                text.splitlines(), by=None, source=f"导入文件 {file.name}"
            )
        except services.ScheduleError as exc:
            for error in exc.errors:
                self.stderr.write(f"{file}: {error}")
            raise CommandError(f"{file}: {len(exc.errors)}处错误，未导入任何数据") from None
        for year, count in sorted(per_year.items()):
            self.stdout.write(f"{year}: {count} 条，已确认")
