"""Default taxonomy: categories (信息类别), key areas (重点领域, including the 26 areas of the
基层政务公开标准化规范化 pilot), the State Council's first-level 主题分类 with a few second-level
topics, the default 索引号 rule and the 政务微信 channel. All editable in the admin."""

from django.db import migrations

CATEGORIES = [
    ("政策法规", "01", False), ("规划计划", "02", False), ("公共监管", "03", False),
    ("通知公告", "04", False), ("政民互动", "05", False), ("政策解读", "06", True),
    ("其他", "99", False),
]
# Key areas the seed report weighs more in evaluation (weight 2).
WEIGHTED = ["财政预决算", "保障性住房", "食品药品安全", "环境保护", "征地拆迁", "招标投标",
            "价格和收费"]
OTHER_KEY_AREAS = ["安全生产", "教育", "社保", "民政", "棚户区改造", "重大建设项目"]
GRASSROOTS_26 = [
    "城乡规划", "重大建设项目", "公共资源交易", "财政预决算", "安全生产", "税收管理", "征地补偿",
    "国有土地上房屋征收与补偿", "环境保护", "公共文化服务", "公共法律服务", "扶贫", "就业",
    "社会救助", "养老服务", "户籍管理", "涉农补贴", "义务教育", "卫生计生", "食品药品监管",
    "城市综合执法", "农村危房改造", "市政服务", "社会保险", "救灾", "保障性住房",
]
TOPICS = {
    "国务院组织机构": [], "综合政务": ["政务公开", "应急管理", "电子政务"],
    "国民经济管理、国有资产监管": ["发展规划", "统计"], "财政、金融、审计": ["财政", "审计"],
    "国土资源、能源": ["土地", "能源"], "农业、林业、水利": ["农业、农村", "水利"],
    "工业、交通": ["交通"], "商贸、海关、旅游": ["招商引资"],
    "市场监管、安全生产监管": ["食品药品监管", "安全生产监管"],
    "城乡建设、环境保护": ["城市规划", "住房", "环境监测、保护与治理"],
    "科技、教育": ["教育"], "文化、广电、新闻出版": [], "卫生、体育": ["卫生", "医药管理"],
    "人口与计划生育、妇女儿童工作": [], "劳动、人事、监察": ["就业", "社会保障", "人事工作"],
    "公安、安全、司法": ["司法"], "民政、扶贫、救灾": ["社会救助", "扶贫"], "民族、宗教": [],
    "对外事务": [], "港澳台侨工作": [], "国防": [], "其他": [],
}


def seed(apps, schema_editor):
    Category = apps.get_model("catalog", "Category")
    KeyArea = apps.get_model("catalog", "KeyArea")
    Topic = apps.get_model("catalog", "Topic")
    IndexRule = apps.get_model("catalog", "IndexRule")
    Channel = apps.get_model("catalog", "Channel")
    for order, (name, code, interpretation) in enumerate(CATEGORIES):
        Category.objects.create(name=name, code=code, sort_order=order,
                                is_interpretation=interpretation)
    names = list(dict.fromkeys(WEIGHTED + OTHER_KEY_AREAS + GRASSROOTS_26))
    for order, name in enumerate(names):
        KeyArea.objects.create(name=name, sort_order=order, weight=2 if name in WEIGHTED else 1,
                               is_grassroots_standard=name in GRASSROOTS_26)
    for order, (name, children) in enumerate(TOPICS.items()):
        parent = Topic.objects.create(name=name, sort_order=order)
        for child_order, child in enumerate(children):
            Topic.objects.create(parent=parent, name=child, sort_order=child_order)
    IndexRule.objects.create(organization=None, pattern="{org}/{year}-{seq:5}", scope="org_year")
    Channel.objects.create(code="wechat", name="政务微信",
                           sender="gongkai.catalog.senders.FileSender", auto_queue=True)


def unseed(apps, schema_editor):
    for model in ["Channel", "IndexRule", "Topic", "KeyArea", "Category"]:
        apps.get_model("catalog", model).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
