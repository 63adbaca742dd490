"""The public portal: pages, visibility (404/410), filters, downloads, query counts, page views."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from gongkai.catalog import pageviews, services
from gongkai.catalog.models import Category, Item, KeyArea, PageView, ServiceItem, Topic
from gongkai.core.models import Organization, Role

SHANGHAI = ZoneInfo("Asia/Shanghai")
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _quiet_pageviews(settings, monkeypatch, tmp_path):
    """A page-view buffer that never flushes by itself (conftest empties it per test);
    media in tmp."""
    settings.GONGKAI_PAGEVIEW_FLUSH_SECONDS = 10**6
    settings.GONGKAI_PAGEVIEW_FLUSH_COUNT = 10**6
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def gov_editor(make_user, government):
    """Gina edits for the government itself."""
    return make_user("gina", org=government, role=Role.EDITOR, name="高娜")


@pytest.fixture
def released(make_item, publish, editor, finance):
    """Create and publish an item (of 财政局 by Alice unless told otherwise)."""

    def make(org=None, by=None, *, at=None, publish_at=None, **fields):
        item = make_item(org or finance, by or editor, **fields)
        if at is not None:
            with time_machine.travel(at, tick=False):
                publish(item, by or editor)
        else:
            options = {"publish_at": publish_at} if publish_at else {}
            publish(item, by or editor, **options)
        item.refresh_from_db()
        return item

    return make


def category(name):
    return Category.objects.get(name=name)


def topic(name, parent):
    return Topic.objects.get(name=name, parent__name=parent)


def area(name):
    return KeyArea.objects.get(name=name)


# --- home and the 政府信息公开 column -----------------------------------------------------


def test_home_lists_latest_published_items_key_areas_quick_links_and_units(
    client, released, make_item, editor, finance
):
    visible = released(title="2026年财政预算公开")
    make_item(finance, editor, title="尚未审核的草稿")
    released(title="定时发布的通知", publish_at=timezone.now() + timedelta(hours=3))

    response = client.get(reverse("portal:home"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "2026年财政预算公开" in html and reverse("portal:item", args=[visible.pk]) in html
    assert "尚未审核的草稿" not in html
    assert "定时发布的通知" not in html
    for link in ["公开指南", "公开制度", "法定主动公开内容", "公开年报", "依申请公开"]:
        assert link in html
    assert f"?area={area('财政预决算').pk}" in html
    assert reverse("portal:unit", args=[finance.pk]) in html
    assert html.count("<h1") == 1 and "<main" in html


def test_home_shows_only_the_ten_latest(client, released):
    for n in range(12):
        released(title=f"第{n:02d}号通知", at=datetime(2026, 3, 1 + n, 9, tzinfo=SHANGHAI))
    html = client.get(reverse("portal:home")).content.decode()
    assert "第11号通知" in html and "第02号通知" in html
    assert "第01号通知" not in html and "第00号通知" not in html


def test_disclosure_column_links_guides_and_the_art_20_list(client, finance, government):
    response = client.get(reverse("portal:disclosure"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("portal:guide", args=[finance.pk]) in html
    assert reverse("portal:guide", args=[government.pk]) in html
    assert "行政法规、规章和规范性文件" in html
    assert "公务员招考的职位、名额、报考条件等事项以及录用结果" in html
    assert f"?category={category('政策法规').pk}" in html
    assert f"?area={area('财政预决算').pk}" in html
    for name in ["rules", "statutory", "annual_reports", "apply"]:
        assert reverse(f"portal:{name}") in html


def test_statutory_page_lists_the_fifteen_items(client, db):
    response = client.get(reverse("portal:statutory"))
    assert response.status_code == 200
    assert response.content.decode().count('<span class="num">') == 15


def test_rules_page_shows_items_filed_under_the_disclosure_topic(
    client, released, gov_editor, government
):
    released(
        government,
        gov_editor,
        title="政府信息公开保密审查制度",
        topic=topic("政务公开", "综合政务"),
    )
    released(government, gov_editor, title="应急预案", topic=topic("应急管理", "综合政务"))
    html = client.get(reverse("portal:rules")).content.decode()
    assert "政府信息公开保密审查制度" in html
    assert "应急预案" not in html


def test_annual_reports_page_lists_items_titled_as_annual_reports(client, released):
    released(title="财政局2025年政府信息公开工作年度报告")
    released(title="2025年度财政决算报告")
    html = client.get(reverse("portal:annual_reports")).content.decode()
    assert "财政局2025年政府信息公开工作年度报告" in html
    assert "2025年度财政决算报告" not in html


def test_apply_page_explains_the_route_with_the_office_contact_and_no_form(client, government):
    Organization.objects.filter(pk=government.pk).update(
        office_name="测试区政务公开办公室", phone="0731-12345678", address="云龙大道1号"
    )
    response = client.get(reverse("portal:apply"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "测试区政务公开办公室" in html and "0731-12345678" in html and "云龙大道1号" in html
    assert "第二十九条" in html and "第三十条" in html and "第三十一条" in html
    assert "<form" not in html  # the online form is a later issue; no fake form


# --- catalog -----------------------------------------------------------------------------


def test_catalog_filters_combine_unit_category_and_year(client, released, make_org, finance):
    treasury = make_org("国库集中支付中心", parent=finance, kind=Organization.Kind.SUBUNIT)
    spring_2025 = datetime(2025, 4, 1, 10, tzinfo=SHANGHAI)
    spring_2026 = datetime(2026, 4, 1, 10, tzinfo=SHANGHAI)
    hit = released(title="命中：财政局政策2025", category="政策法规", at=spring_2025)
    sub_hit = released(
        treasury, title="命中：下属单位政策2025", category="政策法规", at=spring_2025
    )
    released(title="年份不符", category="政策法规", at=spring_2026)
    released(title="类别不符", category="通知公告", at=spring_2025)

    response = client.get(
        reverse("portal:catalog"),
        {"org": finance.pk, "category": category("政策法规").pk, "year": 2025},
    )

    assert response.status_code == 200
    shown = {item.pk for item in response.context["page_obj"].object_list}
    assert shown == {hit.pk, sub_hit.pk}
    html = response.content.decode()
    assert "共 <strong>2</strong> 条信息" in html
    assert (
        "发布机构：财政局" in html and "信息类别：政策法规" in html and "发布年份：2025年" in html
    )
    assert "年份不符" not in html and "类别不符" not in html


def test_catalog_first_level_topic_includes_its_children_and_area_and_validity_filter(
    client, released, editor, approver
):
    finance_topic = topic("财政", "财政、金融、审计")
    parent = finance_topic.parent
    child_item = released(title="子主题信息", topic=finance_topic, key_areas=[area("财政预决算")])
    parent_item = released(title="一级主题信息", topic=parent)
    other = released(title="其他主题信息", topic=topic("审计", "财政、金融、审计"))
    released(title="无关主题信息", topic=topic("教育", "科技、教育"))

    def shown(**params):
        response = client.get(reverse("portal:catalog"), params)
        return {item.pk for item in response.context["page_obj"].object_list}

    assert shown(topic=parent.pk) == {child_item.pk, parent_item.pk, other.pk}
    assert shown(topic=finance_topic.pk) == {child_item.pk}
    assert shown(area=area("财政预决算").pk) == {child_item.pk}
    services.set_validity(other, validity="abolished", on=timezone.localdate(), by=editor)
    assert shown(validity="abolished") == {other.pk}


def test_catalog_pages_by_twenty_and_keeps_filters_in_page_links(client, released):
    for n in range(23):
        released(title=f"分页测试{n}", category="通知公告")
    notices = category("通知公告").pk
    first = client.get(reverse("portal:catalog"), {"category": notices})
    assert len(first.context["page_obj"].object_list) == 20
    assert f"?category={notices}&amp;page=2" in first.content.decode()
    second = client.get(reverse("portal:catalog"), {"category": notices, "page": 2})
    assert len(second.context["page_obj"].object_list) == 3


def test_catalog_shows_category_counts_and_ignores_bad_values(client, released):
    released(category="政策法规")
    released(category="政策法规")
    released(category="通知公告")
    response = client.get(reverse("portal:catalog"), {"year": "abc", "org": "999999"})
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 3
    counts = {c.name: n for c, n in response.context["category_counts"]}
    assert counts == {"政策法规": 2, "通知公告": 1}
    assert "error" in response.content.decode()


def test_catalog_hides_unpublished_registered_and_scheduled_items(
    client, released, make_item, editor, finance
):
    shown = released(title="已发布")
    make_item(finance, editor, title="草稿")
    released(
        title="依申请公开的", attribute="on_request", attribute_reason="涉及第三方（第十五条）"
    )
    released(title="明天发布", publish_at=timezone.now() + timedelta(days=1))
    response = client.get(reverse("portal:catalog"))
    assert [i.pk for i in response.context["page_obj"].object_list] == [shown.pk]


def test_unit_page_lists_the_unit_and_its_sub_units_only(
    client, released, make_org, finance, town, make_user
):
    treasury = make_org("国库集中支付中心", parent=finance, kind=Organization.Kind.SUBUNIT)
    bob = make_user("bob", org=town, role=Role.EDITOR)
    mine = released(title="财政局的信息")
    sub = released(treasury, title="国库中心的信息")
    released(town, bob, title="云田镇的信息")

    response = client.get(reverse("portal:unit", args=[finance.pk]))

    assert response.status_code == 200
    assert {i.pk for i in response.context["page_obj"].object_list} == {mine.pk, sub.pk}
    html = response.content.decode()
    assert reverse("portal:guide", args=[finance.pk]) in html
    assert reverse("portal:board", args=[finance.pk]) in html
    assert 'name="org"' not in html  # the unit is fixed by the URL


@pytest.mark.parametrize("name", ["unit", "guide", "board"])
def test_unit_pages_404_for_unknown_and_inactive_units(client, finance, name):
    assert client.get(reverse(f"portal:{name}", args=[finance.pk])).status_code == 200
    assert client.get(reverse(f"portal:{name}", args=[987654])).status_code == 404
    Organization.objects.filter(pk=finance.pk).update(is_active=False)
    assert client.get(reverse(f"portal:{name}", args=[finance.pk])).status_code == 404


# --- item pages ----------------------------------------------------------------------------


def test_item_page_shows_the_metadata_table_body_attachments_and_interpretations(
    client, released, make_item, publish, editor, finance
):
    old = released(title="旧办法")
    policy = released(
        title="测试区财政专项资金管理办法",
        category="政策法规",
        fileno="测财发〔2026〕3号",
        written_on=datetime(2026, 1, 5).date(),
        topic=topic("财政", "财政、金融、审计"),
        key_areas=[area("财政预决算")],
        five_openness="decision",
        keywords="财政 专项资金",
        summary="规范专项资金管理。",
        body="<p>第一条 为规范<strong>专项资金</strong>管理……</p>",
    )
    services.set_validity(
        old, validity="amended", on=timezone.localdate(), by=editor, replaced_by=policy
    )
    draft = make_item(finance, editor, title="政策解读：专项资金管理办法", category="政策解读")
    services.update_item(draft, by=editor, interprets=[policy])
    services.add_attachment(draft, name="解读图表.pdf", data=PDF, by=editor)
    interpretation = publish(draft, editor)

    html = client.get(reverse("portal:item", args=[policy.pk])).content.decode()

    for label in [
        "索引号", "主题分类", "发布机构", "成文日期", "标题", "发文字号", "发布日期",
        "信息类别", "重点领域", "五公开", "有效性", "主题词", "内容概述",
    ]:  # fmt: skip
        assert f'<th scope="row">{label}</th>' in html
    assert policy.index_no in html and "测财发〔2026〕3号" in html and "2026年1月5日" in html
    assert "财政、金融、审计 › 财政" in html and "决策公开" in html and "财政预决算" in html
    assert "<strong>专项资金</strong>" in html  # sanitized body rendered as HTML
    assert reverse("portal:item", args=[interpretation.pk]) in html

    old_html = client.get(reverse("portal:item", args=[old.pk])).content.decode()
    assert "已修订" in old_html and reverse("portal:item", args=[policy.pk]) in old_html

    interp_html = client.get(reverse("portal:item", args=[interpretation.pk])).content.decode()
    attachment = interpretation.attachments.get()
    assert reverse("portal:attachment", args=[attachment.pk]) in interp_html
    assert "解读图表.pdf" in interp_html and "PDF" in interp_html and "字节" in interp_html
    assert reverse("portal:item", args=[policy.pk]) in interp_html


def test_item_page_hides_links_to_items_the_public_cannot_see(
    client, released, make_item, editor, finance
):
    policy = released(title="公开的政策")
    draft = make_item(finance, editor, title="未发布的解读", category="政策解读")
    services.update_item(draft, by=editor, interprets=[policy])
    html = client.get(reverse("portal:item", args=[policy.pk])).content.decode()
    assert "未发布的解读" not in html


def test_retracted_item_is_410_with_date_and_reason(client, released, approver):
    item = released(title="有误的通知")
    services.retract_item(item, by=approver, reason="数据有误，更正后重新发布")
    response = client.get(reverse("portal:item", args=[item.pk]))
    assert response.status_code == 410
    html = response.content.decode()
    assert "已撤回" in html and "数据有误，更正后重新发布" in html
    assert f"{timezone.localdate():%Y年}" in html
    assert "有误的通知" not in html


def test_unpublished_items_are_404(
    client, make_item, released, editor, finance, reviewer, approver
):
    draft = make_item(finance, editor, title="草稿")
    secrecy = make_item(finance, editor, title="保密审查中")
    services.submit_item(secrecy, by=editor)
    release = make_item(finance, editor, title="发布审查中")
    services.submit_item(release, by=editor)
    services.approve_secrecy(release, by=reviewer)
    registered = released(attribute="withheld", attribute_reason="国家秘密（第十四条）")
    scheduled = released(publish_at=timezone.now() + timedelta(hours=1))
    assert registered.status == Item.Status.REGISTERED
    for item in [draft, secrecy, release, registered, scheduled]:
        assert client.get(reverse("portal:item", args=[item.pk])).status_code == 404, item
    assert client.get(reverse("portal:item", args=[999999])).status_code == 404


def test_scheduled_item_appears_when_its_time_comes(client, released):
    later = timezone.now() + timedelta(hours=2)
    item = released(publish_at=later)
    assert client.get(reverse("portal:item", args=[item.pk])).status_code == 404
    with time_machine.travel(later + timedelta(minutes=1)):
        assert client.get(reverse("portal:item", args=[item.pk])).status_code == 200


# --- attachments ---------------------------------------------------------------------------


def test_attachment_downloads_only_while_its_item_is_visible(
    client, make_item, publish, editor, finance, approver
):
    item = make_item(finance, editor)
    attachment = services.add_attachment(item, name="2026年预算表.pdf", data=PDF, by=editor)
    url = reverse("portal:attachment", args=[attachment.pk])
    assert client.get(url).status_code == 404  # draft

    publish(item, editor)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''2026%E5%B9%B4" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF

    services.retract_item(item, by=approver, reason="撤回测试")
    assert client.get(url).status_code == 404
    assert client.get(reverse("portal:attachment", args=[999999])).status_code == 404


def test_attachment_of_a_scheduled_item_is_404(client, make_item, publish, editor, finance):
    item = make_item(finance, editor)
    attachment = services.add_attachment(item, name="表.pdf", data=PDF, by=editor)
    publish(item, editor, publish_at=timezone.now() + timedelta(hours=1))
    assert client.get(reverse("portal:attachment", args=[attachment.pk])).status_code == 404


# --- guide and board -----------------------------------------------------------------------


def test_guide_lists_taxonomy_contact_and_missing_fields(client, finance):
    Organization.objects.filter(pk=finance.pk).update(
        office_name="财政局办公室", address="云龙大道8号", phone="0731-22223333"
    )
    html = client.get(reverse("portal:guide", args=[finance.pk])).content.decode()
    assert "财政局政府信息公开指南" in html
    assert "财政局办公室" in html and "云龙大道8号" in html and "0731-22223333" in html
    assert "政策法规" in html and "财政、金融、审计" in html and "政务公开" in html
    assert "本指南尚缺以下信息" in html
    assert "办公时间、传真、电子邮箱" in html
    assert reverse("portal:apply") in html


def test_complete_guide_has_no_missing_notice(client, finance):
    Organization.objects.filter(pk=finance.pk).update(
        office_name="财政局办公室",
        address="云龙大道8号",
        office_hours="工作日 8:30-12:00，14:30-17:30",
        phone="0731-22223333",
        fax="0731-22223334",
        email="czj@example.gov.cn",
    )
    html = client.get(reverse("portal:guide", args=[finance.pk])).content.decode()
    assert "本指南尚缺以下信息" not in html
    assert "mailto:czj@example.gov.cn" in html


def test_board_lists_service_items_and_is_printable(client, finance, town):
    ServiceItem.objects.create(
        organization=finance,
        name="政府采购供应商投诉处理",
        basis="《政府采购法》第五十五条",
        procedure="受理—调查—决定",
        time_limit="30个工作日",
        staff="王明",
        phone="0731-22224444",
    )
    ServiceItem.objects.create(organization=town, name="别的单位的事项", procedure="—")
    response = client.get(reverse("portal:board", args=[finance.pk]))
    html = response.content.decode()
    for header in [
        "办理事项",
        "办理依据",
        "办事流程",
        "办理时限",
        "收费标准",
        "办理人员",
        "咨询电话",
    ]:
        assert f'<th scope="col">{header}</th>' in html
    assert "政府采购供应商投诉处理" in html and "不收费" in html and "王明" in html
    assert "别的单位的事项" not in html
    assert "打印" in html and "print.js" in html


def test_site_css_has_a_print_stylesheet():
    from django.contrib.staticfiles import finders

    with open(finders.find("gongkai/site.css"), encoding="utf-8") as fh:
        css = fh.read()
    assert "@media print" in css and ".no-print" in css


# --- no query per row ----------------------------------------------------------------------


@pytest.fixture
def many_items(released, make_org, finance):
    """n published items with key areas and topics, spread over a unit and a sub-unit."""

    def make(n):
        sub = make_org("国库集中支付中心", parent=finance, kind=Organization.Kind.SUBUNIT)
        areas = [area("财政预决算"), area("招标投标")]
        for i in range(n):
            released(
                sub if i % 2 else finance,
                title=f"信息{i}",
                category="政策法规" if i % 3 else "通知公告",
                topic=topic("财政", "财政、金融、审计"),
                key_areas=areas,
            )
            ServiceItem.objects.create(organization=finance, name=f"事项{i}", procedure="受理")

    return make


@pytest.mark.parametrize("n", [3, 30])
def test_list_pages_use_a_constant_number_of_queries(
    client, many_items, finance, django_assert_max_num_queries, n
):
    many_items(n)
    # Catalog pages with cold caches include the cached computations: the year list (first
    # and last date, one probe per year), the count, the facet counts, the unit id lookup.
    pages = [
        (reverse("portal:home"), {}, 3),
        (reverse("portal:catalog"), {}, 11),
        (
            reverse("portal:catalog"),
            {
                "org": finance.pk,
                "category": category("政策法规").pk,
                "topic": topic("财政", "财政、金融、审计").parent_id,
                "area": area("财政预决算").pk,
                "year": timezone.localdate().year,
                "validity": "valid",
            },
            15,
        ),
        (reverse("portal:unit", args=[finance.pk]), {}, 12),
        (reverse("portal:rules"), {}, 1),
        (reverse("portal:annual_reports"), {}, 1),
        (reverse("portal:disclosure"), {}, 4),
        (reverse("portal:guide", args=[finance.pk]), {}, 4),
        (reverse("portal:board", args=[finance.pk]), {}, 2),
        (reverse("portal:statutory"), {}, 3),
        (reverse("portal:apply"), {}, 2),
    ]
    for url, params, limit in pages:
        with django_assert_max_num_queries(limit):
            assert client.get(url, params).status_code == 200


@pytest.mark.parametrize("n", [3, 30])
def test_item_page_queries_do_not_grow_with_attachments_and_interpretations(
    client, make_item, publish, released, editor, finance, django_assert_max_num_queries, n
):
    policy = released(title="政策", key_areas=list(KeyArea.objects.all()[:n]))
    for i in range(n):
        interp = make_item(finance, editor, title=f"解读{i}", category="政策解读")
        services.update_item(interp, by=editor, interprets=[policy])
        services.add_attachment(interp, name=f"附件{i}.pdf", data=PDF, by=editor)
        publish(interp, editor)
    for i in range(n):
        draft = make_item(finance, editor, title=f"附{i}")
        services.add_attachment(draft, name=f"附件{i}.pdf", data=PDF, by=editor)
    with django_assert_max_num_queries(5):
        assert client.get(reverse("portal:item", args=[policy.pk])).status_code == 200


def test_query_count_is_exactly_the_same_for_3_and_30_items(client, released, finance):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def counts():
        result = []
        cache.clear()  # measure cold: cached facets and filter form are computed each time
        for url in [reverse("portal:home"), reverse("portal:unit", args=[finance.pk])]:
            with CaptureQueriesContext(connection) as ctx:
                client.get(url, {"category": category("政策法规").pk})
            result.append(len(ctx.captured_queries))
        return result

    for i in range(3):
        released(title=f"少{i}", category="政策法规", key_areas=[area("教育")])
    few = counts()
    for i in range(27):
        released(title=f"多{i}", category="政策法规", key_areas=[area("教育")])
    assert counts() == few


# --- page views ----------------------------------------------------------------------------


def test_item_views_are_counted_in_the_buffer_and_written_on_flush(client, released, finance):
    item = released()
    url = reverse("portal:item", args=[item.pk])
    before = pageviews.pending()

    client.get(url, HTTP_USER_AGENT=BROWSER)
    assert pageviews.pending() == before + 2  # the site and the item
    client.get(url, HTTP_USER_AGENT="Mozilla/5.0 (compatible; Googlebot/2.1)")
    assert pageviews.pending() == before + 2  # robots are not counted
    client.get(url, HTTP_USER_AGENT=BROWSER)
    client.get(reverse("portal:catalog"), HTTP_USER_AGENT=BROWSER)
    assert pageviews.pending() == before + 5

    pageviews.flush()

    assert pageviews.pending() == 0
    today = timezone.localdate()
    row = PageView.objects.get(day=today, key=f"item:{item.pk}")
    assert (row.count, row.item_id, row.organization_id) == (2, item.pk, finance.pk)
    assert PageView.objects.get(day=today, key="site").count == 3
    assert pageviews.totals_by_organization(today.year) == {finance.pk: 2}


@pytest.mark.parametrize(
    "name", ["home", "disclosure", "rules", "statutory", "annual_reports", "apply", "catalog"]
)
def test_every_portal_page_counts_a_site_view(client, db, name):
    client.get(reverse(f"portal:{name}"), HTTP_USER_AGENT=BROWSER)
    assert pageviews.pending() == 1


def test_missing_pages_are_not_counted(client, db):
    client.get(reverse("portal:item", args=[424242]), HTTP_USER_AGENT=BROWSER)
    assert pageviews.pending() == 0
