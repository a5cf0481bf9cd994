"""The procurement prices of one run, prepared once: rows in force on the estimate's date, rows
that say the same thing grouped, and names indexed so that a line is scored against the few
rows that could be its reference instead of the whole table.

Periods. A row with a PPS item id (``item_id``) is one notice of that item's price; the price in
force on a date is the item's latest notice not after the date, and every notice of that same
date is in force (two PPS departments survey one item on one day). A later notice is never used
for an earlier estimate: before an item's first notice it has no price. Rows without an item id
keep their own ``[effective_from, effective_to]`` period.

Groups. Rows whose product name, spec and unit read the same once normalised (several notices,
departments or item ids for one product) are one reference with several prices, not several
references competing for a line.

Names. A row is found by its product name (``item``) and by its PPS class name (``class_name``),
whichever the estimate uses: first the exact normalised name, then rows sharing a word with the
line's item, and only when those give no match or ambiguity a rapidfuzz pass over every name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

import pandas as pd

from .matching import NameIndex, Outcome, _words, best_match, words
from .units import parse_unit

_STOP = {"및", "또는", "등", "의"}
# Rows' fields that identify one price notice, for the evidence.
NOTICE_FIELDS = ("notice_no", "department", "delivery", "item_id", "class_name", "source_ref")


def _day(text: str) -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        parsed = pd.to_datetime(text, errors="coerce")
        return None if pd.isna(parsed) else parsed.date()


def price_of(row: dict) -> Decimal | None:
    """A row's price as an exact decimal (PPS prices can be fractions of a won: 2.5 per ㎠)."""
    try:
        return Decimal(str(row.get("price_won", "")).replace(",", "").strip())
    except InvalidOperation:
        return None


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


@dataclass
class PriceGroup:
    item: str
    spec: str
    unit: str
    class_names: tuple[str, ...]
    rows: list[dict] = field(default_factory=list)  # every date
    current: list[dict] = field(default_factory=list)  # in force on the date

    def candidate(self, current: bool) -> dict:
        """The group as one reference row, worded as its latest row in force (or of any date)."""
        shown = (self.current or self.rows)[-1] if current else self.rows[-1]
        item, spec, unit = _text(shown.get("item")), _text(shown.get("spec")), _text(shown.get("unit"))
        names = tuple(dict.fromkeys((item, *self.class_names)))
        row = {"item": item, "spec": spec, "unit": unit, "names": names}
        if self.class_names:
            row["class_name"] = _text(shown.get("class_name")).strip() or self.class_names[0]
        return row


class Catalog:
    """Name look-ups over a set of groups."""

    def __init__(self, groups: list[PriceGroup], current: bool):
        self.groups = groups
        self.rows = [g.candidate(current) for g in groups]
        self.exact: dict[str, set[int]] = {}
        self.by_word: dict[str, set[int]] = {}
        by_name: dict[str, set[int]] = {}
        for position, group in enumerate(groups):
            for name in (group.item, *group.class_names):
                found = words(name)
                if not found:
                    continue
                by_name.setdefault(" ".join(found), set()).add(position)
                # Spacing and word order do not make another product: 보통 합판 = 보통합판.
                for key in ("".join(found), "".join(sorted(found))):
                    self.exact.setdefault(key, set()).add(position)
                for word in found:
                    if word not in _STOP and not any(c.isdigit() for c in word):
                        self.by_word.setdefault(word, set()).add(position)
        self.names = NameIndex(list(by_name))
        self.by_name = [by_name[n] for n in self.names.names]

    def __bool__(self) -> bool:
        return bool(self.groups)

    def match(self, item: str, spec: str, unit: str) -> Outcome:
        mine = words(item)
        exact = set(self.exact.get("".join(mine), ())) | set(self.exact.get("".join(sorted(mine)), ()))
        outcome = self._best(item, spec, unit, exact) if exact else None
        if outcome is not None and (outcome.match is not None or outcome.code == "ambiguous_match"):
            return outcome
        near = set(exact)
        for word in mine:
            near |= self.by_word.get(word, set())
        if near != exact:
            outcome = self._best(item, spec, unit, near)
            if outcome.match is not None or outcome.code == "ambiguous_match":
                return outcome
        # No word in common can still be a match ('강관주' for 'CCTV 폴'): the fuzzy pass, over
        # distinct names in rapidfuzz's C scorer, then in full for the few it keeps.
        wider = set(near)
        for position in self.names.prefilter(item, spec):
            wider |= self.by_name[position]
        if outcome is None or wider != near:
            outcome = self._best(item, spec, unit, wider)
        return outcome

    def _best(self, item: str, spec: str, unit: str, positions: set[int]) -> Outcome:
        candidates = [(p, self.rows[p]) for p in sorted(positions)]
        return best_match(item, spec, unit, candidates, name_field="names", spec_field="spec",
                          key_fields=("item", "class_name", "spec", "unit"))


@dataclass
class PriceLookup:
    outcome: Outcome
    reference: dict | None = None  # the row used: the highest price of the preferred source
    in_force: list[dict] = field(default_factory=list)  # every row of the matched item in force

    @property
    def code(self) -> str:
        return self.outcome.code


def _preference(row: dict) -> tuple[bool, int]:
    from .references import source_rank

    return _text(row.get("_origin")) != "user", source_rank(_text(row.get("source")))


class PriceIndex:
    def __init__(self, frame: pd.DataFrame, on: date | None):
        self.on = on
        records = []
        if not frame.empty:
            # Tables concatenated with and without the PPS columns leave NaN where a column was absent.
            columns = list(frame.columns)
            values = frame.fillna("").to_numpy(dtype=object).tolist()
            records = [dict(zip(columns, row)) for row in values]
        records = [r for r in records if price_of(r) is not None]
        current = self._in_force(records, on)
        groups: dict[tuple, PriceGroup] = {}
        units: dict[str, str] = {}
        for position, row in enumerate(records):
            item, spec, unit = _text(row.get("item")), _text(row.get("spec")), _text(row.get("unit"))
            if unit not in units:
                units[unit] = parse_unit(unit).canonical or unit.strip().lower()
            key = (" ".join(_words(item)), " ".join(_words(spec)), units[unit])
            group = groups.get(key)
            if group is None:
                group = groups[key] = PriceGroup(item, spec, unit, ())
            name = _text(row.get("class_name")).strip()
            if name and name not in group.class_names:
                group.class_names = (*group.class_names, name)
            group.rows.append(row)
            if position in current:
                group.current.append(row)
        self.groups = list(groups.values())
        self.current = Catalog([g for g in self.groups if g.current], True)
        self._everything: Catalog | None = None
        self._cache: dict[tuple[str, str, str], PriceLookup] = {}

    @staticmethod
    def _in_force(records: list[dict], on: date | None) -> set[int]:
        """Positions of the rows in force on ``on`` (all rows, each item id's latest, when no date)."""
        chosen: set[int] = set()
        notices: dict[str, list[tuple[date, int]]] = {}
        for position, row in enumerate(records):
            start, end = _day(_text(row.get("effective_from"))), _day(_text(row.get("effective_to")))
            item_id = _text(row.get("item_id")).strip()
            if item_id:
                if start is not None and (on is None or (start <= on and (end is None or end >= on))):
                    notices.setdefault(item_id, []).append((start, position))
            elif on is None or (start is not None and start <= on and (end is None or end >= on)):
                chosen.add(position)
        for dated in notices.values():
            latest = max(d for d, _ in dated)
            chosen.update(p for d, p in dated if d == latest)
        return chosen

    def lookup(self, item: str, spec: str, unit: str) -> PriceLookup:
        key = (item or "", spec or "", unit or "")
        if key not in self._cache:
            self._cache[key] = self._lookup(*key)
        return self._cache[key]

    def _lookup(self, item: str, spec: str, unit: str) -> PriceLookup:
        if not self.current:
            return PriceLookup(Outcome(None, "no price table in force on the estimate's date",
                                       code="no_reference_in_force"))
        outcome = self.current.match(item, spec, unit)
        if outcome.match is None:
            if outcome.code in ("no_match", "weak_match") and self._elsewhere(item, spec, unit):
                return PriceLookup(Outcome(None, "the matching reference has no price in force on the "
                                                 "estimate's date (only earlier or later notices)",
                                           code="no_reference_in_force"))
            return PriceLookup(outcome)
        rows = self.current.groups[outcome.match.index].current
        ordered = sorted(rows, key=lambda r: (_preference(r), -price_of(r)))
        # The highest price of the preferred source: a claim against it is the least over-pricing
        # every price in force supports.
        return PriceLookup(outcome, ordered[0], ordered)

    def _elsewhere(self, item: str, spec: str, unit: str) -> bool:
        """Whether the line matches a reference that is only in force on other dates."""
        if len(self.current.groups) == len(self.groups):
            return False
        if self._everything is None:
            self._everything = Catalog(self.groups, False)
        found = self._everything.match(item, spec, unit)
        return found.match is not None or found.code == "ambiguous_match"
