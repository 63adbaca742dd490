"""The review workflow as data: which action moves an item from which status to which, and
which roles may take it (DESIGN.md §2.1). Pure."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.core.models import Role

DRAFT = "draft"
SECRECY_REVIEW = "secrecy_review"
RELEASE_REVIEW = "release_review"
PUBLISHED = "published"
REGISTERED = "registered"
RETRACTED = "retracted"


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset[str]
    roles: frozenset[str]
    needs_comment: bool = False


TRANSITIONS = {
    t.action: t
    for t in [
        Transition("submit", "提交保密审查", frozenset({DRAFT}), frozenset({Role.EDITOR})),
        Transition(
            "approve_secrecy",
            "保密审查通过",
            frozenset({SECRECY_REVIEW}),
            frozenset({Role.CONFIDENTIALITY_REVIEWER}),
        ),
        Transition(
            "reject_secrecy",
            "保密审查退回",
            frozenset({SECRECY_REVIEW}),
            frozenset({Role.CONFIDENTIALITY_REVIEWER}),
            needs_comment=True,
        ),
        Transition(
            "approve_release",
            "发布审查通过",
            frozenset({RELEASE_REVIEW}),
            frozenset({Role.RELEASE_APPROVER}),
        ),
        Transition(
            "reject_release",
            "发布审查退回",
            frozenset({RELEASE_REVIEW}),
            frozenset({Role.RELEASE_APPROVER}),
            needs_comment=True,
        ),
        Transition(
            "retract",
            "撤回",
            frozenset({PUBLISHED}),
            frozenset({Role.RELEASE_APPROVER, Role.DISCLOSURE_OFFICE}),
            needs_comment=True,
        ),
    ]
}


def target(action: str, *, proactive: bool) -> str:
    return {
        "submit": SECRECY_REVIEW,
        "approve_secrecy": RELEASE_REVIEW,
        "reject_secrecy": DRAFT,
        "approve_release": PUBLISHED if proactive else REGISTERED,
        "reject_release": DRAFT,
        "retract": RETRACTED,
    }[action]


def available(status: str, roles: set[str]) -> list[Transition]:
    """The actions a holder of `roles` can take on an item in `status`."""
    return [t for t in TRANSITIONS.values() if status in t.sources and t.roles & roles]
