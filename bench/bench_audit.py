"""Audit throughput: a folder of generated workbooks audited with one worker process and with two.

Prints files per second for each and the ratio (two cores: the target is ≥ 1.7×). Each workbook
is a bill of LINES lines cycling the real priced bill's items, dated by --as-of so every file is
judged alike; each run writes to a fresh output folder, so nothing is resumed.

    python bench/bench_audit.py [FILES] [LINES]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_speed import realistic_items, write_bill  # noqa: E402

from estimator.audit import run  # noqa: E402
from estimator.audit.one import Options  # noqa: E402


def main() -> None:
    files = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    lines = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    items = realistic_items()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "contracts"
        folder.mkdir()
        for n in range(files):
            # Each contract its own slice of the real items, so files differ.
            start = (n * 37) % len(items)
            write_bill(folder / f"contract_{n:04d}.xlsx", lines, items[start:] + items[:start])
        options = Options(as_of="2026-03-01")
        timings = {}
        for jobs in (1, 2):
            started = time.perf_counter()
            audit = run([str(folder)], Path(tmp) / f"out{jobs}", options, jobs=jobs)
            timings[jobs] = time.perf_counter() - started
            ok = sum(r["status"] == "ok" for r in audit.results)
            print(f"--jobs {jobs}: {files} files of {lines} lines in {timings[jobs]:6.1f} s, "
                  f"{files / timings[jobs]:5.2f} files/s ({ok} verified)")
        print(f"throughput with 2 workers / 1 worker: {timings[1] / timings[2]:.2f}× (target ≥ 1.7×)")


if __name__ == "__main__":
    main()
