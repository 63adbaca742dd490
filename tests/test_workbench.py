"""The workbench and its panels, including the next-year calendar warning (from 1 November)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from gongkai.core import services
from tests.conftest import PASSWORD

SHANGHAI = ZoneInfo("Asia/Shanghai")


def panels(client):
    response = client.get(reverse("core:workbench"))
    assert response.status_code == 200
    return {panel.key: context for panel, context in response.context["panels"]}


@time_machine.travel(datetime(2026, 10, 31, 23, 0, tzinfo=SHANGHAI), tick=False)
def test_no_calendar_warning_before_november(client, editor):
    client.login(username=editor.username, password=PASSWORD)
    assert "core.calendar" not in panels(client)


@time_machine.travel(datetime(2026, 11, 1, 0, 30, tzinfo=SHANGHAI), tick=False)
def test_calendar_warning_from_first_of_november_shanghai_time(client, editor):
    # 00:30 in Shanghai is still 31 October in UTC: the local date decides.
    client.login(username=editor.username, password=PASSWORD)
    shown = panels(client)
    assert shown["core.calendar"] == {"missing_year": 2027, "can_manage": False}
    assert "2027年的节假日安排尚未导入" in client.get(reverse("core:workbench")).content.decode()


@time_machine.travel(datetime(2026, 11, 25, 9, 0, tzinfo=SHANGHAI), tick=False)
def test_warning_disappears_once_the_year_is_confirmed(client, editor):
    client.login(username=editor.username, password=PASSWORD)
    services.import_schedule(["2027-01-01 休 元旦"], by=None, source="test")
    assert "core.calendar" not in panels(client)


def test_memberships_panel_lists_roles(client, editor, finance):
    client.login(username=editor.username, password=PASSWORD)
    memberships = panels(client)["core.memberships"]["memberships"]
    assert [(m.organization, m.role) for m in memberships] == [(finance, "editor")]


@pytest.mark.parametrize("username", ["alice", "carol"])
def test_workbench_query_count_does_not_grow_with_data(
    client, editor, office, finance, make_item, reviewer, username
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gongkai.catalog import services as catalog_services

    client.login(username=username, password=PASSWORD)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("core:workbench")).status_code == 200
        return len(queries)

    count()  # warm the calendar cache
    before = count()
    for n in range(5):  # returned drafts and items waiting for review fill the panels
        item = make_item(finance, editor, title=f"待办信息{n}")
        catalog_services.submit_item(item, by=editor)
        if n % 2:
            catalog_services.reject_item(item, by=reviewer, comment="请修改")
    assert count() == before
