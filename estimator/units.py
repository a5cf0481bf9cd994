"""Units as written in Korean public-contract cost estimates.

Unit definitions (dimensions, factors, Korean names) live in
``estimator/data/units.txt``; this module only normalises how a unit is
*written* (full-width forms, ㎥-style symbols, superscripts, case, punctuation
spellings such as ``L.S`` or ``M/M``, leading multipliers such as ``100M2`` or
``천매``) onto the names defined there, and exposes exact Decimal conversions.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from importlib import resources

import pint

__all__ = [
    "Unit",
    "UnitMismatch",
    "compatible",
    "conversion_factor",
    "parse_unit",
    "registry",
]

_ONE = Decimal(1)


class UnitMismatch(ValueError):
    """Raised when two units cannot be converted into each other."""


@dataclass(frozen=True)
class Unit:
    written: str  # as written in the document, stripped
    canonical: str | None  # e.g. "m3", "100 m2", "1000 count"; None when unknown
    kind: str  # "volume", "area", "length", ... or "unknown"
    factor: Decimal  # leading multiplier of a scaled unit (10m -> 10), else 1

    @property
    def known(self) -> bool:
        return self.canonical is not None

    @property
    def base(self) -> str | None:
        """Canonical name without the multiplier ("100 m2" -> "m2")."""
        if self.canonical is None:
            return None
        return self.canonical.rsplit(" ", 1)[-1]


@functools.cache
def registry() -> pint.UnitRegistry:
    """The process-wide registry built from ``data/units.txt``."""
    package = __package__ or "estimator"
    resource = resources.files(package).joinpath("data").joinpath("units.txt")
    with resources.as_file(resource) as path:
        return pint.UnitRegistry(
            str(path),
            non_int_type=Decimal,
            on_redefinition="raise",
            cache_folder=None,
        )


# Dimensionality (as a sorted tuple of (dimension, exponent)) -> kind.
_KINDS: dict[tuple[tuple[str, int], ...], str] = {
    (("[length]", 1),): "length",
    (("[length]", 2),): "area",
    (("[length]", 3),): "volume",
    (("[mass]", 1),): "mass",
    (("[time]", 1),): "time",
    (("[day]", 1),): "day",
    (("[month]", 1),): "month",
    (("[labour]", 1),): "labour",
    (("[labour_month]", 1),): "labour_month",
    (("[count]", 1),): "count",
    (("[timber]", 1),): "timber",
    (("[times]", 1),): "times",
    (("[energy]", 1),): "energy",
    (("[lump_sum]", 1),): "lump_sum",
}

# Written spellings that are not identifiers and so cannot be Pint aliases.
# Keys are already NFKC-folded, space-free and lower case.
_PUNCTUATED = {
    "l.s": "lump_sum",
    "l.s.": "lump_sum",
    "l/s": "lump_sum",
    "lump-sum": "lump_sum",
    "m/m": "man_month",
    "m/d": "man_day",
    "man-day": "man_day",
    "man-month": "man_month",
    "e/a": "count",
    # PPS price lists: metric ton, drum, roll.
    "m/t": "ton",
    "d/m": "count",
    "r/l": "count",
}

# Korean magnitude words used as multipliers ("천매" = 1,000 sheets).
_KOREAN_MAGNITUDE = {"십": 10, "백": 100, "천": 1000, "만": 10000}

_MULTIPLIER_RE = re.compile(
    r"^(?P<num>\d{1,3}(?:,\d{3})+|\d+)?(?P<mag>[십백천만])?(?P<rest>.+)$"
)
# "m^3", "m**2" -> "m3", "m2"
_EXPONENT_RE = re.compile(r"(?:\^|\*\*)([23])$")
_BRACKETS = {"(": ")", "[": "]", "{": "}", "<": ">"}


def _fold(text: str) -> str:
    """Fold a written unit into the lookup form used against the registry."""
    s = unicodedata.normalize("NFKC", text)  # ㎥->m3, Ｍ３->M3, m³->m3, ℓ->l
    s = "".join(s.split())
    while len(s) >= 2 and _BRACKETS.get(s[0]) == s[-1]:
        s = s[1:-1]
    s = s.lower()
    return _EXPONENT_RE.sub(r"\1", s)


@functools.cache
def _lookup(token: str) -> str | None:
    """Registry unit name for a single folded token, or None."""
    if not token:
        return None
    if token in _PUNCTUATED:
        return _PUNCTUATED[token]
    try:
        names = {
            name
            for prefix, name, _suffix in registry().parse_unit_name(
                token, case_sensitive=False
            )
            if not prefix
        }
    except Exception:  # pint raises various errors on odd input
        return None
    return names.pop() if len(names) == 1 else None


@functools.cache
def _kind_of(name: str) -> str:
    dims = registry().get_dimensionality(name)
    key = tuple(sorted((d, int(e)) for d, e in dims.items()))
    return _KINDS.get(key, "unknown")


def _unknown(written: str) -> Unit:
    return Unit(written=written, canonical=None, kind="unknown", factor=_ONE)


def parse_unit(text: str | None) -> Unit:
    """Parse a unit as written in an estimate. Never raises."""
    written = "" if text is None else str(text).strip()
    try:
        token = _fold(written)
        factor = 1
        name = _lookup(token)
        if name is None:
            m = _MULTIPLIER_RE.match(token)
            if m is None or not (m.group("num") or m.group("mag")):
                return _unknown(written)
            if m.group("num"):
                factor = int(m.group("num").replace(",", ""))
            if m.group("mag"):
                factor *= _KOREAN_MAGNITUDE[m.group("mag")]
            name = _lookup(m.group("rest"))
            if name is None or factor == 0:
                return _unknown(written)
        kind = _kind_of(name)
        if kind == "unknown":
            return _unknown(written)
        # A lump sum is one whole item; "2식" has no meaning to convert.
        if kind == "lump_sum" and factor != 1:
            return _unknown(written)
        canonical = name if factor == 1 else f"{factor} {name}"
        return Unit(written=written, canonical=canonical, kind=kind, factor=Decimal(factor))
    except Exception:
        return _unknown(written)


def _as_unit(u: str | Unit | None) -> Unit:
    return u if isinstance(u, Unit) else parse_unit(u)


def _convertible(u: Unit) -> bool:
    if u.base is None or u.kind == "unknown":
        return False
    if u.kind == "lump_sum" and u.factor != 1:
        return False
    return _lookup(u.base.lower()) == u.base


def compatible(a: str | Unit, b: str | Unit) -> bool:
    """True when a quantity in ``a`` can be expressed in ``b``.

    Lump sums (식, L.S, ...) are compatible only with each other; unknown
    units are compatible with nothing, not even themselves.
    """
    ua, ub = _as_unit(a), _as_unit(b)
    if not (_convertible(ua) and _convertible(ub)):
        return False
    reg = registry()
    return reg.get_dimensionality(ua.base) == reg.get_dimensionality(ub.base)


def _clean(d: Decimal) -> Decimal:
    """Drop exponent noise: Decimal('1E+3') -> Decimal('1000')."""
    try:
        if d == d.to_integral_value():
            return d.quantize(_ONE)
    except InvalidOperation:
        pass
    return d.normalize()


def conversion_factor(frm: str | Unit, to: str | Unit) -> Decimal:
    """Exact factor with ``quantity_in_to = quantity_in_frm * factor``.

    Raises UnitMismatch when the units are unknown or of different dimension.
    """
    uf, ut = _as_unit(frm), _as_unit(to)
    if not compatible(uf, ut):
        raise UnitMismatch(
            f"cannot convert {uf.written or uf.canonical!r} "
            f"({uf.kind}) to {ut.written or ut.canonical!r} ({ut.kind})"
        )
    base = registry().Quantity(_ONE, uf.base).to(ut.base).magnitude
    return _clean(Decimal(uf.factor) * Decimal(base) / Decimal(ut.factor))
