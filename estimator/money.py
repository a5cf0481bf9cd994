"""Exact money and quantity arithmetic for Korean estimates.

Amounts are integer won. A spreadsheet stores numbers as binary floats, so a cell's float is
read back through its shortest repr (``Decimal(repr(x))``): 0.175 stays 0.175 and
0.175 × 1,330,000 is 232,750, where float arithmetic gives 232,749. Amounts are cut (절사)
toward zero, as 표준품셈 1-2-1 prescribes and as the PPS bid files do for negative quantities
such as a scrap credit (작업설).
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

__all__ = ["NotANumber", "to_decimal", "to_won", "truncate_to", "truncate_won"]


class NotANumber(ValueError):
    """A cell that should hold a number holds text that is not one."""


_BLANK = {"", "-", "−", "–", "—", "\u2012", "－"}
_NEGATIVE_MARKS = ("△", "▲", "-", "−", "－", "–")
_STRIP = str.maketrans({",": None, " ": None, "\u00a0": None, "₩": None, "￦": None, "원": None,
                        "\\": None, "，": None})
_NUMBER = re.compile(r"^\d+(\.\d*)?$|^\.\d+$")


def to_decimal(value: object) -> Decimal | None:
    """A cell's value as an exact Decimal; None for a blank or a dash.

    Accepts ints, floats (through repr), Decimals and Korean number strings: ``1,234``,
    ``₩1,234``, ``(1,234)`` and ``△1,234`` (negative), ``-`` (blank). Raises NotANumber for
    anything else, so that a caller can report the cell instead of guessing.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise NotANumber(str(value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise NotANumber(repr(value))
        if value.is_integer():
            return Decimal(int(value))  # 3.0 is the quantity 3, not "3.0"
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    text = str(value).strip()
    if text in _BLANK:
        return None
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip()
    for mark in _NEGATIVE_MARKS:
        if text.startswith(mark):
            negative, text = not negative, text[len(mark):].strip()
            break
    text = text.removeprefix("+")
    text = text.translate(_STRIP)
    if not _NUMBER.match(text):
        raise NotANumber(str(value))
    try:
        number = Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only valid text
        raise NotANumber(str(value)) from exc
    return -number if negative else number


def truncate_won(amount: Decimal) -> int:
    """Cut below one won, toward zero (절사)."""
    return int(amount.to_integral_value(rounding=ROUND_DOWN))


def round_half_up_won(amount: Decimal) -> int:
    """Rounded half up to the won (half away from zero, as a spreadsheet's ROUND does)."""
    return int(amount.to_integral_value(rounding=ROUND_HALF_UP))


def truncate_to(amount: Decimal, places: int) -> Decimal:
    """Cut below 10**-places toward zero, e.g. 0.1 won inside a breakdown (places=1)."""
    return amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)


def to_won(value: object) -> int | None:
    """A money cell as integer won; fractions of a won are cut toward zero."""
    number = to_decimal(value)
    return None if number is None else truncate_won(number)


def printed_bounds(value: Decimal) -> tuple[Decimal, Decimal]:
    """The values a figure read from print stands for: 0.33 is anything from 0.325 to 0.335,
    854 anything from 853.5 to 854.5 (the digits printed, half a unit of the last either way)."""
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int):
        return value, value
    half = Decimal(5).scaleb(exponent - 1)
    return value - half, value + half


def product_bounds(a: tuple[Decimal, Decimal], b: tuple[Decimal, Decimal]) -> tuple[Decimal, Decimal]:
    """The least and greatest product of two ranges."""
    corners = [x * y for x in a for y in b]
    return min(corners), max(corners)
