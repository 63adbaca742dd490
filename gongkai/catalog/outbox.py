"""Delivering queued channel posts. Workers claim posts with a conditional UPDATE, so several
workers (or cron runs that overlap) never send one post twice."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from gongkai.catalog.models import ChannelPost, Item
from gongkai.catalog.senders import SendError, sender_for
from gongkai.core import audit

MAX_ATTEMPTS = 5


def payload(post: ChannelPost) -> dict:
    item = post.item
    return {
        "channel": post.channel.code,
        "post_id": post.pk,
        "item_id": item.pk,
        "index_no": item.index_no,
        "title": item.title,
        "fileno": item.fileno,
        "publisher": item.organization.name,
        "published_at": timezone.localtime(item.published_at).isoformat(),
        "summary": item.summary or item.body_text[:200],
        "url": item.get_absolute_url(),
    }


def claim(limit: int) -> list[int]:
    now = timezone.now()
    ids = list(
        ChannelPost.objects.filter(status=ChannelPost.Status.QUEUED, not_before__lte=now)
        .order_by("not_before", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    claimed = []
    for pk in ids:
        if ChannelPost.objects.filter(pk=pk, status=ChannelPost.Status.QUEUED).update(
            status=ChannelPost.Status.SENDING
        ):
            claimed.append(pk)
    return claimed


def deliver_due(limit: int = 100) -> dict[str, int]:
    """Send what is due; returns counts by outcome."""
    counts = {"sent": 0, "failed": 0, "retry": 0}
    for pk in claim(limit):
        post = ChannelPost.objects.select_related("item__organization", "channel").get(pk=pk)
        if post.item.status != Item.Status.PUBLISHED:
            post.delete()  # retracted meanwhile
            continue
        try:
            external_id = sender_for(post.channel).send(post, payload(post))
        except SendError as exc:
            post.attempts += 1
            post.error = str(exc)[:2000]
            post.status = (
                ChannelPost.Status.FAILED
                if post.attempts >= MAX_ATTEMPTS
                else ChannelPost.Status.QUEUED
            )
            post.save(update_fields=["attempts", "error", "status"])
            counts["failed" if post.status == ChannelPost.Status.FAILED else "retry"] += 1
            continue
        with transaction.atomic():
            post.status = ChannelPost.Status.SENT
            post.sent_at = timezone.now()
            post.external_id = external_id[:120]
            post.attempts += 1
            post.error = ""
            post.save(update_fields=["status", "sent_at", "external_id", "attempts", "error"])
            audit.record(
                "channel.sent",
                actor=None,
                obj=post.item,
                organization=post.item.organization,
                details={"channel": post.channel.code, "external_id": external_id},
            )
        counts["sent"] += 1
    return counts
