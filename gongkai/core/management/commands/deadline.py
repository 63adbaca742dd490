from datetime import date

from django.core.management.base import BaseCommand, CommandError

from gongkai.core import calendar

MAX_EXTENSION = 20  # 条例 Art. 33 ¶2


def parse_date(text: str) -> date:
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期“{text}”无效，应为YYYY-MM-DD") from None


def parse_pause(text: str) -> tuple[date, date]:
    first, sep, last = text.partition(":")
    if not sep:
        raise CommandError(f"暂停区间“{text}”无效，应为 开始日期:结束日期（YYYY-MM-DD:YYYY-MM-DD）")
    start, end = parse_date(first), parse_date(last)
    if end < start:
        raise CommandError(f"暂停区间“{text}”的结束日期早于开始日期")
    return start, end


class Command(BaseCommand):
    help = (
        "Print the due day: the N-th working day after FROM_DATE (FROM_DATE not counted). "
        "With --restart, counting starts again from that day (a supplement received); "
        "--pause A:B skips the working days after A up to and including B (a consultation); "
        "--extend adds an approved extension of up to 20 working days."
    )

    def add_arguments(self, parser):
        parser.add_argument("from_date", help="start date, YYYY-MM-DD (not counted)")
        parser.add_argument("working_days", type=int, help="working days to count")
        parser.add_argument(
            "--pause",
            action="append",
            default=[],
            metavar="START:END",
            help="a period not counted (e.g. a third-party consultation); repeatable",
        )
        parser.add_argument(
            "--extend", type=int, default=0, metavar="N", help="extension in working days (≤20)"
        )
        parser.add_argument(
            "--restart",
            metavar="DATE",
            help="the day a supplemented application arrived: the period runs again from it",
        )
        parser.add_argument("--explain", action="store_true", help="print how the date was reached")
        parser.add_argument(
            "--provisional",
            action="store_true",
            help="allow years whose holiday schedule is not confirmed (weekends only); "
            "the result is labelled provisional",
        )

    def handle(self, *args, from_date, working_days, provisional, **options):
        start = parse_date(from_date)
        if working_days < 0:
            raise CommandError("工作日数不能为负数")
        extend = options["extend"]
        if not 0 <= extend <= MAX_EXTENSION:
            raise CommandError(f"延长期限应为0至{MAX_EXTENSION}个工作日（条例第三十三条）")
        pauses = [parse_pause(p) for p in options["pause"]]
        restart = parse_date(options["restart"]) if options["restart"] else None
        if restart is not None and restart < start:
            raise CommandError("--restart 日期不能早于起算日期")
        begin = restart or start
        for a, b in pauses:
            if a < start:
                raise CommandError(f"暂停区间{a.isoformat()}:{b.isoformat()}早于起算日期")
        cal = calendar.get_calendar()
        try:
            result = cal.due_date_skipping(
                begin, working_days + extend, pauses, provisional=provisional
            )
        except calendar.UnconfirmedYearError as exc:
            raise CommandError(f"{exc}；如需暂定日期请加 --provisional") from None
        due = result.on
        line = due.isoformat()
        if result.provisional:
            years = ",".join(str(y) for y in result.provisional_years)
            line += f" provisional (unconfirmed: {years})"
        self.stdout.write(line)
        if options["explain"]:
            self.stdout.write(f"起算：{start.isoformat()}（当日不计）")
            if restart:
                self.stdout.write(f"补正后重新起算：{restart.isoformat()}")
            for a, b in pauses:
                skipped = cal.counted_between(a, b, provisional=True)
                self.stdout.write(
                    f"不计入：{a.isoformat()}之后至{b.isoformat()}，{skipped}个工作日"
                )
            if extend:
                self.stdout.write(f"延长：{extend}个工作日")
            self.stdout.write(f"期限：{working_days + extend}个工作日，至{due.isoformat()}")
