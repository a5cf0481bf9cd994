"""What each reference row is to the rules: a resource's kind, and whether any rule can use a row.

``resource_kind`` is derived one way for the importer and for the user's tables, so a user table
without the optional column serves the rules exactly as the bundled tables do.
"""

from __future__ import annotations

import re

import pandas as pd

from ..units import parse_unit

_EQUIPMENT = re.compile(r"기$|차$|롤러|크레인|굴착기|브레이커|펌프|트럭|로더|도저|그레이더|발전기|압축기|믹서|드릴|장비")
# The premiums rate-above-cap compares with a rate table (the 일반관리비/이윤 caps are statutory).
STATUTORY_HEADS = ("산재보험료", "고용보험료", "건강보험료", "연금보험료", "노인장기요양보험료")


def resource_kind(resource: str, unit: str) -> str:
    """labour (인, M/M), equipment (대, hours, machine names), expense (식, %) or material."""
    parsed = parse_unit(unit)
    if parsed.kind in ("labour", "labour_month"):
        return "labour"
    if unit in ("대", "hr", "시간") or _EQUIPMENT.search(resource):
        return "equipment"
    if parsed.kind == "lump_sum" or unit == "%":
        return "expense"
    return "material"


def derive_optional(kind: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The optional columns a rule needs, filled where the table leaves them out or blank."""
    if kind == "quantities":
        given = frame["resource_kind"].fillna("").astype(str).str.strip() if "resource_kind" in frame \
            else pd.Series([""] * len(frame), index=frame.index)
        derived = [resource_kind(str(r), str(u)) for r, u in zip(frame["resource"], frame["resource_unit"])]
        frame["resource_kind"] = [g or d for g, d in zip(given, derived)]
        for column in ("includes", "excludes", "sector", "item_code", "basis", "figure"):
            if column not in frame:
                frame[column] = ""
    return frame


# The kinds ``unusable`` judges row by row; every row of the others is usable once validated.
JUDGED = ("quantities", "rates", "adjustments")


def unusable(kind: str, row: pd.Series) -> str | None:
    """Why no rule can use a reference row (None: some rule can)."""
    if kind == "quantities":
        if row.get("resource_kind") != "labour" and not str(row.get("includes", "") or "").strip():
            return ("neither a labour row (labour-above-standard compares man-days) nor a row with includes "
                    "(duplicate-scope)")
    elif kind == "rates":
        head = str(row.get("head", ""))
        conditioned = any(str(row.get(c, "") or "").strip() for c in ("size", "duration"))
        if head not in STATUTORY_HEADS or conditioned or not str(row.get("rate", "") or "").strip():
            return ("rate-above-cap compares only the statutory premiums (산재·고용·건강·연금·노인장기요양) "
                    "without size or duration conditions; caps of 일반관리비 and 이윤 are fixed by law")
    elif kind == "adjustments":
        if str(row.get("kind", "")) != "labour":
            return "labour-above-standard applies labour adjustments only"
    return None
