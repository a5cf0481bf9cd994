"""What a 표준품셈 item's notes ([주], 비고) say the checks need: included and excluded work, and
adjustments (paved site +25% 보통인부, +15% of the outdoor unit per extra indoor unit, tool wear 2%).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MARKERS = re.compile(r"[①-⑳]|\[주\]|비\s*고\s*-|(?<=다\.)\s|^-\s|\s-\s")
_SPLIT = re.compile(r"\s*(?:,|，|、|및|또는|/|ㆍ|･)\s*")
_SEPARATE = re.compile(r"(\S+?)(?:은|는)\s*(\S+?)당\s*(\S+?)\s*(\d+(?:\.\d+)?)\s*인을?\s*별도\s*계상")
_NOISE = re.compile(r"\(.*?\)|등$|작업$|작업등$|품$|의$")


@dataclass(frozen=True)
class Adjustment:
    kind: str  # tool-wear | output | labour | quantity
    percent: str  # signed decimal text: "+25", "-33", "2"
    applies_to: str
    condition: str
    text: str


def sentences(text: str) -> list[str]:
    """The note split at its numbered markers (①, ②, …) and dashes, whitespace collapsed."""
    flat = re.sub(r"\s+", " ", text)
    parts = _MARKERS.split(flat)
    return [p.strip(" .") for p in parts if p and p.strip(" .")]


def _items(fragment: str) -> list[str]:
    out = []
    fragment = re.sub(r"\([^)]*\)?", "", fragment)  # '장비(크레인, 냉매가스 충전기 등)' is one item
    for raw in _SPLIT.split(fragment):
        item = raw.strip(" .·'\"‘’")
        item = re.sub(r"^(본\s*품은|본\s*품에는|본\s*품에|이\s*품은)\s*", "", item)
        previous = None
        while previous != item:
            previous = item
            item = _NOISE.sub("", item).strip()
        item = item.replace(" ", "")
        if 1 < len(item) <= 30 and not re.search(r"\d+%|기준|적용|경우|따라|포함|제외", item):
            out.append(item)
    return out


def includes_excludes(text: str) -> tuple[list[str], list[str]]:
    """Work the item already includes, and work costed separately, read from its notes."""
    includes: list[str] = []
    excludes: list[str] = []
    for sentence in sentences(text):
        separate = _SEPARATE.search(sentence)
        if separate:
            excludes.append(separate.group(1))
            continue
        m = re.search(r"(?:본\s*품(?:은|에는|에)?|이\s*품은)\s*(.+?)(?:작업)?(?:을|를)\s*포함(?:한|하며|하고|된)", sentence)
        m = m or re.search(r"^\S+(?:은|는)\s+(.+?)(?:작업)?(?:을|를)\s*포함(?:한|하며|하고|된)", sentence)
        if m:
            includes += _items(m.group(1))
        m = re.search(r"(?:포함하며|포함하고|,)?\s*([^.]+?)\s*(?:등)?(?:은|는|품은)\s*(?:필요\s*시|필요시|필요한\s*경우)?\s*"
                      r"(?:별도\s*계상|별도로\s*계상|제외)", sentence)
        if m and "포함하며" in sentence:
            tail = sentence.split("포함하며", 1)[1]
            m = re.search(r"\s*(.+?)\s*(?:등)?(?:은|는)\s*(?:별도|제외)", tail)
        if m:
            fragment = m.group(1)
            fragment = re.sub(r"^.*?(?:경우|때)\s*", "", fragment) if re.search(r"경우|때", fragment) else fragment
            excludes += _items(fragment)
    return _unique(includes), _unique(excludes)


def _unique(items: list[str]) -> list[str]:
    seen: list[str] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def adjustments(text: str) -> list[Adjustment]:
    found: list[Adjustment] = []
    for adjustment in _adjustments(text):
        if all((a.kind, a.percent, a.condition) != (adjustment.kind, adjustment.percent, adjustment.condition)
               for a in found):
            found.append(adjustment)
    return found


def separate_quantities(text: str) -> list[tuple[str, str, str, str, str]]:
    """Quantities a note gives for separately costed work: (work, unit, trade, quantity, sentence),
    e.g. '잔토처리는 ㎥당 보통인부 0.2인을 별도 계상한다'."""
    found = []
    for sentence in sentences(text):
        m = _SEPARATE.search(sentence)
        if m:
            found.append((m.group(1), m.group(2), m.group(3), m.group(4), sentence))
    return found


def _adjustments(text: str) -> list[Adjustment]:
    found = []
    for sentence in sentences(text):
        m = re.search(r"공구손료.*?인력품의\s*(\d+(?:\.\d+)?)\s*%", sentence)
        if m:
            found.append(Adjustment("tool-wear", m.group(1), "labour", "", sentence))
            continue
        m = re.search(r"시공량(?:의|을)?\s*(\d+(?:\.\d+)?)\s*%\s*(?:까지|범위\s*내에서|를)?\s*(가산|감|증)", sentence)
        if m:
            sign = "-" if m.group(2) == "감" else "+"
            found.append(Adjustment("output", sign + m.group(1), "output", _condition(sentence, m.start()), sentence))
            continue
        m = re.search(r"(?:시공량의|시공량을)\s*(\d+(?:\.\d+)?)\s*%\s*범위\s*내에서\s*(감|가산|증)", sentence)
        m = m or re.search(r"(\S+?)\s*품의\s*(\d+(?:\.\d+)?)\s*%를?\s*(가산|감)", sentence)
        if m and len(m.groups()) == 3:
            target, percent, verb = m.groups()
            sign = "-" if verb == "감" else "+"
            found.append(Adjustment("labour", sign + percent, target, _condition(sentence, m.start()), sentence))
            continue
        m = re.search(r"(\d+(?:\.\d+)?)\s*%를?\s*(?:까지\s*)?(가산|감)", sentence)
        if m:
            sign = "-" if m.group(2) == "감" else "+"
            found.append(Adjustment("quantity", sign + m.group(1), "item", _condition(sentence, m.start()), sentence))
    return found


def _condition(sentence: str, end: int) -> str:
    head = sentence[:end]
    m = re.search(r"([^,]*?(?:경우|때|곳은|곳|시))(?:에는|에|는)?\s*[^,]*$", head)
    return (m.group(1) if m else head).strip(" ,")[:120]
