"""Seed the holiday table for 2004–2026 from chinese-calendar 1.11.0 and confirm those years.

The data is copied into our tables so that later years can be added by the administrator
(the package stops at 2026) and so that no deadline depends on the installed package version.
"""

from django.db import migrations

SEED_YEARS = range(2004, 2027)
SOURCE = "chinese-calendar 1.11.0"
NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def seed(apps, schema_editor):
    from chinese_calendar import constants

    CalendarDay = apps.get_model("core", "CalendarDay")
    CalendarYear = apps.get_model("core", "CalendarYear")
    rows = [
        CalendarDay(day=day, kind="holiday", name=NAMES.get(name, name), source=SOURCE)
        for day, name in constants.holidays.items()
        if day.year in SEED_YEARS
    ] + [
        CalendarDay(day=day, kind="workday", name=NAMES.get(name, name), source=SOURCE)
        for day, name in constants.workdays.items()
        if day.year in SEED_YEARS
    ]
    CalendarDay.objects.bulk_create(rows, batch_size=500)
    CalendarYear.objects.bulk_create(
        CalendarYear(year=year, confirmed=True, source=SOURCE) for year in SEED_YEARS
    )


def unseed(apps, schema_editor):
    apps.get_model("core", "CalendarDay").objects.filter(source=SOURCE).delete()
    apps.get_model("core", "CalendarYear").objects.filter(source=SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
