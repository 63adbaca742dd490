"""Journey: a citizen searches with an abbreviation, narrows by a facet and opens the item;
the search page passes an accessibility check."""

from importlib import import_module

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.apps import apps
from playwright.sync_api import expect

from gongkai.search import segment
from gongkai.search.models import Synonym

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SERIOUS = {"critical", "serious"}


@pytest.fixture
def search_data(make_item, publish, editor, finance):
    # A transactional test starts after a flush: put back the seeded synonyms (社保 → 社会保险).
    if not Synonym.objects.exists():
        import_module("gongkai.search.migrations.0003_seed_synonyms").seed(apps, None)
    segment.reset()
    notice = make_item(
        finance,
        editor,
        title="关于调整社会保险缴费基数的通知",
        body="<p>各单位：现调整本年度社会保险缴费基数，请按时申报。</p>",
    )
    policy = make_item(
        finance,
        editor,
        title="测试区社会保险基金管理办法",
        category="政策法规",
        fileno="测财发〔2026〕8号",
        body="<p>第一条 为加强社会保险基金管理，保障基金安全，制定本办法。</p>",
    )
    other = make_item(finance, editor, title="关于开展植树活动的通知")
    for item in (notice, policy, other):
        publish(item, editor)
    return policy


def assert_accessible(page, name):
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in SERIOUS]
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in bad
    )
    assert not bad, f"{name}: accessibility violations\n{report}"


def test_citizen_searches_by_abbreviation_narrows_by_category_and_opens_the_item(
    page, screenshot, search_data
):
    policy = search_data
    page.goto("/")
    page.get_by_label("站内搜索").fill("社保")
    page.get_by_label("站内搜索").press("Enter")

    expect(page.get_by_role("heading", level=1, name="全站检索")).to_be_visible()
    expect(page.get_by_label("检索词")).to_have_value("社保")
    expect(page.get_by_role("heading", level=2, name="找到 2 条与“社保”相关的信息")).to_be_visible()
    results = page.locator("ol.search-results > li")
    expect(results).to_have_count(2)
    # The abbreviation found the full term, highlighted in titles and snippets.
    expect(results.locator(".item-title mark").first).to_have_text("社会保险")
    expect(page.locator(".snippet mark").first).to_have_text("社会保险")
    expect(page.get_by_text("关于开展植树活动的通知")).to_have_count(0)
    assert_accessible(page, "search results")
    screenshot("results")

    facets = page.get_by_role("complementary", name="分面统计")
    facets.get_by_role("list", name="信息类别").get_by_role("link", name="政策法规").click()
    expect(page.get_by_role("heading", level=2, name="找到 1 条与“社保”相关的信息")).to_be_visible()
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("测财发〔2026〕8号")
    assert_accessible(page, "narrowed results")
    screenshot("narrowed")

    results.first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1, name=policy.title)).to_be_visible()
    assert page.url.endswith(f"/items/{policy.pk}/")


def test_search_page_without_results_suggests_and_reports_bad_filters(page, search_data):
    page.goto("/search/?q=社会保险+火星&year_from=x")
    expect(page.get_by_text("没有找到与“社会保险 火星”相关的信息。")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("起始年份")
    page.get_by_role("link", name="社会保险", exact=True).click()
    expect(page.locator("ol.search-results > li")).to_have_count(2)
    assert_accessible(page, "suggestions")
