"""Documents issued for an application, drafted from the record: 受理回执, 补正告知书,
延期答复告知书, 第三方征求意见书, 收费通知 and the 答复书 (REGULATION.md §1.5: title, 文号,
applicant, facts, legal basis, decision, remedies and their deadlines, issuing body, date).

A draft is a Notice row whose body staff may edit before issuing; `to_document` turns it into
a core.documents.Document for DOCX and PDF.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils import timezone

from gongkai.applications import outcomes
from gongkai.applications.models import Application, Consultation, Notice
from gongkai.core import documents
from gongkai.core.models import Organization, User

ORDINANCE = "《中华人民共和国政府信息公开条例》"
TO_FILL = "【请填写："  # marks what staff must write before the document can be issued


def _d(day: date | None) -> str:
    return documents.chinese_date(day) if day else "（待确认）"


def fileno(organization: Organization, year: int, number: int) -> str:
    """依申请公开 documents are numbered per agency and year, e.g. 云龙管委公开〔2026〕3号."""
    prefix = organization.short_name or organization.name
    return f"{prefix}依申公开〔{year}〕{number}号"


def issuer(app: Application) -> str:
    return app.organization.name


def _applicant(app: Application) -> str:
    return f"{app.applicant_name}："


def _sought(app: Application) -> str:
    text = f"“{app.description.strip()}”"
    if app.fileno:
        text += f"（文号：{app.fileno}）"
    return text


def _contact(app: Application) -> str:
    org = app.organization
    parts = []
    if org.office_name:
        parts.append(f"办理机构：{org.office_name}")
    if org.address:
        parts.append(f"地址：{org.address}")
    if org.phone:
        parts.append(f"电话：{org.phone}")
    return "；".join(parts) + "。" if parts else ""


def _due_text(app: Application) -> str:
    from gongkai.applications.services import clock_of

    clock = clock_of(app)
    if clock.due is None:
        return "（收到申请之日确认后计算）"
    text = _d(clock.due)
    if clock.provisional_years:
        text += "（节假日安排公布后可能调整）"
    return text


def _receipt(app: Application, *, query_code: str = "") -> tuple[str, list[str]]:
    lines = [
        f"您于{_d(app.arrived_on)}通过{app.get_channel_display()}方式提出的政府信息公开申请，"
        f"本机关已收到，收到申请之日为{_d(app.received_on)}。",
        f"受理编号：{app.tracking_no}" + (f"；查询码：{query_code}" if query_code else "") + "。"
        "请妥善保管，可凭受理编号和查询码在政府信息公开平台查询办理进度。",
        f"申请获取的信息：{_sought(app)}。",
        f"根据{ORDINANCE}第三十三条的规定，本机关将自收到申请之日起20个工作日内予以答复；"
        "需要延长答复期限的，经政府信息公开工作机构负责人同意并告知您，延长的期限最长不超过"
        "20个工作日。征求第三方和其他机关意见所需时间不计算在上述期限内。",
        f"答复期限：{_due_text(app)}。",
    ]
    contact = _contact(app)
    if contact:
        lines.append(contact)
    return "政府信息公开申请受理回执", lines


def _supplement(app: Application, *, items: str, deadline: date) -> tuple[str, list[str]]:
    lines = [
        f"本机关于{_d(app.received_on)}收到您提出的政府信息公开申请（受理编号：{app.tracking_no}），"
        f"申请获取{_sought(app)}。",
        f"经审查，您的申请内容不够明确。根据{ORDINANCE}第三十条的规定，请您对以下事项作出补正：",
        *[line.strip() for line in items.strip().splitlines() if line.strip()],
        f"请于{_d(deadline)}前将补正后的申请提交本机关。答复期限自本机关收到补正后的申请之日起"
        "重新计算。无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ]
    contact = _contact(app)
    if contact:
        lines.append(contact)
    return "政府信息公开申请补正告知书", lines


def _extension(app: Application, *, days: int, reason: str) -> tuple[str, list[str]]:
    lines = [
        f"本机关于{_d(app.received_on)}收到您提出的政府信息公开申请（受理编号：{app.tracking_no}），"
        f"申请获取{_sought(app)}。",
        f"因{reason.strip().rstrip('。')}，本机关不能在法定期限内作出答复。根据{ORDINANCE}"
        f"第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长{days}个"
        f"工作日，本机关将于{_due_text(app)}前作出答复。",
        "特此告知。",
    ]
    return "政府信息公开申请延期答复告知书", lines


def _consultation(app: Application, *, consultation: Consultation) -> tuple[str, list[str]]:
    if consultation.party_kind == Consultation.PartyKind.AGENCY:
        rule = (
            f"根据{ORDINANCE}第三十四条的规定，现征求贵机关意见。请自收到本函之日起15个工作日内"
            "提出意见，逾期未提出意见的视为同意公开。"
        )
    else:
        rule = (
            f"该信息公开后可能损害您（单位）的合法权益。根据{ORDINANCE}第三十二条的规定，现书面"
            "征求您（单位）的意见。请自收到本征求意见书之日起15个工作日内提出意见；逾期未提出"
            "意见的，由本机关依照条例的规定决定是否公开。不同意公开的，请说明理由；第三方不同意"
            "公开且有合理理由的，本机关不予公开，但本机关认为不公开可能对公共利益造成重大影响的，"
            "可以决定予以公开，并将决定公开的内容和理由书面告知您（单位）。"
        )
    lines = [
        f"本机关于{_d(app.received_on)}收到一份政府信息公开申请，申请公开以下信息："
        f"“{consultation.matter}”。",
        rule,
    ]
    contact = _contact(app)
    if contact:
        lines.append(contact)
    return "政府信息公开第三方征求意见书", lines


def _fee(app: Application, *, quote) -> tuple[str, list[str]]:
    lines = [
        f"您于{_d(app.received_on)}提出的政府信息公开申请（受理编号：{app.tracking_no}），"
        f"申请数量或者频次明显超过合理范围。根据{quote.basis}的规定，本机关决定"
        f"{quote.method.label}信息处理费。",
        f"计费依据和标准：{quote.breakdown}。",
        f"应缴金额：人民币{quote.amount}元。",
        "请自收到本通知之日的次日起20个工作日内缴纳。逾期未缴纳的，视为放弃申请，本机关不再"
        "处理该政府信息公开申请。信息处理费按行政事业性收费缴入国库。",
    ]
    contact = _contact(app)
    if contact:
        lines.append(contact)
    return "政府信息公开信息处理费收费通知", lines


def _reply(app: Application, *, outcome, facts: str, reasons: str) -> tuple[str, list[str]]:
    lines = [
        f"本机关于{_d(app.received_on)}收到您（单位）通过{app.get_channel_display()}方式提出的"
        f"政府信息公开申请（受理编号：{app.tracking_no}），申请获取{_sought(app)}。",
    ]
    if facts.strip():
        lines.extend(line.strip() for line in facts.strip().splitlines() if line.strip())
    values = {name: f"{TO_FILL}{outcomes.PLACEHOLDERS[name]}】" for name in outcome.placeholders}
    values["information"] = _sought(app)
    if "how_to_obtain" in values and app.receive_method:
        values["how_to_obtain"] = (
            f"{TO_FILL}获取方式、途径和时间；申请人选择的获取方式为"
            f"{app.get_receive_method_display()}，提供形式为{app.get_delivery_form_display()}】"
        )
    lines.append(f"现答复如下（办理结果：{outcome.short_label}）：")
    lines.append(outcomes.render_decision(outcome, **values))
    if reasons.strip():
        lines.extend(line.strip() for line in reasons.strip().splitlines() if line.strip())
    lines.append(outcome.basis.sentence)
    lines.append(
        outcomes.remedies_text(
            outcome,
            reconsideration_body=settings.GONGKAI_RECONSIDERATION_BODY,
            court=settings.GONGKAI_COURT,
        )
    )
    return "政府信息公开申请答复书", lines


DRAFTERS = {
    Notice.Kind.RECEIPT: _receipt,
    Notice.Kind.SUPPLEMENT: _supplement,
    Notice.Kind.EXTENSION: _extension,
    Notice.Kind.CONSULTATION: _consultation,
    Notice.Kind.FEE: _fee,
    Notice.Kind.REPLY: _reply,
}


def draft(app: Application, kind: str, *, by: User | None, **context) -> Notice:
    """Create the draft document of `kind` for `app` (called by the services)."""
    title, lines = DRAFTERS[kind](app, **context)
    consultation = context.get("consultation")
    outcome = context.get("outcome")
    recipient = f"{consultation.party_name}：" if consultation is not None else _applicant(app)
    return Notice.objects.create(
        application=app,
        kind=kind,
        consultation=consultation,
        title=title,
        recipient=recipient,
        body="\n".join(lines),
        issuer=issuer(app),
        outcome_code=outcome.code if outcome is not None else "",
    )


def to_document(notice: Notice) -> documents.Document:
    paragraphs = [
        documents.Paragraph(line.strip()) for line in notice.body.splitlines() if line.strip()
    ]
    return documents.Document(
        title=notice.title,
        fileno=notice.fileno,
        recipient=notice.recipient,
        blocks=tuple(paragraphs),
        issuer=notice.issuer,
        issued_on=notice.issued_on or timezone.localdate(),
        seal_note="（盖章）",
        notes=() if notice.issued else ("（草稿，未印发）",),
    )


def filename(notice: Notice, extension: str) -> str:
    number = notice.fileno or notice.application.tracking_no
    return f"{notice.get_kind_display()}-{number}.{extension}"
