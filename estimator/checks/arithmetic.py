"""Rule ``arithmetic``: the document's own sums and products do not agree.

A line's amount per cost kind must be its quantity × unit price, cut below one won toward
zero (표준품셈 1-2-1; a negative quantity such as a scrap credit truncates toward zero too).
Its total amount must be the sum of its kind amounts, and its total unit price the sum of its
kind unit prices. A single-price line's amount is quantity × unit price. A stated subtotal,
total or PPS group total must equal the sum of the rows it closes.

``over_won`` is stated − correct. For a line it is the line's total amount minus the total
its own unit prices give. For a totals row it is the residual after the line-level slips: the
stated total minus the sum of the *stated* amounts beneath it, so one slip is never counted
twice. A PPS group whose total is 0 or blank states nothing and is not checked; a totals row
with no rows above it is not checked either (a warning says so).

A row with an amount and no unit price is never a slip: a group total when the rows directly
under it add up to it (checked as such), else a lump sum counted as stated. A line amount that
only rounding half up explains is ``possible`` (convention ``line=half-up-won``), outside the
exit status and the totals. Breakdowns are judged by one rounding convention per block (rows cut
to 0.1 won — the standard —, cut to the won, rounded half up or unrounded; totals summed from
the stated or recomputed rows, cut or rounded): a block that one convention explains is
correct; the evidence names the convention a slip is measured against.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..coverage import Coverage
from ..findings import CERTAIN, POSSIBLE, Finding
from ..model import COST_KINDS, KIND_LABELS_KO, Estimate, Line, Location, StatedTotal
from ..money import printed_bounds, round_half_up_won, truncate_won
from ..stated import effective_kind as _effective_kind
from ..stated import effective_total

DOC_KO = """규칙 ``arithmetic``: 문서 자체의 합계와 곱이 맞지 않음.

내역 행의 비목별 금액은 수량 × 단가를 원 미만 절사한 값이어야 한다(표준품셈 1-2-1; 작업설 같은
음(−)의 수량도 0 쪽으로 절사). 합계 금액은 비목별 금액의 합, 합계 단가는 비목별 단가의 합이어야
한다. 단가 하나인 내역은 수량 × 단가. 소계·합계·조달청 공종 합계는 그 아래 행들의 합과 같아야 한다.

``over_won`` = 기재 − 올바른 값. 내역 행은 합계 금액에서 자신의 단가로 계산한 합계를 뺀 값, 합계
행은 하위 행의 *기재* 금액 합과의 차이(같은 오류를 두 번 세지 않음). 0원 또는 공란인 조달청 공종
합계는 기재한 것이 없으므로 검산하지 않고, 위에 합산할 행이 없는 합계 행도 검산하지 않는다(경고).

단가 없이 금액만 있는 행은 오류가 아니다: 바로 아래 행들의 합과 같으면 공종 합계로 검산하고, 아니면
일식 금액으로 기재대로 합산한다. 원 미만 반올림으로만 설명되는 금액은 ``possible``(관행
``line=half-up-won``)이며 종료 코드와 합계에 넣지 않는다. 일위대가는 호표마다 하나의 반올림
관행(자원 금액 0.1원 절사 — 표준 —, 원 절사, 원 반올림, 미처리; 계는 기재 또는 재계산 자원 금액의
합을 절사·반올림)으로 판단하며, 어느 관행으로 설명되는 호표는 정상이다. 근거에 적용 관행을 적는다.
"""

RULE_ID = "arithmetic"
HALF_UP = "line=half-up-won"  # stable code: the line amount rounded half up to the won
PRINTED = "print=rounded"  # stable code: a printed whole-number quantity that may hide decimals

_KIND_EN = {"material": "material", "labour": "labour", "expense": "expense", "total": "total"}


def _won(n: int) -> str:
    return f"{n:,}"


@dataclass(frozen=True)
class _Printed:
    """The quantities a figure read from print stands for: 0.33 printed in a two-decimal format is
    anything from 0.325 to 0.335. Whole numbers in a column of whole numbers may be a format that
    hides decimals or simply whole: ``ambiguous``."""

    low: Decimal
    high: Decimal
    ambiguous: bool


def _printed_range(line: Line) -> _Printed | None:
    decimals = line.attributes.get("printed_decimals")
    if decimals is None or line.quantity is None:
        return None
    low, high = printed_bounds(line.quantity)
    return _Printed(low, high, ambiguous=decimals == 0)


def _amount_problem(kind: str, stated: int | None, quantity, price: int,
                    printed: _Printed | None = None) -> dict | None:
    """A line amount that is not quantity × unit price cut to the won; one that rounding half up
    gives instead is named as that convention. A quantity printed in a rounding format may be any
    value its digits round to: an amount one of them gives is no slip — named (``print=rounded``)
    where the format may as well show whole numbers as they are."""
    correct = truncate_won(quantity * price)
    if (stated or 0) == correct:
        return None
    problem = {"check": "line-amount", "kind": kind, "stated": stated, "correct": correct}
    if printed is not None and stated is not None:
        low, high = sorted(truncate_won(q * price) for q in (printed.low, printed.high))
        if low <= stated <= high:
            if not printed.ambiguous:
                return None
            problem["convention"] = PRINTED
            return problem
    if stated is not None and stated == round_half_up_won(quantity * price):
        problem["convention"] = HALF_UP
    return problem


def check_line(line: Line) -> Finding | None:
    money, quantity = line.money, line.quantity
    if quantity is None or money.amount_only:  # a lump sum states its amount; no product to check
        return None
    problems: list[dict] = []
    printed = _printed_range(line)
    if money.has_kinds:
        expected: dict[str, int] = {}
        for kind in COST_KINDS:
            price, amount = money.price(kind), money.amount(kind)
            if price is None:
                if amount is not None:
                    expected[kind] = amount  # an amount without a unit price (PS) cannot be checked
                continue
            own = _kind_quantity(money, kind, quantity)
            problem = _amount_problem(kind, amount, own, price, printed if own is quantity else None)
            expected[kind] = problem["correct"] if problem else (
                amount if amount is not None else truncate_won(own * price))
            if problem:
                if own is not quantity:
                    problem["quantity"] = str(own)  # the kind's own quantity (노무비 › 수량)
                problems.append(problem)
        prices = [money.price(k) for k in COST_KINDS if money.price(k) is not None]
        if money.total_price is not None and prices and money.total_price != sum(prices):
            problems.append({"check": "unit-price-sum", "kind": "total", "stated": money.total_price,
                             "correct": sum(prices)})
        stated_kinds = sum(money.amount(k) or 0 for k in COST_KINDS)
        if money.total_amount is not None and money.total_amount != stated_kinds:
            problems.append({"check": "line-total", "kind": "total", "stated": money.total_amount,
                             "correct": stated_kinds})
        correct_total = sum(expected.values())
    else:
        if money.total_price is None or money.total_amount is None:
            return None
        problem = _amount_problem("total", money.total_amount, quantity, money.total_price, printed)
        correct_total = problem["correct"] if problem else money.total_amount
        if problem:
            problems.append(problem)
    if not problems:
        return None
    if any(p.get("convention") != PRINTED for p in problems):
        # Beside a slip, what the print's rounding may explain is not part of it.
        for p in (p for p in problems if p.get("convention") == PRINTED):
            correct_total += p["stated"] - p["correct"]
        problems = [p for p in problems if p.get("convention") != PRINTED]
    stated_total = money.stated_total() or 0
    over = stated_total - correct_total
    ko = "; ".join(_problem(p, quantity, "ko") for p in problems)
    en = "; ".join(_problem(p, quantity, "en") for p in problems)
    evidence = {"check": problems[0]["check"], "problems": problems, "quantity": str(quantity),
                "corrected": _corrected(line), "stated_amount": stated_total, "correct_amount": correct_total,
                "spec": line.spec, "unit": line.unit, **_code(line)}
    if line.attributes.get("read_from_print"):
        evidence["read_from_print"] = True
    if printed is not None:
        # Which quantities the printed digits allow.
        evidence["printed_quantity_range"] = [str(printed.low), str(printed.high)]
    if all(p.get("convention") == PRINTED for p in problems):
        # The print may have rounded the quantity: not a slip that can be claimed, not silence.
        confidence, evidence["rounding_convention"] = POSSIBLE, PRINTED
        ko = (f"인쇄본의 반올림일 수 있음: {ko} — 인쇄된 수량 {quantity}은(는) "
              f"{printed.low}~{printed.high}의 값을 나타낼 수 있어 금액이 설명됨 → 차이 {_won(over)}원")
        en = (f"May be the print's rounding: {en} — the printed quantity {quantity} may stand for "
              f"{printed.low} to {printed.high}, which explains the amount → differs by {_won(over)} won")
    elif all(p.get("convention") == HALF_UP for p in problems):
        # Rounding half up is a convention some programs follow, not a slip: named, not counted.
        confidence, evidence["rounding_convention"] = POSSIBLE, HALF_UP
        ko = f"반올림 처리: {ko} — 금액이 원 미만 반올림으로 계산됨(표준품셈 1-2-1은 절사) → 차이 {_won(over)}원"
        en = (f"Rounded half up: {en} — the amount was rounded to the won where the standard "
              f"(1-2-1) cuts → differs by {_won(over)} won")
    else:
        confidence = CERTAIN
        ko = f"계산 오류: {ko} → 금액 차이 {_won(over)}원"
        en = f"Arithmetic slip: {en} → amount differs by {_won(over)} won"
    return Finding(rule=RULE_ID, location=line.location, item=line.item, over_won=over, confidence=confidence,
                   message_ko=ko, message_en=en, evidence=evidence)


def _kind_quantity(money, kind: str, quantity):
    """The quantity a kind's amount is priced on: its own (노무비 › 수량) where the bill states one."""
    own = money.quantity(kind) if kind != "total" else None
    return own if own is not None else quantity


def _corrected(line: Line) -> dict[str, int]:
    """The line's amounts per kind once its own quantity × unit price is applied."""
    money, quantity, printed = line.money, line.quantity, _printed_range(line)

    def corrected(kind: str, price: int, amount: int | None) -> int:
        own = _kind_quantity(money, kind, quantity)
        problem = _amount_problem(kind, amount, own, price, printed if own is quantity else None)
        return problem["correct"] if problem else (amount if amount is not None else truncate_won(own * price))

    if not money.has_kinds:
        return {"total": corrected("total", money.total_price, money.total_amount)}
    return {k: (corrected(k, money.price(k), money.amount(k)) if money.price(k) is not None else money.amount(k) or 0)
            for k in COST_KINDS}


def _code(entry: Line | StatedTotal) -> dict:
    return {k: v for k, v in entry.attributes.items() if k in ("공종번호", "상위공종번호", "세부공사번호")}


_PROBLEM_TEXT = {
    "line-amount": {"ko": "{kind} 금액 {stated} ≠ 수량 {quantity} × 단가 (절사) {correct}",
                    "en": "{kind} amount {stated} ≠ quantity {quantity} × unit price (truncated) {correct}"},
    "unit-price-sum": {"ko": "합계 단가 {stated} ≠ 재료비·노무비·경비 단가의 합 {correct}",
                       "en": "total unit price {stated} ≠ sum of kind unit prices {correct}"},
    "line-total": {"ko": "합계 금액 {stated} ≠ 재료비·노무비·경비 금액의 합 {correct}",
                   "en": "total amount {stated} ≠ sum of kind amounts {correct}"},
}


def _problem(p: dict, quantity, lang: str) -> str:
    kind = KIND_LABELS_KO[p["kind"]] if lang == "ko" else _KIND_EN[p["kind"]]
    stated = ("공란" if lang == "ko" else "blank") if p["stated"] is None else _won(p["stated"])
    return _PROBLEM_TEXT[p["check"]][lang].format(kind=kind, stated=stated, quantity=p.get("quantity", quantity),
                                                  correct=_won(p["correct"]))


def _kind_differences(money, rows: list) -> dict[str, int]:
    """Per cost kind the row states, its amount minus what the rows beneath state."""
    kinds = {}
    for kind in COST_KINDS:
        amount = money.amount(kind)
        if amount is not None:
            diff = amount - sum(_effective_kind(row, kind) for row in rows)
            if diff:
                kinds[kind] = diff
    return kinds


def check_total(total: StatedTotal) -> Finding | None:
    stated = total.money.stated_total()
    if not stated or not total.children:
        return None
    children = sum(effective_total(c) for c in total.children)
    residual = stated - children
    kinds = _kind_differences(total.money, total.children)
    if residual == 0 and not kinds:
        return None
    check = {"subtotal": "subtotal", "grand": "grand-total", "group": "group-total"}[total.level]
    label_ko = {"subtotal": "소계", "grand-total": "합계", "group-total": "공종 합계"}[check]
    label_en = {"subtotal": "subtotal", "grand-total": "grand total", "group-total": "group total"}[check]
    detail_ko = "".join(f", {KIND_LABELS_KO[k]} 차이 {_won(v)}" for k, v in kinds.items())
    detail_en = "".join(f", {_KIND_EN[k]} differs by {_won(v)}" for k, v in kinds.items())
    return Finding(
        rule=RULE_ID, location=total.location, item=total.label, over_won=residual, confidence=CERTAIN,
        message_ko=(f"{label_ko} 불일치: 기재 {_won(stated)}원 ≠ 하위 {len(total.children)}개 행의 합 "
                    f"{_won(children)}원 (차이 {_won(residual)}원{detail_ko})"),
        message_en=(f"{label_en} mismatch: stated {_won(stated)} won ≠ sum of its {len(total.children)} rows "
                    f"{_won(children)} won (difference {_won(residual)}{detail_en})"),
        evidence={"check": check, "stated_amount": stated, "sum_of_rows": children,
                  "kind_differences": kinds, "rows_summed": len(total.children),
                  "first_row": total.children[0].location.row, "last_row": total.children[-1].location.row,
                  **_code(total)},
    )


def check_summaries(estimate: Estimate) -> list[Finding]:
    """A 공종별집계표 row (or a bill's list of its sections) against the lines of the section it
    names: the residual beside the lines' *stated* amounts, so a line's own slip is not counted
    again."""
    members: dict[tuple, list[Line]] = {}
    for line in estimate.lines:
        for depth in range(len(line.section)):
            members.setdefault(line.section[: depth + 1], []).append(line)
    findings = []
    for summary in estimate.section_summaries:
        lines = members.get(summary.section) if summary.section is not None else None
        if not lines:
            continue
        stated = summary.money.stated_total()
        total = sum(effective_total(line) for line in lines)
        kinds = _kind_differences(summary.money, lines)
        residual = stated - total
        if residual == 0 and not kinds:
            continue
        section = summary.section[-1]
        detail_ko = "".join(f", {KIND_LABELS_KO[k]} 차이 {_won(v)}" for k, v in kinds.items())
        detail_en = "".join(f", {_KIND_EN[k]} differs by {_won(v)}" for k, v in kinds.items())
        findings.append(Finding(
            rule=RULE_ID, location=summary.location, item=summary.label, over_won=residual, confidence=CERTAIN,
            message_ko=(f"집계 불일치: '{summary.label}' 기재 {_won(stated)}원 ≠ 내역서 '{section}' {len(lines)}개 "
                        f"행의 합 {_won(total)}원 (차이 {_won(residual)}원{detail_ko})"),
            message_en=(f"Summary mismatch: '{summary.label}' states {_won(stated)} won ≠ the {len(lines)} bill rows "
                        f"of '{section}' {_won(total)} won (difference {_won(residual)}{detail_en})"),
            evidence={"check": "summary-vs-bill", "stated_amount": stated, "sum_of_rows": total,
                      "kind_differences": kinds, "rows_summed": len(lines), "section": list(summary.section),
                      "bill_sheet": lines[0].location.sheet, "first_row": lines[0].location.row,
                      "last_row": lines[-1].location.row},
        ))
    return findings


def _cover(line: Line, coverage: Coverage) -> None:
    if line.attributes.get("columns_unexplained"):
        coverage.skipped(RULE_ID, "line", line.location, "columns_unexplained")
    elif line.money.amount_only:
        coverage.skipped(RULE_ID, "line", line.location, "lump_sum")
    elif line.money.unpriced or line.quantity is None:
        coverage.skipped(RULE_ID, "line", line.location, "unpriced")
    else:
        coverage.checked(RULE_ID, "line")


def check(estimate: Estimate, references: object = None, coverage: Coverage | None = None) -> list[Finding]:
    """Line amounts, unit-price sums, stated totals, breakdowns and cost-summary heads that do not add up."""
    from . import breakdowns, costsummary

    coverage = coverage if coverage is not None else Coverage()
    for line in estimate.lines:
        _cover(line, coverage)
    for row in estimate.unparsed:
        if row.reason == "formula_without_value":
            coverage.skipped(RULE_ID, "line", Location(estimate.source, row.sheet, row.row), "formula_without_value")
    # A sheet whose money columns no reading explains is not judged by guesses at them.
    findings = [f for f in (check_line(line) for line in estimate.lines
                            if not line.attributes.get("columns_unexplained")) if f is not None]
    findings += [f for f in (check_total(t) for t in estimate.totals) if f is not None]
    findings += check_summaries(estimate)
    findings += breakdowns.check(estimate)
    findings += costsummary.check(estimate)
    return findings
