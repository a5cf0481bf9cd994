"""Speed work must not change a verdict: the JSON reports of the real bid file, the real bills
and the bundled example, each judged on a pinned date, are compared with copies written before
the speed-up (``tests/data/golden``; paths under the project root written as ``<root>``).

Regenerate only for an intended change of behaviour: ``python tests/test_reports_unchanged.py``.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
GOLDEN = ROOT / "tests" / "data" / "golden"
DATA = "tests/data/g2b_20221225183_gwangju_museum_"
CASES = {  # name: (input relative to the project root, --as-of)
    "bid": (DATA + "original.BID", "2023-01-18"),
    "priced": (DATA + "PRICED_by_CMC_tool_T3.csv", "2023-01-18"),
    "official": (DATA + "OFFICIAL_gongnaeyeok_T3.csv", "2023-01-18"),
    "example": ("examples/cctv_pole_estimate.xlsx", "2026-03-01"),
}


def report(name: str) -> str:
    path, as_of = CASES[name]
    result = subprocess.run([sys.executable, "-m", "estimator", "verify", path, "--as-of", as_of, "--format", "json"],
                            capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert result.returncode in (0, 1), result.stderr
    return result.stdout.replace(str(ROOT), "<root>")


@pytest.mark.parametrize("name", list(CASES))
def test_report_is_unchanged(name):
    expected = gzip.decompress((GOLDEN / f"{name}.json.gz").read_bytes()).decode("utf-8")
    got = report(name)
    if got != expected:  # show where, not two megabytes
        a, b = json.loads(expected), json.loads(got)
        for key in a:
            assert a[key] == b.get(key), key
        assert set(a) == set(b)
    assert got == expected


if __name__ == "__main__":
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        (GOLDEN / f"{case}.json.gz").write_bytes(gzip.compress(report(case).encode("utf-8"), mtime=0))
        print(case)
