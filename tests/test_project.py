"""Project-wide guarantees: migrations complete and linear, demo idempotent, time zone."""

import pytest
from django.conf import settings
from django.core.management import call_command

from gongkai.core.demo import DEMO_PASSWORD, USERS
from gongkai.core.models import AuditEvent, Membership, Organization, User


@pytest.mark.django_db
def test_no_missing_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_time_zone_and_language():
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True
    assert settings.LANGUAGE_CODE == "zh-hans"


@pytest.mark.django_db
def test_load_demo_is_idempotent_and_accounts_log_in(client):
    call_command("load_demo", verbosity=0)
    counts = (
        Organization.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        AuditEvent.objects.count(),
    )
    call_command("load_demo", verbosity=0)
    assert counts == (
        Organization.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        AuditEvent.objects.count(),
    )
    assert Organization.objects.filter(kind="town").count() == 3
    for spec in USERS:
        assert client.login(username=spec.username, password=DEMO_PASSWORD), spec.username
        response = client.get("/staff/")
        assert response.status_code == 200, spec.username
        client.logout()


@pytest.mark.django_db
def test_home_page_lists_organizations(client):
    call_command("load_demo", verbosity=0)
    response = client.get("/")
    assert response.status_code == 200
    assert "株洲云龙示范区管理委员会" in response.content.decode()
