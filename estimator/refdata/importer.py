"""Import the 2026 construction standard quantities (건설공사 표준품셈) from its JSON extraction.

Every table of every record is read by one interpreter that understands the book's two table
shapes: *per-unit* tables (``(대당)``: rows of resources with the quantity for one unit of work,
one column per condition) and *daily-output* tables (``(일당)``: a crew with a 시공량 — output per
day — per condition, from which the quantity per unit is derived: 1 특별인부 / 3.6 ㎥ = 0.2778
인/㎥, kept beside the figure as the book states it). Header rows are stacked with merged cells
left empty, so a label is carried right over the cells its merge covered; ditto marks (〃)
repeat the cell above. A table neither shape fits is skipped and counted, never guessed.

    python -m estimator.refdata.importer SOURCE [OUT_DIR]

SOURCE may also be a PPS price export or the KCA wage CSV (a folder of price exports too): the
source is told by its content and those are imported by sources.py into unit_price_tables/.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from ..readers.text import DITTO_MARKS, squash
from ..units import parse_unit
from . import notes
from .kinds import resource_kind

EDITION = "2026"
# The full source is named once in standard_quantities/README.md; each row carries its place in it.
SOURCE = "표준품셈 2026 JSON"
SECTORS = ("공통부문", "토목부문", "건축부문", "기계설비부문", "유지관리부문")
QUANTITY_COLUMNS = ("sector", "item_code", "title", "table", "row", "column", "output_row", "work", "spec", "unit", "resource",
                    "resource_spec", "resource_kind", "resource_unit", "quantity", "figure", "basis", "edition",
                    "page", "includes", "excludes", "provenance")
ADJUSTMENT_COLUMNS = ("sector", "item_code", "kind", "percent", "applies_to", "condition", "text", "edition",
                      "page", "provenance")

_NUMBER = re.compile(r"^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^-?\d*\.?\d+$")
_PER = re.compile(r"^\(\s*([^()]+?)\s*당\s*\)$")
# A caption closing a paragraph names the next table's case: '… 나. 혼합토사 (일당)'.
_CAPTION = re.compile(r"(?:^|\s)(?:[가-하]\.|\d+\)|\(\d+\))\s*([^.()\[\]]{1,30}?)\s*\(\s*([^()]+?)\s*당\s*\)\s*$")
_OUTPUT = re.compile(r"시공량\(?([^()]*)\)?")
_GENERIC = ("구분", "단위", "규격", "수량", "시공량", "비고", "종별", "명칭", "세목", "직종")
DAILY_ROUND = Decimal("0.0001")


@dataclass
class Row:
    sector: str
    item_code: str
    title: str
    table: int
    row: int
    column: int
    output_row: int | str
    work: str
    spec: str
    unit: str
    resource: str
    resource_spec: str
    resource_kind: str
    resource_unit: str
    quantity: str
    figure: str
    basis: str
    page: int
    includes: str = ""
    excludes: str = ""
    provenance: str = ""
    edition: str = EDITION

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in QUANTITY_COLUMNS}


@dataclass
class Report:
    records: int = 0
    tables: int = 0
    tables_read: int = 0
    rows: int = 0
    skipped: dict[str, int] = field(default_factory=dict)

    def skip(self, reason: str) -> None:
        """Count what was left out, by reason; a unit that is not one is grouped under one reason."""
        if reason.startswith("resource unit not a unit"):
            reason = "rows whose resource unit is not a unit of the registry"
        self.skipped[reason] = self.skipped.get(reason, 0) + 1


def clean_title(title: str) -> str:
    """'굴착(인력/토사)('08, '20, 25년 보완)' → '굴착(인력/토사)': revision notes are not the work."""
    return re.sub(r"\s*\((?:'?\d{2}[^)]*(?:보완|신설|개정|폐지)[^)]*)\)\s*$", "", title).strip()


def _name(cell: str) -> str:
    """'특 별 인 부' → '특별인부'; a name written with real spaces keeps them."""
    tokens = cell.split()
    if tokens and all(len(re.sub(r"[()（）]", "", t)) <= 1 for t in tokens):
        return "".join(tokens)
    return " ".join(tokens)


def _is_number(cell: str) -> bool:
    return bool(_NUMBER.match(cell.replace(" ", ""))) if cell else False


def _number(cell: str) -> Decimal:
    return Decimal(cell.replace(",", "").replace(" ", ""))


def _join_split_labels(row: list[str]) -> list[str]:
    """A label the extraction split across a merge ('지주높이' | '4m이하', 'T' | 'ypeⅠ', repeated per
    group) is one phrase over both cells."""
    texts = [c.strip() for c in row]
    out = list(texts)
    for c in range(len(texts) - 1):
        t, nxt = texts[c], texts[c + 1]
        if t and nxt and texts.count(t) >= 2 and texts.count(nxt) == 1 and not _is_number(nxt):
            phrase = t + nxt if len(t) == 1 else f"{t} {nxt}"
            out[c] = out[c + 1] = phrase
    return out


def _fill_headers(header: list[list[str]]) -> list[list[str]]:
    """Carry a label right over the empty cells its horizontal merge left, in all but the last row."""
    filled = [_join_split_labels(r) if i < len(header) - 1 else list(r) for i, r in enumerate(header)]
    for r in range(len(filled) - 1):
        for c in range(1, len(filled[r])):
            below = any(filled[x][c] for x in range(r + 1, len(filled)))
            if not filled[r][c] and filled[r][c - 1] and below:
                filled[r][c] = filled[r][c - 1]
    return filled


def _data_start(rows: list[list[str]]) -> int | None:
    for index, row in enumerate(rows):
        first = next((c for c in row if c), "")
        if first and not _is_number(first) and any(_is_number(c) for c in row[1:]):
            return index
    return None


@dataclass
class _Layout:
    resource: int
    spec: int | None
    unit: int | None
    counts: list[int]  # crew-size columns of a daily table, one per group of output columns
    values: list[int]
    labels: dict[int, str]
    output_unit: str
    daily: bool
    resource_has_unit: bool
    resource_has_spec: bool


def _layout(header: list[list[str]], width: int, per_unit: str | None) -> _Layout | None:
    filled = _fill_headers(header)
    keys = [[squash(filled[r][c]) if c < len(filled[r]) else "" for c in range(width)] for r in range(len(filled))]
    joined = "".join("".join(c.replace(" ", "") for c in r) for r in filled)
    output = _OUTPUT.search(joined)
    daily = output is not None
    column_words = {c: [keys[r][c] for r in range(len(keys)) if keys[r][c]] for c in range(width)}
    resource = 0
    spec = unit = None
    counts: list[int] = []
    has_unit = has_spec = False
    for c, words in column_words.items():
        text = "".join(words)
        if c == resource:
            has_unit = "단위" in text
            has_spec = "규격" in text
            continue
        if "규격" in text and spec is None and not any("시공량" in w for w in words):
            spec = c
        elif text in ("단위", "단위단위") or (words and words[-1] == "단위"):
            unit = c
        elif daily and words and words[-1] == "수량":
            counts.append(c)
    values = [c for c in range(width) if c not in (resource, spec, unit, *counts)
              and "비고" not in "".join(column_words[c])]
    labels = {}
    for c in values:
        words = [w for w in column_words[c] if w and not _generic(w)]
        labels[c] = " ".join(dict.fromkeys(_name(filled[r][c]) for r in range(len(filled))
                                           if squash(filled[r][c]) in words))
    if daily:
        unit_text = output.group(1) if output else ""
        output_unit = unit_text.strip()
    else:
        output_unit = per_unit or ""
    if not output_unit or parse_unit(output_unit).canonical is None:
        return None
    if unit is None and not has_unit:
        return None
    if daily and not counts:
        return None
    return _Layout(resource, spec, unit, counts, values, labels, output_unit, daily, has_unit, has_spec)


def _generic(word: str) -> bool:
    """A header word that names a column's role, or a fragment of one split by the extraction."""
    bare = re.sub(r"\(.*?\)|\(.*$", "", word)
    return (any(word.startswith(g) for g in _GENERIC) or word.startswith("량(") or bare in ("수", "량", "시공", "시")
            or any(g.startswith(bare) or g.endswith(bare) for g in _GENERIC if len(bare) >= 1 and bare))


def _split_resource(cell: str, layout: _Layout) -> tuple[str, str, str]:
    """Resource, spec and unit from a cell that holds more than the name ('특 별 인 부 인', '굴 착 기 1.0㎥')."""
    text = cell.strip()
    unit = spec = ""
    if layout.resource_has_unit and layout.unit is None:
        parts = text.rsplit(" ", 1)
        if len(parts) == 2 and parse_unit(parts[1]).canonical is not None:
            text, unit = parts
    if layout.resource_has_spec and layout.spec is None:
        m = re.search(r"\s(\S*\d\S*)$", text)
        if m:
            text, spec = text[: m.start()], m.group(1)
    return _name(text), spec, unit


def _floor_matrix(record: dict, number: int, rows: list[list[str]], start: int) -> list[Row]:
    """The packaged air-conditioner table (기계설비 8-2-2): one row per output (㎾) with the units
    carried in per batch (반입 대수); columns are floor × number of trips × trade (비계공, 특별인부),
    each the man-days for the batch. The quantity per unit is man-days ÷ units in the batch."""
    header = rows[:start]
    width = max(len(r) for r in rows)
    cell = lambda r, c: header[r][c].strip() if c < len(header[r]) else ""  # noqa: E731
    floors_row = next(r for r in range(len(header)) if any(re.search(r"\d+층|지하", cell(r, c)) for c in range(width)))
    trips_row = next((r for r in range(len(header)) if any(re.fullmatch(r"\d+회", cell(r, c)) for c in range(width))),
                     None)
    trade_rows = [r for r in range(len(header)) if any(cell(r, c) in ("비계", "특별") for c in range(width))]
    trips = [(c, cell(trips_row, c)) for c in range(width) if trips_row is not None and cell(trips_row, c)]
    emitted = []
    title = clean_title(record["it"])
    floor = ""
    for c in range(3, width):
        floor = cell(floors_row, c) or floor
        trade = "".join(cell(r, c) for r in trade_rows) + "".join(cell(r, c) for r in range(trade_rows[-1] + 1, len(header))
                                                                  if cell(r, c) in ("공", "인부"))
        if not trade or not floor:
            continue
        # A trip label sits over the middle of its floors; each floor pair takes the nearest one.
        centre = (c if cell(floors_row, c) else c - 1) + 0.5
        trip = min(trips, key=lambda t: (abs(t[0] - centre), t[0]))[1] if trips else ""
        for offset, raw in enumerate(rows[start:]):
            output, batch, value = raw[0].strip(), raw[1].strip() if len(raw) > 1 else "", raw[c].strip()
            m = re.match(r"([\d.]+)(이하)?(?:(\d+)대분)?", output)
            count = m.group(3) if m and m.group(3) else batch
            if not (m and _is_number(value) and _is_number(count)):
                continue
            quantity = (_number(value) / _number(count)).quantize(DAILY_ROUND, rounding=ROUND_HALF_UP)
            spec = f"{m.group(1)}㎾{' 이하' if m.group(2) else ''}, 반입 {count}대, {floor}, {trip}".strip(", ")
            emitted.append(_row(record, number, start + offset + 1, c, title, spec, "대", trade, "", "인", quantity,
                                f"{value} 인/{count}대 ({floor}, {trip})", "per-unit"))
    return emitted


def read_table(record: dict, number: int, rows: list[list[str]], per_unit: str | None,
               report: Report, caption: str = "") -> list[Row]:
    start = _data_start(rows)
    joined_header = "".join(c.replace(" ", "") for r in rows[: start or 0] for c in r)
    if start and "층별" in joined_header and "대수" in joined_header:
        emitted = _floor_matrix(record, number, [[c or "" for c in r] for r in rows], start)
        if emitted:
            report.tables_read += 1
            return emitted
    if start is None or start == 0:
        report.skip("no header or no numeric rows")
        return []
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    layout = _layout(rows[:start], width, per_unit)
    if layout is None:
        report.skip("neither a per-unit nor a daily-output table")
        return []
    title = clean_title(record["it"])
    emitted: list[Row] = []
    cells_by_row: list[tuple[int, list[str], str, str, str]] = []
    previous = [""] * width
    for offset, raw in enumerate(rows[start:]):
        row_number = start + offset + 1
        cells = [previous[c] if cell.strip() in DITTO_MARKS else cell.strip() for c, cell in enumerate(raw)]
        previous = cells
        resource, spec, unit = _split_resource(cells[layout.resource], layout)
        spec = cells[layout.spec] if layout.spec is not None else spec
        unit = cells[layout.unit] if layout.unit is not None else unit
        cells_by_row.append((row_number, cells, resource, spec, unit))
        if layout.daily or not resource or not unit:
            continue
        # '인/ton' in the unit column: the resource's unit per a work unit of its own.
        work_unit = layout.output_unit
        if "/" in unit:
            left, right = (p.strip() for p in unit.split("/", 1))
            if parse_unit(left).canonical and parse_unit(right).canonical:
                unit, work_unit = left, right
        if parse_unit(unit).canonical is None:
            report.skip(f"resource unit not a unit ('{unit}')" if unit != "%" else "share of another cost (%)")
            continue
        for c in layout.values:
            if not _is_number(cells[c]):
                continue
            quantity = _number(cells[c])
            if quantity <= 0:
                continue
            emitted.append(_row(record, number, row_number, c, title, layout.labels.get(c, ""), work_unit,
                                resource, spec, unit, quantity, f"{cells[c]} {unit}/{work_unit}", "per-unit"))
    if layout.daily:
        emitted += _daily_rows(record, number, title, layout, cells_by_row, report)
    if caption:
        for row in emitted:
            row.spec = f"{caption} {row.spec}".strip()
    if emitted:
        report.tables_read += 1
    else:
        report.skip("no resource rows with quantities")
    return emitted


def _daily_rows(record, number, title, layout, table, report) -> list[Row]:
    """Quantity per unit = crew size ÷ output per day, for each output column and condition.

    Each output column takes its crew size from the nearest 수량 column on its left (tables with
    TypeⅠ/Ⅱ/Ⅲ repeat the pair); '-' means the resource is not in that crew. Where output rows
    exclude each other ('12' | '-' and '-' | '22'), each crew row belongs to its nearest output row.
    """
    condition_cols = [c for c in layout.values
                      if any(row[1][c] and row[1][c] != "-" for row in table)
                      and not any(_is_number(row[1][c]) for row in table)]
    outputs = [c for c in layout.values if c not in condition_cols]
    crew_of = {c: max((k for k in layout.counts if k < c), default=layout.counts[0]) for c in outputs}
    output_rows = {c: [(n, _number(cells[c])) for n, cells, *_ in table if _is_number(cells[c])] for c in outputs}
    exclusive = any(cells[c2] == "-" for c in outputs for n, cells, *_ in table if _is_number(cells[c])
                    for c2 in outputs if c2 != c)
    all_output_rows = sorted({n for rows in output_rows.values() for n, _ in rows})
    emitted = []
    for c in outputs:
        seen: set[tuple[Decimal, str]] = set()
        for output_row, output in output_rows[c]:
            if output <= 0:
                continue
            row_cells = next(cells for n, cells, *_ in table if n == output_row)
            row_condition = " ".join(row_cells[k] for k in condition_cols if row_cells[k] and row_cells[k] != "-")
            # The same output written on several crew rows (a merged cell) is one condition.
            if not exclusive and (output, row_condition) in seen:
                continue
            seen.add((output, row_condition))
            label = " ".join(x for x in (layout.labels.get(c, ""), row_condition) if x)
            for row_number, cells, resource, spec, unit in table:
                count_cell = cells[crew_of[c]]
                if not resource or not _is_number(count_cell) or cells[c] == "-":
                    continue
                if exclusive and min(all_output_rows, key=lambda r: (abs(r - row_number), r)) != output_row:
                    continue
                count = _number(count_cell)
                if count <= 0:
                    continue
                if not unit or parse_unit(unit).canonical is None:
                    report.skip(f"resource unit not a unit ('{unit}')")
                    continue
                quantity = (count / output).quantize(DAILY_ROUND, rounding=ROUND_HALF_UP)
                if quantity == 0:  # a large output: keep the figure visible rather than round it away
                    quantity = (count / output).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)
                figure = f"{count_cell} {unit} → {row_cells[c]} {layout.output_unit}/일"
                emitted.append(_row(record, number, row_number, c, title, label, layout.output_unit, resource, spec,
                                    unit, quantity, figure, "daily-output", output_row=output_row))
    return emitted


def _row(record, table, row, column, title, condition, work_unit, resource, spec, unit, quantity, figure, basis,
         output_row: int | None = None) -> Row:
    where = f"{record['b']} {record['ic']} p.{record['pg']} table {table} row {row} column {column + 1}"
    if output_row is not None and output_row != row:
        where += f" (output from row {output_row})"
    return Row(sector=record["b"], item_code=record["ic"], title=record["it"], table=table, row=row,
               column=column + 1, output_row="" if output_row is None else output_row, work=title, spec=condition, unit=work_unit,
               resource=resource, resource_spec="" if spec in ("-", "−") else spec, resource_kind=resource_kind(resource, unit), resource_unit=unit,
               quantity=_plain(quantity), figure=figure, basis=basis, page=int(record["pg"]),
               provenance=f"{SOURCE}: {where}")


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text if "." not in text else text.rstrip("0").rstrip(".")


def read_record(record: dict, report: Report) -> tuple[list[Row], list[dict]]:
    text = " ".join(b["text"] for b in record.get("bl", []) if b.get("type") == "p")
    includes, excludes = notes.includes_excludes(text)
    rows: list[Row] = []
    per_unit = None
    caption = ""
    number = 0
    for block in record.get("bl", []):
        if block.get("type") == "p":
            paragraph = block["text"].strip()
            match = _PER.match(paragraph)
            tail = _CAPTION.search(paragraph)
            if match:
                per_unit = match.group(1)
            elif tail:
                caption = tail.group(1).strip()
                per_unit = tail.group(2)
            continue
        if block.get("type") != "table":
            continue
        number += 1
        report.tables += 1
        rows += read_table(record, number, block.get("rows", []), per_unit, report, caption)
        caption = ""
    for work, unit, trade, quantity, sentence in notes.separate_quantities(text):
        rows.append(Row(sector=record["b"], item_code=record["ic"], title=record["it"], table=0, row=0, column=0,
                        output_row="",
                        work=work, spec="", unit=unit, resource=trade, resource_spec="",
                        resource_kind="labour", resource_unit="인", quantity=quantity,
                        figure=f"{unit}당 {trade} {quantity}인", basis="per-unit", page=int(record["pg"]),
                        provenance=f"{SOURCE}: {record['b']} {record['ic']} p.{record['pg']} note: {sentence}"))
    for row in rows:
        row.includes = ";".join(includes) if row.table else ""
        row.excludes = ";".join(excludes) if row.table else ""
    adjustments = [{"sector": record["b"], "item_code": record["ic"], "kind": a.kind, "percent": a.percent,
                    "applies_to": a.applies_to, "condition": a.condition, "text": a.text[:300],
                    "edition": EDITION, "page": record["pg"],
                    "provenance": f"{SOURCE}: {record['b']} {record['ic']} p.{record['pg']} notes"}
                   for a in notes.adjustments(text)]
    return rows, adjustments


def import_records(records: list[dict]) -> tuple[list[Row], list[dict], Report]:
    report = Report(records=len(records))
    rows: list[Row] = []
    adjustments: list[dict] = []
    for record in records:
        got, adj = read_record(record, report)
        rows += got
        adjustments += adj
    report.rows = len(rows)
    order = {s: i for i, s in enumerate(SECTORS)}

    def code_key(code: str) -> tuple:
        return tuple(int(p) if p.isdigit() else p for p in re.split(r"[-.]", code))

    rows.sort(key=lambda r: (order.get(r.sector, 99), code_key(r.item_code), r.table, r.row, r.column, r.spec))
    adjustments.sort(key=lambda a: (order.get(a["sector"], 99), code_key(a["item_code"])))
    return rows, adjustments, report


# One file per sector keeps each table small enough to read and diff.
SECTOR_FILES = {"공통부문": "common", "토목부문": "civil", "건축부문": "building", "기계설비부문": "mechanical",
                "유지관리부문": "maintenance"}


def output_names() -> list[str]:
    return [f"construction_{EDITION}_{name}.csv" for name in SECTOR_FILES.values()] + \
        [f"construction_{EDITION}_adjustments.csv"]


def write(rows: list[Row], adjustments: list[dict], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for sector, name in SECTOR_FILES.items():
        with (out / f"construction_{EDITION}_{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=QUANTITY_COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(r.as_dict() for r in rows if r.sector == sector)
    with (out / f"construction_{EDITION}_adjustments.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=ADJUSTMENT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(adjustments)


def main(argv: list[str] | None = None) -> int:
    from ..errors import InputError
    from . import sources

    args = sys.argv[1:] if argv is None else argv
    if not args:
        sys.stderr.write("usage: python -m estimator.refdata.importer SOURCE [OUT_DIR]\n")
        return 2
    source = Path(args[0])
    try:
        kind = sources.detect(source)
        if kind != "pumsem":
            return sources.run(kind, source, Path(args[1]) if len(args) > 1 else None)
    except InputError as exc:
        if argv is not None:  # the CLI prints it, in the user's language
            raise
        sys.stderr.write(f"error: {exc.path}: {exc.reason}\n")
        return 2
    out = Path(args[1]) if len(args) > 1 else Path(__file__).resolve().parents[2] / "standard_quantities"
    records = json.loads(source.read_text(encoding="utf-8"))
    rows, adjustments, report = import_records(records)
    write(rows, adjustments, out)
    skipped = ", ".join(f"{n} {reason}" for reason, n in sorted(report.skipped.items()))
    sys.stdout.write(f"{report.records} records, {report.tables} tables: {report.tables_read} read into "
                     f"{report.rows} rows; skipped: {skipped}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
