"""RSS and Atom feeds of published items: site-wide, per unit and per category."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from gongkai.catalog import services
from gongkai.catalog.models import Category, Item

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def released(make_item, publish, editor, finance):
    """Three items of 财政局 published one after another (oldest first)."""
    items = []
    for n in range(3):
        item = make_item(finance, editor, title=f"财政局公告第{n + 1}号")
        items.append(publish(item, editor))
    return items


def rss_items(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    return [
        {
            "title": entry.findtext("title"),
            "link": entry.findtext("link"),
            "category": entry.findtext("category"),
        }
        for entry in root.iter("item")
    ]


def atom_entries(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
        }
        for entry in root.iter(f"{ATOM}entry")
    ]


def test_site_rss_lists_published_items_newest_first_with_links(client, released):
    entries = rss_items(client.get("/feeds/rss/"))
    assert [e["title"] for e in entries] == [
        "财政局公告第3号",
        "财政局公告第2号",
        "财政局公告第1号",
    ]
    for entry, item in zip(entries, reversed(released), strict=True):
        assert entry["link"].endswith(f"/items/{item.pk}/")
        assert entry["category"] == "通知公告"


def test_site_atom_matches_rss(client, released):
    entries = atom_entries(client.get("/feeds/atom/"))
    assert [e["title"] for e in entries] == [
        "财政局公告第3号",
        "财政局公告第2号",
        "财政局公告第1号",
    ]
    assert entries[0]["link"].endswith(f"/items/{released[2].pk}/")


def test_unpublished_retracted_and_scheduled_items_are_absent(
    client, released, make_item, publish, editor, finance, approver
):
    make_item(finance, editor, title="尚未提交的草稿")
    services.submit_item(make_item(finance, editor, title="待审核的信息"), by=editor)
    publish(
        make_item(finance, editor, title="定时发布的信息"),
        editor,
        publish_at=timezone.now() + timedelta(days=2),
    )
    services.retract_item(released[0], by=approver, reason="内容有误")
    for url in ("/feeds/rss/", f"/feeds/units/{finance.pk}/rss/"):
        titles = [e["title"] for e in rss_items(client.get(url))]
        assert titles == ["财政局公告第3号", "财政局公告第2号"]


def test_unit_feed_includes_sub_units_but_not_other_units(
    client, released, make_org, make_user, make_item, publish, finance, town, outsider
):
    from gongkai.core.models import Role

    sub_unit = make_org("财政局国库支付中心", parent=finance)
    sub_editor = make_user("grace", org=sub_unit, role=Role.EDITOR)
    publish(make_item(sub_unit, sub_editor, title="国库支付中心公告"), sub_editor)
    publish(make_item(town, outsider, title="云田镇公告"), outsider)

    titles = [e["title"] for e in rss_items(client.get(f"/feeds/units/{finance.pk}/rss/"))]
    assert titles[0] == "国库支付中心公告"
    assert "云田镇公告" not in titles and len(titles) == 4
    sub_titles = [e["title"] for e in atom_entries(client.get(f"/feeds/units/{sub_unit.pk}/atom/"))]
    assert sub_titles == ["国库支付中心公告"]
    town_titles = [e["title"] for e in rss_items(client.get(f"/feeds/units/{town.pk}/rss/"))]
    assert town_titles == ["云田镇公告"]


def test_category_feed_lists_only_that_category(
    client, released, make_item, publish, editor, finance
):
    publish(make_item(finance, editor, title="财政局规范性文件", category="政策法规"), editor)
    policy = Category.objects.get(name="政策法规")
    notices = Category.objects.get(name="通知公告")
    rss = [e["title"] for e in rss_items(client.get(f"/feeds/categories/{policy.pk}/rss/"))]
    assert rss == ["财政局规范性文件"]
    atom = [e["title"] for e in atom_entries(client.get(f"/feeds/categories/{notices.pk}/atom/"))]
    assert atom == ["财政局公告第3号", "财政局公告第2号", "财政局公告第1号"]


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/units/999999/rss/",
        "/feeds/units/999999/atom/",
        "/feeds/categories/999999/rss/",
        "/feeds/categories/999999/atom/",
    ],
)
def test_unknown_unit_or_category_is_404(client, db, url):
    assert client.get(url).status_code == 404


def _bulk_published(org, n):
    category = Category.objects.get(name="通知公告")
    now = timezone.now()
    Item.objects.bulk_create(
        Item(
            organization=org,
            category=category,
            title=f"批量公告{i}",
            status=Item.Status.PUBLISHED,
            published_at=now - timedelta(minutes=i),
        )
        for i in range(n)
    )


def test_feed_has_at_most_fifty_newest_items(client, finance):
    _bulk_published(finance, 55)
    titles = [e["title"] for e in rss_items(client.get("/feeds/rss/"))]
    assert len(titles) == 50
    assert titles[0] == "批量公告0" and titles[-1] == "批量公告49"


@pytest.mark.parametrize("count", [3, 30])
def test_feed_query_count_does_not_grow_with_items(
    client, finance, count, django_assert_max_num_queries
):
    _bulk_published(finance, count)
    with django_assert_max_num_queries(3):
        assert len(rss_items(client.get(f"/feeds/units/{finance.pk}/rss/"))) == count
