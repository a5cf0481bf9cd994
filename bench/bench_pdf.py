"""PDF reading speed: pages per second for a ruled estimate printed by LibreOffice, and for the
real 18-page 표준품셈 excerpt in tests/data. Prints figures; not a test.

    python bench/bench_pdf.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def _rate(label: str, run, pages: int) -> None:
    start = time.perf_counter()
    run()
    seconds = time.perf_counter() - start
    print(f"{label}: {pages} pages in {seconds:.2f} s = {pages / seconds:.1f} pages/s")


def main() -> None:
    import pdfplumber

    from estimator import verify
    from estimator.readers.pdf import load_grids, tables

    real = ROOT / "tests" / "data" / "bellca225_abcd_ict_pumsem_excerpt.pdf"
    with pdfplumber.open(real) as document:
        pages = len(document.pages)
    _rate("tables() on the real 표준품셈 excerpt", lambda: tables(real), pages)

    from printing import print_setup, to_pdf
    from test_pdf_estimates import _long_bill

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        book = print_setup(_long_bill(work / "long.xlsx"), work / "long-ruled.xlsx", ruled=True)
        (pdf,) = to_pdf([book], work / "pdf", work)
        with pdfplumber.open(pdf) as document:
            printed = len(document.pages)
        _rate("grids of a ruled 160-line bill", lambda: load_grids(pdf), printed)
        _rate("verify of the same bill", lambda: verify(pdf), printed)


if __name__ == "__main__":
    main()
