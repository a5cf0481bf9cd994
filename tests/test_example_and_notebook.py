"""The bundled example is what its script writes."""

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
