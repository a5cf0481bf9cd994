from decimal import Decimal

import pytest

from estimator.units import (
    Unit,
    UnitMismatch,
    compatible,
    conversion_factor,
    parse_unit,
    registry,
)

SPELLINGS = [
    # volume
    ("㎥", "m3", "volume"),
    ("m3", "m3", "volume"),
    ("M3", "m3", "volume"),
    ("m³", "m3", "volume"),
    ("Ｍ３", "m3", "volume"),
    ("m^3", "m3", "volume"),
    ("루베", "m3", "volume"),
    # area
    ("㎡", "m2", "area"),
    ("m2", "m2", "area"),
    ("M2", "m2", "area"),
    ("m²", "m2", "area"),
    ("㎠", "cm2", "area"),
    # length
    ("m", "m", "length"),
    ("M", "m", "length"),
    ("㎝", "cm", "length"),
    ("cm", "cm", "length"),
    ("CM", "cm", "length"),
    ("㎜", "mm", "length"),
    ("mm", "mm", "length"),
    ("MM", "mm", "length"),
    ("ＭＭ", "mm", "length"),
    ("Mm", "mm", "length"),  # case-folded: never mega-metre
    ("㎞", "km", "length"),
    ("km", "km", "length"),
    ("KM", "km", "length"),
    # mass
    ("㎏", "kg", "mass"),
    ("kg", "kg", "mass"),
    ("KG", "kg", "mass"),
    ("ton", "ton", "mass"),
    ("TON", "ton", "mass"),
    ("t", "ton", "mass"),
    ("톤", "ton", "mass"),
    ("g", "g", "mass"),
    # litre
    ("ℓ", "L", "volume"),
    ("L", "L", "volume"),
    ("l", "L", "volume"),
    ("리터", "L", "volume"),
    # labour
    ("인", "man_day", "labour"),
    ("인일", "man_day", "labour"),
    ("M/D", "man_day", "labour"),
    ("M/M", "man_month", "labour_month"),
    ("m/m", "man_month", "labour_month"),
    ("인월", "man_month", "labour_month"),
    # time
    ("hr", "hour", "time"),
    ("HR", "hour", "time"),
    ("h", "hour", "time"),
    ("시간", "hour", "time"),
    ("분", "minute", "time"),
    ("일", "day", "day"),
    ("월", "month", "month"),
    ("개월", "month", "month"),
    # counted items
    ("개", "count", "count"),
    ("EA", "count", "count"),
    ("ea", "count", "count"),
    ("E/A", "count", "count"),
    ("매", "count", "count"),
    ("장", "count", "count"),
    ("본", "count", "count"),
    ("대", "count", "count"),
    ("기", "count", "count"),
    ("조", "count", "count"),
    ("SET", "count", "count"),
    ("set", "count", "count"),
    ("세트", "count", "count"),
    ("면", "count", "count"),
    ("개소", "count", "count"),
    ("구", "count", "count"),
    ("쌍", "count", "count"),
    ("짝", "count", "count"),
    ("롤", "count", "count"),
    ("권", "count", "count"),
    # occurrences
    ("회", "times", "times"),
    # lump sums
    ("식", "lump_sum", "lump_sum"),
    ("일식", "lump_sum", "lump_sum"),
    ("1식", "lump_sum", "lump_sum"),
    ("L.S", "lump_sum", "lump_sum"),
    ("LS", "lump_sum", "lump_sum"),
    ("l.s", "lump_sum", "lump_sum"),
    ("L.S.", "lump_sum", "lump_sum"),
]


@pytest.mark.parametrize("written,canonical,kind", SPELLINGS)
def test_spellings(written, canonical, kind):
    u = parse_unit(written)
    assert u.canonical == canonical
    assert u.kind == kind
    assert u.factor == 1
    assert u.written == written


def test_written_is_stripped_and_inner_spaces_ignored():
    u = parse_unit("  M 3 ")
    assert u.written == "M 3"
    assert u.canonical == "m3"
    assert parse_unit("\u3000㎥\u3000").canonical == "m3"  # ideographic space
    assert parse_unit("(㎥)").canonical == "m3"


SCALED = [
    ("10m", "10 m", "length", 10),
    ("10M", "10 m", "length", 10),
    ("100m", "100 m", "length", 100),
    ("100M2", "100 m2", "area", 100),
    ("100 M2", "100 m2", "area", 100),
    ("100㎡", "100 m2", "area", 100),
    ("1000m3", "1000 m3", "volume", 1000),
    ("1,000m3", "1000 m3", "volume", 1000),
    ("천매", "1000 count", "count", 1000),
    ("1,000매", "1000 count", "count", 1000),
    ("100개", "100 count", "count", 100),
    ("100 EA", "100 count", "count", 100),
    ("10회", "10 times", "times", 10),
    ("1m", "m", "length", 1),
]


@pytest.mark.parametrize("written,canonical,kind,factor", SCALED)
def test_scaled_units(written, canonical, kind, factor):
    u = parse_unit(written)
    assert (u.canonical, u.kind, u.factor) == (canonical, kind, Decimal(factor))
    assert isinstance(u.factor, Decimal)


@pytest.mark.parametrize(
    "text", [None, "", "   ", "foo", "원", "%", "100", "0m", "2식", "m/s", "ms"]
)
def test_unknown_never_raises(text):
    u = parse_unit(text)
    assert u.canonical is None
    assert u.kind == "unknown"
    assert u.factor == 1


def test_parse_none_and_empty():
    assert parse_unit(None) == Unit("", None, "unknown", Decimal(1))
    assert parse_unit("").kind == "unknown"


def test_registry_is_cached():
    assert registry() is registry()


def test_m_is_never_mega():
    assert conversion_factor("M", "m") == 1
    assert conversion_factor("MM", "m") == Decimal("0.001")


def test_count_words_convert_one_to_one():
    words = ["개", "EA", "ea", "매", "장", "본", "대", "기", "조", "SET", "세트", "면", "개소"]
    for a in words:
        for b in words:
            assert compatible(a, b)
            assert conversion_factor(a, b) == 1


def test_volume_spellings_are_equal():
    for a in ["㎥", "M3", "m3", "m³"]:
        for b in ["㎥", "M3", "m3", "m³"]:
            assert conversion_factor(a, b) == 1


@pytest.mark.parametrize(
    "frm,to,factor",
    [
        ("㎞", "m", "1000"),
        ("m", "㎞", "0.001"),
        ("㎝", "m", "0.01"),
        ("㎜", "m", "0.001"),
        ("ton", "kg", "1000"),
        ("TON", "㎏", "1000"),
        ("kg", "g", "1000"),
        ("t", "kg", "1000"),
        ("100m", "m", "100"),
        ("m", "10m", "0.1"),
        ("100M2", "㎡", "100"),
        ("1000m3", "m3", "1000"),
        ("천매", "매", "1000"),
        ("천매", "EA", "1000"),
        ("100개", "10개", "10"),
        ("m3", "L", "1000"),
        ("리터", "㎥", "0.001"),
        ("㎡", "㎠", "10000"),
        ("시간", "분", "60"),
        ("HR", "min", "60"),
        ("인", "인일", "1"),
    ],
)
def test_conversion_factor(frm, to, factor):
    f = conversion_factor(frm, to)
    assert isinstance(f, Decimal)
    assert f == Decimal(factor)
    assert str(f) == factor  # exact and without exponent noise


def test_conversion_factor_accepts_unit_objects():
    assert conversion_factor(parse_unit("100M"), parse_unit("㎞")) == Decimal("0.1")
    assert compatible(parse_unit("개"), "EA")


def test_lump_sums_only_match_each_other():
    lump = ["식", "일식", "1식", "L.S", "LS", "l.s"]
    for a in lump:
        for b in lump:
            assert compatible(a, b)
            assert conversion_factor(a, b) == 1
    for other in ["m", "m2", "m3", "kg", "개", "EA", "인", "hr", "일", "월", "회", "M/M"]:
        for a in lump:
            assert not compatible(a, other)
            assert not compatible(other, a)
            with pytest.raises(UnitMismatch):
                conversion_factor(a, other)
            with pytest.raises(UnitMismatch):
                conversion_factor(other, a)


@pytest.mark.parametrize(
    "a,b",
    [
        ("m", "m2"),
        ("m2", "m3"),
        ("kg", "m3"),
        ("L", "kg"),
        ("개", "m"),
        ("회", "개"),  # occurrences are not pieces
        ("회", "EA"),
        ("인", "M/M"),  # no man-day <-> man-month ratio is assumed
        ("인", "hr"),
        ("일", "hr"),  # a working day is not 24 h
        ("월", "일"),
        ("월", "hr"),
        ("M/M", "월"),
    ],
)
def test_incompatible(a, b):
    assert not compatible(a, b)
    assert not compatible(b, a)
    with pytest.raises(UnitMismatch):
        conversion_factor(a, b)


def test_unknown_units_are_never_compatible():
    assert not compatible("foo", "foo")
    assert not compatible(None, "m")
    assert not compatible("", "")
    with pytest.raises(UnitMismatch):
        conversion_factor("foo", "m")
    with pytest.raises(ValueError):  # UnitMismatch is a ValueError
        conversion_factor("m", None)


def test_times_and_month_are_recognised_but_self_contained():
    assert conversion_factor("회", "회") == 1
    assert conversion_factor("10회", "회") == 10
    assert conversion_factor("월", "개월") == 1
    assert parse_unit("월").kind == "month"
