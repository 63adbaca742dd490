from django import forms
from django.core.exceptions import ValidationError

from gongkai.appeals import services
from gongkai.appeals.models import Appeal, Kind, Result
from gongkai.applications import services as application_services

RECONSIDERATION_FIRST_NOTICE = (
    "依照《中华人民共和国行政复议法》（2023年修订，2024年1月1日起施行）第二十三条第一款第（四）项，"
    "申请政府信息公开、行政机关不予公开（含部分不予公开）的，应当先申请行政复议，"
    "对复议决定不服的再提起行政诉讼，不能未经复议直接起诉。"
    "如人民法院已受理此类直接起诉的案件，仍可如实登记，系统会在案件上保留提示。"
)
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _field(name: str, **kwargs):
    """The form field of a model field: label, help text and length come from the model."""
    return Appeal._meta.get_field(name).formfield(**kwargs)


class AppealForm(forms.Form):
    """Register or correct a case. The organizations offered are those where the user is the
    disclosure office; the related application is named by its tracking number."""

    organization = forms.ModelChoiceField(
        label="被申请人/被告（原行政行为机关）",
        queryset=None,
        help_text="复议机关为共同被告的，只登记在原行政行为机关名下，年报只计入该机关",
    )
    kind = forms.ChoiceField(
        label="类型",
        choices=Kind.choices,
        widget=forms.RadioSelect,
        help_text="申诉·投诉（条例第五十一条）只作登记，不计入年度报告表三。"
        "不予公开（含部分不予公开）的答复，自2024年1月1日起须先申请行政复议，见本页上方说明",
    )
    case_no = _field("case_no")
    body = _field("body")
    appellant = _field("appellant")
    act = _field("act", widget=forms.Textarea(attrs={"rows": 2}))
    filed_on = _field("filed_on", widget=DATE)
    accepted_on = _field("accepted_on", widget=DATE)
    application_no = forms.CharField(
        label="关联申请（受理编号）",
        required=False,
        max_length=32,
        help_text="案件涉及依申请公开答复的，填写该申请的受理编号，如 YSQ2026-001-00001",
    )
    follows = forms.ModelChoiceField(
        label="前置的行政复议案件",
        queryset=None,
        required=False,
        help_text="复议后起诉的案件，选择此前登记的行政复议案件",
    )
    co_defendant = _field("co_defendant")
    summary = _field("summary", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, appeal: Appeal | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        organizations = services.managed_organizations(user).active()
        self.fields["organization"].queryset = organizations
        follows = Appeal.objects.filter(
            kind=Kind.RECONSIDERATION, organization__in=organizations
        ).select_related("organization")
        if appeal is not None:
            follows = follows.exclude(pk=appeal.pk)
        self.fields["follows"].queryset = follows
        self.fields["follows"].label_from_instance = _follows_label

    @classmethod
    def initial_for(cls, appeal: Appeal) -> dict:
        return {
            "organization": appeal.organization_id,
            "kind": appeal.kind,
            "case_no": appeal.case_no,
            "body": appeal.body,
            "appellant": appeal.appellant,
            "act": appeal.act,
            "filed_on": appeal.filed_on,
            "accepted_on": appeal.accepted_on,
            "application_no": appeal.application.tracking_no if appeal.application_id else "",
            "follows": appeal.follows_id,
            "co_defendant": appeal.co_defendant,
            "summary": appeal.summary,
        }

    def clean_application_no(self):
        number = self.cleaned_data["application_no"].strip()
        if not number:
            return None
        application = (
            application_services.visible(self.user)
            .select_related("organization")
            .filter(tracking_no=number)
            .first()
        )
        if application is None:
            raise ValidationError(f"找不到受理编号为“{number}”的申请，或您无权查看该申请。")
        return application

    def clean(self):
        data = super().clean()
        filed, accepted = data.get("filed_on"), data.get("accepted_on")
        if filed and accepted and accepted < filed:
            self.add_error("accepted_on", "受理日期不能早于申请/起诉日期。")
        kind = data.get("kind")
        if data.get("follows") and kind != Kind.SUIT_AFTER_RECONSIDERATION:
            self.add_error("follows", "只有复议后起诉的案件可以关联前置的行政复议案件。")
        if data.get("co_defendant") and kind != Kind.SUIT_AFTER_RECONSIDERATION:
            self.add_error("co_defendant", "只有复议后起诉的案件才有复议机关作共同被告的情形。")
        return data

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["application"] = data.pop("application_no")
        data["accepted_on"] = data.get("accepted_on")
        return data


def _follows_label(appeal: Appeal) -> str:
    return (
        f"{appeal.case_no or '（无案号）'} {appeal.appellant}"
        f"（{appeal.organization.name}，{appeal.filed_on:%Y-%m-%d}，{appeal.get_result_display()}）"
    )


class DecisionForm(forms.Form):
    result = forms.ChoiceField(label="结果", choices=Result.choices, widget=forms.RadioSelect)
    decided_on = forms.DateField(
        label="审结日期", required=False, widget=DATE, help_text="复议决定书或裁判文书的作出日期"
    )
    note = forms.CharField(
        label="结果说明",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="如：复议决定书文号、判决主文要点；结果为“其他”的写明具体情形（如驳回起诉、撤诉、确认违法）",
    )

    def clean(self):
        data = super().clean()
        result, decided_on = data.get("result"), data.get("decided_on")
        if result == Result.PENDING and decided_on is not None:
            self.add_error("decided_on", "尚未审结的案件不能填写审结日期。")
        elif result and result != Result.PENDING and decided_on is None:
            self.add_error("decided_on", "已审结的案件必须填写审结日期。")
        return data
