"""The tables API on a real PDF: 18 pages of the ICT standard quantities (표준품셈), chapter 4.

The file is copied unchanged in ``tests/data`` (see PROVENANCE.md). Its tables are ruled, with
stacked cells (one cell holding the figures of several rows), ditto marks (〃) and labels
wrapped over lines (지 하/관 로/포 설).
"""

from pathlib import Path

from estimator.readers.pdf import tables

PDF = Path(__file__).parent / "data" / "bellca225_abcd_ict_pumsem_excerpt.pdf"


def test_coaxial_cable_in_underground_conduit_10c_per_100m():
    found = tables(PDF, pages=[1])
    table = next(t for t in found if any("4-2-1" in c for c in t.caption))
    assert table.page == 1 and table.ruled
    header = table.rows[0]
    labour = header.index("통신케이블공"), header.index("보통인부")
    row = next(r for r in table.rows if r[0] == "지하관로포설" and r[1] == "10C")
    assert row[2] == "100m"  # printed as 〃 under 100m
    assert (row[labour[0]], row[labour[1]]) == ("0.93", "0.74")
    # every figure of the stacked cells is its own row, under the wrapped label
    underground = [r[1] for r in table.rows if r[0] == "지하관로포설"]
    assert underground == ["5C", "7C", "8C", "10C", "12C", "17C"]
    # the note: excavation and backfill are costed separately
    assert any(n.startswith("①") and "터파기" in n and "되메우기" in n and "별도" in n for n in table.notes)
    x0, top, x1, bottom = table.bbox
    assert 0 < x0 < x1 <= 515 and 0 < top < bottom <= 728
    assert len(table.row_boxes) == len(table.rows)


def test_every_page_has_its_table_and_no_page_numbers():
    found = tables(PDF)
    assert sorted({t.page for t in found}) == list(range(1, 19))
    for table in found:
        assert table.rows and all(len(r) == len(table.rows[0]) for r in table.rows)
        texts = [c for r in table.rows for c in r if c] + table.notes + table.caption
        assert not any(t.strip() in {"- 88 -", "- 105 -"} for t in texts)


def test_work_per_page_is_bounded():
    import pdfplumber
    import pytest

    from estimator.errors import InputError
    from estimator.readers.pdf import Limits

    with pdfplumber.open(PDF) as document:
        count = len(document.pages[0].chars)
    with pytest.raises(InputError, match=f"page 1 holds {count:,} characters, over the limit of 500"):
        tables(PDF, pages=[1], limits=Limits(max_chars_per_page=500))
    with pytest.raises(InputError, match=r"pages 18 is over the limit of 10 \(raise it with --max-pages or "
                                         r"ESTIMATOR_MAX_PAGES\)"):
        tables(PDF, limits=Limits(max_pages=10))
