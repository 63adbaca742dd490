"""Applications in the admin are read-only: they change only through the procedure's
services (the clock's events and the audit log must stay complete), and personal data stays
masked here (the full values are shown, audited, on the staff detail page)."""

from django.contrib import admin

from gongkai.applications.models import Application


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = [
        "tracking_no",
        "applicant_name",
        "organization",
        "channel",
        "arrived_on",
        "received_on",
        "closed_on",
        "outcome",
    ]
    list_filter = ["channel", "applicant_type", "outcome"]
    list_select_related = ["organization"]
    search_fields = ["tracking_no", "applicant_name"]
    exclude = ["id_number", "phone", "query_code", "id_digest", "idempotency_key"]
    readonly_fields = ["masked_id_number", "masked_phone"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
