"""Applications for disclosure: intake, the procedure's rules, outcomes, privacy, year-end."""

from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from gongkai.applications import queries, services
from gongkai.applications.clock import State
from gongkai.applications.models import Application, Notice
from gongkai.applications.services import ApplicationError
from gongkai.core.models import AuditEvent, Role, User
from tests.conftest import PASSWORD, applicant_data

pytestmark = pytest.mark.django_db
TODAY = "2026-11-20 10:00 +0800"


@time_machine.travel(TODAY, tick=False)
def test_in_person_application_is_received_the_same_day(make_application):
    app = make_application(date(2026, 9, 28))
    assert app.received_on == date(2026, 9, 28)
    assert app.tracking_no.startswith("YSQ2026-")
    clock = services.clock_of(app, today=date(2026, 10, 8))
    assert clock.due == date(2026, 10, 30)
    receipt = app.notices.get(kind=Notice.Kind.RECEIPT)
    assert app.tracking_no in receipt.body and "2026年10月30日" in receipt.body


@time_machine.travel(TODAY, tick=False)
def test_online_and_letter_wait_for_a_confirmation_date(make_application, office):
    app = make_application(date(2026, 11, 2), channel="letter")
    assert app.received_on is None and app.needs_confirmation
    assert services.clock_of(app).state == State.AWAITING_RECEIPT
    with pytest.raises(ApplicationError, match="不能早于"):
        services.confirm_receipt(app, on=date(2026, 11, 1), by=office)
    services.confirm_receipt(app, on=date(2026, 11, 3), by=office)
    app.refresh_from_db()
    assert app.received_on == date(2026, 11, 3)
    assert services.clock_of(app).start == date(2026, 11, 3)
    with pytest.raises(ApplicationError, match="已经确定"):
        services.confirm_receipt(app, on=date(2026, 11, 4), by=office)


def test_identity_and_phone_are_encrypted_at_rest(make_application):
    app = make_application()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, phone FROM applications_application WHERE id = %s", [app.pk]
        )
        stored_id, stored_phone = cursor.fetchone()
    assert "430202198001011234" not in stored_id and "13812345678" not in stored_phone
    fresh = Application.objects.get(pk=app.pk)
    assert fresh.id_number == "430202198001011234"
    assert fresh.masked_id_number == "430***********1234"
    assert fresh.masked_phone == "138****5678"


def test_viewing_personal_details_is_audited(make_application, office, outsider):
    app = make_application()
    before = AuditEvent.objects.filter(action="application.view_personal_data").count()
    details = services.reveal_personal_details(app, by=office)
    assert details.id_number == "430202198001011234"
    assert AuditEvent.objects.filter(action="application.view_personal_data").count() == before + 1
    with pytest.raises(PermissionDenied):
        services.reveal_personal_details(app, by=outsider)


def test_only_the_office_and_the_assigned_unit_see_an_application(
    make_application, office, editor, outsider, finance
):
    app = make_application()
    assert list(services.visible(office)) == [app]
    assert not services.visible(editor).exists()
    services.assign(app, unit=finance, by=office)
    assert list(services.visible(editor)) == [app]  # Alice is in 财政局
    assert not services.visible(outsider).exists()
    with pytest.raises(PermissionDenied):
        services.request_supplement(app, on=date(2026, 9, 29), items="请说明年份", by=editor)


@time_machine.travel(TODAY, tick=False)
def test_supplement_once_restarts_the_clock(make_application, office):
    app = make_application(date(2026, 9, 28))
    notice = services.request_supplement(
        app, on=date(2026, 9, 30), items="请明确所需信息的项目名称", by=office
    )
    assert notice.kind == Notice.Kind.SUPPLEMENT and "重新计算" in notice.body
    with pytest.raises(ApplicationError, match="只能要求一次"):
        services.request_supplement(app, on=date(2026, 9, 30), items="再补", by=office)
    assert services.clock_of(app, today=date(2026, 10, 9)).state == State.AWAITING_SUPPLEMENT
    services.receive_supplement(app, on=date(2026, 10, 9), by=office)
    clock = services.clock_of(app, today=date(2026, 10, 9))
    # after Fri 10/9: 10/10 (Sat, make-up) 1, 10/12–16 (6), 10/19–23 (11), 10/26–30 (16),
    # 11/2–5 (20) → 11/5 (instead of 10/30 from the first receipt)
    assert clock.start == date(2026, 10, 9)
    assert clock.due == date(2026, 11, 5)


@time_machine.travel(TODAY, tick=False)
def test_missed_supplement_closes_as_other_1(make_application, office):
    app = make_application(date(2026, 9, 28))
    services.request_supplement(
        app, on=date(2026, 9, 29), items="请明确", by=office, deadline=date(2026, 10, 20)
    )
    with pytest.raises(ApplicationError, match="尚未届满"):
        services.lapse_supplement(app, on=date(2026, 10, 20), by=office)
    services.lapse_supplement(app, on=date(2026, 10, 21), by=office)
    app.refresh_from_db()
    assert app.outcome == "other_supplement_missed"
    assert app.closed_on == date(2026, 10, 21)


@time_machine.travel(TODAY, tick=False)
def test_consultation_pauses_and_extension_needs_the_head(make_application, office, head):
    app = make_application(date(2026, 9, 28))
    consultation = services.start_consultation(
        app,
        party_kind="third_party",
        party_name="株洲某建设有限公司",
        matter="征收补偿协议中涉及该公司的内容",
        on=date(2026, 10, 9),
        by=office,
    )
    letter = app.notices.get(kind=Notice.Kind.CONSULTATION)
    assert "15个工作日" in letter.body and "430202" not in letter.body  # no personal data
    with pytest.raises(ApplicationError, match="届满前"):
        services.end_consultation(consultation, on=date(2026, 10, 20), opinion="silent", by=office)
    services.end_consultation(
        consultation,
        on=date(2026, 10, 20),
        opinion="object",
        opinion_text="涉及商业秘密",
        by=office,
    )
    assert services.clock_of(app, today=date(2026, 10, 21)).due == date(2026, 11, 11)
    with pytest.raises(ApplicationError, match="负责人同意"):
        services.extend(
            app, days=20, approver=office, on=date(2026, 11, 2), reason="需要核对", by=office
        )
    with pytest.raises(ApplicationError, match="1至20"):
        services.extend(app, days=25, approver=head, on=date(2026, 11, 2), reason="x", by=office)
    notice = services.extend(
        app, days=20, approver=head, on=date(2026, 11, 2), reason="需要核对大量档案", by=office
    )
    assert "2026-12-09" in notice.body or "2026年12月9日" in notice.body
    assert services.clock_of(app, today=date(2026, 11, 3)).due == date(2026, 12, 9)
    with pytest.raises(ApplicationError, match="只能延长一次"):
        services.extend(app, days=5, approver=head, on=date(2026, 11, 3), reason="x", by=office)


@time_machine.travel(TODAY, tick=False)
def test_extension_after_the_due_date_is_refused(make_application, office, head):
    app = make_application(date(2026, 9, 28))  # due 10/30
    with pytest.raises(ApplicationError, match="已过"):
        services.extend(app, days=10, approver=head, on=date(2026, 11, 2), reason="x", by=office)


@time_machine.travel(TODAY, tick=False)
def test_partial_reply_is_drafted_edited_and_issued(make_application, office):
    app = make_application(date(2026, 11, 2))
    draft = services.draft_reply(app, outcome="partial", facts="", reasons="", by=office)
    assert "【请填写" in draft.body
    with pytest.raises(ApplicationError, match="请填写"):
        services.issue_notice(draft, on=date(2026, 11, 20), by=office)
    body = (
        "本机关于2026年11月2日收到您的申请。\n"
        "经审查，征收补偿方案予以公开；涉及被征收人个人信息的部分不予公开。\n"
        "应当先申请行政复议。"
    )
    services.update_notice(
        draft, title=draft.title, fileno="", recipient=draft.recipient, body=body, by=office
    )
    issued = services.issue_notice(draft, on=date(2026, 11, 20), by=office)
    assert issued.fileno.endswith("号") and "〔2026〕" in issued.fileno
    app.refresh_from_db()
    assert app.outcome == "partial" and app.closed_on == date(2026, 11, 20)
    clock = services.clock_of(app)
    assert clock.state == State.CLOSED and clock.on_time is True
    with pytest.raises(ApplicationError, match="已印发"):
        services.update_notice(issued, title="x", fileno="", recipient="", body="y", by=office)


@time_machine.travel(TODAY, tick=False)
def test_reply_draft_has_the_required_elements(make_application, office):
    app = make_application(date(2026, 11, 2))
    draft = services.draft_reply(
        app, outcome="withhold_third_party", facts="", reasons="", by=office
    )
    assert draft.title == "政府信息公开申请答复书"
    assert draft.recipient == "张三："
    assert "第十五条" in draft.body  # legal basis
    assert "行政复议" in draft.body and "六个月内直接" not in draft.body  # review first
    assert draft.issuer == app.organization.name
    assert draft.outcome_code == "withhold_third_party"
    assert "办理结果：不予公开：第三方合法权益" in draft.body
    disclose = services.draft_reply(app, outcome="disclose", facts="", reasons="", by=office)
    assert "六个月内" in disclose.body
    assert not Notice.objects.filter(pk=draft.pk).exists()  # one draft reply at a time


def test_outcome_must_be_a_reply_outcome(make_application, office):
    app = make_application(date(2026, 9, 28))
    with pytest.raises(ApplicationError, match="答复结果"):
        services.draft_reply(app, outcome="granted", facts="", reasons="", by=office)
    with pytest.raises(ApplicationError, match="不需要答复书"):
        services.draft_reply(app, outcome="other_fee_unpaid", facts="", reasons="", by=office)


@time_machine.travel(TODAY, tick=False)
def test_fee_per_application_counts_the_applicants_month(make_application, office):
    apps = [make_application(date(2026, 11, 2)) for _ in range(11)]
    with pytest.raises(ApplicationError, match="不收费"):
        services.notify_fee(
            apps[9], method="per_application", served_on=date(2026, 11, 3), by=office
        )
    notice = services.notify_fee(
        apps[10], method="per_application", served_on=date(2026, 11, 3), by=office
    )
    assert "100元" in notice.body
    apps[10].refresh_from_db()
    assert apps[10].fee_amount == 100
    # 20 working days from the day after 11/3 → 12/1
    assert services.clock_of(apps[10]).fee_deadline == date(2026, 12, 1)
    with pytest.raises(ApplicationError, match="尚未届满"):
        services.lapse_fee(apps[10], on=date(2026, 11, 20), by=office)


@time_machine.travel(TODAY, tick=False)
def test_fee_per_volume(make_application, office):
    app = make_application(date(2026, 11, 2))
    notice = services.notify_fee(
        app, method="per_volume", pages=150, served_on=date(2026, 11, 3), by=office
    )
    assert "1700元" in notice.body
    with pytest.raises(ApplicationError, match="已发出收费通知"):
        services.notify_fee(app, method="per_application", served_on=date(2026, 11, 3), by=office)


@time_machine.travel("2026-11-20 10:00 +0800", tick=False)
def test_lists_and_workbench_flag_due_soon_and_overdue(make_application, office):
    overdue = make_application(date(2026, 9, 28))  # due 10/30
    soon = make_application(date(2026, 10, 26))  # due 11/23 (20 wd): 1 left on 11/20
    fresh = make_application(date(2026, 11, 19))
    assert [r.application for r in queries.rows(office, which="overdue")] == [overdue]
    assert [r.application for r in queries.rows(office, which="due_soon")] == [soon]
    assert [r.application for r in queries.rows(office, which="open")] == [overdue, soon, fresh]
    summary = queries.summary_for(office)
    assert summary.open == 3 and len(summary.overdue) == 1 and len(summary.due_soon) == 1


def test_list_runs_a_fixed_number_of_queries(
    make_application, office, django_assert_max_num_queries
):
    for day in (1, 2, 3, 4, 5, 6):
        make_application(date(2026, 10, 19 + day % 5))
    with django_assert_max_num_queries(6):
        rows = queries.rows(office, which="all")
        assert len(rows) == 6


@time_machine.travel("2027-01-05 10:00 +0800", tick=False)
def test_year_end_carry_over(make_application, office):
    closed = make_application(date(2026, 12, 1))
    services.issue_notice(
        _fill(
            services.draft_reply(closed, outcome="disclose", facts="", reasons="", by=office),
            office,
        ),
        on=date(2026, 12, 18),
        by=office,
    )
    open_at_year_end = make_application(date(2026, 12, 21))
    assert list(Application.objects.open_at_end_of(2026)) == [open_at_year_end]
    assert set(Application.objects.received_in(2026)) == {closed, open_at_year_end}


def _fill(notice, office):
    body = notice.body.replace("【请填写：", "（").replace("】", "）")
    return services.update_notice(
        notice, title=notice.title, fileno="", recipient=notice.recipient, body=body, by=office
    )


def test_online_double_submission_creates_one_application(government):
    first, created = services.submit_online(
        government, applicant_data(), idempotency_key="k-123", today=date(2026, 11, 2)
    )
    again, created_again = services.submit_online(
        government, applicant_data(), idempotency_key="k-123", today=date(2026, 11, 2)
    )
    assert first.pk == again.pk and created and not created_again
    code = first.query_code
    assert len(code) == 8
    assert Application.objects.count() == 1
    assert services.find_for_applicant(first.tracking_no, code.lower()) == first
    assert services.find_for_applicant(first.tracking_no, "WRONG123") is None


def test_natural_person_has_no_org_kind_and_legal_needs_one(government):
    with pytest.raises(ValidationError, match=r"org_kind|组织"):
        services.submit_online(
            government,
            applicant_data(applicant_type="legal", org_kind="", id_kind="credit_code"),
            idempotency_key="k-legal",
            today=date(2026, 11, 2),
        )
    assert Application.objects.count() == 0


def test_register_needs_the_office_role(government, editor):
    with pytest.raises(PermissionDenied):
        services.register(
            government,
            applicant_data(),
            channel="in_person",
            arrived_on=date(2026, 9, 28),
            by=editor,
        )
    assert Role.OFFICE_HEAD.label == "公开办负责人"


@time_machine.travel("2026-11-20 10:00 +0800", tick=False)
def test_workbench_panel_and_daily_digest(client, make_application, office, editor):
    overdue = make_application(date(2026, 9, 28))  # due 10/30
    soon = make_application(date(2026, 10, 26))  # due 11/23
    make_application(date(2026, 11, 19))  # 19 working days left: in neither list
    client.login(username="carol", password=PASSWORD)
    page = client.get(reverse("core:workbench")).content.decode()
    assert "依申请公开：待办申请" in page
    assert "已超期：<strong>1</strong>" in page and overdue.tracking_no in page
    assert "5个工作日内到期：<strong>1</strong>" in page and soon.tracking_no in page
    client.logout()
    client.login(username="alice", password=PASSWORD)  # an editor with no applications
    assert "依申请公开：待办申请" not in client.get(reverse("core:workbench")).content.decode()

    out = StringIO()
    call_command("application_digest", stdout=out)
    text = out.getvalue()
    assert "超期1件，5个工作日内到期1件" in text
    assert f"{overdue.tracking_no}  期限2026-10-30  已超期" in text
    assert f"{soon.tracking_no}  期限2026-11-23  剩余1个工作日" in text


@time_machine.travel("2026-11-20 10:00 +0800", tick=False)
def test_digest_mails_the_office(make_application, office, mailoutbox):
    office.email = "carol@example.gov.cn"
    office.save(update_fields=["email"])
    make_application(date(2026, 9, 28))
    call_command("application_digest", "--send", stdout=StringIO())
    assert [m.to for m in mailoutbox] == [["carol@example.gov.cn"]]
    assert "依申请公开到期提醒" in mailoutbox[0].subject


@time_machine.travel("2026-12-07 10:00 +0800", tick=False)
def test_demo_reproduces_the_seed_and_fills_the_workbench():
    call_command("load_demo", stdout=StringIO())
    of_2016 = list(Application.objects.received_in(2016).prefetch_related("events"))
    assert len(of_2016) == 4  # seed: 收到4例政府信息公开申请
    assert all(services.clock_of(a).on_time for a in of_2016)  # 均在法定期限内答复
    assert not Application.objects.open_at_end_of(2016).exists()
    office = User.objects.get(username="office")
    summary = queries.summary_for(office)
    assert summary.overdue and summary.due_soon and summary.awaiting_receipt == 1
    states = {r.clock.state for r in queries.rows(office, which="open")}
    assert {State.AWAITING_SUPPLEMENT, State.PAUSED, State.RUNNING} <= states
