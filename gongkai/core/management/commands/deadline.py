from datetime import date

from django.core.management.base import BaseCommand, CommandError

from gongkai.core import calendar


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期“{text}”无效，应为YYYY-MM-DD") from None


class Command(BaseCommand):
    help = "Print the due day: the N-th working day after FROM_DATE (FROM_DATE not counted)."

    def add_arguments(self, parser):
        parser.add_argument("from_date", help="start date, YYYY-MM-DD (not counted)")
        parser.add_argument("working_days", type=int, help="working days to count")
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
        try:
            due = calendar.due_date(start, working_days, provisional=provisional)
        except calendar.UnconfirmedYearError as exc:
            raise CommandError(f"{exc}；如需暂定日期请加 --provisional") from None
        if due.provisional:
            years = ",".join(str(y) for y in due.provisional_years)
            self.stdout.write(f"{due.on.isoformat()} provisional (unconfirmed: {years})")
        else:
            self.stdout.write(due.on.isoformat())
