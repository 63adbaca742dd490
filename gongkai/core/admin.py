"""System administration (系统管理). Changes go through core.services so they are audited."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import models
from django.utils import timezone

from gongkai.core import calendar, services
from gongkai.core.models import (
    AuditEvent,
    CalendarDay,
    CalendarYear,
    Membership,
    Organization,
    User,
)

admin.site.site_header = "政务公开平台 · 系统管理"
admin.site.site_title = "政务公开平台"
admin.site.index_title = "系统管理"


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["organization"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("联系方式", {"fields": ("name", "phone")}),
    )
    list_display = ["username", "name", "is_active", "is_superuser", "last_login"]
    search_fields = ["username", "name"]
    inlines = [MembershipInline]

    def save_formset(self, request, form, formset, change):
        # Memberships go through the services so that each grant and revoke is audited.
        instances = formset.save(commit=False)
        for membership in formset.deleted_objects:
            services.revoke_role(
                membership.user, membership.organization, membership.role, by=request.user
            )
        for membership in instances:
            if membership.pk:
                original = Membership.objects.get(pk=membership.pk)
                services.revoke_role(
                    original.user, original.organization, original.role, by=request.user
                )
            services.grant_role(
                form.instance, membership.organization, membership.role, by=request.user
            )


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["indented_name", "kind", "code", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "code"]
    autocomplete_fields = ["parent"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = ["parent", *services.ORGANIZATION_FIELDS]

    @admin.display(description="单位名称", ordering="path")
    def indented_name(self, obj):
        return "　" * obj.depth + obj.name

    def save_model(self, request, obj, form, change):
        data = {
            name: form.cleaned_data[name]
            for name in form.changed_data
            if name in services.ORGANIZATION_EDITABLE
        }
        if not change:
            fields = {
                name: form.cleaned_data[name]
                for name in self.fields
                if name in services.ORGANIZATION_EDITABLE - {"name", "kind"}
            }
            created = services.create_organization(
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                parent=form.cleaned_data["parent"],
                by=request.user,
                **fields,
            )
            obj.pk = created.pk
            return
        original = Organization.objects.get(pk=obj.pk)
        if "parent" in form.changed_data:
            services.move_organization(
                original, parent=form.cleaned_data["parent"], by=request.user
            )
            original.refresh_from_db()
        if data:
            services.update_organization(original, by=request.user, **data)


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["day", "weekday", "kind", "name", "source"]
    list_filter = ["kind", "source"]
    date_hierarchy = "day"
    search_fields = ["name"]

    @admin.display(description="星期")
    def weekday(self, obj):
        return "一二三四五六日"[obj.day.weekday()]

    def save_model(self, request, obj, form, change):
        services.set_calendar_day(obj.day, obj.kind, name=obj.name, by=request.user)

    def delete_model(self, request, obj):
        services.delete_calendar_day(obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for entry in queryset:
            services.delete_calendar_day(entry, by=request.user)

    def changelist_view(self, request, extra_context=None):
        _warn_missing_year(request)
        return super().changelist_view(request, extra_context)


def _warn_missing_year(request):
    missing = calendar.next_year_warning(timezone.localdate())
    if missing:
        messages.warning(
            request,
            f"{missing}年的节假日安排尚未导入并确认。国务院办公厅通知发布后，请用"
            f"“gongkai calendar_import 文件”导入或在此逐日录入后确认该年度；"
            f"在此之前，跨入{missing}年的期限只能给出暂定日期。",
        )


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "confirmed", "source", "confirmed_at"]
    actions = ["confirm", "unconfirm"]
    fields = ["year", "source"]

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        services.set_year_confirmed(obj.year, False, by=request.user, source=obj.source)

    @admin.action(description="确认所选年度的节假日安排")
    def confirm(self, request, queryset):
        for entry in queryset:
            services.set_year_confirmed(entry.year, True, by=request.user)

    @admin.action(description="取消确认")
    def unconfirm(self, request, queryset):
        for entry in queryset:
            services.set_year_confirmed(entry.year, False, by=request.user)

    def changelist_view(self, request, extra_context=None):
        _warn_missing_year(request)
        return super().changelist_view(request, extra_context)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["seq", "created_at", "actor_label", "action", "object_repr", "organization"]
    list_filter = ["action"]
    search_fields = ["object_repr", "actor_label", "action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
