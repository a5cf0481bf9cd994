"""What reading in an isolated child process costs a 1,000-line verify.

The read runs in a forked child under memory and time limits (``estimator/readers/worker.py``);
the rest of a verify (matching, checks, report) runs in the process itself either way. This
times the read both ways, alternating, with the references loaded as in a run, and prints the
medians and their difference. Not a test.

    python bench/bench_worker.py [LINES] [RUNS]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_readers import make_bill  # noqa: E402

from estimator import read, verify  # noqa: E402
from estimator.readers import worker  # noqa: E402


def main() -> None:
    lines = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bill.xlsx"
        make_bill(path, lines)
        verify(path)  # the references loaded, as in a run: the parent holds them when it forks
        timings: dict[bool, list[float]] = {True: [], False: []}
        for _ in range(runs):
            for isolated in (True, False):
                worker.enabled = isolated
                start = time.perf_counter()
                read(path)  # the part of a verify that runs in the child
                timings[isolated].append(time.perf_counter() - start)
        worker.enabled = True
        start = time.perf_counter()
        verify(path)
        whole = time.perf_counter() - start
    inside, alone = statistics.median(timings[True]), statistics.median(timings[False])
    print(f"reading a {lines:,}-line bill, median of {runs}: in a child process {inside:.3f} s, "
          f"in the process itself {alone:.3f} s: the child adds {inside - alone:+.3f} s "
          f"to a verify of {whole:.2f} s")


if __name__ == "__main__":
    main()
