"""One report object, rendered as JSON (the stable interface) or as text for a person."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .findings import COUNTED, Finding
from .model import Estimate

SCHEMA_VERSION = "1"


@dataclass
class Report:
    source: str
    estimate: Estimate
    findings: list[Finding]
    lang: str = "ko"
    total_over_won: int | None = None
    corrected_total_won: int | None = None
    unmatched: list = field(default_factory=list)

    @property
    def direct_over_won(self) -> int:
        """Positive over-statements of certain and probable findings; possible ones stay out."""
        return sum(f.over_won for f in self.findings if f.confidence in COUNTED and f.over_won > 0)

    @property
    def has_counted_findings(self) -> bool:
        return any(f.confidence in COUNTED for f in self.findings)

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
                    "evidence": {"file": f.location.file, **f.evidence},
                }
                for f in self.findings
            ],
            "totals": {
                "direct_over_won": self.direct_over_won,
                "total_over_won": self.total_over_won,
                "contract_total_won": est.contract_total_won,
                "corrected_total_won": self.corrected_total_won,
            },
            "lines": {
                "read": len(est.lines),
                "unparsed": [{"sheet": u.sheet, "row": u.row, "reason": u.reason} for u in est.unparsed],
            },
            "sheets": [s.as_dict() for s in est.sheets],
            "warnings": list(est.warnings),
            "unmatched": list(self.unmatched),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    def to_text(self) -> str:
        ko = self.lang != "en"
        est = self.estimate
        out = [f"{'검토 대상' if ko else 'Source'}: {self.source}"]
        bills = [s for s in est.sheets if s.role == "bill"]
        out.append(("내역서 시트: " if ko else "Bill sheets: ") + ", ".join(s.name for s in bills))
        out.append(f"읽은 내역 {len(est.lines):,}행, 미해석 {len(est.unparsed)}행" if ko else
                    f"Lines read: {len(est.lines):,}; unparsed rows: {len(est.unparsed)}")
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
            out.append(f"  {'미해석' if ko else 'unparsed'} {u.sheet}!{u.row}: {u.reason}")
        for w in est.warnings:
            out.append(f"  {'경고' if ko else 'warning'}: {w}")
        out.append("")
        out.append(f"직접 과다계상액: {self.direct_over_won:,}원" if ko else
                    f"Direct over-estimate: {self.direct_over_won:,} won")
        if est.contract_total_won is not None:
            out.append(f"도급액(기재): {est.contract_total_won:,}원" if ko else
                        f"Contract amount (stated): {est.contract_total_won:,} won")
        return "\n".join(out) + "\n"


def _confidence(value: str, ko: bool) -> str:
    if not ko:
        return value
    return {"certain": "확실", "probable": "유력", "possible": "검토 필요"}[value]
