"""Reader benchmark: python-calamine against openpyxl on a large generated bill.

Prints wall time, peak Python memory and the ratio for reading every cell of a bill with
N lines, and checks fidelity: both readers must return the same numbers for every cell, and
calamine's floats must survive ``Decimal(repr(x))`` exactly (0.175 stays 0.175).

    python bench/bench_readers.py [N_LINES]
"""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

import openpyxl
import python_calamine

from estimator import read


def make_bill(path: Path, n: int) -> None:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("내역서")
    sheet.append(["품명", "규격", "단위", "수량", "재료비단가", "재료비금액", "노무비단가", "노무비금액",
                  "경비단가", "경비금액", "합계단가", "합계금액", "비고"])
    for i in range(n):
        q = Decimal(i % 997) / 8 + Decimal("0.175")
        m, l, e = 1000 + i % 5000, 170000 + i % 30000, i % 900
        amounts = [int(q * p) for p in (m, l, e)]
        sheet.append([f"품목 {i}", f"규격 {i % 40}", "㎥", float(q), m, amounts[0], l, amounts[1], e, amounts[2],
                      m + l + e, sum(amounts), "제1호표"])
    workbook.save(path)


def measure(label: str, fn):
    # Time without tracemalloc (it slows Python code several-fold), then a second run for memory.
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<34} {seconds:8.3f} s   peak {peak / 2**20:8.1f} MiB")
    return result, seconds, peak


def calamine_rows(path: Path) -> list[list]:
    sheet = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    return sheet.to_python(skip_empty_area=False)


def openpyxl_rows(path: Path) -> list[list]:
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    sheet.reset_dimensions()  # the stored dimension is not to be trusted
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bill.xlsx"
        make_bill(path, n)
        print(f"bill with {n:,} lines, {path.stat().st_size / 2**20:.1f} MiB")
        cal, t_cal, m_cal = measure("python-calamine (all cells)", lambda: calamine_rows(path))
        opx, t_opx, m_opx = measure("openpyxl read-only (all cells)", lambda: openpyxl_rows(path))
        est, t_full, _ = measure("estimator.read (whole pipeline)", lambda: read(path))
        print(f"openpyxl / calamine time ratio: {t_opx / t_cal:5.1f}x   memory ratio: {m_opx / max(m_cal, 1):5.1f}x")
        print(f"pipeline lines/s: {len(est.lines) / t_full:,.0f}")
        mismatches = 0
        for a, b in zip(cal, opx):
            for x, y in zip(a, b):
                if isinstance(y, (int, float)) and not isinstance(y, bool):
                    if Decimal(repr(float(x))) != Decimal(repr(float(y))):
                        mismatches += 1
                elif (x or "") != (y or ""):
                    mismatches += 1
        print(f"fidelity: {mismatches} differing cells out of {sum(len(r) for r in opx):,}")
        exact = all(line.quantity == Decimal(i % 997) / 8 + Decimal("0.175") for i, line in enumerate(est.lines))
        print(f"quantities exact through Decimal(repr(x)): {exact}")


if __name__ == "__main__":
    main()
