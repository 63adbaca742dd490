"""Reconsideration and litigation register: services, Table C counting, the 2024
reconsideration-first rule, access and views."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.appeals import queries, rules, services
from gongkai.appeals.models import Appeal, Kind, Result
from gongkai.appeals.services import AppealError
from gongkai.applications import services as application_services
from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db
TODAY = "2026-11-20 10:00 +0800"
ZERO_ROW = {"结果维持": 0, "结果纠正": 0, "其他结果": 0, "尚未审结": 0, "总计": 0}


@pytest.fixture
def make_appeal(government, office):
    def make(organization=None, *, kind=Kind.RECONSIDERATION, filed_on=date(2026, 3, 2), **extra):
        extra.setdefault("body", "株洲市人民政府")
        extra.setdefault("appellant", "刘某")
        extra.setdefault("act", "对政府信息公开申请作出的答复")
        return services.create_appeal(
            organization=organization or government,
            kind=kind,
            filed_on=filed_on,
            by=extra.pop("by", office),
            **extra,
        )

    return make


@pytest.fixture
def refused_application(make_application, office):
    """An application answered on 2026-10-20 with 不予公开（保护第三方合法权益）."""
    app = make_application(date(2026, 9, 28))
    draft = application_services.draft_reply(
        app, outcome="withhold_third_party", facts="", reasons="", by=office
    )
    body = draft.body.replace("【请填写：", "（").replace("】", "）")
    application_services.update_notice(
        draft, title=draft.title, fileno="", recipient=draft.recipient, body=body, by=office
    )
    application_services.issue_notice(draft, on=date(2026, 10, 20), by=office)
    app.refresh_from_db()
    assert app.outcome == "withhold_third_party"
    return app


def _decide(appeal, result, on, by):
    return services.record_decision(appeal, result=result, decided_on=on, by=by)


# --- services ----------------------------------------------------------------------------


@time_machine.travel(TODAY, tick=False)
def test_register_and_decide_write_one_audit_event_each(make_appeal, office):
    before = AuditEvent.objects.count()
    appeal = make_appeal(case_no="株政复受〔2026〕7号", accepted_on=date(2026, 3, 6))
    assert appeal.result == Result.PENDING and appeal.decided_on is None
    assert appeal.created_by == office
    services.update_appeal(appeal, by=office, summary="复议机关已受理。")
    _decide(appeal, Result.CORRECTED, date(2026, 5, 8), office)
    actions = list(
        AuditEvent.objects.filter(object_type="appeals.appeal", object_id=str(appeal.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["appeal.create", "appeal.update", "appeal.decide"]
    assert AuditEvent.objects.count() == before + 3
    appeal.refresh_from_db()
    assert (appeal.result, appeal.decided_on) == (Result.CORRECTED, date(2026, 5, 8))


@time_machine.travel(TODAY, tick=False)
def test_bad_input_is_rejected_with_a_message_and_nothing_is_written(
    make_appeal, make_application, office, finance
):
    application = make_application(date(2026, 1, 5))
    appeal = make_appeal(filed_on=date(2026, 3, 2))
    appeals, events = Appeal.objects.count(), AuditEvent.objects.count()
    with pytest.raises(AppealError) as exc:
        make_appeal(filed_on=date(2026, 3, 2), accepted_on=date(2026, 3, 1))
    assert "受理日期（2026-03-01）不能早于申请/起诉日期（2026-03-02）" in str(exc.value)
    with pytest.raises(AppealError, match="不能晚于今天"):
        make_appeal(filed_on=date(2026, 12, 1))
    with pytest.raises(AppealError, match="请填写申请人/原告"):
        make_appeal(appellant="  ")
    with pytest.raises(AppealError, match="审结日期（2026-03-01）不能早于申请/起诉日期"):
        _decide(appeal, Result.UPHELD, date(2026, 3, 1), office)
    with pytest.raises(AppealError, match="必须填写审结日期"):
        _decide(appeal, Result.UPHELD, None, office)
    with pytest.raises(AppealError, match="尚未审结的案件不能填写审结日期"):
        _decide(appeal, Result.PENDING, date(2026, 4, 1), office)
    with pytest.raises(AppealError, match="只有复议后起诉的案件可以关联"):
        make_appeal(kind=Kind.DIRECT_SUIT, follows=appeal)
    with pytest.raises(AppealError, match=r"受理机关为“测试区管委会”，与被申请人/被告不一致"):
        make_appeal(finance, application=application)
    assert (Appeal.objects.count(), AuditEvent.objects.count()) == (appeals, events)
    appeal.refresh_from_db()
    assert appeal.result == Result.PENDING and appeal.decided_on is None


@time_machine.travel(TODAY, tick=False)
def test_case_number_is_unique_per_agency_and_kind(make_appeal):
    make_appeal(case_no="（2026）湘0211行初45号", kind=Kind.DIRECT_SUIT)
    with pytest.raises(AppealError, match="案号“（2026）湘0211行初45号”已登记"):
        make_appeal(case_no="（2026）湘0211行初45号", kind=Kind.DIRECT_SUIT)
    make_appeal(case_no="", kind=Kind.DIRECT_SUIT)
    make_appeal(case_no="", kind=Kind.DIRECT_SUIT)  # no number yet: not unique


def test_database_refuses_an_inconsistent_result(government):
    fields = {"organization": government, "body": "法院", "appellant": "甲", "act": "答复"}
    with pytest.raises(IntegrityError), transaction.atomic():
        Appeal.objects.create(
            kind=Kind.RECONSIDERATION, filed_on=date(2026, 3, 2), result=Result.UPHELD, **fields
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Appeal.objects.create(
            kind=Kind.RECONSIDERATION,
            filed_on=date(2026, 3, 2),
            decided_on=date(2026, 3, 9),
            **fields,  # result defaults to 尚未审结
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Appeal.objects.create(
            kind=Kind.RECONSIDERATION,
            filed_on=date(2026, 3, 2),
            decided_on=date(2026, 3, 1),
            result=Result.UPHELD,
            **fields,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Appeal.objects.create(
            kind=Kind.DIRECT_SUIT, filed_on=date(2026, 3, 2), co_defendant=True, **fields
        )
    assert not Appeal.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_suit_after_reconsideration_follows_a_reconsideration_of_the_same_agency(
    make_appeal, finance, government, office
):
    first = make_appeal(finance, filed_on=date(2026, 1, 5))
    _decide(first, Result.UPHELD, date(2026, 3, 1), office)
    suit = make_appeal(
        finance,
        kind=Kind.SUIT_AFTER_RECONSIDERATION,
        filed_on=date(2026, 3, 10),
        body="株洲市天元区人民法院",
        follows=first,
        co_defendant=True,
    )
    assert list(first.suits.all()) == [suit]
    with pytest.raises(AppealError, match="前置案件必须是行政复议案件"):
        make_appeal(finance, kind=Kind.SUIT_AFTER_RECONSIDERATION, follows=suit)
    with pytest.raises(AppealError, match="起诉日期不能早于前置行政复议的申请日期"):
        make_appeal(
            finance, kind=Kind.SUIT_AFTER_RECONSIDERATION, filed_on=date(2026, 1, 2), follows=first
        )
    with pytest.raises(AppealError, match="不能改为其他类型"):
        services.update_appeal(first, by=office, kind=Kind.DIRECT_SUIT)


# --- Table C -------------------------------------------------------------------------------


@time_machine.travel(TODAY, tick=False)
def test_table_c_counts_the_result_as_of_31_december(make_appeal, government, office):
    def case(kind, filed, result=Result.PENDING, decided=None):
        appeal = make_appeal(kind=kind, filed_on=filed)
        if decided is not None:
            _decide(appeal, result, decided, office)
        return appeal

    case(Kind.RECONSIDERATION, date(2025, 2, 3), Result.UPHELD, date(2025, 4, 1))
    case(Kind.RECONSIDERATION, date(2025, 6, 3), Result.UPHELD, date(2025, 8, 1))
    case(Kind.RECONSIDERATION, date(2025, 9, 1), Result.CORRECTED, date(2025, 12, 31))
    # decided in the next year: 尚未审结 in the 2025 report
    late = case(Kind.RECONSIDERATION, date(2025, 11, 20), Result.CORRECTED, date(2026, 1, 15))
    case(Kind.DIRECT_SUIT, date(2025, 5, 6))
    case(Kind.DIRECT_SUIT, date(2025, 7, 6), Result.OTHER, date(2025, 10, 9))
    case(Kind.SUIT_AFTER_RECONSIDERATION, date(2025, 10, 6), Result.UPHELD, date(2025, 12, 1))
    case(Kind.COMPLAINT, date(2025, 3, 3), Result.CORRECTED, date(2025, 3, 30))  # not in C
    case(Kind.RECONSIDERATION, date(2024, 12, 30))  # filed the year before
    case(Kind.RECONSIDERATION, date(2026, 1, 2))  # filed the year after
    table = queries.table_c([government], 2025)
    assert table == {
        "行政复议": {"结果维持": 2, "结果纠正": 1, "其他结果": 0, "尚未审结": 1, "总计": 4},
        "未经复议直接起诉": {"结果维持": 0, "结果纠正": 0, "其他结果": 1, "尚未审结": 1, "总计": 2},
        "复议后起诉": {"结果维持": 1, "结果纠正": 0, "其他结果": 0, "尚未审结": 0, "总计": 1},
    }
    assert rules.i4_errors(table) == []
    assert late.result == Result.CORRECTED  # the register itself has the final result
    assert queries.table_c([government], 2026)["行政复议"]["总计"] == 1  # filed 2026-01-02


@time_machine.travel(TODAY, tick=False)
def test_co_defendant_case_counts_only_for_the_original_acting_agency(
    make_appeal, government, finance, office
):
    # 财政局 refused; the 管委会 (reconsideration organ) upheld; the suit names both.
    reconsideration = make_appeal(finance, filed_on=date(2026, 2, 2), body="云龙示范区管委会")
    _decide(reconsideration, Result.UPHELD, date(2026, 3, 30), office)
    make_appeal(
        finance,
        kind=Kind.SUIT_AFTER_RECONSIDERATION,
        filed_on=date(2026, 4, 10),
        body="株洲市天元区人民法院",
        follows=reconsideration,
        co_defendant=True,
    )
    assert queries.table_c([government], 2026) == {
        "行政复议": ZERO_ROW,
        "未经复议直接起诉": ZERO_ROW,
        "复议后起诉": ZERO_ROW,
    }
    finance_table = queries.table_c([finance], 2026)
    assert finance_table["行政复议"]["结果维持"] == 1
    assert finance_table["复议后起诉"] == {**ZERO_ROW, "尚未审结": 1, "总计": 1}
    # a roll-up over both still counts the suit once
    assert queries.table_c([government, finance], 2026)["复议后起诉"]["总计"] == 1
    # registering the same suit against the reconsideration organ is refused
    with pytest.raises(AppealError, match="只计入原行政行为机关"):
        make_appeal(
            government,
            kind=Kind.SUIT_AFTER_RECONSIDERATION,
            filed_on=date(2026, 4, 10),
            follows=reconsideration,
            co_defendant=True,
        )


def test_table_c_is_one_query(government, django_assert_num_queries):
    with django_assert_num_queries(1):
        table = queries.table_c([government], 2026)
    assert table["行政复议"] == ZERO_ROW


case_strategy = st.tuples(
    st.sampled_from(Kind.values),
    st.integers(2024, 2026),  # year filed
    st.integers(0, 364),  # day of that year
    st.sampled_from(Result.values),
    st.integers(0, 500),  # days from filing to decision
    st.booleans(),  # against the government (else 财政局)
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(cases=st.lists(case_strategy, max_size=20), year=st.integers(2024, 2026))
def test_table_c_identity_i4_holds_for_any_case_set(government, finance, cases, year):
    Appeal.objects.all().delete()
    rows = []
    for kind, filed_year, day, result, delay, ours in cases:
        filed = date(filed_year, 1, 1) + timedelta(days=day)
        decided = None if result == Result.PENDING else filed + timedelta(days=delay)
        rows.append(
            Appeal(
                organization=government if ours else finance,
                kind=kind,
                filed_on=filed,
                decided_on=decided,
                result=result,
                body="复议机关",
                appellant="申请人",
                act="答复",
            )
        )
    Appeal.objects.bulk_create(rows)
    table = queries.table_c([government], year)
    assert rules.i4_errors(table) == []
    expected = {group: dict(ZERO_ROW) for group in rules.TABLE_C_GROUPS.values()}
    for row in rows:
        if row.organization != government or row.filed_on.year != year:
            continue
        if row.kind not in rules.TABLE_C_GROUPS:
            continue
        group = expected[rules.TABLE_C_GROUPS[row.kind]]
        as_of = rules.result_as_of(row.result, row.decided_on, date(year, 12, 31))
        group[rules.RESULT_COLUMNS[as_of]] += 1
        group["总计"] += 1
    assert table == expected


def test_i4_check_names_the_broken_group():
    table = {group: dict(ZERO_ROW) for group in rules.TABLE_C_GROUPS.values()}
    table["复议后起诉"]["总计"] = 1
    assert rules.i4_errors(table) == ["复议后起诉：维持、纠正、其他、尚未审结之和为0，总计为1"]


# --- the reconsideration-first rule (行政复议法 2023, Art. 23 ¶1 (4)) --------------------


def test_warning_rule_applies_to_direct_suits_of_refusals_from_2024():
    def warn(kind=Kind.DIRECT_SUIT, filed=date(2024, 1, 1), outcome="withhold_third_party"):
        return rules.reconsideration_first_warning(kind=kind, filed_on=filed, outcome_code=outcome)

    assert "第二十三条" in warn() and "第三方合法权益" in warn()
    assert warn(outcome="partial")  # 部分公开 withholds a part
    assert warn(filed=date(2023, 12, 31)) == ""  # before the revised law
    assert warn(outcome="disclose") == ""
    assert warn(outcome="") == ""  # not answered (yet): e.g. a suit for inaction
    assert warn(kind=Kind.RECONSIDERATION) == ""
    assert warn(kind=Kind.SUIT_AFTER_RECONSIDERATION) == ""


@time_machine.travel(TODAY, tick=False)
def test_direct_suit_of_a_refused_application_is_registered_with_a_warning(
    make_appeal, refused_application, office, client
):
    suit = make_appeal(
        kind=Kind.DIRECT_SUIT,
        filed_on=date(2026, 11, 2),
        body="株洲市天元区人民法院",
        application=refused_application,
    )
    assert "应当先申请行政复议" in suit.warning
    event = AuditEvent.objects.get(action="appeal.create", object_id=str(suit.pk))
    assert event.details["warning"] == suit.warning
    client.force_login(office)
    page = client.get(f"/staff/appeals/{suit.pk}/").content.decode()
    assert "应当先申请行政复议" in page and refused_application.tracking_no in page
    assert "复议前置提示" in client.get("/staff/appeals/").content.decode()
    # corrected to a reconsideration: the warning goes away
    services.update_appeal(suit, by=office, kind=Kind.RECONSIDERATION, body="株洲市人民政府")
    suit.refresh_from_db()
    assert suit.warning == ""
    reconsideration = make_appeal(application=refused_application, filed_on=date(2026, 11, 3))
    assert reconsideration.warning == ""


@time_machine.travel(TODAY, tick=False)
def test_create_form_is_prefilled_from_the_application_and_states_the_rule(
    client, office, refused_application
):
    client.force_login(office)
    url = f"/staff/appeals/new/?application={refused_application.pk}"
    page = client.get(url).content.decode()
    assert refused_application.tracking_no in page
    assert "第二十三条第一款第（四）项" in page and "不能未经复议直接起诉" in page
    assert "属于“申请政府信息公开，行政机关不予公开”的情形" in page
    assert f'value="{refused_application.tracking_no}"' in page
    response = client.post(
        url,
        {
            "organization": refused_application.organization_id,
            "kind": Kind.DIRECT_SUIT,
            "case_no": "（2026）湘0211行初88号",
            "body": "株洲市天元区人民法院",
            "appellant": "张三",
            "act": "不予公开答复",
            "filed_on": "2026-11-05",
            "application_no": refused_application.tracking_no,
        },
        follow=True,
    )
    appeal = Appeal.objects.get(case_no="（2026）湘0211行初88号")
    assert response.redirect_chain[-1][0] == f"/staff/appeals/{appeal.pk}/"
    assert appeal.application == refused_application and appeal.warning
    assert "应当先申请行政复议" in response.content.decode()


# --- access and views --------------------------------------------------------------------


@time_machine.travel(TODAY, tick=False)
def test_outsider_neither_sees_nor_changes_cases(client, make_appeal, outsider, government):
    appeal = make_appeal(case_no="株政复受〔2026〕9号")
    client.force_login(outsider)
    for url in (f"/staff/appeals/{appeal.pk}/", f"/staff/appeals/{appeal.pk}/edit/"):
        assert client.get(url).status_code == 404
    assert client.post(f"/staff/appeals/{appeal.pk}/decision/", {}).status_code == 404
    assert "株政复受〔2026〕9号" not in client.get("/staff/appeals/").content.decode()
    assert client.get("/staff/appeals/new/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.create_appeal(
            organization=government,
            kind=Kind.RECONSIDERATION,
            filed_on=date(2026, 3, 2),
            body="x",
            appellant="y",
            act="z",
            by=outsider,
        )
    with pytest.raises(PermissionDenied):
        _decide(appeal, Result.UPHELD, date(2026, 4, 1), outsider)


@time_machine.travel(TODAY, tick=False)
def test_staff_in_scope_without_the_office_role_read_but_get_403(
    client, make_appeal, editor, finance
):
    appeal = make_appeal(finance)
    client.force_login(editor)  # Alice edits for 财政局
    assert client.get(f"/staff/appeals/{appeal.pk}/").status_code == 200
    assert client.get(f"/staff/appeals/{appeal.pk}/edit/").status_code == 403
    response = client.post(
        f"/staff/appeals/{appeal.pk}/decision/", {"result": "upheld", "decided_on": "2026-04-01"}
    )
    assert response.status_code == 403
    assert client.get("/staff/appeals/new/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.update_appeal(appeal, by=editor, summary="x")
    appeal.refresh_from_db()
    assert appeal.result == Result.PENDING and appeal.summary == ""


@time_machine.travel(TODAY, tick=False)
def test_office_head_may_register(make_appeal, head):
    assert make_appeal(by=head).created_by == head


@time_machine.travel(TODAY, tick=False)
def test_decision_view_records_the_result_or_shows_the_error(client, make_appeal, office):
    appeal = make_appeal(filed_on=date(2026, 3, 2))
    client.force_login(office)
    url = f"/staff/appeals/{appeal.pk}/decision/"
    response = client.post(url, {"result": "upheld", "decided_on": "2026-03-01"})
    assert response.status_code == 200
    assert "审结日期（2026-03-01）不能早于申请/起诉日期（2026-03-02）" in response.content.decode()
    assert not AuditEvent.objects.filter(action="appeal.decide").exists()
    response = client.post(url, {"result": "upheld", "decided_on": "2026-05-12", "note": "维持"})
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert (appeal.result, appeal.decided_on, appeal.decision_note) == (
        Result.UPHELD,
        date(2026, 5, 12),
        "维持",
    )


@time_machine.travel(TODAY, tick=False)
def test_create_view_shows_form_errors_and_writes_nothing(client, office, government):
    client.force_login(office)
    response = client.post(
        "/staff/appeals/new/",
        {
            "organization": government.pk,
            "kind": Kind.RECONSIDERATION,
            "body": "株洲市人民政府",
            "appellant": "李四",
            "act": "答复",
            "filed_on": "2026-05-02",
            "accepted_on": "2026-05-01",
            "application_no": "YSQ2026-999-99999",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "受理日期不能早于申请/起诉日期" in page
    assert "找不到受理编号为“YSQ2026-999-99999”的申请" in page
    assert not Appeal.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_edit_view_saves_through_the_service(client, make_appeal, office, government):
    appeal = make_appeal(case_no="旧案号")
    client.force_login(office)
    url = f"/staff/appeals/{appeal.pk}/edit/"
    assert "旧案号" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "organization": government.pk,
            "kind": Kind.RECONSIDERATION,
            "case_no": "株政复受〔2026〕12号",
            "body": appeal.body,
            "appellant": appeal.appellant,
            "act": appeal.act,
            "filed_on": "2026-03-02",
        },
    )
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.case_no == "株政复受〔2026〕12号"
    assert AuditEvent.objects.filter(action="appeal.update", object_id=str(appeal.pk)).count() == 1


@time_machine.travel(TODAY, tick=False)
def test_list_filters_and_query_count(
    client, make_appeal, make_application, office, django_assert_max_num_queries
):
    for n in range(12):
        app = make_application(date(2026, 9, 1) + timedelta(days=n)) if n % 3 == 0 else None
        make_appeal(
            kind=Kind.DIRECT_SUIT if n % 2 else Kind.RECONSIDERATION,
            filed_on=date(2025 + n % 2, 10, 1),
            case_no=f"案号-{n}",
            application=app,
        )
    client.force_login(office)
    with django_assert_max_num_queries(9):  # as many for 12 rows as for 1
        response = client.get("/staff/appeals/")
    page = response.content.decode()
    assert all(f"案号-{n}<" in page for n in range(12))
    filtered = client.get("/staff/appeals/", {"kind": "direct_suit", "year": "2026"})
    text = filtered.content.decode()
    assert "案号-1<" in text and "案号-0<" not in text
    assert "案号-1<" not in client.get("/staff/appeals/", {"result": "upheld"}).content.decode()


# --- admin and demo ------------------------------------------------------------------------


@time_machine.travel(TODAY, tick=False)
def test_admin_registers_through_the_service(client, make_user, government):
    admin = make_user("root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    data = {
        "organization": government.pk,
        "kind": Kind.RECONSIDERATION,
        "case_no": "株政复受〔2026〕30号",
        "body": "株洲市人民政府",
        "appellant": "王五",
        "act": "答复",
        "filed_on": "2026-06-01",
        "result": "upheld",
        "decided_on": "2026-05-01",
        "decision_note": "",
        "summary": "",
    }
    response = client.post("/admin/appeals/appeal/add/", data)
    assert response.status_code == 200 and not Appeal.objects.exists()
    assert "不能早于申请/起诉日期" in response.content.decode()
    data["decided_on"] = "2026-08-01"
    assert client.post("/admin/appeals/appeal/add/", data).status_code == 302
    appeal = Appeal.objects.get()
    assert (appeal.result, appeal.created_by) == (Result.UPHELD, admin)
    actions = AuditEvent.objects.filter(object_type="appeals.appeal").values_list(
        "action", flat=True
    )
    assert sorted(actions) == ["appeal.create", "appeal.decide"]
    assert client.get("/admin/appeals/appeal/").status_code == 200
    change = f"/admin/appeals/appeal/{appeal.pk}/change/"
    assert client.get(change).status_code == 200
    response = client.post(change, {**data, "summary": "已结案。"})
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.summary == "已结案。"
    assert AuditEvent.objects.filter(action="appeal.update", object_id=str(appeal.pk)).exists()
    assert AuditEvent.objects.filter(action="appeal.decide").count() == 1  # result unchanged


@time_machine.travel(TODAY, tick=False)
def test_demo_has_two_cases_this_year_and_none_in_2016():
    from gongkai.appeals import demo as appeals_demo
    from gongkai.core import demo as core_demo

    core_demo.load()
    appeals_demo.load()
    appeals_demo.load()  # idempotent
    assert Appeal.objects.count() == 2
    assert not Appeal.objects.filter(filed_on__year=2016).exists()
    government = Appeal.objects.first().organization
    table = queries.table_c([government], 2026)
    assert table["行政复议"] == {**ZERO_ROW, "尚未审结": 1, "总计": 1}
    assert table["复议后起诉"] == {**ZERO_ROW, "结果维持": 1, "总计": 1}
    assert queries.table_c([government], 2016)["行政复议"] == ZERO_ROW
