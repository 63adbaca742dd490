"""Reply outcomes: exactly the 21 result rows of Table B 三, their bases, letters and remedies."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.applications import outcomes
from gongkai.applications.outcomes import OUTCOMES, UnknownOutcome

# REGULATION.md §2.3, rows of 三、本年度办理结果 in form order, with the label each row prints.
# One normalization: the form (and every real report, e.g. Pingtan 2021) prints
# “三安全一稳定” with Chinese quotation marks, where the fact sheet has ASCII quotes.
REPORT_ROWS = [
    ("三(一)", "（一）予以公开"),
    ("三(二)", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("三(三)1", "1.属于国家秘密"),
    ("三(三)2", "2.其他法律行政法规禁止公开"),
    ("三(三)3", "3.危及“三安全一稳定”"),
    ("三(三)4", "4.保护第三方合法权益"),
    ("三(三)5", "5.属于三类内部事务信息"),
    ("三(三)6", "6.属于四类过程性信息"),
    ("三(三)7", "7.属于行政执法案卷"),
    ("三(三)8", "8.属于行政查询事项"),
    ("三(四)1", "1.本机关不掌握相关政府信息"),
    ("三(四)2", "2.没有现成信息需要另行制作"),
    ("三(四)3", "3.补正后申请内容仍不明确"),
    ("三(五)1", "1.信访举报投诉类申请"),
    ("三(五)2", "2.重复申请"),
    ("三(五)3", "3.要求提供公开出版物"),
    ("三(五)4", "4.无正当理由大量反复申请"),
    ("三(五)5", "5.要求行政机关确认或重新出具已获取信息"),
    ("三(六)1", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("三(六)2", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("三(六)3", "3.其他"),
]

ORDINANCE = "《中华人民共和国政府信息公开条例》"
BODY = "云龙示范区管理委员会"
COURT = "云龙区人民法院"
WITHHELD_CODES = {o.code for o in outcomes.in_group("三(三)")}


# --- the set -----------------------------------------------------------------------------


def test_there_are_exactly_21_outcomes():
    assert len(OUTCOMES) == 21


def test_codes_and_row_keys_are_unique():
    assert len({o.code for o in OUTCOMES}) == 21
    assert len({o.row_key for o in OUTCOMES}) == 21


def test_codes_are_stable_ascii_that_fit_the_outcome_column():
    for o in OUTCOMES:
        assert re.fullmatch(r"[a-z][a-z_]*[a-z]", o.code), o.code
    # Application.outcome / Notice.outcome_code are CharField(max_length=32).
    assert outcomes.CODE_MAX_LENGTH <= 32


def test_row_keys_and_labels_follow_the_report_form_in_order():
    assert [(o.row_key, o.report_label) for o in OUTCOMES] == REPORT_ROWS
    assert tuple(key for key, _ in REPORT_ROWS) == outcomes.ROW_KEYS


def test_total_row_is_not_an_outcome():
    assert outcomes.TOTAL_ROW_KEY == "三(七)"
    assert outcomes.get("total") is None
    with pytest.raises(UnknownOutcome):
        outcomes.by_row_key(outcomes.TOTAL_ROW_KEY)


def test_groups_in_report_order_with_their_rows():
    assert [(g.key, g.code, g.label) for g in outcomes.GROUPS] == [
        ("三(一)", "disclosed", "（一）予以公开"),
        ("三(二)", "partial", "（二）部分公开"),
        ("三(三)", "withheld", "（三）不予公开"),
        ("三(四)", "unavailable", "（四）无法提供"),
        ("三(五)", "not_handled", "（五）不予处理"),
        ("三(六)", "other", "（六）其他处理"),
    ]
    assert [len(outcomes.in_group(g)) for g in outcomes.GROUPS] == [1, 1, 8, 3, 5, 3]
    for o in OUTCOMES:
        assert o.row_key.startswith(o.group.key)
    assert [o.row_key for g in outcomes.GROUPS for o in outcomes.in_group(g)] == list(
        outcomes.ROW_KEYS
    )


def test_full_labels():
    assert outcomes.by_code("withhold_secret").full_label == "（三）不予公开 1.属于国家秘密"
    assert outcomes.by_code("disclose").full_label == "（一）予以公开"


# --- lookups -----------------------------------------------------------------------------


def test_lookups_by_code_row_key_and_group():
    secret = outcomes.by_code("withhold_secret")
    assert outcomes.by_row_key("三(三)1") is secret
    assert outcomes.by_row_key("三（三）1") is secret  # full-width brackets, as in reports
    assert outcomes.by_row_key(" 三（三）1. ") is secret
    assert outcomes.get("withhold_secret") is secret
    assert outcomes.get("nonsense") is None
    assert outcomes.group("withheld") is outcomes.group("三（三）") is secret.group
    assert outcomes.in_group("withheld") == outcomes.in_group("三(三)")
    assert outcomes.CHOICES[0] == ("disclose", "予以公开")
    assert [code for code, _ in outcomes.CHOICES] == [o.code for o in OUTCOMES]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: outcomes.by_code("refuse"), "未知的办理结果代码"),
        (lambda: outcomes.by_row_key("三(三)9"), "没有“三\\(三\\)9”这一办理结果行"),
        (lambda: outcomes.group("三(八)"), "未知的办理结果类别"),
    ],
)
def test_unknown_lookups_raise_lookup_errors(call, message):
    with pytest.raises(LookupError, match=message):
        call()


# --- legal bases and letters ------------------------------------------------------------


@pytest.mark.parametrize("outcome", OUTCOMES, ids=lambda o: o.code)
def test_every_outcome_has_a_basis_and_a_decision_template(outcome):
    assert outcome.basis.citation.startswith(ORDINANCE)
    assert ORDINANCE in outcome.basis.sentence
    assert outcome.basis.sentence.endswith("。")
    assert outcome.decision_template.strip()
    assert outcome.placeholders, "a decision names at least what it decides about"
    assert set(outcome.placeholders) <= set(outcomes.PLACEHOLDERS)
    assert outcome.short_label


@pytest.mark.parametrize(
    ("code", "articles"),
    [
        ("disclose", ["第三十六条第（一）项", "第（二）项"]),
        ("partial", ["第三十七条"]),
        ("withhold_secret", ["第十四条", "第三十六条第（三）项"]),
        ("withhold_prohibited", ["第十四条"]),
        ("withhold_security", ["第十四条"]),
        ("withhold_third_party", ["第十五条"]),
        ("withhold_internal", ["第十六条第一款"]),
        ("withhold_process", ["第十六条第二款"]),
        ("withhold_enforcement_file", ["第十六条第二款"]),
        ("withhold_special_register", ["第三十六条第（七）项"]),
        ("unavailable_not_held", ["第三十六条第（四）项", "第（五）项"]),
        ("unavailable_needs_creation", ["第三十八条"]),
        ("unavailable_unclear", ["第三十条"]),
        ("not_handled_petition", ["第三十九条第一款"]),
        ("not_handled_repeat", ["第三十六条第（六）项"]),
        ("not_handled_publication", ["第三十九条第二款"]),
        ("not_handled_excessive", ["第三十五条"]),
        ("other_supplement_missed", ["第三十条"]),
        ("other_fee_unpaid", ["第四十二条", "国办函〔2020〕109号"]),
    ],
)
def test_bases_cite_the_right_articles(code, articles):
    basis = outcomes.by_code(code).basis
    for article in articles:
        assert article in basis.citation
    assert articles[0] in basis.sentence


def test_withholding_bases_cite_the_reply_duty_of_article_36_3():
    for code in WITHHELD_CODES - {"withhold_special_register"}:
        assert "第三十六条第（三）项" in outcomes.by_code(code).basis.citation


def test_partial_decision_discloses_part_and_withholds_the_rest():
    text = outcomes.render_decision(
        "partial",
        information="《云龙示范区2016年道路维修项目资料》",
        disclosed_part="项目批复及预算",
        how_to_obtain="随本答复提供",
        withheld_part="施工单位人员身份证号码",
        withheld_reason="涉及个人隐私",
        withheld_basis=f"{ORDINANCE}第十五条",
    )
    assert text == (
        "经审查，您申请获取的《云龙示范区2016年道路维修项目资料》中，项目批复及预算可以公开，"
        "本机关予以公开（随本答复提供）；其余部分即施工单位人员身份证号码，因涉及个人隐私，"
        f"根据{ORDINANCE}第十五条的规定，不予公开。"
    )


def test_render_decision_names_what_is_missing():
    with pytest.raises(ValueError, match=r"不予公开：法律法规禁止.*law（禁止公开"):
        outcomes.render_decision("withhold_prohibited", information="某文件", law="  ")


def test_reply_paragraph_drafts_with_visible_gaps():
    outcome = outcomes.by_code("withhold_secret")
    draft = outcome.reply_paragraph("该文件已依法确定为机密级")
    assert draft.startswith("该文件已依法确定为机密级。")
    assert outcome.basis.sentence in draft
    assert "【请填写：所申请的政府信息" in draft
    done = outcome.reply_paragraph("", information="《某某通知》")
    assert "【" not in done
    assert done.endswith(
        "经审查，您申请获取的《某某通知》属于依法确定为国家秘密的政府信息，本机关决定不予公开。"
    )


@given(st.text(min_size=1).filter(str.strip))
def test_rendered_decisions_contain_what_was_filled_in(value):
    for outcome in OUTCOMES:
        text = outcomes.render_decision(outcome, **dict.fromkeys(outcome.placeholders, value))
        assert value in text
        assert "{" not in text.replace(value, "")


# --- reconsideration first and closing without a reply ------------------------------------


def test_reconsideration_first_is_every_withholding_and_partial_disclosure():
    assert WITHHELD_CODES | {"partial"} == outcomes.RECONSIDERATION_FIRST_CODES
    assert len(outcomes.RECONSIDERATION_FIRST_CODES) == 9


def test_closed_without_a_reply_on_the_merits():
    assert {"other_supplement_missed", "other_fee_unpaid"} == outcomes.CLOSED_WITHOUT_REPLY
    assert outcomes.by_code(outcomes.SUPPLEMENT_LAPSED).row_key == "三(六)1"
    assert outcomes.by_code(outcomes.FEE_LAPSED).row_key == "三(六)2"


# --- remedies ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "outcome", [o for o in OUTCOMES if o.reconsideration_first], ids=lambda o: o.code
)
def test_refusal_remedies_require_reconsideration_first(outcome):
    text = outcomes.remedies_text(outcome, reconsideration_body=BODY, court=COURT)
    assert "应当先申请行政复议" in text
    assert "第二十三条第一款第（四）项" in text
    assert f"六十日内向{BODY}申请行政复议" in text
    assert "第二十条" in text
    assert f"自收到行政复议决定书之日起十五日内向{COURT}提起行政诉讼" in text
    assert "第四十五条" in text
    assert "六个月" not in text
    assert "第四十六条" not in text


@pytest.mark.parametrize(
    "outcome", [o for o in OUTCOMES if not o.reconsideration_first], ids=lambda o: o.code
)
def test_other_remedies_offer_reconsideration_and_a_direct_suit(outcome):
    text = outcomes.remedies_text(outcome, reconsideration_body=BODY, court=COURT)
    assert "应当先申请行政复议" not in text
    assert f"六十日内向{BODY}申请行政复议" in text
    assert f"十五日内向{COURT}提起行政诉讼" in text
    assert f"六个月内直接向{COURT}提起行政诉讼" in text
    assert "第四十六条" in text


def test_disclosure_offers_both_routes_and_refusal_only_one():
    disclose = outcomes.remedies_text("disclose", reconsideration_body=BODY, court=COURT)
    refuse = outcomes.remedies_text("withhold_secret", reconsideration_body=BODY, court=COURT)
    assert "申请行政复议" in disclose and "六个月内直接" in disclose
    assert "申请行政复议" in refuse and "六个月内直接" not in refuse
    partial = outcomes.remedies_text("partial", reconsideration_body=BODY, court=COURT)
    assert partial.startswith("本答复对所申请信息的部分内容不予公开")


@pytest.mark.parametrize(
    ("body", "court", "message"),
    [("", COURT, "缺少行政复议机关名称"), (BODY, "  ", "缺少人民法院名称")],
)
def test_remedies_need_both_names(body, court, message):
    with pytest.raises(ValueError, match=message):
        outcomes.remedies_text("disclose", reconsideration_body=body, court=court)
