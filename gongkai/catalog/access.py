"""How staff views obtain catalog objects (see core.access for the scope rule)."""

from gongkai.catalog.models import Attachment, Item
from gongkai.core import access
from gongkai.core.models import Role


def items_visible_to(user):
    return access.scoped(user, Item.objects.all())


def access_item(user, pk, *, write: bool = False) -> Item:
    """An item of the user's units; `write` needs the editor role there."""
    return access.access_scoped(
        user,
        Item.objects.select_related("organization", "category", "topic"),
        pk,
        write_roles={Role.EDITOR} if write else None,
    )


def access_attachment(user, pk, *, write: bool = False) -> Attachment:
    return access.access_scoped(
        user,
        Attachment.objects.select_related("item__organization"),
        pk,
        org_field="item__organization",
        write_roles={Role.EDITOR} if write else None,
    )
