"""Applications for disclosure (依申请公开): the application, its events, consultations and
the documents issued for it.

The statutory clock is not stored: `clock.compute` derives it from the ApplicationEvent rows
(see services.clock_of). The columns `received_on`, `closed_on` and `outcome` are facts set
by the services from those same events, kept as columns for filtering and statistics.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q
from django.urls import reverse

from gongkai.applications import clock, outcomes
from gongkai.core import crypto
from gongkai.core.fields import EncryptedTextField
from gongkai.core.models import Organization, User


class Channel(models.TextChoices):
    """How the application arrived; decides the receipt date (条例 Art. 31)."""

    IN_PERSON = "in_person", "当面提交"
    MAIL = "mail", "邮寄（需签收）"
    LETTER = "letter", "平信"
    ONLINE = "online", "网络"
    FAX = "fax", "传真"
    OTHER = "other", "其他"


# Channels whose receipt date is a confirmation date recorded by staff (Art. 31).
CONFIRMATION_CHANNELS = frozenset({Channel.LETTER, Channel.ONLINE, Channel.FAX})


class ApplicantType(models.TextChoices):
    NATURAL = "natural", "自然人"
    LEGAL = "legal", "法人或其他组织"


class OrgKind(models.TextChoices):
    """The five 法人或其他组织 columns of the annual report (REGULATION.md §2.3)."""

    BUSINESS = "business", "商业企业"
    RESEARCH = "research", "科研机构"
    NONPROFIT = "nonprofit", "社会公益组织"
    LEGAL_SERVICE = "legal_service", "法律服务机构"
    OTHER = "other", "其他"


class IdKind(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    PASSPORT = "passport", "护照"
    OTHER_ID = "other_id", "其他身份证件"
    CREDIT_CODE = "credit_code", "统一社会信用代码"


class DeliveryForm(models.TextChoices):
    PAPER = "paper", "纸质"
    ELECTRONIC = "electronic", "电子文档"
    EITHER = "either", "均可"


class ReceiveMethod(models.TextChoices):
    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    PICKUP = "pickup", "当面领取"
    ONLINE = "online", "网上获取"


class ApplicationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_on__isnull=True)

    def closed(self):
        return self.filter(closed_on__isnull=False)

    def received_in(self, year: int):
        """本年新收: the receipt date (or, before it is confirmed, the arrival date) in `year`."""
        return self.filter(
            Q(received_on__year=year) | Q(received_on__isnull=True, arrived_on__year=year)
        )

    def open_at_end_of(self, year: int):
        """结转下年度继续办理: received by 31 December and not closed by then."""
        end = date(year, 12, 31)
        return self.filter(
            Q(received_on__lte=end) | Q(received_on__isnull=True, arrived_on__lte=end)
        ).filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end))

    def for_listing(self):
        return self.select_related("organization", "unit").prefetch_related("events")


class Application(models.Model):
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name="受理机关",
        help_text="申请所向的行政机关（由其公开工作机构办理）",
    )
    unit = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_applications",
        verbose_name="承办单位",
    )
    tracking_no = models.CharField("受理编号", max_length=32, unique=True)
    query_code = EncryptedTextField("查询码", blank=True, editable=False)
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True)

    applicant_type = models.CharField("申请人类型", max_length=12, choices=ApplicantType.choices)
    org_kind = models.CharField(
        "组织类型", max_length=16, choices=OrgKind.choices, blank=True, default=""
    )
    applicant_name = models.CharField("申请人姓名/名称", max_length=100)
    legal_representative = models.CharField("法定代表人/负责人", max_length=50, blank=True)
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    id_kind = models.CharField("证件类型", max_length=16, choices=IdKind.choices)
    id_number = EncryptedTextField("证件号码")
    id_digest = models.CharField(max_length=64, db_index=True, editable=False)
    phone = EncryptedTextField("联系电话")
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)

    description = models.TextField("所需信息的内容描述")
    fileno = models.CharField("文号", max_length=100, blank=True)
    purpose = models.TextField("用途（选填）", blank=True)
    delivery_form = models.CharField("信息提供形式", max_length=12, choices=DeliveryForm.choices)
    receive_method = models.CharField("获取方式", max_length=12, choices=ReceiveMethod.choices)

    channel = models.CharField("申请渠道", max_length=12, choices=Channel.choices)
    arrived_on = models.DateField("到达日期")
    received_on = models.DateField(
        "收到申请之日",
        null=True,
        blank=True,
        help_text="条例第三十一条：平信、网络、传真为确认之日",
    )
    closed_on = models.DateField("办结日期", null=True, blank=True)
    outcome = models.CharField("办理结果", max_length=32, blank=True, default="")
    fee_amount = models.PositiveIntegerField("信息处理费（元）", default=0)
    fee_paid = models.BooleanField("已缴费", default=False)
    catalog_item_id = models.PositiveIntegerField(
        "转为主动公开的信息", null=True, blank=True, editable=False
    )

    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["-arrived_on", "-pk"]
        indexes = [
            models.Index(fields=["organization", "closed_on"], name="app_org_closed"),
            models.Index(fields=["received_on"], name="app_received"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(applicant_type="natural", org_kind="")
                | Q(applicant_type="legal") & ~Q(org_kind=""),
                name="app_org_kind_for_legal_only",
            ),
        ]

    def __str__(self):
        return f"{self.tracking_no} {self.applicant_name}"

    def get_absolute_url(self):
        return reverse("applications:detail", args=[self.pk])

    @property
    def report_column(self) -> str:
        """The annual report column: 自然人 or one of the five organization kinds."""
        if self.applicant_type == ApplicantType.NATURAL:
            return "自然人"
        return OrgKind(self.org_kind).label

    @property
    def outcome_label(self) -> str:
        found = outcomes.get(self.outcome) if self.outcome else None
        return found.full_label if found is not None else ""

    @property
    def outcome_short_label(self) -> str:
        found = outcomes.get(self.outcome) if self.outcome else None
        return found.short_label if found is not None else ""

    @property
    def masked_id_number(self) -> str:
        return crypto.mask(self.id_number, head=3, tail=4)

    @property
    def masked_phone(self) -> str:
        return crypto.mask(self.phone, head=3, tail=4)

    @property
    def needs_confirmation(self) -> bool:
        return self.received_on is None and self.channel in CONFIRMATION_CHANNELS


class ApplicationEvent(models.Model):
    """One thing that happened to an application, on a legal date (`on`). Events of the kinds
    in clock.Kind drive the clock; the others (notes, documents) are the file's history."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="events", verbose_name="申请"
    )
    kind = models.CharField("事项", max_length=32)
    on = models.DateField("日期")
    data = models.JSONField("数据", default=dict, blank=True)
    note = models.TextField("说明", blank=True)
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["on", "pk"]

    def __str__(self):
        return f"{self.on} {self.kind}"

    def as_clock_event(self) -> clock.Event | None:
        try:
            kind = clock.Kind(self.kind)
        except ValueError:
            return None
        return clock.Event(kind, self.on, self.data)


class Consultation(models.Model):
    """征求意见: a third party (Art. 32) or another agency (Art. 34); pauses the clock."""

    class PartyKind(models.TextChoices):
        THIRD_PARTY = "third_party", "第三方"
        AGENCY = "agency", "其他行政机关"

    class Opinion(models.TextChoices):
        PENDING = "", "尚未答复"
        AGREE = "agree", "同意公开"
        OBJECT = "object", "不同意公开"
        SILENT = "silent", "逾期未答复"

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="consultations"
    )
    party_kind = models.CharField("征求对象类型", max_length=12, choices=PartyKind.choices)
    party_name = models.CharField("征求对象", max_length=100)
    party_address = models.CharField("联系地址", max_length=200, blank=True)
    matter = models.TextField("征求意见的事项")
    started_on = models.DateField("发出征求意见书日期")
    ended_on = models.DateField("征求意见结束日期", null=True, blank=True)
    opinion = models.CharField(
        "意见", max_length=8, choices=Opinion.choices, blank=True, default=""
    )
    opinion_text = models.TextField("意见内容", blank=True)

    class Meta:
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"
        ordering = ["started_on", "pk"]

    def __str__(self):
        return f"{self.party_name}（{self.started_on}）"


class Notice(models.Model):
    """A document issued for an application: receipt, supplement notice, extension notice,
    consultation letter, fee notice, reply letter. Drafted from the record, edited, issued."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", "受理回执"
        SUPPLEMENT = "supplement", "补正告知书"
        EXTENSION = "extension", "延期答复告知书"
        CONSULTATION = "consultation", "第三方征求意见书"
        FEE = "fee", "收费通知"
        REPLY = "reply", "政府信息公开申请答复书"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField("文书类型", max_length=16, choices=Kind.choices)
    consultation = models.ForeignKey(
        Consultation, null=True, blank=True, on_delete=models.CASCADE, related_name="notices"
    )
    title = models.CharField("标题", max_length=200)
    fileno = models.CharField("文号", max_length=100, blank=True)
    recipient = models.CharField("主送", max_length=200, blank=True)
    body = models.TextField("正文", help_text="每段一行")
    outcome_code = models.CharField("办理结果", max_length=32, blank=True, default="")
    issuer = models.CharField("落款机关", max_length=100)
    issued_on = models.DateField("成文日期", null=True, blank=True)
    issued_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    pdf = models.FileField("PDF", upload_to="notices/%Y/", blank=True)

    class Meta:
        verbose_name = "文书"
        verbose_name_plural = "文书"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.fileno}".strip()

    @property
    def issued(self) -> bool:
        return self.issued_on is not None


class Sequence(models.Model):
    """Per-organization, per-year counters for tracking numbers and 文号."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE)
    year = models.PositiveIntegerField()
    name = models.CharField(max_length=16)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "name"], name="app_sequence_unique"
            )
        ]

    def __str__(self):
        return f"{self.organization_id}/{self.year}/{self.name}: {self.last}"
