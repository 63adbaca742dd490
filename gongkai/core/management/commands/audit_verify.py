from django.core.management.base import BaseCommand, CommandError

from gongkai.core import audit


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; exit non-zero naming the first broken event."

    def handle(self, *args, **options):
        checked, broken = audit.verify_chain()
        if broken is not None:
            raise CommandError(
                f"审计日志第{broken.seq}条（id={broken.event_id}）校验失败：{broken.reason}；"
                f"此前{checked}条完好"
            )
        self.stdout.write(f"审计日志完好：{checked}条")
