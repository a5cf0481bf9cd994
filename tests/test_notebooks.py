"""Every notebook runs through a real Jupyter kernel; none is committed with outputs; the
explorer's chart is drawn in a font that has every Korean glyph it shows."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

from notebooks import NOTEBOOKS, execute, outputs, stream_text

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "examples" / "cctv_pole_estimate.xlsx"
ALL = sorted(NOTEBOOKS.glob("*.ipynb"))


def test_there_are_notebooks():
    assert [p.name for p in ALL] and "explore_estimate.ipynb" in [p.name for p in ALL]


@pytest.mark.parametrize("path", ALL, ids=[p.stem for p in ALL])
def test_committed_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


@pytest.fixture(scope="module")
def explored():
    return execute(NOTEBOOKS / "explore_estimate.ipynb")


def test_explorer_runs_in_a_kernel_and_shows_the_library_s_figures(explored):
    from estimator import verify

    report = verify(EXAMPLE)
    results = [o for o in outputs(explored) if o.output_type == "execute_result"]
    shapes = ast.literal_eval(results[0].data["text/plain"])
    frames = report.frames()
    assert shapes == {name: frame.shape for name, frame in frames.items()}
    totals = report.to_dict()["totals"]
    shown = next(o.data["text/plain"] for o in results if "direct_over_won" in o.data["text/plain"])
    assert re.search(rf"direct_over_won\s+{totals['direct_over_won']}\b", shown)
    assert re.search(rf"corrected_total_won\s+{totals['corrected_total_won']}\b", shown)
    # The user's own wage table (보통인부 at the block's 180,000 won) removes both wage findings.
    compared = next(o.data["text/plain"] for o in results if "자체 노임표" in o.data["text/plain"])
    wages = sum(1 for f in report.findings if f.rule == "wage-above-market")
    assert re.search(rf"wage-above-market\s+{wages}\s+0\b", compared) and wages == 2
    assert "Error" not in stream_text(explored, "stderr")


def test_the_chart_has_every_korean_glyph_it_shows(explored):
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    from estimator import verify

    assert any("image/png" in o.data for o in outputs(explored, "display_data"))
    errors = stream_text(explored, "stderr")
    assert "missing from font" not in errors and "Glyph" not in errors
    fonts = next(ast.literal_eval(o.data["text/plain"]) for o in outputs(explored, "execute_result")
                 if o.data["text/plain"].startswith("['"))
    assert len(fonts) == 1
    path = font_manager.findfont(fonts[0], fallback_to_default=False)
    face = FT2Font(path)
    # Every label of the chart: rule titles and sections of the counted findings, and the cell's own words.
    findings = verify(EXAMPLE).frames()["findings"]
    counted = findings[findings["in_direct_total"]]
    chart_cell = next(c.source for c in explored.cells if "plt.subplots" in c.source)
    shown = "".join([*counted["title"], *counted["section"], chart_cell])
    hangul = {ch for ch in shown if "\uac00" <= ch <= "\ud7a3"}
    assert len(hangul) > 20
    missing = sorted(ch for ch in hangul if face.get_char_index(ord(ch)) == 0)
    assert missing == [], (path, missing)


def test_auditor_notebook_runs_an_audit_and_resumes_it():
    from datetime import date

    from estimator import verify

    notebook = execute(NOTEBOOKS / "audit_contracts.ipynb")
    printed = stream_text(notebook, "stdout")
    data = ROOT / "tests" / "data" / "g2b_20221225183_gwangju_museum_"
    inputs = [EXAMPLE, Path(f"{data}original.BID"), Path(f"{data}PRICED_by_CMC_tool_T3.csv")]
    direct = sum(verify(p, as_of=date(2026, 3, 1)).direct_over_won for p in inputs)
    assert f"직접 과다계상액 합계: {direct:,}원" in printed
    assert "이번 실행 검증 4개, 이전 결과 재사용 0개" in printed
    assert "이번 실행 검증 0개, 이전 결과 재사용 4개" in printed
    assert any("image/png" in o.data for o in outputs(notebook, "display_data"))
    assert "missing from font" not in stream_text(notebook, "stderr")
