"""Journey: an editor drafts an item with an attachment, a reviewer approves both review
steps, and the item appears on the portal, in the unit's catalog, in the feed and in the API.
A rejected item goes back to the editor with the comment."""

import json
import xml.etree.ElementTree as ET

import pytest
from playwright.sync_api import expect

from gongkai.catalog.models import Item
from gongkai.core import services as core_services
from gongkai.core.models import Role
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TITLE = "云龙示范区2026年度财政预算执行情况公开"


def login(page, username):
    page.goto("/staff/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()


def logout(page):
    page.locator("form[action$='/logout/'] button").click()


def draft(page, title, tmp_path):
    page.goto("/staff/catalog/new/")
    page.get_by_label("发布机构").select_option(label="财政局")
    page.get_by_label("标题").fill(title)
    page.get_by_label("发文字号").fill("株云财发〔2026〕8号")
    page.get_by_label("成文日期").fill("2026-11-20")
    page.get_by_label("信息类别").select_option(label="公共监管")
    page.get_by_label("财政预决算").check()
    page.get_by_label("正文").fill("<p>2026年1—10月，全区一般公共预算收入完成年度预算的86%。</p>")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_text("草稿已保存")).to_be_visible()
    attachment = tmp_path / "预算执行情况表.pdf"
    attachment.write_bytes(PDF)
    page.get_by_label("上传附件").set_input_files(str(attachment))
    page.get_by_role("button", name="上传", exact=True).click()
    expect(page.get_by_role("link", name="预算执行情况表.pdf")).to_be_visible()
    page.get_by_role("button", name="提交保密审查").click()
    expect(page.locator("[data-status]")).to_have_text("待保密审查")


def test_draft_review_publish_and_find_everywhere(
    page, screenshot, live_server, tmp_path, make_user, finance, government
):
    make_user("alice", org=finance, role=Role.EDITOR, name="张丽")
    erin = make_user("erin", org=government, role=Role.CONFIDENTIALITY_REVIEWER, name="陈静")
    core_services.grant_role(erin, government, Role.RELEASE_APPROVER, by=None)

    login(page, "alice")
    draft(page, TITLE, tmp_path)
    screenshot("submitted")
    logout(page)

    login(page, "erin")
    page.get_by_role("link", name="待我审核的信息").click()
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="保密审查通过").click()
    expect(page.locator("[data-status]")).to_have_text("待发布审查")
    page.get_by_role("button", name="发布审查通过").click()
    expect(page.locator("[data-status]")).to_have_text("已发布")
    screenshot("published")

    item = Item.objects.get(title=TITLE)
    assert item.index_no == f"{finance.code}/{item.published_at.year}-00001"

    # The portal item page, with the metadata table and the attachment.
    page.get_by_role("link", name="在门户查看").click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.get_by_text(item.index_no)).to_be_visible()
    expect(page.get_by_text("株云财发〔2026〕8号")).to_be_visible()
    expect(page.get_by_role("link", name="预算执行情况表.pdf")).to_be_visible()
    screenshot("portal-item")

    # The unit's catalog lists it.
    page.goto(f"/units/{finance.pk}/")
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()

    # The unit's feed and the site feed carry it.
    for url in (f"/feeds/units/{finance.pk}/rss/", "/feeds/rss/"):
        feed = page.request.get(live_server.url + url)
        assert feed.ok
        titles = [e.text for e in ET.fromstring(feed.body()).iter("title")]
        assert TITLE in titles

    # The open-data API lists and shows it.
    listing = json.loads(page.request.get(live_server.url + "/api/items?q=财政预算").body())
    assert [r["index_no"] for r in listing["results"]] == [item.index_no]
    detail = page.request.get(f"{live_server.url}/api/items/{item.pk}")
    assert detail.ok and json.loads(detail.body())["attachments"][0]["name"] == "预算执行情况表.pdf"


def test_rejected_item_goes_back_with_the_comment(page, tmp_path, make_user, finance, government):
    make_user("alice", org=finance, role=Role.EDITOR, name="张丽")
    make_user("erin", org=government, role=Role.CONFIDENTIALITY_REVIEWER, name="陈静")
    title = "关于2026年度预算调整的说明"

    login(page, "alice")
    draft(page, title, tmp_path)
    logout(page)

    login(page, "erin")
    page.goto("/staff/catalog/reviews/")
    page.get_by_role("link", name=title).click()
    page.get_by_label("意见或理由").fill("第二段涉及未公开的内部讨论，请删除后再提交。")
    page.get_by_role("button", name="保密审查退回").click()
    expect(page.locator("[data-status]")).to_have_text("草稿")
    logout(page)

    login(page, "alice")
    panel = page.locator("[data-panel='catalog.tasks']")
    panel.get_by_role("link", name=title).click()
    expect(page.get_by_role("alert")).to_contain_text("第二段涉及未公开的内部讨论")
    expect(page.get_by_role("link", name="修改草稿")).to_be_visible()
    assert Item.objects.get(title=title).status == "draft"
