"""The report as pandas DataFrames, for analysts in notebooks.

Money stays exact: integer won in nullable ``Int64`` columns; the 0.1-won amounts and prices of
breakdown rows, quantities and rates as ``Decimal`` (object columns) — never floats. The findings
frame holds every field of the JSON report's findings (evidence as a dict), so a frame and the
JSON always say the same thing.
"""

from __future__ import annotations

import pandas as pd

from ..model import COST_KINDS, lines_frame
from ..report import Report
from .digest import finding_sections, title

FINDING_COLUMNS = {"rule": "string", "title": "string", "sheet": "string", "row": "Int64", "section": "string",
                   "item": "string", "over_won": "Int64", "confidence": "string", "in_direct_total": "boolean",
                   "message": "string", "evidence": "object"}
BREAKDOWN_COLUMNS = {"sheet": "string", "block_row": "Int64", "book": "string", "number": "Int64",
                     "block_item": "string", "block_spec": "string", "block_unit": "string", "row": "Int64",
                     "item": "string", "spec": "string", "unit": "string", "quantity": "object", "kind": "string",
                     **{f"{k}_{part}": "object" for k in COST_KINDS for part in ("price", "amount")},
                     "refers_to": "string"}
HEAD_COLUMNS = {"head": "string", "label": "string", "row": "Int64", "how": "string", "rate": "object",
                "base": "string", "stated": "Int64", "recomputed": "Int64", "corrected": "Int64"}
COVERAGE_COLUMNS = {"rule": "string", "unit": "string", "checked": "Int64", "not_checked": "Int64",
                    "reasons": "object", "caveats": "object"}


def frames(report: Report) -> dict[str, pd.DataFrame]:
    return {"lines": _lines(report), "findings": _findings(report), "breakdowns": _breakdowns(report),
            "cost_summary": _cost_summary(report), "coverage": _coverage(report)}


def _lines(report: Report) -> pd.DataFrame:
    est = report.estimate
    frame = lines_frame(est.lines)
    frame["section_top"] = pd.array([line.section[0] if line.section else pd.NA for line in est.lines],
                                    dtype="string")
    links = [est.links.get(i) for i in range(len(est.lines))]
    frame["link"] = pd.array([f"{link.block[0]} {link.block[1]}" if link else pd.NA for link in links],
                             dtype="string")
    frame["link_method"] = pd.array([link.method if link else pd.NA for link in links], dtype="string")
    frame["lump_sum"] = pd.array([line.lump_sum for line in est.lines], dtype="boolean")
    return frame


def _findings(report: Report) -> pd.DataFrame:
    records = [{**shown, "title": title(finding.rule, report.lang), "section": section,
                "in_direct_total": finding.in_direct_total}
               for finding, shown, section in zip(report.findings, report.to_dict()["findings"],
                                                  finding_sections(report))]
    return _typed(records, FINDING_COLUMNS)


def _breakdowns(report: Report) -> pd.DataFrame:
    records = []
    for block in report.estimate.blocks:
        for resource in block.resources:
            record = {"sheet": resource.location.sheet, "block_row": block.location.row, "book": block.book,
                      "number": block.number, "block_item": block.item, "block_spec": block.spec,
                      "block_unit": block.unit, "row": resource.location.row, "item": resource.item,
                      "spec": resource.spec, "unit": resource.unit, "quantity": resource.quantity,
                      "kind": resource.kind,
                      "refers_to": f"{resource.ref[0]} {resource.ref[1]}" if resource.ref else pd.NA}
            for kind in COST_KINDS:
                record[f"{kind}_price"] = resource.prices.get(kind)
                record[f"{kind}_amount"] = resource.amounts.get(kind)
            records.append(record)
    return _typed(records, BREAKDOWN_COLUMNS)


def _cost_summary(report: Report) -> pd.DataFrame:
    outcome = report.outcome
    summary = report.estimate.cost_summary
    if summary is not None:
        records = [{"head": h.name, "label": h.label, "row": h.location.row, "how": h.how, "rate": h.rate,
                    "base": " + ".join(h.base), "stated": h.stated, "recomputed": outcome.recomputed_heads.get(h.name),
                    "corrected": outcome.corrected_heads.get(h.name)} for h in summary.heads]
    else:  # the bundled default rates gave the recomputation
        records = [{"head": name, "label": name, "row": None, "how": pd.NA, "rate": None, "base": pd.NA,
                    "stated": None, "recomputed": value, "corrected": outcome.corrected_heads.get(name)}
                   for name, value in outcome.recomputed_heads.items()]
    return _typed(records, HEAD_COLUMNS)


def _coverage(report: Report) -> pd.DataFrame:
    return _typed([c.as_dict() for c in report.coverage.rules.values()], COVERAGE_COLUMNS)


def _typed(records: list[dict], columns: dict[str, str]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records, columns=list(columns))
    for column, dtype in columns.items():
        if dtype == "object":  # Decimals and dicts as they are; blanks as None, never NaN
            frame[column] = pd.Series([None if v is pd.NA else v for v in (r.get(column) for r in records)],
                                      dtype="object", index=frame.index)
        else:
            frame[column] = frame[column].astype(dtype)
    return frame
