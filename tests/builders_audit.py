"""Estimates shaped like a real 2022 audit, with the exact findings a correct verifier must report.

The audit covered CCTV-pole installation works let in 2019–2021 and an air-conditioner
installation. Its findings, reproduced here:

* excavation and backfill for the pole footing priced as separate bill lines although the pole
  work already covers them — through the pole's own breakdown block (route a), through the ICT
  standard for a CCTV pole, which includes 터파기 and 되메우기 (route b), or through the pole line's
  own wording (route c);
* an anti-poster plate priced from a price magazine (물가정보) above the 조달청 price in force;
* air-conditioner breakdowns with man-days well above the 기계설비 standard 8-2-4.

Each builder writes a workbook (원가계산서, 내역서, 일위대가, all consistent with one another),
a procurement-price CSV and a market-wage CSV, and returns the expected findings computed here
from the very figures written. Like ``builders_costs`` this module is a test oracle: it never
imports the code under test. It reuses ``builders_costs`` for the cell styles, the 0.1-won
breakdown cuts and the cost summary (same heads, rates, bases and cuts).

Decoys that must yield nothing sit beside every finding: conduit excavation in its own section,
a second plate line at exactly the 조달청 price (in EA, which converts 1:1 to 매), a cable priced
per 100 m at exactly 100 × the per-metre reference, and an air-conditioner block at exactly the
standard man-days.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from builders_costs import (
    _breakdown_title_above_header,
    compute_blocks,
    _BOLD,
    _CENTER,
    _FONT,
    _LEFT,
    _MONEY,
    _QTY,
    _RIGHT,
    _TITLE,
    KINDS,
    ExpectedBlock,
    ExpectedHead,
    _box_row,
    _cell_number,
    _heads,
    _merge,
    _Row,
    _summary_text_rates,
    _widths,
    trunc_tenth,
    trunc_won,
)
from openpyxl import Workbook

__all__ = [
    "AC_CASE",
    "AC_STANDARD",
    "FIVE_POLE_CASES",
    "ICT_POLE_STANDARD",
    "PPS_PRICES",
    "WAGES",
    "AuditEstimate",
    "ExpectedFinding",
    "build_ac_estimate",
    "build_pole_estimate",
]

_P = Decimal

# --------------------------------------------------------------------------- reference figures

# Market wages per 인. Invented for the tests (odd figures so that 0.1-won cuts actually bite);
# the CSV says so in its source column.
WAGE_YEARS = (2019, 2020, 2021, 2026)
WAGE_SOURCE = "test fixture wages (not official)"
WAGES: dict[str, tuple[str, dict[int, int]]] = {
    "보통인부": ("건설", {2019: 125431, 2020: 130267, 2021: 138293, 2026: 171049}),
    "특별인부": ("건설", {2019: 160177, 2020: 167329, 2021: 174857, 2026: 225463}),
    "통신외선공": ("정보통신", {2019: 331607, 2020: 345221, 2021: 362813, 2026: 411957}),
    "통신내선공": ("정보통신", {2019: 228943, 2020: 236117, 2021: 247589, 2026: 281333}),
    "기계설비공": ("건설", {2019: 166281, 2020: 173491, 2021: 180743, 2026: 229117}),
}

# 조달청 prices (excl. VAT) per item, spec and unit, one per calendar year; invented, labelled so.
PPS_SOURCE = "조달청 가격정보 (test fixture, not official)"
PLATE = ("불법광고물 방지판", "H=2.0m, 스테인리스", "매")
CABLE = ("전원케이블", "F-CV 2.5SQ-2C", "m")
PPS_PRICES: dict[tuple[str, str, str], dict[int, int]] = {
    PLATE: {2019: 148000, 2020: 151500, 2021: 156000},
    CABLE: {2019: 1420, 2020: 1463, 2021: 1512},
}
# What the audited estimates paid instead, from 물가정보.
MAGAZINE_PLATE_PRICE = {2019: 183000, 2020: 186000, 2021: 189000}

# ICT standard 9-2-1-3, CCTV pole per 본: (통신외선공, 보통인부) 인. Excavation and backfill are
# inside these figures; a paved site allows +25% 보통인부.
ICT_POLE_STANDARD = {3: ("0.29", "0.56"), 6: ("0.55", "0.62"), 8: ("1.28", "1.45"),
                     10: ("1.55", "1.96"), 12: ("2.20", "2.31"), 14: ("2.77", "3.26")}
PAVED_COMMON_LABOUR = _P("1.25")

# 기계설비 standard 8-2-4, 천장형 에어컨 설치 per 대: (기계설비공, 보통인부) 인.
AC_STANDARD = {"indoor": ("0.45", "0.22"), "outdoor": ("1.00", "0.50")}

# The footing volume per pole the pole block (route a) and the separate lines both use.
EXCAVATION_PER_POLE = _P("0.6")
BACKFILL_PER_POLE = _P("0.5")
POLES = 3
POLE_PIPE_PRICE = {8: 612000, 10: 745000, 12: 893000}

# Count units convert 1:1 among themselves; a 100m unit is 100 m.
_UNIT_SIZE = {"개": ("count", 1), "EA": ("count", 1), "매": ("count", 1), "장": ("count", 1),
              "m": ("length", 1), "100m": ("length", 100)}

DUPLICATE = "duplicate-scope"
PRICE = "price-above-reference"
LABOUR = "labour-above-standard"


# --------------------------------------------------------------------------- expected reading


@dataclass
class ExpectedFinding:
    rule: str
    sheet: str
    row: int
    item: str
    over_won: int
    confidence: str
    route: str | None = None              # duplicate-scope only: "a" | "b" | "c"


@dataclass
class AuditEstimate:
    path: Path
    prices_csv: Path
    wages_csv: Path
    year: int
    findings: list[ExpectedFinding]
    direct_over_won: int
    contract_total: int
    corrected_contract_total: int
    bill_sheet: str
    breakdown_sheet: str
    summary_sheet: str
    # What the tests need to read the cells back without any reader.
    kind: str = ""                        # "pole" | "ac"
    route: str | None = None
    bill_columns: dict[str, int] = field(default_factory=dict)
    breakdown_columns: dict[str, int] = field(default_factory=dict)
    summary_amount_column: int = 0
    blocks: list[ExpectedBlock] = field(default_factory=list)
    heads: list[ExpectedHead] = field(default_factory=list)
    line_rows: dict[str, int] = field(default_factory=dict)          # role -> bill row
    line_blocks: dict[int, int] = field(default_factory=dict)        # bill row -> block number
    bill_lines: list[int] = field(default_factory=list)              # every line row
    bill_subtotal_rows: list[tuple[int, list[int]]] = field(default_factory=list)
    bill_total_row: int = 0
    title_rows: dict[str, int] = field(default_factory=dict)         # sheet -> row holding the year
    direct: dict[str, int] = field(default_factory=dict)
    corrected_direct: dict[str, int] = field(default_factory=dict)


# --------------------------------------------------------------------------- reference CSVs


def _write_wages(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["job", "sector", "wage_won", "effective_from", "effective_to", "source"])
        for job, (sector, by_year) in WAGES.items():
            for year in WAGE_YEARS:
                w.writerow([job, sector, by_year[year], f"{year}-01-01", f"{year}-12-31", WAGE_SOURCE])
    return path


def _write_prices(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["item", "spec", "unit", "price_won", "source", "effective_from", "effective_to",
                    "source_ref"])
        for (item, spec, unit), by_year in PPS_PRICES.items():
            for year, price in by_year.items():
                w.writerow([item, spec, unit, price, PPS_SOURCE, f"{year}-01-01", f"{year}-12-31",
                            "test fixture (no official price list bundled)"])
    return path


def reference_price(item: str, spec: str, unit: str, year: int) -> int | None:
    """The 조달청 price in force in ``year``, converted to ``unit`` (None when there is none)."""
    for (ritem, rspec, runit), by_year in PPS_PRICES.items():
        if (ritem, rspec) != (item, spec) or year not in by_year:
            continue
        have, want = _UNIT_SIZE.get(runit), _UNIT_SIZE.get(unit)
        if have and want and have[0] == want[0]:
            return by_year[year] * want[1] // have[1]
    return None


# --------------------------------------------------------------------------- breakdown blocks
#
# Resources as in builders_costs: ("res", item, spec, unit, quantity, (재료비, 노무비, 경비)),
# ("ref", block number, quantity) for another block used as a resource, and
# ("tool", item, spec, unit, percent) for 공구손료 as a share of the block's trade labour.

_BlockSpec = tuple[int, str, str, str, list[tuple]]


def _compute(specs: list[_BlockSpec]) -> dict[int, tuple[tuple[str, str, str, str], list[_Row], dict[str, Decimal]]]:
    return compute_blocks([(number, f"제{number}호표", item, spec, unit, resources)
                           for number, item, spec, unit, resources in specs])


_BD_FIELDS = ["item", "spec", "unit", "quantity",
              "material_price", "material_amount", "labour_price", "labour_amount",
              "expense_price", "expense_amount", "total_price", "total_amount", "remarks"]


def _write_breakdown(wb: Workbook, name: str, specs: list[_BlockSpec]) -> tuple[list[ExpectedBlock], dict[str, int]]:
    """The title-above-header layout of builders_costs, with this module's blocks."""
    blocks, cols, _ = _breakdown_title_above_header(wb, name, _compute(specs))
    return blocks, cols


# --------------------------------------------------------------------------- bill


@dataclass
class _Line:
    section: str
    item: str
    spec: str
    unit: str
    quantity: str
    source: int | tuple[int, int, int]    # block number, or fixed (재료비, 노무비, 경비) unit prices
    remarks: str
    role: str


@dataclass
class _Bill:
    cols: dict[str, int]
    rows: dict[str, int]                                   # role -> row
    quantities: dict[int, Decimal]
    prices: dict[int, dict[str, int]]
    amounts: dict[int, dict[str, int]]
    blocks: dict[int, int]                                 # row -> block number
    subtotals: list[tuple[int, list[int]]]
    total_row: int
    direct: dict[str, int]


_BILL_FIELDS = ["item", "spec", "unit", "quantity",
                "material_price", "material_amount", "labour_price", "labour_amount",
                "expense_price", "expense_amount", "total_price", "total_amount", "remarks"]


def _write_bill(wb: Workbook, name: str, title: str, project: str, lines: list[_Line],
                blocks: dict[int, ExpectedBlock]) -> _Bill:
    """One-row joined header, section headings, a 소계 per section and a 합계, as builders_costs."""
    ws = wb.create_sheet(name, 0)
    cols = {f: i for i, f in enumerate(_BILL_FIELDS, start=1)}
    _widths(ws, [24, 30, 6, 10, 11, 13, 11, 13, 11, 13, 11, 14, 16])
    _merge(ws, 1, 1, 1, 13, title, font=_TITLE)
    ws.cell(2, 1, f"공사명: {project}").alignment = _LEFT
    ws.cell(2, 13, "(단위: 원)").alignment = _RIGHT
    labels = ["품명", "규격", "단위", "수량", "재료비단가", "재료비금액", "노무비단가", "노무비금액",
              "경비단가", "경비금액", "합계단가", "합계금액", "비고"]
    for c, text in enumerate(labels, start=1):
        _merge(ws, 3, c, 3, c, text)
    _box_row(ws, 3, 1, 13)

    bill = _Bill(cols, {}, {}, {}, {}, {}, [], 0, {})

    def put_amounts(r: int, amounts: dict[str, int]) -> None:
        for k in KINDS:
            ws.cell(r, cols[f"{k}_amount"], amounts[k]).number_format = _MONEY
        ws.cell(r, cols["total_amount"], sum(amounts.values())).number_format = _MONEY

    def close_section(r: int, rows: list[int]) -> int:
        cell = ws.cell(r, cols["item"], "소계")
        cell.font, cell.alignment = _BOLD, _CENTER
        put_amounts(r, {k: sum(bill.amounts[x][k] for x in rows) for k in KINDS})
        _box_row(ws, r, 1, 13)
        bill.subtotals.append((r, rows))
        return r + 1

    r, section, section_rows = 4, None, []
    for line in lines:
        if line.section != section:
            if section is not None:
                r = close_section(r, section_rows)
            ws.cell(r, cols["item"], line.section).font = _BOLD
            _box_row(ws, r, 1, 13)
            r += 1
            section, section_rows = line.section, []
        q = _P(line.quantity)
        if isinstance(line.source, int):
            prices = dict(blocks[line.source].unit_prices)
            bill.blocks[r] = line.source
        else:
            prices = dict(zip(KINDS, line.source))
        amounts = {k: trunc_won(q * prices[k]) for k in KINDS}
        ws.cell(r, cols["item"], line.item).font = _FONT
        ws.cell(r, cols["spec"], line.spec or None).font = _FONT
        ws.cell(r, cols["unit"], line.unit).alignment = _CENTER
        ws.cell(r, cols["quantity"], _cell_number(q)).number_format = _QTY
        for k in KINDS:
            ws.cell(r, cols[f"{k}_price"], prices[k]).number_format = _MONEY
            ws.cell(r, cols[f"{k}_amount"], amounts[k]).number_format = _MONEY
        ws.cell(r, cols["total_price"], sum(prices.values())).number_format = _MONEY
        ws.cell(r, cols["total_amount"], sum(amounts.values())).number_format = _MONEY
        ws.cell(r, cols["remarks"], line.remarks or None)
        _box_row(ws, r, 1, 13)
        assert line.role not in bill.rows, line.role
        bill.rows[line.role] = r
        bill.quantities[r], bill.prices[r], bill.amounts[r] = q, prices, amounts
        section_rows.append(r)
        r += 1
    r = close_section(r, section_rows)

    bill.direct = {k: sum(a[k] for a in bill.amounts.values()) for k in KINDS}
    cell = ws.cell(r, cols["item"], "합계")
    cell.font, cell.alignment = _BOLD, _CENTER
    put_amounts(r, bill.direct)
    _box_row(ws, r, 1, 13)
    bill.total_row = r
    return bill


# --------------------------------------------------------------------------- assembling


def _direct_over(findings: list[ExpectedFinding]) -> int:
    # Several findings on one line would describe the same money; the largest stands for the line.
    per_line: dict[tuple[str, int], int] = {}
    for f in findings:
        if f.confidence in ("certain", "probable") and f.over_won > 0:
            key = (f.sheet, f.row)
            per_line[key] = max(per_line.get(key, 0), f.over_won)
    return sum(per_line.values())


def _assemble(dir: Path, name: str, year: int, project: str, kind: str, route: str | None,
              specs: list[_BlockSpec], lines: list[_Line], findings_of) -> AuditEstimate:
    """Write the three sheets and both CSVs; ``findings_of(bill, blocks)`` gives the findings and
    the corrected amounts of the lines they correct (row -> per-kind amounts)."""
    dir = Path(dir)
    wb = Workbook()
    wb.remove(wb.active)
    bill_sheet, breakdown_sheet, summary_sheet = "내역서", "일위대가", "원가계산서"
    blocks, bd_cols = _write_breakdown(wb, breakdown_sheet, specs)
    by_number = {b.number: b for b in blocks}
    # The year is written only as "YYYY년", so the estimate's date is that year, nothing finer.
    bill = _write_bill(wb, bill_sheet, f"{year}년 {project} 설계내역서", f"{year}년 {project}", lines, by_number)
    h = _heads(bill.direct)
    heads, amount_col = _summary_text_rates(wb, summary_sheet, h, 0)
    wb[summary_sheet].cell(2, 1).value = f"공사명: {year}년 {project}"

    findings, corrected = findings_of(bill, by_number)
    findings.sort(key=lambda f: ([bill_sheet, breakdown_sheet].index(f.sheet), f.row))
    amounts = {r: corrected.get(r, a) for r, a in bill.amounts.items()}
    corrected_direct = {k: sum(a[k] for a in amounts.values()) for k in KINDS}

    path = dir / f"{name}.xlsx"
    wb.save(path)
    return AuditEstimate(
        path=path, prices_csv=_write_prices(dir / f"{name}_prices.csv"),
        wages_csv=_write_wages(dir / f"{name}_wages.csv"), year=year, findings=findings,
        direct_over_won=_direct_over(findings), contract_total=h["도급액"],
        corrected_contract_total=_heads(corrected_direct)["도급액"],
        bill_sheet=bill_sheet, breakdown_sheet=breakdown_sheet, summary_sheet=summary_sheet,
        kind=kind, route=route, bill_columns=bill.cols, breakdown_columns=bd_cols,
        summary_amount_column=amount_col, blocks=blocks, heads=heads, line_rows=dict(bill.rows),
        line_blocks=dict(bill.blocks), bill_lines=sorted(bill.amounts), bill_subtotal_rows=bill.subtotals,
        bill_total_row=bill.total_row, title_rows={bill_sheet: 1, summary_sheet: 2},
        direct=bill.direct, corrected_direct=corrected_direct,
    )


def _wage(job: str, year: int) -> int:
    return WAGES[job][1][year]


def _labour(job: str, q: str | Decimal, year: int) -> tuple:
    return ("res", job, "", "인", str(q), (0, _wage(job, year), 0))


# --------------------------------------------------------------------------- CCTV pole estimate


def build_pole_estimate(dir: Path, *, year: int, height_m: int, paved: bool, route: str, plates: int,
                        name: str, inclusion: str = "name") -> AuditEstimate:
    """A CCTV-pole estimate whose footing excavation and backfill are also priced as lines.

    ``route`` decides how the double count shows: "a" the pole block lists 터파기 0.6 ㎥ (제1호표);
    "b" only the ICT standard tells (its pole figures include 터파기 and 되메우기); "c" the pole
    line says so itself — in its name, ``CCTV 폴 설치(터파기 포함)`` (``inclusion="name"``), or in
    its spec, ``H=8m, 터파기·되메우기 포함`` (``inclusion="spec"``).
    """
    if route not in ("a", "b", "c") or inclusion not in ("name", "spec"):
        raise ValueError(f"route {route!r}, inclusion {inclusion!r}")
    if year not in PPS_PRICES[PLATE] or height_m not in POLE_PIPE_PRICE or plates <= 0:
        raise ValueError(f"year {year}, height {height_m}, plates {plates}")
    outer, common = (_P(x) for x in ICT_POLE_STANDARD[height_m])
    if paved:
        common *= PAVED_COMMON_LABOUR

    pole_item, pole_spec = "CCTV 폴 설치", f"H={height_m}m"
    if paved:
        pole_spec += ", 포장구간"
    if route == "c" and inclusion == "name":
        pole_item += "(터파기 포함)"
    if route == "c" and inclusion == "spec":
        pole_spec += ", 터파기·되메우기 포함"

    pole_resources: list[tuple] = [
        ("res", "강관주", f"Φ165.2×4.5t, H={height_m}m", "본", "1", (POLE_PIPE_PRICE[height_m], 0, 0)),
        ("res", "앵커볼트", "M24×700", "조", "1", (48350, 0, 0)),
    ]
    if route == "a":
        pole_resources.append(("ref", 1, str(EXCAVATION_PER_POLE)))
    pole_resources += [
        _labour("통신외선공", outer, year),
        _labour("보통인부", common, year),
        ("res", "크레인(타이어)", "10ton", "hr", "0.8", (0, 0, 68537)),
        ("tool", "공구손료", "인력품의 2%", "식", "2"),
    ]
    specs: list[_BlockSpec] = [
        (1, "터파기(인력)", "보통토사", "㎥", [
            _labour("보통인부", "0.28", year),
            ("tool", "공구손료", "인력품의 2%", "식", "2"),
        ]),
        (2, "되메우기(인력)", "다짐", "㎥", [
            _labour("보통인부", "0.21", year),
            _labour("특별인부", "0.035", year),
            ("res", "래머", "80kg", "hr", "0.37", (0, 0, 4317)),
            ("tool", "공구손료", "인력품의 2%", "식", "2"),
        ]),
        (3, pole_item, pole_spec, "본", pole_resources),
    ]

    plate_price = MAGAZINE_PLATE_PRICE[year]
    pps_plate = PPS_PRICES[PLATE][year]
    cable_per_100m = PPS_PRICES[CABLE][year] * 100
    s1, s2, s3 = "1. CCTV 폴 설치공사", "2. 부대공사", "3. 관로공사"
    lines = [
        _Line(s1, "터파기(인력)", "폴 기초, 보통토사", "㎥", str(POLES * EXCAVATION_PER_POLE), 1, "제1호표",
              "excavation"),
        _Line(s1, "되메우기(인력)", "폴 기초", "㎥", str(POLES * BACKFILL_PER_POLE), 2, "제2호표", "backfill"),
        _Line(s1, pole_item, pole_spec, "본", str(POLES), 3, "제3호표", "pole"),
        _Line(s1, *PLATE, str(plates), (plate_price, 0, 0), "물가정보 p.412", "plate"),
        _Line(s2, PLATE[0], PLATE[1], "EA", "4", (pps_plate, 0, 0), "조달청", "plate-decoy"),
        _Line(s3, "관로 터파기", "인력, 보통토사", "㎥", "12.6", 1, "제1호표", "conduit-decoy"),
        _Line(s3, CABLE[0], CABLE[1], "100m", "1.725", (cable_per_100m, 0, 0), "조달청", "cable-decoy"),
    ]

    def findings_of(bill: _Bill, blocks: dict[int, ExpectedBlock]):
        findings: list[ExpectedFinding] = []
        corrected: dict[int, dict[str, int]] = {}
        for role, item in (("excavation", "터파기(인력)"), ("backfill", "되메우기(인력)")):
            row = bill.rows[role]
            if role == "excavation" and route in ("a", "c"):
                how, confidence = route, "certain"
            elif role == "backfill" and route == "c" and inclusion == "spec":
                how, confidence = "c", "certain"
            else:
                how, confidence = "b", "probable"
            findings.append(ExpectedFinding(DUPLICATE, "내역서", row, item, sum(bill.amounts[row].values()),
                                            confidence, how))
            corrected[row] = dict.fromkeys(KINDS, 0)
        row = bill.rows["plate"]
        correct = trunc_won(bill.quantities[row] * reference_price(*PLATE, year))
        findings.append(ExpectedFinding(PRICE, "내역서", row, PLATE[0],
                                        bill.amounts[row]["material"] - correct, "certain"))
        corrected[row] = {**bill.amounts[row], "material": correct}
        # The decoys really are at (not above) their references, once converted.
        for role, (item, spec, unit) in (("plate-decoy", (PLATE[0], PLATE[1], "EA")),
                                         ("cable-decoy", (CABLE[0], CABLE[1], "100m"))):
            r = bill.rows[role]
            assert bill.amounts[r]["material"] == trunc_won(bill.quantities[r] * reference_price(item, spec, unit, year))
        return findings, corrected

    return _assemble(dir, name, year, "○○시 방범용 CCTV 설치공사", "pole", route, specs, lines, findings_of)


FIVE_POLE_CASES = [
    {"year": 2019, "height_m": 8, "paved": False, "route": "a", "plates": 20, "name": "pole2019"},
    {"year": 2019, "height_m": 10, "paved": True, "route": "b", "plates": 12, "name": "pole2019_paved"},
    {"year": 2020, "height_m": 12, "paved": False, "route": "c", "plates": 16, "name": "pole2020"},
    {"year": 2020, "height_m": 8, "paved": True, "route": "a", "plates": 8, "name": "pole2020_paved"},
    {"year": 2021, "height_m": 10, "paved": True, "route": "c", "plates": 24, "name": "pole2021",
     "inclusion": "spec"},
]


# --------------------------------------------------------------------------- air conditioner


def build_ac_estimate(dir: Path, *, year: int, name: str) -> AuditEstimate:
    """Ceiling air conditioners whose breakdowns carry well over the standard man-days.

    The blocks carry no 공구손료: it would follow the labour, and the audit corrected labour only.
    """
    if year not in WAGES["기계설비공"][1]:
        raise ValueError(f"no wages for {year}")
    indoor, outdoor = AC_STANDARD["indoor"], AC_STANDARD["outdoor"]
    # block number -> (stated man-days, standard man-days) for 기계설비공 and 보통인부
    man_days = {1: (("1.20", "0.60"), indoor), 2: (("2.00", "1.00"), outdoor), 3: (indoor, indoor)}
    specs: list[_BlockSpec] = []
    for number, spec, sundries in ((1, "실내기 16kW 이하", 38600), (2, "실외기 10kW", 52400),
                                   (3, "실내기 11kW", 38600)):
        fitter, common = man_days[number][0]
        specs.append((number, "천장형 에어컨 설치", spec, "대", [
            ("res", "잡재료", "앵커·달대·배관부속", "식", "1", (sundries, 0, 0)),
            _labour("기계설비공", fitter, year),
            _labour("보통인부", common, year),
        ]))
    s1, s2 = "1. 냉난방기 설치공사", "2. 배관공사"
    lines = [
        _Line(s1, "천장형 에어컨 설치", "실내기 16kW 이하", "대", "6", 1, "제1호표", "indoor"),
        _Line(s1, "천장형 에어컨 설치", "실외기 10kW", "대", "3", 2, "제2호표", "outdoor"),
        _Line(s1, "천장형 에어컨 설치", "실내기 11kW", "대", "2", 3, "제3호표", "indoor-decoy"),
        _Line(s2, "냉매배관", "동관 Φ9.52+Φ15.88", "m", "42.5", (18450, 0, 0), "물가정보 p.1021", "piping"),
    ]

    def corrected_labour_price(number: int) -> int:
        fitter, common = man_days[number][1]
        return trunc_won(trunc_tenth(_P(fitter) * _wage("기계설비공", year))
                         + trunc_tenth(_P(common) * _wage("보통인부", year)))

    def findings_of(bill: _Bill, blocks: dict[int, ExpectedBlock]):
        findings: list[ExpectedFinding] = []
        corrected: dict[int, dict[str, int]] = {}
        for role in ("indoor", "outdoor", "indoor-decoy"):
            row = bill.rows[role]
            number = bill.blocks[row]
            labour = trunc_won(bill.quantities[row] * corrected_labour_price(number))
            over = bill.amounts[row]["labour"] - labour
            if role == "indoor-decoy":
                assert over == 0
                continue
            findings.append(ExpectedFinding(LABOUR, "내역서", row, "천장형 에어컨 설치", over, "certain"))
            corrected[row] = {**bill.amounts[row], "labour": labour}
        return findings, corrected

    return _assemble(dir, name, year, "○○청사 냉난방기 교체공사", "ac", None, specs, lines, findings_of)


AC_CASE = {"year": 2021, "name": "ac2021"}
