"""The main job: read → check → totals → report."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from .checks import run_checks
from .dating import EstimateDate
from .references import References
from .refdata.tables import RefData, bundled
from .readers import read
from .report import Report
from .totals import outcome


def verify(path: str | Path, lang: str = "ko", refdata: RefData | None = None, as_of: date | None = None) -> Report:
    """Read, check against the references in force on the estimate's date, total, report."""
    estimate = read(path)
    if as_of is not None:
        estimate.date = EstimateDate(as_of, "--as-of")
    references = References(refdata if refdata is not None else bundled(),
                            estimate.date.value if estimate.date is not None else None)
    findings = run_checks(estimate, references)
    return Report(source=str(path), estimate=estimate, findings=findings, lang=lang,
                  outcome=outcome(estimate, findings), references=references)
