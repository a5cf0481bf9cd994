"""Checks read an ``Estimate`` and return findings; each rule has a stable id and its docs.

A rule is a function ``check(estimate, references) -> list[Finding]`` registered under its id;
its module's docstring is the rule's documentation (``estimator rules`` prints it).
"""

from __future__ import annotations

from collections.abc import Callable

from ..findings import Finding
from ..model import Estimate
from ..references import References
from . import arithmetic

Rule = Callable[[Estimate, "References | None"], list[Finding]]

RULES: dict[str, Rule] = {
    arithmetic.RULE_ID: arithmetic.check,
}


def run_checks(estimate: Estimate, references: References | None = None) -> list[Finding]:
    """All rules' findings in document order (sheet order, then row)."""
    findings: list[Finding] = []
    for rule in RULES.values():
        findings.extend(rule(estimate, references))
    sheet_order = {s.name: i for i, s in enumerate(estimate.sheets)}
    findings.sort(key=lambda f: (sheet_order.get(f.location.sheet, len(sheet_order)),
                                 f.location.row if f.location.row is not None else -1))
    return findings
