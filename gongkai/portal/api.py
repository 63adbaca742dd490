"""JSON open-data API (开放数据接口) over published catalog items and the taxonomy.

Read-only and public: only what the portal shows (`Item.objects.published()`). The OpenAPI
description is served at `/api/openapi.json`, interactive docs at `/api/docs`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.db.models import Prefetch
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import HttpError, ValidationError

from gongkai.catalog import sanitize
from gongkai.catalog.models import Attachment, Category, Item, KeyArea
from gongkai.core.models import Organization
from gongkai.portal import queries

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20

api = NinjaAPI(
    title="政务公开平台开放数据接口",
    version="1",
    description="主动公开的政府信息及目录分类，只读，无需登录。时间为北京时间（+08:00）。",
    urls_namespace="api",
)


# pydantic error types → Chinese, for the summary of a 422 answer.
ERROR_TEXTS = {
    "greater_than_equal": "不能小于{ge}",
    "less_than_equal": "不能大于{le}",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "enum": "应为以下之一：{expected}",
    "literal_error": "应为以下之一：{expected}",
    "string_too_long": "不能超过{max_length}个字符",
    "string_too_short": "不能少于{min_length}个字符",
    "missing": "必须提供",
}


def _problem(error: dict) -> str:
    name = ".".join(str(part) for part in error.get("loc", ())[1:]) or "参数"
    text = ERROR_TEXTS.get(error.get("type", ""))
    try:
        reason = text.format(**error.get("ctx", {})) if text else error.get("msg", "取值无效")
    except KeyError:
        reason = error.get("msg", "取值无效")
    return f"{name} {reason}"


@api.exception_handler(ValidationError)
def invalid_parameters(request: HttpRequest, exc: ValidationError):
    """Bad query parameters: 422 with a Chinese summary naming each parameter."""
    problems = [_problem(error) for error in exc.errors]
    return api.create_response(
        request,
        {"message": "请求参数有误：" + "；".join(problems), "detail": exc.errors},
        status=422,
    )


# --- schemas -------------------------------------------------------------------------------


def _absolute(context, path: str) -> str:
    request = (context or {}).get("request")
    return request.build_absolute_uri(path) if request is not None else path


class ItemOut(Schema):
    id: int
    index_no: str | None = Field(description="索引号")
    title: str = Field(description="标题")
    fileno: str = Field(description="发文字号")
    publisher: str = Field(description="发布机构")
    published_at: datetime = Field(description="发布日期（北京时间）")
    written_on: date | None = Field(description="成文日期")
    category: str = Field(description="信息类别")
    topic: str | None = Field(description="主题分类")
    key_areas: list[str] = Field(description="重点领域")
    validity: str = Field(description="有效性：valid 有效，amended 已修订，abolished 已废止")
    url: str = Field(description="门户网站上的地址")

    @staticmethod
    def resolve_publisher(obj: Item) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_published_at(obj: Item) -> datetime:
        return timezone.localtime(obj.published_at).replace(microsecond=0)

    @staticmethod
    def resolve_category(obj: Item) -> str:
        return obj.category.name

    @staticmethod
    def resolve_topic(obj: Item) -> str | None:
        return str(obj.topic) if obj.topic_id else None

    @staticmethod
    def resolve_key_areas(obj: Item) -> list[str]:
        return [area.name for area in obj.key_areas.all()]

    @staticmethod
    def resolve_url(obj: Item, context) -> str:
        return _absolute(context, obj.get_absolute_url())


class AttachmentOut(Schema):
    name: str = Field(description="文件名")
    size: int = Field(description="字节数")
    content_type: str
    url: str

    @staticmethod
    def resolve_name(obj: Attachment) -> str:
        return obj.original_name

    @staticmethod
    def resolve_url(obj: Attachment, context) -> str:
        return _absolute(context, reverse("portal:attachment", args=[obj.pk]))


class ItemDetailOut(ItemOut):
    summary: str = Field(description="内容概述")
    body: str = Field(description="正文（经白名单清洗的HTML）")
    body_text: str = Field(description="正文纯文本")
    attachments: list[AttachmentOut]
    interpretations: list[int] = Field(description="解读本文件的政策解读信息编号")

    @staticmethod
    def resolve_body(obj: Item) -> str:
        return sanitize.clean_html(obj.body)

    @staticmethod
    def resolve_attachments(obj: Item) -> list[Attachment]:
        return list(obj.attachments.all())

    @staticmethod
    def resolve_interpretations(obj: Item) -> list[int]:
        return [other.pk for other in obj.published_interpretations]


class ItemPage(Schema):
    count: int = Field(description="符合条件的信息总数")
    page: int
    page_size: int
    results: list[ItemOut]


class ItemFilters(Schema):
    org: int | None = Field(None, description="发布机构编号（含下属单位）")
    category: int | None = Field(None, description="信息类别编号")
    key_area: int | None = Field(None, description="重点领域编号")
    year: int | None = Field(None, ge=1949, le=2100, description="发布年份")
    validity: Item.Validity | None = Field(None, description="有效性")
    q: str | None = Field(None, max_length=100, description="标题包含的文字")
    page: int = Field(1, ge=1, description="页码，从1开始")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=f"每页条数（不超过{MAX_PAGE_SIZE}）"
    )


class CategoryOut(Schema):
    id: int
    name: str
    code: str
    is_interpretation: bool


class KeyAreaOut(Schema):
    id: int
    name: str


class OrganizationOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    parent_id: int | None
    code: str | None


class SearchFilters(Schema):
    q: str = Field(
        ...,
        min_length=1,
        max_length=100,
        description="检索词（空格分隔的词语须全部出现，引号检索整句，减号排除）",
    )
    org: int | None = Field(None, description="发布机构编号（含下属单位）")
    category: int | None = Field(None, description="信息类别编号")
    key_area: int | None = Field(None, description="重点领域编号")
    year_from: int | None = Field(None, ge=1949, le=2100, description="发布年份起")
    year_to: int | None = Field(None, ge=1949, le=2100, description="发布年份止")
    validity: Item.Validity | None = Field(None, description="有效性")
    page: int = Field(1, ge=1, le=10_000, description="页码，从1开始")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=f"每页条数（不超过{MAX_PAGE_SIZE}）"
    )
    sort: Literal["relevance", "date"] = Field(
        "relevance", description="relevance 按相关度，date 按发布日期"
    )


class SearchHitOut(Schema):
    id: int | None = Field(description="信息编号")
    title: str
    title_html: str = Field(description="标题，检索词以<mark>标出（已转义的HTML）")
    snippet_html: str = Field(description="正文摘要，检索词以<mark>标出（已转义的HTML）")
    fileno: str = Field(description="发文字号（规范化）")
    url: str
    published_at: datetime | None = Field(description="发布日期（北京时间）")


class FacetOut(Schema):
    id: int = Field(description="单位、类别编号或年份")
    name: str
    count: int


class SearchFacetsOut(Schema):
    exact: bool = Field(description="为false时，统计的是最近5000条匹配结果")
    org: list[FacetOut] = Field(description="发布机构（计数含下属单位）")
    category: list[FacetOut]
    year: list[FacetOut]


class SuggestionOut(Schema):
    q: str
    total: int


class SearchOut(Schema):
    q: str
    total: int
    total_exact: bool = Field(description="为假时 total 是下限：匹配超过计数上限，只计到上限")
    page: int
    page_size: int
    windowed: bool = Field(description="匹配很多时只在最近的匹配中按相关度排序")
    used_fallback: bool = Field(description="词语索引结果较少时用两字索引补充")
    results: list[SearchHitOut]
    facets: SearchFacetsOut
    suggestions: list[SuggestionOut] = Field(description="无结果时的建议检索词")


# --- endpoints -----------------------------------------------------------------------------


def _published_items():
    return Item.objects.published().select_related("organization", "category", "topic__parent")


def _year_range(year: int) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)


@api.get("/items", response=ItemPage, summary="已公开信息列表", tags=["信息"])
def list_items(request: HttpRequest, filters: Query[ItemFilters]):
    items = _published_items()
    if filters.org is not None:
        org = Organization.objects.filter(pk=filters.org).only("path").first()
        if org is None:
            raise HttpError(404, f"编号为{filters.org}的单位不存在")
        items = items.of_unit(org)
    if filters.category is not None:
        items = items.filter(category_id=filters.category)
    if filters.key_area is not None:
        items = items.filter(key_areas__id=filters.key_area)
    if filters.year is not None:
        start, end = _year_range(filters.year)
        items = items.filter(published_at__gte=start, published_at__lt=end)
    if filters.validity:
        items = items.filter(validity=filters.validity)
    if filters.q and filters.q.strip():
        items = items.filter(title__icontains=filters.q.strip())
    offset = (filters.page - 1) * filters.page_size
    page = (
        items.defer("body", "body_text", "summary")
        .prefetch_related("key_areas")
        .order_by("-published_at", "-pk")[offset : offset + filters.page_size]
    )
    return {
        "count": items.count(),
        "page": filters.page,
        "page_size": filters.page_size,
        "results": list(page),
    }


@api.get("/items/{item_id}", response=ItemDetailOut, summary="已公开信息详情", tags=["信息"])
def get_item(request: HttpRequest, item_id: int):
    item = (
        _published_items()
        .prefetch_related(
            "key_areas",
            "attachments",
            Prefetch(
                "interpretations",
                queryset=Item.objects.published().only("pk").order_by("pk"),
                to_attr="published_interpretations",
            ),
        )
        .filter(pk=item_id)
        .first()
    )
    if item is None:
        raise HttpError(404, "该信息不存在或尚未公开")
    return item


@api.get("/categories", response=list[CategoryOut], summary="信息类别", tags=["分类"])
def list_categories(request: HttpRequest):
    return Category.objects.filter(is_active=True)


@api.get("/key-areas", response=list[KeyAreaOut], summary="重点领域", tags=["分类"])
def list_key_areas(request: HttpRequest):
    return KeyArea.objects.all()


@api.get("/organizations", response=list[OrganizationOut], summary="发布机构", tags=["分类"])
def list_organizations(request: HttpRequest):
    return Organization.objects.active().order_by("path")


@api.get("/search", response=SearchOut, summary="全文检索", tags=["信息"])
def search(request: HttpRequest, params: Query[SearchFilters]):
    if params.year_from and params.year_to and params.year_from > params.year_to:
        return api.create_response(
            request, {"message": "请求参数有误：year_to 不能早于 year_from"}, status=422
        )
    results = queries.search_items(
        params.q,
        queries.search_filters(
            org=params.org,
            category=params.category,
            area=params.key_area,
            year_from=params.year_from,
            year_to=params.year_to,
            validity=params.validity.value if params.validity else None,
        ),
        page=params.page,
        per_page=params.page_size,
        sort=params.sort,
    )
    orgs, categories = queries.facet_names(results)
    counts = results.facets or {}

    def facet(kind: str, names: dict[int, str] | None) -> list[dict]:
        return [
            {"id": pk, "name": names[pk] if names is not None else str(pk), "count": n}
            for pk, n in sorted(counts.get(kind, {}).items(), key=lambda kv: (-kv[1], kv[0]))
            if names is None or pk in names
        ]

    return {
        "q": params.q,
        "total": results.total,
        "total_exact": results.total_exact,
        "page": results.page,
        "page_size": results.per_page,
        "windowed": results.windowed,
        "used_fallback": results.used_fallback,
        "results": [
            {
                "id": queries.item_id_for(hit.key),
                "title": hit.title,
                "title_html": hit.title_html,
                "snippet_html": hit.snippet_html,
                "fileno": hit.fileno,
                "url": request.build_absolute_uri(hit.url) if hit.url else "",
                "published_at": (
                    timezone.localtime(hit.published_at).replace(microsecond=0)
                    if hit.published_at
                    else None
                ),
            }
            for hit in results.hits
        ],
        "facets": {
            "exact": results.facets_exact,
            "org": facet("org", orgs),
            "category": facet("cat", categories),
            "year": facet("y", None),
        },
        "suggestions": [{"q": q, "total": n} for q, n in results.suggestions],
    }
