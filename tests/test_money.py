from decimal import Decimal

import pytest

from estimator.money import NotANumber, to_decimal, to_won, truncate_to, truncate_won


@pytest.mark.parametrize("text, expected", [
    ("1,234", Decimal(1234)),
    ("₩1,234", Decimal(1234)),
    ("￦ 1,234원", Decimal(1234)),
    ("(1,234)", Decimal(-1234)),
    ("△1,234", Decimal(-1234)),
    ("▲ 500", Decimal(-500)),
    ("-1,234.5", Decimal("-1234.5")),
    ("0.175", Decimal("0.175")),
    ("  12  ", Decimal(12)),
])
def test_korean_number_strings(text, expected):
    assert to_decimal(text) == expected


@pytest.mark.parametrize("blank", [None, "", "  ", "-", "—", "－"])
def test_blanks_and_dashes_are_no_number(blank):
    assert to_decimal(blank) is None


@pytest.mark.parametrize("text", ["1식", "abc", "1,2,3a", "제3호표", True])
def test_text_is_refused_not_guessed(text):
    with pytest.raises(NotANumber):
        to_decimal(text)


def test_float_cells_are_read_through_repr():
    # 0.175 × 1,330,000 is 232,750; in binary floating point it is 232,749.99…
    assert int(0.175 * 1330000) == 232749
    assert truncate_won(to_decimal(0.175) * to_decimal(1330000.0)) == 232750


def test_truncation_is_toward_zero():
    assert truncate_won(Decimal("1234.99")) == 1234
    assert truncate_won(Decimal("-14.246") * 385000) == -5484710  # 작업설 in the PPS file
    assert truncate_won(Decimal("-0.9")) == 0
    assert truncate_to(Decimal("123.456"), 1) == Decimal("123.4")
    assert truncate_to(Decimal("-123.456"), 1) == Decimal("-123.4")


def test_to_won():
    assert to_won("1,234.9") == 1234
    assert to_won(None) is None
    assert to_won(2014420.0) == 2014420
