"""Public portal pages (no login). They read published data through `portal.queries` and
change nothing except the page-view counters."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.catalog import cache as catalog_cache
from gongkai.catalog import pageviews
from gongkai.catalog.models import Item
from gongkai.portal import queries
from gongkai.portal.forms import CatalogFilterForm, SearchForm

PER_PAGE = 20


class CountedPaginator(Paginator):
    """A paginator told its count (cached elsewhere) instead of running COUNT(*)."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached_property


def _page(request, template: str, context: dict, *, item: Item | None = None, status=200):
    """Render a portal HTML page and count the view (robots are not counted)."""
    if item is None:
        pageviews.record(request)
    else:
        pageviews.record(request, item_id=item.pk, organization_id=item.organization_id)
    return render(request, f"portal/{template}", context, status=status)


def _listing(request, *, unit=None) -> dict:
    """The filtered, paginated item list shared by the catalog and a unit's catalog."""
    form = CatalogFilterForm(request.GET or None, unit=unit)
    filters = form.filters()
    if unit is not None:
        filters["org"] = unit
    page = CountedPaginator(
        queries.filtered_items(filters), PER_PAGE, count=queries.count_filtered(filters)
    ).get_page(request.GET.get("page"))
    return {
        "form": form,
        "active_filters": [
            (name, label, text, _without(request, name)) for name, label, text in form.active()
        ],
        "page_obj": page,
        "category_counts": queries.category_counts(filters),
        # The filter form renders ~400 <option>s; its HTML is cached per publication
        # version, unit and query string.
        "filters_cache_key": [
            catalog_cache.version(),
            unit.pk if unit else 0,
            request.GET.urlencode(),
        ],
    }


def _without(request, name: str) -> str:
    """The current URL with one filter (and the page number) removed."""
    query = request.GET.copy()
    query.pop(name, None)
    query.pop("page", None)
    return f"{request.path}?{query.urlencode()}" if query else request.path


def home(request: HttpRequest) -> HttpResponse:
    """Latest items, key areas, quick links into the 政府信息公开 column, and the units."""
    return _page(
        request,
        "home.html",
        {
            "latest": queries.latest_items(),
            "key_areas": queries.key_areas(),
            "units": queries.active_units(),
        },
    )


def disclosure(request: HttpRequest) -> HttpResponse:
    """The 政府信息公开 column: guides, rules, the Art. 20 list, annual reports, applying."""
    return _page(
        request,
        "disclosure.html",
        {"units": queries.active_units(), "statutory": queries.statutory_entries()},
    )


def rules(request: HttpRequest) -> HttpResponse:
    """公开制度. The rule: published items whose 主题分类 is 综合政务 › 政务公开, from any
    unit (editors file their disclosure rules under that topic); see queries.disclosure_rules."""
    return _page(request, "rules.html", {"items": queries.disclosure_rules()})


def statutory(request: HttpRequest) -> HttpResponse:
    """法定主动公开内容: the 15 items of 条例 Art. 20 linked to catalog filters."""
    return _page(request, "statutory.html", {"statutory": queries.statutory_entries()})


def annual_reports(request: HttpRequest) -> HttpResponse:
    """公开年报: for now the published items titled like an annual report (政府信息公开 …
    年度报告). The annual report app (DESIGN.md §2.10) will publish its reports here later."""
    return _page(request, "annual_reports.html", {"items": queries.annual_reports()})


def apply(request: HttpRequest) -> HttpResponse:
    """依申请公开: how to apply (条例 Art. 29–31) and where. The online form is a later issue."""
    return _page(
        request,
        "apply.html",
        {"government": queries.main_government(), "units": queries.active_units()},
    )


def catalog(request: HttpRequest) -> HttpResponse:
    return _page(request, "catalog.html", _listing(request))


def search(request: HttpRequest) -> HttpResponse:
    """全站检索: the search box with filters, facets and paging; bad values are reported
    on their fields and ignored."""
    form = SearchForm(request.GET or None)
    values = form.values()
    text = (values["q"] or "").strip()
    context = {
        "form": form,
        "query": text,
        "errors": form.visible_errors(),
        "filtering": any(request.GET.get(name) for name in (*SearchForm.FILTER_FIELDS, "sort")),
    }
    if text:
        results = queries.search_items(
            text,
            queries.search_filters(**{name: values[name] for name in SearchForm.FILTER_FIELDS}),
            page=values["page"] or 1,
            sort=values["sort"] or "relevance",
        )
        selected = getattr(values["org"], "pk", None)
        context["result"] = queries.search_page(results, selected_org_id=selected)
    return _page(request, "search.html", context)


def unit(request: HttpRequest, pk: int) -> HttpResponse:
    organization = queries.unit(pk)
    context = _listing(request, unit=organization)
    context["unit"] = organization
    context["sub_units"] = queries.sub_units(organization)
    return _page(request, "unit.html", context)


def item(request: HttpRequest, pk: int) -> HttpResponse:
    """The item page; a retracted item answers 410 Gone with the date and the reason."""
    obj = queries.item_for_page(pk)
    if obj.status == Item.Status.RETRACTED:
        return _page(request, "retracted.html", {"item": obj}, status=410)
    return _page(request, "item.html", {"item": obj}, item=obj)


def attachment(request: HttpRequest, pk: int) -> FileResponse:
    """Download an attachment of a visible item (404 otherwise)."""
    obj = queries.visible_attachment(pk)
    return FileResponse(
        obj.file.open("rb"),
        as_attachment=True,
        filename=obj.original_name,
        content_type=obj.content_type,
    )


def guide(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit's 公开指南 (条例 Art. 12), generated from its data and the taxonomy."""
    organization = queries.unit(pk)
    return _page(
        request,
        "guide.html",
        {
            "unit": organization,
            "missing": organization.guide_missing_fields(),
            "categories": queries.categories(),
            "topic_tree": queries.topic_tree(),
            "channels": queries.active_channels(),
        },
    )


def board(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit's printable 办事公开栏 / 阳光台."""
    organization = queries.unit(pk)
    return _page(
        request,
        "board.html",
        {"unit": organization, "services": organization.service_items.all()},
    )
