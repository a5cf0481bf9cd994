"""Reference prices and wages from their public sources, for ``estimator refdata import``.

Two sources besides the 표준품셈 JSON (importer.py), told apart by their content:

* **PPS price notices** (조달청 가격정보, 시설공통자재): the public-data service's export, one CSV
  per sector, its columns named as the service names them (prceNticeNo, nticeDt, prdctIdntNo,
  krnPrdctNm, unit, prce …). ``pps_prices`` turns it into rows of a prices table; the same function
  converts the export when a user gives it with ``--prices``, so a bundled row and a user's row
  from one notice are identical. Rows priced 0 or not priced are no reference and are left out.
  A notice is in force from its date until the same item's next notice: the files leave
  ``effective_to`` blank and ``close_superseded`` works the end out when the tables are loaded.
* **Construction market wages** (대한건설협회 건설업 임금실태조사 보고서): one row per trade with a
  column per period (``code,job,wage_2025-09-01,…``). Each published wage becomes a row in force
  until the day before the next period starts; the last period is open-ended. A trade without a
  wage in a period has no row for it: nothing is carried forward.

The shared copies in ``../shared/reference-sources/`` are described in its SOURCES.md; a row read
from one of them names the repository, path and commit the copy was taken from, and the copy's
line.
"""

from __future__ import annotations

from functools import lru_cache

import csv
import io
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..messages import msg
from .schemas import PPS_EXPORT, table_kind

PPS_SOURCE = "조달청 가격정보"
PRICE_COLUMNS = ("item", "class_name", "spec", "unit", "price_won", "source", "source_ref", "effective_from",
                 "effective_to", "item_id", "notice_no", "department", "delivery", "provenance")
WAGE_COLUMNS = ("job", "sector", "wage_won", "unit", "effective_from", "effective_to", "source", "source_ref",
                "provenance")
WAGE_FILE = "wages_kca_construction.csv"
WAGE_SOURCE = "대한건설협회 건설업 임금실태조사 보고서"
# Each output file stays below this, so that it can be read, diffed and reviewed like the others.
MAX_FILE_BYTES = 1_000_000

# Where the shared copies were taken from (../shared/reference-sources/SOURCES.md).
_REPOSITORY = "daexung/civilai-construction-risk-agent"
_PPS_FOLDER = "pps-facility-material-prices"
_PPS_ORIGINS = {"civil.csv": "civil_materials.csv", "building.csv": "arch_materials.csv",
                "electrical_ict.csv": "elec_materials.csv", "mechanical.csv": "mech_materials.csv"}
_WAGE_FOLDER = "construction-wages"
_WAGE_COPY = "kca_market_wages_2025H2_2026H2.csv"
# The first two periods are the columns 2025.2/2 and 2026.1/2 of one file; the third was
# transcribed from the report PDF into another file at an earlier commit.
_WAGE_ORIGINS = {
    "2025-09-01": f"{_REPOSITORY} · data/raw/labor_cost/labor_cost_unit_price_2026.csv · b4ec16a6 (column 2025.2/2)",
    "2026-01-01": f"{_REPOSITORY} · data/raw/labor_cost/labor_cost_unit_price_2026.csv · b4ec16a6 (column 2026.1/2)",
    "2026-09-01": f"{_REPOSITORY} · data/rates/labor_rates.json · a2cd7596 (2026 하반기, report pp. 10–13)",
}
_WAGE_COLUMN = re.compile(r"^wage_(\d{4}-\d{2}-\d{2})$")


# --- PPS price notices ------------------------------------------------------------------------


def is_pps_export(columns) -> bool:
    return table_kind([str(c) for c in columns]) == PPS_EXPORT.kind


def _is_copy(path: Path, folder: str, names) -> bool:
    return path.parent.name == folder and path.name in names


def pps_references(path: Path | str, lines: list[int]) -> list[str]:
    """Each price row's source_ref: the original behind a shared copy and the copy's line, or the
    file as given and its line."""
    path = Path(path)
    if _is_copy(path, _PPS_FOLDER, _PPS_ORIGINS):
        prefix = (f"{_REPOSITORY} · data/raw/material_cost/{_PPS_ORIGINS[path.name]} · b4ec16a6 "
                  f"(copy: reference-sources/{_PPS_FOLDER}/{path.name}:")
        return [f"{prefix}{n})" for n in lines]
    return [f"{path}:{n}" for n in lines]


def wage_reference(path: Path, line: int, start: str, code: str) -> str:
    if _is_copy(path, _WAGE_FOLDER, (_WAGE_COPY,)) and start in _WAGE_ORIGINS:
        return (f"{_WAGE_ORIGINS[start]}; copy: reference-sources/{_WAGE_FOLDER}/{path.name}:{line}, "
                f"trade code {code}")
    return f"{path}:{line}, trade code {code}"


def _clean(values: pd.Series) -> pd.Series:
    """The export writes line breaks inside a class name as a literal backslash-n, and pads with
    runs of spaces: one space each, trimmed."""
    text = values.fillna("").astype(str).str.replace("\\n", " ", regex=False)
    return text.str.replace(r"\s+", " ", regex=True).str.strip()


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame:
        return frame[name].fillna("").astype(str)
    return pd.Series([""] * len(frame), index=frame.index, dtype=object)


def pps_prices(frame: pd.DataFrame, lines: list[int], path: Path | str) -> pd.DataFrame:
    """Rows of a prices table (``PRICE_COLUMNS``) from rows of a PPS export, in the same order.

    The caller has already set aside the rows that are no reference (price 0 or blank, unknown
    unit): see ``usable_pps``. ``item`` is the product name, the first comma field of
    krnPrdctNm, and ``spec`` the rest (inner commas kept). Some notices (mostly 기계설비) write
    only the specification in krnPrdctNm ('D65' under the class 자동정유량 밸브), or nothing: without
    a comma, the class names the item and krnPrdctNm is the spec, unless it merely repeats the
    class.
    """
    frame = frame.reset_index(drop=True)
    name = _column(frame, "krnPrdctNm").str.strip()
    class_name = _clean(_column(frame, "prdctClsfcNoNm"))
    parts = name.str.split(",", n=1)
    has_comma = name.str.contains(",", regex=False)
    first = parts.str[0].str.strip()
    rest = parts.str[1].fillna("").str.strip()
    by_class = ~has_comma & (class_name != "")
    item = first.where(~by_class, class_name)
    spec = rest.where(has_comma, name.where(by_class & (name != class_name), ""))
    refs = pps_references(path, lines)
    out = pd.DataFrame({
        "item": item,
        "class_name": class_name,
        "spec": spec,
        "unit": _column(frame, "unit").str.strip(),
        "price_won": _column(frame, "prce").str.strip().str.replace(",", "", regex=False),
        "source": PPS_SOURCE,
        "source_ref": refs,
        "effective_from": _column(frame, "nticeDt").str.strip().str[:10],
        "effective_to": "",
        "item_id": _column(frame, "prdctIdntNo").str.strip(),
        "notice_no": _column(frame, "prceNticeNo").str.strip(),
        "department": _clean(_column(frame, "invstDeptNm")),
        "delivery": _clean(_column(frame, "dlvryCndtnNm")),
        "provenance": "public",
    }, columns=list(PRICE_COLUMNS))
    return out


def usable_pps(frame: pd.DataFrame, lines: list[int], path: Path | str) -> list[bool] | None:
    """Which rows of a PPS export can serve as a reference; None when the export is unusable as a
    whole (a failure ``refdata check`` reports)."""
    from .validate import check_table

    found = check_table(frame, lines, str(path), engine="pandas")
    if any(not f.aside for f in found):
        return None
    dropped = {f.line for f in found}
    return [n not in dropped for n in lines]


def close_superseded(frame: pd.DataFrame) -> pd.DataFrame:
    """Give each open-ended notice of an item the end its next notice sets: the day before it.

    Only rows with an ``item_id`` and no stated ``effective_to`` change; the stated value is kept
    in ``_stated_to``, so the ends can be worked out again when tables are merged (a user's newer
    notice ends a bundled one). Notices of one item on the same day (two departments) share their
    period. Returns the frame, changed in place.
    """
    if frame.empty or "item_id" not in frame or "effective_from" not in frame:
        return frame
    written = _column(frame, "effective_to")
    if "_stated_to" in frame:
        stated = frame["_stated_to"].where(frame["_stated_to"].notna(), written).fillna("").astype(str)
    else:
        stated = written
    frame["_stated_to"] = stated
    ids = _column(frame, "item_id").str.strip()
    sources = _column(frame, "source")
    starts = _column(frame, "effective_from").str.strip()
    notices = pd.DataFrame({"source": sources, "item_id": ids, "start": starts})
    notices = notices[(ids != "") & starts.str.fullmatch(r"\d{4}-\d{2}-\d{2}")].drop_duplicates()
    if notices.empty:
        frame["effective_to"] = stated
        return frame
    notices = notices.sort_values(["source", "item_id", "start"])
    notices["next"] = notices.groupby(["source", "item_id"])["start"].shift(-1)
    # Plain lists: iterating pandas string arrays element by element is many times slower.
    columns = (notices[c].tolist() for c in ("source", "item_id", "start", "next"))
    ends = {(s, i, d): _day_before(n) for s, i, d, n in zip(*columns) if isinstance(n, str)}
    derived = [ends.get(key, "") for key in zip(sources.tolist(), ids.tolist(), starts.tolist())]
    frame["effective_to"] = [s if s.strip() else d for s, d in zip(stated.tolist(), derived)]
    return frame


@lru_cache(maxsize=4096)
def _day_before(iso: str) -> str:
    try:
        return (date.fromisoformat(iso) - timedelta(days=1)).isoformat()
    except ValueError:
        return ""


@dataclass
class PriceReport:
    files: list[str] = field(default_factory=list)
    rows: Counter = field(default_factory=Counter)  # (round, sector) -> rows written
    skipped: Counter = field(default_factory=Counter)  # (round, reason) -> rows left out
    duplicates: int = 0
    written: dict[str, int] = field(default_factory=dict)  # file name -> bytes


def _sector(path: Path) -> str:
    return re.sub(r"[^0-9A-Za-z가-힣]+", "_", path.stem).strip("_") or "prices"


def _reason(message: str) -> str:
    """A set-aside message grouped for counting: 'unit 'xyz' is not …' → 'unit not known'."""
    if "is 0" in message:
        return "priced 0"
    if "is blank" in message:
        return f"{message.split(' ', 1)[0]} blank"
    if "not a unit" in message:
        return "unit not known to the registry"
    return message


def read_pps(path: Path, report: PriceReport) -> pd.DataFrame:
    """One PPS export as prices rows, with ``_round`` and ``_sector``; refused as a whole on a failure."""
    from .validate import check_table, read_table

    frame, lines, failure = read_table(path)
    found = [failure] if failure is not None else check_table(frame, lines, str(path), engine="pandas")
    refuse(path, [f for f in found if not f.aside])
    if table_kind(list(frame.columns)) != PPS_EXPORT.kind:
        raise InputError(path, msg("err_import_not_pps"))
    aside = {f.line: _reason(f.message) for f in found if f.aside}
    months = _column(frame, "nticeDt").str.strip().str[:7]
    for line, month in zip(lines, months):
        if line in aside:
            report.skipped[(month, aside[line])] += 1
    keep = [line not in aside for line in lines]
    rows = pps_prices(frame[keep], [n for n, k in zip(lines, keep) if k], path)
    rows["_round"] = rows["effective_from"].str[:7]
    rows["_sector"] = _sector(path)
    return rows


def refuse(path: Path, failures) -> None:
    """Raise the InputError that refuses a table for its first failure (file, line, column)."""
    if not failures:
        return
    first = failures[0]
    where = ", ".join(x for x in (f"line {first.line}" if first.line else "",
                                  f"column {first.column}" if first.column else "") if x)
    more = msg("err_table_more", count=len(failures) - 1) if len(failures) > 1 else ""
    raise InputError(path, msg("err_table_refused", where=where + ": " if where else "", detail=first.message,
                               more=more))


def _price_order(rows: pd.DataFrame) -> pd.DataFrame:
    # Every column takes part, so that the order never depends on the order files were read in.
    return rows.sort_values(["_round", "_sector", "item", "spec", "unit", "item_id", "effective_from", "notice_no",
                             *[c for c in PRICE_COLUMNS if c not in ("item", "spec", "unit", "item_id",
                                                                       "effective_from", "notice_no")]],
                            kind="stable")


def _csv_text(rows: pd.DataFrame, columns) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows[list(columns)].itertuples(index=False, name=None))
    return buffer.getvalue()


def _chunks(rows: pd.DataFrame, columns) -> list[pd.DataFrame]:
    """The rows in as few consecutive parts as keep each file under MAX_FILE_BYTES."""
    # Row by row, since a quoted cell may hold a line break.
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    sizes = []
    for record in rows[list(columns)].itertuples(index=False, name=None):
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(record)
        sizes.append(len(buffer.getvalue().encode("utf-8")))
    header = len(_csv_text(rows.iloc[0:0], columns).encode("utf-8"))
    parts, start, size = [], 0, header
    for i, n in enumerate(sizes):
        if size + n >= MAX_FILE_BYTES and i > start:
            parts.append(rows.iloc[start:i])
            start, size = i, header
        size += n
    parts.append(rows.iloc[start:])
    return parts


_PRICE_FILE = re.compile(r"^prices_pps_(\d{4}-\d{2})_(.+?)(?:_part(\d+))?\.csv$")


def write_prices(rows: pd.DataFrame, out: Path, report: PriceReport) -> None:
    """prices_pps_<round>_<sector>.csv (``_part<n>`` when one would pass MAX_FILE_BYTES); earlier
    files of the imported sectors are removed first, so a round that is gone leaves no file behind."""
    out.mkdir(parents=True, exist_ok=True)
    sectors = set(rows["_sector"])
    for old in out.glob("prices_pps_*.csv"):
        m = _PRICE_FILE.match(old.name)
        if m and m.group(2) in sectors:
            old.unlink()
    rows = _price_order(rows)
    for (round_, sector), group in rows.groupby(["_round", "_sector"], sort=True):
        parts = _chunks(group, PRICE_COLUMNS)
        for n, part in enumerate(parts, start=1):
            suffix = f"_part{n}" if len(parts) > 1 else ""
            name = f"prices_pps_{round_}_{sector}{suffix}.csv"
            data = _csv_text(part, PRICE_COLUMNS).encode("utf-8")
            (out / name).write_bytes(data)
            report.files.append(name)
            report.written[name] = len(data)
        report.rows[(round_, sector)] += len(group)


def pps_files(source: Path) -> list[Path]:
    if source.is_dir():
        return sorted(p for p in source.glob("*.csv") if p.is_file())
    return [source]


def import_prices(source: Path, out: Path) -> PriceReport:
    report = PriceReport()
    files = pps_files(source)
    if not files:
        raise InputError(source, msg("err_import_no_pps"))
    rows = pd.concat([read_pps(p, report) for p in files], ignore_index=True)
    before = len(rows)
    # The same notice exported twice is one notice (the shared copies were already cleaned).
    rows = rows.drop_duplicates(subset=[c for c in PRICE_COLUMNS if c != "source_ref"]).reset_index(drop=True)
    report.duplicates = before - len(rows)
    write_prices(rows, out, report)
    _check_written(out, report.files)
    return report


def _check_written(out: Path, names) -> None:
    """What was written must pass the validation the verifier applies; a failure is a bug here."""
    from .validate import check_file

    for name in names:
        found = check_file(out / name, engine="pandas")
        if found:
            refuse(out / name, found)


# --- Construction market wages ------------------------------------------------------------------


def _half(start: str) -> str:
    year, month = int(start[:4]), int(start[5:7])
    return f"{year} {'상반기' if month < 7 else '하반기'}"


@dataclass
class WageReport:
    trades: int = 0
    rows: Counter = field(default_factory=Counter)  # period start -> rows
    unpublished: Counter = field(default_factory=Counter)  # period start -> trades without a wage
    never: list[str] = field(default_factory=list)  # trades without a wage in any period


def read_wages(path: Path) -> tuple[list[dict[str, str]], WageReport]:
    """One row per trade and period with a published wage (``WAGE_COLUMNS``)."""
    text = _text(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip() for h in next(reader, [])]
    starts = [m.group(1) for h in header if (m := _WAGE_COLUMN.match(h))]
    if header[:2] != ["code", "job"] or not starts or len(starts) != len(header) - 2:
        raise InputError(path, msg("err_import_source"))
    for start in starts:
        try:
            date.fromisoformat(start)
        except ValueError:
            raise InputError(path, msg("err_table_refused", where="line 1: ",
                                       detail=f"wage_{start} is not a real date YYYY-MM-DD", more="")) from None
    ends = [_day_before(s) for s in starts[1:]] + [""]
    report = WageReport()
    rows: list[tuple[tuple[int, str], dict[str, str]]] = []
    for record in reader:
        line = reader.line_num
        if not any(c.strip() for c in record):
            continue
        if len(record) != len(header):
            raise InputError(path, msg("err_table_refused", where=f"line {line}: ",
                                       detail=f"{len(record)} fields, the header has {len(header)}", more=""))
        code, job, *wages = (c.strip() for c in record)
        report.trades += 1
        published = 0
        for start, end, wage, column in zip(starts, ends, wages, header[2:]):
            if not wage:
                report.unpublished[start] += 1
                continue
            if not re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", wage):
                raise InputError(path, msg("err_table_refused", where=f"line {line}, column {column}: ",
                                           detail=f"{column} must be a whole number of won (got {wage!r})", more=""))
            row = {"job": job, "sector": "건설", "wage_won": wage.replace(",", ""), "unit": "인",
                   "effective_from": start, "effective_to": end, "source": f"{WAGE_SOURCE}, {_half(start)}",
                   "source_ref": wage_reference(path, line, start, code), "provenance": "public"}
            rows.append((_code_key(code), row))
            report.rows[start] += 1
            published += 1
        if not published:
            report.never.append(f"{code} {job}")
    rows.sort(key=lambda pair: (pair[0], pair[1]["job"], pair[1]["effective_from"]))
    return [row for _, row in rows], report


def _code_key(code: str) -> tuple[int, str]:
    return (int(code), code) if code.isdigit() else (10**9, code)


def import_wages(source: Path, out: Path) -> WageReport:
    rows, report = read_wages(source)
    out.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=WAGE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (out / WAGE_FILE).write_bytes(buffer.getvalue().encode("utf-8"))
    _check_written(out, [WAGE_FILE])
    return report


# --- Telling the sources apart ------------------------------------------------------------------


def _text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp949")
        except UnicodeDecodeError:
            raise InputError(path, msg("err_csv_encoding")) from None


def detect(source: Path) -> str:
    """'pumsem' (the 표준품셈 JSON), 'pps' (price exports: a file or a folder of them) or 'wages'."""
    if source.is_dir():
        files = pps_files(source)
        if not files:
            raise InputError(source, msg("err_import_no_pps"))
        for path in files:
            if detect(path) != "pps":
                raise InputError(path, msg("err_import_not_pps"))
        return "pps"
    if not source.is_file():
        raise InputError(source, msg("err_no_such_file"))
    with open(source, "rb") as handle:
        head = handle.read(4096)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] in (b"[", b"{"):
        return "pumsem"
    try:
        first = head.decode("utf-8-sig", errors="ignore").splitlines()[0] if head else ""
    except IndexError:
        first = ""
    header = [c.strip().strip('"') for c in next(csv.reader([first]), [])]
    if is_pps_export(header):
        return "pps"
    if header[:2] == ["code", "job"] and any(_WAGE_COLUMN.match(h) for h in header):
        return "wages"
    raise InputError(source, msg("err_import_source"))


def default_out() -> Path:
    """The bundled unit_price_tables/ folder, found as the loader finds it."""
    from .tables import bundled_folders

    return next(f for f in bundled_folders() if f.name == "unit_price_tables")


def run(kind: str, source: Path, out: Path | None) -> int:
    """Import prices or wages and print what was done."""
    out = out or default_out()
    say = sys.stdout.write
    if kind == "pps":
        report = import_prices(source, out)
        total = sum(report.rows.values())
        rounds = sorted({r for r, _ in report.rows})
        for round_ in rounds:
            written = sum(n for (r, _), n in report.rows.items() if r == round_)
            skipped = {reason: n for (r, reason), n in report.skipped.items() if r == round_}
            left = ", ".join(f"{n} {reason}" for reason, n in sorted(skipped.items())) or "none"
            say(f"round {round_}: {written} rows; left out: {left}\n")
        zero = sum(n for (_, reason), n in report.skipped.items() if reason == "priced 0")
        say(f"{total} price rows in {len(report.files)} files; {zero} priced 0 skipped; "
            f"{sum(report.skipped.values())} rows left out in all; {report.duplicates} exact duplicates dropped\n")
        for name in report.files:
            say(f"  {out / name}: {report.written[name]:,} bytes\n")
        return 0
    report = import_wages(source, out)
    periods = ", ".join(f"{start}: {n} rows ({report.unpublished[start]} trades unpublished)"
                        for start, n in sorted(report.rows.items()))
    never = f"; never published: {', '.join(report.never)}" if report.never else ""
    say(f"{report.trades} trades, {sum(report.rows.values())} wage rows → {out / WAGE_FILE} ({periods}){never}\n")
    return 0
