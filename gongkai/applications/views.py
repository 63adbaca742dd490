"""Staff pages of the application procedure (/staff/applications/)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.applications import forms, proactive, queries, rendering, services
from gongkai.applications.models import Notice
from gongkai.core.forms import add_service_errors
from gongkai.core.models import Organization
from gongkai.core.views import staff_required


@staff_required
def application_list(request: HttpRequest) -> HttpResponse:
    which = request.GET.get("which", "open")
    if which not in queries.FILTERS:
        which = "open"
    unit = None
    if request.GET.get("unit", "").isdigit():
        unit = Organization.objects.filter(pk=request.GET["unit"]).first()
    rows = queries.rows(request.user, which=which, unit=unit)
    return render(
        request,
        "applications/list.html",
        {"rows": rows[:500], "total": len(rows), "which": which, "filters": queries.FILTERS},
    )


@staff_required
def register(request: HttpRequest) -> HttpResponse:
    form = forms.RegisterForm(request.POST or None, user=request.user)
    if not form.fields["organization"].queryset.exists():
        raise PermissionDenied("只有政府信息公开工作机构可以登记申请")
    if request.method == "POST" and form.is_valid():
        try:
            app, _code = services.register(
                form.cleaned_data["organization"],
                form.applicant_data(),
                channel=form.cleaned_data["channel"],
                arrived_on=form.cleaned_data["arrived_on"],
                confirmed_on=form.cleaned_data.get("confirmed_on"),
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"申请已登记，受理编号{app.tracking_no}。受理回执已生成。")
            return redirect("applications:detail", app.pk)
    return render(request, "applications/register.html", {"form": form})


ACTIONS = {
    # name: (form factory, service call, success message)
    "confirm": "确认收到日期",
    "assign": "指定承办单位",
    "supplement": "补正告知",
    "receive_supplement": "收到补正",
    "lapse_supplement": "逾期未补正",
    "consult": "征求意见",
    "end_consultation": "征求意见结束",
    "extend": "延长答复期限",
    "fee": "收费通知",
    "fee_paid": "已缴费",
    "fee_lapsed": "逾期未缴费",
    "reply": "起草答复书",
}


EVENT_LABELS = {
    "received": "收到申请",
    "supplement_requested": "补正告知",
    "supplement_received": "收到补正",
    "supplement_lapsed": "逾期未补正",
    "consultation_started": "征求意见",
    "consultation_ended": "征求意见结束",
    "extended": "延长答复期限",
    "fee_notified": "收费通知",
    "fee_paid": "已缴费",
    "fee_lapsed": "逾期未缴费",
    "replied": "作出答复",
}


def _forms_for(app, data=None, only: str | None = None) -> dict:
    """The action forms, unbound (or the one named `only` bound to `data`)."""
    makers = {
        "confirm": lambda d: forms.DateForm(d, prefix="confirm", label="确认收到申请的日期"),
        "assign": lambda d: forms.AssignForm(
            d, prefix="assign", organization=app.organization, initial={"unit": app.unit_id}
        ),
        "supplement": lambda d: forms.SupplementForm(d, prefix="supplement"),
        "receive_supplement": lambda d: forms.ReceiveSupplementForm(d, prefix="receive"),
        "lapse_supplement": lambda d: forms.DateForm(d, prefix="lapse", label="处理日期"),
        "consult": lambda d: forms.ConsultationForm(d, prefix="consult"),
        "end_consultation": lambda d: forms.EndConsultationForm(d, prefix="endc", application=app),
        "extend": lambda d: forms.ExtendForm(d, prefix="extend", organization=app.organization),
        "fee": lambda d: forms.FeeForm(d, prefix="fee"),
        "fee_paid": lambda d: forms.DateForm(d, prefix="paid", label="缴费日期"),
        "fee_lapsed": lambda d: forms.DateForm(d, prefix="feelapse", label="处理日期"),
        "reply": lambda d: forms.ReplyForm(d, prefix="reply"),
    }
    return {
        name: make(data if name == only else None)
        for name, make in makers.items()
        if only is None or name == only
    }


def _run(action: str, app, data: dict, user):
    by = {"by": user}
    if action == "confirm":
        return services.confirm_receipt(app, on=data["on"], **by)
    if action == "assign":
        return services.assign(app, unit=data["unit"], **by)
    if action == "supplement":
        return services.request_supplement(
            app, on=data["on"], items=data["items"], deadline=data.get("deadline"), **by
        )
    if action == "receive_supplement":
        return services.receive_supplement(app, on=data["on"], note=data.get("note", ""), **by)
    if action == "lapse_supplement":
        return services.lapse_supplement(app, on=data["on"], **by)
    if action == "consult":
        return services.start_consultation(app, **data, **by)
    if action == "end_consultation":
        return services.end_consultation(
            data["consultation"],
            on=data["on"],
            opinion=data["opinion"],
            opinion_text=data.get("opinion_text", ""),
            **by,
        )
    if action == "extend":
        return services.extend(app, **data, **by)
    if action == "fee":
        return services.notify_fee(
            app,
            method=data["method"],
            pages=data.get("pages") or 0,
            served_on=data["served_on"],
            **by,
        )
    if action == "fee_paid":
        return services.record_payment(app, on=data["on"], **by)
    if action == "fee_lapsed":
        return services.lapse_fee(app, on=data["on"], **by)
    if action == "reply":
        return services.draft_reply(app, **data, **by)
    raise Http404("未知的操作")


def _detail_context(request, app, bound: dict | None = None) -> dict:
    events = list(app.events.select_related("actor"))
    for event in events:
        event.label = EVENT_LABELS.get(event.kind, event.kind)
    handler = services.can_handle(request.user, app)
    action_forms = _forms_for(app) if handler else {}
    if bound:
        action_forms.update(bound)
    return {
        "app": app,
        "clock": services.clock_of(app, events=events),
        "events": events,
        "consultations": app.consultations.all(),
        "notices": app.notices.all(),
        "forms": action_forms,
        "can_handle": handler,
        "appeals": app.appeals.all(),
    }


@staff_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    app = services.access_application(request.user, pk)
    return render(request, "applications/detail.html", _detail_context(request, app))


@staff_required
@require_POST
def action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    app = services.access_application(request.user, pk)
    if name not in ACTIONS:
        raise Http404("未知的操作")
    if not services.can_handle(request.user, app):
        raise PermissionDenied("只有政府信息公开工作机构可以办理申请")
    form = _forms_for(app, request.POST, only=name)[name]
    if form.is_valid():
        try:
            result = _run(name, app, dict(form.cleaned_data), request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已办理：{ACTIONS[name]}")
            if isinstance(result, Notice):
                return redirect("applications:notice", result.pk)
            return redirect("applications:detail", app.pk)
    app.refresh_from_db()
    context = _detail_context(request, app, bound={name: form})
    context["failed"] = name
    return render(request, "applications/detail.html", context, status=400)


@staff_required
@require_POST
def reveal(request: HttpRequest, pk: int) -> HttpResponse:
    app = services.access_application(request.user, pk)
    details = services.reveal_personal_details(app, by=request.user)
    context = _detail_context(request, app)
    context["personal"] = details
    return render(request, "applications/detail.html", context)


def _notice(request, pk) -> Notice:
    try:
        notice = Notice.objects.select_related("application").get(pk=pk)
    except Notice.DoesNotExist:
        raise Http404("文书不存在") from None
    services.access_application(request.user, notice.application_id)  # 404 out of scope
    return notice


@staff_required
def notice(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _notice(request, pk)
    app = notice.application
    can_edit = services.can_handle(request.user, app) and not notice.issued
    form = forms.NoticeForm(request.POST or None, instance=notice) if can_edit else None
    issue_form = forms.DateForm(prefix="issue", label="印发日期") if can_edit else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("文书已印发或您无权修改")
        if form.is_valid():
            try:
                services.update_notice(notice, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "文书已保存")
                return redirect("applications:notice", notice.pk)
    return render(
        request,
        "applications/notice.html",
        {"notice": notice, "app": app, "form": form, "issue_form": issue_form},
        status=400 if form is not None and form.errors else 200,
    )


@staff_required
@require_POST
def notice_issue(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _notice(request, pk)
    form = forms.DateForm(request.POST, prefix="issue", label="印发日期")
    if form.is_valid():
        try:
            services.issue_notice(notice, on=form.cleaned_data["on"], by=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"{notice.get_kind_display()}已印发")
            return redirect("applications:detail", notice.application_id)
    else:
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    return redirect("applications:notice", notice.pk)


@staff_required
def notice_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    notice = _notice(request, pk)
    return rendering.response(notice, fmt)


@staff_required
def proactive_candidates(request: HttpRequest) -> HttpResponse:
    groups = proactive.candidates(request.user)
    organizations = forms.ProactiveForm(user=request.user).fields["organization"].queryset
    return render(
        request,
        "applications/proactive.html",
        {"groups": groups, "organizations": organizations},
    )


@staff_required
@require_POST
def proactive_create(request: HttpRequest) -> HttpResponse:
    form = forms.ProactiveForm(request.POST, user=request.user)
    ids = [int(v) for v in request.POST.getlist("applications") if v.isdigit()]
    apps = list(services.visible(request.user).filter(pk__in=ids))
    if not form.is_valid() or not apps:
        messages.error(request, "请选择申请并填写发布单位和标题")
        return redirect("applications:proactive")
    try:
        item = proactive.create_draft(
            apps,
            organization=form.cleaned_data["organization"],
            title=form.cleaned_data["title"],
            by=request.user,
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
        return redirect("applications:proactive")
    messages.success(request, "已转为主动公开草稿，请补充内容后提交审核")
    return redirect("catalog:detail", item.pk)
