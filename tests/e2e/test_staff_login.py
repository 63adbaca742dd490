"""Journey: a staff member logs in, sees the workbench, and logs out."""

import re

import pytest
from playwright.sync_api import expect

from gongkai.core.models import Role
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_logs_in_and_sees_the_workbench(page, screenshot, make_user, finance):
    make_user("alice", org=finance, role=Role.EDITOR, name="张丽")

    page.goto("/staff/")
    expect(page).to_have_url(re.compile(r"/staff/login/\?next=/staff/$"))  # anonymous → login
    expect(page.get_by_role("heading", name="工作人员登录")).to_be_visible()

    page.get_by_label("用户名").fill("alice")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()

    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    expect(page.get_by_text("张丽，您好。")).to_be_visible()
    panel = page.locator("[data-panel='core.memberships']")
    expect(panel.get_by_role("link", name="财政局")).to_be_visible()
    expect(panel.get_by_text("单位信息员")).to_be_visible()
    screenshot("workbench")

    page.get_by_role("button", name="退出（张丽）").click()
    expect(page.get_by_role("heading", name="工作人员登录")).to_be_visible()


def test_wrong_password_shows_a_chinese_error(page, make_user, finance):
    make_user("alice", org=finance, role=Role.EDITOR)
    page.goto("/staff/login/")
    page.get_by_label("用户名").fill("alice")
    page.get_by_label("密码").fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("alert")).to_contain_text("请输入一个正确的")
