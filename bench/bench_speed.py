"""Speed against the read floor: what a verify costs beyond reading the file.

Prints, measured in one run on this machine:

- (a) the marginal cost per line of ``estimator verify`` on a large bill that repeats a realistic
  set of items (the real priced PPS bill's 1,444 priced lines, cycled), against a bare
  python-calamine read of the same workbook — the ratio of the two slopes between two sizes;
- (b) the same for a bill where every line is a distinct item (ms per line);
- the latency of ``estimator verify`` on a 1,000-line bill against ``python -c "import pandas"``;
- seconds for the real BID and the real priced bill beyond start-up (start-up: the interpreter
  importing what ``verify`` needs, ``python -c "import estimator.verify"``);
- the peak memory (max RSS over the process and its reading worker) at 100,000 lines.

Every figure is the best of several runs of a whole command (a fresh process), so start-up,
reading, the checks and writing the JSON are all in it.

    python bench/bench_speed.py [--quick]
"""

from __future__ import annotations

import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import openpyxl

ROOT = Path(__file__).parents[1]
DATA = ROOT / "tests" / "data"
BID = DATA / "g2b_20221225183_gwangju_museum_original.BID"
PRICED = DATA / "g2b_20221225183_gwangju_museum_PRICED_by_CMC_tool_T3.csv"
PYTHON = sys.executable
HEADER = ["품명", "규격", "단위", "수량", "재료비단가", "재료비금액", "노무비단가", "노무비금액",
          "경비단가", "경비금액", "합계단가", "합계금액", "비고"]


def realistic_items() -> list[tuple[str, str, str, int, int, int]]:
    """The priced lines of the real PPS bill: item, spec, unit and the three unit prices."""
    items = []
    with open(PRICED, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            prices = [row.get(k, "") for k in ("재료비단가", "노무비단가", "경비단가")]
            if not row.get("품명") or not any(p not in ("", "0") for p in prices):
                continue
            m, l, e = (int(Decimal(p or 0)) for p in prices)
            items.append((row["품명"].strip(" ."), row.get("규격", ""), row.get("단위", ""), m, l, e))
    return items


def write_bill(path: Path, n: int, items: list | None) -> None:
    """A one-sheet bill of ``n`` lines: ``items`` cycled, or a distinct item on every line."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("내역서")
    sheet.append(HEADER)
    for i in range(n):
        q = Decimal(i % 997) / 8 + Decimal("0.175")
        if items:
            item, spec, unit, m, l, e = items[i % len(items)]
        else:
            item, spec, unit, m, l, e = f"품목 {i}", f"규격 {i % 40}", "㎥", 1000 + i % 5000, 170000 + i % 30000, i % 900
        amounts = [int(q * p) for p in (m, l, e)]
        sheet.append([item, spec, unit, float(q), m, amounts[0], l, amounts[1], e, amounts[2], m + l + e,
                      sum(amounts), ""])
    workbook.save(path)


def timed(command: list[str], repeat: int = 3) -> tuple[float, int]:
    """Best wall time of ``repeat`` runs, and the peak RSS (KiB) of the process tree."""
    best, peak = float("inf"), 0
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        best = min(best, time.perf_counter() - start)
        if result.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(command)} failed: {result.stderr.strip()}")
        peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
    return best, peak


def verify(path: Path, repeat: int = 3) -> float:
    return timed([PYTHON, "-m", "estimator", "verify", str(path), "--format", "json", "-o", os.devnull,
                  "--as-of", "2026-03-01"], repeat)[0]


def calamine(path: Path, repeat: int = 3) -> float:
    code = ("import sys\nfrom python_calamine import CalamineWorkbook\n"
            "book = CalamineWorkbook.from_path(sys.argv[1])\n"
            "rows = [book.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in book.sheet_names]")
    return timed([PYTHON, "-c", code, str(path)], repeat)[0]


def slopes(folder: Path, items: list | None, small: int, large: int, label: str) -> tuple[float, float]:
    paths = {}
    for n in (small, large):
        paths[n] = folder / f"{label}-{n}.xlsx"
        write_bill(paths[n], n, items)
    v = {n: verify(p) for n, p in paths.items()}
    c = {n: calamine(p) for n, p in paths.items()}
    per_line_v = (v[large] - v[small]) / (large - small)
    per_line_c = (c[large] - c[small]) / (large - small)
    print(f"  verify   {small:>7,} lines {v[small]:6.2f} s, {large:>7,} lines {v[large]:6.2f} s → "
          f"{per_line_v * 1e6:7.1f} µs per line")
    print(f"  calamine {small:>7,} lines {c[small]:6.2f} s, {large:>7,} lines {c[large]:6.2f} s → "
          f"{per_line_c * 1e6:7.1f} µs per line")
    return per_line_v, per_line_c


def main() -> None:
    quick = "--quick" in sys.argv
    small, large = (2_000, 10_000) if quick else (10_000, 50_000)
    items = realistic_items()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"(a) a bill repeating the real priced bill's {len(items):,} priced items")
        v, c = slopes(folder, items, small, large, "repeated")
        print(f"    marginal cost per line: verify / calamine read = {v / c:5.1f}×  (target ≤ 3×)")
        print("(b) a bill where every line is a distinct item")
        v, _ = slopes(folder, None, small, large, "distinct")
        print(f"    marginal cost per line: {v * 1e3:.3f} ms  (target ≤ 1 ms)")

        thousand = folder / "thousand.xlsx"
        write_bill(thousand, 1000, items)
        latency = verify(thousand, 5)
        pandas = timed([PYTHON, "-c", "import pandas"], 5)[0]
        print(f"latency, 1,000-line verify: {latency:.2f} s; import pandas: {pandas:.2f} s; "
              f"ratio {latency / pandas:.1f}×  (target ≤ 3×)")

        startup = timed([PYTHON, "-c", "import estimator.verify"], 5)[0]
        for label, path, as_of in (("real BID", BID, "2023-01-18"), ("real priced bill", PRICED, "2023-01-18")):
            seconds = timed([PYTHON, "-m", "estimator", "verify", str(path), "--format", "json", "-o", os.devnull,
                             "--as-of", as_of], 3)[0]
            print(f"{label}: {seconds:.2f} s, beyond start-up ({startup:.2f} s): {seconds - startup:.2f} s  "
                  f"(target ≤ 1 s)")

        big = folder / "big.xlsx"
        n = 20_000 if quick else 100_000
        write_bill(big, n, items)
        seconds, peak_kib = timed([PYTHON, "-m", "estimator", "verify", str(big), "--format", "json", "-o",
                                   os.devnull, "--as-of", "2026-03-01"], 1)
        print(f"{n:,} lines: {seconds:.1f} s, peak memory {peak_kib / 2**20:.2f} GiB  (target < 2 GiB)")


if __name__ == "__main__":
    main()
