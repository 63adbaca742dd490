"""What the public portal reads. Published data only; every list has a fixed query count.

Views call these small functions and never build querysets themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gongkai.catalog import cache as catalog_cache
from gongkai.catalog.models import Attachment, Category, Channel, Item, KeyArea, Topic
from gongkai.core.models import Organization
from gongkai.search import services as search_services

LATEST_ON_HOME = 10
SEARCH_PER_PAGE = 20
FACET_LIMIT = 15  # values shown per facet
ITEM_KEY_PREFIX = "catalog.item:"


# --- organizations -------------------------------------------------------------------------


def active_units():
    return Organization.objects.active().order_by("path")


def unit(pk: int) -> Organization:
    """An active organization, or 404."""
    return get_object_or_404(Organization.objects.active(), pk=pk)


def main_government() -> Organization | None:
    """The top of the tree: the government whose disclosure office takes applications."""
    return active_units().filter(parent__isnull=True).order_by("sort_order", "pk").first()


def sub_units(organization: Organization):
    return active_units().filter(path__startswith=organization.path).exclude(pk=organization.pk)


# --- taxonomy ------------------------------------------------------------------------------


def categories():
    return Category.objects.filter(is_active=True)


def key_areas():
    return KeyArea.objects.all()


def topics_in_tree_order():
    """All topics, each first-level topic followed by its children, in one query."""
    return Topic.objects.select_related("parent").order_by(
        Coalesce(F("parent__sort_order"), F("sort_order")),
        Coalesce(F("parent_id"), F("id")),
        Case(
            When(parent__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField()
        ),
        "sort_order",
        "pk",
    )


def topic_tree() -> list[tuple[Topic, list[Topic]]]:
    """[(first-level topic, [children])] for the 公开指南's 编排体系."""
    tree: dict[int, tuple[Topic, list[Topic]]] = {}
    for topic in topics_in_tree_order():
        if topic.parent_id is None:
            tree[topic.pk] = (topic, [])
        elif topic.parent_id in tree:
            tree[topic.parent_id][1].append(topic)
    return list(tree.values())


def published_years() -> list[int]:
    """Years (local time) that have published items, newest first: the first and last
    publication dates, then one index probe per year in between; cached under the
    catalog's publication version."""

    def compute() -> list[int]:
        published = Item.objects.published()
        first = published.order_by("published_at").values_list("published_at", flat=True)[:1]
        last = published.order_by("-published_at").values_list("published_at", flat=True)[:1]
        if not first:
            return []
        start, end = timezone.localtime(first[0]).year, timezone.localtime(last[0]).year
        return [
            year
            for year in range(end, start - 1, -1)
            if published.filter(published_at__year=year).exists()
        ]

    return catalog_cache.cached("years", compute)


def count_filtered(filters: dict) -> int:
    """How many items the catalog filters match; counting is a scan of the matches, so the
    number is cached under the catalog's publication version."""
    key = sorted((k, getattr(v, "pk", v)) for k, v in filters.items())
    return catalog_cache.cached("count", lambda: filtered_items(filters).count(), key)


def active_channels():
    return Channel.objects.filter(is_active=True)


# --- item lists ----------------------------------------------------------------------------


def published_items():
    return Item.objects.published().for_listing()


def latest_items(limit: int = LATEST_ON_HOME):
    return published_items()[:limit]


def _filter(queryset, filters: dict):
    org = filters.get("org")
    if org is not None:
        queryset = queryset.of_unit(org)
    if filters.get("category") is not None:
        queryset = queryset.filter(category=filters["category"])
    topic = filters.get("topic")
    if topic is not None:
        queryset = queryset.filter(Q(topic=topic) | Q(topic__parent=topic))
    if filters.get("area") is not None:
        queryset = queryset.filter(key_areas=filters["area"])
    if filters.get("year"):
        queryset = queryset.filter(published_at__year=filters["year"])
    if filters.get("validity"):
        queryset = queryset.filter(validity=filters["validity"])
    return queryset


def filtered_items(filters: dict):
    """Published items matching the catalog filters (cleaned values of CatalogFilterForm):
    `org` (an Organization: it and its sub-units), `category`, `topic` (a first-level
    topic includes its children), `area` (KeyArea), `year` (int), `validity`."""
    return _filter(published_items(), filters)


def category_counts(filters: dict) -> list[tuple[Category, int]]:
    """How many items each category would show with the other filters kept (one query)."""
    others = {k: v for k, v in filters.items() if k != "category" and v not in (None, "")}

    def compute() -> dict[int, int]:
        rows = (
            _filter(Item.objects.published(), others)
            .order_by()
            .values("category")
            # Only the key-area filter joins a many-to-many table and can repeat a row.
            .annotate(n=Count("pk", distinct="area" in others))
        )
        return {row["category"]: row["n"] for row in rows}

    key = sorted((k, getattr(v, "pk", v)) for k, v in others.items())
    counts = catalog_cache.cached("category-counts", compute, key)
    return [(c, counts[c.pk]) for c in categories() if counts.get(c.pk)]


# --- one item ------------------------------------------------------------------------------


def item_for_page(pk: int) -> Item:
    """An item the public may see, or a retracted one (the view answers 410), else 404:
    drafts, items under review, registered (不主动公开) and not-yet-due scheduled items."""
    now = timezone.now()
    # Linked items are few: fetch them through the link table's index, then keep the
    # visible ones in Python (a status filter here makes SQLite scan the item table).
    links = Item.objects.only("pk", "title", "status", "published_at")
    item = get_object_or_404(
        Item.objects.select_related("organization", "category", "topic__parent", "replaced_by")
        .prefetch_related(
            "key_areas",
            "attachments",
            Prefetch("interpretations", queryset=links, to_attr="all_interpretations"),
            Prefetch("interprets", queryset=links, to_attr="all_interprets"),
        )
        .filter(
            Q(status=Item.Status.PUBLISHED, published_at__lte=now) | Q(status=Item.Status.RETRACTED)
        ),
        pk=pk,
    )
    item.visible_interpretations = [i for i in item.all_interpretations if i.is_visible]
    item.visible_interprets = [i for i in item.all_interprets if i.is_visible]
    return item


def visible_attachment(pk: int) -> Attachment:
    attachment = get_object_or_404(Attachment.objects.select_related("item"), pk=pk)
    if not attachment.item.is_visible:
        raise Http404("附件不存在")
    return attachment


# --- the 政府信息公开 column ---------------------------------------------------------------


def disclosure_rules():
    """公开制度: published items whose 主题分类 is 综合政务 › 政务公开 (any unit)."""
    return published_items().filter(topic__name="政务公开", topic__parent__name="综合政务")


def annual_reports():
    """公开年报: published items whose title contains both 政府信息公开 and 年度报告."""
    return (
        published_items().filter(title__contains="政府信息公开").filter(title__contains="年度报告")
    )


@dataclass
class StatutoryEntry:
    """One of the 15 items of 条例 Art. 20 and the catalog filters that hold it."""

    number: str
    title: str
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, query string)
    see: str = ""  # "guide" or "board": pointed at the units' guides or boards


# (number, wording, [(kind, name)]) — kind is category, area or topic; matched by name so
# that an administrator's edits to the taxonomy only drop a link, never break the page.
ART_20 = [
    ("一", "行政法规、规章和规范性文件", [("category", "政策法规")]),
    ("二", "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名", ["guide"]),
    ("三", "国民经济和社会发展规划、专项规划、区域规划及相关政策", [("category", "规划计划")]),
    ("四", "国民经济和社会发展统计信息", [("topic", "统计")]),
    ("五", "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果", ["board"]),
    (
        "六",
        "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定",
        [("category", "公共监管")],
    ),
    ("七", "财政预算、决算信息", [("area", "财政预决算")]),
    ("八", "行政事业性收费项目及其依据、标准", [("area", "价格和收费")]),
    ("九", "政府集中采购项目的目录、标准及实施情况", [("area", "招标投标")]),
    ("十", "重大建设项目的批准和实施情况", [("area", "重大建设项目")]),
    (
        "十一",
        "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
        [("area", "扶贫"), ("area", "教育"), ("topic", "卫生"), ("area", "社保"), ("area", "就业")],
    ),
    ("十二", "突发公共事件的应急预案、预警信息及应对情况", [("topic", "应急管理")]),
    (
        "十三",
        "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况",
        [("area", "环境保护"), ("area", "安全生产"), ("area", "食品药品安全")],
    ),
    ("十四", "公务员招考的职位、名额、报考条件等事项以及录用结果", [("topic", "人事工作")]),
    ("十五", "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息", []),
]


def statutory_entries() -> list[StatutoryEntry]:
    """条例 Art. 20 as headings with links to catalog filters (three queries)."""
    wanted = {kind: set() for kind in ("category", "area", "topic")}
    for _, _, targets in ART_20:
        for target in targets:
            if isinstance(target, tuple):
                wanted[target[0]].add(target[1])
    pks = {
        "category": dict(
            categories().filter(name__in=wanted["category"]).values_list("name", "pk")
        ),
        "area": dict(key_areas().filter(name__in=wanted["area"]).values_list("name", "pk")),
        # Topic names are unique only under one parent; the oldest topic of a name wins.
        "topic": {},
    }
    for name, pk in (
        Topic.objects.filter(name__in=wanted["topic"]).order_by("-pk").values_list("name", "pk")
    ):
        pks["topic"][name] = pk
    entries = []
    for number, title, targets in ART_20:
        entry = StatutoryEntry(number, title)
        for target in targets:
            if isinstance(target, str):
                entry.see = target
            elif target[1] in pks[target[0]]:
                entry.links.append((target[1], f"{target[0]}={pks[target[0]][target[1]]}"))
        entries.append(entry)
    return entries


# --- full-text search ----------------------------------------------------------------------


@dataclass
class SearchHit:
    """A search result with what the result list shows besides the engine's hit."""

    hit: search_services.Hit
    item_id: int | None
    publisher: str = ""


@dataclass
class FacetValue:
    param: str  # the GET parameter the link sets
    value: int
    label: str
    count: int


@dataclass
class SearchPage:
    results: search_services.Results
    hits: list[SearchHit]
    facets: dict[str, list[FacetValue]]  # "org", "cat", "y"

    @property
    def start(self) -> int:
        """The number of the first row on this page."""
        return (self.results.page - 1) * self.results.per_page + 1


def item_id_for(key: str) -> int | None:
    """The catalog item pk of a search document key ("catalog.item:42" → 42)."""
    if key.startswith(ITEM_KEY_PREFIX) and key[len(ITEM_KEY_PREFIX) :].isdigit():
        return int(key[len(ITEM_KEY_PREFIX) :])
    return None


def search_filters(
    *,
    org: Organization | int | None = None,
    category: Category | int | None = None,
    area: KeyArea | int | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    validity: str | None = None,
) -> search_services.Filters:
    """Engine filters from form values (objects or ids; None or "" means not filtered)."""
    return search_services.Filters(
        organization_id=getattr(org, "pk", org) or None,
        category_id=getattr(category, "pk", category) or None,
        key_area_id=getattr(area, "pk", area) or None,
        year_from=year_from or None,
        year_to=year_to or None,
        validity=validity or None,
    )


def search_items(
    text: str,
    filters: search_services.Filters,
    *,
    page: int = 1,
    per_page: int = SEARCH_PER_PAGE,
    sort: str = "relevance",
) -> search_services.Results:
    return search_services.search(
        text or "",
        filters=filters,
        page=page,
        per_page=per_page,
        sort=sort or "relevance",
        facets=True,
    )


def search_page(results: search_services.Results, *, selected_org_id: int | None) -> SearchPage:
    """The result rows with their publishers, and the facet values with their names: one
    query for the publishers, one per facet kind for the names, whatever the page size."""
    ids = [item_id_for(hit.key) for hit in results.hits]
    publishers = {
        pk: short or name
        for pk, short, name in Item.objects.filter(
            pk__in=[pk for pk in ids if pk is not None]
        ).values_list("pk", "organization__short_name", "organization__name")
    }
    hits = [
        SearchHit(hit=hit, item_id=pk, publisher=publishers.get(pk, ""))
        for hit, pk in zip(results.hits, ids, strict=True)
    ]
    return SearchPage(results=results, hits=hits, facets=_facets(results, selected_org_id))


def _facets(results: search_services.Results, selected_org_id: int | None) -> dict:
    facets: dict[str, list[FacetValue]] = {"org": [], "cat": [], "y": []}
    counts = results.facets or {}
    if counts.get("org"):
        facets["org"] = _unit_facet(counts["org"], selected_org_id)
    if counts.get("cat"):
        names = dict(Category.objects.filter(pk__in=list(counts["cat"])).values_list("pk", "name"))
        facets["cat"] = [
            FacetValue("category", pk, names[pk], n)
            for pk, n in counts["cat"].most_common()
            if pk in names
        ][:FACET_LIMIT]
    if counts.get("y"):
        facets["y"] = [
            FacetValue("year", year, f"{year}年", n)
            for year, n in sorted(counts["y"].items(), reverse=True)
        ][:FACET_LIMIT]
    return facets


def facet_names(results: search_services.Results) -> tuple[dict[int, str], dict[int, str]]:
    """Names of the units and categories in the facet counts (two queries at most)."""
    counts = results.facets or {}
    orgs = categories = {}
    if counts.get("org"):
        orgs = {
            pk: short or name
            for pk, short, name in Organization.objects.filter(
                pk__in=list(counts["org"]), is_active=True
            ).values_list("pk", "short_name", "name")
        }
    if counts.get("cat"):
        categories = dict(
            Category.objects.filter(pk__in=list(counts["cat"])).values_list("pk", "name")
        )
    return orgs, categories


def _unit_facet(counts, selected_org_id: int | None) -> list[FacetValue]:
    """Units by count. Documents are tagged with their unit and its ancestors, so a parent
    whose count equals a sub-unit's narrows nothing more and is left out, as are the selected
    unit and its ancestors."""
    units = {
        org.pk: org
        for org in Organization.objects.filter(pk__in=list(counts), is_active=True).only(
            "pk", "name", "short_name", "path"
        )
    }
    selected = units.get(selected_org_id)
    shown = []
    for pk, n in counts.most_common():
        org = units.get(pk)
        if org is None or (selected is not None and selected.path.startswith(org.path)):
            continue
        redundant = any(
            other.pk != pk and other.path.startswith(org.path) and counts[other.pk] == n
            for other in units.values()
        )
        if not redundant:
            shown.append(FacetValue("org", pk, org.short_name or org.name, n))
    return shown[:FACET_LIMIT]
