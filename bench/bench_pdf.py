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

    from builders_costs import build_linked_estimate
    from printing import print_setup, to_pdf
    from test_pdf_estimates import _long_bill

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        linked = Path(build_linked_estimate(work, breakdown_style="title-above-header", summary_style="text-rates").path)
        books = {"a ruled linked estimate (summary, bill, breakdowns)":
                 print_setup(linked, work / "linked-ruled.xlsx", ruled=True),
                 "a ruled 160-line bill (dense landscape pages)":
                 print_setup(_long_bill(work / "long.xlsx"), work / "long-ruled.xlsx", ruled=True),
                 "the bundled example, as it prints": ROOT / "examples" / "cctv_pole_estimate.xlsx"}
        pdfs = to_pdf(list(books.values()), work / "pdf", work)
        for label, pdf in zip(books, pdfs):
            with pdfplumber.open(pdf) as document:
                printed = len(document.pages)
                start = time.perf_counter()
                for page in document.pages:
                    page.chars, page.lines  # pdfminer's parse alone: the floor
                floor = time.perf_counter() - start
            _rate(f"grids of {label}", lambda: load_grids(pdf), printed)
            print(f"  of which pdfminer's parse of the pages: {floor:.2f} s")
            _rate(f"verify of {label}", lambda: verify(pdf), printed)


if __name__ == "__main__":
    main()
