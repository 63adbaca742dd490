"""Applications part of the demo: the seed's 4 applications of 2016, all answered within the
statutory period, and this year's open, due-soon, overdue, paused and closed applications so
that the workbench and lists have something to show. Everything goes through the services
with the demo office account, so the annual report counts real records. Idempotent.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from gongkai.applications import services
from gongkai.applications.models import Application
from gongkai.core import calendar
from gongkai.core.demo import GOVERNMENT
from gongkai.core.models import Organization, User

FILL = re.compile(r"【请填写：[^】]*】")
DEMO_KEY = "demo-online"  # the demo's online application carries this idempotency key

# (arrived, channel, applicant, type, org kind, description, outcome, replied)
APPLICATIONS_2016 = [
    (
        date(2016, 3, 14),
        "in_person",
        "刘建国",
        "natural",
        "",
        "云龙大道棚户区改造项目征收补偿安置方案",
        "disclose",
        date(2016, 3, 28),
    ),
    (
        date(2016, 6, 20),
        "mail",
        "株洲某置业有限公司",
        "legal",
        "business",
        "2016年示范区国有建设用地供应计划",
        "disclose",
        date(2016, 7, 8),
    ),
    (
        date(2016, 9, 5),
        "letter",
        "王秀兰",
        "natural",
        "",
        "龙头铺镇2016年征地拆迁补偿款发放明细",
        "partial",
        date(2016, 9, 29),
    ),
    (
        date(2016, 11, 14),
        "online",
        "陈志强",
        "natural",
        "",
        "云田镇某村2015年低保户评议会议记录",
        "unavailable_not_held",
        date(2016, 12, 5),
    ),
]


def back(today: date, working_days: int) -> date:
    """The day `working_days` working days before `today`."""
    d = today
    remaining = working_days
    while remaining:
        d -= timedelta(days=1)
        if calendar.is_working_day(d, provisional=True):
            remaining -= 1
    return d


def _data(name, kind, org_kind, description, serial):
    return services.ApplicantData(
        applicant_type=kind,
        org_kind=org_kind,
        applicant_name=name,
        id_kind="credit_code" if kind == "legal" else "resident_id",
        id_number=(
            f"91430200MA4L{serial:06d}"
            if kind == "legal"
            else f"4302021975{serial % 12 + 1:02d}15{serial:04d}"
        ),
        phone=f"1397331{serial:04d}",
        email=f"applicant{serial}@example.com",
        address="湖南省株洲市云龙示范区",
        description=description,
        delivery_form="electronic",
        receive_method="email",
    )


def _reply(app, outcome, on, office):
    draft = services.draft_reply(app, outcome=outcome, facts="", reasons="", by=office)
    body = FILL.sub("（略）", draft.body)
    services.update_notice(
        draft, title=draft.title, fileno="", recipient=draft.recipient, body=body, by=office
    )
    services.issue_notice(draft, on=on, by=office)


def _register(government, office, arrived, channel, data, *, confirm_on=None):
    app, _ = services.register(
        government,
        data,
        channel=channel,
        arrived_on=arrived,
        by=office,
        confirmed_on=confirm_on if channel in {"letter", "online", "fax"} else None,
    )
    return app


@transaction.atomic
def load(*, stdout=None) -> None:
    government = Organization.objects.filter(name=GOVERNMENT[0]).first()
    office = User.objects.filter(username="office").first()
    head = User.objects.filter(username="head").first()
    if government is None or office is None or head is None:
        return
    if Application.objects.filter(idempotency_key=DEMO_KEY).exists():
        if stdout is not None:
            stdout.write("  依申请公开演示数据已存在")
        return
    serial = 1
    for arrived, channel, name, kind, org_kind, text, outcome, replied in APPLICATIONS_2016:
        app = _register(
            government,
            office,
            arrived,
            channel,
            _data(name, kind, org_kind, text, serial),
            confirm_on=arrived,
        )
        _reply(app, outcome, replied, office)
        serial += 1

    today = timezone.localdate()
    units = {o.short_name: o for o in Organization.objects.filter(parent=government)}

    def new(days_ago, name, text, *, channel="in_person", kind="natural", org_kind=""):
        nonlocal serial
        arrived = back(today, days_ago)
        app = _register(
            government,
            office,
            arrived,
            channel,
            _data(name, kind, org_kind, text, serial),
            confirm_on=arrived,
        )
        serial += 1
        return app

    # closed this year
    closed = [
        (40, "赵敏", "2025年示范区财政预算执行情况", "disclose"),
        (38, "株洲市某律师事务所", "某项目环境影响评价批复", "disclose", "legal", "legal_service"),
        (35, "孙立", "某企业与管委会签订的投资协议全文", "withhold_third_party"),
        (33, "周涛", "2010年某村土地征收档案", "unavailable_not_held"),
        (30, "吴芳", "关于某小区物业纠纷的投诉处理", "not_handled_petition"),
    ]
    for days, name, text, outcome, *kind in closed:
        app = new(
            days, name, text, kind=kind[0] if kind else "natural", org_kind=kind[1] if kind else ""
        )
        _reply(app, outcome, back(today, days - 12), office)

    # open: overdue, due soon, running, and in each waiting state
    new(25, "郑华", "学林街道2026年老旧小区改造资金使用情况")  # overdue
    soon = new(17, "冯丽", "2026年云龙示范区义务教育学校招生计划")  # 3 working days left
    services.assign(soon, unit=units.get("社会事业部"), by=office)
    new(3, "何军", "云龙大道拓宽工程施工许可信息")
    new(1, "某科技研究院", "示范区科技创新扶持资金申报指南", kind="legal", org_kind="research")
    online, _ = services.submit_online(
        government,
        _data("林晓", "natural", "", "2026年示范区公租房分配名单", serial),
        idempotency_key=DEMO_KEY,
        today=back(today, 1),
    )  # awaiting the confirmation of receipt
    serial += 1
    waiting = new(6, "钱进", "某道路项目相关材料")
    services.request_supplement(
        waiting,
        on=back(today, 4),
        items="请明确所需信息的项目名称、时间范围",
        by=office,
    )
    consulting = new(
        10, "株洲某贸易公司", "某企业安全生产许可证及检查记录", kind="legal", org_kind="business"
    )
    services.start_consultation(
        consulting,
        party_kind="third_party",
        party_name="株洲某化工有限公司",
        matter="该公司的安全生产检查记录",
        on=back(today, 6),
        by=office,
    )
    extended = new(19, "黄海", "2016年至2026年示范区征地补偿资金拨付明细")
    services.extend(
        extended,
        days=15,
        approver=head,
        on=back(today, 2),
        reason="申请内容涉及年份跨度大，需要调取大量档案",
        by=office,
    )
    if stdout is not None:
        count = Application.objects.filter(organization=government).count()
        stdout.write(f"  政府信息公开申请 {count} 件（2016年4件，本年含办理中、即将到期和超期）")
    del online
