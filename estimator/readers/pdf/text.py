"""Characters into the texts of cells: lines by baseline, texts by how the characters run on."""

from __future__ import annotations

import re
from dataclasses import dataclass


# Letters of one text follow each other within a few hundredths of an em; two cells' texts are
# apart by their paddings (measured on LibreOffice prints: 0.7 pt at 9 pt, 1.1 pt at 5.5 pt).
_TOUCH = 0.04


@dataclass
class Text:
    """A line of text inside one cell, with its vertical place."""

    text: str
    top: float
    bottom: float


def _size(char: dict) -> float:
    return float(char.get("size") or (char["bottom"] - char["top"]) or 10.0)


def text_lines(chars: list[dict]) -> list[list[dict]]:
    """Characters grouped by baseline, top to bottom. Within a line they keep the order the PDF
    draws them in: a cell's text is drawn in one piece, so text that overflows its cell and is
    clipped under its neighbour's does not interleave with it."""
    order = sorted(range(len(chars)), key=lambda i: ((chars[i]["top"] + chars[i]["bottom"]) / 2, chars[i]["x0"]))
    line_of: dict[int, int] = {}
    mids: list[float] = []
    for i in order:
        mid = (chars[i]["top"] + chars[i]["bottom"]) / 2
        if not mids or abs(mid - mids[-1]) > 0.35 * _size(chars[i]):
            mids.append(mid)
        line_of[i] = len(mids) - 1
    lines: list[list[dict]] = [[] for _ in mids]
    for i, char in enumerate(chars):
        lines[line_of[i]].append(char)
    return lines


def runs_of(line: list[dict], spaced: bool) -> list[list[dict]]:
    """A text line cut into the texts of its cells, left to right.

    Characters run on while each starts where the one before ends. A gap goes on the same text
    only where a space is printed in it (``spaced``: the PDF draws its spaces) or, in a PDF that
    draws none, where the gap is no wider than a space. A step back is another text that
    overlaps this one (clipped overflow)."""
    glyphs = [c for c in line if c["text"].strip()]
    spaces = [(c["x0"], c["x1"]) for c in line if not c["text"].strip()]
    runs: list[list[dict]] = []
    for char in glyphs:
        if runs:
            before = runs[-1][-1]
            gap, size = char["x0"] - before["x1"], _size(char)
            touching = -0.5 <= gap <= _TOUCH * max(size, 7.5)
            spaced_gap = gap > 0 and (_covered(before["x1"], char["x0"], spaces) if spaced else gap <= 0.35 * size)
            if touching or spaced_gap:
                runs[-1].append(char)
                continue
        runs.append([char])
    return sorted(runs, key=lambda r: r[0]["x0"])


def _covered(start: float, end: float, spaces: list[tuple[float, float]]) -> bool:
    """Whether printed spaces fill the gap from ``start`` to ``end`` (two spaces side by side too)."""
    reach = start
    for a, b in sorted(spaces):
        if a <= reach + 0.5:
            reach = max(reach, b)
    return reach >= end - 0.5


def run_text(run: list[dict]) -> str:
    text = run[0]["text"]
    for before, char in zip(run, run[1:]):
        if char["x0"] - before["x1"] > _TOUCH * max(_size(char), 7.5):
            text += " "
        text += char["text"]
    return text.strip()


def top_of(chars: list[dict]) -> float:
    return min(c["top"] for c in chars)


def bottom_of(chars: list[dict]) -> float:
    return max(c["bottom"] for c in chars)


def join_wrapped(lines: list[Text]) -> str:
    """A label wrapped over lines, as one text: syllable-spaced Korean (``지 하``) closes up, and
    Korean continued on the next line joins without a space."""
    if len(lines) == 1:
        return lines[0].text
    parts = []
    for line in lines:
        words = line.text.split()
        text = "".join(words) if len(words) > 1 and all(len(w) == 1 and hangul(w) for w in words) else line.text
        parts.append(text)
    joined = parts[0] if parts else ""
    for part in parts[1:]:
        glue = "" if joined and part and hangul(joined[-1]) and hangul(part[0]) else " "
        joined += glue + part
    return joined


_VALUE = re.compile(r"^[-+−△(]?[\d,.]+\)?%?$|^[-–—〃″\"]$")


def value_like(text: str) -> bool:
    return bool(_VALUE.match(text.strip()))


def hangul(text: str) -> bool:
    return all("\uac00" <= ch <= "\ud7a3" for ch in text)
