"""The references a check compares against, chosen for the estimate's date.

Wages, prices and rates are taken from the rows in force on the estimate's date; standard
quantities from the latest edition not later than that date, or, when only a later edition
exists, from that one with a warning (trades and quantities change between editions: since
2025 manual excavation uses 특별인부 where earlier editions used 보통인부), and labour findings
based on it can be at most ``possible``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from .matching import NameIndex, Outcome, best_match, words
from .priceindex import PriceIndex, PriceLookup
from .refdata.tables import RefData
from .messages import Both, msg

# Order of preference for procurement prices (PRIMER §5): lower is preferred.
SOURCE_RANKS = (("조달청", 0), ("거래실례", 1), ("물가정보", 2), ("물가자료", 2), ("견적", 3))


def source_rank(source: str) -> int:
    text = (source or "").strip()
    return next((rank for word, rank in SOURCE_RANKS if text.startswith(word)), 4)


def edition_year(edition: str) -> int | None:
    m = re.search(r"(19|20)\d{2}", edition or "")
    return int(m.group(0)) if m else None


def _dates(frame: pd.DataFrame, column: str) -> pd.Series:
    values = frame[column] if column in frame else pd.Series([""] * len(frame), index=frame.index)
    return pd.to_datetime(values.replace("", None), errors="coerce").dt.date


def in_force(frame: pd.DataFrame, on: date | None) -> pd.DataFrame:
    """Rows whose [effective_from, effective_to] holds ``on`` (effective_to inclusive, blank = open)."""
    if frame.empty or on is None or "effective_from" not in frame:
        return frame
    start, end = _dates(frame, "effective_from"), _dates(frame, "effective_to")
    mask = [(s is not None and not pd.isna(s) and s <= on) and (e is None or pd.isna(e) or e >= on)
            for s, e in zip(start, end)]
    return frame[mask]


@dataclass
class StandardMatch:
    outcome: Outcome
    rows: pd.DataFrame  # the matched item's resource rows
    edition: str = ""
    later_edition_only: bool = False


@dataclass
class References:
    refdata: RefData
    on: date | None = None
    warnings: list[str] = field(default_factory=list)
    used: list[str] = field(default_factory=list)  # editions and periods the checks used, for the report
    unmatched: list[dict] = field(default_factory=list)  # weak or ambiguous matches, for the report
    assumed_date: bool = False  # the date is the run date: no dated verdict is certain
    _standards: dict = field(default_factory=dict, repr=False)
    _in_force: dict = field(default_factory=dict, repr=False)
    _prepared: tuple | None = field(default=None, repr=False)
    _prices: PriceIndex | None = field(default=None, repr=False)  # built on the first price look-up
    _seen: set = field(default_factory=set, repr=False)  # what the lists above hold, to add each once

    def caveats(self) -> tuple[str, ...]:
        """The caveats every verdict resting on a dated reference carries."""
        return ("assumed_date",) if self.assumed_date else ()

    def cap(self, confidence: str) -> str:
        """A dated reference judged on an assumed date supports at most a probable finding."""
        return "probable" if self.assumed_date and confidence == "certain" else confidence

    def nothing_in_force(self, table: str) -> None:
        """Say once that a table has no row in force on the date, so a check could not run."""
        names = {"wages": ("시중노임단가", "market wages", "wages"), "prices": ("조달 단가", "procurement prices",
                                                                         "prices"),
                 "rates": ("요율", "rates", "rates"), "quantities": ("표준품셈", "standard quantities", "quantities")}
        ko, en, option = names[table]
        warning = msg("no_table_in_force", table=Both(ko, en), date=self.on.isoformat() if self.on else "",
                      option=option)
        if warning not in self.warnings:
            self.warnings.append(warning)

    def miss(self, kind: str, where, item: str, spec: str, unit: str, outcome: Outcome) -> None:
        """Record a weak or ambiguous match (not a plain absence) where a check looked for one."""
        if where is None or outcome.match is not None or not outcome.candidates:
            return
        entry = {"sheet": where.sheet, "row": where.row, "reference": kind, "item": item, "spec": spec,
                 "unit": unit, "reason": outcome.reason,
                 "candidates": [{"key": c.key, "score": round(c.score, 1)} for c in outcome.candidates[:3]]}
        if self._first(("unmatched", repr(entry))):
            self.unmatched.append(entry)

    def _first(self, key: tuple) -> bool:
        """Whether ``key`` is new (a set, not a scan of the list: look-ups come once per line)."""
        if key in self._seen:
            return False
        self._seen.add(key)
        return True

    def note(self, text: str) -> None:
        if self._first(("used", text)):
            self.used.append(text)

    def wage(self, job: str, sector: str | None = None) -> pd.Series | None:
        """The market wage row for a trade on the estimate's date (a sector's own row first)."""
        return self.wage_lookup(job, sector)[0]

    def _wages_in_force(self) -> pd.DataFrame:
        if "wages" not in self._in_force:
            self._in_force["wages"] = in_force(self.refdata.wages, self.on)
        return self._in_force["wages"]

    def wage_lookup(self, job: str, sector: str | None = None) -> tuple[pd.Series | None, str]:
        """(the wage row, '') or (None, the coverage code saying why there is none).

        A trade is compared with the survey of the estimate's sector when that survey publishes it
        (통신외선공 in an ICT estimate: the 정보통신 survey, not the construction one), even when it
        has no wage in force on the date (then: no_reference_in_force); other trades with any
        sector's survey. A trade known to a table but not in force on the date is never carried
        forward from an earlier period."""
        key = ("wage", job.replace(" ", ""), sector)
        if key not in self._in_force:  # a trade comes back on every labour row: answered once per run
            self._in_force[key] = self._wage_lookup(job, sector)
        return self._in_force[key]

    def _wage_lookup(self, job: str, sector: str | None) -> tuple[pd.Series | None, str]:
        table = self.refdata.wages
        if table.empty:
            self.nothing_in_force("wages")
            return None, "no_reference_in_force"
        name = job.replace(" ", "")
        known = table[table["job"].str.replace(" ", "") == name]
        current = self._wages_in_force()
        rows = current[current["job"].str.replace(" ", "") == name] if not current.empty else current
        if sector and "sector" in table and (known["sector"] == sector).any():
            rows = rows[rows["sector"] == sector] if not rows.empty else rows
        if rows.empty:
            if current.empty:
                self.nothing_in_force("wages")
            return None, "no_reference_in_force" if not known.empty or current.empty else "no_match"
        return rows.iloc[0], ""

    def price(self, item: str, spec: str, unit: str, where=None) -> tuple[Outcome, pd.Series | None]:
        """The preferred procurement price in force for an item (조달청 before 거래실례 before 물가 before 견적)."""
        found = self.price_lookup(item, spec, unit, where)
        return found.outcome, (pd.Series(found.reference) if found.reference is not None else None)

    def price_lookup(self, item: str, spec: str, unit: str, where=None) -> PriceLookup:
        """The matched item's prices in force: the row to compare with (the highest price of the
        preferred source) and every row in force, for the evidence."""
        if self._prices is None:
            self._prices = self.refdata.derived("prices", self.on, lambda: PriceIndex(self.refdata.prices, self.on))
        found = self._prices.lookup(item, spec, unit)
        if found.reference is None:
            if not self._prices.current:
                self.nothing_in_force("prices")
            self.miss("price", where, item, spec, unit, found.outcome)
            return found
        best = found.reference
        self.note(f"price: {best['item']} {best['spec']} — {best['source']} ({best['effective_from']}~"
                  f"{best.get('effective_to', '')})")
        return found

    def standard(self, item: str, spec: str, unit: str, where=None) -> StandardMatch:
        """The standard-quantity item (all its resource rows) for a line, from the edition in force."""
        key = (item, spec, unit)
        if key not in self._standards:
            self._standards[key] = self._standard(item, spec, unit)
        self.miss("standard quantities", where, item, spec, unit, self._standards[key].outcome)
        return self._standards[key]

    def _candidates(self) -> tuple[list, dict]:
        """(candidates for matching, group key → row positions), built once for these tables and date."""
        if self._prepared is None:
            self._prepared = self.refdata.derived("standards", self.on, self._prepare)
        return self._prepared

    def _prepare(self) -> tuple:
        quantities = self.refdata.quantities
        columns = ["work", "spec", "unit", "edition"]
        firsts = quantities.drop_duplicates(columns)
        positions = quantities.groupby(columns, sort=False).indices
        candidates = []
        for _, row in firsts.iterrows():
            key = tuple(row[c] for c in columns)
            candidates.append((key, {"work": key[0], "spec": key[1], "unit": key[2], "edition": key[3],
                                     "sector": row.get("sector", ""), "item_code": row.get("item_code", "")}))
        kept = self._by_edition(candidates)
        names = NameIndex([" ".join(words(row["work"])) for _, row in kept])
        later = {key for key, row in kept if row.get("_later")}
        # One empty frame for every line with no standard (slicing a frame per line is slow).
        return kept, positions, names, later, quantities.iloc[0:0]

    def _standard(self, item: str, spec: str, unit: str) -> StandardMatch:
        quantities = self.refdata.quantities
        if quantities.empty:
            return StandardMatch(Outcome(None, "no standard quantities loaded", code="no_reference_in_force"), quantities)
        candidates, positions, names, later, no_rows = self._candidates()
        outcome = best_match(item, spec, unit, candidates,
                             key_fields=("sector", "item_code", "work", "spec", "unit", "edition"), names=names)
        if outcome.match is None:
            return StandardMatch(outcome, no_rows)
        rows = quantities.iloc[positions[outcome.match.index]]
        edition = outcome.match.key.get("edition", "")
        later_only = outcome.match.index in later
        if later_only:
            warning = msg("later_edition_only", edition=edition, date=self.on.isoformat() if self.on else "", item=item)
            if warning not in self.warnings:
                self.warnings.append(warning)
        self.note(f"standard quantities: {outcome.match.key.get('item_code', '')} {outcome.match.key['work']} "
                  f"(edition {edition})")
        return StandardMatch(outcome, rows, edition, later_only)

    def _by_edition(self, candidates):
        """Keep, for each work, the latest edition not after the date; else the earliest later one."""
        if self.on is None:
            return candidates
        by_work: dict[tuple, list] = {}
        for key, row in candidates:
            by_work.setdefault((row["work"], row["spec"], row["unit"]), []).append((key, row))
        kept = []
        for versions in by_work.values():
            dated = [(edition_year(r["edition"]), k, r) for k, r in versions]
            past = [v for v in dated if v[0] is None or v[0] <= self.on.year]
            if past:
                best = max(past, key=lambda v: v[0] or 0)
            else:
                best = min(dated, key=lambda v: v[0])
                best[2]["_later"] = True
            kept.append((best[1], best[2]))
        return kept
