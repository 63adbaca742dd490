"""Staff-side reads of the catalog."""

from django.db.models import Q

from gongkai.catalog.models import Item
from gongkai.core.models import Organization, Role, User


def review_queue(user: User):
    """Items waiting for this user's review: secrecy review for 保密审查员, release review
    for 审核人, in the units they hold those roles for."""
    secrecy = Organization.objects.visible_to(user, roles=[Role.CONFIDENTIALITY_REVIEWER])
    release = Organization.objects.visible_to(user, roles=[Role.RELEASE_APPROVER])
    return Item.objects.filter(
        Q(status=Item.Status.SECRECY_REVIEW, organization__in=secrecy)
        | Q(status=Item.Status.RELEASE_REVIEW, organization__in=release)
    )


def returned_drafts(user: User):
    """Drafts sent back with a comment, in the units the user edits for."""
    units = Organization.objects.visible_to(user, roles=[Role.EDITOR])
    return Item.objects.filter(status=Item.Status.DRAFT, organization__in=units).exclude(
        review_comment=""
    )
