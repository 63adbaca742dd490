"""Abbreviations people type, mapped to the full terms documents use (editable in the admin)."""

from django.db import migrations

SYNONYMS = {
    "社保": "社会保险,社会保障",
    "棚改": "棚户区改造",
    "低保": "最低生活保障",
    "医保": "医疗保险,医疗保障",
    "新农合": "新型农村合作医疗",
    "公积金": "住房公积金",
    "招投标": "招标投标",
    "预决算": "预算,决算",
    "三公": "三公经费",
    "义教": "义务教育",
    "危改": "危房改造",
    "放管服": "简政放权",
    "营商": "营商环境",
}


def seed(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for term, synonyms in SYNONYMS.items():
        Synonym.objects.get_or_create(term=term, defaults={"synonyms": synonyms})


def unseed(apps, schema_editor):
    apps.get_model("search", "Synonym").objects.filter(term__in=list(SYNONYMS)).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext_index")]

    operations = [migrations.RunPython(seed, unseed)]
