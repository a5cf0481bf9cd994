"""Cells we write never become live formulas.

A spreadsheet treats text that begins with ``=``, ``+``, ``-`` or ``@`` as a formula when it is
typed or imported (CSV injection); an item name in a hostile estimate could be
``=HYPERLINK("http://…","x")``. Every text cell we write is therefore a string cell, and one that
begins with such a character also carries Excel's quote prefix, so that editing the cell keeps it
text. Text such as ``-`` or ``-20℃`` stays exactly as written and readable.
"""

from __future__ import annotations

from decimal import Decimal

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def risky(text: str) -> bool:
    return text.startswith(TRIGGERS)


def put(sheet, row: int, column: int, value, number_format: str | None = None):
    """Write ``value`` into a cell: numbers as numbers, text always as text."""
    cell = sheet.cell(row=row, column=column)
    if value is None:
        return cell
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, float)):
        text = str(value)
        cell.value = text
        cell.data_type = "s"  # assigned after the value: openpyxl would read "=…" as a formula
        if risky(text):
            cell.quotePrefix = True
        return cell
    cell.value = value
    if number_format:
        cell.number_format = number_format
    return cell
