"""No quadratic loop: the work of a verify grows linearly with the estimate.

Counted, not timed: the Python function calls of a whole verify (reading in the process itself)
of a generated linked estimate — distinct items, a breakdown block per two lines, blocks citing
shared sub-blocks, lines citing blocks by remarks — at N, 2N and 4N lines. Fixed costs (loading the
references) cancel in the differences; linear work doubles from one difference to the next, a
quadratic term would quadruple.
"""

from __future__ import annotations

import cProfile
import pstats
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

from openpyxl import Workbook

KINDS = ("material", "labour", "expense")


def _cut(value: Decimal, places: int = 0) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)


def linked_estimate(path: Path, lines: int) -> Path:
    book = Workbook()
    bill = book.active
    bill.title = "내역서"
    blocks = book.create_sheet("일위대가")
    blocks.append(["일 위 대 가 표"])
    prices: dict[int, list[int]] = {}
    for number in range(1, lines // 2 + 1):
        item, spec, unit = f"구조물 {number}호 설치", f"규격 {number % 37}", "개소"
        blocks.append([f"제{number}호표  {item} {spec} {unit}"])
        blocks.append(["품 명", "규 격", "단위", "수 량", "재 료 비", None, "노 무 비", None, "경 비", None, "비 고"])
        blocks.append([None, None, None, None, "단 가", "금 액", "단 가", "금 액", "단 가", "금 액", None])
        top = blocks.max_row - 1
        for col in "ABCDK":
            blocks.merge_cells(f"{col}{top}:{col}{top + 1}")
        for first, last in (("E", "F"), ("G", "H"), ("I", "J")):
            blocks.merge_cells(f"{first}{top}:{last}{top}")
        rows = [(f"자재 {number}", "", "개", Decimal("1"), (1000 + number, 0, 0), ""),
                ("보통인부", "", "인", Decimal("0.25"), (0, 172_068, 0), "")]
        if number > 10:  # a row that is one of the first ten blocks (shared sub-works, as 터파기 is)
            inner = (number - 1) % 10 + 1
            rows.append((f"구조물 {inner}호 설치", f"규격 {inner % 37}", "개소", Decimal("0.1"),
                         tuple(prices[inner]), f"제{inner}호표"))
        totals = [Decimal(0)] * 3
        for name, rspec, runit, quantity, unit_prices, remarks in rows:
            amounts = [_cut(quantity * p, 1) for p in unit_prices]
            totals = [t + a for t, a in zip(totals, amounts)]
            blocks.append([name, rspec, runit, float(quantity),
                           *[v for pair in zip(unit_prices, amounts) for v in (float(pair[0]), float(pair[1]))],
                           remarks])
        blocks.append(["합 계", None, None, None, None, float(totals[0]), None, float(totals[1]), None, float(totals[2])])
        prices[number] = [int(_cut(t)) for t in totals]
    bill.append(["설 계 내 역 서"])
    bill.append(["품명", "규격", "단위", "수량", "재료비단가", "재료비금액", "노무비단가", "노무비금액",
                 "경비단가", "경비금액", "합계단가", "합계금액", "비고"])
    for n in range(lines):
        number = n // 2 + 1
        quantity = Decimal(n % 9 + 1)
        if n % 2 == 0:
            item, spec, unit, unit_prices, remarks = (f"구조물 {number}호 설치", f"규격 {number % 37}", "개소",
                                                      prices[number], f"제{number}호표")
        else:  # an item of its own, priced directly, that no reference knows
            item, spec, unit, unit_prices, remarks = f"특수 부재 {n}", f"타입 {n % 13}", "m", [500 + n, 2000, 10], ""
        amounts = [int(quantity * p) for p in unit_prices]
        bill.append([item, spec, unit, float(quantity), *[v for pair in zip(unit_prices, amounts) for v in pair],
                     sum(unit_prices), sum(amounts), remarks])
    book.save(path)
    return path


def calls(path: Path) -> int:
    from datetime import date

    from estimator import verify

    profile = cProfile.Profile()
    profile.enable()
    report = verify(path, as_of=date(2026, 3, 1))
    profile.disable()
    assert report.estimate.links and len(report.estimate.blocks) == len(report.estimate.lines) // 2
    return pstats.Stats(profile).total_calls


def test_work_grows_linearly(tmp_path, monkeypatch):
    from estimator.readers import worker

    monkeypatch.setattr(worker, "enabled", False)  # the reading is counted too
    sizes = (100, 200, 400)
    paths = {n: linked_estimate(tmp_path / f"linked{n}.xlsx", n) for n in sizes}
    calls(paths[100])  # caches of the process (units, names) warm up once, not in the differences
    counted = {n: calls(paths[n]) for n in sizes}
    first, second = counted[200] - counted[100], counted[400] - counted[200]
    assert first > 0
    # Linear work: the second difference is twice the first (each covers twice as many lines).
    assert second / first < 2.25, (counted, second / first)
