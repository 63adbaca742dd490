from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from gongkai.core import codes


class Role(models.TextChoices):
    """Staff roles (DESIGN.md §1). Citizens need no account."""

    EDITOR = "editor", "单位信息员"
    CONFIDENTIALITY_REVIEWER = "confidentiality_reviewer", "保密审查员"
    RELEASE_APPROVER = "release_approver", "审核人"
    DISCLOSURE_OFFICE = "disclosure_office", "公开办"
    # Head of the 公开工作机构: approves extensions of the reply period (条例 Art. 33 ¶2).
    OFFICE_HEAD = "office_head", "公开办负责人"
    CASE_DESK = "case_desk", "热线办/网宣办"
    OVERSIGHT = "oversight", "督查室"
    ADMIN = "admin", "系统管理员"


# Roles that may change an organization's own data (name, 公开指南 contact details).
ORGANIZATION_MANAGERS = frozenset({Role.DISCLOSURE_OFFICE, Role.ADMIN})


class OrganizationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def within(self, paths):
        """Organizations at or below any of the given tree paths."""
        paths = list(paths)
        if not paths:
            return self.none()
        condition = Q()
        for path in paths:
            condition |= Q(path__startswith=path)
        return self.filter(condition)

    def visible_to(self, user, *, roles=None):
        """What `user` may see: the organizations of their memberships and everything below."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        memberships = Membership.objects.filter(user=user)
        if roles is not None:
            memberships = memberships.filter(role__in=list(roles))
        return self.within(memberships.values_list("organization__path", flat=True))


class Organization(models.Model):
    """A node of the government tree: government → departments and towns → sub-units."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", "人民政府/管委会"
        DEPARTMENT = "department", "区直单位"
        TOWN = "town", "镇（街道）"
        SUBUNIT = "subunit", "下属单位"

    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name="上级单位",
    )
    name = models.CharField("单位名称", max_length=100)
    short_name = models.CharField("简称", max_length=40, blank=True)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    code = models.CharField(
        "机构代码",
        max_length=18,
        unique=True,
        null=True,
        blank=True,
        validators=[codes.validate_org_code],
        help_text="统一社会信用代码（18位）或组织机构代码（9位），用于生成索引号",
    )
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)
    # Materialized tree path of ids, e.g. "/1/4/9/"; maintained by core.services only.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    # 公开指南 contact details (条例 Art. 12).
    office_name = models.CharField("政府信息公开工作机构", max_length=100, blank=True)
    address = models.CharField("办公地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    office_hours = models.CharField("办公时间", max_length=100, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    fax = models.CharField("传真", max_length=40, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    website = models.URLField("网址", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["path"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("core:organization_detail", args=[self.pk])

    @property
    def depth(self) -> int:
        return max(self.path.count("/") - 2, 0)

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part][:-1]

    def guide_missing_fields(self) -> list[str]:
        """公开指南 contact fields required by Art. 12 that are still empty."""
        required = ["office_name", "address", "office_hours", "phone", "fax", "email"]
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in required
            if not getattr(self, name)
        ]


class User(AbstractUser):
    name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self):
        return self.name or self.username

    @property
    def display_name(self) -> str:
        return self.name or self.username


class Membership(models.Model):
    """A user holds a role in an organization, and so in everything below it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships", verbose_name="单位"
    )
    role = models.CharField("角色", max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "任职"
        verbose_name_plural = "任职"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.organization} · {self.get_role_display()}"


class AuditChainHead(models.Model):
    """One row: the last sequence number and hash of the audit chain, locked while
    appending so that concurrent writers extend the chain one after another."""

    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="")

    def __str__(self):
        return f"audit chain head #{self.last_seq}"


class AuditEvent(models.Model):
    """Append-only, hash-chained record of a state change or a view of personal data."""

    seq = models.BigIntegerField("序号", unique=True)
    created_at = models.DateTimeField("时间")
    actor = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="操作人",
    )
    actor_label = models.CharField("操作人", max_length=150, blank=True)
    action = models.CharField("操作", max_length=64, db_index=True)
    object_type = models.CharField("对象类型", max_length=64, blank=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="单位",
    )
    details = models.JSONField("详情", default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-seq"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self):
        return f"#{self.seq} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        # Append-only: rows are written once by core.audit.record and never updated.
        if not self._state.adding:
            raise RuntimeError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("audit events are append-only")


class CalendarDay(models.Model):
    """A date that differs from the Monday–Friday rule: a holiday (休) or a make-up
    working day on a weekend (班)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "休"
        WORKDAY = "workday", "班"

    day = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    name = models.CharField("节日", max_length=40, blank=True)
    source = models.CharField("来源", max_length=60, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "节假日与调休"
        verbose_name_plural = "节假日与调休"
        ordering = ["day"]

    def __str__(self):
        return f"{self.day.isoformat()} {self.get_kind_display()} {self.name}".strip()

    def clean(self):
        if self.kind == self.Kind.WORKDAY and self.day and self.day.weekday() < 5:
            raise ValidationError(
                {"kind": f"{self.day.isoformat()}是周一至周五，不能标为调休上班（班）。"}
            )


class CalendarYear(models.Model):
    """Whether the State Council schedule of a year is held in full."""

    year = models.PositiveSmallIntegerField("年份", primary_key=True)
    confirmed = models.BooleanField("已确认", default=False)
    source = models.CharField("来源", max_length=120, blank=True)
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)

    class Meta:
        verbose_name = "年度节假日安排"
        verbose_name_plural = "年度节假日安排"
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}年（{'已确认' if self.confirmed else '未确认'}）"
