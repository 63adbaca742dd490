"""State changes of the core domain. Each runs in one transaction and writes one audit event."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.core import audit, calendar, codes
from gongkai.core.models import (
    CalendarDay,
    CalendarYear,
    Membership,
    Organization,
    Role,
    User,
)
from gongkai.core.workdays import parse_schedule

# An organization's own fields, in form order (its place in the tree is move_organization's).
ORGANIZATION_FIELDS = (
    "name",
    "short_name",
    "kind",
    "code",
    "sort_order",
    "is_active",
    "office_name",
    "address",
    "postcode",
    "office_hours",
    "phone",
    "fax",
    "email",
    "website",
)
ORGANIZATION_EDITABLE = frozenset(ORGANIZATION_FIELDS)


def _path_for(org: Organization) -> str:
    return f"{org.parent.path if org.parent_id else '/'}{org.pk}/"


@transaction.atomic
def create_organization(
    *, name: str, kind: str, parent: Organization | None = None, by: User | None, **fields
) -> Organization:
    unknown = set(fields) - ORGANIZATION_EDITABLE
    if unknown:
        raise TypeError(f"unknown organization fields: {sorted(unknown)}")
    if fields.get("code"):
        fields["code"] = codes.normalize_org_code(fields["code"])
    org = Organization(name=name, kind=kind, parent=parent, **fields)
    org.full_clean(exclude=["path"])
    org.save()
    org.path = _path_for(org)
    org.save(update_fields=["path"])
    audit.record(
        "organization.create",
        actor=by,
        obj=org,
        organization=org,
        details={"name": name, "kind": kind, "parent": parent.pk if parent else None},
    )
    return org


@transaction.atomic
def update_organization(org: Organization, *, by: User | None, **changes) -> Organization:
    """Change an organization's own fields (not its place in the tree: see move_organization)."""
    unknown = set(changes) - ORGANIZATION_EDITABLE
    if unknown:
        raise TypeError(f"unknown organization fields: {sorted(unknown)}")
    if changes.get("code"):
        changes["code"] = codes.normalize_org_code(changes["code"])
    before = {name: getattr(org, name) for name in changes}
    for name, value in changes.items():
        setattr(org, name, value)
    org.full_clean(exclude=["path"])
    changed = {
        name: [before[name], value] for name, value in changes.items() if before[name] != value
    }
    if not changed:
        return org
    org.save(update_fields=[*changed, "updated_at"])
    audit.record(
        "organization.update", actor=by, obj=org, organization=org, details={"changed": changed}
    )
    return org


@transaction.atomic
def move_organization(org: Organization, *, parent: Organization | None, by: User | None):
    if parent is not None and parent.path.startswith(org.path):
        raise ValidationError("不能把单位移动到它自己或它的下级单位之下。")
    old_path = org.path
    old_parent = org.parent_id
    org.parent = parent
    org.path = _path_for(org)
    org.save(update_fields=["parent", "path", "updated_at"])
    for child in Organization.objects.filter(path__startswith=old_path).exclude(pk=org.pk):
        child.path = org.path + child.path[len(old_path) :]
        child.save(update_fields=["path"])
    audit.record(
        "organization.move",
        actor=by,
        obj=org,
        organization=org,
        details={"from_parent": old_parent, "to_parent": parent.pk if parent else None},
    )
    return org


@transaction.atomic
def grant_role(user: User, organization: Organization, role: str, *, by: User | None):
    if role not in Role.values:
        raise ValidationError(f"未知角色：{role}")
    membership, created = Membership.objects.get_or_create(
        user=user, organization=organization, role=role
    )
    if created:
        audit.record(
            "membership.grant",
            actor=by,
            obj=membership,
            organization=organization,
            details={"user": user.username, "role": role},
        )
    return membership


@transaction.atomic
def revoke_role(user: User, organization: Organization, role: str, *, by: User | None) -> bool:
    deleted, _ = Membership.objects.filter(user=user, organization=organization, role=role).delete()
    if deleted:
        audit.record(
            "membership.revoke",
            actor=by,
            organization=organization,
            details={"user": user.username, "role": role},
        )
    return bool(deleted)


# --- working-day calendar -------------------------------------------------------------


@transaction.atomic
def set_calendar_day(
    day: date, kind: str, *, name: str = "", by: User | None, source: str = "管理员维护"
) -> CalendarDay:
    entry = CalendarDay.objects.filter(day=day).first() or CalendarDay(day=day)
    entry.kind, entry.name, entry.source = kind, name, source
    entry.full_clean()
    entry.save()
    audit.record(
        "calendar.set_day", actor=by, obj=entry, details={"day": day, "kind": kind, "name": name}
    )
    transaction.on_commit(calendar.invalidate)
    return entry


@transaction.atomic
def delete_calendar_day(entry: CalendarDay, *, by: User | None) -> None:
    details = {"day": entry.day, "kind": entry.kind, "name": entry.name}
    entry.delete()
    audit.record("calendar.delete_day", actor=by, details=details)
    transaction.on_commit(calendar.invalidate)


@transaction.atomic
def set_year_confirmed(year: int, confirmed: bool, *, by: User | None, source: str = ""):
    entry, _ = CalendarYear.objects.get_or_create(year=year)
    entry.confirmed = confirmed
    entry.confirmed_at = timezone.now() if confirmed else None
    if source:
        entry.source = source
    entry.save()
    audit.record(
        "calendar.confirm_year" if confirmed else "calendar.unconfirm_year",
        actor=by,
        obj=entry,
        details={"year": year, "source": entry.source},
    )
    transaction.on_commit(calendar.invalidate)
    return entry


class ScheduleError(ValueError):
    """A schedule file did not parse; `errors` name the line numbers."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@transaction.atomic
def import_schedule(lines: Iterable[str], *, by: User | None, source: str) -> dict[int, int]:
    """Replace the schedule of every year the file names, and mark those years confirmed.

    All or nothing: any bad line rejects the whole file. Returns {year: entries}.
    """
    entries, errors = parse_schedule(lines)
    if errors:
        raise ScheduleError(errors)
    if not entries:
        raise ScheduleError(["文件中没有任何日期"])
    per_year: dict[int, int] = {}
    for day, _, _ in entries:
        per_year[day.year] = per_year.get(day.year, 0) + 1
    CalendarDay.objects.filter(day__year__in=list(per_year)).delete()
    CalendarDay.objects.bulk_create(
        CalendarDay(
            day=day,
            kind=CalendarDay.Kind.WORKDAY if working else CalendarDay.Kind.HOLIDAY,
            name=name,
            source=source,
        )
        for day, working, name in entries
    )
    now = timezone.now()
    for year in per_year:
        CalendarYear.objects.update_or_create(
            year=year, defaults={"confirmed": True, "confirmed_at": now, "source": source}
        )
    audit.record(
        "calendar.import",
        actor=by,
        details={"source": source, "years": {str(y): n for y, n in per_year.items()}},
    )
    transaction.on_commit(calendar.invalidate)
    return per_year
