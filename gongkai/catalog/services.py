"""Catalog state changes: drafting, review workflow, publication, retraction, channels.

Every function runs in one transaction and writes one audit event (the item's trail).
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.catalog import cache, indexno, sanitize, search_index, workflow
from gongkai.catalog.models import (
    Attachment,
    Category,
    Channel,
    ChannelPost,
    IndexRule,
    IndexSequence,
    Item,
    KeyArea,
)
from gongkai.core import access, audit, calendar, files
from gongkai.core.models import Organization, Role, User

PROACTIVE_DEADLINE_WORKING_DAYS = 20  # 条例 Art. 26
DRAFT_FIELDS = frozenset(
    {
        "title",
        "fileno",
        "written_on",
        "category",
        "topic",
        "five_openness",
        "keywords",
        "summary",
        "body",
        "fulltext_electronic",
        "attribute",
        "attribute_reason",
        "organization",
    }
)


class WorkflowError(ValidationError):
    pass


def _require_role(user: User | None, organization: Organization, roles) -> None:
    if user is None:
        return  # system actions (imports, scheduled jobs) are audited as 系统
    if not access.has_role(user, organization, roles):
        raise PermissionDenied("您在该单位没有执行此操作的角色")


def _check_attribute(attribute: str, reason: str) -> None:
    if attribute != Item.Attribute.PROACTIVE and not reason.strip():
        raise ValidationError(
            {"attribute_reason": "公开属性为依申请公开或不予公开的，必须说明理由。"}
        )


def _apply_fields(item: Item, fields: dict) -> list[str]:
    unknown = set(fields) - DRAFT_FIELDS - {"key_areas", "interprets"}
    if unknown:
        raise TypeError(f"unknown item fields: {sorted(unknown)}")
    changed = []
    for name, value in fields.items():
        if name in {"key_areas", "interprets"}:
            continue
        if name == "body":
            value = sanitize.clean_html(value)
            item.body_text = sanitize.html_to_text(value)
            changed.append("body_text")
        try:
            same = getattr(item, name) == value
        except ObjectDoesNotExist:  # a relation not set yet on a new item
            same = False
        if not same:
            setattr(item, name, value)
            changed.append(name)
    _check_attribute(item.attribute, item.attribute_reason)
    return changed


@transaction.atomic
def create_item(
    *, organization: Organization, by: User | None, key_areas=(), interprets=(), **fields
) -> Item:
    """A new draft of `organization`'s information, by one of its editors (or the disclosure
    office, which moves information asked for by several applicants into the catalog)."""
    _require_role(by, organization, {Role.EDITOR, Role.DISCLOSURE_OFFICE})
    item = Item(organization=organization, created_by=by)
    _apply_fields(item, fields)
    item.full_clean(exclude=["index_no"])
    item.save()
    item.key_areas.set(key_areas)
    item.interprets.set(interprets)
    audit.record(
        "item.create",
        actor=by,
        obj=item,
        organization=organization,
        details={"title": item.title, "attribute": item.attribute},
    )
    return item


@transaction.atomic
def update_item(item: Item, *, by: User | None, **fields) -> Item:
    if not item.is_editable:
        raise WorkflowError("只有草稿可以修改；已提交审核的信息请先退回。")
    _require_role(by, item.organization, {Role.EDITOR})
    if "organization" in fields:
        _require_role(by, fields["organization"], {Role.EDITOR})
    changed = _apply_fields(item, fields)
    item.full_clean(exclude=["index_no"])
    item.save()
    if "key_areas" in fields:
        item.key_areas.set(fields["key_areas"])
        changed.append("key_areas")
    if "interprets" in fields:
        item.interprets.set(fields["interprets"])
        changed.append("interprets")
    if changed:
        audit.record(
            "item.update",
            actor=by,
            obj=item,
            organization=item.organization,
            details={"fields": sorted(set(changed) - {"body_text"})},
        )
    return item


@transaction.atomic
def add_attachment(item: Item, *, name: str, data: bytes, by: User | None) -> Attachment:
    if not item.is_editable:
        raise WorkflowError("只有草稿可以添加附件。")
    _require_role(by, item.organization, {Role.EDITOR})
    try:
        checked = files.check_upload(name, data, max_bytes=settings.GONGKAI_ATTACHMENT_MAX_BYTES)
    except files.UploadError as exc:
        raise ValidationError({"file": str(exc)}) from None
    attachment = Attachment(
        item=item,
        original_name=name[:200],
        kind=checked.kind,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        text=files.extract_text(checked.kind, data),
    )
    attachment.file.save(
        files.safe_storage_name("attachments", checked.extension), ContentFile(data), save=False
    )
    attachment.save()
    audit.record(
        "item.attach",
        actor=by,
        obj=item,
        organization=item.organization,
        details={"name": name, "size": checked.size, "sha256": checked.sha256},
    )
    return attachment


@transaction.atomic
def remove_attachment(attachment: Attachment, *, by: User | None) -> None:
    item = attachment.item
    if not item.is_editable:
        raise WorkflowError("只有草稿可以删除附件。")
    _require_role(by, item.organization, {Role.EDITOR})
    name = attachment.original_name
    stored = attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: attachment.file.storage.delete(stored))
    audit.record(
        "item.detach", actor=by, obj=item, organization=item.organization, details={"name": name}
    )


# --- workflow ----------------------------------------------------------------------------


def _transition(item: Item, action: str, *, by: User | None, comment: str = "") -> str:
    rule = workflow.TRANSITIONS[action]
    if item.status not in rule.sources:
        raise WorkflowError(f"当前状态为“{item.get_status_display()}”，不能执行“{rule.label}”。")
    _require_role(by, item.organization, rule.roles)
    if rule.needs_comment and not comment.strip():
        raise WorkflowError(f"“{rule.label}”必须填写意见或理由。")
    return workflow.target(action, proactive=item.attribute == Item.Attribute.PROACTIVE)


@transaction.atomic
def submit_item(item: Item, *, by: User | None) -> Item:
    item.status = _transition(item, "submit", by=by)
    item.save(update_fields=["status", "updated_at"])
    audit.record("item.submit", actor=by, obj=item, organization=item.organization)
    return item


@transaction.atomic
def approve_secrecy(item: Item, *, by: User | None, comment: str = "") -> Item:
    item.status = _transition(item, "approve_secrecy", by=by)
    item.review_comment = ""
    item.save(update_fields=["status", "review_comment", "updated_at"])
    audit.record(
        "item.approve_secrecy",
        actor=by,
        obj=item,
        organization=item.organization,
        details={"comment": comment},
    )
    return item


@transaction.atomic
def reject_item(item: Item, *, by: User | None, comment: str) -> Item:
    """Send an item under review back to its editor with a comment."""
    action = {"secrecy_review": "reject_secrecy", "release_review": "reject_release"}.get(
        item.status, "reject_secrecy"
    )
    item.status = _transition(item, action, by=by, comment=comment)
    item.review_comment = comment.strip()
    item.save(update_fields=["status", "review_comment", "updated_at"])
    audit.record(
        f"item.{action}",
        actor=by,
        obj=item,
        organization=item.organization,
        details={"comment": item.review_comment},
    )
    return item


@transaction.atomic
def approve_release(item: Item, *, by: User | None, publish_at: datetime | None = None) -> Item:
    """Final release review. A 主动公开 item is published (now, or at `publish_at`); an
    依申请公开/不予公开 item is registered in the catalog without being published."""
    now = timezone.now()
    if publish_at is not None and publish_at < now:
        raise WorkflowError("定时发布时间不能早于现在。")
    item.status = _transition(item, "approve_release", by=by)
    item.published_at = publish_at or now
    item.index_no = assign_index_no(item, on=timezone.localdate(item.published_at))
    item.published_late = is_late(item.written_on, timezone.localdate(item.published_at))
    item.review_comment = ""
    item.save(
        update_fields=[
            "status",
            "published_at",
            "index_no",
            "published_late",
            "review_comment",
            "updated_at",
        ]
    )
    if item.status == Item.Status.PUBLISHED:
        queue_channels(item)
    search_index.sync(item)
    cache.bump_on_commit()
    audit.record(
        "item.publish" if item.status == Item.Status.PUBLISHED else "item.register",
        actor=by,
        obj=item,
        organization=item.organization,
        details={
            "index_no": item.index_no,
            "published_at": item.published_at,
            "late": item.published_late,
        },
    )
    return item


@transaction.atomic
def retract_item(item: Item, *, by: User | None, reason: str) -> Item:
    item.status = _transition(item, "retract", by=by, comment=reason)
    item.retracted_at = timezone.now()
    item.retraction_reason = reason.strip()
    item.save(update_fields=["status", "retracted_at", "retraction_reason", "updated_at"])
    ChannelPost.objects.filter(item=item, status=ChannelPost.Status.QUEUED).delete()
    search_index.sync(item)
    cache.bump_on_commit()
    audit.record(
        "item.retract",
        actor=by,
        obj=item,
        organization=item.organization,
        details={"reason": item.retraction_reason},
    )
    return item


@transaction.atomic
def set_validity(
    item: Item, *, validity: str, on: date, by: User | None, replaced_by: Item | None = None
) -> Item:
    _require_role(by, item.organization, {Role.EDITOR, Role.DISCLOSURE_OFFICE})
    if validity not in Item.Validity.values:
        raise ValidationError({"validity": "未知的有效性"})
    item.validity = validity
    item.validity_changed_on = on
    item.replaced_by = replaced_by
    item.save(update_fields=["validity", "validity_changed_on", "replaced_by", "updated_at"])
    search_index.sync(item)
    cache.bump_on_commit()
    audit.record(
        "item.validity",
        actor=by,
        obj=item,
        organization=item.organization,
        details={
            "validity": validity,
            "on": on,
            "replaced_by": replaced_by.pk if replaced_by else None,
        },
    )
    return item


# --- rules used at publication -----------------------------------------------------------


def is_late(written_on: date | None, published_on: date) -> bool:
    """Published later than 20 working days after it was formed (条例 Art. 26).

    Where the calendar of a year is not yet confirmed the estimate is provisional
    (weekends only), which can only make the limit earlier, never excuse a late item.
    """
    if written_on is None or published_on <= written_on:
        return False
    limit = calendar.due_date(written_on, PROACTIVE_DEADLINE_WORKING_DAYS, provisional=True)
    return published_on > limit.on


def rule_for(organization: Organization) -> IndexRule:
    ids = [*organization.ancestor_ids(), organization.pk]
    rules = {r.organization_id: r for r in IndexRule.objects.filter(organization_id__in=ids)}
    for org_id in reversed(ids):
        if org_id in rules:
            return rules[org_id]
    default = IndexRule.objects.filter(organization__isnull=True).first()
    if default is None:
        raise ValidationError("尚未配置索引号规则，请系统管理员在“索引号规则”中添加默认规则。")
    return default


def _org_code(organization: Organization) -> str:
    if organization.code:
        return organization.code
    ancestors = Organization.objects.filter(pk__in=organization.ancestor_ids()).exclude(code=None)
    coded = sorted(ancestors, key=lambda o: len(o.path), reverse=True)
    if not coded:
        raise ValidationError(
            f"单位“{organization.name}”及其上级均未设置机构代码，无法生成索引号。"
        )
    return coded[0].code


def _next_value(rule: IndexRule, key: str) -> int:
    with transaction.atomic():
        row = IndexSequence.objects.select_for_update().filter(rule=rule, scope_key=key).first()
        if row is None:
            try:
                with transaction.atomic():
                    row = IndexSequence.objects.create(rule=rule, scope_key=key)
            except IntegrityError:  # another publisher created it first
                row = IndexSequence.objects.select_for_update().get(rule=rule, scope_key=key)
        row.last_value += 1  # the row is locked until our transaction ends
        row.save(update_fields=["last_value"])
        return row.last_value


def assign_index_no(item: Item, *, on: date) -> str:
    """The item's 索引号: kept if it already has one, else the next free number of its
    rule's scope. Numbers are never handed out twice (imported numbers are skipped)."""
    if item.index_no:
        return item.index_no
    rule = rule_for(item.organization)
    values = indexno.IndexValues(
        org=_org_code(item.organization), on=on, category=item.category.code
    )
    key = indexno.scope_key(rule.scope, values)
    while True:
        candidate = indexno.render(rule.pattern, values, _next_value(rule, key))
        if not Item.objects.filter(index_no=candidate).exists():
            return candidate


def queue_channels(item: Item) -> list[ChannelPost]:
    posts = [
        ChannelPost(item=item, channel=channel, not_before=item.published_at)
        for channel in Channel.objects.filter(is_active=True, auto_queue=True)
    ]
    return ChannelPost.objects.bulk_create(posts, ignore_conflicts=True)


def default_category() -> Category:
    return Category.objects.filter(code="99").first() or Category.objects.order_by("pk").first()


def key_areas_named(names) -> list[KeyArea]:
    return list(KeyArea.objects.filter(name__in=list(names)))
