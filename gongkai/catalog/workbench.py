"""The catalog's panel on the staff workbench: what is waiting for this user."""

from django.utils import timezone

from gongkai.catalog import queries
from gongkai.catalog.models import Item
from gongkai.core import access, workbench
from gongkai.core.models import Membership, Role

CATALOG_ROLES = {
    Role.EDITOR,
    Role.CONFIDENTIALITY_REVIEWER,
    Role.RELEASE_APPROVER,
    Role.DISCLOSURE_OFFICE,
}


def tasks(user) -> dict | None:
    roles = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    if not roles & CATALOG_ROLES:
        return None
    context: dict = {"review_count": None, "returned": None, "late_count": 0}
    if roles & {Role.CONFIDENTIALITY_REVIEWER, Role.RELEASE_APPROVER}:
        context["review_count"] = queries.review_queue(user).count()
    if Role.EDITOR in roles:
        context["returned"] = list(queries.returned_drafts(user).only("pk", "title")[:10])
    context["late_count"] = access.scoped(
        user, Item.objects.filter(published_late=True, published_at__year=timezone.localdate().year)
    ).count()
    return context


def register() -> None:
    workbench.register(
        workbench.Panel(
            "catalog.tasks", "我的待办：公开目录", "catalog/panels/tasks.html", tasks, order=20
        )
    )
