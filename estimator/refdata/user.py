"""The user's own reference tables (--prices, --quantities, --wages, --rates, --refdata DIR).

User tables are validated with the same rules as the bundled ones before use (by the pandas
engine of validate.py: great-expectations is for ``refdata check``), and a table that cannot be
used as a whole is refused with file, line and column. Rows that are only unusable themselves
(an unknown unit, a zero price) are set aside and the rest of the table is used. A PPS price
export (조달청 가격정보, its own column names) is converted into prices on load, exactly as the
importer converts it. User rows replace bundled rows with the same key, and are preferred where
both are in force.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import InputError
from .kinds import JUDGED, derive_optional, unusable
from .schemas import PPS_EXPORT, table_kind
from .sources import close_superseded, pps_prices, refuse
from .tables import KINDS, RefData, bundled
from ..messages import msg

# The key that makes a user row replace a bundled one.
KEYS = {
    "quantities": ("work", "spec", "unit", "resource", "edition"),
    "adjustments": ("sector", "item_code", "kind", "applies_to", "condition", "edition"),
    "wages": ("job", "sector", "effective_from"),
    "prices": ("item", "spec", "unit", "source", "effective_from", "item_id", "notice_no"),
    "rates": ("head", "sector", "size", "duration", "effective_from"),
}
_MONEY = {"wages": ("wage_won",), "prices": ("price_won",), "rates": ("base_amount_won",)}


def load_user_table(path: Path, expected: str | None = None) -> tuple[str, pd.DataFrame]:
    """(kind, rows) of a user's table, its rows set aside left out; refused when unusable as a whole.

    The rows set aside are in ``frame.attrs["set_aside"]`` (validate.Failure, by line)."""
    from .validate import check_table, read_table

    if not path.is_file():
        raise InputError(path, msg("err_no_such_table"))
    frame, lines, failure = read_table(path)
    found = [failure] if failure is not None else check_table(frame, lines, str(path), engine="pandas")
    failures = [f for f in found if not f.aside]
    if failures:
        refuse(path, failures)
    kind = table_kind(list(frame.columns))
    usable_as = "prices" if kind == PPS_EXPORT.kind else kind
    if expected is not None and usable_as != expected:
        raise InputError(path, msg("err_table_kind", expected=expected, kind=kind))
    aside = [f for f in found if f.aside]
    dropped = {f.line for f in aside}
    keep = [line not in dropped for line in lines]
    frame = frame[keep].reset_index(drop=True)
    lines = [line for line, k in zip(lines, keep) if k]
    if kind == PPS_EXPORT.kind:
        frame, kind = pps_prices(frame, lines, path), "prices"
    for column in _MONEY.get(kind, ()):
        if column in frame:
            frame[column] = frame[column].str.replace(",", "", regex=False)
    frame = derive_optional(kind, frame)
    if kind == "prices":
        # What the table states, before merging works out the ends of superseded notices.
        frame["_stated_to"] = frame["effective_to"] if "effective_to" in frame else ""
    frame["_file"] = str(path)
    frame["_line"] = lines
    frame["_origin"] = "user"
    frame.attrs["set_aside"] = aside
    return kind, frame


def unusable_rows(folder: Path) -> list[tuple[str, int, str]]:
    """(file, line, reason) of every row of the folder's usable tables that no rule can use.

    Rows the validation sets aside are not listed here: ``refdata check`` shows them already."""
    from .validate import check_file, table_files

    found = []
    for path in table_files(folder):
        if any(not f.aside for f in check_file(path, engine="pandas")):
            continue
        kind, frame = load_user_table(path)
        if kind not in JUDGED:
            continue
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
    if "prices" in tables and "prices" in user:
        # A user's notice may end a bundled notice of the same item: the ends are worked out again.
        tables["prices"] = close_superseded(tables["prices"].copy())
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
