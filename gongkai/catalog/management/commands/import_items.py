from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from gongkai.catalog import importer
from gongkai.core import codes, dbmaint
from gongkai.core.models import Organization

FATAL = 2  # nothing was imported: the file or the options are unusable


class Command(BaseCommand):
    help = (
        "从JSON Lines文件批量导入政府信息（每行一个JSON对象，字段见DESIGN.md §4：title 必填，"
        "body、published、fileno、publisher、channel、url，可选 index_no、written、category、"
        "attachments）。未知的发布机构作为区直单位建在 --org 单位之下，栏目映射为信息类别。"
        "来源地址（url）或索引号已存在的行视为重复并跳过，可重复运行。每行单独提交，"
        "有错误的行连同行号和原因报告后跳过。"
        "退出码：0 = 每一行都已导入或为重复；1 = 有错误的行（其余行照常导入）；"
        "2 = 文件或参数不可用，未导入任何内容。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="JSON Lines 文件（UTF-8）")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="直接导入为已发布（按行中的发布日期，生成索引号）；默认导入为草稿",
        )
        parser.add_argument(
            "--org",
            metavar="CODE",
            help="未知发布机构建在该机构代码的单位之下；默认为根单位（没有则新建“导入单位”）",
        )
        parser.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入数据库")
        parser.add_argument(
            "--progress-every",
            type=int,
            default=1000,
            metavar="N",
            help="每处理N行在标准错误输出显示一次进度（默认1000）",
        )

    def handle(self, *args, file: Path, publish, org, dry_run, progress_every, **options):
        if not file.is_file():
            raise CommandError(f"文件不存在：{file}", returncode=FATAL)
        parent = None
        if org:
            parent = Organization.objects.filter(code=codes.normalize_org_code(org)).first()
            if parent is None:
                raise CommandError(f"没有机构代码为 {org} 的单位", returncode=FATAL)
        if publish:
            root = parent or Organization.objects.filter(parent=None).order_by("pk").first()
            if root is None or not importer.has_code(root):
                raise CommandError(
                    "直接发布需要生成索引号，但导入单位及其上级均未设置机构代码。"
                    "请先为该单位设置机构代码，或用 --org 指定有代码的单位。",
                    returncode=FATAL,
                )
        try:
            summary = importer.import_file(
                file,
                parent=parent,
                publish=publish,
                dry_run=dry_run,
                progress=importer.Progress(self.stderr, every=max(progress_every, 1)),
            )
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages), returncode=FATAL) from None
        self.stdout.write(summary.report())
        if summary.imported and not dry_run:
            dbmaint.analyze()  # planner statistics for the grown tables
        if not summary.ok:
            raise CommandError(f"{summary.errors} 行有错误，未导入", returncode=1)
