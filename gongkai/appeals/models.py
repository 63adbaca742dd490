"""The register of reconsideration and litigation cases about disclosure (政府信息公开行政复议、
行政诉讼), and of complaints to the supervising authority (条例第五十一条).

One row per case, recorded against the original acting agency (the respondent or defendant):
when the reconsideration organ is a co-defendant, the case is counted only for the original
acting agency (国办公开办函〔2021〕30号, REGULATION.md §2.1). Table C is computed from these rows
by `queries.table_c`; complaints are recorded but are not part of Table C.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from gongkai.core.models import Organization, User


class Kind(models.TextChoices):
    RECONSIDERATION = "reconsideration", "行政复议"
    DIRECT_SUIT = "direct_suit", "行政诉讼（未经复议直接起诉）"
    SUIT_AFTER_RECONSIDERATION = "suit_after", "行政诉讼（复议后起诉）"
    COMPLAINT = "complaint", "申诉·投诉"


# The three groups of annual-report Table C, in report order (complaints are not in it).
TABLE_C_KINDS = (Kind.RECONSIDERATION, Kind.DIRECT_SUIT, Kind.SUIT_AFTER_RECONSIDERATION)


class Result(models.TextChoices):
    UPHELD = "upheld", "维持"
    CORRECTED = "corrected", "纠正"
    OTHER = "other", "其他"
    PENDING = "pending", "尚未审结"


class AppealQuerySet(models.QuerySet):
    def for_listing(self):
        return self.select_related("organization", "application")

    def pending(self):
        return self.filter(result=Result.PENDING)


class Appeal(models.Model):
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="appeals",
        verbose_name="被申请人/被告",
        help_text="作出原行政行为的机关。复议机关为共同被告的，只登记在原行政行为机关名下",
    )
    application = models.ForeignKey(
        "applications.Application",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeals",
        verbose_name="关联申请",
    )
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    case_no = models.CharField("案号", max_length=100, blank=True)
    body = models.CharField(
        "复议机关/人民法院",
        max_length=100,
        help_text="受理投诉的，填写受理投诉的上级机关或主管部门",
    )
    appellant = models.CharField("申请人/原告/投诉人", max_length=100)
    act = models.TextField("被复议、被诉或被投诉的行政行为")
    filed_on = models.DateField("申请/起诉/投诉日期")
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    decided_on = models.DateField("审结日期", null=True, blank=True)
    result = models.CharField("结果", max_length=12, choices=Result.choices, default=Result.PENDING)
    decision_note = models.TextField("结果说明", blank=True)
    follows = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="suits",
        verbose_name="前置的行政复议案件",
    )
    co_defendant = models.BooleanField("复议机关为共同被告", default=False)
    summary = models.TextField("案情摘要/备注", blank=True)
    # Set by the services (rules.reconsideration_first_warning) when the case is registered or
    # changed: what staff were told, kept with the case (docs/appeals.md).
    warning = models.TextField("提示", blank=True, editable=False)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = AppealQuerySet.as_manager()

    class Meta:
        verbose_name = "复议诉讼案件"
        verbose_name_plural = "复议诉讼案件"
        ordering = ["-filed_on", "-pk"]
        indexes = [
            models.Index(fields=["organization", "filed_on"], name="appeal_org_filed"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=Kind.values),
                name="appeal_kind_valid",
                violation_error_message="案件类型无效。",
            ),
            models.CheckConstraint(
                condition=Q(result__in=Result.values),
                name="appeal_result_valid",
                violation_error_message="结果无效。",
            ),
            # 尚未审结 exactly while there is no decision date.
            models.CheckConstraint(
                condition=Q(result=Result.PENDING, decided_on__isnull=True)
                | (~Q(result=Result.PENDING) & Q(decided_on__isnull=False)),
                name="appeal_result_needs_decision_date",
                violation_error_message="结果为维持、纠正或其他的必须有审结日期；尚未审结的不能有审结日期。",
            ),
            models.CheckConstraint(
                condition=Q(accepted_on__isnull=True) | Q(accepted_on__gte=F("filed_on")),
                name="appeal_accepted_after_filed",
                violation_error_message="受理日期不能早于申请/起诉日期。",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("filed_on")),
                name="appeal_decided_after_filed",
                violation_error_message="审结日期不能早于申请/起诉日期。",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True)
                | Q(accepted_on__isnull=True)
                | Q(decided_on__gte=F("accepted_on")),
                name="appeal_decided_after_accepted",
                violation_error_message="审结日期不能早于受理日期。",
            ),
            models.CheckConstraint(
                condition=Q(follows__isnull=True) | Q(kind=Kind.SUIT_AFTER_RECONSIDERATION),
                name="appeal_follows_only_suit_after",
                violation_error_message="只有复议后起诉的案件可以关联前置的行政复议案件。",
            ),
            models.CheckConstraint(
                condition=Q(co_defendant=False) | Q(kind=Kind.SUIT_AFTER_RECONSIDERATION),
                name="appeal_co_defendant_only_suit_after",
                violation_error_message="只有复议后起诉的案件才有复议机关作共同被告的情形。",
            ),
            models.UniqueConstraint(
                fields=["organization", "kind", "case_no"],
                condition=~Q(case_no=""),
                name="appeal_case_no_unique",
                violation_error_message="该单位已登记过同一类型、同一案号的案件。",
            ),
        ]

    def __str__(self):
        label = self.case_no or f"{self.get_kind_display()}#{self.pk or '新'}"
        return f"{label} {self.appellant}"

    def get_absolute_url(self):
        return reverse("appeals:detail", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.result == Result.PENDING

    @property
    def in_table_c(self) -> bool:
        return self.kind in TABLE_C_KINDS
