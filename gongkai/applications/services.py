"""State changes of applications. Every function runs in one transaction, writes the
application's event (the clock's input) and one audit event.

Rules enforced here (REGULATION.md §1.1–1.5): the receipt date per channel (Art. 31), one
supplement request (Art. 30), one extension of at most 20 working days approved by the head
of the 工作机构 before the period runs out (Art. 33), consultations that pause the clock (Art.
32–34), fee notices (信息处理费办法), exactly one outcome per application.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from gongkai.applications import clock, fees, letters, outcomes
from gongkai.applications.models import (
    CONFIRMATION_CHANNELS,
    ApplicantType,
    Application,
    ApplicationEvent,
    Channel,
    Consultation,
    Notice,
    Sequence,
)
from gongkai.core import access, audit, calendar, crypto
from gongkai.core.models import Organization, Role, User

K = clock.Kind
HANDLERS = frozenset({Role.DISCLOSURE_OFFICE, Role.OFFICE_HEAD})
QUERY_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
SUPPLEMENT_MISSED = "other_supplement_missed"  # 其他处理 1
FEE_UNPAID = "other_fee_unpaid"  # 其他处理 2
SUPPLEMENT_DEFAULT_DAYS = 15  # "reasonable deadline"; ≤15 wd in the Jiangsu norms (S6)


class ApplicationError(ValidationError):
    """A rule of the procedure was broken; the message says which (Chinese)."""


# --- reading ---------------------------------------------------------------------------


def rules() -> clock.Rules:
    return clock.Rules(fee_pauses_clock=settings.GONGKAI_FEE_PAUSES_CLOCK)


def clock_of(
    app: Application, *, today: date | None = None, events: Iterable[ApplicationEvent] = ()
) -> clock.Clock:
    """The clock as of today, from `events` when the caller has loaded them (else the
    application's events, prefetched or loaded)."""
    rows = events or app.events.all()
    events = [e for e in (ev.as_clock_event() for ev in rows) if e is not None]
    return clock.compute(
        events, calendar.get_calendar(), today=today or timezone.localdate(), rules=rules()
    )


def with_clocks(apps: Iterable[Application], *, today: date | None = None):
    """(application, clock) pairs; pass a queryset with `for_listing()` (events prefetched)."""
    today = today or timezone.localdate()
    return [(app, clock_of(app, today=today)) for app in apps]


def visible(user: User, queryset=None):
    """Applications the user may see: the disclosure office (and its head) over the receiving
    agency, and the members of the assigned unit. Nobody else."""
    queryset = Application.objects.all() if queryset is None else queryset
    if user.is_superuser and user.is_active:
        return queryset
    offices = Organization.objects.visible_to(user, roles=HANDLERS)
    units = Organization.objects.visible_to(user)
    return queryset.filter(models.Q(organization__in=offices) | models.Q(unit__in=units))


def access_application(user: User, pk) -> Application:
    try:
        return visible(user).select_related("organization", "unit").get(pk=pk)
    except (Application.DoesNotExist, ValueError, TypeError):
        from django.http import Http404

        raise Http404("申请不存在或无权访问") from None


def can_handle(user: User, app: Application) -> bool:
    """Only the disclosure office moves an application through the procedure."""
    return access.has_role(user, app.organization, HANDLERS)


def _require_handler(user: User, app: Application) -> None:
    if not can_handle(user, app):
        raise PermissionDenied("只有政府信息公开工作机构可以办理申请")


# --- intake ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ApplicantData:
    applicant_type: str
    applicant_name: str
    id_kind: str
    id_number: str
    phone: str
    description: str
    delivery_form: str
    receive_method: str
    org_kind: str = ""
    legal_representative: str = ""
    contact_name: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""
    fileno: str = ""
    purpose: str = ""


def _next(organization: Organization, year: int, name: str) -> int:
    row = (
        Sequence.objects.select_for_update()
        .filter(organization=organization, year=year, name=name)
        .first()
    )
    if row is None:
        try:
            with transaction.atomic():
                row = Sequence.objects.create(organization=organization, year=year, name=name)
        except IntegrityError:
            row = Sequence.objects.select_for_update().get(
                organization=organization, year=year, name=name
            )
    row.last += 1
    row.save(update_fields=["last"])
    return row.last


def _event(app, kind, on, *, by, data=None, note="") -> ApplicationEvent:
    return ApplicationEvent.objects.create(
        application=app, kind=str(kind), on=on, data=data or {}, note=note, actor=by
    )


def _new_application(
    organization: Organization,
    data: ApplicantData,
    *,
    channel: str,
    arrived_on: date,
    received_on: date | None,
    by: User | None,
    idempotency_key: str | None = None,
) -> tuple[Application, str]:
    year = arrived_on.year
    number = _next(organization, year, "tracking")
    code = "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(8))
    app = Application(
        organization=organization,
        tracking_no=f"YSQ{year}-{organization.pk:03d}-{number:05d}",
        query_code=code,
        idempotency_key=idempotency_key,
        channel=channel,
        arrived_on=arrived_on,
        received_on=received_on,
        created_by=by if by is not None and by.pk else None,
        id_digest=crypto.digest(data.id_number),
        **{k: v for k, v in data.__dict__.items()},
    )
    if app.applicant_type == ApplicantType.NATURAL:
        app.org_kind = ""
    app.full_clean(exclude=["query_code", "id_digest", "idempotency_key"])
    app.save(force_insert=True)
    if received_on is not None:
        _event(app, K.RECEIVED, received_on, by=by, data={"channel": channel})
    return app, code


def submit_online(
    organization: Organization,
    data: ApplicantData,
    *,
    idempotency_key: str,
    today: date | None = None,
) -> tuple[Application, bool]:
    """An application from the public form: (application, created). The receipt date is the
    day both sides confirm (Art. 31), recorded later by staff. A second submission with the
    same key (a double click, a resent form) returns the first application: the key is a
    random token known only to the submitting browser."""
    today = today or timezone.localdate()
    existing = Application.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            app, code = _new_application(
                organization,
                data,
                channel=Channel.ONLINE,
                arrived_on=today,
                received_on=None,
                by=None,
                idempotency_key=idempotency_key,
            )
            audit.record(
                "application.submit",
                actor=None,
                obj=app,
                organization=organization,
                details={"channel": Channel.ONLINE},
            )
    except IntegrityError:
        existing = Application.objects.filter(idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return existing, False
    del code  # kept encrypted on the application; the receipt page shows it
    return app, True


@transaction.atomic
def register(
    organization: Organization,
    data: ApplicantData,
    *,
    channel: str,
    arrived_on: date,
    by: User,
    confirmed_on: date | None = None,
) -> tuple[Application, str]:
    """Staff registration of an application that arrived in person, by mail, by letter, by
    fax or otherwise. The receipt date follows Art. 31: the day of submission (当面), the day
    it was signed for (邮寄), the confirmation date (平信, 网络, 传真; may come later)."""
    if not access.has_role(by, organization, HANDLERS):
        raise PermissionDenied("只有政府信息公开工作机构可以登记申请")
    if channel not in Channel.values:
        raise ApplicationError({"channel": "申请渠道无效"})
    if channel in CONFIRMATION_CHANNELS:
        received_on = confirmed_on
        if confirmed_on is not None and confirmed_on < arrived_on:
            raise ApplicationError({"confirmed_on": "确认日期不能早于到达日期"})
    else:
        received_on = arrived_on
    app, code = _new_application(
        organization, data, channel=channel, arrived_on=arrived_on, received_on=received_on, by=by
    )
    audit.record(
        "application.register",
        actor=by,
        obj=app,
        organization=organization,
        details={"channel": channel, "received_on": received_on},
    )
    letters.draft(app, Notice.Kind.RECEIPT, by=by, query_code=code)
    return app, code


@transaction.atomic
def confirm_receipt(app: Application, *, on: date, by: User) -> Application:
    """Record the day the receipt was confirmed with the applicant (平信, 网络, 传真)."""
    app = Application.objects.select_for_update().get(pk=app.pk)
    _require_handler(by, app)
    if app.received_on is not None:
        raise ApplicationError("该申请的收到日期已经确定")
    if on < app.arrived_on:
        raise ApplicationError({"on": "确认日期不能早于申请到达日期"})
    if on > timezone.localdate():
        raise ApplicationError({"on": "确认日期不能晚于今天"})
    app.received_on = on
    app.save(update_fields=["received_on"])
    _event(app, K.RECEIVED, on, by=by, data={"channel": app.channel, "confirmed": True})
    audit.record(
        "application.confirm_receipt",
        actor=by,
        obj=app,
        organization=app.organization,
        details={"on": on},
    )
    if not app.notices.filter(kind=Notice.Kind.RECEIPT).exists():
        letters.draft(app, Notice.Kind.RECEIPT, by=by, query_code=app.query_code)
    return app


def _open_for_procedure(app: Application, by: User) -> Application:
    app = Application.objects.select_for_update().get(pk=app.pk)
    _require_handler(by, app)
    if app.closed_on is not None:
        raise ApplicationError("该申请已办结")
    if app.received_on is None:
        raise ApplicationError("请先确认收到申请的日期（条例第三十一条）")
    return app


@transaction.atomic
def assign(app: Application, *, unit: Organization | None, by: User) -> Application:
    app = Application.objects.select_for_update().get(pk=app.pk)
    _require_handler(by, app)
    if unit is not None and not unit.path.startswith(app.organization.path):
        raise ApplicationError({"unit": "承办单位必须是受理机关或其下属单位"})
    app.unit = unit
    app.save(update_fields=["unit"])
    audit.record(
        "application.assign",
        actor=by,
        obj=app,
        organization=app.organization,
        details={"unit": unit.pk if unit else None},
    )
    return app


@transaction.atomic
def request_supplement(
    app: Application, *, on: date, items: str, by: User, deadline: date | None = None
) -> Notice:
    """补正告知 (Art. 30): once, stating what to supplement and by when."""
    app = _open_for_procedure(app, by)
    if app.events.filter(kind=K.SUPPLEMENT_REQUESTED).exists():
        raise ApplicationError("补正只能要求一次（条例第三十条“一次性告知”）")
    if not items.strip():
        raise ApplicationError({"items": "请写明需要补正的事项"})
    if on < app.received_on:
        raise ApplicationError({"on": "补正告知日期不能早于收到申请之日"})
    deadline = deadline or calendar.add_working_days(on, SUPPLEMENT_DEFAULT_DAYS, provisional=True)
    if deadline <= on:
        raise ApplicationError({"deadline": "补正期限必须晚于告知日期"})
    _event(
        app,
        K.SUPPLEMENT_REQUESTED,
        on,
        by=by,
        data={"deadline": deadline.isoformat()},
        note=items.strip(),
    )
    audit.record(
        "application.request_supplement",
        actor=by,
        obj=app,
        organization=app.organization,
        details={"on": on, "deadline": deadline},
    )
    return letters.draft(app, Notice.Kind.SUPPLEMENT, by=by, items=items, deadline=deadline)


@transaction.atomic
def receive_supplement(app: Application, *, on: date, by: User, note: str = "") -> Application:
    """The supplemented application arrived: the reply period runs again from `on`."""
    app = _open_for_procedure(app, by)
    if not clock_of(app, today=on).awaiting_supplement:
        raise ApplicationError("该申请没有待补正的事项")
    requested = app.events.get(kind=K.SUPPLEMENT_REQUESTED).on
    if on < requested:
        raise ApplicationError({"on": "收到补正的日期不能早于补正告知日期"})
    _event(app, K.SUPPLEMENT_RECEIVED, on, by=by, note=note)
    audit.record(
        "application.receive_supplement",
        actor=by,
        obj=app,
        organization=app.organization,
        details={"on": on},
    )
    return app


def _close(app: Application, *, on: date, outcome: str, by: User) -> None:
    app.closed_on = on
    app.outcome = outcome
    app.save(update_fields=["closed_on", "outcome"])


@transaction.atomic
def lapse_supplement(app: Application, *, on: date, by: User) -> Application:
    """The applicant missed the supplement deadline: abandoned (其他处理 1)."""
    app = _open_for_procedure(app, by)
    current = clock_of(app, today=on)
    if not current.awaiting_supplement:
        raise ApplicationError("该申请没有待补正的事项")
    deadline = current.supplement_deadline
    if deadline is not None and on <= deadline:
        raise ApplicationError(f"补正期限（{deadline.isoformat()}）尚未届满")
    _event(app, K.SUPPLEMENT_LAPSED, on, by=by)
    _close(app, on=on, outcome=SUPPLEMENT_MISSED, by=by)
    audit.record("application.lapse_supplement", actor=by, obj=app, organization=app.organization)
    return app


@transaction.atomic
def start_consultation(
    app: Application,
    *,
    party_kind: str,
    party_name: str,
    matter: str,
    on: date,
    by: User,
    party_address: str = "",
) -> Consultation:
    """征求意见 (Art. 32, 34): the clock stops from the next day until the consultation ends."""
    app = _open_for_procedure(app, by)
    if party_kind not in Consultation.PartyKind.values:
        raise ApplicationError({"party_kind": "征求对象类型无效"})
    if not party_name.strip() or not matter.strip():
        raise ApplicationError("请填写征求对象和征求意见的事项")
    if on < app.received_on:
        raise ApplicationError({"on": "征求意见日期不能早于收到申请之日"})
    consultation = Consultation.objects.create(
        application=app,
        party_kind=party_kind,
        party_name=party_name.strip(),
        party_address=party_address.strip(),
        matter=matter.strip(),
        started_on=on,
    )
    _event(
        app,
        K.CONSULTATION_STARTED,
        on,
        by=by,
        data={"ref": str(consultation.pk), "party": consultation.party_name},
    )
    audit.record(
        "application.start_consultation",
        actor=by,
        obj=app,
        organization=app.organization,
        details={"consultation": consultation.pk, "on": on},
    )
    letters.draft(app, Notice.Kind.CONSULTATION, by=by, consultation=consultation)
    return consultation


@transaction.atomic
def end_consultation(
    consultation: Consultation, *, on: date, opinion: str, by: User, opinion_text: str = ""
) -> Consultation:
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    app = _open_for_procedure(consultation.application, by)
    if consultation.ended_on is not None:
        raise ApplicationError("该征求意见已经结束")
    if opinion not in {"agree", "object", "silent"}:
        raise ApplicationError({"opinion": "请选择对方意见"})
    if on < consultation.started_on:
        raise ApplicationError({"on": "结束日期不能早于发出征求意见书的日期"})
    if opinion == "silent":
        reply_by = calendar.add_working_days(
            consultation.started_on, rules().consultation_reply_days, provisional=True
        )
        if on <= reply_by:
            raise ApplicationError(
                {"opinion": f"对方答复期限至{reply_by.isoformat()}，届满前不能按逾期未答复处理"}
            )
    consultation.ended_on = on
    consultation.opinion = opinion
    consultation.opinion_text = opinion_text.strip()
    consultation.save(update_fields=["ended_on", "opinion", "opinion_text"])
    _event(app, K.CONSULTATION_ENDED, on, by=by, data={"ref": str(consultation.pk)})
    audit.record(
        "application.end_consultation",
        actor=by,
        obj=app,
        organization=app.organization,
        details={"consultation": consultation.pk, "on": on, "opinion": opinion},
    )
    return consultation


@transaction.atomic
def extend(
    app: Application, *, days: int, approver: User, on: date, reason: str, by: User
) -> Notice:
    """One extension of at most 20 working days, approved by the head of the 工作机构, before
    the period runs out; the 延期答复告知书 is drafted for issue."""
    app = _open_for_procedure(app, by)
    if app.events.filter(kind=K.EXTENDED).exists():
        raise ApplicationError("答复期限只能延长一次（条例第三十三条）")
    limit = rules().max_extension_days
    if not 1 <= days <= limit:
        raise ApplicationError({"days": f"延长期限应为1至{limit}个工作日"})
    if not access.has_role(approver, app.organization, {Role.OFFICE_HEAD}):
        raise ApplicationError({"approver": "延长答复期限须经政府信息公开工作机构负责人同意"})
    if not reason.strip():
        raise ApplicationError({"reason": "请写明延期理由"})
    current = clock_of(app, today=on)
    if current.due is None or on > current.due:
        raise ApplicationError("答复期限已过或尚未开始计算，不能延期")
    _event(
        app,
        K.EXTENDED,
        on,
        by=by,
        data={"days": days, "approver": approver.display_name, "approver_id": approver.pk},
        note=reason.strip(),
    )
    audit.record(
        "application.extend",
        actor=by,
        obj=app,
        organization=app.organization,
        details={"days": days, "approver": approver.pk, "on": on},
    )
    return letters.draft(app, Notice.Kind.EXTENSION, by=by, days=days, reason=reason)


def month_count(app: Application) -> int:
    """The application's place among the same applicant's applications received in its
    calendar month at this agency (the 按件 tiers count per applicant per month)."""
    anchor = app.received_on or app.arrived_on
    same = Application.objects.filter(
        organization=app.organization,
        id_digest=app.id_digest,
    ).filter(
        models.Q(received_on__year=anchor.year, received_on__month=anchor.month)
        | models.Q(
            received_on__isnull=True, arrived_on__year=anchor.year, arrived_on__month=anchor.month
        )
    )
    return same.filter(pk__lte=app.pk).count()


@transaction.atomic
def notify_fee(
    app: Application, *, method: str, served_on: date, by: User, pages: int = 0
) -> Notice:
    """收费通知: the fee by one method (按件 or 按量, never both); the applicant has 20
    working days from the day after receiving it to pay."""
    app = _open_for_procedure(app, by)
    if app.events.filter(kind=K.FEE_NOTIFIED).exists():
        raise ApplicationError("该申请已发出收费通知")
    try:
        if method == fees.FeeMethod.PER_APPLICATION:
            quote = fees.quote(method, prior=month_count(app) - 1)
        else:
            quote = fees.quote(method, pages=pages)
    except ValueError as exc:
        raise ApplicationError({"method": str(exc)}) from None
    if quote.amount <= 0:
        raise ApplicationError("按规定本申请不收费（未超出免费范围），无需发出收费通知")
    app.fee_amount = int(quote.amount)
    app.save(update_fields=["fee_amount"])
    _event(
        app,
        K.FEE_NOTIFIED,
        served_on,
        by=by,
        data={"method": method, "amount": int(quote.amount), "pages": pages},
        note=quote.breakdown,
    )
    audit.record(
        "application.notify_fee",
        actor=by,
        obj=app,
        organization=app.organization,
        details={"method": method, "amount": int(quote.amount)},
    )
    return letters.draft(app, Notice.Kind.FEE, by=by, quote=quote)


@transaction.atomic
def record_payment(app: Application, *, on: date, by: User) -> Application:
    app = _open_for_procedure(app, by)
    if not clock_of(app, today=on).fee_open:
        raise ApplicationError("该申请没有待缴的费用")
    app.fee_paid = True
    app.save(update_fields=["fee_paid"])
    _event(app, K.FEE_PAID, on, by=by)
    audit.record("application.fee_paid", actor=by, obj=app, organization=app.organization)
    return app


@transaction.atomic
def lapse_fee(app: Application, *, on: date, by: User) -> Application:
    app = _open_for_procedure(app, by)
    current = clock_of(app, today=on)
    if not current.fee_open:
        raise ApplicationError("该申请没有待缴的费用")
    deadline = current.fee_deadline
    if deadline is not None and on <= deadline:
        raise ApplicationError(f"缴费期限（{deadline.isoformat()}）尚未届满")
    _event(app, K.FEE_LAPSED, on, by=by)
    _close(app, on=on, outcome=FEE_UNPAID, by=by)
    audit.record("application.lapse_fee", actor=by, obj=app, organization=app.organization)
    return app


@transaction.atomic
def draft_reply(app: Application, *, outcome: str, facts: str, reasons: str, by: User) -> Notice:
    """Draft the 答复书 from the chosen outcome; it is edited and then issued (issue_notice)."""
    app = _open_for_procedure(app, by)
    try:
        chosen = outcomes.by_code(outcome)
    except outcomes.UnknownOutcome:
        raise ApplicationError({"outcome": "请选择一种答复结果"}) from None
    if chosen.closed_without_merits:
        raise ApplicationError({"outcome": "逾期不补正、逾期未缴费由系统按期限处理，不需要答复书"})
    if app.notices.filter(kind=Notice.Kind.REPLY, issued_on__isnull=False).exists():
        raise ApplicationError("该申请已经答复")
    app.notices.filter(kind=Notice.Kind.REPLY, issued_on__isnull=True).delete()
    notice = letters.draft(
        app, Notice.Kind.REPLY, by=by, outcome=chosen, facts=facts, reasons=reasons
    )
    audit.record(
        "application.draft_reply",
        actor=by,
        obj=app,
        organization=app.organization,
        details={"outcome": chosen.code},
    )
    return notice


@transaction.atomic
def update_notice(
    notice: Notice, *, title: str, fileno: str, recipient: str, body: str, by: User
) -> Notice:
    notice = Notice.objects.select_for_update().select_related("application").get(pk=notice.pk)
    _require_handler(by, notice.application)
    if notice.issued:
        raise ApplicationError("文书已印发，不能再修改")
    if not title.strip() or not body.strip():
        raise ApplicationError("标题和正文不能为空")
    notice.title, notice.fileno, notice.recipient, notice.body = (
        title.strip(),
        fileno.strip(),
        recipient.strip(),
        body.strip(),
    )
    notice.save(update_fields=["title", "fileno", "recipient", "body"])
    audit.record(
        "application.update_notice",
        actor=by,
        obj=notice.application,
        organization=notice.application.organization,
        details={"notice": notice.pk, "kind": notice.kind},
    )
    return notice


@transaction.atomic
def issue_notice(notice: Notice, *, on: date, by: User) -> Notice:
    """Issue a drafted document. Issuing the reply letter closes the application with its
    outcome (the clock stops on that day)."""
    notice = Notice.objects.select_for_update().select_related("application").get(pk=notice.pk)
    app = Application.objects.select_for_update().get(pk=notice.application_id)
    _require_handler(by, app)
    if notice.issued:
        raise ApplicationError("文书已印发")
    if on > timezone.localdate():
        raise ApplicationError({"on": "印发日期不能晚于今天"})
    if notice.kind == Notice.Kind.REPLY:
        if app.closed_on is not None:
            raise ApplicationError("该申请已办结")
        if app.received_on is None or on < app.received_on:
            raise ApplicationError({"on": "答复日期不能早于收到申请之日"})
        if notice.outcome_code == "":
            raise ApplicationError("答复书缺少办理结果")
    if letters.TO_FILL in notice.body:
        raise ApplicationError("正文中还有“【请填写】”标记的内容未填写，请编辑后再印发")
    if not notice.fileno and notice.kind != Notice.Kind.RECEIPT:
        n = _next(app.organization, on.year, "fileno")
        notice.fileno = letters.fileno(app.organization, on.year, n)
    notice.issued_on = on
    notice.issued_by = by
    notice.save(update_fields=["issued_on", "issued_by", "fileno"])
    if notice.kind == Notice.Kind.REPLY:
        _event(app, K.REPLIED, on, by=by, data={"outcome": notice.outcome_code})
        _close(app, on=on, outcome=notice.outcome_code, by=by)
    audit.record(
        "application.issue_notice",
        actor=by,
        obj=app,
        organization=app.organization,
        details={"notice": notice.pk, "kind": notice.kind, "on": on},
    )
    return notice


# --- privacy ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonalDetails:
    id_number: str
    phone: str


@transaction.atomic
def reveal_personal_details(app: Application, *, by: User) -> PersonalDetails:
    """The full identity number and phone; every call is an audit event."""
    if not visible(by).filter(pk=app.pk).exists():
        raise PermissionDenied("无权查看申请人信息")
    audit.record(
        "application.view_personal_data",
        actor=by,
        obj=app,
        organization=app.organization,
        details={"fields": ["id_number", "phone"]},
    )
    return PersonalDetails(id_number=app.id_number, phone=app.phone)


# --- status for the applicant ----------------------------------------------------------


def find_for_applicant(tracking_no: str, query_code: str) -> Application | None:
    """The application with this tracking number, if the query code matches."""
    app = Application.objects.filter(tracking_no=tracking_no.strip().upper()).first()
    if app is None or not app.query_code:
        return None
    if not secrets.compare_digest(app.query_code, query_code.strip().upper()):
        return None
    return app
