"""The applications panel on the staff workbench: open applications due soon or overdue."""

from __future__ import annotations

from gongkai.applications import queries
from gongkai.core import workbench


def tasks(user) -> dict | None:
    summary = queries.summary_for(user)
    if summary is None:
        return None
    return {"summary": summary}


def register() -> None:
    workbench.register(
        workbench.Panel(
            "applications.tasks",
            "依申请公开：待办申请",
            "applications/panels/tasks.html",
            tasks,
            order=30,
        )
    )
