"""The user's own reference tables (--prices, --quantities, --wages, --rates, --refdata DIR).

User tables are validated with the same suites as the bundled ones before use, and a bad table
is refused with file, line and column. User rows replace bundled rows with the same key, and
are preferred where both are in force.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import InputError
from .kinds import derive_optional, unusable
from .schemas import table_kind
from .tables import KINDS, RefData, bundled
from ..messages import msg

# The key that makes a user row replace a bundled one.
KEYS = {
    "quantities": ("work", "spec", "unit", "resource", "edition"),
    "adjustments": ("sector", "item_code", "kind", "applies_to", "condition", "edition"),
    "wages": ("job", "sector", "effective_from"),
    "prices": ("item", "spec", "unit", "source", "effective_from"),
    "rates": ("head", "sector", "size", "duration", "effective_from"),
}
_MONEY = {"wages": ("wage_won",), "prices": ("price_won",), "rates": ("base_amount_won",)}


def load_user_table(path: Path, expected: str | None = None) -> tuple[str, pd.DataFrame]:
    from .validate import read_table, validate_file

    if not path.is_file():
        raise InputError(path, msg("err_no_such_table"))
    failures = validate_file(path)
    if failures:
        first = failures[0]
        where = ", ".join(x for x in (f"line {first.line}" if first.line else "",
                                      f"column {first.column}" if first.column else "") if x)
        more = msg("err_table_more", count=len(failures) - 1) if len(failures) > 1 else ""
        raise InputError(path, msg("err_table_refused", where=where + ": " if where else "", detail=first.message,
                                   more=more))
    frame, lines, _ = read_table(path)
    kind = table_kind(list(frame.columns))
    if expected is not None and kind != expected:
        raise InputError(path, msg("err_table_kind", expected=expected, kind=kind))
    for column in _MONEY.get(kind, ()):
        if column in frame:
            frame[column] = frame[column].str.replace(",", "", regex=False)
    frame = derive_optional(kind, frame)
    frame["_file"] = str(path)
    frame["_line"] = lines
    frame["_origin"] = "user"
    return kind, frame


def unusable_rows(folder: Path) -> list[tuple[str, int, str]]:
    """(file, line, reason) of every row of the folder's valid tables that no rule can use."""
    from .validate import table_files, validate_file

    found = []
    for path in table_files(folder):
        if validate_file(path):
            continue
        kind, frame = load_user_table(path)
        for _, row in frame.iterrows():
            reason = unusable(kind, row)
            if reason:
                found.append((str(path), int(row["_line"]), reason))
    return found


def merge(base: RefData, user: dict[str, list[pd.DataFrame]], only: bool = False) -> RefData:
    """User rows first (preferred), bundled rows after them unless a user row has the same key."""
    tables = {}
    for kind in KINDS:
        mine = user.get(kind, [])
        bundled_rows = pd.DataFrame() if only else base.tables.get(kind, pd.DataFrame())
        if not mine:
            tables[kind] = bundled_rows
            continue
        frame = pd.concat(mine, ignore_index=True)
        if not bundled_rows.empty:
            key = [c for c in KEYS[kind] if c in frame.columns and c in bundled_rows.columns]
            taken = set(map(tuple, frame[key].fillna("").astype(str).values.tolist())) if key else set()
            keep = [tuple(map(str, row)) not in taken for row in bundled_rows[key].fillna("").values.tolist()]
            frame = pd.concat([frame, bundled_rows[keep]], ignore_index=True)
        tables[kind] = frame.fillna("")
    return RefData(tables={k: v for k, v in tables.items() if not v.empty},
                   folders=[] if only else list(base.folders))


def reference_data(*, prices: list[str] = (), quantities: list[str] = (), wages: list[str] = (),
                   rates: list[str] = (), refdata: list[str] = (), only: bool = False) -> RefData:
    """The reference data a run uses: bundled, overridden by the user's tables."""
    from .validate import table_files

    user: dict[str, list[pd.DataFrame]] = {}
    named = [(p, "prices") for p in prices] + [(p, "quantities") for p in quantities] + \
            [(p, "wages") for p in wages] + [(p, "rates") for p in rates]
    for folder in refdata:
        root = Path(folder)
        if not root.is_dir():
            raise InputError(folder, msg("err_not_a_table_folder"))
        named += [(str(p), None) for p in table_files(root)]
    for path, expected in named:
        kind, frame = load_user_table(Path(path), expected)
        user.setdefault(kind, []).append(frame)
    if not user and not only:
        return bundled()
    return merge(bundled(), user, only)
