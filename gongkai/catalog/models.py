from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from gongkai.catalog import indexno
from gongkai.core.models import Organization, User


class Category(models.Model):
    """信息类别 / 体裁 (政策法规, 规划计划, 公共监管, 通知公告, 政民互动, 其他 …), configurable."""

    name = models.CharField("名称", max_length=40, unique=True)
    code = models.CharField("代码", max_length=10, unique=True, help_text="用于索引号的类别代码")
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_interpretation = models.BooleanField(
        "政策解读类", default=False, help_text="此类信息可关联被解读的政策文件"
    )
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "信息类别"
        verbose_name_plural = "信息类别"
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.name


class Topic(models.Model):
    """主题分类, two levels (e.g. 财政、金融、审计 › 财政)."""

    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name="上级主题",
    )
    name = models.CharField("名称", max_length=40)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "主题分类"
        verbose_name_plural = "主题分类"
        ordering = ["sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="topic_unique_name")]

    def __str__(self):
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name


class KeyArea(models.Model):
    """重点领域 (财政预决算, 保障性住房 …); `weight` is used by oversight scoring."""

    name = models.CharField("名称", max_length=40, unique=True)
    sort_order = models.PositiveIntegerField("排序", default=0)
    weight = models.PositiveSmallIntegerField("考核权重", default=1)
    is_grassroots_standard = models.BooleanField("基层政务公开标准目录领域", default=False)

    class Meta:
        verbose_name = "重点领域"
        verbose_name_plural = "重点领域"
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.name


class IndexRule(models.Model):
    """How 索引号 are made for an organization (and its sub-units), or by default."""

    class Scope(models.TextChoices):
        ORG_YEAR = "org_year", "单位+年度"
        ORG_MONTH = "org_month", "单位+年月"
        ORG_CATEGORY_YEAR = "org_category_year", "单位+类别+年度"
        ORG = "org", "单位（不分年度）"

    organization = models.OneToOneField(
        Organization,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="index_rule",
        verbose_name="适用单位",
        help_text="留空为默认规则",
    )
    pattern = models.CharField("格式", max_length=80, default="{org}/{year}-{seq:5}")
    scope = models.CharField(
        "序号范围", max_length=20, choices=Scope.choices, default=Scope.ORG_YEAR
    )

    class Meta:
        verbose_name = "索引号规则"
        verbose_name_plural = "索引号规则"
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(organization__isnull=True),
                name="indexrule_single_default",
            )
        ]

    def __str__(self):
        return f"{self.organization or '默认'}：{self.pattern}"

    def clean(self):
        from django.core.exceptions import ValidationError

        try:
            indexno.validate_pattern(self.pattern)
        except indexno.PatternError as exc:
            raise ValidationError({"pattern": str(exc)}) from None


class IndexSequence(models.Model):
    """The last number handed out in one scope of one rule. Numbers are never reused."""

    rule = models.ForeignKey(IndexRule, on_delete=models.CASCADE, related_name="sequences")
    scope_key = models.CharField(max_length=120)
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["rule", "scope_key"], name="indexseq_unique_scope")
        ]

    def __str__(self):
        return f"{self.scope_key}: {self.last_value}"


class ItemQuerySet(models.QuerySet):
    def published(self, at=None):
        """Visible on the portal: published, and the scheduled time has come."""
        return self.filter(status=Item.Status.PUBLISHED, published_at__lte=at or timezone.now())

    def in_register(self):
        """The catalog register staff search when answering applications: everything
        released or registered, whatever its attribute, except retracted items."""
        return self.filter(status__in=[Item.Status.PUBLISHED, Item.Status.REGISTERED])

    def of_unit(self, organization):
        """Items of `organization` and its sub-units. The unit ids are looked up first (the
        tree is small) so that the item indexes on organization can be used."""
        ids = list(
            Organization.objects.filter(path__startswith=organization.path).values_list(
                "pk", flat=True
            )
        )
        return self.filter(organization_id__in=ids)

    def for_listing(self):
        return self.select_related("organization", "category").only(
            "pk",
            "title",
            "index_no",
            "fileno",
            "published_at",
            "written_on",
            "status",
            "published_late",
            "updated_at",
            "organization__name",
            "organization__short_name",
            "category__name",
        )


class Item(models.Model):
    """An item of government information (政府信息) in the disclosure catalog."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SECRECY_REVIEW = "secrecy_review", "待保密审查"
        RELEASE_REVIEW = "release_review", "待发布审查"
        PUBLISHED = "published", "已发布"
        REGISTERED = "registered", "已登记（不主动公开）"
        RETRACTED = "retracted", "已撤回"

    class Attribute(models.TextChoices):
        PROACTIVE = "proactive", "主动公开"
        ON_REQUEST = "on_request", "依申请公开"
        WITHHELD = "withheld", "不予公开"

    class FiveOpenness(models.TextChoices):
        DECISION = "decision", "决策公开"
        EXECUTION = "execution", "执行公开"
        MANAGEMENT = "management", "管理公开"
        SERVICE = "service", "服务公开"
        RESULT = "result", "结果公开"

    class Validity(models.TextChoices):
        VALID = "valid", "有效"
        AMENDED = "amended", "已修订"
        ABOLISHED = "abolished", "已废止"

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="items", verbose_name="发布机构"
    )
    index_no = models.CharField("索引号", max_length=60, unique=True, null=True, blank=True)
    title = models.CharField("标题", max_length=300)
    fileno = models.CharField("发文字号", max_length=80, blank=True)
    written_on = models.DateField("成文日期", null=True, blank=True)
    published_at = models.DateTimeField("发布日期", null=True, blank=True, db_index=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="items", verbose_name="信息类别"
    )
    topic = models.ForeignKey(
        Topic,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
        verbose_name="主题分类",
    )
    key_areas = models.ManyToManyField(
        KeyArea, blank=True, related_name="items", verbose_name="重点领域"
    )
    five_openness = models.CharField(
        "五公开", max_length=12, choices=FiveOpenness.choices, blank=True
    )
    validity = models.CharField(
        "有效性", max_length=10, choices=Validity.choices, default=Validity.VALID
    )
    validity_changed_on = models.DateField("有效性变更日期", null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
        verbose_name="修订/替代为",
    )
    interprets = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="interpretations",
        verbose_name="解读的政策文件",
    )
    keywords = models.CharField("主题词", max_length=200, blank=True)
    summary = models.TextField("内容概述", blank=True)
    body = models.TextField("正文", blank=True, help_text="保存时按白名单清洗")
    body_text = models.TextField(blank=True, editable=False)
    fulltext_electronic = models.BooleanField("全文电子化", default=True)
    attribute = models.CharField(
        "公开属性", max_length=12, choices=Attribute.choices, default=Attribute.PROACTIVE
    )
    attribute_reason = models.TextField("不公开理由", blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    review_comment = models.TextField("退回意见", blank=True)
    published_late = models.BooleanField(
        "超期发布", default=False, help_text="发布晚于成文后20个工作日（《条例》第二十六条）"
    )
    retracted_at = models.DateTimeField("撤回时间", null=True, blank=True)
    retraction_reason = models.TextField("撤回理由", blank=True)
    source_url = models.URLField("来源地址", max_length=500, blank=True, db_index=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = "政府信息"
        verbose_name_plural = "政府信息"
        ordering = ["-published_at", "-pk"]
        indexes = [
            # Portal lists: WHERE status = 'published' AND published_at <= now
            # ORDER BY published_at DESC, read in index order instead of sorting every row.
            models.Index(fields=["status", "-published_at"], name="item_status_pub"),
            models.Index(fields=["organization", "status", "-published_at"], name="item_org_pub"),
            models.Index(fields=["category", "status", "-published_at"], name="item_cat_pub"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("portal:item", args=[self.pk])

    @property
    def is_visible(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT


class Attachment(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("文件", upload_to="attachments/", max_length=200)
    original_name = models.CharField("文件名", max_length=200)
    kind = models.CharField(max_length=10)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    text = models.TextField("文本", blank=True, help_text="从DOCX、PDF提取的文字，用于全文检索")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["pk"]

    def __str__(self):
        return self.original_name


class Channel(models.Model):
    """A publication channel besides the portal (政务微信, 微博 …) with a pluggable sender."""

    code = models.SlugField("代码", max_length=30, unique=True)
    name = models.CharField("名称", max_length=40)
    sender = models.CharField(
        "发送器",
        max_length=120,
        default="gongkai.catalog.senders.FileSender",
        help_text="发送器类的完整路径",
    )
    config = models.JSONField("配置", default=dict, blank=True)
    auto_queue = models.BooleanField("发布时自动加入发送队列", default=True)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "发布渠道"
        verbose_name_plural = "发布渠道"

    def __str__(self):
        return self.name


class ChannelPost(models.Model):
    """One item queued for (and then delivered to) one channel; exact per-channel counts."""

    class Status(models.TextChoices):
        QUEUED = "queued", "待发送"
        SENDING = "sending", "发送中"
        SENT = "sent", "已发送"
        FAILED = "failed", "发送失败"

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="channel_posts")
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="posts")
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    not_before = models.DateTimeField("最早发送时间")
    attempts = models.PositiveSmallIntegerField(default=0)
    queued_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    external_id = models.CharField(max_length=120, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = "渠道发布记录"
        verbose_name_plural = "渠道发布记录"
        constraints = [models.UniqueConstraint(fields=["item", "channel"], name="channelpost_once")]

    def __str__(self):
        return f"{self.channel} · {self.item} · {self.get_status_display()}"


class ServiceItem(models.Model):
    """A line of a unit's 办事公开栏 / 阳光台: a service, its procedure, fee and staff."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="service_items", verbose_name="单位"
    )
    name = models.CharField("办理事项", max_length=100)
    basis = models.TextField("办理依据", blank=True)
    procedure = models.TextField("办事流程")
    time_limit = models.CharField("办理时限", max_length=60, blank=True)
    fee_standard = models.CharField("收费标准", max_length=200, default="不收费")
    staff = models.CharField("办理人员", max_length=100, blank=True)
    phone = models.CharField("咨询电话", max_length=40, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "办事公开事项"
        verbose_name_plural = "办事公开事项"
        ordering = ["organization", "sort_order", "pk"]

    def __str__(self):
        return self.name


class PageView(models.Model):
    """Portal page views per day, per item (or the whole site when `item` is empty)."""

    day = models.DateField()
    key = models.CharField(max_length=40)  # "item:<id>" or "site"
    item = models.ForeignKey(
        Item, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "key"], name="pageview_day_key")]

    def __str__(self):
        return f"{self.day} {self.key}: {self.count}"
