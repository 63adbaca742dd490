"""The staff workbench (工作台): a list of panels that apps contribute.

Each app registers its panels in its AppConfig.ready(); a panel is a template plus a function
that returns its context for a user (or None when the panel has nothing to show that user).
Core does not know the other apps; they come to it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gongkai.core.models import Membership, User


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    template: str
    context: Callable[[User], dict | None]
    order: int = 100


_panels: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    _panels[panel.key] = panel


def panels_for(user: User) -> list[tuple[Panel, dict]]:
    shown = []
    for panel in sorted(_panels.values(), key=lambda p: (p.order, p.key)):
        context = panel.context(user)
        if context is not None:
            shown.append((panel, context))
    return shown


def _memberships(user: User) -> dict:
    memberships = (
        Membership.objects.filter(user=user)
        .select_related("organization")
        .order_by("organization__path", "role")
    )
    return {"memberships": list(memberships)}


def _calendar(user: User) -> dict | None:
    from gongkai.core import access, calendar

    missing = calendar.next_year_warning()
    if missing is None:
        return None
    return {"missing_year": missing, "can_manage": access.can_manage_calendar(user)}


def register_core_panels() -> None:
    register(Panel("core.calendar", "工作日历提醒", "core/panels/calendar.html", _calendar, 10))
    register(
        Panel(
            "core.memberships", "我的单位与角色", "core/panels/memberships.html", _memberships, 900
        )
    )
