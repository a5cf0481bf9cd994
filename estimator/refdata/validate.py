"""Validate reference tables: Great Expectations for ``estimator refdata check``, pandas before a run.

Each table is read as strings (nothing converted behind the user's back), given helper columns
computed with pandas (parsed numbers and dates, whether a unit is known, whether a period
overlaps an earlier one), and checked by a list of rules built from ``schemas.py``. Each rule is
one Great Expectations expectation over those columns; GX reports the offending rows by
DataFrame index, turned back into physical lines of the file so a user can go straight to them.

The same rules have a second engine in plain pandas (``engine="pandas"``): GX needs seconds to
start and about 10 s for the PPS price list, which ``verify --prices`` must not pay. Both engines
evaluate one list of rules, so they cannot drift apart in what they check, only in how;
tests/test_user_tables_fast.py holds them to the same verdicts.

A rule either refuses the table (a *failure*) or sets one row aside (``Failure.aside``: the row is
not used, the table is; see schemas.py).

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
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from .schemas import BY_KIND, DATE, DATETIME, DECIMAL, INTEGER, MONEY, SCHEMAS, UNIT, WON, Column, Schema, table_kind

__all__ = ["Failure", "check_file", "check_folder", "check_table", "format_failure", "table_kind", "validate_file",
           "validate_folder"]

ENGINES = ("gx", "pandas")

# \A...\Z because GX matches with re.search, and "$" would also accept a trailing newline.
_PATTERNS = {
    DECIMAL: r"\A[+-]?(?:\d+(?:\.\d*)?|\.\d+)\Z",
    WON: r"\A(?:\d{1,3}(?:,\d{3})+|\d+)\Z",
    MONEY: r"\A(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\Z",
    INTEGER: r"\A\d+\Z",
    DATE: r"\A\d{4}-\d{2}-\d{2}\Z",
    DATETIME: r"\A\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\Z",
}

# Helper columns start with this so they cannot collide with a user's column.
_H = "__gx_"


@dataclass(frozen=True)
class Failure:
    file: str  # path as given
    line: int | None  # physical line in the file, header = 1; None for the table as a whole
    column: str | None
    message: str
    aside: bool = False  # the row is set aside (not used); the table is still usable


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
    aside: bool = False  # an unexpected row is set aside rather than the table refused


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
    if col.type == MONEY:
        return f"an amount of won{bounds} (digits, optionally with thousands commas and a decimal fraction)"
    if col.type == INTEGER:
        return f"a whole number{bounds}"
    if col.type == DATE:
        return "a real date written YYYY-MM-DD"
    if col.type == DATETIME:
        return "a real date written YYYY-MM-DD, optionally with a time (YYYY-MM-DD HH:MM:SS)"
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


def _is_zero(text: str) -> bool | None:
    """Whether a money value is zero, exactly; None when it is not a money value at all."""
    if not re.fullmatch(_PATTERNS[MONEY], text):
        return None
    return Decimal(text.replace(",", "")) == 0


def _column_rules(col: Column, frame: pd.DataFrame) -> list[_Rule]:
    name = col.name
    raw = frame[name]
    # Blank -> None, which GX's map checks skip; object dtype keeps it None rather than NaN.
    value = raw.astype(object).where(raw.str.strip() != "", None)
    v = f"{_H}v_{name}"
    frame[v] = value
    got = lambda i: f"(got {raw.iat[i]!r})"
    rules: list[_Rule] = []
    if col.blank_aside:
        rules.append(_Rule("ExpectColumnValuesToNotBeNull", {"column": v}, name,
                           lambda i: f"{name} is blank: the row cannot serve as a reference", aside=True))
    elif not col.blank:
        rules.append(_Rule("ExpectColumnValuesToNotBeNull", {"column": v}, name,
                           lambda i: f"{name} must not be blank"))
    bad = lambda i: f"{name} must be {_expected(col)} {got(i)}"
    if col.type in (DECIMAL, WON, MONEY, INTEGER):
        rules.append(_Rule("ExpectColumnValuesToMatchRegex", {"column": v, "regex": _PATTERNS[col.type]},
                           name, bad))
        if col.min is not None or col.max is not None:
            n = f"{_H}n_{name}"
            frame[n] = _to_number(value, col)
            rules.append(_Rule("ExpectColumnValuesToBeBetween",
                               {"column": n, "min_value": None if col.min is None else float(col.min),
                                "max_value": None if col.max is None else float(col.max),
                                "strict_min": col.min_exclusive}, name, bad))
        if col.zero_aside:
            z = f"{_H}z_{name}"
            frame[z] = value.map(lambda s: None if s is None else _is_zero(s))
            rules.append(_Rule("ExpectColumnValuesToBeInSet", {"column": z, "value_set": [False]}, name,
                               lambda i: f"{name} is 0: a zero price is never a reference", aside=True))
    elif col.type in (DATE, DATETIME):
        if col.type == DATE:  # the period rules compare these
            frame[f"{_H}d_{name}"] = _to_date(value)
        rules.append(_Rule("ExpectColumnValuesToMatchRegex", {"column": v, "regex": _PATTERNS[col.type]},
                           name, bad))
        day = v
        if col.type == DATETIME:
            day = f"{_H}day_{name}"
            frame[day] = value.map(lambda s: None if s is None else s[:10])
        rules.append(_Rule("ExpectColumnValuesToMatchStrftimeFormat",
                           {"column": day, "strftime_format": "%Y-%m-%d"}, name, bad))
    elif col.type == UNIT:
        u = f"{_H}u_{name}"
        frame[u] = value.map(lambda s: None if pd.isna(s) else _unit_known(s))
        rules.append(_Rule("ExpectColumnValuesToBeInSet", {"column": u, "value_set": [True]}, name,
                           lambda i: f"{name} {raw.iat[i]!r} is not a unit the unit registry knows", aside=True))
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

    starts = frame[start_col].tolist()
    ends = frame[end_col].tolist() if end_col in frame else [pd.NaT] * len(frame)
    written_ends = frame["effective_to"].tolist() if "effective_to" in frame else [""] * len(frame)
    groups = list(zip(*(frame[c].tolist() for c in key))) if key else [()] * len(frame)
    periods: dict[tuple, list[tuple[pd.Timestamp, pd.Timestamp | None, int]]] = {}
    for i, (start, end, written, group) in enumerate(zip(starts, ends, written_ends, groups)):
        open_ended = written.strip() == ""
        # A row whose own dates are wrong is reported by the date checks; its period is unknown.
        if pd.isna(start) or (not open_ended and (pd.isna(end) or end < start)):
            continue
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
    for aside, groups in ((False, schema.one_of), (True, schema.one_of_aside)):
        for group in groups:
            present = [c for c in group if c in frame.columns]
            flag = f"{_H}one_of_{'_'.join(group)}"
            filled = pd.Series(False, index=frame.index)
            for c in present:
                filled |= frame[c].astype(str).str.strip() != ""
            frame[flag] = filled.tolist()
            rules.append(_Rule("ExpectColumnValuesToBeInSet", {"column": flag, "value_set": [True]}, group[0],
                               lambda i, group=group: f"one of {', '.join(group)} must be given", aside=aside))
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


def _run(frame: pd.DataFrame, rules: list[_Rule], name: str, lines: list[int], engine: str) -> list[Failure]:
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    outcomes = _run_gx(frame, rules) if engine == "gx" else _run_pandas(frame, rules)
    failures: list[Failure] = []
    for rule, outcome in zip(rules, outcomes):
        if outcome is None:
            continue
        if isinstance(outcome, str):
            failures.append(Failure(name, None, rule.column, f"check {rule.expectation} could not run: {outcome}"))
        elif rule.expectation == "ExpectColumnToExist":
            failures.append(Failure(name, None, rule.column, rule.message(-1)))
        else:
            failures.extend(Failure(name, lines[i], rule.column, rule.message(i), aside=rule.aside)
                            for i in outcome if rule.keep(i))
    return failures


# An outcome per rule: None when it passed, the unexpected row indices when it did not (empty for
# a table-level check), or the text of the error that kept it from running.
_Outcome = list[int] | str | None


def _run_gx(frame: pd.DataFrame, rules: list[_Rule]) -> list[_Outcome]:
    gx, batch_definition = _gx()
    suite = gx.ExpectationSuite(name="refdata")
    for n, rule in enumerate(rules):
        suite.add_expectation(getattr(gx.expectations, rule.expectation)(**rule.kwargs, meta={"rule": n}))
    batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
    result = batch.validate(suite, result_format="COMPLETE")
    outcomes: list[_Outcome] = [None] * len(rules)
    for outcome in result.results:
        if outcome.success:
            continue
        n = outcome.expectation_config.meta["rule"]
        info = outcome.exception_info or {}
        raised = [info] if "raised_exception" in info else list(info.values())
        errors = [e.get("exception_message", "") for e in raised if isinstance(e, dict) and e.get("raised_exception")]
        if errors:
            outcomes[n] = errors[0].splitlines()[0]
        else:
            outcomes[n] = list(outcome.result.get("unexpected_index_list") or [])
    return outcomes


def _run_pandas(frame: pd.DataFrame, rules: list[_Rule]) -> list[_Outcome]:
    """The same expectations as GX evaluates them: map checks skip missing values (None, NaN, NaT)."""
    outcomes: list[_Outcome] = []
    for rule in rules:
        kw = rule.kwargs
        if rule.expectation == "ExpectColumnToExist":
            outcomes.append(None if kw["column"] in frame.columns else [])
            continue
        if rule.expectation == "ExpectCompoundColumnsToBeUnique":
            bad = frame.duplicated(subset=kw["column_list"], keep=False)
        elif rule.expectation == "ExpectColumnPairValuesAToBeGreaterThanB":
            a, b = frame[kw["column_A"]], frame[kw["column_B"]]
            present = a.notna() & b.notna()
            bad = present & ~((a >= b) if kw.get("or_equal") else (a > b)).fillna(False)
        else:
            column = frame[kw["column"]]
            present = column.notna()
            if rule.expectation == "ExpectColumnValuesToNotBeNull":
                bad = ~present
            elif rule.expectation == "ExpectColumnValuesToMatchRegex":
                pattern = re.compile(kw["regex"])
                bad = present & ~column.map(lambda s: s is not None and bool(pattern.search(str(s)))).astype(bool)
            elif rule.expectation == "ExpectColumnValuesToBeBetween":
                low, high = kw.get("min_value"), kw.get("max_value")
                inside = pd.Series(True, index=frame.index)
                if low is not None:
                    inside &= (column > low) if kw.get("strict_min") else (column >= low)
                if high is not None:
                    inside &= column <= high
                bad = present & ~inside
            elif rule.expectation == "ExpectColumnValuesToMatchStrftimeFormat":
                form = kw["strftime_format"]
                bad = present & ~column.map(lambda s: s is not None and _parses(str(s), form)).astype(bool)
            elif rule.expectation == "ExpectColumnValuesToBeInSet":
                allowed = kw["value_set"]
                bad = present & ~column.map(lambda s: s in allowed).astype(bool)
            else:  # a rule written for GX only would be silently skipped here: fail loudly instead
                raise NotImplementedError(rule.expectation)
        positions = [i for i, flag in enumerate(bad.tolist()) if flag]
        outcomes.append(positions or None)
    return outcomes


def _parses(text: str, form: str) -> bool:
    try:
        datetime.strptime(text, form)
    except ValueError:
        return False
    return True


def _dedupe(failures: list[Failure]) -> list[Failure]:
    # A value that fails two checks of one rule (e.g. "abc" as a date fails both shape and
    # calendar) is one mistake; the messages are the same, so keep one.
    return list(dict.fromkeys(failures))


def _sort_key(f: Failure) -> tuple[str, int, str, str]:
    return (f.file, -1 if f.line is None else f.line, f.column or "", f.message)


def read_table(path: str | os.PathLike[str]) -> tuple[pd.DataFrame | None, list[int], Failure | None]:
    """A table file (CSV in UTF-8 or CP949, or the first sheet of an xlsx) as text, with each row's line."""
    return _read(Path(path))


def check_table(frame: pd.DataFrame, lines: list[int], name: str, engine: str = "gx") -> list[Failure]:
    """Every failure and every row set aside of a table already read, by line.

    The frame is not changed (helper columns go on a copy)."""
    frame = frame.reset_index(drop=True).copy(deep=False)
    columns = list(frame.columns)
    kind = table_kind(columns)
    schema = BY_KIND[kind] if kind else _guess(columns)
    if schema is None:
        return [_unknown(name, columns)]
    failures = _run(frame, _rules(schema, frame, lines), name, lines, engine)
    return sorted(_dedupe(failures), key=_sort_key)


def check_file(path: str | os.PathLike[str], engine: str = "gx") -> list[Failure]:
    """Every failure and every row set aside of one table (CSV or xlsx), by line."""
    frame, lines, failure = _read(Path(path))
    if failure is not None:
        return [failure]
    assert frame is not None
    return check_table(frame, lines, str(path), engine)


def validate_file(path: str | os.PathLike[str], engine: str = "gx") -> list[Failure]:
    """Every failure of one table (CSV or xlsx), by line; [] when the table is usable.

    Rows set aside are not failures: see ``check_file``."""
    return [f for f in check_file(path, engine) if not f.aside]


def table_files(path: str | os.PathLike[str]) -> list[Path]:
    """The table files below a folder (*.csv and *.xlsx; hidden folders and Excel lock files skipped)."""
    root = Path(path)
    return sorted(p for p in [*root.rglob("*.csv"), *root.rglob("*.xlsx")]
                  if p.is_file() and not p.name.startswith("~$")
                  and not any(part.startswith(".") for part in p.relative_to(root).parts))


def check_folder(path: str | os.PathLike[str], engine: str = "gx") -> list[Failure]:
    """Every failure and row set aside of every table below ``path`` (hidden folders skipped)."""
    return sorted((f for p in table_files(path) for f in check_file(p, engine)), key=_sort_key)


def validate_folder(path: str | os.PathLike[str], engine: str = "gx") -> list[Failure]:
    """Every failure of every table below ``path`` (hidden folders skipped), by file then line."""
    return [f for f in check_folder(path, engine) if not f.aside]
