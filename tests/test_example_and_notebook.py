"""The bundled example is what its script writes, and the notebook runs."""

import json
import runpy
from pathlib import Path

from estimator import verify

ROOT = Path(__file__).parents[1]


def test_example_matches_its_generator(tmp_path):
    make = runpy.run_path(str(ROOT / "examples" / "make_example.py"))
    fresh = make["main"](tmp_path / "example.xlsx")
    bundled = verify(ROOT / "examples" / "cctv_pole_estimate.xlsx").to_dict()
    regenerated = verify(fresh).to_dict()
    for report in (bundled, regenerated):
        report.pop("source")
        for finding in report["findings"]:
            finding["evidence"].pop("file")
    assert bundled == regenerated


def test_notebook_code_runs(monkeypatch):
    notebook = json.loads((ROOT / "notebooks" / "explore_estimate.ipynb").read_text(encoding="utf-8"))
    monkeypatch.chdir(ROOT / "notebooks")
    namespace: dict = {}
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            exec("".join(cell["source"]), namespace)
    # The notebook shows what the library says about the bundled example.
    from estimator import read, verify

    example = ROOT / "examples" / "cctv_pole_estimate.xlsx"
    assert len(namespace["lines"]) == len(read(example).lines) == 10
    assert [f.location.row for f in namespace["report"].findings] == [f.location.row for f in verify(example).findings]
