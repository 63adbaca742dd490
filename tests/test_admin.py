"""System administration goes through services (audited) and warns about next year."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from gongkai.core import calendar
from gongkai.core.models import AuditEvent, CalendarDay, Organization
from tests.conftest import PASSWORD


@pytest.fixture
def admin_client(client, make_user):
    make_user("root", is_superuser=True, is_staff=True)
    assert client.login(username="root", password=PASSWORD)
    return client


@time_machine.travel(datetime(2026, 11, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
def test_calendar_admin_lists_years_and_warns(admin_client):
    response = admin_client.get(reverse("admin:core_calendaryear_changelist"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "2027年的节假日安排尚未导入并确认" in text
    assert "2026" in text and "chinese-calendar 1.11.0" in text


def test_adding_a_day_in_admin_is_audited_and_takes_effect(
    admin_client, django_capture_on_commit_callbacks
):
    assert calendar.is_working_day(date(2026, 12, 31))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:core_calendarday_add"),
            {"day": "2026-12-31", "kind": "holiday", "name": "测试假日", "source": ""},
        )
    assert response.status_code == 302
    assert CalendarDay.objects.get(day=date(2026, 12, 31)).kind == "holiday"
    assert AuditEvent.objects.filter(action="calendar.set_day").count() == 1
    assert not calendar.is_working_day(date(2026, 12, 31))  # cache invalidated on commit


def test_make_up_day_on_a_weekday_is_rejected_in_admin(admin_client):
    admin_client.post(
        reverse("admin:core_calendarday_add"),
        {"day": "2026-12-30", "kind": "workday", "name": "", "source": ""},
    )
    assert not CalendarDay.objects.filter(day=date(2026, 12, 30)).exists()


def test_organization_admin_create_move_and_membership_are_audited(
    admin_client, government, finance, make_user
):
    response = admin_client.post(
        reverse("admin:core_organization_add"),
        {
            "parent": finance.pk,
            "name": "国库支付中心",
            "short_name": "",
            "kind": "subunit",
            "code": "",
            "sort_order": 0,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    sub = Organization.objects.get(name="国库支付中心")
    assert sub.path == f"{finance.path}{sub.pk}/"

    response = admin_client.post(
        reverse("admin:core_organization_change", args=[finance.pk]),
        {
            "parent": "",
            "name": "财政局",
            "short_name": "",
            "kind": "department",
            "code": finance.code,
            "sort_order": 0,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    sub.refresh_from_db()
    assert sub.path == f"/{finance.pk}/{sub.pk}/"  # descendants follow a move
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))
    assert actions[-2:] == ["organization.create", "organization.move"]  # no spurious update
