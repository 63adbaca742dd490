"""New-media outbox: queued at publication, delivered once by the pluggable sender."""

import json

import pytest

from gongkai.catalog import outbox, services
from gongkai.catalog.models import Channel, ChannelPost


@pytest.fixture
def outbox_dir(tmp_path, settings):
    settings.GONGKAI_OUTBOX_DIR = tmp_path
    return tmp_path


def test_published_item_is_delivered_to_the_file_sender(
    make_item, editor, finance, publish, outbox_dir
):
    item = publish(make_item(finance, editor), editor)
    assert outbox.deliver_due() == {"sent": 1, "failed": 0, "retry": 0}
    post = ChannelPost.objects.get(item=item)
    assert post.status == "sent" and post.sent_at and post.attempts == 1
    payload = json.loads((outbox_dir / "wechat" / post.external_id).read_text("utf-8"))
    assert payload["title"] == item.title and payload["index_no"] == item.index_no
    assert outbox.deliver_due() == {"sent": 0, "failed": 0, "retry": 0}  # never twice
    assert ChannelPost.objects.filter(channel__code="wechat", status="sent").count() == 1


def test_scheduled_item_waits(make_item, editor, finance, publish, outbox_dir):
    from datetime import timedelta

    from django.utils import timezone

    publish(make_item(finance, editor), editor, publish_at=timezone.now() + timedelta(hours=1))
    assert outbox.deliver_due()["sent"] == 0


def test_failing_sender_retries_then_fails(make_item, editor, finance, publish):
    Channel.objects.filter(code="wechat").update(
        sender="gongkai.catalog.senders.WebhookSender",
        config={"url": "http://127.0.0.1:9/unreachable", "timeout": 1},
    )
    item = publish(make_item(finance, editor), editor)
    for _ in range(outbox.MAX_ATTEMPTS - 1):
        assert outbox.deliver_due()["retry"] == 1
    assert outbox.deliver_due()["failed"] == 1
    post = ChannelPost.objects.get(item=item)
    assert post.status == "failed" and "webhook" in post.error


def test_retraction_drops_queued_posts(make_item, editor, finance, publish, approver):
    item = publish(make_item(finance, editor), editor)
    services.retract_item(item, by=approver, reason="有误")
    assert not ChannelPost.objects.filter(item=item).exists()
