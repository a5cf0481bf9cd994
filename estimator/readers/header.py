"""Find a bill's column header by its words, whatever its shape.

Real headers come as one row of joined names (``재료비단가``), two rows with merged cells
(``재료비`` over ``단가 | 금액``), three rows (``금액구성`` over ``합계`` over ``단가 | 금액``),
spaced syllables (``품 명``), in any column order, with optional ``No``/``공종`` columns. A column's
meaning is read from the words stacked above it, not from its position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .grid import Grid, is_blank
from .sheetkind import role_from_text
from .text import header_key

MAX_HEADER_ROWS = 3
SEARCH_ROWS = 60

FIELD_WORDS: dict[str, tuple[str, ...]] = {
    "item": ("품명", "품목", "명칭", "품명및규격", "공종명", "공종및품명", "공사명", "항목", "description"),
    "spec": ("규격", "사양", "규격및사양", "규격사양", "형식", "규격및형식"),
    "unit": ("단위", "unit"),
    "quantity": ("수량", "물량", "quantity", "qty"),
    "remarks": ("비고", "적요", "참고", "remarks", "note", "notes"),
    "no": ("no", "번호", "순번", "순위", "일련번호", "itemno", "bidno"),
    "section": ("공종", "공종구분", "공종명칭"),
    "code": ("코드", "품목코드", "code"),
}
_WORD_FIELD = {w: f for f, words in FIELD_WORDS.items() for w in words}

_KIND_PATTERNS = (
    ("material", re.compile(r"재료비|재료")),
    ("labour", re.compile(r"노무비|노무|인건비")),
    ("expense", re.compile(r"경비")),
    ("total", re.compile(r"합계|총액|합|계|total")),
)
_ROLE = re.compile(r"단가|금액|수량|unitprice|price|extendedamount|amount")
_MONEY_WORDS = ("재료비", "노무비", "경비", "합계", "계", "단가", "금액", "금액구성", "공사비", "총액",
                "unitprice", "amount", "extendedamount", "price", "total", "원", "단위원")


@dataclass
class Header:
    """Where the header sits and what each column means."""

    start: int  # index into grid.rows of the first header row
    depth: int
    fields: dict[str, int] = field(default_factory=dict)  # item/spec/unit/quantity/remarks/no/section/code
    # (kind, "price"|"amount"|"quantity") -> column; a kind's own quantity (노무비 › 수량: man-days or
    # the labour quantity) is read beside the line's. Proposed by the words, settled by ``columns``.
    money: dict[tuple[str, str], int] = field(default_factory=dict)
    labels: dict[int, str] = field(default_factory=dict)
    # Every column the words put under a cost kind, in order: what ``columns`` chooses among.
    kind_columns: dict[str, list[int]] = field(default_factory=dict)
    # Columns named by no field or money word (대분류, 품목코드, 변수 …): a program's own fields.
    other_columns: set[int] = field(default_factory=set)

    @property
    def end(self) -> int:
        """Index of the first row below the header."""
        return self.start + self.depth

    @property
    def has_kinds(self) -> bool:
        return any(kind != "total" for kind, _ in self.money)

    def numeric_columns(self) -> list[int]:
        cols = list(self.money.values())
        if "quantity" in self.fields:
            cols.append(self.fields["quantity"])
        return cols


def _money_column(label: str) -> tuple[str, str] | None:
    if label in _WORD_FIELD:
        return None
    roles = list(_ROLE.finditer(label))
    role = None
    if roles:
        word = roles[-1].group(0)
        role = {"단가": "price", "unitprice": "price", "price": "price", "수량": "quantity"}.get(word, "amount")
    # The kind is the last kind word before the role word ("금액구성합계단가" → 합계).
    scope = label[: roles[-1].start()] if roles else label
    kind = None
    best = -1
    for name, pattern in _KIND_PATTERNS:
        for match in pattern.finditer(scope):
            if match.start() > best:
                best, kind = match.start(), name
    if kind is None and role is None:
        return None
    if role == "quantity" and kind in (None, "total"):
        return None  # the line's own 수량 is a field; only a kind's quantity is a money column
    if kind is None:
        kind = "total"
    if role is None:
        role = "amount"
    return kind, role


def _column_labels(grid: Grid, start: int, depth: int, filled: dict) -> dict[int, str]:
    labels: dict[int, str] = {}
    for col in range(grid.width):
        parts: list[str] = []
        for r in range(start, start + depth):
            if r >= len(grid.rows):
                break
            value = filled.get((r, col), grid.cell(r, col))
            if is_blank(value) or not isinstance(value, str):
                continue
            key = header_key(value)
            if key and (not parts or parts[-1] != key):
                parts.append(key)
        if parts:
            labels[col] = "".join(parts)
    return labels


def _fill_without_merges(grid: Grid, start: int, depth: int) -> dict:
    """Spread a kind label rightwards over the 단가/금액 pair below it when no merge is recorded.

    xlsx and xls record merges; a CSV export or a re-typed sheet does not, and leaves
    ``재료비`` above ``단가`` and a blank above ``금액``.
    """
    filled: dict = {}
    last = start + depth - 1
    for r in range(start, last):
        current = None
        for col in range(grid.width):
            value = grid.cell(r, col)
            below = header_key(grid.text(last, col)) if last < len(grid.rows) else ""
            if not is_blank(value):
                current = value if below in ("단가", "금액") else None
            elif current is not None and below in ("단가", "금액"):
                filled[(r, col)] = current
            else:
                current = None
    return filled


def _is_header_like(grid: Grid, index: int, upto: int | None = None) -> bool:
    """A row of header words only (a lower header row, or a header repeated on a new page).

    ``upto``: the last column of the bill's own fields (its 비고); a program's helper columns
    beyond it (할증, OP값, EQ, a count) are not the header's words and do not decide."""
    words = 0
    row = grid.rows[index] if upto is None else grid.rows[index][: upto + 1]
    for value in row:
        if is_blank(value):
            continue
        if not isinstance(value, str) or role_from_text(value) is not None:
            return False  # a document title ('설 계 내 역 서') above a one-row header is not part of it
        key = header_key(value)
        if key in _WORD_FIELD or key in _MONEY_WORDS or _money_column(key) is not None and len(key) <= 8:
            words += 1
        else:
            return False
    return words > 0


def _mapping(grid: Grid, start: int, depth: int) -> Header:
    filled = grid.merged_value_map() if grid.merged else _fill_without_merges(grid, start, depth)
    labels = _column_labels(grid, start, depth, filled)
    header = Header(start=start, depth=depth, labels=labels)
    for col, label in labels.items():
        name = _WORD_FIELD.get(label)
        if name is not None:
            header.fields.setdefault(name, col)
            continue
        money = _money_column(label)
        if money is not None:
            header.kind_columns.setdefault(money[0], []).append(col)
            header.money.setdefault(money, col)
        else:
            header.other_columns.add(col)
    if "item" not in header.fields and "section" in header.fields:
        header.fields["item"] = header.fields.pop("section")
    _prefer_columns_before_remarks(header)
    return header


def _prefer_columns_before_remarks(header: Header) -> None:
    """A money word in a program's helper column beyond 비고 (노임계, 자재계, 금액계상) takes no role
    that a column of the bill itself, before 비고, could have."""
    remarks = header.fields.get("remarks")
    if remarks is None:
        return
    for kind, cols in list(header.kind_columns.items()):
        inside = [c for c in cols if c < remarks]
        if inside and len(inside) < len(cols):
            header.kind_columns[kind] = inside
            header.other_columns.update(c for c in cols if c > remarks)
    for key, col in list(header.money.items()):
        if col < remarks:
            continue
        same = [c for c in header.kind_columns.get(key[0], []) if c < remarks and _role_of(header, c) == key[1]]
        if same:
            header.money[key] = same[0]
        elif any(c < remarks for c in header.kind_columns.get(key[0], [])) or any(
                c < remarks for c in header.money.values()):
            del header.money[key]


def _role_of(header: Header, col: int) -> str | None:
    money = _money_column(header.labels.get(col, ""))
    return money[1] if money else None


def _valid(header: Header, any_money: bool = False) -> bool:
    if "item" not in header.fields or "quantity" not in header.fields:
        return False
    return bool(header.money) if any_money else any(role == "amount" for _, role in header.money)


def _has_anchor(grid: Grid, index: int) -> bool:
    for value in grid.rows[index]:
        if isinstance(value, str) and _WORD_FIELD.get(header_key(value)) in ("item", "quantity"):
            return True
    return False


def _remarks_column(grid: Grid, index: int) -> int | None:
    """The column of the anchor row's 비고, where a bill's own fields end."""
    for col, value in enumerate(grid.rows[index]):
        if isinstance(value, str) and _WORD_FIELD.get(header_key(value)) == "remarks":
            return col
    return None


def find_header(grid: Grid, first: int = 0, stop: int | None = None, any_money: bool = False) -> Header | None:
    """The first row set that names item, quantity and an amount column; None if there is none.

    ``first``/``stop`` bound the search (a breakdown block's own header sits right under its
    title); ``any_money`` accepts a price column alone, as breakdown headers sometimes have.
    """
    stop = min(len(grid.rows), first + SEARCH_ROWS if stop is None else stop)
    for start in range(first, stop):
        if not _has_anchor(grid, start):
            continue
        depth = 1
        upto = _remarks_column(grid, start)
        while (depth < MAX_HEADER_ROWS and start + depth < len(grid.rows)
               and _is_header_like(grid, start + depth, upto)):
            depth += 1
        # The kinds (재료비 · 노무비 …) may stand in a row above the one naming 품명 and 수량: a
        # merged 품명 cell printed or written at its bottom.
        while depth < MAX_HEADER_ROWS and start > first and _is_header_like(grid, start - 1, upto):
            start -= 1
            depth += 1
        header = _mapping(grid, start, depth)
        if _valid(header, any_money):
            return header
    return None


def is_repeated_header(grid: Grid, index: int, header: Header) -> bool:
    """A page-break copy of the header inside the body."""
    # Header rows hold words only; most body rows have a figure and are told at once.
    remarks = header.fields.get("remarks")
    row = grid.rows[index] if remarks is None else grid.rows[index][: remarks + 1]
    if any(type(v) in (int, float) for v in row) or not _is_header_like(grid, index, remarks):
        return False
    keys = {header_key(grid.text(index, c)) for c in range(grid.width)} - {""}
    return bool(keys & {"품명", "수량", "단위", "단가", "금액"}) and len(keys) >= 2
