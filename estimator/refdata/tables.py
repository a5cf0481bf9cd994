"""Load the reference tables: bundled ones beside the package, and folders the user names.

A table's kind is decided by its columns, not its file name, so a user's folder can hold any
mix. Rows keep the file and line they came from, for evidence and for error messages.

A PPS price notice is in force until the same item's next notice; the price files leave its end
blank and ``load`` works it out (sources.close_superseded), so a look-up by date sees one notice
per item and department.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd

from .schemas import PPS_EXPORT, table_kind

KINDS = ("quantities", "adjustments", "wages", "prices", "rates")


DERIVED_KEPT = 4  # indexes kept per kind: an audit's files share a few dates, not thousands


@dataclass
class RefData:
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    folders: list[str] = field(default_factory=list)
    _derived: dict = field(default_factory=dict, repr=False, compare=False)

    def derived(self, kind: str, on: object, build):
        """An index computed from these tables alone for a date (the prices in force on it, the
        standards by edition), built once for every verify that uses the same tables — in a
        notebook or an audit worker — and kept for the last few dates."""
        kept = self._derived.setdefault(kind, {})
        if on in kept:
            kept[on] = kept.pop(on)  # most recently used last
        else:
            kept[on] = build()
            while len(kept) > DERIVED_KEPT:
                kept.pop(next(iter(kept)))
        return kept[on]

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name in KINDS:
            frame = self.tables.get(name)  # no empty frame built on every look-up (they come per line)
            return frame if frame is not None else pd.DataFrame()
        raise AttributeError(name)


def bundled_folders() -> list[Path]:
    return [Path(str(resources.files(name))) for name in ("standard_quantities", "unit_price_tables")]


def read_table(path: Path) -> tuple[str | None, pd.DataFrame]:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame.columns = [c.strip() for c in frame.columns]
    kind = table_kind(list(frame.columns))
    lines = list(range(2, len(frame) + 2))
    if kind == PPS_EXPORT.kind:
        from .sources import pps_prices, usable_pps

        keep = usable_pps(frame, lines, path)
        if keep is None:  # unusable as a whole: `refdata check` says why
            return None, frame
        lines = [n for n, k in zip(lines, keep) if k]
        frame, kind = pps_prices(frame[keep], lines, path), "prices"
    frame["_file"] = str(path)
    frame["_line"] = lines
    frame["_origin"] = "bundled"
    return kind, frame


def load(folders: list[Path]) -> RefData:
    from .sources import close_superseded

    parts: dict[str, list[pd.DataFrame]] = {}
    for folder in folders:
        for path in sorted(Path(folder).glob("*.csv")):
            kind, frame = read_table(path)
            if kind is not None:
                parts.setdefault(kind, []).append(frame)
    tables = {k: pd.concat(v, ignore_index=True) for k, v in parts.items()}
    if "prices" in tables:
        tables["prices"] = close_superseded(tables["prices"])
    return RefData(tables=tables, folders=[str(f) for f in folders])


@cache
def bundled() -> RefData:
    return load(bundled_folders())
