from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gongkai.appeals import services
from gongkai.appeals.forms import RECONSIDERATION_FIRST_NOTICE, AppealForm, DecisionForm
from gongkai.appeals.models import Appeal, Kind, Result
from gongkai.applications import outcomes
from gongkai.applications import services as application_services
from gongkai.core.forms import add_service_errors
from gongkai.core.models import AuditEvent
from gongkai.core.views import staff_required


def _year(value: str) -> int | None:
    return int(value) if value.isdigit() and 1990 <= int(value) <= 2100 else None


@staff_required
def appeal_list(request: HttpRequest) -> HttpResponse:
    appeals = services.visible(request.user, Appeal.objects.for_listing())
    kind = request.GET.get("kind", "")
    if kind in Kind.values:
        appeals = appeals.filter(kind=kind)
    result = request.GET.get("result", "")
    if result in Result.values:
        appeals = appeals.filter(result=result)
    year = _year(request.GET.get("year", ""))
    if year is not None:
        appeals = appeals.filter(filed_on__year=year)
    page = Paginator(appeals.order_by("-filed_on", "-pk"), 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "appeals/appeal_list.html",
        {
            "page": page,
            "kind": kind,
            "kinds": Kind.choices,
            "result": result,
            "results": Result.choices,
            "year": year,
            "query": query.urlencode(),
            "can_create": services.managed_organizations(request.user).exists(),
        },
    )


@staff_required
def appeal_create(request: HttpRequest) -> HttpResponse:
    form = AppealForm(request.POST or None, user=request.user)
    if not form.fields["organization"].queryset.exists():
        raise PermissionDenied("只有政府信息公开工作机构可以登记复议诉讼案件")
    application = None
    pk = request.GET.get("application")
    if pk:
        application = application_services.access_application(request.user, pk)
        if request.method != "POST":
            form.initial.update(
                {
                    "organization": application.organization_id,
                    "application_no": application.tracking_no,
                    "appellant": application.applicant_name,
                }
            )
    if request.method == "POST" and form.is_valid():
        try:
            appeal = services.create_appeal(by=request.user, **form.service_fields())
        except ValidationError as exc:
            add_service_errors(form, exc, {"application": "application_no"})
        else:
            if appeal.warning:
                messages.warning(request, appeal.warning)
            messages.success(request, "案件已登记。")
            return redirect("appeals:detail", appeal.pk)
    return render(
        request,
        "appeals/appeal_form.html",
        {
            "form": form,
            "appeal": None,
            "application": application,
            "outcome": outcomes.get(application.outcome) if application is not None else None,
            "notice": RECONSIDERATION_FIRST_NOTICE,
        },
    )


@staff_required
def appeal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = services.access_appeal(request.user, pk)
    events = AuditEvent.objects.filter(
        object_type="appeals.appeal", object_id=str(appeal.pk)
    ).order_by("seq")
    return render(
        request,
        "appeals/appeal_detail.html",
        {
            "appeal": appeal,
            "can_edit": services.can_manage(request.user, appeal.organization),
            "suits": appeal.suits.select_related("organization"),
            "events": events,
        },
    )


@staff_required
def appeal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = services.access_appeal(request.user, pk, write=True)
    form = AppealForm(
        request.POST or None,
        user=request.user,
        appeal=appeal,
        initial=AppealForm.initial_for(appeal),
    )
    if request.method == "POST" and form.is_valid():
        try:
            appeal = services.update_appeal(appeal, by=request.user, **form.service_fields())
        except ValidationError as exc:
            add_service_errors(form, exc, {"application": "application_no"})
        else:
            if appeal.warning:
                messages.warning(request, appeal.warning)
            messages.success(request, "案件信息已保存。")
            return redirect("appeals:detail", appeal.pk)
    return render(
        request,
        "appeals/appeal_form.html",
        {
            "form": form,
            "appeal": appeal,
            "application": appeal.application,
            "outcome": outcomes.get(appeal.application.outcome) if appeal.application else None,
            "notice": RECONSIDERATION_FIRST_NOTICE,
        },
    )


@staff_required
def appeal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = services.access_appeal(request.user, pk, write=True)
    form = DecisionForm(
        request.POST or None,
        initial={
            "result": appeal.result,
            "decided_on": appeal.decided_on,
            "note": appeal.decision_note,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_decision(
                appeal,
                result=form.cleaned_data["result"],
                decided_on=form.cleaned_data["decided_on"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc, {"application": "application_no"})
        else:
            messages.success(request, "审理结果已记录。")
            return redirect("appeals:detail", appeal.pk)
    return render(request, "appeals/appeal_decide.html", {"form": form, "appeal": appeal})
