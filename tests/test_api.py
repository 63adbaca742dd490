"""The JSON open-data API: published items only, filters, paging, errors, OpenAPI."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from gongkai.catalog import services
from gongkai.catalog.models import Category, Item, KeyArea
from gongkai.core.models import Role

SHANGHAI = ZoneInfo("Asia/Shanghai")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def released(make_item, publish, editor, finance):
    """Three published items of 财政局, oldest first."""
    return [
        publish(make_item(finance, editor, title=f"财政局公告第{n}号"), editor) for n in (1, 2, 3)
    ]


def titles(response):
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["results"]]


def test_list_shows_published_items_newest_first_with_catalog_fields(
    client, released, make_item, editor, finance
):
    make_item(finance, editor, title="草稿不公开")
    response = client.get("/api/items")
    data = response.json()
    assert data["count"] == 3 and data["page"] == 1 and data["page_size"] == 20
    assert titles(response) == ["财政局公告第3号", "财政局公告第2号", "财政局公告第1号"]
    first = data["results"][0]
    item = released[2]
    assert first["id"] == item.pk
    assert first["index_no"] == item.index_no
    assert first["publisher"] == "财政局"
    assert first["category"] == "通知公告"
    assert first["validity"] == "valid"
    assert first["key_areas"] == [] and first["topic"] is None
    assert first["url"].endswith(f"/items/{item.pk}/")
    assert first["published_at"].endswith("+08:00")
    local = timezone.localtime(item.published_at, SHANGHAI).replace(microsecond=0)
    assert datetime.fromisoformat(first["published_at"]) == local
    assert set(first) == {
        "id",
        "index_no",
        "title",
        "fileno",
        "publisher",
        "published_at",
        "written_on",
        "category",
        "topic",
        "key_areas",
        "validity",
        "url",
    }


def test_org_filter_includes_sub_units_and_excludes_others(
    client, released, make_org, make_user, make_item, publish, finance, town, outsider
):
    sub_unit = make_org("财政局国库支付中心", parent=finance)
    sub_editor = make_user("grace", org=sub_unit, role=Role.EDITOR)
    publish(make_item(sub_unit, sub_editor, title="国库支付中心公告"), sub_editor)
    publish(make_item(town, outsider, title="云田镇公告"), outsider)

    under_finance = titles(client.get("/api/items", {"org": finance.pk}))
    assert under_finance[0] == "国库支付中心公告" and len(under_finance) == 4
    assert "云田镇公告" not in under_finance
    assert titles(client.get("/api/items", {"org": sub_unit.pk})) == ["国库支付中心公告"]
    assert titles(client.get("/api/items", {"org": town.pk})) == ["云田镇公告"]
    missing = client.get("/api/items", {"org": 999999})
    assert missing.status_code == 404 and "单位不存在" in missing.json()["detail"]


def test_category_key_area_validity_year_and_title_filters(
    client, released, make_item, publish, editor, finance
):
    budget = KeyArea.objects.get(name="财政预决算")
    policy = publish(
        make_item(finance, editor, title="预算管理办法", category="政策法规", key_areas=[budget]),
        editor,
    )
    services.set_validity(released[0], validity="abolished", on=date(2026, 3, 1), by=editor)
    Item.objects.filter(pk=released[1].pk).update(
        published_at=datetime(2019, 12, 31, 23, 30, tzinfo=SHANGHAI)  # 2019 in Beijing time
    )

    category = Category.objects.get(name="政策法规")
    assert titles(client.get("/api/items", {"category": category.pk})) == ["预算管理办法"]
    with_area = client.get("/api/items", {"key_area": budget.pk})
    assert titles(with_area) == ["预算管理办法"]
    assert with_area.json()["results"][0]["key_areas"] == ["财政预决算"]
    assert titles(client.get("/api/items", {"validity": "abolished"})) == ["财政局公告第1号"]
    assert titles(client.get("/api/items", {"year": 2019})) == ["财政局公告第2号"]
    assert titles(client.get("/api/items", {"year": 2020})) == []
    assert titles(client.get("/api/items", {"q": "管理办法"})) == ["预算管理办法"]
    combined = client.get("/api/items", {"org": finance.pk, "q": "公告", "validity": "valid"})
    assert titles(combined) == ["财政局公告第3号", "财政局公告第2号"]
    assert policy.pk not in [row["id"] for row in combined.json()["results"]]


def test_paging(client, released):
    page1 = client.get("/api/items", {"page_size": 2}).json()
    page2 = client.get("/api/items", {"page_size": 2, "page": 2}).json()
    assert page1["count"] == page2["count"] == 3
    assert [r["title"] for r in page1["results"]] == ["财政局公告第3号", "财政局公告第2号"]
    assert [r["title"] for r in page2["results"]] == ["财政局公告第1号"]
    assert page2["page"] == 2 and page2["page_size"] == 2
    beyond = client.get("/api/items", {"page_size": 2, "page": 9}).json()
    assert beyond["results"] == [] and beyond["count"] == 3


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"page": 0}, "page"),
        ({"page_size": 1000}, "page_size"),
        ({"page_size": 0}, "page_size"),
        ({"year": "abc"}, "year"),
        ({"validity": "maybe"}, "validity"),
        ({"org": "财政局"}, "org"),
    ],
)
def test_bad_parameters_are_422_with_a_reason(client, db, params, name):
    response = client.get("/api/items", params)
    assert response.status_code == 422
    body = response.json()
    assert body["message"].startswith("请求参数有误") and name in body["message"]
    assert body["detail"][0]["loc"][-1] == name


def test_detail_has_body_attachments_and_published_interpretations(
    client, make_item, publish, editor, finance
):
    item = make_item(
        finance,
        editor,
        title="2026年部门预算",
        summary="本年度部门预算说明",
        body='<p>预算<script>alert(1)</script>总额<a href="javascript:x()">见表</a></p>',
    )
    attachment = services.add_attachment(item, name="预算表.pdf", data=PDF, by=editor)
    publish(item, editor)
    reading = publish(
        make_item(
            finance, editor, title="图解2026年部门预算", category="政策解读", interprets=[item]
        ),
        editor,
    )
    make_item(finance, editor, title="未发布的解读", category="政策解读", interprets=[item])

    data = client.get(f"/api/items/{item.pk}").json()
    assert data["title"] == "2026年部门预算" and data["summary"] == "本年度部门预算说明"
    assert "<script>" not in data["body"] and "javascript:" not in data["body"]
    assert "预算" in data["body"] and data["body_text"] == "预算总额见表"
    assert data["attachments"] == [
        {
            "name": "预算表.pdf",
            "size": len(PDF),
            "content_type": "application/pdf",
            "url": f"http://testserver/attachments/{attachment.pk}/",
        }
    ]
    assert data["interpretations"] == [reading.pk]


def test_unpublished_items_are_404_with_a_chinese_message(
    client, make_item, publish, editor, finance, reviewer, approver
):
    draft = make_item(finance, editor, title="草稿")
    in_review = make_item(finance, editor, title="审核中")
    services.submit_item(in_review, by=editor)
    registered = publish(
        make_item(
            finance,
            editor,
            title="依申请公开",
            attribute="on_request",
            attribute_reason="涉及内部事务",
        ),
        editor,
    )
    assert registered.status == Item.Status.REGISTERED
    retracted = publish(make_item(finance, editor, title="已撤回"), editor)
    services.retract_item(retracted, by=approver, reason="内容有误")
    scheduled = publish(
        make_item(finance, editor, title="定时发布"),
        editor,
        publish_at=timezone.now() + timedelta(days=1),
    )
    for item in (draft, in_review, registered, retracted, scheduled):
        response = client.get(f"/api/items/{item.pk}")
        assert response.status_code == 404
        assert response.json()["detail"] == "该信息不存在或尚未公开"
    assert client.get("/api/items/999999").status_code == 404
    assert client.get("/api/items").json()["count"] == 0


def test_taxonomy_and_organization_lists(client, finance, government):
    categories = client.get("/api/categories").json()
    assert [c["name"] for c in categories][:3] == ["政策法规", "规划计划", "公共监管"]
    assert {"id", "name", "code", "is_interpretation"} == set(categories[0])
    areas = [a["name"] for a in client.get("/api/key-areas").json()]
    assert "财政预决算" in areas and "食品药品安全" in areas
    orgs = client.get("/api/organizations").json()
    by_name = {o["name"]: o for o in orgs}
    assert by_name["财政局"]["parent_id"] == government.pk
    assert by_name["测试区管委会"]["kind"] == "government"


def test_openapi_lists_the_paths_and_docs_page_loads(client, db):
    schema = client.get("/api/openapi.json").json()
    assert schema["info"]["title"] == "政务公开平台开放数据接口"
    assert set(schema["paths"]) >= {
        "/api/items",
        "/api/items/{item_id}",
        "/api/categories",
        "/api/key-areas",
        "/api/organizations",
    }
    params = {p["name"] for p in schema["paths"]["/api/items"]["get"]["parameters"]}
    assert {"org", "category", "key_area", "year", "validity", "q", "page", "page_size"} <= params
    assert client.get("/api/docs").status_code == 200


def _bulk_published(org, n):
    category = Category.objects.get(name="通知公告")
    areas = list(KeyArea.objects.all()[:2])
    now = timezone.now()
    items = Item.objects.bulk_create(
        Item(
            organization=org,
            category=category,
            title=f"批量公告{i}",
            status=Item.Status.PUBLISHED,
            published_at=now - timedelta(minutes=i),
        )
        for i in range(n)
    )
    for item in items:
        item.key_areas.set(areas)


@pytest.mark.parametrize("count", [3, 30])
def test_list_query_count_does_not_grow_with_items(
    client, finance, count, django_assert_max_num_queries
):
    _bulk_published(finance, count)
    with django_assert_max_num_queries(5):  # incl. one lookup of the unit and sub-unit ids
        response = client.get("/api/items", {"org": finance.pk, "page_size": 50})
    assert len(response.json()["results"]) == count
    assert response.json()["results"][0]["key_areas"] == ["财政预决算", "保障性住房"]
