"""Core part of the demo: the Yunlong demonstration zone's organizations and staff accounts.

`gongkai load_demo` calls `load()` of every installed app that has a `demo` module, in
INSTALLED_APPS order, so each capability adds its own part. Everything here is idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from gongkai.core import codes, services
from gongkai.core.models import Organization, Role, User

DEMO_PASSWORD = "yunlong-demo-2016"
REGION = "430271"  # fictional administrative division code for the demo zone


def demo_code(serial: int) -> str:
    """A valid 统一社会信用代码 (check digits computed) for demo organization `serial`."""
    org_body = f"7{serial:07d}"
    body = f"11{REGION}{org_body}{codes.org_check_char(org_body)}"
    return body + codes.uscc_check_char(body)


GOVERNMENT = ("株洲云龙示范区管理委员会", "云龙示范区管委会", Organization.Kind.GOVERNMENT)
# (name, short name, kind, parent name or None for the government)
UNITS = [
    ("综合管理部", "综合管理部", Organization.Kind.DEPARTMENT, None),
    ("经济发展部", "经发部", Organization.Kind.DEPARTMENT, None),
    ("财政局", "财政局", Organization.Kind.DEPARTMENT, None),
    ("规划建设部", "规建部", Organization.Kind.DEPARTMENT, None),
    ("国土资源分局", "国土分局", Organization.Kind.DEPARTMENT, None),
    ("社会事业部", "社会事业部", Organization.Kind.DEPARTMENT, None),
    ("城市管理和综合执法局", "城管执法局", Organization.Kind.DEPARTMENT, None),
    ("安全生产监督管理局", "安监局", Organization.Kind.DEPARTMENT, None),
    ("招商合作部", "招商部", Organization.Kind.DEPARTMENT, None),
    ("云田镇人民政府", "云田镇", Organization.Kind.TOWN, None),
    ("龙头铺镇人民政府", "龙头铺镇", Organization.Kind.TOWN, None),
    ("学林街道办事处", "学林街道", Organization.Kind.TOWN, None),
    ("社会保险服务中心", "社保中心", Organization.Kind.SUBUNIT, "社会事业部"),
    ("督查室", "督查室", Organization.Kind.SUBUNIT, "综合管理部"),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    name: str
    unit: str  # organization name
    roles: tuple[str, ...]
    superuser: bool = False


USERS = [
    DemoUser("admin", "系统管理员", GOVERNMENT[0], (Role.ADMIN,), superuser=True),
    DemoUser("office", "综合管理部 公开办", GOVERNMENT[0], (Role.DISCLOSURE_OFFICE,)),
    DemoUser("head", "公开办负责人", GOVERNMENT[0], (Role.OFFICE_HEAD,)),
    DemoUser("reviewer", "保密审查员", GOVERNMENT[0], (Role.CONFIDENTIALITY_REVIEWER,)),
    DemoUser("approver", "分管领导", GOVERNMENT[0], (Role.RELEASE_APPROVER,)),
    DemoUser("hotline", "热线办", GOVERNMENT[0], (Role.CASE_DESK,)),
    DemoUser("oversight", "督查室", GOVERNMENT[0], (Role.OVERSIGHT,)),
    DemoUser("editor", "财政局信息员", "财政局", (Role.EDITOR,)),
    DemoUser("editor2", "云田镇信息员", "云田镇人民政府", (Role.EDITOR,)),
]


def _contact(org_name: str, serial: int) -> dict:
    return {
        "office_name": f"{org_name}政府信息公开工作机构",
        "address": "湖南省株洲市云龙示范区云龙大道管委会办公楼",
        "postcode": "412000",
        "office_hours": "工作日 上午8:30—12:00，下午14:30—17:30",
        "phone": f"0731-2216{serial:04d}",
        "fax": f"0731-2217{serial:04d}",
        "email": f"gongkai{serial:02d}@yunlong.example.gov.cn",
    }


@transaction.atomic
def load(*, stdout=None) -> None:
    by_name: dict[str, Organization] = {}
    name, short, kind = GOVERNMENT
    by_name[name] = _ensure_org(name, short, kind, None, 1)
    for serial, (unit, unit_short, unit_kind, parent) in enumerate(UNITS, start=2):
        parent_org = by_name[parent] if parent else by_name[GOVERNMENT[0]]
        by_name[unit] = _ensure_org(unit, unit_short, unit_kind, parent_org, serial)
    for spec in USERS:
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = User.objects.create_user(
                spec.username,
                password=DEMO_PASSWORD,
                name=spec.name,
                is_superuser=spec.superuser,
                is_staff=spec.superuser,
            )
        for role in spec.roles:
            services.grant_role(user, by_name[spec.unit], role, by=None)
    if stdout is not None:
        stdout.write(f"  单位 {len(by_name)} 个，演示账号 {len(USERS)} 个")


def _ensure_org(name, short, kind, parent, serial) -> Organization:
    code = demo_code(serial)
    existing = Organization.objects.filter(code=code).first()
    if existing is not None:
        return existing
    return services.create_organization(
        name=name,
        short_name=short,
        kind=kind,
        parent=parent,
        code=code,
        sort_order=serial,
        by=None,
        **_contact(short, serial),
    )


def accounts_table() -> str:
    lines = [f"演示账号（密码均为 {DEMO_PASSWORD}）："]
    for spec in USERS:
        roles = "、".join(Role(role).label for role in spec.roles)
        lines.append(f"  {spec.username:<10} {spec.name:<12} {spec.unit} · {roles}")
    return "\n".join(lines)
