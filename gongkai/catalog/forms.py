from django import forms
from django.core.exceptions import ValidationError

from gongkai.catalog.models import Category, Item, KeyArea, Topic
from gongkai.core.models import Organization, Role


class ItemForm(forms.ModelForm):
    """The draft form of an editor. Organizations are limited to where the user edits."""

    interprets_index_nos = forms.CharField(
        label="解读的政策文件（索引号）",
        required=False,
        help_text="政策解读类信息填写被解读文件的索引号，多个用逗号分隔",
    )

    class Meta:
        model = Item
        fields = [
            "organization",
            "title",
            "fileno",
            "written_on",
            "category",
            "topic",
            "key_areas",
            "five_openness",
            "keywords",
            "summary",
            "body",
            "fulltext_electronic",
            "attribute",
            "attribute_reason",
        ]
        widgets = {
            "written_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "key_areas": forms.CheckboxSelectMultiple,
            "attribute": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 14}),
            "attribute_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.visible_to(
            user, roles=[Role.EDITOR]
        ).active()
        self.fields["category"].queryset = Category.objects.filter(is_active=True)
        self.fields["topic"].queryset = Topic.objects.select_related("parent")
        self.fields["key_areas"].queryset = KeyArea.objects.all()
        self.fields["attribute"].choices = Item.Attribute.choices
        if self.instance.pk:
            self.fields["interprets_index_nos"].initial = "，".join(
                self.instance.interprets.values_list("index_no", flat=True)
            )

    def clean_interprets_index_nos(self):
        raw = self.cleaned_data["interprets_index_nos"].replace("，", ",")
        numbers = [part.strip() for part in raw.split(",") if part.strip()]
        found = {i.index_no: i for i in Item.objects.in_register().filter(index_no__in=numbers)}
        missing = [n for n in numbers if n not in found]
        if missing:
            raise ValidationError(f"找不到索引号：{'、'.join(missing)}")
        return [found[n] for n in numbers]

    def clean(self):
        data = super().clean()
        attribute = data.get("attribute")
        if (
            attribute
            and attribute != Item.Attribute.PROACTIVE
            and not (data.get("attribute_reason") or "").strip()
        ):
            self.add_error("attribute_reason", "公开属性为依申请公开或不予公开的，必须说明理由。")
        return data

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["interprets"] = data.pop("interprets_index_nos")
        data["key_areas"] = list(data["key_areas"])
        return data


class AttachmentForm(forms.Form):
    file = forms.FileField(label="附件", help_text="PDF、OFD、DOC/DOCX、XLS/XLSX、PNG、JPG、GIF")


class ActionForm(forms.Form):
    action = forms.ChoiceField(choices=[])
    comment = forms.CharField(
        label="意见或理由", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    publish_at = forms.DateTimeField(
        label="定时发布（留空为立即发布）",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(t.action, t.label) for t in actions]


class ValidityForm(forms.Form):
    """有效性 of a published item: amended or abolished on a date, optionally replaced."""

    validity = forms.ChoiceField(label="有效性", choices=Item.Validity.choices)
    on = forms.DateField(label="变更日期", widget=forms.DateInput(attrs={"type": "date"}))
    replaced_by = forms.CharField(label="替代文件索引号", required=False)

    def clean_replaced_by(self):
        number = self.cleaned_data["replaced_by"].strip()
        if not number:
            return None
        item = Item.objects.in_register().filter(index_no=number).first()
        if item is None:
            raise ValidationError(f"找不到索引号为“{number}”的信息")
        return item
