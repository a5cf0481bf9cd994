"""Reading cells back exactly, for the tests that check the workbook builders themselves."""

from decimal import ROUND_DOWN, Decimal


def trunc(x: Decimal) -> int:
    return int(x.to_integral_value(rounding=ROUND_DOWN))


def number(value: object) -> Decimal:
    """A numeric cell as an exact Decimal; blank reads as 0."""
    if value is None:
        return Decimal(0)
    assert isinstance(value, (int, float)) and not isinstance(value, bool), repr(value)
    return Decimal(value) if isinstance(value, int) else Decimal(repr(value))


def won(value: object) -> int:
    d = number(value)
    assert d == d.to_integral_value(), value
    return int(d)


def text(value: object) -> str:
    return "" if value is None else str(value).strip()
