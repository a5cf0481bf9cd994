"""Formulas that a workbook stores without their value, found and evaluated exactly.

Excel saves each formula's result beside it; programs that write .xlsx files (openpyxl,
estimating software exports) often do not, and calamine then reads the cell as empty: an
amount ``=D5*E5`` would count as 0 and every check downstream would report a false slip. So an
.xlsx is scanned for formulas with no stored value, and those that are plain arithmetic over
the workbook's own cells are evaluated here, in exact decimals, as the verifier reads any
number. The others are reported so that the reader never takes their cells for blank.

The scan streams each worksheet's XML through defusedxml's parser, and is bounded: a hostile
file cannot make it run away, and when a bound is hit the result says so instead of stopping
silently.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from decimal import (ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_UP, ROUND_UP, Context, Decimal, DecimalException,
                     localcontext)
from pathlib import Path

from defusedxml.ElementTree import DefusedXMLParser, fromstring

from .grid import Grid

__all__ = ["MAX_CELLS", "MAX_CELL_READS", "MAX_FORMULAS", "REASON", "Formulas", "NotEvaluable",
           "evaluate_formula", "fill_formulas", "scan_formulas"]

# Bounds of one workbook's pass. A large real estimate has a few hundred thousand cells.
MAX_CELLS = 3_000_000  # worksheet cells (<c>) examined, over all sheets
MAX_FORMULAS = 200_000  # formulas without a value kept for evaluation
MAX_CELL_READS = 5_000_000  # cells read while evaluating (a range counts each of its cells)
MAX_FORMULA_LENGTH = 8_192  # Excel's own limit; anything longer is not a formula Excel wrote
MAX_DEPTH = 40  # formulas waiting on one another on the call stack before the chain is unwound

REASON = "formula_without_value"  # Unparsed reason of a row holding such a formula

Key = tuple[str, int, int]  # sheet, 1-based row, 1-based column

_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_STRICT_REL_ID = "{http://purl.oclc.org/ooxml/officeDocument/relationships}id"
# A formula not followed by a non-empty <v>: only such a sheet needs the full (slower) parse.
_CANDIDATE = re.compile(rb"(?:</(?:\w+:)?f\s*>|<(?:\w+:)?f(?:\s[^>]*)?/>)(?!\s*<(?:\w+:)?v(?:\s[^>]*)?>[^<])")
_CELL_REF = re.compile(r"^([A-Z]{1,3})([0-9]{1,7})$")


def column_index_from_string(letters: str) -> int:
    """'A' → 1, 'AB' → 28 (openpyxl is imported only when a formula has to be parsed)."""
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index


def get_column_letter(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class NotEvaluable(Exception):
    """A formula this module does not evaluate (text, lookups, errors, other workbooks …)."""


@dataclass
class Scan:
    """Formulas without a stored value, by cell; None where the formula's text is unknown."""

    formulas: dict[Key, str | None] = field(default_factory=dict)
    capped: bool = False


@dataclass
class Formulas:
    """What became of a workbook's formulas without a stored value."""

    values: dict[Key, object] = field(default_factory=dict)  # evaluated, as written into the grids
    failed: list[tuple[Key, str]] = field(default_factory=list)  # (cell, formula), in document order
    without_value: int = 0
    capped: bool = False

    def failed_rows(self) -> set[tuple[str, int]]:
        return {(sheet, row) for (sheet, row, _), _ in self.failed}

    def summary(self) -> dict:
        return {"without_value": self.without_value, "evaluated": len(self.values),
                "not_evaluated": [{"sheet": s, "row": r, "cell": _a1(r, c), "formula": text}
                                  for (s, r, c), text in self.failed],
                "scan_capped": self.capped, "scan_limit": MAX_CELLS}


# --------------------------------------------------------------------------- scanning


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _sheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, zip member) of every worksheet, in workbook order."""
    names = {n.casefold(): n for n in archive.namelist()}

    def read(member: str) -> bytes | None:
        found = names.get(member.casefold())
        return archive.read(found) if found else None

    workbook, rels = read("xl/workbook.xml"), read("xl/_rels/workbook.xml.rels")
    if workbook is None or rels is None:
        return []
    targets = {}
    for rel in fromstring(rels):
        if _local(rel.tag) == "Relationship" and rel.get("Type", "").endswith("/worksheet"):
            target = rel.get("Target", "")
            # Targets are relative to xl/, or absolute inside the package.
            path = (target.lstrip("/") if target.startswith("/")
                    else posixpath.normpath(posixpath.join("xl", target)))
            targets[rel.get("Id")] = names.get(path.casefold())
    parts = []
    for element in fromstring(workbook).iter():
        if _local(element.tag) == "sheet":
            member = targets.get(element.get(_REL_ID) or element.get(_STRICT_REL_ID))
            if member:
                parts.append((element.get("name", ""), member))
    return parts


def _number_attribute(text: str | None, default: int) -> int:
    return int(text) if text and len(text) <= 7 and text.isascii() and text.isdigit() else default


def _position(ref: str | None, row: int, col: int) -> tuple[int, int]:
    match = _CELL_REF.match(ref or "")
    if not match:  # r is optional: a cell without one follows the previous cell of its row
        return row, col + 1
    return int(match.group(2)), column_index_from_string(match.group(1))


def scan_formulas(path: str | Path) -> Scan:
    """Every formula of an .xlsx that has no stored value (a streaming, bounded pass)."""
    scan = Scan()
    cells = 0
    try:
        with zipfile.ZipFile(path) as archive:
            for sheet, member in _sheet_parts(archive):
                data = archive.read(member)
                utf8 = not data.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\x00" not in data[:200]
                if utf8 and not _CANDIDATE.search(data):
                    continue  # no formula lacks its value: the usual case, kept cheap
                cells = _scan_sheet(scan, sheet, data, cells)
                if scan.capped:
                    break
    except Exception:  # noqa: BLE001 - calamine read the file; a part this pass cannot parse
        scan.capped = True  # leaves its formulas unknown, and the flag says the scan stopped short
    return scan


class _Stop(Exception):
    """Raised from inside the parser when a bound is reached."""


class _SheetTarget:
    """Parser target that follows cells, their formula and value, without building a tree."""

    def __init__(self, scan: Scan, sheet: str, cells: int):
        self.scan, self.sheet, self.cells = scan, sheet, cells
        self.masters: dict[str, tuple[str, str]] = {}  # shared formula index -> (text, master cell)
        self.dependants: list[tuple[Key, str]] = []
        self.row = self.col = 0
        self.cell_type: str | None = None
        self.formula: dict | None = None  # the <f> attributes, once seen in the current cell
        self.parts: dict[str, list[str]] = {}  # text of the cell's <f> and <v>
        self.reading: list[str] | None = None

    def start(self, tag: str, attrib: dict) -> None:
        name = _local(tag)
        if name == "row":
            self.row, self.col = _number_attribute(attrib.get("r"), self.row + 1), 0
        elif name == "c":
            self.cells += 1
            if self.cells > MAX_CELLS or len(self.scan.formulas) + len(self.dependants) >= MAX_FORMULAS:
                self.scan.capped = True
                raise _Stop
            self.row, self.col = _position(attrib.get("r"), self.row, self.col)
            self.cell_type, self.formula, self.parts = attrib.get("t"), None, {}
        elif name in ("f", "v", "is"):
            if name == "f":
                self.formula = dict(attrib)
            self.reading = self.parts.setdefault(name, [])

    def data(self, text: str) -> None:
        if self.reading is not None:
            self.reading.append(text)

    def end(self, tag: str) -> None:
        name = _local(tag)
        if name in ("f", "v", "is"):
            self.reading = None
        elif name == "c" and self.formula is not None:
            self.cell()

    def cell(self) -> None:
        formula, key, key_a1 = self.formula, (self.sheet, self.row, self.col), _a1(self.row, self.col)
        kind, text = formula.get("t", "normal"), "".join(self.parts.get("f", []))
        if kind == "shared" and text:
            self.masters[formula.get("si", "")] = (text, key_a1)
        # An empty <v> of a text result is a stored empty string (=IF(…,"",…)), not a missing value.
        value = self.parts.get("v")
        if (value is not None and ("".join(value) or self.cell_type == "str")) or "is" in self.parts:
            return
        if kind == "shared" and not text:
            self.dependants.append((key, formula.get("si", "")))
        elif kind == "dataTable" or (kind == "array" and formula.get("ref", "") not in ("", key_a1)):
            self.scan.formulas[key] = None  # what-if tables and multi-cell arrays are not evaluated
        else:
            self.scan.formulas[key] = "=" + text

    def close(self) -> None:
        return None


def _scan_sheet(scan: Scan, sheet: str, data: bytes, cells: int) -> int:
    target = _SheetTarget(scan, sheet, cells)
    parser = DefusedXMLParser(target=target)
    try:
        parser.feed(data)
        parser.close()
    except _Stop:
        pass
    for key, index in target.dependants:
        scan.formulas[key] = _shifted(target.masters.get(index), key)
    return target.cells


def _a1(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


def _shifted(master: tuple[str, str] | None, key: Key) -> str | None:
    """A shared formula as it reads in a dependant cell: the master's text, references moved."""
    if master is None:
        return None
    try:
        from openpyxl.formula.translate import Translator

        return Translator("=" + master[0], origin=master[1]).translate_formula(_a1(key[1], key[2]))
    except Exception:  # openpyxl raises several types on text it cannot translate
        return None


# --------------------------------------------------------------------------- evaluating

_CONTEXT = Context(prec=50)  # exact for any product of amounts and quantities an estimate holds
_SHEET_REF = re.compile(r"^(?:(?P<sheet>'(?:[^']|'')+'|[^'!\[\]:]+)!)?(?P<ref>[^!]+)$")
_PART = re.compile(r"^\$?([A-Za-z]{1,3})?\$?([0-9]{1,7})?$")
_MAX_ROW, _MAX_COL = 1_048_576, 16_384


@dataclass(frozen=True)
class _Range:
    sheet: str
    top: int
    left: int
    bottom: int
    right: int

    @property
    def single(self) -> bool:
        return self.top == self.bottom and self.left == self.right


class _Deferred(Exception):
    def __init__(self, key: Key):
        self.key = key


class _Book:
    """The cells formulas read: the grids' values, and the formulas without a value."""

    def __init__(self, grids: list[Grid], formulas: dict[Key, str | None]):
        self.grids = {g.name: g for g in grids}
        self.formulas = formulas
        self.sheets = {name.casefold(): name for name in [*self.grids, *(k[0] for k in formulas)]}
        self.extent: dict[str, tuple[int, int]] = {}  # sheet -> (last row, last column) holding anything
        for name, grid in self.grids.items():
            self.extent[name] = (len(grid.rows), max((len(r) for r in grid.rows), default=0))
        for sheet, row, col in formulas:
            last_row, last_col = self.extent.get(sheet, (0, 0))
            self.extent[sheet] = (max(last_row, row), max(last_col, col))
        self.results: dict[Key, object] = {}
        self.failures: set[Key] = set()
        self.active: set[Key] = set()
        self.reads = 0
        self.exhausted = False

    def raw(self, sheet: str, row: int, col: int, depth: int) -> object:
        self.reads += 1
        if self.reads > MAX_CELL_READS:
            self.exhausted = True
            raise NotEvaluable("evaluation bound reached")
        key = (sheet, row, col)
        if key in self.formulas:
            return self.value(key, depth)
        grid = self.grids.get(sheet)
        if grid is None or row > len(grid.rows):
            return None
        return grid.cell(row - 1, col - 1)

    def value(self, key: Key, depth: int = 0) -> object:
        if key in self.results:
            return self.results[key]
        if key in self.failures or key in self.active:  # a failure, or a cycle
            raise NotEvaluable(f"{key} cannot be evaluated")
        if depth > MAX_DEPTH:
            raise _Deferred(key)
        self.active.add(key)
        try:
            result = _Parser(self, key[0], self.formulas[key], depth).result()
        except NotEvaluable:
            self.failures.add(key)
            raise
        finally:
            self.active.discard(key)
        self.results[key] = result
        return result

    def settle(self, key: Key) -> None:
        """Evaluate one formula; long chains are unwound from the far end instead of recursing."""
        pending = [key]
        while pending:
            try:
                self.value(pending[-1])
            except NotEvaluable:
                pass
            except _Deferred as deferred:
                if deferred.key in pending:  # the chain comes back to itself
                    self.failures.add(deferred.key)
                else:
                    pending.append(deferred.key)
                continue
            pending.pop()

    def resolve(self, text: str, here: str) -> _Range:
        simple = _CELL_REF.match(text.replace("$", "").upper())
        if simple:  # the common case, without the general parse
            row, col = int(simple.group(2)), column_index_from_string(simple.group(1))
            if 1 <= row <= _MAX_ROW and col <= _MAX_COL:
                return _Range(here, row, col, row, col)
        match = _SHEET_REF.match(text)
        if not match:
            raise NotEvaluable(f"reference {text}")
        sheet = match.group("sheet")
        if sheet is None:
            sheet = here
        else:
            sheet = sheet[1:-1].replace("''", "'") if sheet.startswith("'") else sheet
            if sheet.startswith("["):
                raise NotEvaluable(f"reference to another workbook {text}")
            if sheet.casefold() not in self.sheets:
                raise NotEvaluable(f"unknown sheet {text}")
            sheet = self.sheets[sheet.casefold()]
        ends = [_PART.match(p) for p in match.group("ref").split(":")]
        if len(ends) > 2 or not all(ends) or any(not (m.group(1) or m.group(2)) for m in ends):
            raise NotEvaluable(f"reference {text}")  # a defined name, or a 3-D reference
        first, last = ends[0], ends[-1]
        if bool(first.group(1)) != bool(last.group(1)) or bool(first.group(2)) != bool(last.group(2)):
            raise NotEvaluable(f"reference {text}")
        if len(ends) == 1 and not (first.group(1) and first.group(2)):
            raise NotEvaluable(f"reference {text}")
        cols = [column_index_from_string(m.group(1).upper()) if m.group(1) else None for m in (first, last)]
        rows = [int(m.group(2)) if m.group(2) else None for m in (first, last)]
        top, bottom = (min(rows), max(rows)) if rows[0] is not None else (1, _MAX_ROW)  # whole columns
        left, right = (min(cols), max(cols)) if cols[0] is not None else (1, _MAX_COL)  # whole rows
        if not (1 <= top and bottom <= _MAX_ROW and 1 <= left and right <= _MAX_COL):
            raise NotEvaluable(f"reference {text}")
        return _Range(sheet, top, left, bottom, right)

    def cells(self, ref: _Range, depth: int):
        """The values of a range's cells that hold anything (empty cells are left out, as SUM does)."""
        last_row, last_col = self.extent.get(ref.sheet, (0, 0))
        for row in range(ref.top, min(ref.bottom, last_row) + 1):
            for col in range(ref.left, min(ref.right, last_col) + 1):
                yield self.raw(ref.sheet, row, col, depth)


def _number(value: object) -> Decimal:
    """A cell's value in arithmetic: empty counts 0, as in Excel; text, dates and booleans are not taken."""
    if value is None or value == "":
        return Decimal(0)
    if isinstance(value, bool):
        raise NotEvaluable("boolean")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))  # the shortest repr is the decimal the user typed
    raise NotEvaluable(f"not a number: {value!r}")


def _in_range(value: object) -> Decimal | None:
    """A range cell inside SUM/MIN/MAX/PRODUCT: numbers count; blanks, text and booleans are skipped."""
    if value is None or isinstance(value, (str, bool)):
        return None
    if isinstance(value, (int, float, Decimal)):
        return _number(value)
    raise NotEvaluable(f"not a number: {value!r}")  # a date: its serial number is not what was meant


def _rounder(mode: str, *, digits_optional: bool = False):
    def apply(args: list[Decimal]) -> Decimal:
        if len(args) != 2 and not (digits_optional and len(args) == 1):
            raise NotEvaluable("wrong number of arguments")
        value = args[0]
        if len(args) == 2 and abs(args[1]) > 1_000:
            raise NotEvaluable("number of digits out of range")
        places = int(args[1]) if len(args) == 2 else 0  # Excel cuts num_digits toward zero
        if places >= -value.as_tuple().exponent:
            return value  # already no finer than asked
        return value.quantize(Decimal(1).scaleb(-places), rounding=mode)
    return apply


def _one(operation):
    def apply(args: list[Decimal]) -> Decimal:
        if len(args) != 1:
            raise NotEvaluable("wrong number of arguments")
        return operation(args[0])
    return apply


def _product(numbers: list[Decimal]) -> Decimal:
    result = Decimal(1)
    for number in numbers:
        result *= number
    return result if numbers else Decimal(0)


_SCALAR = {
    "ROUND": _rounder(ROUND_HALF_UP),  # half away from zero, as Excel rounds
    "ROUNDDOWN": _rounder(ROUND_DOWN),
    "ROUNDUP": _rounder(ROUND_UP),
    "TRUNC": _rounder(ROUND_DOWN, digits_optional=True),
    "INT": _one(lambda x: x.to_integral_value(rounding=ROUND_FLOOR)),
    "ABS": _one(abs),
}
_AGGREGATE = {
    "SUM": lambda numbers: sum(numbers, Decimal(0)),
    "MIN": lambda numbers: min(numbers, default=Decimal(0)),
    "MAX": lambda numbers: max(numbers, default=Decimal(0)),
    "PRODUCT": _product,
}
_BINARY = {"+": 1, "-": 1, "*": 2, "/": 2, "^": 3}  # Excel's precedence; negation binds tighter still


class _Parser:
    """One formula, parsed and evaluated at once over openpyxl's tokens (precedence climbing)."""

    def __init__(self, book: _Book, sheet: str, formula: str | None, depth: int):
        if formula is None or len(formula) > MAX_FORMULA_LENGTH:
            raise NotEvaluable("formula unknown or too long")
        try:
            from openpyxl.formula import Tokenizer

            tokens = Tokenizer(formula).items
        except Exception as exc:  # openpyxl raises TokenizerError and others on malformed text
            raise NotEvaluable(str(exc)) from None
        self.tokens = [t for t in tokens if t.type != "WHITE-SPACE"]
        self.at = 0
        self.book, self.sheet, self.depth = book, sheet, depth

    def result(self) -> object:
        try:
            with localcontext(_CONTEXT):
                value = self.expression(0)
                if self.at != len(self.tokens):
                    raise NotEvaluable("unexpected token")
                if isinstance(value, _Range):  # =B5 shows B5's value, text included
                    if not value.single:
                        raise NotEvaluable("a range as a value")
                    value = self.book.raw(value.sheet, value.top, value.left, self.depth + 1)
                    return Decimal(0) if value is None or value == "" else (
                        value if isinstance(value, str) else _number(value))
                return value
        except (DecimalException, ArithmeticError, RecursionError) as exc:
            raise NotEvaluable(type(exc).__name__) from None

    def peek(self):
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self):
        token = self.peek()
        if token is None:
            raise NotEvaluable("formula ends early")
        self.at += 1
        return token

    def scalar(self, value: object) -> Decimal:
        if isinstance(value, _Range):
            if not value.single:
                raise NotEvaluable("a range in arithmetic")
            return _number(self.book.raw(value.sheet, value.top, value.left, self.depth + 1))
        return value

    def expression(self, floor: int) -> object:
        left = self.unary()
        while (token := self.peek()) is not None and token.type == "OPERATOR-INFIX":
            precedence = _BINARY.get(token.value)
            if precedence is None:
                raise NotEvaluable(f"operator {token.value}")  # & and comparisons give text or booleans
            if precedence < floor:
                break
            self.take()
            right = self.scalar(self.expression(precedence + 1))  # left-associative, ^ too (as Excel)
            left = self.scalar(left)
            if token.value == "+":
                left = left + right
            elif token.value == "-":
                left = left - right
            elif token.value == "*":
                left = left * right
            elif token.value == "/":
                left = left / right
            else:
                left = left ** right
        return left

    def unary(self) -> object:
        token = self.peek()
        if token is not None and token.type == "OPERATOR-PREFIX":
            self.take()
            value = self.scalar(self.unary())
            return -value if token.value == "-" else value
        value = self.primary()
        while (token := self.peek()) is not None and token.type == "OPERATOR-POSTFIX" and token.value == "%":
            self.take()
            value = self.scalar(value) / 100
        return value

    def primary(self) -> object:
        token = self.take()
        if token.type == "OPERAND":
            if token.subtype == "NUMBER":
                return Decimal(token.value)
            if token.subtype == "RANGE":
                return self.book.resolve(token.value, self.sheet)
            raise NotEvaluable(f"{token.subtype.lower()} operand {token.value}")
        if token.type == "PAREN" and token.subtype == "OPEN":
            value = self.expression(0)
            closing = self.take()
            if closing.type != "PAREN":
                raise NotEvaluable("unbalanced parentheses")
            return value
        if token.type == "FUNC" and token.subtype == "OPEN":
            return self.function(token.value[:-1].upper())
        raise NotEvaluable(f"token {token.value}")

    def arguments(self) -> list[object]:
        args: list[object] = []
        if (token := self.peek()) is not None and token.type == "FUNC" and token.subtype == "CLOSE":
            self.take()
            return args
        while True:
            args.append(self.expression(0))
            token = self.take()
            if token.type == "FUNC" and token.subtype == "CLOSE":
                return args
            if token.type != "SEP" or token.subtype != "ARG":
                raise NotEvaluable(f"token {token.value}")

    def function(self, name: str) -> Decimal:
        if name not in _SCALAR and name not in _AGGREGATE:
            raise NotEvaluable(f"function {name}")
        args = self.arguments()
        if name in _SCALAR:
            return _SCALAR[name]([self.scalar(a) for a in args])
        numbers: list[Decimal] = []
        for arg in args:
            if isinstance(arg, _Range):  # a reference, even to one cell, skips blanks and text
                numbers += [n for n in map(_in_range, self.book.cells(arg, self.depth + 1)) if n is not None]
            else:
                numbers.append(arg)
        return _AGGREGATE[name](numbers)


def evaluate_formula(formula: str, cells: dict[str, object] | None = None, sheet: str = "Sheet1") -> object:
    """One formula's value, over ``cells`` such as {"A1": 3, "Sheet2!B3": "=A1*2"} (a test aid).

    Raises NotEvaluable for what this module does not evaluate.
    """
    grids: dict[str, Grid] = {}
    formulas: dict[Key, str | None] = {}
    for ref, value in (cells or {}).items():
        name, _, a1 = ref.rpartition("!")
        name = name.strip("'") or sheet
        col, row = _CELL_REF.match(a1.upper()).groups()
        key = (name, int(row), column_index_from_string(col))
        if isinstance(value, str) and value.startswith("="):
            formulas[key] = value
        else:
            grid = grids.setdefault(name, Grid(name=name, rows=[], row_numbers=[]))
            _put(grid, key[1], key[2], value)
    here = (sheet, 0, 0)
    book = _Book(list(grids.values()), {**formulas, here: formula})
    book.settle(here)
    if here not in book.results:
        raise NotEvaluable(formula)
    return book.results[here]


# --------------------------------------------------------------------------- into the grids


def _put(grid: Grid, row: int, col: int, value: object) -> None:
    while len(grid.rows) < row:  # calamine's grid ends at the last cell holding a value
        grid.rows.append([])
        grid.row_numbers.append(len(grid.rows))
    cells = grid.rows[row - 1]
    cells.extend([None] * (col - len(cells)))
    cells[col - 1] = value
    grid.__dict__.pop("width", None)  # a cached width would no longer cover the new cell


def _cell_value(value: object) -> object:
    """Integral results as int; others as a float only where its repr gives the exact decimal back,
    so that the readers see the types calamine gives them; else the Decimal itself."""
    if not isinstance(value, Decimal):
        return value
    if value == value.to_integral_value():
        return int(value)
    number = float(value)
    return number if Decimal(repr(number)) == value else value


def fill_formulas(path: str | Path, grids: list[Grid]) -> Formulas:
    """Scan an .xlsx for formulas without a value, evaluate them, and write the values into ``grids``."""
    scan = scan_formulas(path)
    book = _Book(grids, scan.formulas)
    outcome = Formulas(without_value=len(scan.formulas), capped=scan.capped)
    order = {name: index for index, name in enumerate(book.grids)}
    for key in sorted(scan.formulas, key=lambda k: (order.get(k[0], len(order)), k[1], k[2])):
        book.settle(key)
        if key in book.results:
            outcome.values[key] = _cell_value(book.results[key])
        else:
            outcome.failed.append((key, scan.formulas[key] or ""))
    for (sheet, row, col), value in outcome.values.items():
        if sheet in book.grids:
            _put(book.grids[sheet], row, col, value)
    outcome.capped = outcome.capped or book.exhausted
    return outcome
