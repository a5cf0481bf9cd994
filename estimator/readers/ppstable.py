"""The PPS bill table (T3) of a bid file: from the .BID XML, its CSV export, or a worksheet that
keeps the PPS columns (공종번호, 상위공종번호 …), all read with the same group semantics.

Each T3 record has a 공종번호 and the 상위공종번호 of the record above it. A record that is some
record's parent is a group (a heading or a group total), never a line; its total, when not 0,
must equal the sum of its children. Provisional sums (PS, 안전관리비, 품질관리비) carry an amount
without a unit price by design.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError
from ..model import COST_KINDS, Estimate, Line, Location, Money, SheetAccount, StatedTotal, Unparsed
from ..money import NotANumber, to_decimal, truncate_won
from .grid import Grid
from ..messages import msg

FIELDS = ("세부공사번호", "공종번호", "상위공종번호", "구분", "항목유형", "코드", "표준시장단가코드", "레벨",
          "품명", "규격", "단위", "수량",
          "재료비단가", "노무비단가", "경비단가", "합계단가", "재료비금액", "노무비금액", "경비금액", "합계금액")
# 항목유형 codes for sums that are provisional by design (PS, PS내역, 안전관리비, 품질관리비, PS안전관리비).
PROVISIONAL_TYPES = {"4", "7", "9", "18", "20"}
_PROVISIONAL_WORDS = ("PS", "안전관리비", "품질관리비")


@dataclass
class Record:
    row: int  # what a person looks for: position among T3 rows (.BID) or physical CSV line
    values: dict[str, str]


def _money(record: Record) -> Money:
    money = Money()
    for kind in (*COST_KINDS, "total"):
        label = {"material": "재료비", "labour": "노무비", "expense": "경비", "total": "합계"}[kind]
        for role, word in (("price", "단가"), ("amount", "금액")):
            number = to_decimal(record.values.get(label + word, "") or None)
            setattr(money, f"{kind}_{role}", None if number is None else truncate_won(number))
    return money


def read_records(estimate: Estimate, records: list[Record], sheet: str, account: SheetAccount | None = None) -> None:
    """Lines and group totals from T3 records; every record is accounted for."""
    from ..units import parse_unit

    if account is None:
        account = SheetAccount(name=sheet, role="bill", nonempty_rows=len(records))
    estimate.sheets.append(account)
    key = lambda r: (r.values.get("세부공사번호", ""), r.values.get("공종번호", ""))
    parents = {(r.values.get("세부공사번호", ""), r.values.get("상위공종번호", "")) for r in records}
    by_key: dict[tuple[str, str], Line | StatedTotal] = {}
    names: dict[tuple[str, str], tuple[str, ...]] = {}
    parsed: list[tuple[Record, Line | StatedTotal]] = []
    for record in records:
        v = record.values
        location = Location(estimate.source, sheet, record.row)
        attributes = {"세부공사번호": v.get("세부공사번호", ""), "공종번호": v.get("공종번호", ""),
                      "상위공종번호": v.get("상위공종번호", ""), "항목유형": v.get("항목유형", ""),
                      "구분": v.get("구분", ""), "레벨": v.get("레벨", "")}
        try:
            money = _money(record)
            quantity = to_decimal(v.get("수량", "") or None)
        except NotANumber as exc:
            estimate.unparsed.append(Unparsed(sheet, record.row, f"not a number: '{exc}'"))
            account.add("unparsed", sheet, row=record.row)
            continue
        parent_key = (v.get("세부공사번호", ""), v.get("상위공종번호", ""))
        path = names.get(parent_key, ())
        item = v.get("품명", "").strip()
        entry: Line | StatedTotal
        if key(record) in parents:
            entry = StatedTotal(location=location, label=item, level="group", money=money, attributes=attributes)
            names[key(record)] = (*path, item)
            estimate.totals.append(entry)
            account.add("groups", sheet, row=record.row)  # a 상위공종: the row heads the rows beneath it
        else:
            unit = v.get("단위", "").strip()
            provisional = (v.get("항목유형", "") in PROVISIONAL_TYPES
                           or any(word in item.upper() for word in _PROVISIONAL_WORDS))
            entry = Line(location=location, section=path, item=item, spec=v.get("규격", "").strip(), unit=unit,
                         unit_normalised=parse_unit(unit).canonical if unit else None, quantity=quantity,
                         money=money, code=v.get("코드", "").strip(), provisional=provisional or money.amount_only,
                         lump_sum=money.amount_only, attributes=attributes)
            estimate.lines.append(entry)
            account.add("lines", sheet, row=record.row)
        by_key[key(record)] = entry
        parsed.append((record, entry))
    for record, entry in parsed:
        parent = by_key.get((record.values.get("세부공사번호", ""), record.values.get("상위공종번호", "")))
        if isinstance(parent, StatedTotal) and parent is not entry:
            parent.children.append(entry)


def field_name(label: object) -> str:
    """A column label as its T3 field name: exports append explanations, '항목유형(0=일반,1=공종,…)'."""
    return str(label or "").strip().lstrip("\ufeff").split("(")[0].strip()


def is_pps_header(labels: list[object]) -> bool:
    names = {field_name(label) for label in labels}
    return "공종번호" in names and "상위공종번호" in names


def require_columns(path: object, header: list[object]) -> dict[str, int]:
    """Map the T3 field names to columns (a CSV export's or a workbook's header row)."""
    columns: dict[str, int] = {}
    for index, label in enumerate(header):
        name = field_name(label)
        if name in FIELDS and name not in columns:
            columns[name] = index
    missing = [f for f in ("공종번호", "상위공종번호", "품명", "수량", "합계금액") if f not in columns]
    if missing:
        raise InputError(path, msg("err_pps_columns", columns=", ".join(missing)))
    return columns


HEADER_SEARCH_ROWS = 30


def find_pps_header(grid: Grid) -> int | None:
    """The index of a row of PPS column labels near the top of a sheet, if the sheet has one."""
    for index in range(min(HEADER_SEARCH_ROWS, len(grid.rows))):
        if is_pps_header(grid.rows[index]):
            return index
    return None


def read_pps_grid(estimate: Estimate, grid: Grid, header_index: int, account: SheetAccount) -> None:
    """A worksheet or CSV that keeps the PPS columns, read as the T3 table it is."""
    columns = require_columns(estimate.source, grid.rows[header_index])
    for i in range(header_index):
        if not grid.is_blank(i):
            account.add("titles", grid.name, row=grid.row_numbers[i])
    account.add("headers", grid.name, row=grid.row_numbers[header_index])
    records = [Record(row=grid.row_numbers[i],
                      values={f: grid.text(i, c) for f, c in columns.items()})
               for i in range(header_index + 1, len(grid.rows)) if not grid.is_blank(i)]
    read_records(estimate, records, grid.name, account)
