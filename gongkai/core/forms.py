from django import forms
from django.core.exceptions import ValidationError

from gongkai.core.models import Organization


def add_service_errors(form: forms.BaseForm, exc: ValidationError, renames=None) -> None:
    """Show a service's ValidationError on the form: a field's messages next to that field
    (`renames` maps a service's field name to the form's), the rest at the top."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        field = (renames or {}).get(field, field)
        form.add_error(field if field in form.fields else None, errors)


class OrganizationGuideForm(forms.ModelForm):
    """The 公开指南 contact details a disclosure office keeps up to date (条例 Art. 12)."""

    website = forms.URLField(label="网址", required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = [
            "short_name",
            "office_name",
            "address",
            "postcode",
            "office_hours",
            "phone",
            "fax",
            "email",
            "website",
        ]

    def clean_postcode(self):
        value = self.cleaned_data["postcode"].strip()
        if value and (len(value) != 6 or not value.isdigit()):
            raise forms.ValidationError("邮政编码应为6位数字。")
        return value
