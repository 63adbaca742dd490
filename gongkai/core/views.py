from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gongkai.core import access, services, workbench
from gongkai.core.forms import OrganizationGuideForm
from gongkai.core.models import AuditEvent, Membership, Organization


def staff_required(view):
    """Logged-in staff only: anonymous users go to the login page, citizens get 403."""

    @login_required
    def wrapped(request, *args, **kwargs):
        if not access.is_staff_member(request.user):
            raise PermissionDenied("仅限工作人员使用")
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@staff_required
def workbench_view(request: HttpRequest) -> HttpResponse:
    return render(request, "core/workbench.html", {"panels": workbench.panels_for(request.user)})


@staff_required
def organization_list(request: HttpRequest) -> HttpResponse:
    organizations = access.scoped(request.user, Organization.objects.all(), org_field="pk")
    return render(request, "core/organization_list.html", {"organizations": organizations})


@staff_required
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = access.access_organization(request.user, pk)
    members = (
        Membership.objects.filter(organization=org)
        .select_related("user")
        .order_by("user__username", "role")
    )
    children = org.children.order_by("sort_order", "name")
    can_edit = access.has_role(request.user, org, access.ORGANIZATION_MANAGERS)
    return render(
        request,
        "core/organization_detail.html",
        {
            "org": org,
            "members": members,
            "children": children,
            "can_edit": can_edit,
        },
    )


@staff_required
def organization_edit(request: HttpRequest, pk: int) -> HttpResponse:
    org = access.access_organization(request.user, pk, write=True)
    form = OrganizationGuideForm(request.POST or None, instance=Organization.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        services.update_organization(org, by=request.user, **changes)
        messages.success(request, "单位信息已保存。")
        return redirect(org)
    return render(request, "core/organization_edit.html", {"org": org, "form": form})


@staff_required
def audit_list(request: HttpRequest) -> HttpResponse:
    """Audit events of the organizations the user oversees (公开办, 督查室, 系统管理员)."""
    if not access.can_read_audit_log(request.user):
        raise PermissionDenied("仅公开办、督查室和系统管理员可查看审计日志")
    events = access.scoped(
        request.user,
        AuditEvent.objects.select_related("organization"),
        roles=access.AUDIT_READERS,
    )
    page = Paginator(events.order_by("-seq"), 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_list.html", {"page": page})
