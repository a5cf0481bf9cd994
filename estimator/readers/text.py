"""Text normalisation shared by the readers: the same word written many ways."""

from __future__ import annotations

import re
import unicodedata

# A ditto mark (〃, or the quote marks typed for it) repeats the value above it in its column.
DITTO_MARKS = frozenset({"〃", "″", '"', "”", "〃〃"})

_SPACES = re.compile(r"[\s\u3000\u00a0]+")
_BRACKETED = re.compile(r"[(\[（［<〈][^)\]）］>〉]*[)\]）］>〉]")
_PUNCT = re.compile(r"[·ㆍ.:：,_\-/\\]")


def squash(text: str) -> str:
    """NFKC, no whitespace at all, lower case: '품 명' → '품명', 'ＮＯ' → 'no'."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text)).lower()


def header_key(text: str) -> str:
    """A header cell reduced to its words: '단 가(원)' → '단가', '재료비·단가' → '재료비단가'."""
    return _PUNCT.sub("", _BRACKETED.sub("", squash(text)))
