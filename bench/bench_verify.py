"""Whole-run benchmark: read + every rule against the bundled references, at two sizes.

Prints seconds, lines per second and the time ratio between the sizes (about 4.0 for a 4× larger
bill means the run grows linearly). Each line has a distinct item, so every line is matched
against the ~3,000 standard-quantity items: the worst case for the matcher.

    python bench/bench_verify.py [SMALL] [LARGE]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_readers import make_bill  # noqa: E402

from estimator import verify  # noqa: E402


def main() -> None:
    small = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    large = int(sys.argv[2]) if len(sys.argv) > 2 else 4000
    timings = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in (small, large):
            path = Path(tmp) / f"bill{n}.xlsx"
            make_bill(path, n)
            start = time.perf_counter()
            report = verify(path)
            timings[n] = time.perf_counter() - start
            print(f"{n:>7,} lines: verify {timings[n]:6.2f} s, {n / timings[n]:8,.0f} lines/s, "
                  f"{len(report.findings)} findings")
    print(f"time ratio {large}/{small} lines: {timings[large] / timings[small]:.2f} (size ratio {large / small:.1f})")


if __name__ == "__main__":
    main()
