"""The annotated workbook: the user's own workbook, unchanged cell by cell apart from the fills
and comments we add, every finding marked on its row, and a summary whose totals are the JSON's."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.cell import MergedCell
from openpyxl.xml.functions import tostring

from dressed import HOSTILE, NOTE, dressed_example

BID = Path(__file__).parent / "data" / "g2b_20221225183_gwangju_museum_original.BID"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "estimator", *args], capture_output=True, text=True, timeout=300)


def reports(source: Path, folder: Path, *extra: str) -> tuple[dict, Path]:
    out_json, out_xlsx = folder / "report.json", folder / "report.xlsx"
    for fmt, out in (("json", out_json), ("xlsx", out_xlsx)):
        result = run("verify", str(source), "--format", fmt, "-o", str(out), *extra)
        assert result.returncode in (0, 1), result.stderr
        assert result.stdout == "" and result.stderr == ""
    return json.loads(out_json.read_text(encoding="utf-8")), out_xlsx


@pytest.fixture(scope="module")
def dressed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dressed")
    source = dressed_example(folder)
    report, annotated = reports(source, folder)
    return source, report, annotated


def _style(cell) -> tuple[bytes, ...]:
    """A cell's font, border, alignment and protection as they are written (the fill may differ)."""
    return tuple(tostring(part.to_tree()) for part in (cell.font, cell.border, cell.alignment, cell.protection))


def counted(finding: dict) -> bool:
    return (finding["confidence"] in ("certain", "probable") and finding["over_won"] > 0
            and "superseded_by" not in finding["evidence"])


def test_the_copy_keeps_every_cell_format_merge_width_and_print_setting(dressed):
    source, _, annotated = dressed
    before, after = openpyxl.load_workbook(source), openpyxl.load_workbook(annotated)
    assert after.sheetnames[: len(before.sheetnames)] == before.sheetnames
    assert after.sheetnames[len(before.sheetnames):] == ["검증결과", "요약"]
    for name in before.sheetnames:
        old, new = before[name], after[name]
        coordinates = set(old._cells) | set(new._cells)
        for at in coordinates:
            a, b = old.cell(*at), new.cell(*at)
            assert (a.value, a.data_type, a.number_format) == (b.value, b.data_type, b.number_format), (name, at)
            assert _style(a) == _style(b), (name, at)
        assert sorted(map(str, old.merged_cells.ranges)) == sorted(map(str, new.merged_cells.ranges))
        widths = lambda s: {k: (d.width, d.hidden) for k, d in s.column_dimensions.items()}  # noqa: E731
        assert widths(old) == widths(new), name
        heights = lambda s: {k: d.height for k, d in s.row_dimensions.items() if d.height}  # noqa: E731
        assert heights(old) == heights(new), name
        assert (old.print_area, old.print_title_rows, old.print_title_cols) == \
               (new.print_area, new.print_title_rows, new.print_title_cols), name
        assert (old.page_setup.orientation, old.page_setup.fitToWidth, old.page_setup.fitToHeight,
                old.sheet_properties.pageSetUpPr.fitToPage) == \
               (new.page_setup.orientation, new.page_setup.fitToWidth, new.page_setup.fitToHeight,
                new.sheet_properties.pageSetUpPr.fitToPage), name
        assert old.freeze_panes == new.freeze_panes
        assert (len(old._images), len(old._charts)) == (len(new._images), len(new._charts)), name
    # The dressing is really there, so the comparison above compared something.
    bill_old = before["내역서"]
    assert bill_old.print_area and bill_old.print_title_rows == "$3:$4" and bill_old.merged_cells.ranges
    assert any(c.data_type == "f" for row in bill_old.iter_rows() for c in row)
    assert len(before["일위대가"]._images) == 1 and len(before["원가계산서"]._charts) == 1


def test_every_finding_is_marked_on_its_row(dressed):
    _, report, annotated = dressed
    book = openpyxl.load_workbook(annotated)
    located = [f for f in report["findings"] if f["row"] is not None]
    assert len(located) >= 8
    for finding in located:
        sheet = book[finding["sheet"]]
        cells = [c for c in sheet[finding["row"]] if not isinstance(c, MergedCell)]
        comments = [c.comment.text for c in cells if c.comment is not None]
        assert len(comments) == 1, finding
        assert f"[{finding['rule']}]" in comments[0] and f"{finding['over_won']:,}" in comments[0]
        assert finding["message"] in comments[0]
        assert any(c.fill.fgColor.rgb not in (None, "00000000") and c.fill.fill_type == "solid" for c in cells)
    # Rows without a finding carry no comment of ours; the designer's note is kept, first.
    marked = {(f["sheet"], f["row"]) for f in located}
    for name in ("원가계산서", "내역서", "일위대가"):
        for row in book[name].iter_rows():
            for cell in row:
                if cell.comment is not None and (name, cell.row) not in marked:
                    raise AssertionError(f"comment on an unmarked row {name}!{cell.coordinate}")
    noted = [c for row in book["내역서"].iter_rows() for c in row if c.comment and c.comment.text.startswith(NOTE)]
    assert len(noted) == 1 and "[duplicate-scope]" in noted[0].comment.text


def test_results_sheet_lists_each_finding_with_a_link_to_its_row(dressed):
    _, report, annotated = dressed
    sheet = openpyxl.load_workbook(annotated)["검증결과"]
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == len(report["findings"])
    for row, finding in zip(rows, report["findings"]):
        values = [c.value for c in row]
        assert values[1] == finding["rule"] and values[4] == finding["sheet"] and values[5] == finding["row"]
        assert values[6] == finding["item"] and values[7] == finding["over_won"]
        assert isinstance(values[7], int)
        link = row[11].hyperlink
        assert link.location == f"'{finding['sheet']}'!A{finding['row']}"


def _labelled(sheet) -> dict[str, list]:
    return {row[0].value: [c.value for c in row[1:]] for row in sheet.iter_rows() if isinstance(row[0].value, str)}


def test_summary_totals_equal_the_json(dressed):
    _, report, annotated = dressed
    sheet = openpyxl.load_workbook(annotated)["요약"]
    values = _labelled(sheet)
    totals = report["totals"]
    assert values["직접 과다계상액"][0] == totals["direct_over_won"]
    assert values["총 과다계상액(제비율 반영)"][0] == totals["total_over_won"]
    assert values["도급액(기재)"][0] == totals["contract_total_won"]
    assert values["도급액(재계산)"][0] == totals["recomputed_total_won"]
    assert values["도급액(수정 후)"][0] == totals["corrected_total_won"]
    # By rule: each rule's counted amounts, derived here from the JSON findings; the rows add up.
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(rows) if r[0] == "규칙별 직접 과다계상액")
    end = next(i for i in range(start, len(rows)) if rows[i][0] == "합계")
    by_rule = {r[0]: r[2] for r in rows[start + 1:end]}
    titles = {"arithmetic": "산술 오류", "duplicate-scope": "중복 계상", "wage-above-market": "노임 과다",
              "labour-above-standard": "품 과다", "price-above-reference": "자재단가 과다", "rate-above-cap": "제비율 초과"}
    expected: dict[str, int] = {}
    for finding in report["findings"]:
        if counted(finding):
            expected[titles[finding["rule"]]] = expected.get(titles[finding["rule"]], 0) + finding["over_won"]
    assert by_rule == expected
    assert rows[end][2] == sum(expected.values()) == totals["direct_over_won"]
    section_start = next(i for i, r in enumerate(rows) if r[0] == "공종(구분)별 직접 과다계상액")
    section_end = next(i for i in range(section_start, len(rows)) if rows[i][0] == "합계")
    assert sum(r[2] for r in rows[section_start + 1:section_end]) == rows[section_end][2] == totals["direct_over_won"]
    # The cost summary side by side: the JSON heads' stated, recomputed and corrected amounts.
    heads = next(i for i, r in enumerate(rows) if r[0] == "비목")
    shown = {r[0]: r[3:6] for r in rows[heads + 1:heads + 1 + len(report["cost_summary"]["heads"])]}
    for head in report["cost_summary"]["heads"]:
        assert shown[head["name"]] == [head["stated"], head["recomputed"], head["corrected"]]


def test_corrected_heads_follow_the_corrections(dressed):
    _, report, _ = dressed
    corrected, recomputed = report["corrected_heads"], report["recomputed_heads"]
    assert set(corrected) == set(recomputed)
    assert corrected["도급액"] == report["totals"]["corrected_total_won"]
    assert recomputed["도급액"] - corrected["도급액"] == report["totals"]["total_over_won"]
    # The one material correction is the control cable's price: the material head falls by its amount.
    prices = [f for f in report["findings"] if f["rule"] == "price-above-reference" and counted(f)]
    assert len(prices) == 1
    assert recomputed["직접재료비"] - corrected["직접재료비"] == prices[0]["over_won"]
    for head in report["cost_summary"]["heads"]:
        assert head["corrected"] == corrected.get(head["name"])


def test_nothing_written_becomes_a_formula(dressed):
    source, report, annotated = dressed
    hostile = [f for f in report["findings"] if f["item"] == HOSTILE]
    assert hostile, "the renamed line keeps its arithmetic finding"
    book = openpyxl.load_workbook(annotated)
    item = next(c for row in book["검증결과"].iter_rows(min_row=2) for c in row if c.value == HOSTILE)
    assert item.data_type == "s" and item.quotePrefix
    original = next(c for row in book["내역서"].iter_rows() for c in row if c.value == HOSTILE)
    assert original.data_type == "s"
    with zipfile.ZipFile(annotated) as archive:
        parts = [archive.read(name).decode("utf-8") for name in archive.namelist() if name.startswith("xl/worksheets/")]
    written = [f for part in parts for f in re.findall(r"<f>(.*?)</f>", part)]
    assert written and not any("HYPERLINK" in f for f in written)
    assert any(HOSTILE.replace('"', "&quot;") in part or HOSTILE in part for part in parts)
    # The only formulas in the copy are the user's own.
    user = {c.coordinate for row in openpyxl.load_workbook(source)["내역서"].iter_rows() for c in row
            if c.data_type == "f"}
    mine = {(ws.title, c.coordinate) for ws in book.worksheets for row in ws.iter_rows() for c in row
            if c.data_type == "f"}
    assert mine == {("내역서", at) for at in user}


def test_safe_text_stays_readable():
    from openpyxl import Workbook

    from estimator.render.safe import put

    sheet = Workbook().active
    for n, text in enumerate(["-", "-20℃", "+1", "@sum", "=1+1", "보통인부"], 1):
        cell = put(sheet, n, 1, text)
        assert cell.value == text and cell.data_type == "s"
        assert cell.quotePrefix == (text not in ("보통인부",))
    assert put(sheet, 9, 1, -5000, "#,##0").value == -5000 and sheet.cell(9, 1).data_type == "n"


def test_other_inputs_get_their_parsed_lines_marked(tmp_path):
    report, annotated = reports(BID, tmp_path)
    book = openpyxl.load_workbook(annotated)
    assert book.sheetnames[:1] == ["내역"] and "검증결과" in book.sheetnames and "요약" in book.sheetnames
    lines = book["내역"]
    body = list(lines.iter_rows(min_row=2, values_only=True))
    assert sum(1 for r in body if r[6] is not None) >= report["lines"]["read"] - report["lines"]["lump_sums"]
    originals = {(r[0], r[1]): n for n, r in enumerate(body, 2)}
    assert len(originals) == len(body)
    for finding in report["findings"]:
        row = originals[(finding["sheet"], finding["row"])]
        comment = lines.cell(row=row, column=4).comment
        assert comment is not None and f"[{finding['rule']}]" in comment.text
    values = _labelled(book["요약"])
    assert values["직접 과다계상액"][0] == report["totals"]["direct_over_won"]
    assert values["도급액(재계산)"][0] == report["totals"]["recomputed_total_won"]


def test_xlsx_needs_an_output_file_and_never_overwrites_the_input(tmp_path):
    from dressed import EXAMPLE

    result = run("verify", str(EXAMPLE), "--format", "xlsx")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == f"error: {EXAMPLE}: 통합문서 보고서는 파일로 씀: --format xlsx needs -o FILE\n"
    result = run("verify", str(EXAMPLE), "--format", "xlsx", "--lang", "en")
    assert result.stderr == f"error: {EXAMPLE}: --format xlsx needs -o FILE\n"
    copy = tmp_path / "copy.xlsx"
    copy.write_bytes(EXAMPLE.read_bytes())
    result = run("verify", str(copy), "--format", "xlsx", "-o", str(copy))
    assert result.returncode == 2 and copy.read_bytes() == EXAMPLE.read_bytes()


def test_loading_the_workbook_for_the_copy_is_guarded(tmp_path, monkeypatch):
    """The copy parses the user's bytes again: in the reading worker (another process), and after
    the archive checks — a file swapped for a hostile one between reading and writing is refused."""
    import os

    from estimator.errors import InputError
    from estimator.readers import worker
    from estimator.render import workbook
    from estimator.verify import verify
    from dressed import EXAMPLE

    source = tmp_path / "estimate.xlsx"
    source.write_bytes(EXAMPLE.read_bytes())
    report = verify(source)
    pids = tmp_path / "pids"
    original = workbook.load_workbook

    def recording(*args, **kwargs):
        with open(pids, "a", encoding="ascii") as out:
            out.write(f"{os.getpid()}\n")
        return original(*args, **kwargs)

    monkeypatch.setattr(workbook, "load_workbook", recording)
    monkeypatch.setattr(worker, "enabled", True)
    workbook.write_workbook(report, tmp_path / "out.xlsx")
    loaded_in = {int(p) for p in pids.read_text(encoding="ascii").split()}
    assert loaded_in and os.getpid() not in loaded_in
    assert openpyxl.load_workbook(tmp_path / "out.xlsx").sheetnames[-2:] == ["검증결과", "요약"]
    # The same file, now with an XML entity declaration in a part: refused before any parse.
    hostile = tmp_path / "hostile.xlsx"
    with zipfile.ZipFile(EXAMPLE) as src, zipfile.ZipFile(hostile, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + data.split(b"?>", 1)[-1]
            dst.writestr(item, data)
    source.write_bytes(hostile.read_bytes())
    pids.unlink()
    with pytest.raises(InputError):
        workbook.write_workbook(report, tmp_path / "out2.xlsx")
    assert not pids.exists() and not (tmp_path / "out2.xlsx").exists()



def test_a_workbook_that_cannot_be_copied_gets_its_parsed_rows_and_says_so(tmp_path):
    """Broken styles: the reader (values only) reads the workbook, the copy cannot load it."""
    from dressed import EXAMPLE

    broken = tmp_path / "broken_styles.xlsx"
    with zipfile.ZipFile(EXAMPLE) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/styles.xml":
                data = data.replace(b"<cellXfs", b"<cellXfs/><cellXfsBroken", 1)
            dst.writestr(item, data)
    with pytest.raises(Exception):
        openpyxl.load_workbook(broken)
    report, annotated = reports(broken, tmp_path)
    book = openpyxl.load_workbook(annotated)
    assert book.sheetnames[0] == "내역"
    summary = [c.value for row in book["요약"].iter_rows() for c in row if isinstance(c.value, str)]
    assert any("원본 통합문서를 복사할 수 없어" in text for text in summary)
    assert _labelled(book["요약"])["직접 과다계상액"][0] == report["totals"]["direct_over_won"] > 0
