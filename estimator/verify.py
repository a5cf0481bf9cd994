"""The main job: read → check → totals → report."""

from __future__ import annotations

from pathlib import Path

from .checks import run_checks
from .readers import read
from .report import Report
from .totals import outcome


def verify(path: str | Path, lang: str = "ko") -> Report:
    estimate = read(path)
    findings = run_checks(estimate)
    return Report(source=str(path), estimate=estimate, findings=findings, lang=lang,
                  outcome=outcome(estimate, findings))
