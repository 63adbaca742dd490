"""Access functions: the only way a view obtains an object.

Scope rule: a membership in an organization covers that organization and everything below
it. Objects outside the user's scope do not exist for them (404); objects inside the scope
that the user's roles may not change give 403.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from gongkai.core.models import ORGANIZATION_MANAGERS, Membership, Organization, Role, User


def user_roles_for(user: User, organization: Organization) -> set[str]:
    """Roles the user holds in `organization` or any of its ancestors."""
    if not user.is_authenticated:
        return set()
    ids = [*organization.ancestor_ids(), organization.pk]
    return set(
        Membership.objects.filter(user=user, organization_id__in=ids).values_list("role", flat=True)
    )


def has_role(user: User, organization: Organization, roles: Iterable[str]) -> bool:
    if user.is_superuser:
        return True
    return bool(user_roles_for(user, organization) & set(roles))


def scoped(
    user: User,
    queryset: models.QuerySet,
    *,
    org_field: str = "organization",
    roles: Iterable[str] | None = None,
) -> models.QuerySet:
    """Rows of `queryset` whose organization (reached by `org_field`) is in the user's scope."""
    if user.is_superuser and user.is_active:
        return queryset
    visible = Organization.objects.visible_to(user, roles=roles)
    return queryset.filter(**{f"{org_field}__in": visible})


def access_scoped(
    user: User,
    queryset: models.QuerySet,
    pk,
    *,
    org_field: str = "organization",
    write_roles: Iterable[str] | None = None,
):
    """Get one object in the user's scope (else 404); with `write_roles`, the user must
    also hold one of those roles over the object's organization (else 403)."""
    try:
        obj = scoped(user, queryset, org_field=org_field).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404("对象不存在或无权访问") from None
    if write_roles is not None:
        organization = obj
        for part in org_field.split("__") if org_field != "pk" else []:
            organization = getattr(organization, part)
        if not has_role(user, organization, write_roles):
            raise PermissionDenied("您没有修改该对象的权限")
    return obj


def access_organization(user: User, pk, *, write: bool = False) -> Organization:
    return access_scoped(
        user,
        Organization.objects.all(),
        pk,
        org_field="pk",
        write_roles=ORGANIZATION_MANAGERS if write else None,
    )


def is_staff_member(user: User) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.memberships.exists())
    )


AUDIT_READERS = frozenset({Role.DISCLOSURE_OFFICE, Role.ADMIN, Role.OVERSIGHT})


def can_read_audit_log(user: User) -> bool:
    return (
        user.is_superuser or Membership.objects.filter(user=user, role__in=AUDIT_READERS).exists()
    )


def can_manage_calendar(user: User) -> bool:
    return user.is_superuser or Membership.objects.filter(user=user, role=Role.ADMIN).exists()
