"""Forms of the application procedure. Field errors are Chinese and name the field."""

from __future__ import annotations

import re
import uuid

from django import forms
from django.utils import timezone

from gongkai.applications import fees, outcomes
from gongkai.applications.models import (
    ApplicantType,
    Channel,
    Consultation,
    DeliveryForm,
    IdKind,
    Notice,
    OrgKind,
    ReceiveMethod,
)
from gongkai.applications.services import ApplicantData
from gongkai.core.models import Organization, Role, User

PHONE = re.compile(r"^[0-9+\-（）() ]{7,20}$")
RESIDENT_ID = re.compile(r"^\d{17}[\dXx]$")
DESCRIPTION_MAX = 2000


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        help_text=help_text,
        error_messages={"required": f"请填写{label}", "invalid": f"{label}格式应为YYYY-MM-DD"},
    )


def _required(label: str) -> dict:
    return {"required": f"请填写{label}"}


class ApplicantForm(forms.Form):
    """The three required items of Art. 29: who (with identity and contact), what, how."""

    applicant_type = forms.ChoiceField(
        label="申请人类型",
        choices=ApplicantType.choices,
        widget=forms.RadioSelect,
        error_messages=_required("申请人类型"),
    )
    org_kind = forms.ChoiceField(
        label="组织类型",
        choices=[("", "（法人或其他组织填写）"), *OrgKind.choices],
        required=False,
    )
    applicant_name = forms.CharField(
        label="姓名/名称", max_length=100, error_messages=_required("姓名或名称")
    )
    legal_representative = forms.CharField(label="法定代表人/负责人", max_length=50, required=False)
    contact_name = forms.CharField(label="联系人", max_length=50, required=False)
    id_kind = forms.ChoiceField(
        label="证件类型", choices=IdKind.choices, error_messages=_required("证件类型")
    )
    id_number = forms.CharField(
        label="证件号码", max_length=30, error_messages=_required("证件号码")
    )
    phone = forms.CharField(label="联系电话", max_length=20, error_messages=_required("联系电话"))
    email = forms.EmailField(
        label="电子邮箱", required=False, error_messages={"invalid": "电子邮箱格式不正确"}
    )
    address = forms.CharField(label="通信地址", max_length=200, required=False)
    postcode = forms.RegexField(
        label="邮政编码",
        regex=r"^\d{6}$",
        required=False,
        error_messages={"invalid": "邮政编码应为6位数字"},
    )
    description = forms.CharField(
        label="所需信息的内容描述",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=DESCRIPTION_MAX,
        help_text="请写明所需信息的名称、文号或者便于查询的其他特征性描述",
        error_messages={
            "required": "请填写所需信息的内容描述",
            "max_length": f"内容描述不能超过{DESCRIPTION_MAX}字",
        },
    )
    fileno = forms.CharField(label="文号（如知道）", max_length=100, required=False)
    purpose = forms.CharField(
        label="用途（选填）",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=500,
        required=False,
    )
    delivery_form = forms.ChoiceField(
        label="信息提供形式", choices=DeliveryForm.choices, error_messages=_required("信息提供形式")
    )
    receive_method = forms.ChoiceField(
        label="获取信息方式",
        choices=ReceiveMethod.choices,
        error_messages=_required("获取信息方式"),
    )

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if not PHONE.match(phone):
            raise forms.ValidationError("联系电话格式不正确")
        return phone

    def clean(self):
        data = super().clean()
        kind = data.get("applicant_type")
        if kind == ApplicantType.LEGAL and not data.get("org_kind"):
            self.add_error("org_kind", "法人或其他组织请选择组织类型")
        if kind == ApplicantType.NATURAL:
            data["org_kind"] = ""
        id_kind, number = data.get("id_kind"), (data.get("id_number") or "").strip()
        if id_kind == IdKind.RESIDENT_ID and number and not RESIDENT_ID.match(number):
            self.add_error("id_number", "居民身份证号码应为18位")
        if kind == ApplicantType.NATURAL and id_kind == IdKind.CREDIT_CODE:
            self.add_error("id_kind", "自然人请选择身份证件")
        if data.get("receive_method") == ReceiveMethod.EMAIL and not data.get("email"):
            self.add_error("email", "选择电子邮件方式获取的，请填写电子邮箱")
        if data.get("receive_method") == ReceiveMethod.POST and not data.get("address"):
            self.add_error("address", "选择邮寄方式获取的，请填写通信地址")
        return data

    def applicant_data(self) -> ApplicantData:
        fields = ApplicantData.__dataclass_fields__
        return ApplicantData(
            **{
                name: (self.cleaned_data.get(name) or "").strip()
                if isinstance(self.cleaned_data.get(name), str)
                else self.cleaned_data.get(name) or ""
                for name in fields
            }
        )


def receiving_organizations():
    return Organization.objects.active().exclude(kind=Organization.Kind.SUBUNIT)


class PublicApplicationForm(ApplicantForm):
    organization = forms.ModelChoiceField(
        label="申请向哪个机关提出",
        queryset=Organization.objects.none(),
        empty_label=None,
        error_messages=_required("受理机关"),
    )
    token = forms.CharField(
        widget=forms.HiddenInput,
        max_length=64,
        error_messages={"required": "提交无效，请刷新页面后重新填写"},
    )
    # a field people do not see; bots fill it in
    website = forms.CharField(required=False, widget=forms.HiddenInput, label="")
    agree = forms.BooleanField(
        label="我确认以上信息真实，并知悉提供虚假身份信息的后果",
        error_messages={"required": "请确认所填信息真实"},
    )

    field_order = ["organization"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = receiving_organizations()
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4().hex)
            root = receiving_organizations().filter(parent__isnull=True).first()
            if root is not None:
                self.initial.setdefault("organization", root.pk)

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError("提交无效")
        return ""


class RegisterForm(ApplicantForm):
    organization = forms.ModelChoiceField(label="受理机关", queryset=Organization.objects.none())
    channel = forms.ChoiceField(label="申请渠道", choices=Channel.choices)
    arrived_on = date_field(
        "到达日期", help_text="当面提交之日、邮件签收之日或平信、传真、网络申请到达之日"
    )
    confirmed_on = date_field(
        "确认日期",
        required=False,
        help_text="平信、网络、传真：与申请人确认收到申请的日期（条例第三十一条）；可稍后填写",
    )

    field_order = ["organization", "channel", "arrived_on", "confirmed_on"]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        from gongkai.applications.services import HANDLERS

        self.fields["organization"].queryset = Organization.objects.visible_to(
            user, roles=HANDLERS
        ).exclude(kind=Organization.Kind.SUBUNIT)
        self.initial.setdefault("arrived_on", timezone.localdate())

    def clean(self):
        data = super().clean()
        arrived, confirmed = data.get("arrived_on"), data.get("confirmed_on")
        today = timezone.localdate()
        if arrived and arrived > today:
            self.add_error("arrived_on", "到达日期不能晚于今天")
        if confirmed and arrived and confirmed < arrived:
            self.add_error("confirmed_on", "确认日期不能早于到达日期")
        return data


class DateForm(forms.Form):
    on = date_field("日期")

    def __init__(self, *args, label: str = "日期", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = label
        self.initial.setdefault("on", timezone.localdate())


class AssignForm(forms.Form):
    unit = forms.ModelChoiceField(
        label="承办单位", queryset=Organization.objects.none(), required=False
    )

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Organization.objects.active().within([organization.path])


class SupplementForm(forms.Form):
    on = date_field("告知日期")
    items = forms.CharField(
        label="需要补正的事项",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages=_required("需要补正的事项"),
    )
    deadline = date_field("补正期限", required=False, help_text="不填则为告知之日起15个工作日")


class ReceiveSupplementForm(forms.Form):
    on = date_field("收到补正的日期")
    note = forms.CharField(label="说明", max_length=500, required=False)


class ConsultationForm(forms.Form):
    party_kind = forms.ChoiceField(label="征求对象类型", choices=Consultation.PartyKind.choices)
    party_name = forms.CharField(
        label="征求对象名称", max_length=100, error_messages=_required("征求对象名称")
    )
    party_address = forms.CharField(label="联系地址", max_length=200, required=False)
    matter = forms.CharField(
        label="征求意见的事项",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        error_messages=_required("征求意见的事项"),
    )
    on = date_field("发出日期")


class EndConsultationForm(forms.Form):
    consultation = forms.ModelChoiceField(
        label="征求意见", queryset=Consultation.objects.none(), empty_label=None
    )
    on = date_field("结束日期", help_text="收到对方意见之日，或答复期限届满之日")
    opinion = forms.ChoiceField(
        label="对方意见",
        choices=[c for c in Consultation.Opinion.choices if c[0]],
    )
    opinion_text = forms.CharField(
        label="意见内容", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000, required=False
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultation"].queryset = application.consultations.filter(
            ended_on__isnull=True
        )


class ExtendForm(forms.Form):
    days = forms.IntegerField(label="延长工作日数", min_value=1, max_value=20, initial=20)
    approver = forms.ModelChoiceField(
        label="批准人（公开工作机构负责人）", queryset=User.objects.none()
    )
    on = date_field("批准日期")
    reason = forms.CharField(
        label="延期理由",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=500,
        error_messages=_required("延期理由"),
    )

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        ids = [*organization.ancestor_ids(), organization.pk]
        self.fields["approver"].queryset = User.objects.filter(
            memberships__role=Role.OFFICE_HEAD,
            memberships__organization_id__in=ids,
            is_active=True,
        ).distinct()


class FeeForm(forms.Form):
    method = forms.ChoiceField(
        label="收费方式",
        choices=[(m.value, m.label) for m in fees.FeeMethod],
        widget=forms.RadioSelect,
    )
    pages = forms.IntegerField(
        label="页数（按量计收时填写）", min_value=0, max_value=100000, required=False
    )
    served_on = date_field("申请人收到通知的日期")

    def clean(self):
        data = super().clean()
        if data.get("method") == fees.FeeMethod.PER_VOLUME and not data.get("pages"):
            self.add_error("pages", "按量计收请填写页数")
        if data.get("method") == fees.FeeMethod.PER_APPLICATION:
            data["pages"] = 0
        return data


class ReplyForm(forms.Form):
    outcome = forms.ChoiceField(
        label="办理结果",
        choices=[(o.code, o.full_label) for o in outcomes.OUTCOMES if not o.closed_without_merits],
    )
    facts = forms.CharField(
        label="办理经过（选填）",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        required=False,
        help_text="如检索情况、征求意见情况，将写入答复书",
    )
    reasons = forms.CharField(
        label="理由（选填）",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        required=False,
    )


class NoticeForm(forms.ModelForm):
    class Meta:
        model = Notice
        fields = ["title", "fileno", "recipient", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 16})}
        help_texts = {
            "fileno": "留空则印发时自动编号",
            "body": "每段一行；“【请填写：…】”须替换后才能印发",
        }


class StatusQueryForm(forms.Form):
    tracking_no = forms.CharField(
        label="受理编号", max_length=32, error_messages=_required("受理编号")
    )
    query_code = forms.CharField(label="查询码", max_length=16, error_messages=_required("查询码"))


class ProactiveForm(forms.Form):
    organization = forms.ModelChoiceField(label="发布单位", queryset=Organization.objects.none())
    title = forms.CharField(label="信息标题", max_length=200)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.visible_to(
            user, roles={Role.EDITOR, Role.DISCLOSURE_OFFICE}
        )
