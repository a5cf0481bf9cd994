"""Match estimate lines and breakdown rows to reference rows, as an engineer reads them.

Names vary (``터파기(인력)``, ``인력터파기``, ``터 파 기``), specs vary (``Φ114.3x4.5t`` vs
``φ114.3×4.5T``, ``H=4.5m`` vs ``4.5M``), units vary (``개``/``EA``/``매``, ``㎥``/``M3``). Text is
normalised, compared with rapidfuzz on its words (order-free but length-aware, so ``관로 터파기``
is not ``터파기``), units must be compatible through the unit registry, and figures in a spec
must satisfy the reference's conditions (``H=8m`` vs ``10kW 이하``, ``6~12이하``). The score and
the matched key go into the evidence; a weak or ambiguous match is reported as unmatched.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
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
_DIAMETER = str.maketrans({"Φ": "φ", "ø": "φ", "Ø": "φ", "⌀": "φ", "ф": "φ"})


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


def closed_fit(estimate_spec: str, reference_spec: str) -> bool:
    """The estimate's figure falls in a closed range of the reference ('6~12이하'), the tightest kind."""
    have = figures(estimate_spec)
    return any(c.low is not None and c.high is not None and c.low != c.high
               and any(c.holds(v) for v, u in have if u == c.unit or not c.unit)
               for c in conditions(reference_spec))


def spec_words(spec: str) -> list[str]:
    """The words of a spec that are not figures: '실내기 16kW 이하' → ['실내기']."""
    return [w for w in words(spec) if not re.search(r"\d", w) and w not in ("이하", "이상", "미만", "초과")
            and w not in _STOPWORDS]


def spec_fits(estimate_spec: str, reference_spec: str) -> bool | None:
    """True when the estimate's figures satisfy every condition of the reference spec that
    concerns the same unit; False when one contradicts it; None when nothing can be compared."""
    wanted = conditions(reference_spec)
    have = figures(estimate_spec)
    if not wanted or not have:
        return None
    verdict = None
    for condition in wanted:
        same = [v for v, u in have if u == condition.unit or not condition.unit]
        if not same:
            continue
        if not any(condition.holds(v) for v in same):
            return False
        verdict = True
    return verdict


@dataclass
class Match:
    key: dict
    score: float
    index: object = None
    notes: list[str] = field(default_factory=list)


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


def prefilter(item: str, spec: str, names: list[str], limit: int = PREFILTER) -> list[int]:
    """Positions of the names worth scoring in full: rapidfuzz's C scorer over joined words."""
    from rapidfuzz import process

    query = " ".join(words(item))
    query_full = " ".join(words(f"{item} {spec}"))
    hits = process.extract(query, names, scorer=fuzz.token_set_ratio, limit=limit, score_cutoff=50)
    hits += process.extract(query_full, names, scorer=fuzz.token_set_ratio, limit=limit, score_cutoff=50)
    return sorted({h[2] for h in hits})


def best_match(item: str, spec: str, unit: str, candidates: list[tuple[object, dict]], *,
               name_field: str = "work", spec_field: str = "spec", unit_field: str = "unit",
               key_fields: tuple[str, ...] = ("sector", "item_code", "work", "spec", "unit"),
               names: list[str] | None = None) -> Outcome:
    """The single reference row that fits ``item``/``spec``/``unit``, or why there is none.

    ``candidates`` are (index, row-as-dict) pairs. A candidate needs a compatible unit (when both
    units are known), a name score ≥ MIN_SCORE, and a spec whose conditions the estimate's figures
    do not contradict; a spec that fits scores above one that merely does not conflict.
    """
    scored: list[Match] = []
    near: list[Match] = []
    if names is not None and len(candidates) > PREFILTER:
        candidates = [candidates[i] for i in prefilter(item, spec, names)]
    for index, row in candidates:
        ref_unit = str(row.get(unit_field, ""))
        if unit and ref_unit and parse_unit(unit).canonical and parse_unit(ref_unit).canonical \
                and not compatible(unit, ref_unit):
            continue
        reference_name, reference_spec = str(row.get(name_field, "")), str(row.get(spec_field, ""))
        score = max(name_score(item, reference_name), name_score(f"{item} {spec}", reference_name))
        if score < MIN_SCORE:
            if score >= NEAR_SCORE:
                near.append(Match(key={f: row.get(f, "") for f in key_fields if f in row}, score=score, index=index))
            continue
        notes = []
        fits = spec_fits(spec, reference_spec)
        if fits is False:
            continue
        if fits:
            score += 10 if closed_fit(spec, reference_spec) else 5
            notes.append("spec conditions hold")
        mine, theirs = spec_words(spec), spec_words(reference_spec)
        if mine and theirs:
            # The words of a spec tell 실내기 from 실외기 where the figures cannot.
            score += 20 * _score_words(mine, theirs) / 100
        key = {f: row.get(f, "") for f in key_fields if f in row}
        scored.append(Match(key=key, score=score, index=index, notes=notes))
    scored.sort(key=lambda m: -m.score)
    if not scored:
        if near:
            near.sort(key=lambda m: -m.score)
            return Outcome(None, f"weak: the closest reference scores below {MIN_SCORE:.0f}", near[:3], "weak_match")
        return Outcome(None, "no reference with a similar name and a compatible unit", code="no_match")
    if len(scored) > 1 and scored[0].score - scored[1].score < MARGIN and scored[0].key != scored[1].key:
        return Outcome(None, "ambiguous: several references fit almost equally", scored[:3], "ambiguous_match")
    return Outcome(scored[0], candidates=scored[:3])
