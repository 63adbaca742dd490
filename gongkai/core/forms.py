from django import forms

from gongkai.core.models import Organization


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
