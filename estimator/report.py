"""One report object, rendered as JSON (the stable interface) or as text for a person."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .coverage import Coverage
from .findings import COUNTED, Finding
from .messages import Message, collapse
from .model import COST_KINDS, Estimate, document_kind
from .totals import Outcome

SCHEMA_VERSION = "1"


@dataclass
class Report:
    source: str
    estimate: Estimate
    findings: list[Finding]
    lang: str = "ko"
    outcome: Outcome = field(default_factory=Outcome)
    unmatched: list = field(default_factory=list)
    references: object = None  # references.References used by the checks
    coverage: Coverage = field(default_factory=Coverage)

    @property
    def direct_over_won(self) -> int:
        """Positive over-statements of certain and probable findings; possible ones stay out."""
        return sum(f.over_won for f in self.findings if f.in_direct_total)

    @property
    def has_counted_findings(self) -> bool:
        return any(f.confidence in COUNTED for f in self.findings)

    @property
    def warning_messages(self) -> list[Message | str]:
        extra = list(getattr(self.references, "warnings", []) or [])
        return [*self.estimate.warnings, *self.outcome.warnings, *extra]

    @property
    def warnings(self) -> list[str]:
        """In the report's language; repeated warnings of one kind as one, with a count."""
        messages = self.warning_messages
        coded = [m for m in messages if isinstance(m, Message)]
        return [*collapse(coded, self.lang), *(m for m in messages if not isinstance(m, Message))]

    @property
    def document(self) -> dict:
        return document_kind(self.estimate.lines)

    def _references(self) -> dict | None:
        refs = self.references
        if refs is None:
            return None
        user = sorted({str(f) for t in refs.refdata.tables.values() if "_origin" in t
                       for f in t.loc[t["_origin"] == "user", "_file"]})
        return {"as_of": refs.on.isoformat() if refs.on else None, "bundled_folders": refs.refdata.folders,
                "user_tables": user, "used": list(refs.used)}

    def to_dict(self) -> dict:
        est = self.estimate
        return {
            "schema_version": SCHEMA_VERSION,
            "source": self.source,
            "findings": [
                {
                    "rule": f.rule,
                    "sheet": f.location.sheet,
                    "row": f.location.row,
                    "item": f.item,
                    "over_won": f.over_won,
                    "confidence": f.confidence,
                    "message": f.message(self.lang),
                    "evidence": {"file": f.location.file, **_box(est, f.location.sheet, f.location.row),
                                 **f.evidence},
                }
                for f in self.findings
            ],
            "totals": {
                "direct_over_won": self.direct_over_won,
                "total_over_won": self.outcome.total_over_won,
                "contract_total_won": est.contract_total_won,
                "corrected_total_won": self.outcome.corrected_total_won,
                "recomputed_total_won": self.outcome.recomputed_total_won,
            },
            "lines": {
                "read": len(est.lines),
                "lump_sums": sum(1 for line in est.lines if line.lump_sum),
                "unparsed": [{"sheet": u.sheet, "row": u.row, "reason": u.reason, **_box(est, u.sheet, u.row)}
                             for u in est.unparsed],
            },
            "sheets": [s.as_dict() for s in est.sheets],
            "document": self.document,
            "coverage": [c.as_dict() for c in self.coverage.rules.values()],
            "coverage_rows": [{"sheet": r.sheet, "row": r.row, "rule": r.rule, "code": r.code}
                              for r in self.coverage.rows],
            "formulas": _formulas(est),
            "estimate_date": None if est.date is None else {
                "date": est.date.value.isoformat(), "precision": est.date.precision, "source": est.date.source},
            "breakdowns": [_block(b) for b in est.blocks],
            "links": [{"sheet": est.lines[i].location.sheet, "row": est.lines[i].location.row,
                       "book": link.block[0], "block": link.block[1], "method": link.method}
                      for i, link in sorted(est.links.items())],
            "cost_summary": self._summary(),
            "recomputed_heads": dict(self.outcome.recomputed_heads),
            "corrected_heads": dict(self.outcome.corrected_heads),
            "references": self._references(),
            "warnings": self.warnings,
            "unmatched": [*self.unmatched, *getattr(self.references, "unmatched", [])],
        }

    def _summary(self) -> dict | None:
        summary = self.estimate.cost_summary
        if summary is None:
            return None
        recomputed, corrected = self.outcome.recomputed_heads, self.outcome.corrected_heads
        return {
            "sheet": summary.sheet,
            "source": summary.source,
            "heads": [{"row": h.location.row, "name": h.name, "label": h.label, "how": h.how,
                       "stated": h.stated, "recomputed": recomputed.get(h.name),
                       "corrected": corrected.get(h.name),
                       "rate": None if h.rate is None else str(h.rate), "base": list(h.base),
                       "components": list(h.components), "derivation": h.derivation}
                      for h in summary.heads],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    def frames(self) -> dict:
        """The report as pandas DataFrames: ``lines``, ``findings``, ``breakdowns``,
        ``cost_summary`` and ``coverage`` (money exact: Int64 won, Decimal where 0.1 won)."""
        from .render.frames import frames

        return frames(self)

    def to_text(self) -> str:
        """The report for a person, without colour (``render.text`` for a terminal)."""
        from .render.text import render

        return render(self)


def _box(estimate: Estimate, sheet: str, row: int | None) -> dict:
    """A printed row's box on its page (``bbox``: x0, top, x1, bottom in PDF points), when read from a PDF."""
    box = estimate.attributes.get("boxes", {}).get((sheet, row))
    return {"bbox": list(box)} if box else {}


def _formulas(estimate: Estimate) -> dict:
    found = estimate.attributes.get("formulas") or {}
    return {"without_value": found.get("without_value", 0), "evaluated": found.get("evaluated", 0),
            "not_evaluated": len(found.get("not_evaluated", []))}


def _block(block) -> dict:
    return {"sheet": block.location.sheet, "row": block.location.row, "book": block.book, "number": block.number,
            "item": block.item, "spec": block.spec, "unit": block.unit,
            "total_row": block.total_location.row if block.total_location else None,
            "totals": {k: str(v) for k, v in block.totals().items()},
            "unit_prices": block.unit_prices(),
            "resources": [{"row": r.location.row, "item": r.item, "spec": r.spec, "unit": r.unit,
                           "quantity": None if r.quantity is None else str(r.quantity), "kind": r.kind,
                           "amounts": {k: None if r.amounts[k] is None else str(r.amounts[k]) for k in COST_KINDS},
                           "refers_to": list(r.ref) if r.ref else None}
                          for r in block.resources]}
