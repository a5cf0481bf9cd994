"""Findings: what a check concluded, where, by how much, and on what evidence."""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Location

CERTAIN = "certain"
PROBABLE = "probable"
POSSIBLE = "possible"
COUNTED = (CERTAIN, PROBABLE)


@dataclass
class Finding:
    """One conclusion of one rule about one row (or the file, when ``location.row`` is None).

    ``over_won`` is stated − correct in integer won: positive when the document over-states.
    Messages are kept in both languages; the report shows the one asked for.
    """

    rule: str
    location: Location
    item: str
    over_won: int
    confidence: str
    message_ko: str
    message_en: str
    evidence: dict = field(default_factory=dict)

    @property
    def in_direct_total(self) -> bool:
        """Counted in the direct over-estimate: certain or probable, over-stating, not superseded."""
        return self.confidence in COUNTED and self.over_won > 0 and not self.evidence.get("superseded_by")

    def message(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message_ko
