"""Write the bundled example estimate, ``cctv_pole_estimate.xlsx``.

A small 2021 CCTV-pole installation estimate in the shape of the audited contracts: a bill of
quantities with a two-row merged header, sections and subtotals; a unit-cost breakdown sheet;
and a cost summary. Prices are illustrative, not official. Two arithmetic slips are written in
on purpose (a labour amount typed 10,000 won high, and a subtotal 5,000 won high), so
``estimator verify`` on it reports findings and exits 1.

Run ``python examples/make_example.py`` to regenerate it.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).parent

# item, spec, unit, quantity, (material, labour, expense) unit prices, remarks
SECTIONS = [
    ("1. 토공사", [
        ("터파기(인력)", "보통토사, 폴 기초", "㎥", "4.32", (0, 46_750, 0), "제1호표"),
        ("되메우기(인력)", "다짐 포함", "㎥", "3.6", (0, 22_380, 0), "제2호표"),
        ("잔토처리", "인력, 운반거리 20m", "㎥", "0.72", (0, 34_280, 1_210), ""),
    ]),
    ("2. CCTV 설치공사", [
        ("CCTV 폴 설치", "H=8m, 강관주 Φ165.2×4.5t", "본", "3", (1_850_000, 512_370, 38_900), "제3호표"),
        ("불법광고물 방지판", "H=2.0m, 스테인리스", "매", "3", (186_000, 0, 0), "물가정보 p.412"),
        ("CCTV 카메라 설치", "200만화소 PTZ", "대", "3", (0, 96_540, 0), "제4호표"),
        ("전원케이블 포설", "F-CV 2.5SQ-2C", "m", "172.5", (1_580, 2_210, 0), ""),
        ("작업설", "강관 스크랩", "kg", "-12.345", (385, 0, 0), "작업설"),
    ]),
]
SLIP_LABOUR_ROW_ITEM = "CCTV 카메라 설치"  # its labour amount is written 10,000 won high
SLIP_SUBTOTAL_SECTION = 0  # the first section's subtotal is written 5,000 won high

HEADER_TOP = ["품 명", "규 격", "단위", "수 량", "재 료 비", None, "노 무 비", None, "경 비", None, "합 계", None, "비 고"]
HEADER_LOW = [None, None, None, None, "단 가", "금 액", "단 가", "금 액", "단 가", "금 액", "단 가", "금 액", None]


def _cut(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_DOWN))


def _bill(ws) -> int:
    ws.append(["설 계 내 역 서"] + [None] * 12)
    ws.merge_cells("A1:M1")
    ws["A1"].font = Font(size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append(["공사명: ○○구 불법주정차 단속 CCTV 설치공사 (2021년)"])
    ws.append(HEADER_TOP)
    ws.append(HEADER_LOW)
    for col in "ABCDM":
        ws.merge_cells(f"{col}3:{col}4")
    for first, last in (("E", "F"), ("G", "H"), ("I", "J"), ("K", "L")):
        ws.merge_cells(f"{first}3:{last}3")
    grand = [0, 0, 0, 0]
    for index, (heading, items) in enumerate(SECTIONS):
        ws.append([heading])
        sums = [0, 0, 0, 0]
        for item, spec, unit, qty, prices, remarks in items:
            quantity = Decimal(qty)
            amounts = [_cut(quantity * p) for p in prices]
            if item == SLIP_LABOUR_ROW_ITEM:
                amounts[1] += 10_000
            total = sum(amounts)
            ws.append([item, spec, unit, float(quantity),
                       prices[0], amounts[0], prices[1], amounts[1], prices[2], amounts[2],
                       sum(prices), total, remarks])
            for k, value in enumerate([*amounts, total]):
                sums[k] += value
        if index == SLIP_SUBTOTAL_SECTION:
            sums[1] += 5_000
            sums[3] += 5_000
        ws.append(["소 계", None, None, None, None, sums[0], None, sums[1], None, sums[2], None, sums[3]])
        ws.append([])
        grand = [g + s for g, s in zip(grand, sums)]
    ws.append(["합 계", None, None, None, None, grand[0], None, grand[1], None, grand[2], None, grand[3]])
    return grand[3]


def _breakdowns(ws) -> None:
    blocks = [
        ("제1호표  터파기(인력) 보통토사 ㎥", [("보통인부", "", "인", 0.28, 0, 166_970, 0)]),
        ("제2호표  되메우기(인력) 다짐 포함 ㎥", [("보통인부", "", "인", 0.134, 0, 166_970, 0)]),
        ("제3호표  CCTV 폴 설치 H=8m 본", [
            ("강관주", "Φ165.2×4.5t, H=8m", "본", 1, 1_850_000, 0, 0),
            ("통신외선공", "", "인", 1.28, 0, 262_400, 0),
            ("보통인부", "", "인", 1.45, 0, 121_000, 0),
            ("굴착기", "0.2㎥", "hr", 1.0, 0, 0, 38_900),
        ]),
        ("제4호표  CCTV 카메라 설치 200만화소 PTZ 대", [("통신내선공", "", "인", 0.36, 0, 268_170, 0)]),
    ]
    for title, rows in blocks:
        ws.append([title])
        ws.append(["품 명", "규 격", "단위", "수량", "재료비", "노무비", "경비", "비고"])
        for name, spec, unit, qty, m, l, e in rows:
            ws.append([name, spec, unit, qty, m, l, e])
        ws.append(["합 계"])
        ws.append([])


def _cost_summary(ws, direct_total: int) -> None:
    ws.append(["공 사 원 가 계 산 서"])
    ws.append(["비 목", "구 분", "금 액", "구 성 비", "비 고"])
    for row in [("재료비", "직접재료비"), ("노무비", "직접노무비"), ("", "간접노무비", "직접노무비 x 9.1%"),
                ("경비", "산재보험료", "노무비 x 3.75%"), ("", "고용보험료", "노무비 x 1.01%"),
                ("", "기타경비", "(재료비+노무비) x 4.6%"), ("일반관리비", "", "(재료비+노무비+경비) x 6%"),
                ("이윤", "", "(노무비+경비+일반관리비) x 15%"), ("총원가",), ("부가가치세", "", "총원가 x 10%"),
                ("도급액",)]:
        ws.append(list(row))
    ws.append(["직접공사비 합계(내역서)", "", direct_total])


def main(path: Path = HERE / "cctv_pole_estimate.xlsx") -> Path:
    workbook = Workbook()
    summary = workbook.active
    summary.title = "원가계산서"
    bill = workbook.create_sheet("내역서")
    total = _bill(bill)
    _cost_summary(summary, total)
    _breakdowns(workbook.create_sheet("일위대가"))
    workbook.save(path)
    return path


if __name__ == "__main__":
    print(main())
