"""Art. 44: information that several applicants asked for can be moved into proactive
disclosure. Groups of disclosed applications asking for the same thing (same 文号, or the same
description once spaces and punctuation are ignored) are offered; one step creates a catalog
draft that then goes through the normal review (confidentiality check, approval)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import escape

from gongkai.applications.models import Application
from gongkai.applications.services import visible
from gongkai.core import audit
from gongkai.core.models import Organization, User

DISCLOSED = ("disclose", "partial")
_NOISE = re.compile(r"[\s，。、；：“”‘’,.;:'\"()（）《》〈〉【】\[\]-]+")


def _key(app: Application) -> str:
    if app.fileno.strip():
        return "fileno:" + _NOISE.sub("", app.fileno).replace("〔", "[").replace("〕", "]")
    return "text:" + _NOISE.sub("", app.description)


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    applications: list[Application]

    @property
    def applicants(self) -> int:
        return len({a.id_digest for a in self.applications})


def candidates(user: User, *, minimum: int = 2) -> list[Group]:
    """Groups asked for by at least `minimum` different applicants, not yet moved."""
    apps = (
        visible(user)
        .filter(outcome__in=DISCLOSED, catalog_item_id__isnull=True)
        .select_related("organization")
        .order_by("pk")
    )
    groups: dict[str, list[Application]] = {}
    for app in apps:
        groups.setdefault(_key(app), []).append(app)
    result = [
        Group(key, apps[0].fileno or apps[0].description[:60], apps) for key, apps in groups.items()
    ]
    return sorted(
        (g for g in result if g.applicants >= minimum), key=lambda g: -len(g.applications)
    )


@transaction.atomic
def create_draft(apps: list[Application], *, organization: Organization, title: str, by: User):
    from gongkai.catalog import services as catalog_services
    from gongkai.catalog.models import Category

    if not apps:
        raise ValidationError("请选择至少一件申请")
    if any(a.outcome not in DISCLOSED for a in apps):
        raise ValidationError("只有予以公开或部分公开的申请可以转为主动公开")
    if any(a.catalog_item_id for a in apps):
        raise ValidationError("所选申请中有已转为主动公开的")
    numbers = "、".join(a.tracking_no for a in apps)
    item = catalog_services.create_item(
        organization=organization,
        by=by,
        category=Category.objects.filter(name="其他").first()
        or Category.objects.filter(is_active=True).first(),
        title=title.strip(),
        summary=f"根据《中华人民共和国政府信息公开条例》第四十四条，多个申请人申请公开的信息转为主动公开（申请：{numbers}）。",
        body=f"<p>{escape(apps[0].description)}</p>",
        fileno=apps[0].fileno,
    )
    Application.objects.filter(pk__in=[a.pk for a in apps]).update(catalog_item_id=item.pk)
    for app in apps:
        audit.record(
            "application.to_proactive",
            actor=by,
            obj=app,
            organization=app.organization,
            details={"item": item.pk},
        )
    return item
