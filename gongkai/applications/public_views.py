"""Public pages: the online application form, the receipt, and the status query
(/yisqgk/). Citizens need no account; the tracking number and query code identify an
application to its applicant."""

from __future__ import annotations

import dataclasses
import json

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.views.decorators.cache import never_cache

from gongkai.applications import forms, rendering, services
from gongkai.applications.models import Notice
from gongkai.core.forms import add_service_errors

QUERY_ATTEMPTS_PER_HOUR = 30


def client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _over_limit(kind: str, request: HttpRequest, limit: int) -> bool:
    """Count one attempt of `kind` for this address in the current hour; True when over."""
    hour = timezone.now().strftime("%Y%m%d%H")
    key = f"gongkai:rate:{kind}:{client_address(request)}:{hour}"
    cache.add(key, 0, 3700)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, 3700)
        count = 1
    return count > limit


def _submission_key(form: forms.PublicApplicationForm) -> str:
    """The idempotency key: the form's token and what was submitted. The same form sent twice
    (a double click; or back from the receipt and send again: the form then carries the same
    token, see `apply`) gives the same key; another application from this browser another."""
    values = [form.cleaned_data["organization"].pk, *dataclasses.astuple(form.applicant_data())]
    content = json.dumps([form.cleaned_data["token"], *values], ensure_ascii=False)
    return salted_hmac("applications.apply", content, algorithm="sha256").hexdigest()


@never_cache
def apply(request: HttpRequest) -> HttpResponse:
    # After a submission the form keeps its token for this browser session: a page that is
    # never cached is fetched again when the applicant goes back from the receipt.
    used = request.session.get("gongkai_apply_token")
    form = forms.PublicApplicationForm(
        request.POST or None, initial={"token": used} if used else None
    )
    if request.method == "POST" and form.is_valid():
        key = _submission_key(form)
        existing = services.Application.objects.filter(idempotency_key=key).first()
        if existing is not None:  # the same form sent twice: show the first receipt
            request.session["gongkai_receipt"] = existing.pk
            return redirect("applications_public:receipt")
        if _over_limit("apply", request, settings.GONGKAI_APPLY_PER_HOUR):
            form.add_error(None, "提交过于频繁，请一小时后再试，或通过信函、当面等方式提出申请。")
            return render(request, "applications/public/apply.html", {"form": form}, status=429)
        try:
            app, _created = services.submit_online(
                form.cleaned_data["organization"],
                form.applicant_data(),
                idempotency_key=key,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            request.session["gongkai_receipt"] = app.pk
            request.session["gongkai_apply_token"] = form.cleaned_data["token"]
            return redirect("applications_public:receipt")
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "applications/public/apply.html", {"form": form}, status=status)


@never_cache
def receipt(request: HttpRequest) -> HttpResponse:
    pk = request.session.get("gongkai_receipt")
    app = services.Application.objects.filter(pk=pk).select_related("organization").first()
    if app is None:
        return redirect("applications_public:apply")
    return render(request, "applications/public/receipt.html", {"app": app})


@never_cache
def status(request: HttpRequest) -> HttpResponse:
    form = forms.StatusQueryForm(request.POST or None)
    app = None
    if request.method == "POST" and form.is_valid():
        if _over_limit("status", request, QUERY_ATTEMPTS_PER_HOUR):
            form.add_error(None, "查询过于频繁，请稍后再试")
        else:
            app = services.find_for_applicant(
                form.cleaned_data["tracking_no"], form.cleaned_data["query_code"]
            )
            if app is None:
                form.add_error(None, "受理编号或查询码不正确")
            else:
                request.session["gongkai_status"] = app.pk
    elif request.method == "GET" and request.GET.get("again") is None:
        pk = request.session.get("gongkai_status")
        app = services.Application.objects.filter(pk=pk).first() if pk else None
    context = {"form": form, "app": app}
    if app is not None:
        context.update(
            clock=services.clock_of(app),
            notices=[n for n in app.notices.all() if n.issued and n.kind != Notice.Kind.RECEIPT],
        )
    return render(
        request,
        "applications/public/status.html",
        context,
        status=400 if form.is_bound and form.errors else 200,
    )


def notice_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """An issued document of the application the applicant has looked up in this session."""
    from django.http import Http404

    notice = Notice.objects.filter(pk=pk, issued_on__isnull=False).first()
    if notice is None or notice.application_id != request.session.get("gongkai_status"):
        raise Http404("文书不存在")
    return rendering.response(notice, fmt)
