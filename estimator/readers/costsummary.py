"""Read a cost summary (원가계산서): every head with its amount, its rate and its base.

Three ways of writing a derivation are read: text (``직접노무비 x 9.1%``, ``(재료비+노무비) x
4.6%``), a rate in its own cell (``9.1 %``) beside the PPS template's derivation codes
(``[나1]의``, ``[가+나1+다1]의``, ``[1+2+3]``), or nothing at all, when the head's standard base
applies. Fixed amounts (PS, 보험료 as amounts) stay as written.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..costheads import ALIASES, DEFAULT_BASES, DIRECT, SUMS
from ..model import CostHead, CostSummary, Estimate, Location
from ..money import NotANumber, to_decimal, truncate_won
from .grid import Grid, cell_text, is_blank
from .text import header_key, squash
from ..messages import msg

_SYLLABLE = "가나다라마바사아자차카타파하"
_CODE = re.compile(rf"^\s*(?:(\d+(?:\.\d+)?)\s*[.)]?|([{_SYLLABLE}])\s*(?:-\s*(\d+))?\s*[.)])\s*")
_RATE_ONLY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%\s*$")
_TEXT_RATE = re.compile(r"^(.*?)\s*[x×X*]\s*(\d+(?:\.\d+)?)\s*%")
_ONE_CODE = rf"(?:[{_SYLLABLE}](?:\s*-?\s*\d+)?|\d+(?:\.\d+)?)"
_CODES = re.compile(rf"\[\s*({_ONE_CODE}(?:\s*[+＋]\s*{_ONE_CODE})*)\s*\]")
_TOTAL_MARKERS = ("소계", "계", "합계")
_RATIO_WORDS = ("대비", "구성비", "비율")


def head_name(text: str) -> tuple[str, str]:
    """(canonical name or '', derivation code) of a label such as '가-1. 직접재료비' or '다. 경 비'."""
    code = ""
    match = _CODE.match(text)
    if match and match.group(0).strip():
        code = match.group(1) or (match.group(2) + (match.group(3) or ""))
        text = text[match.end():]
    key = squash(text).replace(".", "").replace("·", "").strip(":-")
    key = re.sub(r"^[\d.]+", "", key)
    key = re.sub(r"[\[\]【】<>]", "", key)
    bare = re.sub(r"\(.*?\)", "", key)
    name = ALIASES.get(key) or ALIASES.get(bare)
    if not name:
        # '작업설 부산물 등(△)': the longest known head name the label starts with.
        prefixes = [a for a in ALIASES if len(a) >= 3 and bare.startswith(a)]
        name = ALIASES[max(prefixes, key=len)] if prefixes else ""
    return name, code


def _names(expression: str) -> tuple[str, ...]:
    parts = [p for p in re.split(r"[+＋]", expression.replace("(", "").replace(")", "")) if p.strip()]
    names = tuple(head_name(p)[0] for p in parts)
    return names if all(names) else ()


def _columns(grid: Grid) -> tuple[int | None, set[int], int | None, int]:
    """The amount column, ratio columns to ignore, a rate column, and the first row below the header."""
    for index in range(min(len(grid.rows), 15)):
        keys = {col: header_key(grid.text(index, col)) for col in range(grid.width)}
        amount = next((c for c, k in keys.items() if k in ("금액", "금액원", "합계금액")), None)
        if amount is not None:
            ratios = {c for c, k in keys.items() if any(w in k for w in _RATIO_WORDS)}
            rate = next((c for c, k in keys.items() if k in ("요율", "적용요율", "요율%", "율", "적용율")), None)
            return amount, ratios, rate, index + 1
    return None, set(), None, 0


def read_cost_summary(estimate: Estimate, grid: Grid) -> CostSummary | None:
    amount_col, ratio_cols, rate_col, first = _columns(grid)
    if amount_col is None:
        estimate.warnings.append(msg("summary_no_amount_column", sheet=grid.name))
        return None
    summary = CostSummary(sheet=grid.name)
    groups: list[str] = []  # group heads opened by a label column (순공사원가 › 재료비 …)
    by_code: dict[str, str] = {}
    pending_codes: list[tuple[CostHead, list[str], bool]] = []
    for index in range(first, len(grid.rows)):
        if grid.is_blank(index):
            continue
        sheet, row = grid.where(index)
        labels, rate, derivation = [], None, ""
        for col, value in enumerate(grid.rows[index]):
            if col == rate_col and isinstance(value, (int, float)) and not isinstance(value, bool) and value:
                rate = to_decimal(value)  # a rate column holds percents (9.1 for 9.1%)
                continue
            if col == amount_col or col in ratio_cols or is_blank(value) or not isinstance(value, str):
                continue
            text = value.strip()
            if _RATE_ONLY.match(text):
                rate = Decimal(_RATE_ONLY.match(text).group(1))
            elif _CODES.search(text) or _TEXT_RATE.match(text):
                derivation = text
            else:
                labels.append(text)
        name, code, opened = _row_head(labels)
        for group in opened:
            if group not in groups:
                groups.append(group)
        if name in _TOTAL_MARKERS and groups and not code:
            name = groups.pop()  # '[소 계]' under 재료비 is the 재료비 head itself
        elif name in ("계", "합계"):
            name = ""
        try:
            stated = to_decimal(grid.cell(index, amount_col))
        except NotANumber:
            stated = None
        if not name:
            if stated is not None:
                estimate.warnings.append(msg("summary_unknown_head", sheet=sheet, row=row, label=" ".join(labels)))
            continue
        head = CostHead(location=Location(estimate.source, sheet, row), label=" ".join(labels), name=name,
                        code=code, stated=None if stated is None else truncate_won(stated), derivation=derivation)
        if code:
            by_code[code] = name
        text_rate = _TEXT_RATE.match(derivation) if derivation else None
        if text_rate:
            head.rate = Decimal(text_rate.group(2))
            head.base = _names(text_rate.group(1))
        elif rate is not None:
            head.rate = rate
        codes = _CODES.search(derivation) if derivation else None
        if codes:
            parts = [p.strip() for p in re.split(r"[+＋]", codes.group(1)) if p.strip()]
            pending_codes.append((head, parts, head.rate is not None or "의" in derivation))
        summary.heads.append(head)
    for head, parts, is_base in pending_codes:
        names = tuple(by_code.get(p.replace("-", "").replace(" ", ""), "") for p in parts)
        if not all(names):
            estimate.warnings.append(msg("summary_unknown_codes", sheet=head.location.sheet, row=head.location.row,
                                         derivation=head.derivation))
            continue
        if is_base:
            head.base = names
        else:
            head.components = names
    from ..costing import complete_structure

    _settle(complete_structure(summary))
    return summary


def _row_head(labels: list[str]) -> tuple[str, str, list[str]]:
    """The row's head (the most specific name among its label cells, or their joined text), its
    code, and the group heads that its other label cells open (a merged 순공사원가 or 재료비 cell)."""
    found = [head_name(t) for t in labels]
    named = [(n, c) for n, c in found if n]
    if named:
        code = next((c for _, c in found if c), "")
        opened = [n for n, _ in named[:-1] if n in SUMS]
        return named[-1][0], named[-1][1] or code, opened
    name, code = head_name(" ".join(labels))
    return name, code, []


def _settle(summary: CostSummary) -> None:
    """Decide for every head how it is derived: direct from the bill, a rate, a sum or fixed."""
    present = {h.name for h in summary.heads}
    for head in summary.heads:
        if head.rate is not None:
            head.how = "rate"
            if not head.base:
                head.base = DEFAULT_BASES.get(head.name, ())
        elif head.components:
            head.how = "sum"
        elif head.name in DIRECT:
            head.how = "direct"
        elif head.name in SUMS:
            parts = tuple(c for c in SUMS[head.name] if c in present and c != head.name)
            if head.name == "도급액" and "소계" in parts:
                parts = tuple(c for c in parts if c != "총원가")
            if parts:
                head.how, head.components = "sum", parts
            elif head.name in ("재료비", "노무비", "경비"):
                head.how = "direct"
            else:
                head.how = "fixed"
        else:
            head.how = "fixed"


def cost_summary_from_bid_rates(rates: list[dict[str, str]]) -> CostSummary:
    """The T5 rates of a PPS bid file as a cost-summary structure (rates and fixed amounts, no stated totals)."""
    summary = CostSummary(sheet="T5", source="bid-T5")
    for position, rate in enumerate(rates, start=1):
        name = head_name(rate.get("항목", ""))[0]
        if not name:
            continue
        head = CostHead(location=Location("", "T5", position), label=rate.get("항목", ""), name=name,
                        derivation=f"적용방식 {rate.get('적용방식코드', '')}")
        fixed = to_decimal(rate.get("고정금액") or None) or Decimal(0)
        percent = to_decimal(rate.get("요율1") or None) or Decimal(0)
        if rate.get("적용방식코드") == "7" or (fixed and not percent):
            head.stated, head.how = truncate_won(fixed), "fixed"
        else:
            head.rate, head.how, head.base = percent, "rate", DEFAULT_BASES.get(name, ())
        summary.heads.append(head)
    from ..costing import complete_structure

    return complete_structure(summary)


__all__ = ["read_cost_summary", "cost_summary_from_bid_rates", "head_name", "cell_text"]
