"""``estimator refdata show QUERY``: what the verifier knows about an item, with its sources."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
from rapidfuzz import fuzz

from ..readers.text import squash
from .tables import RefData

# English words people type for Korean items; the tables are in Korean.
GLOSSARY = {
    "pole": "폴", "post": "지주", "cctv": "CCTV", "camera": "카메라", "excavation": "터파기", "digging": "굴착",
    "backfill": "되메우기", "air conditioner": "에어컨", "air-conditioner": "에어컨", "aircon": "에어컨",
    "sign": "표지판", "surplus soil": "잔토처리", "compaction": "다짐", "manual": "인력", "machine": "기계",
    "ceiling": "천장형", "packaged": "패키지형", "cable": "케이블", "installation": "설치",
}


def to_korean(query: str) -> str:
    text = query.lower()
    for english, korean in sorted(GLOSSARY.items(), key=lambda kv: -len(kv[0])):
        text = re.sub(rf"\b{re.escape(english)}\b", korean, text)
    return text


def _score(query: str, text: str) -> float:
    q, t = squash(query), squash(text)
    if not q:
        return 0
    words = [squash(w) for w in query.split() if w.strip()]
    if words and all(w in t for w in words):
        return 100 + len(q) / max(len(t), 1)
    return fuzz.partial_ratio(q, t)


def find(refdata: RefData, query: str, limit: int = 5) -> list[tuple[float, pd.DataFrame]]:
    quantities = refdata.quantities
    if quantities.empty:
        return []
    korean = to_korean(query)
    groups = []
    for _, group in quantities.groupby(["sector", "item_code", "work"], sort=False):
        first = group.iloc[0]
        score = max(_score(korean, f"{first['work']} {first.get('title', '')}"), _score(query, first["work"]))
        if score >= 80:
            groups.append((score, group))
    groups.sort(key=lambda g: -g[0])
    return groups[:limit]


def _in_force(frame: pd.DataFrame, as_of: date) -> pd.DataFrame:
    if frame.empty or "effective_from" not in frame:
        return frame
    start = pd.to_datetime(frame["effective_from"], errors="coerce").dt.date
    end = pd.to_datetime(frame.get("effective_to", pd.Series([""] * len(frame))), errors="coerce").dt.date
    mask = (start <= as_of) & (end.isna() | (end >= as_of))
    return frame[mask.fillna(False)]


def render(refdata: RefData, query: str, as_of: date | None = None) -> str:
    found = find(refdata, query)
    if not found:
        return f"'{query}': 일치하는 표준품셈 항목이 없습니다 (no standard-quantity item matches)\n"
    out = []
    trades: set[str] = set()
    for _, group in found:
        first = group.iloc[0]
        out.append(f"■ {first['work']}  [{first.get('sector', '')} {first.get('item_code', '')}, "
                   f"{first['edition']}, p.{first.get('page', '') or '-'}]")
        if first.get("includes"):
            out.append(f"  포함 (includes): {first['includes'].replace(';', ', ')}")
        if first.get("excludes"):
            out.append(f"  별도 계상 (excludes): {first['excludes'].replace(';', ', ')}")
        for spec, rows in group.groupby("spec", sort=False):
            parts = [f"{r['resource']} {r['quantity']} {r['resource_unit']}/{r['unit']}"
                     + (f" ({r['figure']})" if r.get("basis") == "daily-output" else "")
                     for _, r in rows.iterrows()]
            trades.update(rows.loc[rows["resource_kind"] == "labour", "resource"])
            out.append(f"  {spec or '-'}: " + ", ".join(parts))
        adjustments = refdata.adjustments
        if not adjustments.empty:
            mine = adjustments[(adjustments["sector"] == first.get("sector", "")) &
                               (adjustments["item_code"] == first.get("item_code", ""))]
            for _, a in mine.iterrows():
                condition = f" ({a['condition']})" if a.get("condition") else ""
                out.append(f"  조정 (adjustment): {a['kind']} {a['percent']}% {a['applies_to']}{condition}")
        out.append(f"  출처 (source): {first.get('provenance', '')}")
        out.append("")
    wages = refdata.wages
    if trades and not wages.empty:
        wages = wages[wages["job"].isin(trades)]
        if as_of is not None:
            wages = _in_force(wages, as_of)
        if not wages.empty:
            label = f" as of {as_of.isoformat()}" if as_of else ""
            out.append(f"시중노임단가 (market wages{label}):")
            for _, w in wages.iterrows():
                period = f"{w['effective_from']}~{w.get('effective_to', '')}"
                out.append(f"  {w['job']} [{w.get('sector', '')}] {int(w['wage_won'].replace(',', '')):,}원/인 "
                           f"({period}; {w.get('source', '') or w.get('provenance', '')})")
    return "\n".join(out).rstrip() + "\n"
