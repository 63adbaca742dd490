"""RSS 2.0 and Atom feeds of published items: site-wide, per unit (with its sub-units) and
per category. Included under `/feeds/` by `gongkai/urls.py`."""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models.functions import Substr
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from gongkai.catalog.models import Category, Item
from gongkai.core.models import Organization

FEED_SIZE = 50
EXCERPT_CHARS = 200


def latest_items(queryset=None):
    """The newest published items, with what a feed entry shows and nothing more."""
    queryset = queryset if queryset is not None else Item.objects.all()
    return (
        queryset.published()
        .select_related("organization", "category")
        .defer("body", "body_text", "summary")
        .annotate(excerpt=Substr("summary", 1, EXCERPT_CHARS))
        .annotate(body_excerpt=Substr("body_text", 1, EXCERPT_CHARS))
        .order_by("-published_at", "-pk")[:FEED_SIZE]
    )


class ItemFeed(Feed):
    """Site-wide feed: the latest published items of every unit."""

    feed_type = Rss201rev2Feed
    language = "zh-hans"

    def title(self, obj=None):
        return f"{settings.GONGKAI_SITE_NAME} · 最新公开信息"

    def link(self, obj=None):
        return reverse("portal:home")

    def description(self, obj=None):
        return f"{settings.GONGKAI_SITE_NAME}最新主动公开的政府信息"

    def items(self, obj=None):
        return latest_items()

    def item_title(self, item: Item) -> str:
        return item.title

    def item_description(self, item: Item) -> str:
        return item.excerpt or item.body_excerpt or ""

    def item_link(self, item: Item) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Item):
        return item.published_at

    def item_author_name(self, item: Item) -> str:
        return item.organization.name

    def item_categories(self, item: Item):
        return [item.category.name]


class AtomItemFeed(ItemFeed):
    feed_type = Atom1Feed
    subtitle = ItemFeed.description


class UnitFeed(ItemFeed):
    """One unit's items, including those of its sub-units."""

    def get_object(self, request, pk: int) -> Organization:
        return get_object_or_404(Organization, pk=pk)

    def title(self, obj: Organization):
        return f"{obj.name} · 最新公开信息"

    def link(self, obj: Organization):
        return reverse("portal:unit", args=[obj.pk])

    def description(self, obj: Organization):
        return f"{obj.name}（含下属单位）最新主动公开的政府信息"

    def items(self, obj: Organization):
        return latest_items(Item.objects.of_unit(obj))


class AtomUnitFeed(UnitFeed):
    feed_type = Atom1Feed
    subtitle = UnitFeed.description


class CategoryFeed(ItemFeed):
    """The items of one category (信息类别)."""

    def get_object(self, request, pk: int) -> Category:
        return get_object_or_404(Category, pk=pk)

    def title(self, obj: Category):
        return f"{settings.GONGKAI_SITE_NAME} · {obj.name}"

    def link(self, obj: Category):
        return f"{reverse('portal:catalog')}?category={obj.pk}"

    def description(self, obj: Category):
        return f"{settings.GONGKAI_SITE_NAME}最新公开的“{obj.name}”类信息"

    def items(self, obj: Category):
        return latest_items(Item.objects.filter(category=obj))


class AtomCategoryFeed(CategoryFeed):
    feed_type = Atom1Feed
    subtitle = CategoryFeed.description


app_name = "feeds"

urlpatterns = [
    path("rss/", ItemFeed(), name="rss"),
    path("atom/", AtomItemFeed(), name="atom"),
    path("units/<int:pk>/rss/", UnitFeed(), name="unit_rss"),
    path("units/<int:pk>/atom/", AtomUnitFeed(), name="unit_atom"),
    path("categories/<int:pk>/rss/", CategoryFeed(), name="category_rss"),
    path("categories/<int:pk>/atom/", AtomCategoryFeed(), name="category_atom"),
]
