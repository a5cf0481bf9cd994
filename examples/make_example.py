"""Write the bundled example estimate, ``cctv_pole_estimate.xlsx``.

A small CCTV-pole and air-conditioner installation estimate dated March 2026, in the shape of the
audited contracts: a bill of quantities (two-row merged header, sections, subtotals), unit-cost
breakdowns (일위대가, each block titled 제N호표 with its own header) and a cost summary (원가계산서)
with its rates written as text. Its date falls inside the bundled real references: the PPS price
notices of 2025-10 (조달청 가격정보 — 시설공통자재), the construction market wages from 2026-01-01
(대한건설협회), the 2026 표준품셈 and the 2026 statutory rates. The audit's patterns are in it:

- the pole block already contains excavation (터파기 0.6 ㎥ per pole), as the standard breakdown
  does, and the bill also prices the poles' excavation and backfill separately (counted twice);
  a conduit trench excavation (관로 터파기) is a decoy: it is another work's;
- ceiling air-conditioner installation with labour set above the standard (기계설비 8-2-4: 기계설비공
  0.45, 보통인부 0.22 인 per indoor unit; the block says 1.20 and 0.60);
- a control cable priced from a survey publication (물가정보) above its PPS price (제어케이블 F-CVV
  2C 2.5mm², 1,416 won/m, notice 2025-10-23), beside a conduit priced at exactly its PPS price;
- 보통인부 paid 180,000 won a day in the excavation block, above the market wage (172,068 won);
- 산재보험료 at 3.75% where the 2026 rate is 3.56%.

Two arithmetic slips are written in on purpose — the camera line's labour amount typed 10,000
won high, and the first section's subtotal 5,000 won high — so ``estimator verify`` reports
findings and exits 1. Run ``python examples/make_example.py`` to regenerate it.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

HERE = Path(__file__).parent
KINDS = ("material", "labour", "expense")
TITLE = "공사명: ○○구청 CCTV 및 냉난방기 설치공사 (2026년 3월)"
COMMON_WAGE = 172_068  # 보통인부, 대한건설협회 2026 상반기 (from 2026-01-01)
MACHINE_WAGE = 241_698  # 기계설비공, the same survey
INFLATED_WAGE = 180_000  # 보통인부 in the excavation block: above the market wage

# Blocks: number, item, spec, unit, rows (item, spec, unit, quantity, (material, labour, expense) prices, remarks)
BLOCKS = [
    (1, "터파기(인력)", "보통토사", "㎥", [("보통인부", "", "인", "0.28", (0, INFLATED_WAGE, 0), "")]),
    (2, "되메우기(인력)", "다짐 포함", "㎥", [("보통인부", "", "인", "0.134", (0, COMMON_WAGE, 0), "")]),
    (3, "CCTV 폴 설치", "H=8m", "본", [
        ("강관주", "Φ165.2×4.5t, H=8m", "본", "1", (1_850_000, 0, 0), "견적"),
        ("통신외선공", "", "인", "1.28", (0, 408_942, 0), ""),
        ("보통인부", "", "인", "1.45", (0, COMMON_WAGE, 0), ""),
        ("굴착기", "0.2㎥", "hr", "1.5", (0, 0, 52_380), ""),
        ("터파기(인력)", "보통토사", "㎥", "0.6", None, "제1호표"),
    ]),
    (4, "CCTV 카메라 설치", "200만화소 PTZ", "대", [("통신내선공", "", "인", "0.36", (0, 284_880, 0), "")]),
    (5, "천장형 에어컨 설치", "실내기 16kW 이하", "대", [
        ("기계설비공", "", "인", "1.20", (0, MACHINE_WAGE, 0), ""),
        ("보통인부", "", "인", "0.60", (0, COMMON_WAGE, 0), ""),
    ]),
]

# Sections: heading, lines (item, spec, unit, quantity, block number or (material, labour, expense) prices, remarks)
SECTIONS = [
    ("1. 토공사", [
        ("잔토처리", "인력 운반거리 20m", "㎥", "0.72", (0, 34_280, 1_210), ""),
        ("관로 터파기", "인력 보통토사", "㎥", "4.32", 1, "제1호표"),
    ]),
    ("2. CCTV 설치공사", [
        ("터파기(인력)", "폴 기초 보통토사", "㎥", "1.8", 1, "제1호표"),
        ("되메우기(인력)", "폴 기초 다짐 포함", "㎥", "1.5", 2, "2호표"),
        ("CCTV 폴 설치", "H=8m", "본", "3", 3, "일위대가 3"),
        ("CCTV 카메라 설치", "200만화소 PTZ", "대", "3", 4, ""),
        ("제어케이블", "F-CVV 2C 2.5mm2", "M", "172.5", (1_650, 0, 0), "물가정보 p.1024"),
        ("후강전선관", "아연도 22mm", "M", "60", (3_085, 0, 0), "조달청"),
        ("작업설", "강관 스크랩", "kg", "-12.345", (385, 0, 0), "작업설"),
    ]),
    ("3. 냉난방기 설치공사", [
        ("천장형 에어컨 설치", "실내기 16kW 이하", "대", "6", 5, "제5호표"),
    ]),
]
SLIP_LINE = "CCTV 카메라 설치"  # labour amount typed 10,000 won high
SLIP_SUBTOTAL = 0  # the first section's subtotal typed 5,000 won high

RATES = [  # head, group, base names, rate %, derivation text
    ("간접노무비", "노무비", ("직접노무비",), "9.1", "직접노무비 x 9.1%"),
    ("산재보험료", "경비", ("노무비",), "3.75", "노무비 x 3.75%"),
    ("고용보험료", "경비", ("노무비",), "1.05", "노무비 x 1.05%"),
    ("건강보험료", "경비", ("직접노무비",), "3.595", "직접노무비 x 3.595%"),
    ("연금보험료", "경비", ("직접노무비",), "4.75", "직접노무비 x 4.75%"),
    ("노인장기요양보험료", "경비", ("건강보험료",), "13.14", "건강보험료 x 13.14%"),
    ("기타경비", "경비", ("재료비", "노무비"), "4.6", "(재료비+노무비) x 4.6%"),
]


def _cut(value: Decimal, places: int = 0) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)


def _blocks(ws) -> dict[int, dict[str, int]]:
    """Write the breakdown sheet; return each block's unit prices per kind (계금, cut to the won)."""
    prices: dict[int, dict[str, int]] = {}
    ws.append(["일 위 대 가 표"])
    ws.append([])
    for number, item, spec, unit, rows in BLOCKS:
        ws.append([f"제{number}호표  {item} {spec} {unit}"])
        ws.append(["품 명", "규 격", "단위", "수 량", "재 료 비", None, "노 무 비", None, "경 비", None, "비 고"])
        ws.append([None, None, None, None, "단 가", "금 액", "단 가", "금 액", "단 가", "금 액", None])
        top = ws.max_row - 1
        for col in "ABCDK":
            ws.merge_cells(f"{col}{top}:{col}{top + 1}")
        for first, last in (("E", "F"), ("G", "H"), ("I", "J")):
            ws.merge_cells(f"{first}{top}:{last}{top}")
        totals = dict.fromkeys(KINDS, Decimal(0))
        for name, rspec, runit, qty, kind_prices, remarks in rows:
            quantity = Decimal(qty)
            unit_prices = [Decimal(p) for p in (kind_prices or prices[1].values())]
            amounts = [_cut(quantity * p, 1) for p in unit_prices]
            for kind, amount in zip(KINDS, amounts):
                totals[kind] += amount
            ws.append([name, rspec, runit, float(quantity),
                       *[v for pair in zip(unit_prices, amounts) for v in (float(pair[0]), float(pair[1]))], remarks])
        ws.append(["합 계", None, None, None, None, float(totals["material"]), None, float(totals["labour"]),
                   None, float(totals["expense"])])
        ws.append([])
        prices[number] = {k: int(_cut(v)) for k, v in totals.items()}
    return prices


def _bill(ws, block_prices) -> dict[str, int]:
    """Write the bill; return its stated grand totals per kind (what the summary is built on)."""
    ws.append(["설 계 내 역 서"] + [None] * 12)
    ws.merge_cells("A1:M1")
    ws["A1"].font = Font(size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([TITLE])
    ws.append(["품 명", "규 격", "단위", "수 량", "재 료 비", None, "노 무 비", None, "경 비", None, "합 계", None, "비 고"])
    ws.append([None, None, None, None, "단 가", "금 액", "단 가", "금 액", "단 가", "금 액", "단 가", "금 액", None])
    for col in "ABCDM":
        ws.merge_cells(f"{col}3:{col}4")
    for first, last in (("E", "F"), ("G", "H"), ("I", "J"), ("K", "L")):
        ws.merge_cells(f"{first}3:{last}3")
    grand = [0, 0, 0, 0]
    for index, (heading, items) in enumerate(SECTIONS):
        ws.append([heading])
        sums = [0, 0, 0, 0]
        for item, spec, unit, qty, priced, remarks in items:
            quantity = Decimal(qty)
            prices = list(block_prices[priced].values()) if isinstance(priced, int) else list(priced)
            amounts = [int(_cut(quantity * p)) for p in prices]
            if item == SLIP_LINE:
                amounts[1] += 10_000
            ws.append([item, spec, unit, float(quantity), prices[0], amounts[0], prices[1], amounts[1],
                       prices[2], amounts[2], sum(prices), sum(amounts), remarks])
            for k, value in enumerate([*amounts, sum(amounts)]):
                sums[k] += value
        if index == SLIP_SUBTOTAL:
            sums[1] += 5_000
            sums[3] += 5_000
        ws.append(["소 계", None, None, None, None, sums[0], None, sums[1], None, sums[2], None, sums[3]])
        ws.append([])
        grand = [g + s for g, s in zip(grand, sums)]
    ws.append(["합 계", None, None, None, None, grand[0], None, grand[1], None, grand[2], None, grand[3]])
    return dict(zip(KINDS, grand[:3]))


def _summary(ws, direct: dict[str, int]) -> None:
    """The cost summary, computed from the bill's stated totals with every head cut to the won."""
    def pct(base: int, rate: str) -> int:
        return int(_cut(Decimal(base) * Decimal(rate) / 100))

    v = {"직접재료비": direct["material"], "직접노무비": direct["labour"], "산출경비": direct["expense"]}
    v["재료비"] = v["직접재료비"]
    v["간접노무비"] = pct(v["직접노무비"], "9.1")
    v["노무비"] = v["직접노무비"] + v["간접노무비"]
    for head, _, base, rate, _ in RATES[1:]:
        v[head] = pct(sum(v[b] for b in base), rate)
    v["경비"] = v["산출경비"] + sum(v[h] for h, group, *_ in RATES if group == "경비")
    v["순공사원가"] = v["재료비"] + v["노무비"] + v["경비"]
    v["일반관리비"] = pct(v["순공사원가"], "5.5")
    v["이윤"] = pct(v["노무비"] + v["경비"] + v["일반관리비"], "12")
    v["총원가"] = v["순공사원가"] + v["일반관리비"] + v["이윤"]
    v["부가가치세"] = pct(v["총원가"], "10")
    v["도급액"] = (v["총원가"] + v["부가가치세"]) // 1000 * 1000
    ws.append(["공 사 원 가 계 산 서"])
    ws.append(["비 목", "구 분", "금 액", "산 출 근 거", "비 고"])
    rows = [("재료비", "직접재료비", None), ("", "[소 계]", None),
            ("노무비", "직접노무비", None), ("", "간접노무비", "직접노무비 x 9.1%"), ("", "[소 계]", None),
            ("경비", "산출경비", None)]
    rows += [("", head, text) for head, group, _, _, text in RATES if group == "경비"]
    rows += [("", "[소 계]", None), ("순공사원가", "", None), ("일반관리비", "", "(재료비+노무비+경비) x 5.5%"),
             ("이윤", "", "(노무비+경비+일반관리비) x 12%"), ("총원가", "", None),
             ("부가가치세", "", "총원가 x 10%"), ("도급액", "", None)]
    group = ""
    for first, second, text in rows:
        group = first or group
        head = group if second == "[소 계]" else (second or first)
        ws.append([first, second, v[head], text, "천원미만 절사" if head == "도급액" else None])


def _print_layout(ws, widths: tuple[float, ...]) -> None:
    """Column widths that hold the texts, thousands separators on amounts (0.1 won where a
    breakdown keeps it), one page wide in landscape: the sheet reads and prints as an estimate."""
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool) and cell.column > 4:
                cell.number_format = "#,##0" if float(cell.value).is_integer() else "#,##0.0"
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.page_setup.orientation = "landscape"


def main(path: Path = HERE / "cctv_pole_estimate.xlsx") -> Path:
    workbook = Workbook()
    summary = workbook.active
    summary.title = "원가계산서"
    bill = workbook.create_sheet("내역서")
    blocks = workbook.create_sheet("일위대가")
    prices = _blocks(blocks)
    _summary(summary, _bill(bill, prices))
    for sheet, widths in ((summary, (12, 16, 14, 34, 16)), (bill, (18, 20, 6, 9) + (11, 13) * 4 + (16,)),
                          (blocks, (14, 20, 6, 8) + (11, 13) * 3 + (12,))):
        _print_layout(sheet, widths)
    workbook.save(path)
    return path


if __name__ == "__main__":
    print(main())
