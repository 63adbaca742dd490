"""Staff catalog screens: drafting, attachments, review actions, scoping."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.catalog.models import Attachment, Category, Item
from gongkai.core.models import AuditEvent
from tests.conftest import PASSWORD

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def draft_data(org, **overrides):
    data = {
        "organization": org.pk,
        "title": "云龙示范区2026年财政预算公开",
        "fileno": "",
        "written_on": "2026-11-20",
        "category": Category.objects.get(name="公共监管").pk,
        "topic": "",
        "five_openness": "result",
        "keywords": "预算",
        "summary": "",
        "body": "<p>预算正文</p><script>x()</script>",
        "fulltext_electronic": "on",
        "attribute": "proactive",
        "attribute_reason": "",
        "interprets_index_nos": "",
    }
    data.update(overrides)
    return data


def test_editor_drafts_an_item(client, editor, finance):
    login(client, editor)
    response = client.post(reverse("catalog:create"), draft_data(finance))
    item = Item.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "catalog:detail", args=[item.pk]
    )
    assert item.status == "draft" and item.created_by == editor
    assert "<script>" not in item.body


def test_missing_reason_is_a_form_error_in_chinese(client, editor, finance):
    login(client, editor)
    response = client.post(reverse("catalog:create"), draft_data(finance, attribute="withheld"))
    assert response.status_code == 200
    assert "必须说明理由" in response.content.decode()
    assert not Item.objects.exists()


def test_editor_cannot_draft_for_another_unit(client, editor, town):
    login(client, editor)
    response = client.post(reverse("catalog:create"), draft_data(town))
    assert response.status_code == 200
    assert "organization" in response.context["form"].errors
    assert not Item.objects.exists()


def test_reviewer_without_editor_role_cannot_open_the_draft_form(client, reviewer):
    login(client, reviewer)
    assert client.get(reverse("catalog:create")).status_code == 403


def test_other_units_items_are_404(client, outsider, make_item, editor, finance):
    item = make_item(finance, editor)
    login(client, outsider)
    for name in ("catalog:detail", "catalog:edit"):
        assert client.get(reverse(name, args=[item.pk])).status_code == 404
    response = client.post(reverse("catalog:action", args=[item.pk]), {"action": "submit"})
    assert response.status_code == 404
    assert Item.objects.get(pk=item.pk).status == "draft"
    listing = client.get(reverse("catalog:list"))
    assert item.title not in listing.content.decode()


@pytest.mark.parametrize(
    ("name", "data", "ok"),
    [
        ("通知.pdf", PDF, True),
        ("方案.docx", docx_bytes(), True),
        ("setup.pdf", b"MZ\x90\x00" + b"\x00" * 100, False),  # renamed executable
        ("run.docx", b"#!/bin/sh\nrm -rf /\n", False),  # renamed script
        ("表格.xlsx", PDF, False),  # PDF content with an .xlsx name
        ("note.txt", b"plain text", False),  # type not allowed
    ],
)
def test_attachment_type_is_checked_by_content(client, editor, finance, make_item, name, data, ok):
    item = make_item(finance, editor)
    login(client, editor)
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    response = client.post(
        reverse("catalog:attachment_upload", args=[item.pk]), {"file": upload}, follow=True
    )
    assert Attachment.objects.filter(item=item).exists() is ok
    if ok:
        attachment = Attachment.objects.get(item=item)
        assert attachment.original_name == name
        assert name not in attachment.file.name  # stored under a safe generated name
        assert attachment.file.name.startswith("attachments/")
        assert AuditEvent.objects.filter(action="item.attach").count() == 1
    else:
        text = response.content.decode()
        assert "不允许上传" in text or "不符" in text or "不是允许的类型" in text


def test_attachment_size_limit(client, editor, finance, make_item, settings):
    settings.GONGKAI_ATTACHMENT_MAX_BYTES = 100
    item = make_item(finance, editor)
    login(client, editor)
    upload = SimpleUploadedFile("大文件.pdf", PDF + b"0" * 200)
    response = client.post(
        reverse("catalog:attachment_upload", args=[item.pk]), {"file": upload}, follow=True
    )
    assert "超过上限" in response.content.decode()
    assert not Attachment.objects.exists()


def test_review_through_the_screens(client, editor, finance, make_item, reviewer, approver):
    item = make_item(finance, editor)
    login(client, editor).post(reverse("catalog:action", args=[item.pk]), {"action": "submit"})
    client.logout()
    login(client, reviewer)
    queue = client.get(reverse("catalog:reviews"))
    assert item.title in queue.content.decode()
    client.post(reverse("catalog:action", args=[item.pk]), {"action": "approve_secrecy"})
    client.logout()
    login(client, approver)
    detail = client.get(reverse("catalog:detail", args=[item.pk])).content.decode()
    assert "发布审查通过" in detail and "发布审查退回" in detail
    client.post(reverse("catalog:action", args=[item.pk]), {"action": "approve_release"})
    item.refresh_from_db()
    assert item.status == "published" and item.index_no


def test_an_action_the_user_may_not_take_is_refused(client, editor, finance, make_item):
    item = make_item(finance, editor)
    login(client, editor)
    response = client.post(
        reverse("catalog:action", args=[item.pk]), {"action": "approve_release"}, follow=True
    )
    assert "操作无效" in response.content.decode()
    assert Item.objects.get(pk=item.pk).status == "draft"


def test_reject_without_comment_shows_the_reason(client, editor, finance, make_item, reviewer):
    item = make_item(finance, editor)
    login(client, editor).post(reverse("catalog:action", args=[item.pk]), {"action": "submit"})
    client.logout()
    login(client, reviewer)
    response = client.post(
        reverse("catalog:action", args=[item.pk]),
        {"action": "reject_secrecy", "comment": ""},
        follow=True,
    )
    assert "必须填写意见或理由" in response.content.decode()
    assert Item.objects.get(pk=item.pk).status == "secrecy_review"


def test_workbench_shows_catalog_tasks(client, editor, finance, make_item, reviewer):
    item = make_item(finance, editor)
    login(client, editor).post(reverse("catalog:action", args=[item.pk]), {"action": "submit"})
    client.logout()
    login(client, reviewer)
    response = client.get(reverse("core:workbench"))
    panels = {panel.key: ctx for panel, ctx in response.context["panels"]}
    assert panels["catalog.tasks"]["review_count"] == 1


def test_staff_list_query_count_is_constant(
    client, editor, finance, make_item, django_assert_max_num_queries
):
    login(client, editor)
    for i in range(3):
        make_item(finance, editor, title=f"信息{i}")
    with django_assert_max_num_queries(14) as few:
        client.get(reverse("catalog:list"))
    for i in range(30):
        make_item(finance, editor, title=f"更多信息{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("catalog:list"))


def test_abolishing_a_published_item_links_the_replacement(
    client, editor, finance, make_item, publish
):
    old = publish(make_item(finance, editor, title="旧办法"), editor)
    new = publish(make_item(finance, editor, title="新办法"), editor)
    login(client, editor)
    response = client.post(
        reverse("catalog:validity", args=[old.pk]),
        {"validity": "abolished", "on": "2026-11-20", "replaced_by": new.index_no},
        follow=True,
    )
    assert "有效性已改为“已废止”" in response.content.decode()
    old.refresh_from_db()
    assert (old.validity, str(old.validity_changed_on), old.replaced_by) == (
        "abolished",
        "2026-11-20",
        new,
    )
    assert AuditEvent.objects.filter(action="item.validity").count() == 1
    response = client.post(
        reverse("catalog:validity", args=[old.pk]),
        {"validity": "amended", "on": "2026-11-21", "replaced_by": "不存在/2026-99999"},
        follow=True,
    )
    assert "找不到索引号" in response.content.decode()
    old.refresh_from_db()
    assert old.validity == "abolished"


def test_admin_shows_items_read_only_and_taxonomy_editable(client, make_user):
    make_user("root", is_superuser=True, is_staff=True)
    login(client, type("U", (), {"username": "root"}))
    assert client.get(reverse("admin:catalog_item_changelist")).status_code == 200
    assert client.get(reverse("admin:catalog_item_add")).status_code == 403
    response = client.post(
        reverse("admin:catalog_indexrule_add"),
        {"organization": "", "pattern": "{org}/{year}", "scope": "org_year"},
    )
    assert "序号" in response.content.decode()  # pattern without {seq:N} is refused
    response = client.post(
        reverse("admin:catalog_channel_add"),
        {
            "code": "weibo",
            "name": "政务微博",
            "sender": "gongkai.nope.Sender",
            "config": "{}",
            "auto_queue": "on",
            "is_active": "on",
        },
    )
    assert "发送器“gongkai.nope.Sender”不存在" in response.content.decode()
