"""Catalog part of the demo: published items across units and categories (2016 and this
year), items in every review state for the demo reviewers, a 办事公开栏 per unit.

Published history goes through the JSON Lines importer (as a real migration would); items
in progress go through the review services with the demo accounts. Idempotent.
"""

from __future__ import annotations

import json
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from gongkai.catalog import importer, services
from gongkai.catalog.models import Category, Item, KeyArea, ServiceItem
from gongkai.core.models import Organization, User

# (unit short name, category, title, fileno, key area or "")
ITEMS_2016 = [
    ("综合管理部", "政策法规", "株洲云龙示范区政府信息公开考核办法", "株云综发〔2016〕3号", ""),
    (
        "综合管理部",
        "规划计划",
        "株洲云龙示范区2016年政务公开目标任务分解方案",
        "株云综发〔2016〕7号",
        "",
    ),
    ("综合管理部", "通知公告", "关于召开政府信息公开业务培训会的通知", "", ""),
    ("综合管理部", "其他", "株洲云龙示范区政府信息公开指南", "", ""),
    ("财政局", "公共监管", "云龙示范区2016年部门预算公开说明", "", "财政预决算"),
    ("财政局", "公共监管", "云龙示范区2015年财政决算及“三公”经费决算公开", "", "财政预决算"),
    ("财政局", "政策法规", "云龙示范区财政专项资金管理办法", "株云财发〔2016〕12号", "财政预决算"),
    ("财政局", "通知公告", "关于开展2016年度行政事业单位资产清查工作的通知", "", ""),
    ("规划建设部", "公共监管", "云龙大道棚户区改造项目2016年度建设计划", "", "棚户区改造"),
    ("规划建设部", "通知公告", "云田片区棚户区改造房屋分配结果公示", "", "保障性住房"),
    ("规划建设部", "公共监管", "智慧城市产业园项目核准批复公开", "", "重大建设项目"),
    ("规划建设部", "规划计划", "云龙示范区2016—2020年城乡规划纲要", "", "城乡规划"),
    ("国土资源分局", "公共监管", "学林街道集体土地征收补偿安置方案公告", "", "征地拆迁"),
    ("国土资源分局", "通知公告", "龙头铺镇征地拆迁补偿标准公示", "", "征地补偿"),
    (
        "社会事业部",
        "政策法规",
        "云龙示范区城乡居民最低生活保障实施办法",
        "株云社发〔2016〕5号",
        "社会救助",
    ),
    ("社会事业部", "通知公告", "2016年新型农村合作医疗参合缴费通知", "", "社会保险"),
    ("社会事业部", "公共监管", "2016年义务教育阶段学校招生划片方案", "", "义务教育"),
    ("社保中心", "通知公告", "关于调整城乡居民基本养老保险缴费档次的通知", "", "社会保险"),
    ("城管执法局", "公共监管", "2016年第三季度建筑垃圾运输违规处罚情况公开", "", "城市综合执法"),
    ("安监局", "公共监管", "2016年安全生产大检查工作方案", "", "安全生产"),
    ("安监局", "通知公告", "关于做好汛期安全生产工作的紧急通知", "", "安全生产"),
    ("经发部", "公共监管", "示范区重点工业企业环境保护监测结果", "", "环境保护"),
    ("经发部", "公共监管", "云龙示范区食品生产企业监督抽检结果公告", "", "食品药品安全"),
    ("招商部", "政策法规", "云龙示范区招商引资优惠政策", "株云发〔2016〕9号", ""),
    ("招商部", "公共监管", "云龙示范区政府采购项目招标公告（第12期）", "", "招标投标"),
    ("云田镇", "通知公告", "云田镇2016年度涉农补贴发放名单公示", "", "涉农补贴"),
    ("云田镇", "政民互动", "云田镇关于群众反映道路维修问题的答复", "", ""),
    ("龙头铺镇", "通知公告", "龙头铺镇农村危房改造对象公示", "", "农村危房改造"),
    ("龙头铺镇", "政民互动", "龙头铺镇镇长信箱来信办理情况", "", ""),
    ("学林街道", "通知公告", "学林街道2016年社区公共服务事项清单", "", "市政服务"),
    ("学林街道", "其他", "学林街道办事处工作动态（第8期）", "", ""),
]
WORKFLOW_TITLES = {
    "draft": "云龙示范区2026年度部门预算公开（草稿）",
    "secrecy": "2026年第四季度财政专项资金使用情况",
    "release": "云田镇2026年度耕地地力保护补贴发放公示",
    "rejected": "财政局2026年政府采购意向公开",
}
SERVICE_ITEMS = [
    (
        "政府信息公开申请受理",
        "《中华人民共和国政府信息公开条例》第二十七条至第三十三条",
        "提交申请 → 登记受理 → 审查办理 → 作出答复",
        "20个工作日",
        "不收费（超出合理范围的按规定收取信息处理费）",
    ),
    (
        "政务咨询",
        "《条例》第十二条",
        "现场或电话咨询 → 当场解答或转交办理",
        "当场/3个工作日",
        "不收费",
    ),
    (
        "市长热线（信箱）交办件办理",
        "市长热线办理规定",
        "登记 → 交办 → 办理 → 回复 → 回访",
        "按交办时限",
        "不收费",
    ),
]


def _rows(units: dict[str, Organization]):
    for n, (unit, category, title, fileno, _area) in enumerate(ITEMS_2016, start=1):
        month = (n % 12) + 1
        yield json.dumps(
            {
                "title": title,
                "body": f"{title}。\n根据有关规定，现将相关内容公开如下。\n特此公告。",
                "published": f"2016-{month:02d}-{(n % 27) + 1:02d} 09:{n % 60:02d}",
                "written": f"2016-{month:02d}-{(n % 20) + 1:02d}",
                "fileno": fileno,
                "publisher": units[unit].name,
                "channel": category,
                "url": f"https://demo.yunlong.example.gov.cn/zwgk/2016/{n:04d}.html",
            },
            ensure_ascii=False,
        )


@transaction.atomic
def load(*, stdout=None) -> None:
    units = {}
    for org in Organization.objects.all():
        units[org.name] = units[org.short_name or org.name] = org
    summary = importer.import_lines(_rows(units), parent=units["云龙示范区管委会"], publish=True)
    _tag_key_areas()
    _workflow_items(units)
    for unit in ("综合管理部", "云田镇", "龙头铺镇", "学林街道"):
        for order, (name, basis, procedure, limit, fee) in enumerate(SERVICE_ITEMS):
            ServiceItem.objects.get_or_create(
                organization=units[unit],
                name=name,
                defaults={
                    "basis": basis,
                    "procedure": procedure,
                    "time_limit": limit,
                    "fee_standard": fee,
                    "staff": "值班工作人员",
                    "phone": units[unit].phone,
                    "sort_order": order,
                },
            )
    if stdout is not None:
        stdout.write(
            f"  公开目录：导入 {summary.imported} 条（已存在 {summary.duplicates} 条），"
            f"审核中示例 {len(WORKFLOW_TITLES)} 条"
        )


def _tag_key_areas() -> None:
    areas = {a.name: a for a in KeyArea.objects.all()}
    for _, _, title, _, area in ITEMS_2016:
        if area:
            item = Item.objects.filter(title=title).first()
            if item is not None and not item.key_areas.exists():
                item.key_areas.add(areas[area])


def _workflow_items(units) -> None:
    if Item.objects.filter(title__in=WORKFLOW_TITLES.values()).exists():
        return
    editor = User.objects.get(username="editor")
    editor2 = User.objects.get(username="editor2")
    reviewer = User.objects.get(username="reviewer")
    approver = User.objects.get(username="approver")
    notice = Category.objects.get(name="通知公告")
    supervision = Category.objects.get(name="公共监管")
    written = timezone.localdate() - timedelta(days=5)

    def draft(title, unit, by, category):
        return services.create_item(
            organization=units[unit],
            by=by,
            title=title,
            category=category,
            written_on=written,
            body=f"<p>{title}。</p><p>具体内容见附件。</p>",
        )

    draft(WORKFLOW_TITLES["draft"], "财政局", editor, supervision)
    secrecy = draft(WORKFLOW_TITLES["secrecy"], "财政局", editor, supervision)
    services.submit_item(secrecy, by=editor)
    release = draft(WORKFLOW_TITLES["release"], "云田镇", editor2, notice)
    services.submit_item(release, by=editor2)
    services.approve_secrecy(release, by=reviewer)
    rejected = draft(WORKFLOW_TITLES["rejected"], "财政局", editor, notice)
    services.submit_item(rejected, by=editor)
    services.approve_secrecy(rejected, by=reviewer)
    services.reject_item(rejected, by=approver, comment="请补充采购预算金额和预计采购时间。")
