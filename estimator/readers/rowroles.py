"""What a bill row is, from its words: totals in every written form, outline numbering, cost heads.

Programs write a totals row as ``소계``, ``[ 합           계 ]``, ``( 합       계 )``, ``합계금액``,
``다). 소 계``, ``▶ 직접공사비 계``, ``계(A)``; they number their outline ``Ⅰ.`` › ``1.`` › ``가.`` ›
``1)`` › ``가)`` › ``(1)`` › ``(가)`` › ``①`` (the order of Korean official documents), sometimes
behind dots (``   .. 1). 노상준비공``) or indentation; and some open a bill with its cost heads
(``1. 간접노무비 | 직접노무비 * 19.1 %``). These are read here; ``bill`` decides each row's role
with the numbers beside them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..costheads import ALIASES
from .text import squash

# Totals rows by rank: a total closes every open line and lower-ranked total above it.
_TOTAL_RANKS = (
    (re.compile(r"^(총합계|총계|공사비총계|총공사비|총액|도급공사비|도급액|총공사금액|grandtotal)$"), 3),
    (re.compile(r"^(합계|공사비합계|직접공사비합계|합계금액|total)$"), 2),
    (re.compile(r"^(소계|계|중계|subtotal|직접공사비계|간접공사비계|순공사비계|공사비계|직접비계|간접비계)$"), 1),
)
_TOTAL_SUFFIX = re.compile(r"(소계|합계|총계)$")
# What may stand before a totals word: a heading number, a bullet, brackets.
_LEAD = re.compile(r"^(?:[.\s]*(?:[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]+|\d+(?:[.-]\d+)*|[가-힣]|[a-z])\s*[.)]+|\(\s*(?:\d+|[가-힣])\s*\)|"
                   r"[①-⑳㉮-㉻㈎-㈛▶▷■□●○◆◇►▣◈※\s.])+")
# 계(A), 소계(B), 합계(A+B): the letters a document gives its totals.
_MARK = re.compile(r"[(\[]\s*[a-z가-하](?:\s*[+\-×x]\s*[a-z가-하])*\s*[)\]]$")
_MARK_WRITTEN = re.compile(r"[(\[]\s*[A-Za-z가-하](?:\s*[+\-×x]\s*[A-Za-z가-하])*\s*[)\]]\s*$")
_BRACKETS = re.compile(r"[\[\]【】()<>〈〉{}]")


_TOTAL_HINT = re.compile(r"계|총|도급|total", re.IGNORECASE)  # every totals word has one of these


def total_rank(label: str) -> int | None:
    """The rank of a totals label (1 소계, 2 합계, 3 총계), or None when the label is not one."""
    if not _TOTAL_HINT.search(label):
        return None
    key = squash(label)
    key = _MARK.sub("", key)
    key = _BRACKETS.sub("", key)
    key = _LEAD.sub("", key) if not _is_bare_total(key) else key
    for pattern, rank in _TOTAL_RANKS:
        if pattern.match(key):
            return rank
    if _TOTAL_SUFFIX.search(key) and len(key) <= 12:
        return {"소계": 1, "합계": 2, "총계": 3}[_TOTAL_SUFFIX.search(key).group(1)]
    if re.search(r"\s계$", label.strip()) and len(key) <= 12:
        return 1
    return None


def _is_bare_total(key: str) -> bool:
    return any(pattern.match(key) for pattern, _ in _TOTAL_RANKS)


# Outline numbering by the order of Korean official documents; bullets stand above all numbers.
_STYLES = (
    ("roman", re.compile(r"^([ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]+|[IVX]+\.)\s*[.)]?\s*")),
    ("n3", re.compile(r"^\d+[.-]\d+[.-]\d+\.?\s*")),
    ("n2", re.compile(r"^\d+[.-]\d+\.?(?!\d)\s*")),
    ("n1", re.compile(r"^\d+\s*\.(?!\d)\s*")),
    ("kor", re.compile(r"^[가-하]\s*\.\s*")),
    ("n1p", re.compile(r"^\d+\s*\)\s*\.?\s*")),
    ("korp", re.compile(r"^[가-하]\s*\)\s*\.?\s*")),
    ("pn", re.compile(r"^\(\s*\d+\s*\)\s*\.?\s*")),
    ("pk", re.compile(r"^\(\s*[가-하]\s*\)\s*\.?\s*")),
    ("circled", re.compile(r"^[①-⑳]\s*")),
    ("circledk", re.compile(r"^[㉮-㉻㈎-㈛]\s*")),
    ("bullet", re.compile(r"^[▶▷■□●○◆◇►▣◈]\s*")),
    ("bracket", re.compile(r"^[\[【<〈]")),
)
STYLE_RANK = {"bullet": 0, "roman": 1, "n1": 2, "n2": 3, "n3": 4, "kor": 5, "n1p": 6, "korp": 7, "pn": 8,
              "pk": 9, "circled": 10, "circledk": 11, "bracket": 12, "plain": 99}
_KOR_AFTER_DOTS = re.compile(r"^[가-하]\s+\S")
_DOTS = re.compile(r"^[\s\u3000]*((?:\.\s*)+)")
_CODE_LEAD = re.compile(r"^\d{2,}\s{2,}")  # '0101  공통 가설 공사': a work code before the name


@dataclass(frozen=True)
class Outline:
    """Where a label sits in the outline: its leading dots, numbering style and indentation."""

    dots: int
    style: str
    indent: int
    name: str  # the label without dots, numbering or spaces: what names the section

    @property
    def numbered(self) -> bool:
        return self.style not in ("plain", "bracket")


def outline(raw: str) -> Outline:
    text = raw.replace("\u3000", " ")
    indent = len(text) - len(text.lstrip(" "))
    rest = text.strip()
    dots = 0
    found = _DOTS.match(rest)
    if found:
        dots = found.group(1).count(".")
        rest = rest[found.end():].strip()
    style = "plain"
    if dots and _KOR_AFTER_DOTS.match(rest):  # '.가 노상준비공': behind dots a bare letter numbers too
        rest, style = rest[2:].strip(), "kor"
    for name, pattern in (() if style != "plain" else _STYLES):
        matched = pattern.match(rest)
        if matched and (name != "kor" or matched.end() < len(rest)):
            style = name
            if name != "bracket":
                rest = rest[matched.end():]
            break
    return Outline(dots=dots, style=style, indent=indent, name=squash(_BRACKETS.sub("", rest)))


def deeper(child: Outline, parent: Outline) -> bool:
    """Whether ``child`` sits below ``parent`` in the outline."""
    if child.dots != parent.dots:
        return child.dots > parent.dots
    if child.style != parent.style and parent.style != "plain":
        return STYLE_RANK[child.style] > STYLE_RANK[parent.style]
    return child.indent > parent.indent


def heading_style(text: str) -> str:
    """The numbering style of a heading, with its dots: headings of one style are one level."""
    found = outline(text)
    return f"{found.dots}:{found.style}"


# Units that price a whole item (a section row is one 식 of its section).
WHOLE_UNITS = frozenset({"식", "式", "일식", "ls", "l.s", "l.s.", "l/s", "sum", "p.s", "ps", "p.s.", "lot"})


def whole_unit(unit: str) -> bool:
    return squash(unit) in WHOLE_UNITS


# The cost heads a bill may carry on top or at its end, beyond the summary's own names.
_HEAD_NAMES = frozenset(ALIASES) | {
    "이윤", "일반관리비", "부가가치세", "간접공사비", "제경비", "공사손해보험료", "산업안전보건관리비",
    "안전관리비", "품질관리비", "환경보전비", "기타경비", "건설기계대여대금지급보증서", "하도급대금지급보증서발급수수료",
    "퇴직공제부금", "퇴직금공제", "석면분담금", "임금채권부담금", "매입세", "조달수수료"}
# Rows that only adjust the contract amount: never lines, in any bill.
_ADJUSTMENTS = re.compile(r"(천원|만원|백원|원)단위(조정|절사|절삭|정리)?|끝(자리|전)(조정|절사|맞추기)|단수(조정|정리)|"
                          r"^부가가치세$|^부가세$")
# A rate with its base: '직접노무비 * 19.1 %', '(재+직노) * 2.53% + 3,300,000원', '(합계) * 10 %'.
_RATE = re.compile(r"[×x*]\s*\d+(?:\.\d+)?\s*%|\d+(?:\.\d+)?\s*%\s*[×x*]|의\s*\d+(?:\.\d+)?\s*%")
_BASE_WORDS = ("노무비", "재료비", "경비", "직노", "간노", "재+", "직접공사비", "합계", "소계", "총원가", "보험료",
               "관리비", "공사비", "이윤")


def head_name(label: str) -> str:
    """A cost head's name as the summary writes it: '   18. 이    윤' → '이윤', '부가가치세(B)' → '부가가치세'."""
    return outline(_MARK_WRITTEN.sub("", label)).name


def is_head_name(label: str) -> bool:
    name = head_name(label)
    return name in _HEAD_NAMES or any(name.startswith(h) for h in ("건설기계대여대금", "하도급대금", "공사이행보증"))


def is_adjustment(label: str) -> bool:
    return bool(_ADJUSTMENTS.search(head_name(label)))


def has_rate_and_base(text: str) -> bool:
    """'직접노무비 * 19.1 %': a rate applied to a base, as cost heads state their derivation."""
    key = squash(text)
    return bool(_RATE.search(key)) and any(word in key for word in _BASE_WORDS)
