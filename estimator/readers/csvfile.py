"""CSV bills: UTF-8 (with or without BOM) or CP949, the encodings Korean tools write.

A CSV is read as a one-sheet workbook: with the PPS T3 columns (공종번호, 상위공종번호) as a PPS
bill table, like a worksheet that keeps them; otherwise as a bill found by its header. Row
numbers are physical lines with the header as line 1.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..errors import InputError
from ..model import Estimate
from .bill import read_grids
from .grid import Grid
from ..messages import msg


def _decode(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(path, msg("err_csv_encoding"))


def _rows(path: Path, text: str) -> tuple[list[list[str]], list[int]]:
    # The header line decides the delimiter; csv.Sniffer misreads doubled quotes (8"" → 8").
    first = text.split("\n", 1)[0]
    delimiter = max(",\t;", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, numbers = [], []
    line = 1
    try:
        for row in reader:
            rows.append(row)
            numbers.append(line)
            line = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(path, msg("err_csv_malformed", line=line, detail=str(exc))) from None
    return rows, numbers


def read_csv(path: str | Path) -> Estimate:
    path = Path(path)
    rows, numbers = _rows(path, _decode(path))
    if not rows:
        raise InputError(path, msg("err_csv_empty"))
    estimate = Estimate(source=str(path), kind="csv")
    read_grids(estimate, [Grid(name=path.name, rows=[list(r) for r in rows], row_numbers=numbers)])
    return estimate
