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
def test_workbench_query_count_is_constant(
    client, django_assert_max_num_queries, editor, office, username
):
    client.login(username=username, password=PASSWORD)
    with django_assert_max_num_queries(12):
        client.get(reverse("core:workbench"))
