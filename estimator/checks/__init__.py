"""Checks read an ``Estimate`` and return findings; each rule has a stable id and its docs.

A rule is a function ``check(estimate, references, coverage) -> list[Finding]`` registered under
its id; it counts in ``coverage`` what it evaluated and what it could not, with the reason. Its
module's docstring is the rule's documentation in English, ``DOC_KO`` in Korean (``estimator
rules`` prints it).
"""

from __future__ import annotations

from collections.abc import Callable

from ..coverage import Coverage
from ..findings import Finding
from ..model import Estimate
from ..references import References
from . import arithmetic, duplicates, labour, prices, rates, wages

Rule = Callable[[Estimate, "References | None", Coverage], list[Finding]]

# Order matters where corrections compose on one line: the wage comes before the man-days.
MODULES = (arithmetic, duplicates, wages, labour, prices, rates)
RULES: dict[str, Rule] = {module.RULE_ID: module.check for module in MODULES}
# What each rule counts in the coverage.
UNITS = {"arithmetic": "line", "duplicate-scope": "line", "wage-above-market": "breakdown_row",
         "labour-above-standard": "line", "price-above-reference": "line", "rate-above-cap": "cost_head"}


def documentation(rule_id: str, lang: str = "ko") -> str | None:
    module = next((m for m in MODULES if m.RULE_ID == rule_id), None)
    if module is None:
        return None
    return (module.__doc__ if lang == "en" else module.DOC_KO).strip()


def run_checks(estimate: Estimate, references: References | None = None,
               coverage: Coverage | None = None) -> list[Finding]:
    """All rules' findings in document order (sheet order, then row); ``coverage`` is filled."""
    coverage = coverage if coverage is not None else Coverage()
    findings: list[Finding] = []
    for rule_id, rule in RULES.items():
        coverage.rule(rule_id, UNITS[rule_id])
        findings.extend(rule(estimate, references, coverage))
    sheet_order = {s.name: i for i, s in enumerate(estimate.sheets)}
    findings.sort(key=lambda f: (sheet_order.get(f.location.sheet, len(sheet_order)),
                                 f.location.row if f.location.row is not None else -1))
    _supersede(findings)
    return findings


def _supersede(findings: list[Finding]) -> None:
    """A line removed as a duplicate carries no other counted finding on top."""
    from ..findings import COUNTED

    removed = {(f.location.sheet, f.location.row) for f in findings
               if f.evidence.get("removes_line") and f.confidence in COUNTED}
    for finding in findings:
        if (finding.location.sheet, finding.location.row) in removed and not finding.evidence.get("removes_line"):
            finding.evidence["superseded_by"] = "duplicate-scope"
