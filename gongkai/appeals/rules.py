"""Pure rules of the appeals register: date checks, the result as of a day, the
reconsideration-first warning and Table C's identity I4. Values in, values out; no database.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from gongkai.appeals.models import Kind, Result
from gongkai.applications import outcomes

# 《行政复议法》 (revised 2023-09-01) in force: from this day, "申请政府信息公开，行政机关不予公开"
# must go to reconsideration before a court (第二十三条第一款第（四）项).
RECONSIDERATION_FIRST_SINCE = date(2024, 1, 1)

# Table C (REGULATION.md §2.4): the three groups in report order and the five columns.
TABLE_C_GROUPS: dict[str, str] = {
    Kind.RECONSIDERATION: "行政复议",
    Kind.DIRECT_SUIT: "未经复议直接起诉",
    Kind.SUIT_AFTER_RECONSIDERATION: "复议后起诉",
}
RESULT_COLUMNS: dict[str, str] = {
    Result.UPHELD: "结果维持",
    Result.CORRECTED: "结果纠正",
    Result.OTHER: "其他结果",
    Result.PENDING: "尚未审结",
}
TOTAL_COLUMN = "总计"
TABLE_C_COLUMNS: tuple[str, ...] = (*RESULT_COLUMNS.values(), TOTAL_COLUMN)


def date_errors(
    *, filed_on: date, accepted_on: date | None, decided_on: date | None, today: date
) -> dict[str, str]:
    """Messages (by field) for dates that cannot be: in the future, or out of order."""
    errors: dict[str, str] = {}
    if filed_on > today:
        errors["filed_on"] = "申请/起诉日期不能晚于今天。"
    if accepted_on is not None:
        if accepted_on > today:
            errors["accepted_on"] = "受理日期不能晚于今天。"
        elif accepted_on < filed_on:
            errors["accepted_on"] = (
                f"受理日期（{accepted_on:%Y-%m-%d}）不能早于申请/起诉日期（{filed_on:%Y-%m-%d}）。"
            )
    if decided_on is not None:
        if decided_on > today:
            errors["decided_on"] = "审结日期不能晚于今天。"
        elif decided_on < filed_on:
            errors["decided_on"] = (
                f"审结日期（{decided_on:%Y-%m-%d}）不能早于申请/起诉日期（{filed_on:%Y-%m-%d}）。"
            )
        elif accepted_on is not None and decided_on < accepted_on:
            errors["decided_on"] = (
                f"审结日期（{decided_on:%Y-%m-%d}）不能早于受理日期（{accepted_on:%Y-%m-%d}）。"
            )
    return errors


def decision_errors(*, result: str, decided_on: date | None) -> dict[str, str]:
    """A decided result needs its date; 尚未审结 has none."""
    if result not in Result.values:
        return {"result": "请选择结果：维持、纠正、其他或尚未审结。"}
    if result != Result.PENDING and decided_on is None:
        return {"decided_on": f"结果为“{Result(result).label}”的，必须填写审结日期。"}
    if result == Result.PENDING and decided_on is not None:
        return {"decided_on": "尚未审结的案件不能填写审结日期；已审结的请选择结果。"}
    return {}


def result_as_of(result: str, decided_on: date | None, day: date) -> str:
    """The result as it stood on `day`: a case decided after that day was still 尚未审结."""
    if decided_on is None or decided_on > day:
        return Result.PENDING
    return result


def reconsideration_first_warning(
    *, kind: str, filed_on: date | None, outcome_code: str | None
) -> str:
    """The warning kept on a direct suit against a reply that refused disclosure.

    From 2024-01-01, 行政复议法第二十三条第一款第（四）项 requires reconsideration first when the
    agency refused disclosure; which reply outcomes count as refusals is decided once, in
    `applications.outcomes` (`Outcome.reconsideration_first`). The case may still be
    registered: the court may have accepted it for reasons the register does not know.
    """
    if kind != Kind.DIRECT_SUIT or filed_on is None or filed_on < RECONSIDERATION_FIRST_SINCE:
        return ""
    outcome = outcomes.get(outcome_code or "")
    if outcome is None or not outcome.reconsideration_first:
        return ""
    return (
        f"关联申请的答复结果为“{outcome.short_label}”，属于“申请政府信息公开，行政机关不予公开”"
        f"的情形。依照{outcomes.RECONSIDERATION_LAW}（2023年修订，2024年1月1日起施行）第二十三条"
        "第一款第（四）项，应当先申请行政复议，对复议决定不服的再提起行政诉讼。"
        "本案登记为未经复议直接起诉，请核实人民法院的受理情况（如立案或裁定不予立案、驳回起诉）。"
    )


def i4_errors(table: Mapping[str, Mapping[str, int]]) -> list[str]:
    """Identity I4 for each Table C group: 维持 + 纠正 + 其他 + 尚未审结 = 总计."""
    errors = []
    for group in TABLE_C_GROUPS.values():
        row = table[group]
        parts = sum(row[column] for column in RESULT_COLUMNS.values())
        if parts != row[TOTAL_COLUMN]:
            errors.append(
                f"{group}：维持、纠正、其他、尚未审结之和为{parts}，总计为{row[TOTAL_COLUMN]}"
            )
    return errors
