"""The main job: read → check → totals → report."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from . import dating
from .checks import run_checks
from .coverage import Coverage
from .dating import EstimateDate
from .messages import msg
from .references import References
from .refdata.tables import RefData, bundled
from .readers import start_reading
from .report import Report
from .totals import outcome

ASSUMED = "assumed (run date)"


def verify(path: str | Path, lang: str = "ko", refdata: RefData | Callable[[], RefData] | None = None,
           as_of: date | None = None) -> Report:
    """Read, check against the references in force on the estimate's date, total, report.

    With no date in the document and no ``as_of``, the estimate is judged on the run date, and no
    verdict resting on a dated reference is certain. ``refdata`` may be a function returning the
    tables: it then runs while the file is read (in the reading worker, on another core)."""
    reading = start_reading(path)
    try:
        if callable(refdata):
            refdata = refdata()
        elif refdata is None:
            refdata = bundled()
        estimate = reading.result()
    except BaseException:
        reading.cancel()
        raise
    if as_of is not None:
        estimate.date = EstimateDate(as_of, "--as-of")
    assumed = estimate.date is None
    if assumed:
        run = dating.today()
        estimate.date = EstimateDate(run, ASSUMED)
        estimate.warnings.append(msg("assumed_date", date=run.isoformat()))
    _formula_warnings(estimate)
    references = References(refdata, estimate.date.value,
                            assumed_date=assumed)
    coverage = Coverage()
    findings = run_checks(estimate, references, coverage)
    return Report(source=str(path), estimate=estimate, findings=findings, lang=lang,
                  outcome=outcome(estimate, findings), references=references, coverage=coverage)


def _formula_warnings(estimate) -> None:
    formulas = estimate.attributes.get("formulas") or {}
    if formulas.get("evaluated"):
        estimate.warnings.append(msg("formulas_evaluated", count=formulas["evaluated"]))
    if formulas.get("not_evaluated"):
        estimate.warnings.append(msg("formulas_not_evaluated", count=len(formulas["not_evaluated"])))
    if formulas.get("scan_capped"):
        estimate.warnings.append(msg("formula_scan_capped", limit=f"{formulas.get('scan_limit', 0):,}"))
