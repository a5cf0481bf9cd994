"""Match estimate lines and breakdown rows to reference rows, as an engineer reads them.

Names vary (``터파기(인력)``, ``인력터파기``, ``터 파 기``), specs vary (``Φ114.3x4.5t`` vs
``φ114.3×4.5T``, ``H=4.5m`` vs ``4.5M``), units vary (``개``/``EA``/``매``, ``㎥``/``M3``). Text is
normalised, compared with rapidfuzz on its words (order-free but length-aware, so ``관로 터파기``
is not ``터파기``), units must be compatible through the unit registry, and figures in a spec
must satisfy the reference's conditions (``H=8m`` vs ``10kW 이하``, ``6~12이하``). The score and
the matched key go into the evidence; a weak or ambiguous match is reported as unmatched.

Figures in a spec are identity, not wording: ``D15`` is not ``D20``, ``18x1220x2440`` is
``18×1220×2440mm``, ``1.5mm²`` is ``1.5㎟``. A reference whose figure the estimate contradicts is
never a candidate, however alike the words; one whose figure the estimate does not state stays a
candidate, so that several of them (D50 … D200 for a valve with no size) make the match ambiguous
rather than a guess.
"""

from __future__ import annotations

from collections import Counter

import re
import unicodedata
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache

from rapidfuzz import fuzz

from . import vocabulary
from .units import compatible, parse_unit

MIN_SCORE = 80.0
NEAR_SCORE = 65.0  # below MIN_SCORE but close enough to report as a weak match, never to use
MARGIN = 5.0

_BRACKETS = str.maketrans({c: " " for c in "()[]{}<>（）［］【】〈〉「」/·ㆍ,_-:;"})
_TIMES = re.compile(r"(?<=\d)\s*[x×X*]\s*(?=\d)")
_DIAMETER = str.maketrans({"Φ": "φ", "ø": "φ", "Ø": "φ", "⌀": "φ", "ф": "φ", "∮": "φ"})


@lru_cache(maxsize=65536)
def _words(text: str) -> tuple[str, ...]:
    return tuple(_split_words(text))


def words(text: str) -> list[str]:
    """Normalised words (cached: reference names are compared many times in a run)."""
    return list(_words(text or ""))


_phrase_pattern: tuple[object, re.Pattern | None] = (None, None)


def _phrases(text: str) -> str:
    """Qualified names that mean one word only together ('cctv 지주' → 'cctv 폴'), from the vocabulary."""
    global _phrase_pattern
    current = vocabulary.current()
    if _phrase_pattern[0] is not current:
        alternatives = "|".join(re.escape(p) for p in current.phrases)
        _phrase_pattern = (current, re.compile(rf"(?<![가-힣a-z0-9])({alternatives})(?![가-힣])")
                           if alternatives else None)
    pattern = _phrase_pattern[1]
    return pattern.sub(lambda m: current.phrases[m.group(1)], text) if pattern else text


def vocabulary_changed() -> None:
    """Forget what was normalised with the previous vocabulary."""
    _words.cache_clear()
    name_score.cache_clear()
    _spec_words.cache_clear()


def _split_words(text: str) -> list[str]:
    """Normalised words: NFKC, lower case, brackets and punctuation as spaces, syllable spacing
    joined ('터 파 기' → 터파기), synonyms mapped to one word."""
    text = unicodedata.normalize("NFKC", text or "").translate(_DIAMETER).lower()
    text = _phrases(_TIMES.sub("x", text)).translate(_BRACKETS)
    tokens = [t.strip(".") for t in text.split() if t.strip(".")]
    joined: list[str] = []
    run: list[str] = []
    for token in tokens + [""]:
        if len(token) == 1 and re.match(r"[가-힣]", token):
            run.append(token)
            continue
        if run:
            joined.append("".join(run) if len(run) > 1 else run[0])
            run = []
        if token:
            joined.append(token)
    synonyms = vocabulary.current().synonyms
    return [synonyms.get(t, t) for t in joined]


_STOPWORDS = {"및", "또는", "등", "의"}
_QUALIFIER = re.compile(r"[(（\[][^)）\]]*[)）\]]")


def _score_words(wa: list[str], wb: list[str]) -> float:
    if not wa or not wb:
        return 0.0
    return max(fuzz.token_sort_ratio(" ".join(sorted(wa)), " ".join(sorted(wb))),
               fuzz.ratio("".join(sorted(wa)), "".join(sorted(wb))),
               fuzz.ratio("".join(wa), "".join(wb)))


_ACTIONS = {"설치", "해체", "철거", "공사", "작업", "시공"}


@lru_cache(maxsize=262144)
def name_score(a: str, b: str) -> float:
    """0–100: word-order-free similarity that still penalises extra words on either side; a
    reference's bracketed qualifier ('되메우기 및 다짐(소형장비)') may be left out by the estimate.
    Two names of several words that share few of their nouns ('CCTV 카메라 설치', 'CCTV 폴 설치')
    name different things, however alike the strings."""
    wa = [w for w in words(a) if w not in _STOPWORDS]
    wb = [w for w in words(b) if w not in _STOPWORDS]
    core = [w for w in words(_QUALIFIER.sub(" ", b or "")) if w not in _STOPWORDS]
    score = max(_score_words(wa, wb), _score_words(wa, core))
    na, nb = {w for w in wa if w not in _ACTIONS}, {w for w in core if w not in _ACTIONS}
    if len(na) >= 2 and len(nb) >= 2 and len(na & nb) / len(na | nb) < 0.5:
        score *= 0.85
    return score


@dataclass(frozen=True)
class Condition:
    """A figure a reference spec requires: ``16이하`` → (None, 16]; ``6~12이하`` → [6, 12]; ``8m`` → 8."""

    low: Decimal | None
    high: Decimal | None
    unit: str

    def holds(self, value: Decimal) -> bool:
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)


_RANGE = re.compile(r"(\d+(?:\.\d+)?)\s*(?:~|∼|-)\s*(\d+(?:\.\d+)?)\s*([a-zA-Z㎥㎡㎏㎾]*)\s*(?:이하)?")
_BOUND = re.compile(r"(\d+(?:\.\d+)?)\s*([a-zA-Z㎥㎡㎏㎾]*)\s*(이하|미만|이상|초과)")
_FIGURE = re.compile(r"(?:[hH]\s*=\s*)?(\d+(?:\.\d+)?)\s*([a-zA-Z㎥㎡㎏㎾]+)")


def conditions(spec: str) -> list[Condition]:
    text = unicodedata.normalize("NFKC", spec or "")
    found = []
    for m in _RANGE.finditer(text):
        found.append(Condition(Decimal(m.group(1)), Decimal(m.group(2)), m.group(3).lower()))
    rest = _RANGE.sub(" ", text)
    for m in _BOUND.finditer(rest):
        value, bound = Decimal(m.group(1)), m.group(3)
        low = value if bound in ("이상", "초과") else None
        high = value if bound in ("이하", "미만") else None
        found.append(Condition(low, high, m.group(2).lower()))
    rest = _BOUND.sub(" ", rest)
    for m in _FIGURE.finditer(rest):
        value = Decimal(m.group(1))
        found.append(Condition(value, value, m.group(2).lower()))
    return found


def figures(spec: str) -> list[tuple[Decimal, str]]:
    """Figures written in an estimate spec: 'H=8m' → [(8, 'm')], '10kW' → [(10, 'kw')]."""
    text = unicodedata.normalize("NFKC", spec or "")
    return [(Decimal(m.group(1)), m.group(2).lower()) for m in _FIGURE.finditer(text)]


@dataclass(frozen=True)
class Figure:
    """One figure of a spec, normalised: ``D15`` → label d, value 15; ``1.5mm²`` → unit mm2;
    ``18×1220×2440mm`` → label ×3 with three values; ``4.5∼6.0mm`` → the range [4.5, 6.0] mm."""

    label: str  # d (D, Φ, DN, 40A), t, h, w, m (bolts), # …; ×N for a dimension pattern a×b×…
    unit: str  # mm, m, mm2, kv, kg/m3, 급, 종 …; blank when the label says what it is
    values: tuple[Decimal, ...] = ()  # a point: one value; 0.6/1kV: two; a pattern: its dimensions
    low: Decimal | None = None  # a range or bound (values empty)
    high: Decimal | None = None
    low_open: bool = False
    high_open: bool = False
    text: str = ""
    grouped: bool = False  # one of several figures joined by × (M10×25mm, 1C×120㎟)

    @property
    def is_range(self) -> bool:
        return not self.values

    def interval(self) -> tuple[Decimal | None, Decimal | None, bool, bool] | None:
        if self.is_range:
            return self.low, self.high, self.low_open, self.high_open
        return (self.values[0], self.values[0], False, False) if len(self.values) == 1 else None


_NUM = r"\d+(?:\.\d+)?"
# A unit written right after its number: mm, kv, mm2, m3, kg/m3, l/min, %; the 2 or 3 of an area
# or volume only when no digit follows (23kV1C is 23 kV and 1 C, not 23 kV1).
_LATIN = r"[a-zφ%]+(?:[23](?![\d.]))?(?:/[a-z]+(?:[23](?![\d.]))?)?"
_SPACED = r"mm2|mm|cm|m2|m3|m|kw|kv|kg|mpa|sq|v"  # units also written after a space ('16 kW')
_BOUNDS = r"이하|이상|미만|초과"
_PART = re.compile(
    rf"(?:(?P<label>(?<![a-z0-9.#/])(?:[a-z]{{1,3}}#?|#|φ))(?:\s*=\s*)?)?"
    rf"(?<![\d.])(?P<num>{_NUM}(?:/{_NUM})*)"
    rf"(?:\s*~\s*(?P<high>{_NUM}))?"
    rf"(?:(?P<unit>{_LATIN})|\s(?P<spaced>{_SPACED})(?![a-z0-9])|(?P<hangul>(?!{_BOUNDS})[가-힣]{{1,2}}))?"
    rf"(?:\s*(?P<bound>{_BOUNDS}))?")
_BETWEEN = re.compile(rf"(?P<low>{_NUM})\s*(?P<lop>≤|<)\s*(?P<label>[a-z])\s*(?P<hop>≤|<)\s*(?P<high>{_NUM})"
                      rf"\s*(?P<unit>{_LATIN})?")
# × between two figures, however written (x, X, ×, *; with or without spaces, 'W70 x H40').
_CROSS = re.compile(r"(\d(?:[a-zφ]{1,3}[23]?)?)\s*[x×*]\s*(?=(?:[a-z]{1,3}|φ)?\s*=?\s*\d)")
_LENGTHS = {"", "mm", "cm", "m"}


def _canonical(label: str, unit: str) -> tuple[str, str]:
    """One spelling per kind: Φ15mm = D15 = DN15 = 15A = 14Φ-style; 2.7T = t2.7 = t2.7mm; 2.5SQ = 2.5mm²."""
    label = {"φ": "d", "dn": "d"}.get(label, label)
    unit = {"sq": "mm2", "㎟": "mm2"}.get(unit, unit)
    if not label and unit in ("φ", "a"):
        label, unit = "d", ""
    elif not label and unit in ("t", "h"):
        label, unit = unit, ""
    if label in ("d", "t") and unit in ("", "mm"):
        unit = ""
    return label, unit


def _normalised(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").translate(_DIAMETER).lower()
    text = text.replace("∼", "~").replace("〜", "~")
    return _CROSS.sub(r"\1×", text)


@lru_cache(maxsize=131072)
def spec_figures(text: str) -> tuple[Figure, ...]:
    """The figures of a spec (or an item name and spec), normalised for comparison."""
    text = _normalised(text)
    found: list[Figure] = []
    for m in _BETWEEN.finditer(text):
        label, unit = _canonical(m.group("label"), m.group("unit") or "")
        found.append(Figure(label, unit, (), Decimal(m.group("low")), Decimal(m.group("high")),
                            m.group("lop") == "<", m.group("hop") == "<", m.group(0).strip()))
    text = _BETWEEN.sub(" ", text)
    parts: list[tuple[re.Match, Figure]] = []
    for m in _PART.finditer(text):
        label = m.group("label") or ""
        unit = m.group("unit") or m.group("spaced") or m.group("hangul") or ""
        label, unit = _canonical(label, unit)
        number, high, bound = m.group("num"), m.group("high"), m.group("bound")
        written = m.group(0).strip()
        if high is not None:
            figure = Figure(label, unit, (), Decimal(number) if "/" not in number else None, Decimal(high),
                            text=written)
        elif bound and "/" not in number:
            value = Decimal(number)
            figure = Figure(label, unit, (), value if bound in ("이상", "초과") else None,
                            value if bound in ("이하", "미만") else None, bound == "초과", bound == "미만", written)
        else:
            figure = Figure(label, unit, tuple(Decimal(v) for v in number.split("/")), text=written)
        parts.append((m, figure))
    # Parts joined by × make one group; its plain lengths are one pattern (18×1220×2440mm), its
    # labelled parts (W500×150H×1.2t, M16×50mm, 1C×120㎟) stay figures of their own.
    groups: list[list[tuple[re.Match, Figure]]] = []
    for m, figure in parts:
        if groups and re.fullmatch(r"\s*×\s*", text[groups[-1][-1][0].end():m.start()]):
            groups[-1].append((m, figure))
        else:
            groups.append([(m, figure)])
    for group in groups:
        if len(group) > 1:
            group = [(m, replace(f, grouped=True)) for m, f in group]
        plain = [f for _, f in group if not f.label and f.unit in _LENGTHS and len(f.values) == 1]
        if len(plain) >= 2:
            text_of = text[group[0][0].start():group[-1][0].end()].strip()
            found.append(Figure(f"×{len(plain)}", "", tuple(f.values[0] for f in plain), text=text_of))
            found.extend(f for _, f in group if f not in plain)
        else:
            found.extend(f for _, f in group)
    return tuple(found)


def _millimetres(figure: Figure) -> bool:
    return figure.grouped and ((not figure.label and figure.unit in ("", "mm"))
                               or (figure.label == "t" and not figure.unit))


def _same_kind(reference: Figure, estimate: Figure) -> bool:
    """Whether two figures say the same kind of thing, so that different values contradict."""
    if reference.label.startswith("×") or estimate.label.startswith("×"):
        return reference.label == estimate.label
    if reference.is_range and not reference.label and not reference.unit:
        # A bare range ('6~12이하') bounds whatever figure with a unit the estimate gives.
        return bool(estimate.unit or estimate.label) and len(estimate.values) <= 1
    if _millimetres(reference) and _millimetres(estimate):
        # Inside a × group a bare number is in millimetres (M10×25mm = M10x25), and after a size it
        # is the wall or thickness a t states (Φ20×2.8mm against D20x3T).
        return True
    if reference.unit != estimate.unit:
        return False
    # 'H=8m' and '8M' are the same height; 'D15' and 'W15' are not the same anything.
    return reference.label == estimate.label or (bool(reference.unit)
                                                  and not (reference.label and estimate.label))


def _within(estimate: Figure, reference: Figure) -> bool:
    if not reference.is_range:
        return estimate.values == reference.values
    inner = estimate.interval()
    if inner is None:
        return False
    low, high, low_open, high_open = inner
    if reference.low is not None:
        if low is None or low < reference.low or (low == reference.low and reference.low_open
                                                  and not low_open):
            return False
    if reference.high is not None:
        if high is None or high > reference.high or (high == reference.high and reference.high_open
                                                     and not high_open):
            return False
    return True


@dataclass(frozen=True)
class Agreement:
    """How an estimate's figures meet a reference's: contradicted, agreed, or not stated."""

    conflict: Figure | None = None
    agreed: tuple[Figure, ...] = ()
    missing: tuple[Figure, ...] = ()  # the reference's figures the estimate does not state
    closed: bool = False  # an agreed figure falls in a closed range ('6~12이하')
    exact: int = 0  # agreed figures that are the same value (not merely within a range or bound)
    unexplained: int = 0  # the estimate's figures the reference does not state

    @property
    def tight(self) -> bool:
        """An agreed figure is the same value or within a closed range: more than under a bound."""
        return self.closed or self.exact > 0


@lru_cache(maxsize=262144)
def _meets(estimate: str, figure: Figure) -> tuple[bool, frozenset[int]]:
    """(whether the estimate has a figure of the same kind, which of its figures it satisfies):
    one reference figure recurs in many specs (22.9kV, D15), so it is judged once per estimate."""
    mine = spec_figures(estimate)
    same = [i for i, f in enumerate(mine) if _same_kind(figure, f)]
    return bool(same), frozenset(i for i in same if _within(mine[i], figure))


@lru_cache(maxsize=262144)
def agreement(estimate: str, reference: str) -> Agreement:
    """Every figure of the reference spec must appear in the estimate's text (or the estimate's
    figure must fall in the reference's range or bound) unless the estimate has no figure of that
    kind; an estimate figure of the same kind with another value rules the reference out."""
    agreed, missing, closed = [], [], False
    explained: set[int] = set()
    for figure in spec_figures(reference):
        kind, satisfied = _meets(estimate, figure)
        if not kind:
            missing.append(figure)
            continue
        if not satisfied:
            return Agreement(conflict=figure)
        agreed.append(figure)
        explained |= satisfied
        closed = closed or (figure.is_range and figure.low is not None and figure.high is not None
                            and figure.low != figure.high)
    return Agreement(None, tuple(agreed), tuple(missing), closed,
                     sum(1 for f in agreed if not f.is_range), len(spec_figures(estimate)) - len(explained))


def closed_fit(estimate_spec: str, reference_spec: str) -> bool:
    """The estimate's figure falls in a closed range of the reference ('6~12이하'), the tightest kind."""
    return agreement(estimate_spec, reference_spec).closed


def spec_words(spec: str) -> list[str]:
    """The words of a spec that are not figures: '실내기 16kW 이하' → ['실내기']."""
    return list(_spec_words(spec or ""))


@lru_cache(maxsize=131072)
def _spec_words(spec: str) -> tuple[str, ...]:
    return tuple(w for w in words(spec) if not re.search(r"\d", w) and w not in ("이하", "이상", "미만", "초과")
                 and w not in _STOPWORDS)


@lru_cache(maxsize=262144)
def _spec_bonus(mine: tuple[str, ...], theirs: tuple[str, ...]) -> float:
    return 20 * _score_words(list(mine), list(theirs)) / 100 if mine and theirs else 0.0


def spec_fits(estimate_spec: str, reference_spec: str) -> bool | None:
    """True when the estimate's figures satisfy the reference spec's figures of the same kind;
    False when one contradicts it; None when nothing can be compared."""
    found = agreement(estimate_spec, reference_spec)
    if found.conflict is not None:
        return False
    return True if found.agreed else None


@dataclass
class Match:
    key: dict
    score: float
    index: object = None
    notes: list[str] = field(default_factory=list)
    # How completely the estimate states the reference (lower is better), to choose among
    # candidates whose scores are almost equal: all its figures stated, all its spec words
    # stated, fewest of the estimate's figures and spec words left unexplained, the words of its
    # product name stated, most figures equal.
    fit: tuple = ()

    @property
    def complete(self) -> bool:
        """The estimate states all the reference's figures and spec words, its product name, and no
        figure the reference lacks: the match identifies the very item, not merely a compatible one
        (a line naming only the class, '일반배관용 STS강관 이음쇠 니플 D20', is not the class's 캡 D20)."""
        return not self.fit or (not self.fit[0] and not self.fit[1] and self.fit[2] == 0 and not self.fit[4])


@dataclass
class Outcome:
    match: Match | None
    reason: str = ""
    candidates: list[Match] = field(default_factory=list)
    code: str = ""  # why there is no match, as a coverage code: no_match | weak_match | ambiguous_match | …

    def as_evidence(self) -> dict:
        if self.match is None:
            return {"matched": None, "reason": self.reason,
                    "candidates": [{"key": c.key, "score": round(c.score, 1)} for c in self.candidates[:3]]}
        return {"matched": self.match.key, "score": round(self.match.score, 1), "notes": self.match.notes}


PREFILTER = 40


class NameIndex:
    """Names prepared once for the fuzzy prefilter.

    The prefilter keeps the ``limit`` names that score best (token-set ratio ≥ 50) against the
    line's words. Scoring every name is the cost of a run; here only the names that can reach 50
    are scored, and each distinct name and each distinct query once:

    - a name sharing a word with the query can score anything: it is scored;
    - a name sharing none is scored as the Indel similarity of the two strings of sorted distinct
      words, 2·LCS / (length of both), and the LCS is at most the characters the strings have in
      common. A name with fewer common characters than a quarter of both lengths cannot reach 50.

    The result is the same positions as scoring every name (tested against it).
    """

    def __init__(self, names: list[str]):
        import numpy as np

        self.names = names
        distinct: dict[str, list[int]] = {}
        for position, name in enumerate(names):
            distinct.setdefault(name, []).append(position)
        self.distinct = list(distinct)
        self.positions = list(distinct.values())
        self.by_word: dict[str, list[int]] = {}
        self.columns: dict[str, int] = {}
        counted = []
        lengths = []
        for number, name in enumerate(self.distinct):
            unique = set(name.split())
            for word in unique:
                self.by_word.setdefault(word, []).append(number)
            lengths.append(len(" ".join(sorted(unique))))
            counts = Counter(name)
            for char in counts:
                self.columns.setdefault(char, len(self.columns))
            counted.append(counts)
        self.counts = np.zeros((len(self.distinct), max(len(self.columns), 1)), dtype=np.int32)
        for number, counts in enumerate(counted):
            for char, n in counts.items():
                self.counts[number, self.columns[char]] = n
        self.lengths = np.array(lengths, dtype=np.int32)
        self._answers: dict[tuple[str, int], frozenset[int]] = {}

    def __len__(self) -> int:
        return len(self.names)

    def prefilter(self, item: str, spec: str, limit: int = PREFILTER) -> list[int]:
        query = " ".join(words(item))
        query_full = " ".join(words(f"{item} {spec}"))
        return sorted(self._best(query, limit) | self._best(query_full, limit))

    def _best(self, query: str, limit: int) -> frozenset[int]:
        key = (query, limit)
        found = self._answers.get(key)
        if found is None:
            found = self._answers[key] = self._score(query, limit)
        return found

    def _reachable(self, query: str) -> list[int]:
        """The distinct names that can score 50 against ``query`` (see the class's note)."""
        import numpy as np

        unique = set(query.split())
        chars = [(self.columns[c], n) for c, n in Counter(query).items() if c in self.columns]
        if not unique or not self.distinct:
            return []
        if chars:
            columns, wanted = zip(*chars)
            common = np.minimum(self.counts[:, list(columns)], np.array(wanted, dtype=np.int32)).sum(axis=1)
        else:
            common = np.zeros(len(self.distinct), dtype=np.int32)
        reachable = common * 4 >= self.lengths + len(" ".join(sorted(unique)))
        for word in unique:
            reachable[self.by_word.get(word, [])] = True
        return np.flatnonzero(reachable).tolist()

    def _score(self, query: str, limit: int) -> frozenset[int]:
        from rapidfuzz import process

        numbers = self._reachable(query)
        if not numbers:
            return frozenset()
        hits = process.extract(query, [self.distinct[n] for n in numbers], scorer=fuzz.token_set_ratio,
                               limit=None, score_cutoff=50)
        # Best score first, then the earlier position: the order scoring the full list keeps.
        ranked = sorted((-score, position) for _, score, at in hits for position in self.positions[numbers[at]])
        return frozenset(position for _, position in ranked[:limit])


def prefilter(item: str, spec: str, names: list[str] | NameIndex, limit: int = PREFILTER) -> list[int]:
    """Positions of the names worth scoring in full: rapidfuzz's C scorer over joined words."""
    index = names if isinstance(names, NameIndex) else NameIndex(names)
    return index.prefilter(item, spec, limit)


def _names(row: dict, fields: tuple[str, ...]) -> list[str] | tuple[str, ...]:
    """The names a row is known by: a field may hold one name or several (a price row's classes)."""
    if len(fields) == 1:
        value = row.get(fields[0])
        if isinstance(value, (tuple, list)):
            return value
        return [str(value)] if value else []
    found: list[str] = []
    for f in fields:
        value = row.get(f)
        found.extend(str(v) for v in (value if isinstance(value, (tuple, list)) else (value,)) if v)
    return list(dict.fromkeys(found))


def _stated(word: str, stated: set[str]) -> bool:
    return word in stated or (len(word) > 1 and any(word in w for w in stated))


def _describe(figures: tuple[Figure, ...]) -> str:
    return ", ".join(f.text for f in figures)


def best_match(item: str, spec: str, unit: str, candidates: list[tuple[object, dict]], *,
               name_field: str | tuple[str, ...] = "work", spec_field: str = "spec", unit_field: str = "unit",
               key_fields: tuple[str, ...] = ("sector", "item_code", "work", "spec", "unit"),
               names: list[str] | NameIndex | None = None) -> Outcome:
    """The single reference row that fits ``item``/``spec``/``unit``, or why there is none.

    ``candidates`` are (index, row-as-dict) pairs. A candidate needs a compatible unit (when both
    units are known), a name score ≥ MIN_SCORE on one of its ``name_field`` names (a price row's
    product name or its PPS class name), and a spec whose figures the estimate's item and spec do
    not contradict; a spec whose figures the estimate states scores above one that merely does
    not conflict.
    """
    fields = (name_field,) if isinstance(name_field, str) else tuple(name_field)
    scored: list[Match] = []
    near: list[Match] = []
    contradicted: list[Figure] = []
    if names is not None and len(candidates) > PREFILTER:
        candidates = [candidates[i] for i in prefilter(item, spec, names)]
    estimate_text = f"{item} {spec}"
    stated = set(words(estimate_text))
    mine = _spec_words(spec or "")
    mine_set = set(mine)
    named_scores: dict[str, float] = {}
    for index, row in candidates:
        ref_unit = str(row.get(unit_field, ""))
        if unit and ref_unit and not units_compatible(unit, ref_unit):
            continue
        reference_spec = str(row.get(spec_field, ""))
        reference_names = _names(row, fields)
        score = 0.0
        for n in reference_names:
            # Many rows share a name (one product in many sizes): score each name once per line.
            named = named_scores.get(n)
            if named is None:
                named = named_scores[n] = max(name_score(item, n), name_score(estimate_text, n))
            score = max(score, named)
        if score < MIN_SCORE:
            if score >= NEAR_SCORE:
                near.append(Match(key={f: row.get(f, "") for f in key_fields if f in row}, score=score, index=index))
            continue
        notes = []
        found = agreement(estimate_text, reference_spec)
        if found.conflict is not None:
            contradicted.append(found.conflict)
            continue
        if found.agreed:
            score += 10 if found.tight else 5
            notes.append("spec conditions hold")
        if found.missing:
            notes.append(f"not stated in the estimate: {_describe(found.missing)}")
        if found.unexplained:
            notes.append(f"the estimate's figures not in the reference: {found.unexplained}")
        theirs = _spec_words(reference_spec)
        # The words of a spec tell 실내기 from 실외기 where the figures cannot.
        score += _spec_bonus(mine, theirs)
        key = {f: row.get(f, "") for f in key_fields if f in row}
        # A word is stated when written, also inside a compound ('일반형' in '일반형복공판').
        unstated_words = any(not _stated(w, stated) for w in theirs)
        # The product name's own words, when the line names the class ('제어케이블 F-CVV' is not F-CVV-S).
        unstated_name = any(not _stated(w, stated) for w in _words(reference_names[0]) if w not in _STOPWORDS)
        # Words of the estimate's spec the reference does not have ('방화' against a plain board).
        extra_words = sum(1 for w in mine_set if w not in _words(reference_spec)
                          and not any(w in _words(n) for n in reference_names))
        fit = (bool(found.missing), unstated_words, found.unexplained, extra_words, unstated_name, -found.exact)
        scored.append(Match(key=key, score=score, index=index, notes=notes, fit=fit))
    scored.sort(key=lambda m: -m.score)
    if not scored:
        if near:
            near.sort(key=lambda m: -m.score)
            return Outcome(None, f"weak: the closest reference scores below {MIN_SCORE:.0f}", near[:3], "weak_match")
        if contradicted:
            seen = _describe(tuple(dict.fromkeys(contradicted))[:5])
            return Outcome(None, "no reference whose spec figures agree with the estimate's "
                                 f"(references of that name have {seen})", code="no_match")
        return Outcome(None, "no reference with a similar name and a compatible unit", code="no_match")
    close: dict[tuple, Match] = {}
    for m in scored:
        if scored[0].score - m.score < MARGIN:
            close.setdefault(tuple(sorted((k, str(v)) for k, v in m.key.items())), m)
    if len(close) > 1:
        # Almost equal scores: the reference the estimate states completely (its figures and spec
        # words, and nothing it does not say) is the one meant; if none stands out, it is ambiguous.
        ranked = sorted(close.values(), key=lambda m: (m.fit, -m.score))
        if ranked[0].fit < ranked[1].fit:
            ranked[0].notes.append("stated more completely than the other references of nearly the same "
                                   "score")
            return Outcome(ranked[0], candidates=ranked[:3])
        unstated = [n for m in ranked[:3] for n in m.notes if n.startswith("not stated")]
        reason = "ambiguous: several references fit almost equally"
        if unstated:
            reason += " (the estimate does not state the figure that tells them apart)"
        return Outcome(None, reason, ranked[:3], "ambiguous_match")
    return Outcome(scored[0], candidates=scored[:3])


@lru_cache(maxsize=65536)
def units_compatible(a: str, b: str) -> bool:
    """Whether two written units can be compared: unknown ones always can, as before."""
    if not (parse_unit(a).canonical and parse_unit(b).canonical):
        return True
    return compatible(a, b)
