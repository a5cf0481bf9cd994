"""One report object, rendered as JSON (the stable interface) or as text for a person."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .coverage import Coverage, reason_text
from .findings import COUNTED, Finding
from .messages import Message, collapse, text, unparsed_reason
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
        return sum(f.over_won for f in self.findings
                   if f.confidence in COUNTED and f.over_won > 0 and not f.evidence.get("superseded_by"))

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
            "references": self._references(),
            "warnings": self.warnings,
            "unmatched": [*self.unmatched, *getattr(self.references, "unmatched", [])],
        }

    def _summary(self) -> dict | None:
        summary = self.estimate.cost_summary
        if summary is None:
            return None
        recomputed = self.outcome.recomputed_heads
        return {
            "sheet": summary.sheet,
            "source": summary.source,
            "heads": [{"row": h.location.row, "name": h.name, "label": h.label, "how": h.how,
                       "stated": h.stated, "recomputed": recomputed.get(h.name),
                       "rate": None if h.rate is None else str(h.rate), "base": list(h.base),
                       "components": list(h.components), "derivation": h.derivation}
                      for h in summary.heads],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    def to_text(self) -> str:
        ko = self.lang != "en"
        est = self.estimate
        out = [f"{'검토 대상' if ko else 'Source'}: {self.source}"]
        bills = [s for s in est.sheets if s.role == "bill"]
        out.append(("내역서 시트: " if ko else "Bill sheets: ") + ", ".join(s.name for s in bills))
        out.append((f"읽은 내역 {len(est.lines):,}행, 미해석 {len(est.unparsed)}행" if ko else
                    f"Lines read: {len(est.lines):,}; unparsed rows: {len(est.unparsed)}"))
        lump_sums = [line for line in est.lines if line.lump_sum]
        if lump_sums:
            amount = sum(line.money.stated_total() or 0 for line in lump_sums)
            out.append((f"일식 금액(단가 없이 금액만 기재, 기재대로 합산) {len(lump_sums):,}행, {amount:,}원" if ko else
                        f"Lump sums (an amount without a unit price, counted as stated): {len(lump_sums):,} "
                        f"lines, {amount:,} won"))
        if est.date is not None:
            out.append(("기준일: " if ko else "Estimate date: ") + est.date.describe(self.lang))
        out.extend(self._coverage_text())
        if est.blocks:
            out.append((f"일위대가 {len(est.blocks)}개 호표, 연결된 내역 {len(est.links)}행" if ko else
                        f"Breakdowns: {len(est.blocks)} blocks; lines linked: {len(est.links)}"))
        document = self.document
        if document["kind"] == "blank_bill":
            ran = ", ".join(self.coverage.ran()) or text("none", self.lang)
            out.append("")
            out.append(text("blank_bill", self.lang, unpriced=document["unpriced_lines"],
                            lines=document["priced_lines"] + document["unpriced_lines"], rules=ran))
        if self.findings:
            out.append("")
            out.append(f"{'지적사항' if ko else 'Findings'} ({len(self.findings)})")
            for f in self.findings:
                where = f"{f.location.sheet}!{f.location.row}" if f.location.row is not None else f.location.sheet
                out.append(f"  [{f.rule}] {where} {f.item}  {f.over_won:+,}{'원' if ko else ' won'} "
                           f"({_confidence(f.confidence, ko)})")
                out.append(f"      {f.message(self.lang)}")
        else:
            out.append("")
            out.append("지적사항 없음" if ko else "No findings")
        for u in est.unparsed:
            out.append(f"  {'미해석' if ko else 'unparsed'} {u.sheet}!{u.row}: {unparsed_reason(u.reason, self.lang)}")
        for w in self.warnings:
            out.append(f"  {text('warning', self.lang)}: {w}")
        out.append("")
        out.append((f"직접 과다계상액: {self.direct_over_won:,}원" if ko else
                    f"Direct over-estimate: {self.direct_over_won:,} won"))
        pairs = [("도급액(기재)", "Contract amount (stated)", est.contract_total_won),
                 ("도급액(재계산)", "Contract amount (recomputed)", self.outcome.recomputed_total_won),
                 ("도급액(수정 후)", "Contract amount (corrected)", self.outcome.corrected_total_won),
                 ("총 과다계상액(제비율 반영)", "Total over-estimate (through the cost summary)",
                  self.outcome.total_over_won)]
        for label_ko, label_en, value in pairs:
            if value is not None:
                out.append(f"{label_ko if ko else label_en}: {value:,}{'원' if ko else ' won'}")
        return "\n".join(out) + "\n"


    def _coverage_text(self) -> list[str]:
        ko = self.lang != "en"
        out = ["검사 범위:" if ko else "Coverage:"]
        unit_ko = {"line": "행", "breakdown_row": "행(일위대가)", "cost_head": "개 비목"}
        for entry in self.coverage.rules.values():
            unit = unit_ko[entry.unit] if ko else entry.unit.replace("_", " ") + "s"
            reasons = ", ".join(f"{reason_text(code, self.lang)} {n:,}" for code, n in entry.reasons.most_common())
            caveats = ", ".join(f"{reason_text(code, self.lang)} {n:,}" for code, n in entry.caveats.most_common())
            line = (f"  {entry.rule}: 검사 {entry.checked:,}{unit}, 미검사 {entry.not_checked:,}{unit}" if ko else
                    f"  {entry.rule}: checked {entry.checked:,} {unit}, not checked {entry.not_checked:,}")
            if reasons:
                line += f" ({reasons})"
            if caveats:
                line += (" — 유의: " if ko else " — caveats: ") + caveats
            out.append(line)
        return out


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


def _confidence(value: str, ko: bool) -> str:
    if not ko:
        return value
    return {"certain": "확실", "probable": "유력", "possible": "검토 필요"}[value]
