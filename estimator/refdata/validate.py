"""``estimator refdata check``: validate reference tables with Great Expectations.

Each table is read as strings (nothing converted behind the user's back), given helper columns
computed with pandas (parsed numbers and dates, whether a unit is known, whether a period
overlaps an earlier one), and checked by a Great Expectations suite built from
``schemas.py``. GX reports the offending rows by DataFrame index; they are turned back into
physical lines of the file so a user can go straight to them.

great_expectations is imported lazily, inside the functions here: it takes a second or two to
import and the verify path must never pay for it.
"""

from __future__ import annotations

import csv
import functools
import io
import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .schemas import BY_KIND, DATE, DECIMAL, INTEGER, SCHEMAS, UNIT, WON, Column, Schema, table_kind

__all__ = ["Failure", "format_failure", "table_kind", "validate_file", "validate_folder"]

# \A...\Z because GX matches with re.search, and "$" would also accept a trailing newline.
_PATTERNS = {
    DECIMAL: r"\A[+-]?(?:\d+(?:\.\d*)?|\.\d+)\Z",
    WON: r"\A(?:\d{1,3}(?:,\d{3})+|\d+)\Z",
    INTEGER: r"\A\d+\Z",
    DATE: r"\A\d{4}-\d{2}-\d{2}\Z",
}

# Helper columns start with this so they cannot collide with a user's column.
_H = "__gx_"


@dataclass(frozen=True)
class Failure:
    file: str  # path as given
    line: int | None  # physical line in the file, header = 1; None for the table as a whole
    column: str | None
    message: str


def format_failure(f: Failure) -> str:
    where = f.file if f.line is None else f"{f.file}:{f.line}"
    return ": ".join([where, *([f.column] if f.column else []), f.message])


# --- Great Expectations, started once per process -------------------------------------------


@functools.cache
def _gx() -> tuple[Any, Any]:
    """The gx module and a batch definition that takes any DataFrame, on one ephemeral context."""
    # Set before import, in case this GX version still reads it when it starts.
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    # Without this every validation draws tqdm "Calculating Metrics" bars on stderr.
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    batch_definition = (
        context.data_sources.add_pandas("refdata")
        .add_dataframe_asset("table")
        .add_batch_definition_whole_dataframe("whole")
    )
    return gx, batch_definition


# --- Reading ---------------------------------------------------------------------------------


def _record_lines(path: Path) -> list[int]:
    """Physical line on which each data record starts; a quoted field may span lines."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return _record_lines_text(handle.read())


def _record_lines_text(text: str) -> list[int]:
    starts: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    previous = 0
    for record in reader:
        if record:  # pandas skips blank lines too
            starts.append(previous + 1)
        previous = reader.line_num
    return starts[1:]


def _read_xlsx(path: Path) -> tuple[pd.DataFrame | None, list[int], Failure | None]:
    """The first sheet of a workbook with the same columns as the CSV tables; rows as Excel numbers them."""
    import python_calamine

    try:
        sheet = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises several types for damaged files
        return None, [], Failure(str(path), None, None, f"not a readable workbook ({type(exc).__name__})")
    if not rows:
        return None, [], Failure(str(path), None, None, "empty workbook: expected a header row of column names")
    header = [_cell_text(c).strip() for c in rows[0]]
    body = [(n, r) for n, r in enumerate(rows[1:], start=2) if any(_cell_text(c).strip() for c in r)]
    frame = pd.DataFrame([[_cell_text(c) for c in r] for _, r in body], columns=header, dtype=str)
    return frame, [n for n, _ in body], None


def _cell_text(value: Any) -> str:
    """A workbook cell as the CSV tables would write it: dates as ISO, whole numbers without '.0'."""
    if value is None:
        return ""
    if hasattr(value, "isoformat") and hasattr(value, "year"):
        return value.isoformat()[:10]
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _read(path: Path) -> tuple[pd.DataFrame | None, list[int], Failure | None]:
    name = str(path)
    with open(path, "rb") as handle:
        head = handle.read(4)
    if head.startswith(b"PK"):
        return _read_xlsx(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        lines = _record_lines(path)
    except UnicodeDecodeError:
        # Korean tools write CP949; read it as such, line numbers as in the file.
        try:
            text = path.read_bytes().decode("cp949")
        except UnicodeDecodeError as exc:
            return None, [], Failure(name, None, None, f"neither UTF-8 nor CP949 text (at byte {exc.start})")
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        lines = _record_lines_text(text)
    except pd.errors.EmptyDataError:
        return None, [], Failure(name, None, None, "empty file: expected a header row of column names")
    except (pd.errors.ParserError, csv.Error) as exc:
        text = str(exc).strip().splitlines()[-1]
        found = re.search(r"line (\d+)", text)
        return None, [], Failure(name, int(found.group(1)) if found else None, None,
                                 f"not a readable CSV table ({text})")
    frame.columns = [str(c).strip() for c in frame.columns]
    if len(lines) != len(frame):
        lines = list(range(2, len(frame) + 2))
    return frame.reset_index(drop=True), lines, None


# --- The checks ------------------------------------------------------------------------------


@dataclass
class _Rule:
    expectation: str  # class name in gx.expectations
    kwargs: dict[str, Any]
    column: str | None  # column a failure is reported against
    message: Callable[[int], str]  # row index -> message
    keep: Callable[[int], bool] = lambda i: True  # which unexpected rows to report


def _number_text(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)


def _expected(col: Column) -> str:
    """What a valid value of ``col`` looks like, for messages."""
    lo = None if col.min is None else int(col.min) if col.min == int(col.min) else col.min
    hi = None if col.max is None else int(col.max) if col.max == int(col.max) else col.max
    if lo is not None and hi is not None:
        bounds = f" from {_number_text(lo)} to {_number_text(hi)}"
    elif lo is not None:
        bounds = f" {'>' if col.min_exclusive else '≥'} {_number_text(lo)}"
    elif hi is not None:
        bounds = f" ≤ {_number_text(hi)}"
    else:
        bounds = ""
    if col.type == DECIMAL:
        return f"a number{bounds}"
    if col.type == WON:
        return f"a whole number of won{bounds} (digits, optionally with thousands commas)"
    if col.type == INTEGER:
        return f"a whole number{bounds}"
    if col.type == DATE:
        return "a real date written YYYY-MM-DD"
    if col.type == UNIT:
        return "a unit the unit registry knows"
    return "text"


def _to_number(values: pd.Series, col: Column) -> pd.Series:
    ok = values.str.fullmatch(_PATTERNS[col.type]).fillna(False).astype(bool)
    cleaned = values.where(ok).str.replace(",", "", regex=False)
    return pd.to_numeric(cleaned, errors="coerce").astype(float)


def _to_date(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values, format="%Y-%m-%d", errors="coerce")


@functools.cache
def _unit_known(text: str) -> bool:
    from estimator.units import parse_unit

    return parse_unit(text).canonical is not None


def _column_rules(col: Column, frame: pd.DataFrame) -> list[_Rule]:
    name = col.name
    raw = frame[name]
    # Blank -> None, which GX's map checks skip; object dtype keeps it None rather than NaN.
    value = raw.astype(object).where(raw.str.strip() != "", None)
    v = f"{_H}v_{name}"
    frame[v] = value
    got = lambda i: f"(got {raw.iat[i]!r})"
    rules: list[_Rule] = []
    if not col.blank:
        rules.append(_Rule("ExpectColumnValuesToNotBeNull", {"column": v}, name,
                           lambda i: f"{name} must not be blank"))
    bad = lambda i: f"{name} must be {_expected(col)} {got(i)}"
    if col.type in (DECIMAL, WON, INTEGER):
        rules.append(_Rule("ExpectColumnValuesToMatchRegex", {"column": v, "regex": _PATTERNS[col.type]},
                           name, bad))
        if col.min is not None or col.max is not None:
            n = f"{_H}n_{name}"
            frame[n] = _to_number(value, col)
            rules.append(_Rule("ExpectColumnValuesToBeBetween",
                               {"column": n, "min_value": None if col.min is None else float(col.min),
                                "max_value": None if col.max is None else float(col.max),
                                "strict_min": col.min_exclusive}, name, bad))
    elif col.type == DATE:
        frame[f"{_H}d_{name}"] = _to_date(value)
        rules.append(_Rule("ExpectColumnValuesToMatchRegex", {"column": v, "regex": _PATTERNS[DATE]},
                           name, bad))
        rules.append(_Rule("ExpectColumnValuesToMatchStrftimeFormat",
                           {"column": v, "strftime_format": "%Y-%m-%d"}, name, bad))
    elif col.type == UNIT:
        u = f"{_H}u_{name}"
        frame[u] = value.map(lambda s: None if pd.isna(s) else _unit_known(s))
        rules.append(_Rule("ExpectColumnValuesToBeInSet", {"column": u, "value_set": [True]}, name, bad))
    if col.values is not None:
        rules.append(_Rule("ExpectColumnValuesToBeInSet", {"column": v, "value_set": list(col.values)}, name,
                           lambda i: f"{name} must be one of {', '.join(col.values)} {got(i)}"))
    return rules


def _key(schema: Schema, present: set[str]) -> list[str] | None:
    for n, key in enumerate(schema.keys):
        if set(key) <= present:
            return list(key)
        last = n == len(schema.keys) - 1
        if last and all(c in present for c in key if c in schema.required):
            return [c for c in key if c in present]
    return None


def _key_rule(schema: Schema, frame: pd.DataFrame, lines: list[int]) -> list[_Rule]:
    key = _key(schema, set(frame.columns))
    if not key:
        return []
    # Report each repeat against the first row with its key, not both rows of every pair.
    first = frame.groupby(key, sort=False, dropna=False).cumcount()
    first_index = frame.reset_index().groupby(key, sort=False, dropna=False)["index"].transform("min")
    label = ",".join(key)

    def message(i: int) -> str:
        shown = ", ".join(f"{c}={frame.at[i, c]!r}" for c in key)
        return f"duplicate key ({shown}): the same as line {lines[first_index.iat[i]]}"

    return [_Rule("ExpectCompoundColumnsToBeUnique", {"column_list": key}, label, message,
                  keep=lambda i: first.iat[i] > 0)]


def _period_rules(schema: Schema, frame: pd.DataFrame, lines: list[int]) -> list[_Rule]:
    start_col, end_col = f"{_H}d_effective_from", f"{_H}d_effective_to"
    if start_col not in frame:
        return []
    rules: list[_Rule] = []
    if end_col in frame:
        rules.append(_Rule(
            "ExpectColumnPairValuesAToBeGreaterThanB",
            {"column_A": end_col, "column_B": start_col, "or_equal": True, "ignore_row_if": "either_value_is_missing"},
            "effective_to",
            lambda i: (f"effective_to must not be before effective_from "
                       f"(got {frame.at[i, 'effective_to']!r} < {frame.at[i, 'effective_from']!r})")))
    if schema.period_key is None:
        return rules
    required = set(schema.required)
    key = [c for c in schema.period_key if c in frame.columns]
    if any(c in required and c not in frame.columns for c in schema.period_key):
        return rules

    starts = frame[start_col]
    ends = frame[end_col] if end_col in frame else pd.Series(pd.NaT, index=frame.index)
    written_ends = frame["effective_to"] if "effective_to" in frame else pd.Series("", index=frame.index)
    periods: dict[tuple, list[tuple[pd.Timestamp, pd.Timestamp | None, int]]] = {}
    for i in range(len(frame)):
        start, end, open_ended = starts.iat[i], ends.iat[i], written_ends.iat[i].strip() == ""
        # A row whose own dates are wrong is reported by the date checks; its period is unknown.
        if pd.isna(start) or (not open_ended and (pd.isna(end) or end < start)):
            continue
        group = tuple(frame[c].iat[i] for c in key)
        periods.setdefault(group, []).append((start, None if open_ended else end, i))
    overlap_with: dict[int, int] = {}
    for rows in periods.values():
        # Sorted by start (then file order), a row overlaps an earlier one exactly when it starts
        # on or before the latest end seen so far; that earlier row is the one to name.
        latest: tuple[pd.Timestamp | None, int] | None = None
        for start, end, i in sorted(rows, key=lambda r: (r[0], r[2])):
            if latest is not None and (latest[0] is None or start <= latest[0]):
                overlap_with[i] = latest[1]
            if latest is None or (latest[0] is not None and (end is None or end > latest[0])):
                latest = (end, i)
    flag = f"{_H}overlaps"
    frame[flag] = [i in overlap_with for i in range(len(frame))]

    def period(i: int) -> str:
        to = frame.at[i, "effective_to"] if "effective_to" in frame else ""
        return f"{frame.at[i, 'effective_from']}..{to.strip() or 'open'}"

    def message(i: int) -> str:
        other = overlap_with[i]
        shown = ", ".join(f"{c}={frame.at[i, c]!r}" for c in key)
        return f"period {period(i)} overlaps line {lines[other]} ({period(other)}) for {shown}"

    rules.append(_Rule("ExpectColumnValuesToBeInSet", {"column": flag, "value_set": [False]}, "effective_from",
                       message))
    return rules


def _rules(schema: Schema, frame: pd.DataFrame, lines: list[int]) -> list[_Rule]:
    rules = [
        _Rule("ExpectColumnToExist", {"column": name}, name,
              lambda i, name=name: f"missing required column {name!r} "
                                   f"(a {schema.kind} table needs {', '.join(schema.required)})")
        for name in schema.required
    ]
    for col in schema.columns:
        if col.name in frame.columns:
            rules.extend(_column_rules(col, frame))
    rules.extend(_key_rule(schema, frame, lines))
    rules.extend(_period_rules(schema, frame, lines))
    for group in schema.one_of:
        present = [c for c in group if c in frame.columns]
        flag = f"{_H}one_of_{'_'.join(group)}"
        frame[flag] = [any(frame[c].iat[i].strip() for c in present) for i in range(len(frame))]
        rules.append(_Rule("ExpectColumnValuesToBeInSet", {"column": flag, "value_set": [True]}, group[0],
                           lambda i, group=group: f"one of {', '.join(group)} must be given"))
    return rules


def _guess(columns: list[str]) -> Schema | None:
    """The kind a table was probably meant to be, when it lacks some required columns."""
    present = set(columns)
    best, best_score = None, 0.5
    for schema in SCHEMAS:
        score = len(present & set(schema.required)) / len(schema.required)
        if score >= best_score and (best is None or score > best_score):
            best, best_score = schema, score
    return best


def _unknown(name: str, columns: list[str]) -> Failure:
    expected = "; ".join(f"{s.kind}: {', '.join(s.required)}" for s in SCHEMAS)
    return Failure(name, None, None,
                   f"not a known kind of reference table (columns: {', '.join(columns) or 'none'}); "
                   f"expected the columns of one of: {expected}")


def _run(frame: pd.DataFrame, rules: list[_Rule], name: str, lines: list[int]) -> list[Failure]:
    gx, batch_definition = _gx()
    suite = gx.ExpectationSuite(name="refdata")
    for n, rule in enumerate(rules):
        suite.add_expectation(getattr(gx.expectations, rule.expectation)(**rule.kwargs, meta={"rule": n}))
    batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
    result = batch.validate(suite, result_format="COMPLETE")
    failures: list[Failure] = []
    for outcome in result.results:
        if outcome.success:
            continue
        rule = rules[outcome.expectation_config.meta["rule"]]
        info = outcome.exception_info or {}
        raised = [info] if "raised_exception" in info else list(info.values())
        errors = [e.get("exception_message", "") for e in raised if isinstance(e, dict) and e.get("raised_exception")]
        if errors:
            failures.append(Failure(name, None, rule.column,
                                    f"check {rule.expectation} could not run: {errors[0].splitlines()[0]}"))
            continue
        if rule.expectation == "ExpectColumnToExist":
            failures.append(Failure(name, None, rule.column, rule.message(-1)))
            continue
        for i in outcome.result.get("unexpected_index_list") or []:
            if rule.keep(i):
                failures.append(Failure(name, lines[i], rule.column, rule.message(i)))
    return failures


def _dedupe(failures: list[Failure]) -> list[Failure]:
    # A value that fails two checks of one rule (e.g. "abc" as a date fails both shape and
    # calendar) is one mistake; the messages are the same, so keep one.
    return list(dict.fromkeys(failures))


def _sort_key(f: Failure) -> tuple[str, int, str, str]:
    return (f.file, -1 if f.line is None else f.line, f.column or "", f.message)


def read_table(path: str | os.PathLike[str]) -> tuple[pd.DataFrame | None, list[int], Failure | None]:
    """A table file (CSV in UTF-8 or CP949, or the first sheet of an xlsx) as text, with each row's line."""
    return _read(Path(path))


def validate_file(path: str | os.PathLike[str]) -> list[Failure]:
    """Every failure of one table (CSV or xlsx), by line; [] when the table is valid."""
    name = str(path)
    frame, lines, failure = _read(Path(path))
    if failure is not None:
        return [failure]
    assert frame is not None
    columns = list(frame.columns)
    kind = table_kind(columns)
    schema = BY_KIND[kind] if kind else _guess(columns)
    if schema is None:
        return [_unknown(name, columns)]
    failures = _run(frame, _rules(schema, frame, lines), name, lines)
    return sorted(_dedupe(failures), key=_sort_key)


def table_files(path: str | os.PathLike[str]) -> list[Path]:
    """The table files below a folder (*.csv and *.xlsx; hidden folders and Excel lock files skipped)."""
    root = Path(path)
    return sorted(p for p in [*root.rglob("*.csv"), *root.rglob("*.xlsx")]
                  if p.is_file() and not p.name.startswith("~$")
                  and not any(part.startswith(".") for part in p.relative_to(root).parts))


def validate_folder(path: str | os.PathLike[str]) -> list[Failure]:
    """Every failure of every table below ``path`` (hidden folders skipped), by file then line."""
    files = table_files(path)
    failures = [f for p in files for f in validate_file(p)]
    return sorted(failures, key=_sort_key)
