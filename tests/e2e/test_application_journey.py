"""Journeys of 依申请公开: a citizen applies online and checks the status with the tracking
number and query code; the disclosure office takes one application through the whole
procedure (receipt date, 补正, 征求意见, extension, 部分公开 reply); the applicant downloads
the reply as DOCX and PDF; bad and repeated submissions; accessibility of the new pages.

The live server runs on today's date, so no clock is frozen here: the staff journey's dates
are working days counted back from today with the calendar, all in the past or today."""

import re
import time
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

import docx
import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from gongkai.applications import services as application_services
from gongkai.applications.models import Application
from gongkai.core import calendar
from gongkai.core.models import Organization
from tests.conftest import PASSWORD, applicant_data
from tests.e2e.conftest import SCREENSHOTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SERIOUS = {"critical", "serious"}
NAME = "张三"
ID_NUMBER = "430202198001011234"
DESCRIPTION = "2016年云龙示范区棚户区改造项目的征收补偿方案"
THIRD_PARTY = "云龙建设工程有限公司"
PDF_TIMEOUT = 60_000  # WeasyPrint needs a few seconds for the first PDF


def assert_accessible(page, name):
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in SERIOUS]
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in bad
    )
    assert not bad, f"{name}: accessibility violations\n{report}"


def login(page, username):
    page.goto("/staff/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()


def chinese(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def working_days(after: date, n: int) -> date:
    return calendar.add_working_days(after, n, provisional=True)


def working_days_back(today: date, n: int) -> date:
    """The day after which the n-th working day is today (or the last working day before)."""
    day, counted = today, 0
    while counted < n:
        if calendar.is_working_day(day, provisional=True):
            counted += 1
        day -= timedelta(days=1)
    return day


def fill_application(page):
    page.goto("/yisqgk/apply/")
    expect(page.get_by_role("heading", level=1, name="政府信息公开申请表")).to_be_visible()
    page.get_by_label("自然人").check()
    page.get_by_label("姓名/名称").fill(NAME)
    page.get_by_label("证件类型").select_option(label="居民身份证")
    page.get_by_label("证件号码").fill(ID_NUMBER)
    page.get_by_label("联系电话").fill("13812345678")
    page.get_by_label("电子邮箱").fill("zhangsan@example.com")
    page.get_by_label("所需信息的内容描述").fill(DESCRIPTION)
    page.get_by_label("信息提供形式").select_option(label="电子文档")
    page.get_by_label("获取信息方式").select_option(label="电子邮件")
    page.get_by_label("我确认以上信息真实").check()


def query_status(page, tracking_no, query_code):
    page.goto("/yisqgk/status/")
    page.get_by_label("受理编号").fill(tracking_no)
    page.get_by_label("查询码").fill(query_code)
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#status")).to_contain_text(tracking_no)


# --- 1. a citizen applies online -----------------------------------------------------------


def test_citizen_applies_online_and_checks_the_status_elsewhere(
    page, browser, live_server, screenshot, government
):
    fill_application(page)
    assert_accessible(page, "apply form")
    screenshot("apply-form")
    page.get_by_role("button", name="提交申请").click()

    expect(page.get_by_role("heading", level=1, name="申请已提交")).to_be_visible()
    tracking_no = page.locator("#tracking-no").inner_text()
    query_code = page.locator("#query-code").inner_text()
    assert re.fullmatch(r"YSQ\d{4}-\d{3}-\d{5}", tracking_no)
    assert re.fullmatch(r"[A-Z2-9]{8}", query_code)
    expect(page.locator("#receipt")).to_contain_text(government.name)
    app = Application.objects.get()
    assert (app.tracking_no, app.query_code) == (tracking_no, query_code)
    assert app.channel == "online" and app.received_on is None
    assert (app.applicant_name, app.id_number, app.description) == (NAME, ID_NUMBER, DESCRIPTION)
    screenshot("receipt")

    # Another browser session knows only the two codes.
    other = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", base_url=live_server.url
    )
    try:
        elsewhere = other.new_page()
        elsewhere.set_default_timeout(15_000)
        query_status(elsewhere, tracking_no, query_code.lower())
        expect(elsewhere.locator("#state")).to_have_text("待确认收到日期")
        expect(elsewhere.locator("#status")).to_contain_text("待工作机构确认")
        expect(elsewhere.locator("#status")).not_to_contain_text(ID_NUMBER)
        assert_accessible(elsewhere, "status")
    finally:
        other.close()


# --- 2 + 3. the office handles it; the applicant downloads the reply -----------------------


@pytest.fixture
def dates():
    """Working days counted back from today so that every step lies in the past (or today)."""
    today = timezone.localdate()
    arrived = working_days_back(today, 14)
    d = {"arrived": arrived, "received": working_days(arrived, 1)}
    d["supplement"] = working_days(d["received"], 2)
    d["supplemented"] = working_days(d["supplement"], 3)
    d["consulted"] = working_days(d["supplemented"], 2)
    d["consulted_until"] = working_days(d["consulted"], 4)
    d["extended"] = working_days(d["consulted_until"], 1)
    d["replied"] = working_days(d["extended"], 1)
    assert d["replied"] <= today
    # 20 working days from the supplement, the 4 consultation days skipped, 10 more granted.
    d["due"] = working_days(d["supplemented"], 20 + 4 + 10)
    return d


@pytest.fixture
def online_application(government, dates):
    Organization.objects.filter(pk=government.pk).update(
        office_name="测试区管委会政务公开办公室", phone="0731-22220000", address="云龙大道1号"
    )
    government.refresh_from_db()
    app, created = application_services.submit_online(
        government,
        applicant_data(applicant_name=NAME, id_number=ID_NUMBER, description=DESCRIPTION),
        idempotency_key="e2e-journey",
        today=dates["arrived"],
    )
    assert created
    return app


def open_action(page, label):
    """Open the <details> of one action on the application page and return it."""
    action = page.locator(f"details.action:has(> summary:text-is('{label}'))")
    action.locator("summary").click()
    return action


def steps(page):
    return page.locator("#clock-steps")


def back_to_application(page, app):
    page.get_by_role("link", name=app.tracking_no).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(app.tracking_no)


FILL = {
    "予以公开的部分": "征收补偿方案正文及补偿标准",
    "获取方式": "随本答复书以电子邮件方式提供",
    "不予公开的部分": "方案附件中云龙建设工程有限公司的报价和成本明细",
    "不予公开部分的理由": "该部分属于第三方商业秘密，第三方不同意公开，公开后可能损害其合法权益",
    "不予公开部分的法律依据": "《中华人民共和国政府信息公开条例》第十五条",
}


def filled(body: str) -> str:
    def replace(match):
        prompt = match.group(1)
        for key, value in FILL.items():
            if prompt.startswith(key):
                return value
        raise AssertionError(f"unexpected marker 【请填写：{prompt}】")

    return re.sub(r"【请填写：([^】]*)】", replace, body)


def test_office_handles_the_application_and_the_applicant_downloads_the_reply(
    page, browser, live_server, screenshot, request, office, head, dates, online_application
):
    app = online_application
    d = dates
    login(page, "carol")

    # The list shows it waiting for the receipt date; open it.
    page.goto("/staff/applications/?which=awaiting_receipt")
    page.get_by_role("link", name=app.tracking_no).click()
    expect(page.locator("#state")).to_have_text("待确认收到日期")
    expect(page.get_by_text("待确认（条例第三十一条）")).to_be_visible()
    reveal = page.get_by_role("button", name="查看完整证件号码和电话（记入审计日志）")
    expect(reveal).to_have_css("color", "rgb(11, 79, 138)")  # not white on the white table
    assert_accessible(page, "staff detail (new)")

    # 1. Confirm the receipt date (online: the day both sides confirmed, Art. 31).
    confirm = open_action(page, "确认收到日期")
    confirm.get_by_label("确认收到申请的日期").fill(d["received"].isoformat())
    confirm.get_by_role("button", name="确认收到日期").click()
    expect(page.get_by_role("status").filter(has_text="已办理：确认收到日期")).to_be_visible()
    expect(page.locator("#state")).to_have_text("办理中")
    expect(steps(page)).to_contain_text(f"{chinese(d['received'])}收到申请（收到申请之日）")
    expect(steps(page)).to_contain_text(
        f"答复期限：{chinese(working_days(d['received'], 20))}（20个工作日）"
    )

    # 2. 补正告知: the clock stands while the applicant supplements.
    supplement = open_action(page, "补正告知")
    supplement.get_by_label("告知日期").fill(d["supplement"].isoformat())
    supplement.get_by_label("需要补正的事项").fill(
        "请写明所需征收补偿方案涉及的具体地块或项目批次。"
    )
    supplement.get_by_role("button", name="补正告知").click()
    expect(page.get_by_role("heading", level=1, name="补正告知书")).to_be_visible()
    expect(page.get_by_label("正文")).to_contain_text("请写明所需征收补偿方案涉及的具体地块")
    back_to_application(page, app)
    expect(page.locator("#state")).to_have_text("等待补正")
    expect(steps(page)).to_contain_text(f"{chinese(d['supplement'])}发出补正告知")

    # 3. The supplement arrives: the 20 working days run again from that day.
    received = open_action(page, "收到补正")
    received.get_by_label("收到补正的日期").fill(d["supplemented"].isoformat())
    received.get_by_label("说明").fill("申请人来电补充：一期B地块")
    received.get_by_role("button", name="收到补正").click()
    expect(page.locator("#state")).to_have_text("办理中")
    expect(steps(page)).to_contain_text(
        f"{chinese(d['supplemented'])}收到补正后的申请，答复期限自次日起重新计算20个工作日"
    )
    expect(steps(page)).to_contain_text(
        f"答复期限：{chinese(working_days(d['supplemented'], 20))}（20个工作日）"
    )

    # Every action form, opened, passes the check too (reloaded: no message list, see below).
    page.reload()
    for summary in page.locator("details.action > summary").all():
        summary.click()
    expect(page.get_by_role("group", name="收费方式")).to_be_visible()
    assert_accessible(page, "staff detail (action forms)")
    page.reload()

    # 4. Consult the third party: the clock stops.
    consult = open_action(page, "征求意见")
    consult.get_by_label("征求对象类型").select_option(label="第三方")
    consult.get_by_label("征求对象名称").fill(THIRD_PARTY)
    consult.get_by_label("征求意见的事项").fill("征收补偿方案附件中贵公司的报价和成本明细")
    consult.get_by_label("发出日期").fill(d["consulted"].isoformat())
    consult.get_by_role("button", name="征求意见").click()
    expect(page.get_by_role("status").filter(has_text="已办理：征求意见")).to_be_visible()
    letter = page.locator("#notices tr").filter(has_text="第三方征求意见书")
    expect(letter).to_contain_text(f"（{THIRD_PARTY}）")
    expect(letter).to_contain_text("草稿")
    expect(page.locator("#state")).to_have_text("征求意见中（暂停计时）")
    expect(steps(page)).to_contain_text(f"{chinese(d['consulted'])}向{THIRD_PARTY}征求意见")

    # 5. The third party objects: the consultation ends, its working days are not counted.
    ended = open_action(page, "征求意见结束")
    ended.get_by_label("结束日期").fill(d["consulted_until"].isoformat())
    ended.get_by_label("对方意见").select_option(label="不同意公开")
    ended.get_by_label("意见内容").fill("报价和成本明细属于本公司商业秘密")
    ended.get_by_role("button", name="征求意见结束").click()
    expect(page.locator("#state")).to_have_text("办理中")
    expect(steps(page)).to_contain_text(
        f"{chinese(d['consulted_until'])}{THIRD_PARTY}意见征求结束："
        f"{chinese(d['consulted'] + timedelta(days=1))}至{chinese(d['consulted_until'])}"
        "的4个工作日不计入答复期限"
    )
    expect(page.locator("#cons-h + ul")).to_contain_text(
        "不同意公开：报价和成本明细属于本公司商业秘密"
    )

    # 6. Extend the period by 10 working days with the head's approval.
    extend = open_action(page, "延长答复期限")
    extend.get_by_label("延长工作日数").fill("10")
    approver = extend.get_by_label("批准人（公开工作机构负责人）")
    expect(approver.locator("option", has_text="周敏")).to_have_count(1)
    expect(approver.locator("option", has_text="李娟")).to_have_count(0)  # not the head
    approver.select_option(label="周敏")
    extend.get_by_label("批准日期").fill(d["extended"].isoformat())
    extend.get_by_label("延期理由").fill("需要对征收补偿方案作区分处理")
    extend.get_by_role("button", name="延长答复期限").click()
    expect(page.get_by_role("heading", level=1, name="延期答复告知书")).to_be_visible()
    expect(page.get_by_label("正文")).to_contain_text("答复期限延长10个工作日")
    back_to_application(page, app)
    expect(steps(page)).to_contain_text(
        f"{chinese(d['extended'])}经周敏同意，答复期限延长10个工作日（条例第三十三条第二款）"
    )
    expect(steps(page)).to_contain_text(
        f"答复期限：{chinese(d['due'])}（20个工作日，延长10个工作日，不计征求意见等1段时间）"
    )
    expect(page.locator("#due")).to_contain_text(d["due"].isoformat())

    # 7. Draft a 部分公开 reply, fill in every 【请填写：…】 and issue it.
    reply = open_action(page, "起草答复书")
    reply.get_by_label("办理结果").select_option(value="partial")
    reply.get_by_label("办理经过（选填）").fill(
        f"本机关检索到该征收补偿方案，并于{chinese(d['consulted'])}书面征求了{THIRD_PARTY}的意见。"
    )
    reply.get_by_role("button", name="起草答复书").click()
    expect(page.get_by_role("heading", level=1, name="政府信息公开申请答复书")).to_be_visible()
    body = page.get_by_label("正文")
    draft = body.input_value()
    assert draft.count("【请填写：") == 5, draft
    body.fill(filled(draft))
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_text("文书已保存")).to_be_visible()
    expect(page.get_by_label("正文")).not_to_contain_text("【请填写")
    page.get_by_label("印发日期").fill(d["replied"].isoformat())
    page.get_by_role("button", name="印发", exact=True).click()

    expect(page.get_by_text("政府信息公开申请答复书已印发")).to_be_visible()
    expect(page.locator("#state")).to_have_text("已办结")
    expect(page.locator("#outcome")).to_contain_text("部分公开")
    expect(steps(page)).to_contain_text(f"{chinese(d['replied'])}作出答复，办理完毕")
    history = page.locator("#events-h + ul")
    expect(history).to_contain_text(f"{d['supplement'].isoformat()} 补正告知：请写明")
    expect(history).to_contain_text(f"{d['replied'].isoformat()} 作出答复（李娟）")
    expect(history).not_to_contain_text("supplement_requested")
    expect(page.get_by_role("heading", name="办理", exact=True)).to_have_count(0)
    reply_row = page.locator("#notices tr").filter(has_text="政府信息公开申请答复书")
    expect(reply_row).to_contain_text(f"{d['replied'].isoformat()}印发")
    # Checked without the one-off message list: base.html's <ul role="status"> takes the list
    # role away from its <li> (axe "listitem"), a shared template outside this app.
    page.reload()
    assert_accessible(page, "staff detail (closed)")
    screenshot("staff-detail-closed")

    app.refresh_from_db()
    assert (app.closed_on, app.outcome) == (d["replied"], "partial")

    # 3. The applicant, in another session, sees the result and downloads the reply.
    applicant = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", base_url=live_server.url
    )
    try:
        public = applicant.new_page()
        public.set_default_timeout(15_000)
        query_status(public, app.tracking_no, app.query_code)
        expect(public.locator("#state")).to_have_text("已办结")
        expect(public.locator("#outcome")).to_contain_text("部分公开")
        expect(public.locator("#status")).to_contain_text(f"{chinese(d['replied'])}作出答复")
        # the applicant sees the pause and the extension, not who was consulted or approved
        expect(public.locator("#status")).to_contain_text("征求第三方或其他机关意见")
        expect(public.locator("#status")).not_to_contain_text(THIRD_PARTY)
        expect(public.locator("#status")).not_to_contain_text("周敏")
        assert_accessible(public, "status (closed)")
        public.screenshot(
            path=str(SCREENSHOTS / f"{request.node.name}-public-status.png"), full_page=True
        )
        texts = {}
        for fmt in ("docx", "pdf"):
            with public.expect_download(timeout=PDF_TIMEOUT) as info:
                public.locator("#notices").get_by_role("link", name=fmt.upper()).click()
            download = info.value
            assert download.suggested_filename.endswith(f".{fmt}")
            data = Path(download.path()).read_bytes()
            if fmt == "docx":
                document = docx.Document(BytesIO(data))
                texts[fmt] = "\n".join(p.text for p in document.paragraphs)
            else:
                texts[fmt] = "\n".join(p.extract_text() for p in PdfReader(BytesIO(data)).pages)
    finally:
        applicant.close()

    for fmt, text in texts.items():
        flat = re.sub(r"\s+", "", text)
        assert NAME in flat, fmt
        # The 部分公开 decision: what is given, what is withheld and why (Art. 37).
        assert "征收补偿方案正文及补偿标准可以公开，本机关予以公开" in flat, (fmt, flat)
        assert "报价和成本明细" in flat and "不予公开" in flat, fmt
        assert "办理结果：部分公开" in flat, fmt
        assert "第三十七条" in flat and "对所申请信息的部分内容不予公开" in flat, fmt
        assert "行政复议" in flat, fmt
        assert "六个月" not in flat, fmt  # 部分公开: reconsideration first, no direct suit
        assert "【请填写" not in flat, fmt


# --- 4. bad input and repeated submissions -------------------------------------------------


def test_empty_form_shows_chinese_errors_and_creates_nothing(page, screenshot, government):
    page.goto("/yisqgk/apply/")
    page.get_by_role("button", name="提交申请").click()
    screenshot("errors")
    expect(page.get_by_role("heading", level=1, name="政府信息公开申请表")).to_be_visible()
    for label, message in [
        ("申请人类型", "请填写申请人类型"),
        ("姓名/名称", "请填写姓名或名称"),
        ("证件号码", "请填写证件号码"),
        ("联系电话", "请填写联系电话"),
        ("所需信息的内容描述", "请填写所需信息的内容描述"),
        ("我确认以上信息真实", "请确认所填信息真实"),
    ]:
        # the message sits in the field's own box, under its label
        field = page.locator(".field.has-error").filter(has_text=label)
        expect(field.locator(".error")).to_have_text(message)
    expect(page.get_by_role("group", name="申请人类型")).to_be_visible()
    expect(page.get_by_text("Token")).to_have_count(0)  # no label for the hidden fields
    assert_accessible(page, "apply form with errors")
    assert Application.objects.count() == 0


def posts_to_apply(page) -> list:
    sent = []
    page.on(
        "request", lambda r: r.method == "POST" and "/yisqgk/apply/" in r.url and sent.append(r)
    )
    return sent


@pytest.fixture
def slow_first_submission(monkeypatch):
    """The server takes a while over the first submission (the live server runs in this
    process): time for the impatient second click."""
    original = application_services.submit_online
    calls = []

    def slow(*args, **kwargs):
        calls.append(kwargs["idempotency_key"])
        if len(calls) == 1:
            time.sleep(1.5)
        return original(*args, **kwargs)

    monkeypatch.setattr(application_services, "submit_online", slow)
    return calls


def test_second_click_while_the_first_is_under_way_creates_one_application(
    page, government, slow_first_submission
):
    calls = slow_first_submission
    fill_application(page)
    sent = posts_to_apply(page)
    box = page.get_by_role("button", name="提交申请").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.click(x, y)
    for _ in range(200):  # until the first submission has reached the service
        if calls:
            break
        page.wait_for_timeout(50)
    page.mouse.click(x, y)  # the page still shows the form: click again
    expect(page.get_by_role("heading", level=1, name="申请已提交")).to_be_visible()
    page.wait_for_timeout(2000)  # let the first, abandoned request finish on the server

    assert len(sent) == 2  # the browser really sent the form twice
    assert len(calls) == 2 and calls[0] == calls[1]  # both reached the service, same token
    tracking_no = page.locator("#tracking-no").inner_text()
    assert list(Application.objects.values_list("tracking_no", flat=True)) == [tracking_no]


def test_sending_again_from_back_creates_one_application_and_a_new_one_is_new(page, government):
    fill_application(page)
    first_token = page.locator("input[name=token]").input_value()
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_role("heading", level=1, name="申请已提交")).to_be_visible()
    tracking_no = page.locator("#tracking-no").inner_text()

    # Back to the form (fetched again: it is never cached; Chrome puts the typed values back)
    # and send it again.
    page.go_back()
    expect(page.get_by_role("heading", level=1, name="政府信息公开申请表")).to_be_visible()
    expect(page.get_by_label("姓名/名称")).to_have_value(NAME)
    assert page.locator("input[name=token]").input_value() == first_token
    page.get_by_label("我确认以上信息真实").check()
    sent = posts_to_apply(page)
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_role("heading", level=1, name="申请已提交")).to_be_visible()
    assert len(sent) == 1
    assert page.locator("#tracking-no").inner_text() == tracking_no
    assert Application.objects.count() == 1

    # Another application from the same browser is a new one.
    fill_application(page)
    page.get_by_label("所需信息的内容描述").fill("云龙示范区2025年度征地补偿款发放明细")
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_role("heading", level=1, name="申请已提交")).to_be_visible()
    assert page.locator("#tracking-no").inner_text() != tracking_no
    assert Application.objects.count() == 2
