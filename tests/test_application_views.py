"""Pages of the application procedure: the public form and status query, staff pages."""

from datetime import date
from io import BytesIO

import pytest
import time_machine
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.models import Application, Notice
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
NOW = "2026-11-20 10:00 +0800"


def form_data(government, **overrides):
    data = {
        "organization": government.pk,
        "token": "t-" + overrides.pop("token", "1"),
        "applicant_type": "natural",
        "applicant_name": "张三",
        "id_kind": "resident_id",
        "id_number": "430202198001011234",
        "phone": "13812345678",
        "email": "zhangsan@example.com",
        "description": "2016年云龙示范区棚户区改造项目的征收补偿方案",
        "delivery_form": "electronic",
        "receive_method": "email",
        "agree": "on",
    }
    data.update(overrides)
    return data


def test_public_form_rejects_missing_fields_with_chinese_messages(client, government):
    response = client.post(reverse("applications_public:apply"), {"token": "x"})
    assert response.status_code == 400
    text = response.content.decode()
    for message in (
        "请填写姓名或名称",
        "请填写证件号码",
        "请填写联系电话",
        "请填写所需信息的内容描述",
    ):
        assert message in text
    assert Application.objects.count() == 0


def test_public_form_checks_values(client, government):
    response = client.post(
        reverse("applications_public:apply"),
        form_data(
            government,
            id_number="12345",
            applicant_type="legal",
            receive_method="post",
            description="字" * 2001,
        ),
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "居民身份证号码应为18位" in text
    assert "法人或其他组织请选择组织类型" in text
    assert "请填写通信地址" in text
    assert "不能超过2000字" in text
    assert Application.objects.count() == 0


@time_machine.travel(NOW, tick=False)
def test_apply_then_check_status_with_the_query_code(client, government):
    response = client.post(reverse("applications_public:apply"), form_data(government))
    assert response.status_code == 302
    receipt = client.get(response["Location"]).content.decode()
    app = Application.objects.get()
    assert app.tracking_no in receipt and app.query_code in receipt
    assert app.channel == "online" and app.received_on is None
    other = client.__class__()
    wrong = other.post(
        reverse("applications_public:status"),
        {"tracking_no": app.tracking_no, "query_code": "AAAAAAAA"},
    )
    assert wrong.status_code == 400 and "不正确" in wrong.content.decode()
    right = other.post(
        reverse("applications_public:status"),
        {"tracking_no": app.tracking_no, "query_code": app.query_code.lower()},
    )
    assert "待确认收到日期" in right.content.decode()
    assert "430202" not in right.content.decode()


@time_machine.travel(NOW, tick=False)
def test_double_submission_creates_one_application(client, government):
    first = client.post(reverse("applications_public:apply"), form_data(government, token="same"))
    second = client.post(reverse("applications_public:apply"), form_data(government, token="same"))
    assert first.status_code == second.status_code == 302
    assert Application.objects.count() == 1


@time_machine.travel(NOW, tick=False)
def test_rate_limit_per_address(client, government, settings):
    settings.GONGKAI_APPLY_PER_HOUR = 2
    url = reverse("applications_public:apply")
    assert client.post(url, form_data(government, token="a")).status_code == 302
    assert client.post(url, form_data(government, token="b")).status_code == 302
    third = client.post(url, form_data(government, token="c"))
    assert third.status_code == 429 and "过于频繁" in third.content.decode()
    assert Application.objects.count() == 2


def test_honeypot_rejects_bots(client, government):
    response = client.post(
        reverse("applications_public:apply"), form_data(government, website="http://spam")
    )
    assert response.status_code == 400
    assert Application.objects.count() == 0


@time_machine.travel(NOW, tick=False)
def test_staff_detail_explains_the_due_date_and_masks_data(client, make_application, office):
    app = make_application(date(2026, 10, 26))
    client.login(username="carol", password=PASSWORD)
    page = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert "2026年10月26日收到申请" in page
    assert "答复期限：2026年11月23日" in page
    assert "430***********1234" in page and "430202198001011234" not in page
    revealed = client.post(reverse("applications:reveal", args=[app.pk])).content.decode()
    assert "430202198001011234" in revealed


def test_staff_pages_hidden_from_other_units(client, make_application, outsider):
    app = make_application(date(2026, 10, 26))
    client.login(username="bob", password=PASSWORD)
    assert client.get(reverse("applications:detail", args=[app.pk])).status_code == 404
    notice = app.notices.first()
    assert (
        client.get(reverse("applications:notice_file", args=[notice.pk, "docx"])).status_code == 404
    )


@time_machine.travel(NOW, tick=False)
def test_action_with_bad_input_shows_errors_and_writes_nothing(client, make_application, office):
    app = make_application(date(2026, 10, 26))
    client.login(username="carol", password=PASSWORD)
    response = client.post(
        reverse("applications:action", args=[app.pk, "extend"]),
        {"extend-days": "30", "extend-on": "2026-11-02", "extend-reason": ""},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "请填写延期理由" in text
    assert not app.events.filter(kind="extended").exists()


@time_machine.travel(NOW, tick=False)
def test_list_filters_and_query_count(
    client, make_application, office, django_assert_max_num_queries
):
    for day in range(5):
        make_application(date(2026, 10, 19 + day))
    client.login(username="carol", password=PASSWORD)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("applications:list") + "?which=open")
    assert response.content.decode().count("YSQ2026-") == 5
    # a malformed unit filter is ignored, not a server error
    assert client.get(reverse("applications:list") + "?unit=abc").status_code == 200


@time_machine.travel(NOW, tick=False)
def test_notice_docx_download_contains_the_applicant(client, make_application, office):
    import docx

    app = make_application(date(2026, 10, 26))
    client.login(username="carol", password=PASSWORD)
    notice = app.notices.get(kind=Notice.Kind.RECEIPT)
    response = client.get(reverse("applications:notice_file", args=[notice.pk, "docx"]))
    assert response.status_code == 200
    text = "\n".join(p.text for p in docx.Document(BytesIO(response.content)).paragraphs)
    assert "张三" in text and app.tracking_no in text


@time_machine.travel(NOW, tick=False)
def test_art44_turns_repeated_requests_into_a_catalog_draft(client, make_application, office):
    from gongkai.catalog.models import Item

    apps = [
        make_application(date(2026, 11, 2), id_number=f"43020219800101{n:04d}") for n in range(2)
    ]
    for app in apps:
        draft = services.draft_reply(app, outcome="disclose", facts="", reasons="", by=office)
        body = draft.body.replace("【请填写：", "（").replace("】", "）")
        services.update_notice(
            draft, title=draft.title, fileno="", recipient=draft.recipient, body=body, by=office
        )
        services.issue_notice(draft, on=date(2026, 11, 19), by=office)
    client.login(username="carol", password=PASSWORD)
    page = client.get(reverse("applications:proactive")).content.decode()
    assert apps[0].tracking_no in page and apps[1].tracking_no in page
    response = client.post(
        reverse("applications:proactive_create"),
        {
            "applications": [a.pk for a in apps],
            "organization": apps[0].organization_id,
            "title": "云龙示范区棚户区改造征收补偿方案",
        },
    )
    item = Item.objects.get(title="云龙示范区棚户区改造征收补偿方案")
    assert response.status_code == 302 and item.status == "draft"
    assert set(Application.objects.values_list("catalog_item_id", flat=True)) == {item.pk}


@time_machine.travel(NOW, tick=False)
def test_status_page_does_not_name_the_third_party_or_the_approver(
    client, make_application, office, head
):
    app = make_application(date(2026, 10, 26))
    consultation = services.start_consultation(
        app,
        party_kind="third_party",
        party_name="株洲某化工有限公司",
        matter="检查记录",
        on=date(2026, 10, 27),
        by=office,
    )
    services.end_consultation(consultation, on=date(2026, 10, 30), opinion="object", by=office)
    services.extend(app, days=5, approver=head, on=date(2026, 11, 2), reason="档案多", by=office)
    response = client.post(
        reverse("applications_public:status"),
        {"tracking_no": app.tracking_no, "query_code": app.query_code},
    )
    text = response.content.decode()
    assert "征求第三方或其他机关意见" in text and "延长5个工作日" in text
    assert "株洲某化工有限公司" not in text and "周敏" not in text
    staff = services.clock_of(app).steps
    assert any("株洲某化工有限公司" in s.text for s in staff)
