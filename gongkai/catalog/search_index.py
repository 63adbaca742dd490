"""What the catalog puts in the search engine: published items, with their attachments'
text, tagged with the filter values (unit and its ancestors, category, key areas, year,
validity). Called by the services in the same transaction as the state change."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.utils import timezone

from gongkai.catalog.models import Item
from gongkai.core.models import Organization
from gongkai.search import services as search

KEY = "catalog.item:{}"


def key(item_id: int) -> str:
    return KEY.format(item_id)


def _org_tags(organization: Organization) -> list[str]:
    return [f"org{pk}" for pk in [*organization.ancestor_ids(), organization.pk]]


def document(
    item: Item,
    *,
    key_area_ids: Iterable[int] | None = None,
    attachment_texts: Iterable[str] | None = None,
) -> search.Document:
    if key_area_ids is None:
        key_area_ids = [k.pk for k in item.key_areas.all()]
    if attachment_texts is None:
        attachment_texts = [a.text for a in item.attachments.all() if a.text]
    tags = [
        *_org_tags(item.organization),
        f"cat{item.category_id}",
        f"v{item.validity}",
        *(f"ka{pk}" for pk in key_area_ids),
    ]
    if item.published_at:
        tags.append(f"y{timezone.localtime(item.published_at).year}")
    content = "\n".join(part for part in [item.summary, item.body_text, *attachment_texts] if part)
    return search.Document(
        key=key(item.pk),
        title=item.title,
        content=content,
        fileno=item.fileno,
        url=item.get_absolute_url(),
        published_at=item.published_at,
        tags=tags,
    )


def sync(item: Item) -> None:
    """Index a published item, or take anything else out of the index."""
    if item.status == Item.Status.PUBLISHED:
        search.index_documents([document(item)])
    else:
        search.remove_documents([key(item.pk)])


def index_many(items: Iterable[Item], *, new: bool = False) -> int:
    """Index published items in bulk (import, rebuild): prefetch key areas and attachments,
    or pass `new=True` for items just created without either."""
    if new:
        return search.index_documents(
            document(item, key_area_ids=[], attachment_texts=[]) for item in items
        )
    return search.index_documents(document(item) for item in items)


def rebuild(*, batch_size: int = 1000, progress: Callable[[int, int], None] | None = None) -> int:
    """Re-index every published item, oldest first, so that document ids grow with
    publication dates (the engine ranks common words among the newest matches)."""
    from gongkai.search.models import SearchDocument

    SearchDocument.objects.filter(key__startswith="catalog.item:").delete()
    items = (
        Item.objects.filter(status=Item.Status.PUBLISHED)
        .select_related("organization")
        .prefetch_related("key_areas", "attachments")
        .order_by("published_at", "pk")
    )
    total = items.count()
    done = 0
    batch: list[Item] = []
    for item in items.iterator(chunk_size=batch_size):
        batch.append(item)
        if len(batch) >= batch_size:
            done += index_many(batch)
            batch = []
            if progress:
                progress(done, total)
    if batch:
        done += index_many(batch)
    if progress:
        progress(done, total)
    search.rebuild()
    return done
