"""Catalog configuration for the system administrator: taxonomy, 索引号 rules, channels and
办事公开栏 rows. Items themselves change only through the review workflow, so the admin shows
them read-only."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string

from gongkai.catalog.models import (
    Category,
    Channel,
    ChannelPost,
    IndexRule,
    Item,
    KeyArea,
    ServiceItem,
    Topic,
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "sort_order", "is_interpretation", "is_active"]
    list_editable = ["sort_order", "is_active"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["__str__", "sort_order"]
    list_select_related = ["parent"]
    search_fields = ["name"]


@admin.register(KeyArea)
class KeyAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "weight", "is_grassroots_standard", "sort_order"]
    list_editable = ["weight", "sort_order"]
    list_filter = ["is_grassroots_standard"]


@admin.register(IndexRule)
class IndexRuleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "scope"]
    autocomplete_fields = ["organization"]


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "sender", "auto_queue", "is_active"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        clean_sender = form.base_fields["sender"].clean

        def clean(value):
            value = clean_sender(value)
            try:
                import_string(value)
            except ImportError:
                raise ValidationError(f"发送器“{value}”不存在。") from None
            return value

        form.base_fields["sender"].clean = clean
        return form


@admin.register(ChannelPost)
class ChannelPostAdmin(admin.ModelAdmin):
    list_display = ["item", "channel", "status", "attempts", "not_before", "sent_at"]
    list_filter = ["channel", "status"]
    list_select_related = ["item", "channel"]
    readonly_fields = [f.name for f in ChannelPost._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(ServiceItem)
class ServiceItemAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "time_limit", "fee_standard", "sort_order"]
    list_filter = ["organization"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization"]


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "category", "status", "index_no", "published_at"]
    list_filter = ["status", "category", "attribute", "validity"]
    list_select_related = ["organization", "category"]
    search_fields = ["title", "index_no", "fileno"]
    date_hierarchy = "published_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
