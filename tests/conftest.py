"""Shared fixtures: named personas and small make_* helpers (no big shared world)."""

import itertools
import os

import pytest
from django.db import connection

from gongkai.core import services
from gongkai.core.demo import demo_code
from gongkai.core.models import Organization, Role, User

PASSWORD = "test-password-2026"
_serial = itertools.count(100)


@pytest.fixture(autouse=True, scope="session")
def _require_postgres_when_asked(django_db_setup, django_db_blocker):
    """`make test-postgres` sets GONGKAI_REQUIRE_POSTGRES: then a run that silently fell back
    to another database fails loudly instead of passing."""
    if os.environ.get("GONGKAI_REQUIRE_POSTGRES"):
        with django_db_blocker.unblock():
            assert connection.vendor == "postgresql", (
                f"GONGKAI_REQUIRE_POSTGRES is set but the tests run on {connection.vendor}"
            )


@pytest.fixture(autouse=True)
def _seed_after_flush(request):
    """Transactional tests (threads, live server) end by flushing every table, which also
    removes the rows our data migrations seed (holiday calendar, taxonomy). Put them back
    before such a test, exactly as the migrations wrote them."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    from importlib import import_module

    from django.apps import apps

    from gongkai.catalog.models import Category
    from gongkai.core.models import CalendarYear

    if not CalendarYear.objects.exists():
        import_module("gongkai.core.migrations.0002_seed_calendar").seed(apps, None)
    if not Category.objects.exists():
        import_module("gongkai.catalog.migrations.0002_seed_taxonomy").seed(apps, None)
    from gongkai.search.models import Synonym

    if not Synonym.objects.exists():
        import_module("gongkai.search.migrations.0003_seed_synonyms").seed(apps, None)


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    from gongkai.catalog import pageviews
    from gongkai.search import services as search_services

    pageviews.reset()  # no counts leak from one test's requests into another's flush
    search_services.reset_synonyms()  # synonyms are cached per process
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_org(db):
    def make(name=None, *, parent=None, kind=Organization.Kind.DEPARTMENT, **fields):
        serial = next(_serial)
        return services.create_organization(
            name=name or f"测试单位{serial}",
            kind=kind,
            parent=parent,
            code=fields.pop("code", demo_code(serial)),
            by=None,
            **fields,
        )

    return make


@pytest.fixture
def make_user(db):
    def make(username, *, org=None, role=None, name="", **extra):
        user = User.objects.create_user(username, password=PASSWORD, name=name, **extra)
        if org is not None and role is not None:
            services.grant_role(user, org, role, by=None)
        return user

    return make


@pytest.fixture
def government(make_org):
    return make_org("测试区管委会", kind=Organization.Kind.GOVERNMENT)


@pytest.fixture
def finance(make_org, government):
    return make_org("财政局", parent=government)


@pytest.fixture
def town(make_org, government):
    return make_org("云田镇人民政府", parent=government, kind=Organization.Kind.TOWN)


@pytest.fixture
def editor(make_user, finance):
    """Alice edits for 财政局."""
    return make_user("alice", org=finance, role=Role.EDITOR, name="张丽")


@pytest.fixture
def outsider(make_user, town):
    """Bob edits for 云田镇 and must not see 财政局's things."""
    return make_user("bob", org=town, role=Role.EDITOR, name="王波")


@pytest.fixture
def office(make_user, government):
    """Carol runs the disclosure office for the whole government."""
    return make_user("carol", org=government, role=Role.DISCLOSURE_OFFICE, name="李娟")


@pytest.fixture
def citizen(make_user):
    """Dave has an account but no membership: not staff."""
    return make_user("dave", name="赵大伟")


# --- catalog -------------------------------------------------------------------------------


@pytest.fixture
def reviewer(make_user, government):
    """Erin does confidentiality review for the whole government."""
    return make_user("erin", org=government, role=Role.CONFIDENTIALITY_REVIEWER, name="陈静")


@pytest.fixture
def approver(make_user, government):
    """Frank approves releases for the whole government."""
    return make_user("frank", org=government, role=Role.RELEASE_APPROVER, name="刘峰")


@pytest.fixture
def make_item(db):
    from gongkai.catalog import services as catalog_services
    from gongkai.catalog.models import Category

    def make(org, by=None, *, category="通知公告", **fields):
        fields.setdefault("title", "关于开展2026年度政府信息公开工作的通知")
        fields.setdefault("body", "<p>各单位：现将有关事项通知如下。</p>")
        return catalog_services.create_item(
            organization=org, by=by, category=Category.objects.get(name=category), **fields
        )

    return make


@pytest.fixture
def publish(reviewer, approver):
    """Take an item through both reviews and publish it."""
    from gongkai.catalog import services as catalog_services

    def run(item, editor, **options):
        catalog_services.submit_item(item, by=editor)
        catalog_services.approve_secrecy(item, by=reviewer)
        return catalog_services.approve_release(item, by=approver, **options)

    return run


# --- applications --------------------------------------------------------------------------


@pytest.fixture
def head(make_user, government):
    """Grace heads the disclosure office: she approves extensions."""
    return make_user("grace", org=government, role=Role.OFFICE_HEAD, name="周敏")


def applicant_data(**overrides):
    from gongkai.applications.services import ApplicantData

    values = {
        "applicant_type": "natural",
        "applicant_name": "张三",
        "id_kind": "resident_id",
        "id_number": "430202198001011234",
        "phone": "13812345678",
        "description": "2016年云龙示范区棚户区改造项目的征收补偿方案",
        "delivery_form": "electronic",
        "receive_method": "email",
        "email": "zhangsan@example.com",
    }
    values.update(overrides)
    return ApplicantData(**values)


@pytest.fixture
def make_application(db, government, office):
    """Register an application in person on `on` (received the same day)."""
    from datetime import date

    from gongkai.applications import services as application_services

    def make(on=date(2026, 9, 28), *, channel="in_person", by=None, **overrides):
        app, _code = application_services.register(
            government,
            applicant_data(**overrides),
            channel=channel,
            arrived_on=on,
            by=by or office,
        )
        return app

    return make
