from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.catalog import access as catalog_access
from gongkai.catalog import queries, services, workflow
from gongkai.catalog.forms import ActionForm, AttachmentForm, ItemForm, ValidityForm
from gongkai.catalog.models import Item
from gongkai.core import access
from gongkai.core.forms import add_service_errors
from gongkai.core.models import AuditEvent
from gongkai.core.views import staff_required


@staff_required
def item_list(request: HttpRequest) -> HttpResponse:
    items = catalog_access.items_visible_to(request.user).for_listing()
    status = request.GET.get("status", "")
    if status in Item.Status.values:
        items = items.filter(status=status)
    if request.GET.get("late") == "1":
        items = items.filter(published_late=True)
    items = items.order_by("-updated_at", "-pk")
    page = Paginator(items, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "catalog/item_list.html",
        {
            "page": page,
            "status": status,
            "statuses": Item.Status.choices,
            "queue": queries.review_queue(request.user).for_listing()[:50],
        },
    )


@staff_required
def item_create(request: HttpRequest) -> HttpResponse:
    form = ItemForm(request.POST or None, user=request.user)
    if not form.fields["organization"].queryset.exists():
        raise PermissionDenied("您不是任何单位的信息员，不能起草信息")
    if request.method == "POST" and form.is_valid():
        try:
            item = services.create_item(by=request.user, **form.service_fields())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "草稿已保存。可继续上传附件，然后提交保密审查。")
            return redirect("catalog:detail", item.pk)
    return render(request, "catalog/item_form.html", {"form": form, "item": None})


@staff_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = catalog_access.access_item(request.user, pk, write=True)
    if not item.is_editable:
        messages.error(request, "只有草稿可以修改。")
        return redirect("catalog:detail", item.pk)
    form = ItemForm(request.POST or None, instance=Item.objects.get(pk=pk), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_item(item, by=request.user, **form.service_fields())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "草稿已保存。")
            return redirect("catalog:detail", item.pk)
    return render(request, "catalog/item_form.html", {"form": form, "item": item})


@staff_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = catalog_access.access_item(request.user, pk)
    roles = access.user_roles_for(request.user, item.organization)
    actions = workflow.available(item.status, roles)
    events = AuditEvent.objects.filter(object_type="catalog.item", object_id=str(item.pk)).order_by(
        "seq"
    )
    return render(
        request,
        "catalog/item_detail.html",
        {
            "item": item,
            "attachments": item.attachments.all(),
            "key_areas": item.key_areas.all(),
            "events": events,
            "action_form": ActionForm(actions=actions) if actions else None,
            "attachment_form": AttachmentForm() if item.is_editable and "editor" in roles else None,
            "can_edit": item.is_editable and "editor" in roles,
            "validity_form": ValidityForm(
                initial={"validity": item.validity, "on": timezone.localdate()}
            )
            if item.status == Item.Status.PUBLISHED and roles & {"editor", "disclosure_office"}
            else None,
        },
    )


@staff_required
@require_POST
def item_action(request: HttpRequest, pk: int) -> HttpResponse:
    item = catalog_access.access_item(request.user, pk)
    roles = access.user_roles_for(request.user, item.organization)
    form = ActionForm(request.POST, actions=workflow.available(item.status, roles))
    if not form.is_valid():
        messages.error(
            request, "操作无效：" + "；".join(e for errors in form.errors.values() for e in errors)
        )
        return redirect("catalog:detail", item.pk)
    action = form.cleaned_data["action"]
    comment = form.cleaned_data["comment"]
    try:
        if action == "submit":
            services.submit_item(item, by=request.user)
        elif action == "approve_secrecy":
            services.approve_secrecy(item, by=request.user, comment=comment)
        elif action in {"reject_secrecy", "reject_release"}:
            services.reject_item(item, by=request.user, comment=comment)
        elif action == "approve_release":
            publish_at = form.cleaned_data["publish_at"]
            services.approve_release(item, by=request.user, publish_at=publish_at)
        elif action == "retract":
            services.retract_item(item, by=request.user, reason=comment)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已{workflow.TRANSITIONS[action].label}。")
    return redirect("catalog:detail", item.pk)


@staff_required
@require_POST
def item_validity(request: HttpRequest, pk: int) -> HttpResponse:
    item = catalog_access.access_item(request.user, pk)
    form = ValidityForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            "有效性未修改：" + "；".join(e for errors in form.errors.values() for e in errors),
        )
        return redirect("catalog:detail", item.pk)
    try:
        services.set_validity(
            item,
            by=request.user,
            validity=form.cleaned_data["validity"],
            on=form.cleaned_data["on"],
            replaced_by=form.cleaned_data["replaced_by"],
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"有效性已改为“{item.get_validity_display()}”。")
    return redirect("catalog:detail", item.pk)


@staff_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    item = catalog_access.access_item(request.user, pk, write=True)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.add_attachment(item, name=upload.name, data=upload.read(), by=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"附件“{upload.name}”已上传。")
    else:
        messages.error(request, "请选择要上传的文件。")
    return redirect("catalog:detail", item.pk)


@staff_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = catalog_access.access_attachment(request.user, pk, write=True)
    item_pk = attachment.item_id
    try:
        services.remove_attachment(attachment, by=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("catalog:detail", item_pk)


@staff_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = catalog_access.access_attachment(request.user, pk)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


@staff_required
def review_queue(request: HttpRequest) -> HttpResponse:
    items = queries.review_queue(request.user).for_listing().order_by("updated_at")
    return render(request, "catalog/review_queue.html", {"items": items, "now": timezone.now()})
