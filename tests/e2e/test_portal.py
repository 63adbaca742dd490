"""Journey: a visitor browses the public portal, and the pages pass an accessibility check."""

from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from gongkai.catalog.models import KeyArea, ServiceItem, Topic
from gongkai.core.models import Organization

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SERIOUS = {"critical", "serious"}


@pytest.fixture
def catalog_data(make_item, publish, editor, finance, government):
    Organization.objects.filter(pk=finance.pk).update(
        office_name="财政局办公室", phone="0731-22223333", address="云龙大道8号"
    )
    policy = make_item(
        finance,
        editor,
        title="测试区财政专项资金管理办法",
        category="政策法规",
        fileno="测财发〔2026〕3号",
        written_on=date(2026, 1, 5),
        topic=Topic.objects.get(name="财政", parent__name="财政、金融、审计"),
        key_areas=[KeyArea.objects.get(name="财政预决算")],
        five_openness="decision",
        summary="规范财政专项资金的分配、使用和监督。",
        body="<p>第一条 为规范财政专项资金管理，制定本办法。</p>",
    )
    publish(policy, editor)
    for n in range(3):
        publish(make_item(finance, editor, title=f"关于第{n + 1}批预算公开的通知"), editor)
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


def test_visitor_finds_an_item_through_the_catalog(page, screenshot, catalog_data):
    policy = catalog_data
    page.goto("/")
    expect(page.get_by_role("heading", level=1, name="政府信息公开")).to_be_visible()
    expect(page.get_by_role("link", name="测试区财政专项资金管理办法")).to_be_visible()
    assert_accessible(page, "home")
    screenshot("home")

    page.get_by_role("navigation", name="主导航").get_by_role("link", name="信息公开目录").click()
    expect(page.get_by_role("heading", level=1, name="信息公开目录")).to_be_visible()
    expect(page.get_by_text("共 4 条信息")).to_be_visible()

    page.get_by_label("信息类别").select_option(label="政策法规")
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_text("共 1 条信息")).to_be_visible()
    expect(page.get_by_text("信息类别：政策法规")).to_be_visible()
    assert_accessible(page, "catalog")
    screenshot("catalog")

    page.get_by_role("link", name="测试区财政专项资金管理办法").click()
    expect(page.get_by_role("heading", level=1, name="测试区财政专项资金管理办法")).to_be_visible()
    table = page.locator("table.meta")
    policy.refresh_from_db()
    for label, value in [
        ("索引号", policy.index_no),
        ("发文字号", "测财发〔2026〕3号"),
        ("成文日期", "2026年1月5日"),
        ("主题分类", "财政、金融、审计 › 财政"),
        ("重点领域", "财政预决算"),
        ("有效性", "有效"),
    ]:
        row = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name=label))
        expect(row.get_by_role("cell")).to_contain_text(value)
    expect(page.get_by_text("第一条 为规范财政专项资金管理")).to_be_visible()
    assert_accessible(page, "item")
    screenshot("item")


def test_guide_and_board_pages_are_accessible(page, screenshot, catalog_data, finance):
    ServiceItem.objects.create(
        organization=finance,
        name="政府采购供应商投诉处理",
        basis="《政府采购法》第五十五条",
        procedure="受理—调查—作出处理决定",
        time_limit="30个工作日",
        staff="王明",
        phone="0731-22224444",
    )
    page.goto(f"/units/{finance.pk}/guide/")
    expect(page.get_by_role("heading", level=1)).to_have_text("财政局政府信息公开指南")
    expect(page.get_by_text("本指南尚缺以下信息")).to_be_visible()
    assert_accessible(page, "guide")

    page.goto(f"/units/{finance.pk}/board/")
    expect(page.get_by_role("button", name="打印")).to_be_visible()
    expect(page.get_by_role("rowheader", name="政府采购供应商投诉处理")).to_be_visible()
    assert_accessible(page, "board")
    screenshot("board")
    page.emulate_media(media="print")  # the print stylesheet hides navigation and the button
    expect(page.get_by_role("button", name="打印")).to_be_hidden()
    expect(page.get_by_role("navigation", name="主导航")).to_be_hidden()
    expect(page.get_by_role("rowheader", name="政府采购供应商投诉处理")).to_be_visible()
    screenshot("board-print")
    page.emulate_media(media="screen")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/catalog/")
    assert_accessible(page, "catalog (mobile)")
    screenshot("catalog-mobile")
