"""The appeals register in the system administration. Every change goes through
appeals.services, so it is checked the same way and audited; cases are never deleted."""

from django.contrib import admin
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms import ModelForm

from gongkai.appeals import services
from gongkai.appeals.models import Appeal, Result

DECISION_FIELDS = ("result", "decided_on", "decision_note")
FORM_FIELDS = [*sorted(services.EDITABLE), *DECISION_FIELDS]


class AppealAdminForm(ModelForm):
    class Meta:
        model = Appeal
        fields = FORM_FIELDS

    def _post_clean(self):
        super()._post_clean()
        if any(field != NON_FIELD_ERRORS for field in self.errors):
            return
        try:
            services.check_appeal(self.instance, by=None)
        except ValidationError as exc:
            # The service names the field and the dates; drop the bare constraint messages.
            self._errors.pop(NON_FIELD_ERRORS, None)
            self._update_errors(exc)


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    form = AppealAdminForm
    list_display = ["__str__", "kind", "organization", "filed_on", "result", "decided_on"]
    list_filter = ["kind", "result"]
    list_select_related = ["organization"]
    search_fields = ["case_no", "appellant", "body"]
    date_hierarchy = "filed_on"
    raw_id_fields = ["application", "follows"]
    autocomplete_fields = ["organization"]
    readonly_fields = ["warning", "created_at", "created_by"]
    fields = [
        "organization",
        "kind",
        "case_no",
        "body",
        "appellant",
        "act",
        "filed_on",
        "accepted_on",
        "application",
        "follows",
        "co_defendant",
        "summary",
        *DECISION_FIELDS,
        "warning",
        "created_at",
        "created_by",
    ]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            created = services.create_appeal(
                by=request.user, **{name: data[name] for name in services.EDITABLE}
            )
            obj.pk = created.pk
            if data["result"] != Result.PENDING:
                services.record_decision(
                    created,
                    result=data["result"],
                    decided_on=data["decided_on"],
                    note=data["decision_note"],
                    by=request.user,
                )
            return
        original = Appeal.objects.get(pk=obj.pk)
        fields = {name: data[name] for name in form.changed_data if name in services.EDITABLE}
        if fields:
            original = services.update_appeal(original, by=request.user, **fields)
        if set(form.changed_data) & set(DECISION_FIELDS):
            services.record_decision(
                original,
                result=data["result"],
                decided_on=data["decided_on"],
                note=data["decision_note"],
                by=request.user,
            )
