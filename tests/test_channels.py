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


def test_page_view_totals_per_year_and_unit(rf, make_item, editor, finance, publish, settings):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    import time_machine

    from gongkai.catalog import pageviews

    settings.GONGKAI_PAGEVIEW_FLUSH_SECONDS = 10**6
    settings.GONGKAI_PAGEVIEW_FLUSH_COUNT = 10**6
    item = publish(make_item(finance, editor), editor)
    browser = {"HTTP_USER_AGENT": "Mozilla/5.0 (Windows NT 10.0) Chrome/120"}
    with time_machine.travel(datetime(2025, 12, 31, 23, 30, tzinfo=ZoneInfo("Asia/Shanghai"))):
        pageviews.record(rf.get("/", **browser))
        pageviews.record(rf.get("/x/", **browser), item_id=item.pk, organization_id=finance.pk)
    # 00:30 on 1 January in Shanghai is still 31 December in UTC: the local date counts.
    with time_machine.travel(datetime(2026, 1, 1, 0, 30, tzinfo=ZoneInfo("Asia/Shanghai"))):
        for _ in range(3):
            pageviews.record(rf.get("/x/", **browser), item_id=item.pk, organization_id=finance.pk)
        assert not pageviews.record(
            rf.get("/x/", HTTP_USER_AGENT="Baiduspider/2.0"), item_id=item.pk
        )
        assert not pageviews.record(rf.post("/x/", **browser), item_id=item.pk)
    assert pageviews.flush() == (2 + 1) + (3 + 3)  # site and item views per day
    assert pageviews.site_total(2025) == 2 and pageviews.site_total(2026) == 3
    assert pageviews.totals_by_organization(2026) == {finance.pk: 3}
    assert pageviews.totals_by_organization(2025) == {finance.pk: 1}
