"""The review workflow, roles, attribute reasons, late flags and the audit trail."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongkai.catalog import services, workflow
from gongkai.catalog.models import ChannelPost, Item
from gongkai.core.models import AuditEvent, Role

SHANGHAI = ZoneInfo("Asia/Shanghai")


def trail(item):
    return list(
        AuditEvent.objects.filter(object_type="catalog.item", object_id=str(item.pk))
        .order_by("seq")
        .values_list("action", "actor__username")
    )


def test_full_journey_publishes_with_index_number_and_trail(
    make_item, editor, finance, reviewer, approver
):
    item = make_item(finance, editor)
    assert item.status == Item.Status.DRAFT and item.index_no is None
    services.submit_item(item, by=editor)
    assert item.status == Item.Status.SECRECY_REVIEW
    services.approve_secrecy(item, by=reviewer)
    assert item.status == Item.Status.RELEASE_REVIEW
    services.approve_release(item, by=approver)
    item.refresh_from_db()
    assert item.status == Item.Status.PUBLISHED and item.is_visible
    year = timezone.localdate().year
    assert item.index_no == f"{finance.code}/{year}-00001"
    assert trail(item) == [
        ("item.create", "alice"),
        ("item.submit", "alice"),
        ("item.approve_secrecy", "erin"),
        ("item.publish", "frank"),
    ]
    assert ChannelPost.objects.filter(item=item, channel__code="wechat").count() == 1


@pytest.mark.parametrize("stage", ["secrecy", "release"])
def test_rejection_returns_to_editor_with_comment(
    make_item, editor, finance, reviewer, approver, stage
):
    item = make_item(finance, editor)
    services.submit_item(item, by=editor)
    rejecter = reviewer
    if stage == "release":
        services.approve_secrecy(item, by=reviewer)
        rejecter = approver
    with pytest.raises(ValidationError, match="必须填写"):
        services.reject_item(item, by=rejecter, comment="  ")
    services.reject_item(item, by=rejecter, comment="涉及个人信息，请删除第二段")
    item.refresh_from_db()
    assert item.status == Item.Status.DRAFT
    assert item.review_comment == "涉及个人信息，请删除第二段"
    assert trail(item)[-1] == (f"item.reject_{stage}", rejecter.username)
    services.update_item(item, by=editor, body="<p>已修改</p>")  # editable again
    services.submit_item(item, by=editor)


def test_each_step_needs_its_role(make_item, editor, finance, reviewer, approver, office):
    item = make_item(finance, editor)
    with pytest.raises(PermissionDenied):
        services.submit_item(item, by=reviewer)
    services.submit_item(item, by=editor)
    for wrong in (editor, approver, office):
        with pytest.raises(PermissionDenied):
            services.approve_secrecy(item, by=wrong)
    services.approve_secrecy(item, by=reviewer)
    for wrong in (editor, reviewer, office):
        with pytest.raises(PermissionDenied):
            services.approve_release(item, by=wrong)
    assert Item.objects.get(pk=item.pk).status == Item.Status.RELEASE_REVIEW


def test_editor_of_another_unit_cannot_draft_here(make_item, outsider, finance):
    with pytest.raises(PermissionDenied):
        make_item(finance, outsider)


@pytest.mark.parametrize(
    ("status_setup", "action"),
    [
        ("draft", "approve_secrecy"),
        ("draft", "approve_release"),
        ("draft", "retract"),
        ("secrecy_review", "submit"),
        ("secrecy_review", "approve_release"),
        ("release_review", "approve_secrecy"),
        ("published", "submit"),
        ("published", "approve_release"),
    ],
)
def test_forbidden_transitions(
    make_item, editor, finance, reviewer, approver, status_setup, action
):
    item = make_item(finance, editor)
    steps = ["draft", "secrecy_review", "release_review", "published"]
    for step in steps[1 : steps.index(status_setup) + 1]:
        {
            "secrecy_review": lambda: services.submit_item(item, by=editor),
            "release_review": lambda: services.approve_secrecy(item, by=reviewer),
            "published": lambda: services.approve_release(item, by=approver),
        }[step]()
    actor = {
        "submit": editor,
        "approve_secrecy": reviewer,
        "approve_release": approver,
        "retract": approver,
    }[action]
    call = {
        "submit": services.submit_item,
        "approve_secrecy": services.approve_secrecy,
        "approve_release": services.approve_release,
    }.get(action)
    with pytest.raises(services.WorkflowError, match="不能执行"):
        if action == "retract":
            services.retract_item(item, by=actor, reason="测试")
        else:
            call(item, by=actor)
    assert Item.objects.get(pk=item.pk).status == status_setup


def test_only_drafts_can_be_edited(make_item, editor, finance, publish):
    item = make_item(finance, editor)
    publish(item, editor)
    with pytest.raises(services.WorkflowError):
        services.update_item(item, by=editor, title="改标题")


def test_retraction_needs_a_reason_and_keeps_the_record(
    make_item, editor, finance, publish, approver
):
    item = make_item(finance, editor)
    publish(item, editor)
    with pytest.raises(ValidationError):
        services.retract_item(item, by=approver, reason="")
    services.retract_item(item, by=approver, reason="内容有误，更正后重新发布")
    item.refresh_from_db()
    assert item.status == Item.Status.RETRACTED and not item.is_visible
    assert item.retraction_reason == "内容有误，更正后重新发布"
    assert item.index_no  # the number stays with the item and is never reused
    assert not Item.objects.published().filter(pk=item.pk).exists()


@pytest.mark.parametrize("attribute", ["on_request", "withheld"])
def test_non_proactive_needs_reason_and_is_registered_not_published(
    make_item, editor, finance, publish, attribute
):
    with pytest.raises(ValidationError) as exc:
        make_item(finance, editor, attribute=attribute, attribute_reason="")
    assert "必须说明理由" in str(exc.value)
    item = make_item(
        finance,
        editor,
        attribute=attribute,
        attribute_reason="涉及第三方商业秘密（《条例》第十五条）",
    )
    publish(item, editor)
    item.refresh_from_db()
    assert item.status == Item.Status.REGISTERED and item.index_no
    assert not Item.objects.published().filter(pk=item.pk).exists()
    assert Item.objects.in_register().filter(pk=item.pk).exists()
    assert not ChannelPost.objects.filter(item=item).exists()


def test_scheduled_publication_is_hidden_until_its_time(make_item, editor, finance, publish):
    item = make_item(finance, editor)
    later = timezone.now() + timedelta(hours=2)
    publish(item, editor, publish_at=later)
    assert item.status == Item.Status.PUBLISHED and not item.is_visible
    assert not Item.objects.published().filter(pk=item.pk).exists()
    assert Item.objects.published(at=later).filter(pk=item.pk).exists()
    post = ChannelPost.objects.get(item=item)
    assert post.not_before == later


def test_scheduling_in_the_past_is_refused(make_item, editor, finance, reviewer, approver):
    item = make_item(finance, editor)
    services.submit_item(item, by=editor)
    services.approve_secrecy(item, by=reviewer)
    with pytest.raises(services.WorkflowError):
        services.approve_release(
            item, by=approver, publish_at=timezone.now() - timedelta(minutes=1)
        )


def test_body_is_sanitized_on_save(make_item, editor, finance):
    item = make_item(
        finance,
        editor,
        body=(
            '<p onclick="steal()">正文<script>alert(1)</script>'
            '<a href="javascript:alert(1)">链接</a><img src="x.png" onerror="y()"></p>'
        ),
    )
    assert "script" not in item.body and "onclick" not in item.body
    assert "javascript:" not in item.body and "onerror" not in item.body
    assert "正文" in item.body and item.body_text.startswith("正文")


@pytest.mark.parametrize(
    ("written", "published", "late"),
    [
        # 20 working days after 2026-09-28 is 2026-10-30 (国庆, 10/10 班)
        (date(2026, 9, 28), datetime(2026, 10, 30, 17, 0), False),
        (date(2026, 9, 28), datetime(2026, 11, 2, 9, 0), True),
        (None, datetime(2026, 11, 2, 9, 0), False),
    ],
)
def test_late_publication_flag(make_item, editor, finance, publish, written, published, late):
    item = make_item(finance, editor, written_on=written)
    with time_machine.travel(published.replace(tzinfo=SHANGHAI), tick=False):
        publish(item, editor)
    assert item.published_late is late


def test_workflow_table_offers_actions_by_role():
    assert [t.action for t in workflow.available("draft", {Role.EDITOR})] == ["submit"]
    assert {
        t.action for t in workflow.available("secrecy_review", {Role.CONFIDENTIALITY_REVIEWER})
    } == {"approve_secrecy", "reject_secrecy"}
    assert workflow.available("published", {Role.EDITOR}) == []
