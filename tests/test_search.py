"""Full-text search over published catalog items: the engine through its services, the
portal search page, the JSON API and the commands.

These tests run on SQLite and on PostgreSQL (`make test-postgres`): the expected results are
fixed lists, so a green run on both proves both backends return the same top results.
"""

import json
from datetime import date, datetime, timedelta
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from gongkai.catalog import pageviews
from gongkai.catalog import services as catalog_services
from gongkai.catalog.importer import import_file
from gongkai.catalog.models import Category, Item, KeyArea
from gongkai.core import services as core_services
from gongkai.core.demo import demo_code
from gongkai.core.models import Organization
from gongkai.search import services as search
from gongkai.search.services import Filters

SHANGHAI = ZoneInfo("Asia/Shanghai")
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"
PINGTAN = Path(__file__).resolve().parents[2] / "shared" / "data" / "pingtan" / "documents.jsonl"


def titles(results) -> list[str]:
    return [hit.title for hit in results.hits]


def found(text: str, **filters) -> list[str]:
    return titles(search.search(text, filters=Filters(**filters)))


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The personas' passwords are not what these tests are about."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def treasury(make_org, finance):
    """A sub-unit of 财政局."""
    return make_org("国库支付中心", parent=finance)


@pytest.fixture
def corpus(make_item, publish, editor, outsider, finance, town, treasury):
    """A small fixed set of published items, each published in its year (Beijing time)."""
    social = KeyArea.objects.get(name="社保")

    serial = iter(range(1, 29))

    def add(title, org, year, *, by=editor, category="通知公告", **fields):
        item = make_item(org, by, title=title, category=category, **fields)
        published = datetime(year, 6, next(serial), 10, 0, tzinfo=SHANGHAI)
        with time_machine.travel(published, tick=False):
            return publish(item, by)

    items = {
        "social": add(
            "关于调整社会保险缴费基数的通知",
            finance,
            2016,
            key_areas=[social],
            body="<p>各单位：根据有关规定，现调整本年度社会保险缴费基数。</p>",
        ),
        "shanty": add("测试区棚户区改造三年行动计划", town, 2017, by=outsider, category="规划计划"),
        "dibao": add(
            "关于提高城乡最低生活保障标准的通知",
            treasury,
            2018,
            category="政策法规",
            key_areas=[social],
        ),
        "medical": add("城镇职工基本医疗保险实施办法", finance, 2019, category="政策法规"),
        "ncms": add("关于做好新型农村合作医疗参合工作的通知", town, 2016, by=outsider),
        "fileno": add(
            "测试区人民政府关于加强财政资金管理的意见",
            finance,
            2016,
            category="政策法规",
            fileno="株政发〔2016〕12号",
        ),
        "mentions": add(
            "关于执行株政发〔2016〕12号文件有关问题的补充通知",
            finance,
            2017,
            fileno="株财发〔2017〕3号",
            body="<p>为执行株政发〔2016〕12号文件，现就株政发〔2016〕12号有关问题补充通知如下。</p>",
        ),
        "statute": add(
            "关于贯彻落实《中华人民共和国政府信息公开条例》的实施意见",
            finance,
            2019,
            category="政策法规",
        ),
        "work": add("关于做好政府信息公开工作的通知", finance, 2020),
        "praise": add("关于公开表彰信息化工作先进单位的决定", town, 2020, by=outsider),
        "meeting": add("政府信息公开工作会议纪要", finance, 2021, category="其他"),
        "html": add(
            "R&D经费<统计>公报",
            finance,
            2021,
            category="其他",
            body="<p>本公报发布全区研发经费统计数据。</p>",
        ),
        "village": add(
            "关于收储流水镇东美村SC201500010地块的批复", town, 2015, by=outsider, category="其他"
        ),
    }
    return items


# --- the engine through its services -----------------------------------------------------


@pytest.mark.parametrize(
    "query, title",
    [
        ("社保", "关于调整社会保险缴费基数的通知"),
        ("棚改", "测试区棚户区改造三年行动计划"),
        ("低保", "关于提高城乡最低生活保障标准的通知"),
        ("医保", "城镇职工基本医疗保险实施办法"),
        ("新农合", "关于做好新型农村合作医疗参合工作的通知"),
    ],
)
def test_abbreviations_find_the_full_terms(corpus, query, title):
    results = search.search(query)
    assert titles(results) == [title]
    assert not results.used_fallback


@pytest.mark.parametrize("query", ["株政发[2016]12号", "株政发(2016)12号", "株政发〔2016〕12号"])
def test_document_number_variants_find_the_exact_number_first(corpus, query):
    results = search.search(query)
    # The exact 文号 first, then the notice that cites it in its title and body.
    assert titles(results) == [
        "测试区人民政府关于加强财政资金管理的意见",
        "关于执行株政发〔2016〕12号文件有关问题的补充通知",
    ]
    assert results.hits[0].fileno == "株政发〔2016〕12号"
    assert results.hits[0].exact_fileno and not results.hits[1].exact_fileno


@pytest.mark.parametrize("query", ["中华人民共和国", "政府信息公开条例"])
def test_long_dictionary_words_do_not_hide_their_parts(corpus, query):
    assert found(query) == ["关于贯彻落实《中华人民共和国政府信息公开条例》的实施意见"]


def test_all_words_must_match_phrases_and_exclusions(corpus):
    # Every word must match (the three words appear apart in the praise decision).
    assert found("信息 公开 工作") == [
        "政府信息公开工作会议纪要",
        "关于做好政府信息公开工作的通知",
        "关于公开表彰信息化工作先进单位的决定",
    ]
    assert found("社会保险 棚户区改造") == []
    # A quoted phrase needs the words together.
    assert found('"信息公开工作"') == ["政府信息公开工作会议纪要", "关于做好政府信息公开工作的通知"]
    assert found("“信息公开工作”") == ["政府信息公开工作会议纪要", "关于做好政府信息公开工作的通知"]
    # A minus excludes.
    assert found('"信息公开工作" -会议') == ["关于做好政府信息公开工作的通知"]
    assert found("信息 公开 工作 -会议 -表彰") == ["关于做好政府信息公开工作的通知"]


def found_set(text: str, **filters) -> set[str]:
    return set(found(text, **filters))


def test_filters_combine(corpus, finance, town, treasury):
    cat = {name: Category.objects.get(name=name).pk for name in ("通知公告", "政策法规")}
    social = KeyArea.objects.get(name="社保").pk
    # A unit includes its sub-units (国库支付中心 is under 财政局).
    assert found("通知", organization_id=treasury.pk) == ["关于提高城乡最低生活保障标准的通知"]
    assert found_set("通知", organization_id=finance.pk) == {
        "关于提高城乡最低生活保障标准的通知",
        "关于调整社会保险缴费基数的通知",
        "关于执行株政发〔2016〕12号文件有关问题的补充通知",
        "关于做好政府信息公开工作的通知",
        "政府信息公开工作会议纪要",
        "城镇职工基本医疗保险实施办法",
        "测试区人民政府关于加强财政资金管理的意见",
        "关于贯彻落实《中华人民共和国政府信息公开条例》的实施意见",
    }
    assert found_set("通知", organization_id=finance.pk, category_id=cat["政策法规"]) == {
        "关于提高城乡最低生活保障标准的通知",
        "城镇职工基本医疗保险实施办法",
        "关于贯彻落实《中华人民共和国政府信息公开条例》的实施意见",
        "测试区人民政府关于加强财政资金管理的意见",
    }
    assert found_set("通知", key_area_id=social) == {
        "关于提高城乡最低生活保障标准的通知",
        "关于调整社会保险缴费基数的通知",
    }
    assert found("通知", key_area_id=social, year_from=2017) == [
        "关于提高城乡最低生活保障标准的通知"
    ]
    assert found("通知", organization_id=town.pk, year_from=2016, year_to=2016) == [
        "关于做好新型农村合作医疗参合工作的通知"
    ]
    assert found_set("通知", category_id=cat["通知公告"], year_to=2016) == {
        "关于做好新型农村合作医疗参合工作的通知",
        "关于调整社会保险缴费基数的通知",
    }
    assert found("通知", validity="abolished") == []
    assert found("通知", validity="valid", year_from=2021) == ["政府信息公开工作会议纪要"]
    assert found("通知", organization_id=town.pk, category_id=cat["政策法规"]) == []


def test_facets_count_units_with_their_sub_units_categories_and_years(
    corpus, government, finance, town, treasury
):
    results = search.search("通知", facets=True)
    assert results.total == 12 and results.facets_exact
    assert results.facets["org"] == {government.pk: 12, finance.pk: 8, town.pk: 4, treasury.pk: 1}
    names = dict(Category.objects.values_list("pk", "name"))
    assert {names[pk]: n for pk, n in results.facets["cat"].items()} == {
        "通知公告": 5,
        "政策法规": 4,
        "其他": 2,
        "规划计划": 1,
    }
    assert results.facets["y"] == {2015: 1, 2016: 3, 2017: 2, 2018: 1, 2019: 2, 2020: 2, 2021: 1}


def test_highlighting_marks_the_words_and_escapes_html(corpus):
    hit = search.search("统计").hits[0]
    assert hit.title_html == "R&amp;D经费&lt;<mark>统计</mark>&gt;公报"
    assert "研发经费<mark>统计</mark>数据" in hit.snippet_html
    hit = search.search("社保").hits[0]
    assert hit.title_html == "关于调整<mark>社会保险</mark>缴费基数的通知"
    assert "现调整本年度<mark>社会保险</mark>缴费基数" in hit.snippet_html
    assert search.search('"信息公开工作" -会议').hits[0].title_html == (
        "关于做好政府<mark>信息公开工作</mark>的通知"
    )


def test_retraction_validity_and_scheduled_items_show_at_once(
    corpus, make_item, publish, editor, approver
):
    item = corpus["dibao"]
    assert found("低保") == ["关于提高城乡最低生活保障标准的通知"]
    catalog_services.retract_item(item, by=approver, reason="内容有误")
    assert found("低保") == []
    assert search.search("低保").total == 0

    medical = corpus["medical"]
    assert found("医保", validity="valid") == ["城镇职工基本医疗保险实施办法"]
    catalog_services.set_validity(medical, validity="abolished", on=date(2026, 1, 1), by=editor)
    assert found("医保", validity="valid") == []
    assert found("医保", validity="abolished") == ["城镇职工基本医疗保险实施办法"]

    later = make_item(
        editor.memberships.first().organization, editor, title="关于低保资金发放的预告"
    )
    publish(later, editor, publish_at=timezone.now() + timedelta(days=2))
    assert Item.objects.get(pk=later.pk).status == Item.Status.PUBLISHED
    results = search.search("低保")
    assert titles(results) == [] and results.total == 0
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        assert found("低保") == ["关于低保资金发放的预告"]


def test_suggestions_for_a_query_without_results(corpus):
    results = search.search("棚户区改造 火星")
    assert results.hits == [] and results.total == 0
    assert results.suggestions == [("棚户区改造", 1)]


def test_two_character_index_finds_what_the_word_index_splits_differently(corpus):
    # jieba cuts 流水镇东美村 into 流水/镇东/美村, so the word index has no 东美村.
    results = search.search("东美村")
    assert results.used_fallback
    assert titles(results) == ["关于收储流水镇东美村SC201500010地块的批复"]
    assert results.hits[0].title_html == "关于收储流水镇<mark>东美村</mark>SC201500010地块的批复"
    assert not search.search("社保").used_fallback


def test_sort_by_date_and_paging(corpus):
    first = search.search("通知", sort="date", per_page=3)
    assert first.total == 12 and first.pages == 4
    assert titles(first) == [
        "政府信息公开工作会议纪要",
        "关于公开表彰信息化工作先进单位的决定",
        "关于做好政府信息公开工作的通知",
    ]
    second = search.search("通知", sort="date", per_page=3, page=2)
    assert titles(second) == [
        "关于贯彻落实《中华人民共和国政府信息公开条例》的实施意见",
        "城镇职工基本医疗保险实施办法",
        "关于提高城乡最低生活保障标准的通知",
    ]
    last = search.search("通知", sort="date", per_page=3, page=4)
    assert titles(last) == [
        "关于做好新型农村合作医疗参合工作的通知",
        "关于调整社会保险缴费基数的通知",
        "关于收储流水镇东美村SC201500010地块的批复",
    ]


# --- commands ------------------------------------------------------------------------------


def test_search_command_prints_json(corpus):
    out = StringIO()
    call_command("search", "株政发[2016]12号", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["total"] == 2
    assert [hit["title"] for hit in data["hits"]] == [
        "测试区人民政府关于加强财政资金管理的意见",
        "关于执行株政发〔2016〕12号文件有关问题的补充通知",
    ]
    assert data["hits"][0]["fileno"] == "株政发〔2016〕12号"


def test_rebuild_index_rebuilds_and_search_still_works(corpus):
    from gongkai.search.models import SearchDocument

    before = set(SearchDocument.objects.values_list("key", flat=True))
    SearchDocument.objects.filter(key=f"catalog.item:{corpus['social'].pk}").delete()
    assert found("社保") == []
    out = StringIO()
    call_command("rebuild_index", stdout=out, stderr=StringIO())
    assert "已重建索引：13 条" in out.getvalue()
    assert set(SearchDocument.objects.values_list("key", flat=True)) == before
    assert found("社保") == ["关于调整社会保险缴费基数的通知"]
    assert found("株政发(2016)12号")[0] == "测试区人民政府关于加强财政资金管理的意见"
    assert found('"信息公开工作" -会议') == ["关于做好政府信息公开工作的通知"]


# --- the portal page and the API ------------------------------------------------------------


@pytest.fixture
def quiet_pageviews(settings):
    settings.GONGKAI_PAGEVIEW_FLUSH_SECONDS = 10**6
    settings.GONGKAI_PAGEVIEW_FLUSH_COUNT = 10**6


def test_search_page_shows_highlighted_results_and_facets(
    client, corpus, quiet_pageviews, finance, town
):
    before = pageviews.pending()
    response = client.get(reverse("portal:search"), {"q": "社保"}, headers={"user-agent": BROWSER})
    assert response.status_code == 200
    assert pageviews.pending() == before + 1
    html = response.content.decode()
    item = corpus["social"]
    assert f'href="/items/{item.pk}/">关于调整<mark>社会保险</mark>缴费基数的通知</a>' in html
    assert "现调整本年度<mark>社会保险</mark>缴费基数" in html
    assert "找到 <strong>1</strong> 条" in html
    assert 'aria-labelledby="facet-org"' in html and 'aria-labelledby="facet-cat"' in html
    # Facets link to the same search with the filter added.
    assert f'href="?q=%E7%A4%BE%E4%BF%9D&amp;org={finance.pk}">财政局</a>' in html
    category = Category.objects.get(name="通知公告").pk
    assert f"category={category}" in html and "2016年</a>" in html
    assert "最近的 5,000 条" not in html

    response = client.get(reverse("portal:search"), {"q": "通知", "org": town.pk})
    html = response.content.decode()
    assert "找到 <strong>4</strong> 条" in html
    assert "关于做好新型农村合作医疗参合工作的<mark>通知</mark>" in html
    assert "关于调整社会保险缴费基数的通知" not in html


def test_search_page_header_box_notes_and_suggestions(client, corpus, monkeypatch):
    home = client.get(reverse("portal:home")).content.decode()
    assert 'action="/search/"' in home and 'for="header-q"' in home and 'for="home-q"' in home
    html = client.get(reverse("portal:search"), {"q": "东美村"}).content.decode()
    assert "已用两字索引补充" in html
    assert "<mark>东美村</mark>" in html
    html = client.get(reverse("portal:search"), {"q": "棚户区改造 火星"}).content.decode()
    assert "没有找到" in html and "您是不是要找" in html
    assert 'href="?q=%E6%A3%9A%E6%88%B7%E5%8C%BA%E6%94%B9%E9%80%A0">棚户区改造</a>' in html
    monkeypatch.setattr(search, "FACET_WINDOW", 3)
    html = client.get(reverse("portal:search"), {"q": "通知"}).content.decode()
    assert "以下数字按最近的 5,000 条匹配结果统计" in html
    # No query: the form only.
    response = client.get(reverse("portal:search"))
    assert response.status_code == 200 and "找到" not in response.content.decode()


def test_search_page_reports_bad_parameters_and_ignores_them(client, corpus):
    response = client.get(
        reverse("portal:search"),
        {"q": "社保", "page": "abc", "year_from": "x", "org": "999999", "sort": "best"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"page", "year_from", "org", "sort"}
    html = response.content.decode()
    assert "以下条件有误，已忽略" in html and "起始年份" in html and "页码" in html
    assert "关于调整<mark>社会保险</mark>缴费基数的通知" in html
    response = client.get(
        reverse("portal:search"), {"q": "通知", "year_from": "2020", "year_to": "2016"}
    )
    assert response.status_code == 200
    assert "截止年份不能早于起始年份" in response.content.decode()
    assert response.context["result"].results.total == 3  # 2020 and later
    response = client.get(reverse("portal:search"), {"q": "通知", "page": "99"})
    assert response.status_code == 200 and "没有找到" in response.content.decode()


def test_search_api_returns_results_facets_and_suggestions(client, corpus, finance):
    response = client.get("/api/search", {"q": "株政发(2016)12号", "page_size": 1})
    assert response.status_code == 200, response.content
    data = response.json()
    item = corpus["fileno"]
    assert data["total"] == 2 and data["page"] == 1 and data["page_size"] == 1
    assert data["windowed"] is False and data["used_fallback"] is False
    assert len(data["results"]) == 1
    first = data["results"][0]
    assert set(first) == {
        "id",
        "title",
        "title_html",
        "snippet_html",
        "fileno",
        "url",
        "published_at",
    }
    assert first["id"] == item.pk and first["fileno"] == "株政发〔2016〕12号"
    assert first["url"].endswith(f"/items/{item.pk}/")
    assert first["published_at"].endswith("+08:00")
    assert data["facets"]["exact"] is True
    assert {f["name"]: f["count"] for f in data["facets"]["org"]} == {
        "测试区管委会": 2,
        "财政局": 2,
    }
    assert [(f["id"], f["count"]) for f in data["facets"]["year"]] == [(2016, 1), (2017, 1)]

    data = client.get(
        "/api/search", {"q": "社保", "org": finance.pk, "year_from": 2016, "year_to": 2016}
    ).json()
    assert [r["title_html"] for r in data["results"]] == [
        "关于调整<mark>社会保险</mark>缴费基数的通知"
    ]
    data = client.get(
        "/api/search",
        {"q": "通知", "category": Category.objects.get(name="政策法规").pk, "sort": "date"},
    ).json()
    assert [r["title"] for r in data["results"]] == [
        "关于贯彻落实《中华人民共和国政府信息公开条例》的实施意见",
        "城镇职工基本医疗保险实施办法",
        "关于提高城乡最低生活保障标准的通知",
        "测试区人民政府关于加强财政资金管理的意见",
    ]
    data = client.get("/api/search", {"q": "棚户区改造 火星"}).json()
    assert data["total"] == 0 and data["suggestions"] == [{"q": "棚户区改造", "total": 1}]
    data = client.get("/api/search", {"q": "东美村", "key_area": 999, "validity": "valid"}).json()
    assert data["total"] == 0
    assert client.get("/api/search", {"q": "东美村", "validity": "valid"}).json()["used_fallback"]


@pytest.mark.parametrize(
    "params, problem",
    [
        ({}, "q 必须提供"),
        ({"q": ""}, "q 不能少于1个字符"),
        ({"q": "社保", "page": "abc"}, "page 应为整数"),
        ({"q": "社保", "year_from": "x"}, "year_from 应为整数"),
        ({"q": "社保", "page_size": 500}, "page_size 不能大于100"),
        ({"q": "社保", "sort": "best"}, "sort 应为以下之一"),
        ({"q": "社保", "validity": "maybe"}, "validity 应为以下之一"),
        ({"q": "社保", "year_from": 2020, "year_to": 2016}, "year_to 不能早于 year_from"),
    ],
)
def test_search_api_rejects_bad_parameters_with_422(client, corpus, params, problem):
    response = client.get("/api/search", params)
    assert response.status_code == 422
    assert problem in response.json()["message"]


@pytest.fixture
def many(make_item, publish, editor, finance, town, outsider, treasury):
    def make(n):
        for i in range(n):
            org, by = [(finance, editor), (town, outsider), (treasury, editor)][i % 3]
            publish(make_item(org, by, title=f"关于社会保险第{i}批事项的通知"), by)

    return make


@pytest.mark.parametrize("n", [3, 30])
def test_search_page_and_api_use_a_constant_number_of_queries(
    client, many, django_assert_max_num_queries, n
):
    many(n)
    with django_assert_max_num_queries(QUERIES["page"]):
        response = client.get(reverse("portal:search"), {"q": "社保", "org": ""})
        assert response.status_code == 200
        assert len(response.context["result"].hits) == min(n, 20)
    with django_assert_max_num_queries(QUERIES["api"]):
        response = client.get("/api/search", {"q": "社保", "page_size": 100})
        assert response.status_code == 200 and response.json()["total"] == n


QUERIES = {"page": 13, "api": 8}


# --- natural queries on real documents -----------------------------------------------------

# (query a citizen would type, the obviously right document) — why it is the right one.
NATURAL_QUERIES = [
    # The newest food-safety sampling bulletin: its title says 食品安全监督抽检.
    ("食品安全抽检", "平潭综合实验区市场监督管理局2026年第2期食品安全监督抽检信息通告"),
    # The only rule about 保障性住房 (who may get subsidised housing and who must leave it).
    ("保障性住房", "平潭综合实验区管委会关于进一步加强保障性住房准入和退出资格联合审查机制的通知"),
    # The zone's disclosure guide itself, not the notices that mention guides.
    ("政府信息公开指南", "平潭综合实验区政府信息公开指南"),
    # The current (2024) teacher-qualification notice answers "how do I get certified".
    ("教师资格认定", "平潭综合实验区社会事业局关于开展2024年上半年教师资格认定工作的通告"),
    # With the year typed, the 2016 autumn round.
    ("2016 教师资格认定", "关于开展2016年秋季教师资格认定工作的通知"),
    # A 文号 typed with ASCII brackets: the document that carries 岚综管综〔2015〕175号.
    (
        "岚综管综[2015]175号",
        "平潭综合实验区管委会关于进一步加强保障性住房准入和退出资格联合审查机制的通知",
    ),
    # A 文号 that only appears in a body: the letter written in answer to that notice.
    ("闽政办函〔2014〕130号", "关于2014年政府信息公开工作要点落实情况的函"),
    # An abbreviation: 预决算 → 决算; the CPPCC's only final-accounts disclosure.
    ("政协 预决算", "2016年政协决算公开"),
    # 普高 (abbreviation used by the site itself) for the 2020 senior-high enrolment plan.
    ("普高招生", "平潭综合实验区2020年普高招生计划"),
    # 低保标准: the news that the urban 低保 standard was raised.
    ("低保标准", "我区进一步提高城市低保标准"),
    # Two words: the rule on which e-bikes may ride where (超标电动自行车通行管理规定).
    ("电动自行车 通行", "平潭综合实验区管委会关于全区超标电动自行车通行管理规定的通告"),
    # 休渔 (fishing moratorium): the 2015 伏季休渔 notice, the only one.
    ("休渔", "关于2015年海洋伏季休渔工作的通知"),
    # A village name jieba splits across words (镇东/美村): the land-reserve approval there.
    ("东美村", "关于收储流水镇东美村SC201500010地块的批复"),
]


@pytest.fixture
def pingtan(db):
    root = core_services.create_organization(
        name="平潭综合实验区管委会",
        kind=Organization.Kind.GOVERNMENT,
        code=demo_code(1),
        by=None,
    )
    summary = import_file(PINGTAN, publish=True, parent=root)
    assert summary.errors == 0 and summary.imported == 195
    return root


def test_natural_queries_find_the_right_real_document_in_the_top_three(pingtan):
    ranks, misses = {}, []
    for query, title in NATURAL_QUERIES:
        top = titles(search.search(query, per_page=3))
        if title in top:
            ranks[query] = top.index(title) + 1
        else:
            misses.append(f"{query!r}: expected {title!r}, got {top!r}")
    assert not misses, "\n".join(misses)
    assert len(ranks) >= 6
    # Most are not just in the top three but first.
    assert sum(rank == 1 for rank in ranks.values()) >= len(ranks) - 2, ranks


# --- many matches: newest-window ranking, bounded counts ------------------------------------


@pytest.fixture(params=["bitmap", "walk"])
def small_limits(request, monkeypatch):
    """The engine's limits scaled down to the fixture: relevance ranked among the newest 5
    matches, matches counted up to 5. On PostgreSQL the newest-first statements are bounded
    to recent ids even for this small table, starting with a stretch too short, so that the
    widening is exercised too, and planned both ways (GIN bitmap AND id range; walking the
    id index). SQLite has one plan: the two runs are the same."""
    monkeypatch.setattr(search, "WINDOW", 5)
    monkeypatch.setattr(search, "COUNT_LIMIT", 5)
    if connection.vendor == "postgresql":
        from gongkai.search.backends import postgres

        monkeypatch.setattr(postgres, "BOUND_ABOVE", 0)
        monkeypatch.setattr(postgres, "SAFETY", 0.01)
        monkeypatch.setattr(postgres, "WALK_RATIO", 0 if request.param == "walk" else 10**9)
        monkeypatch.setattr(postgres, "_estimates", {})
        monkeypatch.setattr(postgres, "_max_id", None)


def newest_matches(text: str, n: int) -> list[str]:
    """Titles of the `n` newest (last indexed) documents matching all words of `text`."""
    from gongkai.search.models import SearchDocument

    words = text.split()
    rows = SearchDocument.objects.order_by("-id").values_list(
        "title", "title_tokens", "body_tokens"
    )
    return [t for t, a, b in rows if all(w in f" {a} {b} ".split() for w in words)][:n]


def test_portal_and_api_say_when_the_total_is_a_lower_bound(client, corpus, small_limits):
    html = client.get(reverse("portal:search"), {"q": "通知"}).content.decode()
    assert "<strong>5</strong> 条以上与“通知”相关的信息" in html
    data = client.get("/api/search", {"q": "通知"}).json()
    assert data["total"] == 5 and data["total_exact"] is False
    exact = client.get("/api/search", {"q": "社保"}).json()
    assert exact["total"] == 1 and exact["total_exact"] is True
    assert "条以上" not in client.get(reverse("portal:search"), {"q": "社保"}).content.decode()


def test_many_matches_rank_the_newest_window_and_count_to_a_limit(corpus, small_limits):
    results = search.search("通知")
    assert results.windowed
    assert set(titles(results)) == set(newest_matches("通知", 5)) and len(results.hits) == 5
    # 12 documents match; counting stopped at 5, and the total says it is a lower bound.
    assert results.total == 5 and not results.total_exact and results.total_text == "5 条以上"
    assert results.count_limit == 5 and results.pages == 1
    # The facets count the newest FACET_WINDOW matches: here all 12 of them.
    faceted = search.search("通知", facets=True)
    assert faceted.facets_exact and sum(faceted.facets["y"].values()) == 12
    few = search.search("社保")
    assert few.total == 1 and few.total_exact and not few.windowed and few.total_text == "1 条"
    # Sorting by date and paging still see every match (newest first, by publication date).
    first = search.search("通知", sort="date", per_page=3)
    assert titles(first) == [
        "政府信息公开工作会议纪要",
        "关于公开表彰信息化工作先进单位的决定",
        "关于做好政府信息公开工作的通知",
    ]


def test_backend_counts_and_newest_matches_up_to_a_limit(corpus, small_limits):
    from gongkai.search.backends import backend_for
    from gongkai.search.query import parse

    settings_before = planner_settings()
    backend = backend_for()
    compiled = search.compile_query(parse("通知"), Filters())
    assert [backend.count(compiled, limit=n) for n in (1, 4, 12, 13, 100)] == [1, 4, 12, 12, 12]
    newest = backend.newest_ids(compiled, limit=7)
    assert newest == sorted(newest, reverse=True) and len(newest) == 7
    from gongkai.search.models import SearchDocument

    assert [SearchDocument.objects.get(pk=pk).title for pk in newest] == newest_matches("通知", 7)
    rows = backend.newest_rows(compiled, limit=12, now=timezone.now())
    assert sorted(pk for pk, _, _ in rows)[-7:] == sorted(newest) and len(rows) == 12
    assert not any(later for _, _, later in rows)
    # The planner settings of the bounded statements (PostgreSQL) are the session's own again.
    assert planner_settings() == settings_before


def planner_settings() -> tuple:
    if connection.vendor != "postgresql":
        return ()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('enable_indexscan'), current_setting('enable_seqscan'), "
            "current_setting('work_mem')"
        )
        return cursor.fetchone()


def test_suggestion_totals_are_counted_to_the_limit_too(corpus, small_limits):
    results = search.search("通知 火星")
    assert results.hits == [] and results.total == 0 and results.total_exact
    assert ("通知", 5) in results.suggestions


def test_search_command_says_when_the_total_is_a_lower_bound(corpus, small_limits):
    out = StringIO()
    call_command("search", "通知", stdout=out)
    assert out.getvalue().startswith("共 5 条以上")
    out = StringIO()
    call_command("search", "通知", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["total"] == 5 and data["total_exact"] is False
