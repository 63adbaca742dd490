"""The hash-chained audit log and `gongkai audit_verify`."""

import itertools

import pytest
from django.db import connection

from gongkai.core import audit, services
from gongkai.core.models import AuditEvent, Organization
from tests.test_calendar_commands import run


@pytest.fixture
def chain(make_org, government):
    """A few events from real services."""
    unit = make_org("审计测试单位", parent=government)
    services.update_organization(unit, by=None, phone="0731-12345678")
    services.update_organization(unit, by=None, fax="0731-87654321")
    return list(AuditEvent.objects.order_by("seq"))


def test_services_write_a_linked_chain(chain):
    assert [e.seq for e in chain] == list(range(1, len(chain) + 1))
    assert chain[0].prev_hash == audit.GENESIS
    for before, after in itertools.pairwise(chain):
        assert after.prev_hash == before.hash
    assert audit.verify_chain() == (len(chain), None)


def test_audit_verify_passes_on_an_intact_chain(capsys, chain):
    code, out, _ = run(capsys, "audit_verify")
    assert code == 0
    assert f"{len(chain)}条" in out


def test_editing_a_row_in_the_database_is_detected(capsys, chain):
    victim = chain[2]
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET actor_label = %s WHERE id = %s", ["某人", victim.pk])
    code, _, err = run(capsys, "audit_verify")
    assert code != 0
    assert f"第{victim.seq}条" in err and f"id={victim.pk}" in err
    assert "篡改" in err


def test_deleting_a_row_is_detected(capsys, chain):
    victim = chain[1]
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [victim.pk])
    code, _, err = run(capsys, "audit_verify")
    assert code != 0 and f"第{victim.seq + 1}条" in err


def test_deleting_the_last_row_is_detected(capsys, chain):
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [chain[-1].pk])
    code, _, err = run(capsys, "audit_verify")
    assert code != 0 and "链尾缺失" in err


def test_rehashing_a_tampered_row_still_breaks_the_next_link(capsys, chain):
    victim = chain[1]
    victim.details = {"forged": True}
    forged = audit.compute_hash(victim)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEvent._meta.db_table} SET details = %s, hash = %s WHERE id = %s",
            ['{"forged": true}', forged, victim.pk],
        )
    code, _, err = run(capsys, "audit_verify")
    assert code != 0 and f"第{victim.seq + 1}条" in err


def test_orm_refuses_update_and_delete(chain):
    event = chain[0]
    event.action = "changed"
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


def test_details_round_trip_hash_on_both_databases(db):
    from datetime import date

    org = Organization.objects.create(name="x", kind="department", path="/")
    event = audit.record(
        "test.details",
        actor=None,
        obj=org,
        details={"b": 2, "a": [1, "二"], "on": date(2026, 10, 10)},
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.details == {"a": [1, "二"], "b": 2, "on": "2026-10-10"}
    assert audit.compute_hash(stored) == stored.hash


def test_failed_service_leaves_no_event(government):
    from django.core.exceptions import ValidationError

    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        services.update_organization(government, by=None, code="123")
    assert AuditEvent.objects.count() == before
    government.refresh_from_db()
    assert government.code != "123"


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_unbroken_chain(government):
    """Writers in separate threads (separate connections) append without forking the chain."""
    import threading

    from django.db import connections

    errors = []

    def write(worker: int):
        try:
            for i in range(15):
                services.update_organization(government, by=None, phone=f"0731-{worker}{i:04d}")
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    checked, broken = audit.verify_chain()
    assert broken is None
    assert checked == AuditEvent.objects.count() >= 45
