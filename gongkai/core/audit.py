"""The audit log: append-only events, each carrying the hash of the one before it.

`record` is called by services inside their transaction; `verify_chain` walks the chain and
returns the first event whose stored values no longer hash to what was written.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from gongkai.core.models import AuditChainHead, AuditEvent, Organization, User

GENESIS = "0" * 64


def _canonical(value) -> object:
    """JSON-safe details with stable types (dates as ISO strings, no tuples)."""
    return json.loads(json.dumps(value or {}, cls=DjangoJSONEncoder, ensure_ascii=False))


def compute_hash(event: AuditEvent) -> str:
    payload = {
        "seq": event.seq,
        "created_at": event.created_at.isoformat(timespec="microseconds"),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "organization_id": event.organization_id,
        "details": event.details,
        "prev_hash": event.prev_hash,
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def record(
    action: str,
    *,
    actor: User | None,
    obj: models.Model | None = None,
    organization: Organization | None = None,
    details: dict | None = None,
) -> AuditEvent:
    """Append one event. Must run inside the caller's transaction (services are atomic)."""
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        event = AuditEvent(
            seq=head.last_seq + 1,
            created_at=timezone.now(),  # UTC, microseconds: reads back identically
            actor=actor if actor is not None and actor.pk else None,
            actor_label=(actor.get_username() if actor is not None and actor.pk else "系统"),
            action=action,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            object_repr=str(obj)[:200] if obj is not None else "",
            organization=organization,
            details=_canonical(details),
            prev_hash=head.last_hash or GENESIS,
        )
        event.hash = compute_hash(event)
        event.save(force_insert=True)
        head.last_seq = event.seq
        head.last_hash = event.hash
        head.save(update_fields=["last_seq", "last_hash"])
    return event


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    event_id: int
    reason: str


def verify_chain(*, batch_size: int = 2000) -> tuple[int, ChainBreak | None]:
    """Check every event in order. Returns (events checked, first break or None)."""
    previous = GENESIS
    expected_seq = 1
    checked = 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=batch_size):
        if event.seq != expected_seq:
            return checked, ChainBreak(event.seq, event.pk, f"序号不连续：应为{expected_seq}")
        if event.prev_hash != previous:
            return checked, ChainBreak(event.seq, event.pk, "前一条哈希不匹配（记录被删除或插入）")
        if compute_hash(event) != event.hash:
            return checked, ChainBreak(event.seq, event.pk, "内容与哈希不符（记录被篡改）")
        previous = event.hash
        expected_seq += 1
        checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and head.last_seq != checked:
        return checked, ChainBreak(
            checked + 1, 0, f"链尾缺失：链头记录到第{head.last_seq}条，实有{checked}条"
        )
    return checked, None
