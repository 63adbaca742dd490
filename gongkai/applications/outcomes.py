"""Reply outcomes (答复/办理结果): the 21 result rows of annual-report Table B 三. Pure data.

Each outcome is one row of 三、本年度办理结果 in the 2021 report format (国办公开办函〔2021〕30号,
REGULATION.md §2.3), in report order: (一)予以公开, (二)部分公开, (三)不予公开 1–8,
(四)无法提供 1–3, (五)不予处理 1–5, (六)其他处理 1–3. (七)总计 is a sum, not an outcome. One
application ends in exactly one outcome; a partly disclosed one counts only in (二).

For each outcome: a stable ASCII `code` (stored in the database), the report `row_key` as used
by the annual report (`三(三)1`; DESIGN.md §4 keys rows `三(一)` … `三(七)`, sub-rows append
their number), the row label as printed in the form, a short label for staff screens, the
legal basis in 《中华人民共和国政府信息公开条例》 (2019) as a citation and as a sentence for the
reply letter (答复书), and a decision sentence template with `{placeholders}`.

Our readings (documented, not settled law):

- **Reconsideration first (复议前置).** 《行政复议法》 (2023) 第二十三条第一款第（四）项 requires
  reconsideration before litigation when "申请政府信息公开，行政机关不予公开". We read "不予公开"
  as the reply type of that name, protectively: every (三) row, including (三)8 行政查询事项
  (a referral under 条例第三十六条第（七）项 that the report counts as 不予公开), and (二)部分公开
  because of its withheld part. (四)无法提供, (五)不予处理 and (六)其他处理 are distinct reply
  types in the 条例 and the report form (the 司法部 guidance on GI reconsideration cases also
  lists 不予公开（含部分不予公开）, 无法提供 and 不予处理 separately), so they keep both routes.
  Whether courts read Art. 23(4) more widely (e.g. to 无法提供) is **UNCONFIRMED**; the set
  is the single constant `RECONSIDERATION_FIRST_CODES`. Over-inclusion only delays a suit;
  offering a direct suit where reconsideration is required could cost the applicant the case.
- **Closed without a reply on the merits**: (六)1 (supplement deadline missed, 条例第三十条)
  and (六)2 (fee not paid after the fee notice). Both still get a written notice with remedies.
- **(五)5** (asking the agency to confirm or re-issue information already obtained) has no
  article of its own; we cite 第三十八条 (only existing information is provided). **(四)3**
  (still unclear after 补正) follows the 国办-endorsed Jiangsu norms and cites 第二十九条、第三十条.
  The fee article of 国办函〔2020〕109号 for (六)2 is not confirmed, so the measures are cited
  without an article. (六)3 其他 has no fixed basis: staff must name it.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass

ORDINANCE = "《中华人民共和国政府信息公开条例》"
RECONSIDERATION_LAW = "《中华人民共和国行政复议法》"
LITIGATION_LAW = "《中华人民共和国行政诉讼法》"
FEE_MEASURES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"

TOTAL_ROW_KEY = "三(七)"
"""(七)总计: the sum of all outcome rows (report identity I2), not an outcome itself."""


class UnknownOutcome(LookupError):
    pass


@dataclass(frozen=True)
class OutcomeGroup:
    key: str  # report row key of the heading, e.g. "三(三)"
    code: str
    name: str  # "不予公开"

    @property
    def label(self) -> str:
        """As printed in the form, e.g. "（三）不予公开"."""
        return f"（{self.key[2]}）{self.name}"


@dataclass(frozen=True)
class LegalBasis:
    citation: str  # "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项"
    sentence: str  # plain language for the reply letter

    def __str__(self) -> str:
        return self.citation


@dataclass(frozen=True)
class Outcome:
    code: str
    row_key: str
    group: OutcomeGroup
    report_label: str  # the row's label cell, verbatim, e.g. "1.属于国家秘密"
    short_label: str
    basis: LegalBasis
    decision_template: str
    reconsideration_first: bool
    closed_without_merits: bool = False
    note: str = ""  # where the basis or the reading is ours (UNCONFIRMED)

    def __str__(self) -> str:
        return self.short_label

    @property
    def full_label(self) -> str:
        """Group heading and row, e.g. "（三）不予公开 1.属于国家秘密"."""
        if self.row_key == self.group.key:
            return self.report_label
        return f"{self.group.label} {self.report_label}"

    def reply_paragraph(self, reasons: str = "", **values: str) -> str:
        """A draft decision paragraph for the 答复书: the staff's `reasons` (facts found), the
        basis sentence, then the decision sentence. Placeholders not given in `values` are left
        as visible 【请填写：…】 marks for the editor; use `render_decision` for a complete one."""
        filled = {
            name: str(values[name]).strip()
            if str(values.get(name, "")).strip()
            else f"【请填写：{PLACEHOLDERS[name]}】"
            for name in self.placeholders
        }
        parts = []
        if reasons.strip():
            parts.append(_sentence(reasons.strip()))
        parts.append(self.basis.sentence)
        parts.append(self.decision_template.format(**filled))
        return "".join(parts)

    @property
    def placeholders(self) -> tuple[str, ...]:
        """Names used in `decision_template`, in order of first use."""
        names: list[str] = []
        for _, name, _, _ in string.Formatter().parse(self.decision_template):
            if name and name not in names:
                names.append(name)
        return tuple(names)


def _sentence(text: str) -> str:
    return text if text[-1] in "。！？；" else f"{text}。"


PLACEHOLDERS: Mapping[str, str] = {
    "information": "所申请的政府信息（名称、文号或特征性描述）",
    "how_to_obtain": "获取信息的方式、途径和时间（或随本答复提供）",
    "disclosed_part": "予以公开的部分",
    "withheld_part": "不予公开的部分",
    "withheld_reason": "不予公开部分的理由",
    "withheld_basis": "不予公开部分的法律依据（法规名称及条款）",
    "law": "禁止公开或对获取另有特别规定的法律、行政法规名称及条款",
    "reason": "具体理由",
    "register": "信息类别（如不动产登记资料、企业登记资料）",
    "finding": "检索结果（信息不存在，或不属于本机关负责公开及负责公开的机关名称、联系方式）",
    "supplemented_on": "收到补正的日期",
    "channel": "可以提出信访、投诉、举报的渠道",
    "previous_reply": "此前答复的日期及文号",
    "notice_on": "补正通知或收费通知的送达日期",
    "due_on": "补正期限或缴费期限的截止日期",
    "decision": "处理决定的内容",
    "basis": "处理所依据的法律、法规名称及条款",
}
"""Every placeholder a decision template may use, with what staff fill in."""


def _group(key: str, code: str, name: str) -> OutcomeGroup:
    return OutcomeGroup(key=key, code=code, name=name)


DISCLOSED = _group("三(一)", "disclosed", "予以公开")
PARTIAL = _group("三(二)", "partial", "部分公开")
WITHHELD = _group("三(三)", "withheld", "不予公开")
UNAVAILABLE = _group("三(四)", "unavailable", "无法提供")
NOT_HANDLED = _group("三(五)", "not_handled", "不予处理")
OTHER = _group("三(六)", "other", "其他处理")

GROUPS: tuple[OutcomeGroup, ...] = (DISCLOSED, PARTIAL, WITHHELD, UNAVAILABLE, NOT_HANDLED, OTHER)

_ART36_3 = "第三十六条第（三）项"


def _basis(articles: str, sentence: str) -> LegalBasis:
    return LegalBasis(citation=f"{ORDINANCE}{articles}", sentence=sentence)


OUTCOMES: tuple[Outcome, ...] = (
    Outcome(
        code="disclose",
        row_key="三(一)",
        group=DISCLOSED,
        report_label="（一）予以公开",
        short_label="予以公开",
        basis=_basis(
            "第三十六条第（一）项、第（二）项",
            f"根据{ORDINANCE}第三十六条第（一）项、第（二）项的规定，所申请公开信息已经主动公开的，"
            "行政机关告知申请人获取该政府信息的方式、途径；所申请公开信息可以公开的，行政机关向申请人"
            "提供该政府信息，或者告知申请人获取该政府信息的方式、途径和时间。",
        ),
        decision_template=(
            "经审查，您申请获取的{information}属于可以公开的政府信息，本机关予以公开。{how_to_obtain}"
        ),
        reconsideration_first=False,
    ),
    Outcome(
        code="partial",
        row_key="三(二)",
        group=PARTIAL,
        report_label="（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        short_label="部分公开",
        basis=_basis(
            "第三十七条",
            f"根据{ORDINANCE}第三十七条的规定，申请公开的信息中含有不应当公开或者不属于政府信息的内容，"
            "但是能够作区分处理的，行政机关应当向申请人提供可以公开的政府信息内容，并对不予公开的内容"
            "说明理由。",
        ),
        decision_template=(
            "经审查，您申请获取的{information}中，{disclosed_part}可以公开，本机关予以公开"
            "（{how_to_obtain}）；其余部分即{withheld_part}，因{withheld_reason}，"
            "根据{withheld_basis}的规定，不予公开。"
        ),
        reconsideration_first=True,
        note="复议前置：按保护性理解，对其中不予公开的部分适用行政复议法第二十三条第一款第（四）项。",
    ),
    Outcome(
        code="withhold_secret",
        row_key="三(三)1",
        group=WITHHELD,
        report_label="1.属于国家秘密",
        short_label="不予公开：国家秘密",
        basis=_basis(
            f"第十四条、{_ART36_3}",
            f"根据{ORDINANCE}第十四条的规定，依法确定为国家秘密的政府信息，不予公开。",
        ),
        decision_template=(
            "经审查，您申请获取的{information}属于依法确定为国家秘密的政府信息，本机关决定不予公开。"
        ),
        reconsideration_first=True,
    ),
    Outcome(
        code="withhold_prohibited",
        row_key="三(三)2",
        group=WITHHELD,
        report_label="2.其他法律行政法规禁止公开",
        short_label="不予公开：法律法规禁止",
        basis=_basis(
            f"第十四条、{_ART36_3}",
            f"根据{ORDINANCE}第十四条的规定，法律、行政法规禁止公开的政府信息，不予公开。",
        ),
        decision_template=(
            "经审查，您申请获取的{information}属于{law}禁止公开的政府信息，本机关决定不予公开。"
        ),
        reconsideration_first=True,
    ),
    Outcome(
        code="withhold_security",
        row_key="三(三)3",
        group=WITHHELD,
        report_label="3.危及“三安全一稳定”",
        short_label="不予公开：危及三安全一稳定",
        basis=_basis(
            f"第十四条、{_ART36_3}",
            f"根据{ORDINANCE}第十四条的规定，公开后可能危及国家安全、公共安全、经济安全、社会稳定的"
            "政府信息，不予公开。",
        ),
        decision_template=(
            "经审查，您申请获取的{information}公开后可能危及国家安全、公共安全、经济安全或者社会稳定"
            "（{reason}），本机关决定不予公开。"
        ),
        reconsideration_first=True,
    ),
    Outcome(
        code="withhold_third_party",
        row_key="三(三)4",
        group=WITHHELD,
        report_label="4.保护第三方合法权益",
        short_label="不予公开：第三方合法权益",
        basis=_basis(
            f"第十五条、{_ART36_3}",
            f"根据{ORDINANCE}第十五条的规定，涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的"
            "政府信息，行政机关不得公开；第三方同意公开或者行政机关认为不公开会对公共利益造成重大影响的"
            "除外。",
        ),
        decision_template=(
            "经审查，您申请获取的{information}涉及{reason}，公开会对第三方合法权益造成损害，"
            "本机关决定不予公开。"
        ),
        reconsideration_first=True,
        note="征求第三方意见的程序见条例第三十二条（第三方15个工作日内提出意见）。",
    ),
    Outcome(
        code="withhold_internal",
        row_key="三(三)5",
        group=WITHHELD,
        report_label="5.属于三类内部事务信息",
        short_label="不予公开：内部事务信息",
        basis=_basis(
            f"第十六条第一款、{_ART36_3}",
            f"根据{ORDINANCE}第十六条第一款的规定，行政机关的内部事务信息，包括人事管理、后勤管理、"
            "内部工作流程等方面的信息，可以不予公开。",
        ),
        decision_template=(
            "经审查，您申请获取的{information}属于本机关的内部事务信息（{reason}），"
            "本机关决定不予公开。"
        ),
        reconsideration_first=True,
    ),
    Outcome(
        code="withhold_process",
        row_key="三(三)6",
        group=WITHHELD,
        report_label="6.属于四类过程性信息",
        short_label="不予公开：过程性信息",
        basis=_basis(
            f"第十六条第二款、{_ART36_3}",
            f"根据{ORDINANCE}第十六条第二款的规定，行政机关在履行行政管理职能过程中形成的讨论记录、"
            "过程稿、磋商信函、请示报告等过程性信息，可以不予公开；法律、法规、规章规定应当公开的，"
            "从其规定。",
        ),
        decision_template=(
            "经审查，您申请获取的{information}属于本机关在履行行政管理职能过程中形成的过程性信息"
            "（{reason}），本机关决定不予公开。"
        ),
        reconsideration_first=True,
    ),
    Outcome(
        code="withhold_enforcement_file",
        row_key="三(三)7",
        group=WITHHELD,
        report_label="7.属于行政执法案卷",
        short_label="不予公开：行政执法案卷",
        basis=_basis(
            f"第十六条第二款、{_ART36_3}",
            f"根据{ORDINANCE}第十六条第二款的规定，行政执法案卷信息可以不予公开；法律、法规、规章"
            "规定应当公开的，从其规定。",
        ),
        decision_template=(
            "经审查，您申请获取的{information}属于行政执法案卷信息，本机关决定不予公开。"
        ),
        reconsideration_first=True,
    ),
    Outcome(
        code="withhold_special_register",
        row_key="三(三)8",
        group=WITHHELD,
        report_label="8.属于行政查询事项",
        short_label="不予公开：行政查询事项",
        basis=_basis(
            "第三十六条第（七）项",
            f"根据{ORDINANCE}第三十六条第（七）项的规定，所申请公开信息属于工商、不动产登记资料等信息，"
            "有关法律、行政法规对信息的获取有特别规定的，告知申请人依照有关法律、行政法规的规定办理。",
        ),
        decision_template=(
            "经审查，您申请获取的{information}属于{register}，{law}对该信息的获取有特别规定，"
            "请您依照该规定办理查询。"
        ),
        reconsideration_first=True,
        note="复议前置：该情形是告知另行办理，但年报计入不予公开，按保护性理解适用复议前置。",
    ),
    Outcome(
        code="unavailable_not_held",
        row_key="三(四)1",
        group=UNAVAILABLE,
        report_label="1.本机关不掌握相关政府信息",
        short_label="无法提供：本机关不掌握",
        basis=_basis(
            "第三十六条第（四）项、第（五）项",
            f"根据{ORDINANCE}第三十六条第（四）项、第（五）项的规定，经检索没有所申请公开信息的，"
            "告知申请人该政府信息不存在；所申请公开信息不属于本行政机关负责公开的，告知申请人并说明理由，"
            "能够确定负责公开该政府信息的行政机关的，告知申请人该行政机关的名称、联系方式。",
        ),
        decision_template="经检索，本机关不掌握您申请获取的{information}：{finding}。",
        reconsideration_first=False,
    ),
    Outcome(
        code="unavailable_needs_creation",
        row_key="三(四)2",
        group=UNAVAILABLE,
        report_label="2.没有现成信息需要另行制作",
        short_label="无法提供：需另行制作",
        basis=_basis(
            "第三十八条",
            f"根据{ORDINANCE}第三十八条的规定，行政机关向申请人提供的信息，应当是已制作或者获取的"
            "政府信息；需要行政机关对现有政府信息进行加工、分析的，行政机关可以不予提供。",
        ),
        decision_template=(
            "经审查，本机关没有现成的{information}，提供该信息需要对现有政府信息进行加工、分析"
            "（{reason}），本机关不予提供。"
        ),
        reconsideration_first=False,
    ),
    Outcome(
        code="unavailable_unclear",
        row_key="三(四)3",
        group=UNAVAILABLE,
        report_label="3.补正后申请内容仍不明确",
        short_label="无法提供：补正后仍不明确",
        basis=_basis(
            "第二十九条、第三十条",
            f"根据{ORDINANCE}第二十九条、第三十条的规定，政府信息公开申请应当包括申请公开的政府信息的"
            "名称、文号或者便于行政机关查询的其他特征性描述；申请内容不明确的，行政机关一次性告知申请人"
            "作出补正。补正后申请内容仍不明确的，行政机关无法提供。",
        ),
        decision_template=(
            "本机关于{supplemented_on}收到您的补正材料，补正后申请内容仍不明确（{reason}），"
            "本机关无法确定您申请获取的政府信息，无法提供。"
        ),
        reconsideration_first=False,
        note=(
            "“补正后仍不明确即无法提供”出自国办转发的江苏省答复规范（REGULATION.md S6），"
            "条例未明文规定。"
        ),
    ),
    Outcome(
        code="not_handled_petition",
        row_key="三(五)1",
        group=NOT_HANDLED,
        report_label="1.信访举报投诉类申请",
        short_label="不予处理：信访举报投诉",
        basis=_basis(
            "第三十九条第一款",
            f"根据{ORDINANCE}第三十九条第一款的规定，申请人以政府信息公开申请的形式进行信访、投诉、"
            "举报等活动的，行政机关告知申请人不作为政府信息公开申请处理，并可以告知通过相应渠道提出。",
        ),
        decision_template=(
            "经审查，您提出的申请属于信访、投诉、举报事项（{reason}），本机关不作为政府信息公开申请"
            "处理。您可以通过{channel}提出。"
        ),
        reconsideration_first=False,
    ),
    Outcome(
        code="not_handled_repeat",
        row_key="三(五)2",
        group=NOT_HANDLED,
        report_label="2.重复申请",
        short_label="不予处理：重复申请",
        basis=_basis(
            "第三十六条第（六）项",
            f"根据{ORDINANCE}第三十六条第（六）项的规定，行政机关已就申请人提出的政府信息公开申请作出"
            "答复、申请人重复申请公开相同政府信息的，告知申请人不予重复处理。",
        ),
        decision_template=(
            "本机关已就您提出的相同政府信息公开申请作出答复（{previous_reply}），您再次申请公开"
            "{information}，本机关不予重复处理。"
        ),
        reconsideration_first=False,
    ),
    Outcome(
        code="not_handled_publication",
        row_key="三(五)3",
        group=NOT_HANDLED,
        report_label="3.要求提供公开出版物",
        short_label="不予处理：公开出版物",
        basis=_basis(
            "第三十九条第二款",
            f"根据{ORDINANCE}第三十九条第二款的规定，申请人提出的申请内容为要求行政机关提供政府公报、"
            "报刊、书籍等公开出版物的，行政机关可以告知获取的途径。",
        ),
        decision_template=(
            "您申请获取的{information}属于公开出版物，您可以通过{how_to_obtain}获取，"
            "本机关不再另行处理。"
        ),
        reconsideration_first=False,
    ),
    Outcome(
        code="not_handled_excessive",
        row_key="三(五)4",
        group=NOT_HANDLED,
        report_label="4.无正当理由大量反复申请",
        short_label="不予处理：大量反复申请",
        basis=_basis(
            "第三十五条",
            f"根据{ORDINANCE}第三十五条的规定，申请人申请公开政府信息的数量、频次明显超过合理范围，"
            "行政机关可以要求申请人说明理由；行政机关认为申请理由不合理的，告知申请人不予处理。",
        ),
        decision_template=(
            "您申请公开政府信息的数量、频次明显超过合理范围，经审查，本机关认为您说明的申请理由"
            "不合理（{reason}），不予处理。"
        ),
        reconsideration_first=False,
    ),
    Outcome(
        code="not_handled_confirmation",
        row_key="三(五)5",
        group=NOT_HANDLED,
        report_label="5.要求行政机关确认或重新出具已获取信息",
        short_label="不予处理：确认或重新出具",
        basis=_basis(
            "第三十八条",
            f"根据{ORDINANCE}第三十八条的规定，行政机关向申请人提供的信息，应当是已制作或者获取的政府"
            "信息。要求行政机关对已获取的信息进行确认或者重新出具，不属于政府信息公开申请的处理范围。",
        ),
        decision_template=(
            "您申请要求本机关确认或者重新出具您已获取的{information}，该申请不属于政府信息公开申请的"
            "处理范围，本机关不予处理。"
        ),
        reconsideration_first=False,
        note="依据为本项目的理解（条例无专门条款，引第三十八条）；更正本人信息记录另见条例第四十一条。",
    ),
    Outcome(
        code="other_supplement_missed",
        row_key="三(六)1",
        group=OTHER,
        report_label="1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        short_label="其他处理：逾期不补正",
        basis=_basis(
            "第三十条",
            f"根据{ORDINANCE}第三十条的规定，申请人无正当理由逾期不补正的，视为放弃申请，"
            "行政机关不再处理该政府信息公开申请。",
        ),
        decision_template=(
            "本机关已于{notice_on}告知您补正申请，补正期限至{due_on}。您无正当理由逾期未补正，"
            "视为放弃申请，本机关不再处理该政府信息公开申请。"
        ),
        reconsideration_first=False,
        closed_without_merits=True,
    ),
    Outcome(
        code="other_fee_unpaid",
        row_key="三(六)2",
        group=OTHER,
        report_label="2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        short_label="其他处理：逾期未缴费",
        basis=LegalBasis(
            citation=f"{ORDINANCE}第四十二条、{FEE_MEASURES}",
            sentence=(
                f"根据{ORDINANCE}第四十二条和{FEE_MEASURES}的规定，申请人逾期未按收费通知要求缴纳"
                "信息处理费的，视为放弃申请，行政机关不再处理该政府信息公开申请。"
            ),
        ),
        decision_template=(
            "本机关已于{notice_on}向您送达收费通知，缴费期限至{due_on}。您逾期未按收费通知要求缴纳"
            "信息处理费，视为放弃申请，本机关不再处理该政府信息公开申请。"
        ),
        reconsideration_first=False,
        closed_without_merits=True,
        note="信息处理费办法中“逾期未缴费视为放弃”的条款序号未确认，故只引办法名称。",
    ),
    Outcome(
        code="other",
        row_key="三(六)3",
        group=OTHER,
        report_label="3.其他",
        short_label="其他处理",
        basis=LegalBasis(
            citation=f"{ORDINANCE}及其他有关规定（具体条款由经办人按情形注明）",
            sentence=f"根据{ORDINANCE}及有关规定，本机关对您的申请作如下处理。",
        ),
        decision_template="经审查，{decision}。（依据：{basis}）",
        reconsideration_first=False,
        note="无固定依据：经办人须写明处理决定及所依据的条款。",
    ),
)

RECONSIDERATION_FIRST_CODES: frozenset[str] = frozenset(
    o.code for o in OUTCOMES if o.reconsideration_first
)
"""Outcomes whose reply must name reconsideration as the first step (行政复议法第二十三条)."""

CLOSED_WITHOUT_REPLY: frozenset[str] = frozenset(
    o.code for o in OUTCOMES if o.closed_without_merits
)
"""Outcomes that end an application without a reply on the merits: (六)1 and (六)2."""

SUPPLEMENT_LAPSED = "other_supplement_missed"
"""(六)1: the applicant missed the supplement deadline (条例第三十条)."""

FEE_LAPSED = "other_fee_unpaid"
"""(六)2: the fee was not paid within the period of the fee notice."""

ROW_KEYS: tuple[str, ...] = tuple(o.row_key for o in OUTCOMES)
CHOICES: tuple[tuple[str, str], ...] = tuple((o.code, o.short_label) for o in OUTCOMES)
CODE_MAX_LENGTH = max(len(o.code) for o in OUTCOMES)

_BY_CODE = {o.code: o for o in OUTCOMES}
_BY_ROW_KEY = {o.row_key: o for o in OUTCOMES}
_GROUPS_BY_KEY = {g.key: g for g in GROUPS} | {g.code: g for g in GROUPS}


def _normalize_key(key: str) -> str:
    return key.strip().replace("（", "(").replace("）", ")").replace(" ", "").rstrip(".．")


def get(code: str) -> Outcome | None:
    """The outcome with this code, or None."""
    return _BY_CODE.get(code)


def by_code(code: str) -> Outcome:
    try:
        return _BY_CODE[code]
    except KeyError:
        raise UnknownOutcome(f"未知的办理结果代码：{code!r}") from None


def by_row_key(key: str) -> Outcome:
    """The outcome of a report row: `三(三)1`; full-width brackets (`三（三）1`) are accepted."""
    try:
        return _BY_ROW_KEY[_normalize_key(key)]
    except KeyError:
        raise UnknownOutcome(f"年报表二第三项中没有“{key}”这一办理结果行") from None


def group(key_or_code: str) -> OutcomeGroup:
    """A group by its row key (`三(三)`) or code (`withheld`)."""
    try:
        return _GROUPS_BY_KEY[_normalize_key(key_or_code)]
    except KeyError:
        raise UnknownOutcome(f"未知的办理结果类别：{key_or_code!r}") from None


def in_group(key_or_code: str | OutcomeGroup) -> tuple[Outcome, ...]:
    """The outcomes of one group, in report order."""
    wanted = key_or_code if isinstance(key_or_code, OutcomeGroup) else group(key_or_code)
    return tuple(o for o in OUTCOMES if o.group == wanted)


def _resolve(outcome: Outcome | str) -> Outcome:
    return outcome if isinstance(outcome, Outcome) else by_code(outcome)


def render_decision(outcome: Outcome | str, **values: str) -> str:
    """The decision sentence with its placeholders filled in. Every placeholder must be given
    and not blank; extra values are ignored."""
    outcome = _resolve(outcome)
    missing = [name for name in outcome.placeholders if not str(values.get(name, "")).strip()]
    if missing:
        wanted = "；".join(f"{name}（{PLACEHOLDERS[name]}）" for name in missing)
        raise ValueError(f"“{outcome.short_label}”的答复内容缺少：{wanted}")
    return outcome.decision_template.format(**{n: values[n] for n in outcome.placeholders})


def remedies_text(outcome: Outcome | str, *, reconsideration_body: str, court: str) -> str:
    """The remedies paragraph (救济途径) of the reply letter.

    Reconsideration within 60 days of knowing of the act (行政复议法第二十条); after it, a suit
    within 15 days of receiving the decision, or of the end of the reconsideration period if
    no decision comes (行政诉讼法第四十五条); a direct suit within 6 months (行政诉讼法第四十六条)
    only where reconsideration is not required first (行政复议法第二十三条第一款第（四）项).
    """
    outcome = _resolve(outcome)
    for field, value in (("行政复议机关", reconsideration_body), ("人民法院", court)):
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"救济途径告知缺少{field}名称")
    body, court = reconsideration_body.strip(), court.strip()
    reconsider = (
        f"自知道或者应当知道本答复之日起六十日内向{body}申请行政复议"
        f"（{RECONSIDERATION_LAW}第二十条）"
    )
    after = (
        f"对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内向{court}提起行政诉讼，"
        f"行政复议机关逾期不作决定的，可以自复议期满之日起十五日内向{court}提起行政诉讼"
        f"（{LITIGATION_LAW}第四十五条）"
    )
    if outcome.reconsideration_first:
        scope = (
            "对所申请信息的部分内容不予公开" if outcome.group == PARTIAL else "对所申请信息不予公开"
        )
        return (
            f"本答复{scope}，属于“申请政府信息公开，行政机关不予公开”的情形，依照{RECONSIDERATION_LAW}"
            "第二十三条第一款第（四）项的规定，应当先申请行政复议，不能直接向人民法院提起行政诉讼。"
            f"如对本答复不服，您可以{reconsider}；{after}。"
        )
    return (
        f"如对本答复不服，您可以{reconsider}，{after}；"
        f"也可以自知道或者应当知道本答复之日起六个月内直接向{court}提起行政诉讼"
        f"（{LITIGATION_LAW}第四十六条）。"
    )
