"""Appeals part of the demo. The 2016 seed report had no reconsideration or litigation, so
there are no 2016 cases; this year has two cases against the demo government: a
reconsideration still pending and a suit after reconsideration, upheld.

The reconsideration is linked to a refused application of the government when the
applications demo made one; nothing depends on it. Idempotent (cases are found by 案号).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from gongkai.appeals import services
from gongkai.appeals.models import Appeal, Kind, Result
from gongkai.applications import outcomes
from gongkai.applications.models import Application
from gongkai.core.demo import demo_code
from gongkai.core.models import Organization

RECONSIDERATION_NO = "株政复受〔2026〕112号"
SUIT_NO = "（2026）湘0211行初45号"


@transaction.atomic
def load(*, stdout=None) -> None:
    government = Organization.objects.filter(code=demo_code(1)).first()
    if government is None:
        return
    today = timezone.localdate()
    created = 0
    if not Appeal.objects.filter(organization=government, case_no=SUIT_NO).exists():
        filed = date(2026, 4, 15)
        if date(2026, 9, 18) <= today:
            suit = services.create_appeal(
                organization=government,
                kind=Kind.SUIT_AFTER_RECONSIDERATION,
                case_no=SUIT_NO,
                body="株洲市天元区人民法院",
                appellant="刘某",
                act="对刘某2025年11月申请公开云田片区棚户区改造项目房屋征收补偿台账作出的部分公开答复",
                filed_on=filed,
                accepted_on=date(2026, 4, 22),
                co_defendant=True,
                summary=(
                    "原告经株洲市人民政府行政复议（2026年3月维持原答复）后起诉，"
                    "复议机关为共同被告；本案只计入本机关。"
                ),
                by=None,
            )
            services.record_decision(
                suit,
                result=Result.UPHELD,
                decided_on=date(2026, 9, 18),
                note="判决驳回原告的诉讼请求（维持被诉答复）。",
                by=None,
            )
            created += 1
    if not Appeal.objects.filter(organization=government, case_no=RECONSIDERATION_NO).exists():
        filed = date(2026, 11, 2)
        if date(2026, 11, 6) <= today:
            application = _refused_application(government, before=filed)
            appellant, act = "陈某", "对申请公开龙头铺镇征地拆迁补偿资金拨付明细作出的不予公开答复"
            if application is not None:
                appellant = application.applicant_name
                label = outcomes.by_code(application.outcome).short_label
                act = f"对受理编号{application.tracking_no}的申请作出的“{label}”答复"
            services.create_appeal(
                organization=government,
                kind=Kind.RECONSIDERATION,
                case_no=RECONSIDERATION_NO,
                body="株洲市人民政府",
                appellant=appellant,
                act=act,
                filed_on=filed,
                accepted_on=date(2026, 11, 6),
                application=application,
                summary="复议机关已受理，正在审理。",
                by=None,
            )
            created += 1
    if stdout is not None:
        stdout.write(f"  复议诉讼：新登记 {created} 件（2016年无复议诉讼案件）")


def _refused_application(government: Organization, *, before: date) -> Application | None:
    """A refused application of the government answered before `before`, if the
    applications demo made one."""
    return (
        Application.objects.filter(
            organization=government,
            outcome__in=outcomes.RECONSIDERATION_FIRST_CODES,
            closed_on__lte=before,
        )
        .order_by("-closed_on", "-pk")
        .first()
    )
