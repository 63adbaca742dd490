"""State changes of the appeals register: register a case, correct it, record its result.

Only the disclosure office (公开办 or its head) over the respondent agency may change cases;
superusers may too, and `by=None` is a system action (demo data, imports), audited as 系统.
Every function runs in one transaction and writes one audit event.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.appeals import rules
from gongkai.appeals.models import Appeal, Kind, Result
from gongkai.applications import services as application_services
from gongkai.applications.models import Application
from gongkai.core import access, audit
from gongkai.core.models import Organization, Role, User

HANDLERS = frozenset({Role.DISCLOSURE_OFFICE, Role.OFFICE_HEAD})
EDITABLE = frozenset(
    {
        "organization",
        "kind",
        "case_no",
        "body",
        "appellant",
        "act",
        "filed_on",
        "accepted_on",
        "application",
        "follows",
        "co_defendant",
        "summary",
    }
)


class AppealError(ValidationError):
    """Bad input for a case; the message names the field and what is wrong (Chinese)."""


# --- reading ---------------------------------------------------------------------------


def visible(user: User, queryset=None):
    """Cases of the organizations in the user's scope (any role there)."""
    return access.scoped(user, Appeal.objects.all() if queryset is None else queryset)


def access_appeal(user: User, pk, *, write: bool = False) -> Appeal:
    """A case in the user's scope (else 404); `write` needs the disclosure office role over
    its organization (else 403)."""
    return access.access_scoped(
        user,
        Appeal.objects.select_related("organization", "application", "follows", "created_by"),
        pk,
        write_roles=HANDLERS if write else None,
    )


def can_manage(user: User, organization: Organization) -> bool:
    return access.has_role(user, organization, HANDLERS)


def managed_organizations(user: User):
    """Organizations where the user may register cases."""
    return Organization.objects.visible_to(user, roles=HANDLERS)


def _require_handler(by: User | None, organization: Organization) -> None:
    if by is None:
        return
    if not can_manage(by, organization):
        raise PermissionDenied("只有该单位的政府信息公开工作机构可以登记和修改复议诉讼案件")


# --- checks ----------------------------------------------------------------------------


def check_appeal(appeal: Appeal, *, by: User | None) -> None:
    """Everything a case must satisfy before it is saved; all problems at once."""
    errors: dict[str, str] = {}
    for name, label in (
        ("body", "复议机关/人民法院"),
        ("appellant", "申请人/原告"),
        ("act", "行政行为"),
    ):
        if not str(getattr(appeal, name) or "").strip():
            errors[name] = f"请填写{label}。"
    if appeal.kind not in Kind.values:
        errors["kind"] = "请选择案件类型。"
    if appeal.filed_on is None:
        errors["filed_on"] = "请填写申请/起诉日期。"
    else:
        errors.update(
            rules.date_errors(
                filed_on=appeal.filed_on,
                accepted_on=appeal.accepted_on,
                decided_on=appeal.decided_on,
                today=timezone.localdate(),
            )
        )
    errors.update(rules.decision_errors(result=appeal.result, decided_on=appeal.decided_on))
    suit_after = appeal.kind == Kind.SUIT_AFTER_RECONSIDERATION
    if appeal.co_defendant and not suit_after:
        errors["co_defendant"] = "只有复议后起诉的案件才有复议机关作共同被告的情形。"
    follows = appeal.follows
    if follows is not None:
        if not suit_after:
            errors["follows"] = "只有复议后起诉的案件可以关联前置的行政复议案件。"
        elif follows.kind != Kind.RECONSIDERATION:
            errors["follows"] = "关联的前置案件必须是行政复议案件。"
        elif follows.organization_id != appeal.organization_id:
            errors["follows"] = (
                f"前置的行政复议案件的被申请人为“{follows.organization}”：复议后起诉应登记在"
                "同一原行政行为机关名下（复议机关为共同被告的，只计入原行政行为机关）。"
            )
        elif appeal.filed_on is not None and appeal.filed_on < follows.filed_on:
            errors["filed_on"] = (
                f"起诉日期不能早于前置行政复议的申请日期（{follows.filed_on:%Y-%m-%d}）。"
            )
    # A suit after reconsideration may be against the reconsideration organ alone (when it
    # changed the original act), so only the other kinds must name the replying agency.
    application = appeal.application
    if (
        application is not None
        and not suit_after
        and application.organization_id != appeal.organization_id
    ):
        errors["application"] = (
            f"关联申请{application.tracking_no}的受理机关为“{application.organization}”，"
            "与被申请人/被告不一致。"
        )
    if appeal.pk and appeal.kind != Kind.RECONSIDERATION and appeal.suits.exists():
        errors["kind"] = "已有复议后起诉案件关联本案，不能改为其他类型。"
    case_no = appeal.case_no.strip()
    if (
        case_no
        and Appeal.objects.filter(
            organization_id=appeal.organization_id, kind=appeal.kind, case_no=case_no
        )
        .exclude(pk=appeal.pk)
        .exists()
    ):
        errors["case_no"] = f"案号“{case_no}”已登记（同一单位、同一类型）。"
    if errors:
        raise AppealError(errors)
    appeal.full_clean(exclude=["created_by"])


def _require_visible_application(by: User | None, application: Application | None) -> None:
    if by is None or application is None:
        return
    if not application_services.visible(by).filter(pk=application.pk).exists():
        raise PermissionDenied("您无权查看该申请，不能关联")


def _apply(appeal: Appeal, fields: dict) -> list[str]:
    unknown = set(fields) - EDITABLE
    if unknown:
        raise TypeError(f"unknown appeal fields: {sorted(unknown)}")
    changed = []
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        current = (
            getattr(appeal, f"{name}_id")
            if name in {"organization", "application", "follows"}
            else getattr(appeal, name)
        )
        new = value.pk if isinstance(value, Application | Organization | Appeal) else value
        if current != new:
            setattr(appeal, name, value)
            changed.append(name)
    return changed


def _refresh_warning(appeal: Appeal) -> bool:
    """Recompute the reconsideration-first warning; True if it changed."""
    outcome = appeal.application.outcome if appeal.application_id else ""
    warning = rules.reconsideration_first_warning(
        kind=appeal.kind, filed_on=appeal.filed_on, outcome_code=outcome
    )
    if warning == appeal.warning:
        return False
    appeal.warning = warning
    return True


# --- changes ---------------------------------------------------------------------------


def _lock(appeal: Appeal) -> None:
    """Lock the row and bring the caller's instance up to date (it is changed in place)."""
    Appeal.objects.select_for_update().filter(pk=appeal.pk).values_list("pk").get()
    appeal.refresh_from_db()


@transaction.atomic
def create_appeal(
    *,
    organization: Organization,
    kind: str,
    filed_on: date,
    body: str,
    appellant: str,
    act: str,
    by: User | None,
    case_no: str = "",
    accepted_on: date | None = None,
    application: Application | None = None,
    follows: Appeal | None = None,
    co_defendant: bool = False,
    summary: str = "",
) -> Appeal:
    """Register a case against `organization`, the original acting agency. A suit after
    reconsideration without its own application inherits the one of the case it follows."""
    _require_handler(by, organization)
    _require_visible_application(by, application)
    if application is None and follows is not None and follows.application_id:
        application = follows.application
    appeal = Appeal(
        organization=organization,
        kind=kind,
        filed_on=filed_on,
        body=body.strip(),
        appellant=appellant.strip(),
        act=act.strip(),
        case_no=case_no.strip(),
        accepted_on=accepted_on,
        application=application,
        follows=follows,
        co_defendant=co_defendant,
        summary=summary.strip(),
        result=Result.PENDING,
        created_by=by if by is not None and by.pk else None,
    )
    check_appeal(appeal, by=by)
    _refresh_warning(appeal)
    appeal.save(force_insert=True)
    audit.record(
        "appeal.create",
        actor=by,
        obj=appeal,
        organization=organization,
        details={
            "kind": appeal.kind,
            "case_no": appeal.case_no,
            "filed_on": appeal.filed_on,
            "application": application.tracking_no if application is not None else "",
            "warning": appeal.warning,
        },
    )
    return appeal


@transaction.atomic
def update_appeal(appeal: Appeal, *, by: User | None, **fields) -> Appeal:
    """Correct the registered facts of a case (not its result: see record_decision)."""
    _lock(appeal)
    _require_handler(by, appeal.organization)
    if "organization" in fields and fields["organization"] is not None:
        _require_handler(by, fields["organization"])
    changed = _apply(appeal, fields)
    if not changed:
        return appeal
    if "application" in changed:
        _require_visible_application(by, appeal.application)
    check_appeal(appeal, by=by)
    if _refresh_warning(appeal):
        changed.append("warning")
    appeal.save(update_fields=[*changed, "updated_at"])
    audit.record(
        "appeal.update",
        actor=by,
        obj=appeal,
        organization=appeal.organization,
        details={"fields": sorted(changed), "warning": appeal.warning},
    )
    return appeal


@transaction.atomic
def record_decision(
    appeal: Appeal, *, result: str, decided_on: date | None, by: User | None, note: str = ""
) -> Appeal:
    """The result of the case (维持, 纠正, 其他) and the day it was decided; 尚未审结 without a
    date takes a wrongly recorded decision back."""
    _lock(appeal)
    _require_handler(by, appeal.organization)
    errors = rules.decision_errors(result=result, decided_on=decided_on)
    if not errors and decided_on is not None:
        errors = {
            k: v
            for k, v in rules.date_errors(
                filed_on=appeal.filed_on,
                accepted_on=appeal.accepted_on,
                decided_on=decided_on,
                today=timezone.localdate(),
            ).items()
            if k == "decided_on"
        }
    if errors:
        raise AppealError(errors)
    before = appeal.result
    appeal.result, appeal.decided_on, appeal.decision_note = result, decided_on, note.strip()
    appeal.save(update_fields=["result", "decided_on", "decision_note", "updated_at"])
    audit.record(
        "appeal.decide",
        actor=by,
        obj=appeal,
        organization=appeal.organization,
        details={"result": result, "decided_on": decided_on, "before": before},
    )
    return appeal
