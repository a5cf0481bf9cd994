"""``estimator refdata show QUERY``: what the verifier knows about an item, with its sources."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

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


PRICE_LIMIT = 40


def _prices_in_force(frame: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Rows of one PPS item id: its latest notice not after the date (all notices of that day);
    rows without an item id: their own period."""
    if "item_id" not in frame:
        return _in_force(frame, as_of)
    has_id = frame["item_id"].fillna("") != ""
    dated = frame[has_id].copy()
    dated["_from"] = pd.to_datetime(dated["effective_from"], errors="coerce").dt.date
    dated = dated[dated["_from"] <= as_of]
    latest = dated.groupby("item_id")["_from"].transform("max")
    return pd.concat([dated[dated["_from"] == latest].drop(columns="_from"), _in_force(frame[~has_id], as_of)])


def find_prices(refdata: RefData, query: str, as_of: date | None = None) -> pd.DataFrame:
    prices = refdata.prices
    if prices.empty:
        return prices
    korean = to_korean(query)
    names = (prices["item"].fillna("") + " " + prices.get("class_name", pd.Series("", index=prices.index)).fillna("")
             + " " + prices["spec"].fillna(""))
    scores = names.map(lambda text: max(_score(korean, text), _score(query, text)))
    found = prices[scores >= 100]
    if as_of is not None:
        found = _prices_in_force(found, as_of)
    return found.sort_values(["item", "spec", "unit", "effective_from"], kind="stable")


def _price_lines(rows: pd.DataFrame, as_of: date | None) -> list[str]:
    if rows.empty:
        return []
    label = f" {as_of.isoformat()} 기준 (in force on {as_of.isoformat()})" if as_of else ""
    out = [f"조달 단가 (procurement prices{label}): {len(rows):,}행"]
    for _, r in rows.head(PRICE_LIMIT).iterrows():
        period = f"{r['effective_from']}~{r.get('effective_to', '') or ''}"
        notice = " ".join(x for x in (r.get("notice_no", ""), r.get("department", ""), r.get("delivery", "")) if x)
        where = f"{r.get('_file', '')}:{r.get('_line', '')}" if r.get("_file", "") else ""
        price = Decimal(str(r["price_won"]).replace(",", ""))
        out.append(f"  {r['item']} {r['spec']} [{r['unit']}] {price:,}원 — {r['source']} ({period}"
                   + (f"; {notice}" if notice else "") + f"; {r.get('provenance', '')}"
                   + (f"; {r.get('_origin', '')} {where}" if where else "") + ")")
    if len(rows) > PRICE_LIMIT:
        out.append(f"  … 외 {len(rows) - PRICE_LIMIT:,}행 (and {len(rows) - PRICE_LIMIT:,} more; narrow the query)")
    return out


def render(refdata: RefData, query: str, as_of: date | None = None) -> str:
    found = find(refdata, query)
    prices = _price_lines(find_prices(refdata, query, as_of), as_of)
    if not found and not prices:
        return (f"'{query}': 일치하는 표준품셈 항목·조달 단가가 없습니다 "
                f"(no standard-quantity item or price matches)\n")
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
    if prices:
        out += ["", *prices] if out else prices
    return "\n".join(out).strip("\n") + "\n"
