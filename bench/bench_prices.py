"""Price-matching benchmark: a 1,000-line bill of real PPS items against the ~19,000 PPS prices.

The bill is built here from the price tables themselves (the bundled ``unit_price_tables/
prices_pps_*.csv``, or, when they are absent, the raw export in
``../shared/reference-sources/pps-facility-material-prices``): one line per distinct item in
force on the date, named by its product name or its PPS class name in turn, its spec written as
estimates write it (no commas, x for ×, EA for 개, M for m), priced 10 % above or 5 % below the
reference. It prints lines/s and seconds for ``estimator.verify`` and for a ``read()``-only run,
their ratio, what the price rule concluded, and how many lines found the very item they were made
from (the rest are ambiguous: items whose wording or figures do not tell them apart).

    python bench/bench_prices.py [N_LINES] [YYYY-MM-DD]
"""

from __future__ import annotations

import csv
import random
import re
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

import pandas as pd

from estimator import read, verify
from estimator.priceindex import PriceIndex, price_of
from estimator.refdata.tables import RefData, bundled, load
from estimator.references import References

SHARED = Path(__file__).resolve().parents[2] / "shared" / "reference-sources" / "pps-facility-material-prices"


def _from_shared() -> pd.DataFrame:
    """The raw PPS export as a price table: product name and spec split at the first comma."""
    rows = []
    for path in sorted(SHARED.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for line, r in enumerate(csv.DictReader(handle), start=2):
                name, _, spec = r["krnPrdctNm"].partition(",")
                has_name = bool(spec) and re.search(r"[가-힣]", name)
                rows.append({"item": name.strip() if has_name else r["prdctClsfcNoNm"].strip(),
                             "class_name": r["prdctClsfcNoNm"].strip(),
                             "spec": spec.strip() if has_name else r["krnPrdctNm"].strip(), "unit": r["unit"],
                             "price_won": r["prce"], "source": "조달청 가격정보",
                             "source_ref": f"{path.name}:{line}", "effective_from": r["nticeDt"][:10],
                             "effective_to": "", "item_id": r["prdctIdntNo"],
                             "notice_no": r["prceNticeNo"], "department": r["invstDeptNm"],
                             "delivery": r["dlvryCndtnNm"], "provenance": "public", "_file": str(path),
                             "_line": line, "_origin": "bundled"})
    return pd.DataFrame(rows)


def prices() -> tuple[RefData, str]:
    table = bundled().prices
    if not table.empty and "item_id" in table and (table["item_id"] != "").sum() > 1000:
        return RefData(tables={"prices": table}), "bundled unit_price_tables/prices_pps_*.csv"
    if not SHARED.is_dir():
        sys.exit(f"no PPS price tables: neither bundled nor {SHARED}")
    return RefData(tables={"prices": _from_shared()}), str(SHARED)


def estimate_style(text: str) -> str:
    text = re.sub(r"\s*,\s*", " ", text)
    return re.sub(r"(?<=\d)\s*[×*]\s*(?=\S)", "x", text).strip()


_UNITS = {"개": "EA", "m": "M", "㎡": "M2", "kg": "KG"}


def make_bill(path: Path, refdata: RefData, on: date, n: int, seed: int = 7) -> list[tuple]:
    """Write a CSV bill of ``n`` lines; return, per line, (item, spec, unit, the group it came from, which
    name the line uses)."""
    index = PriceIndex(refdata.prices, on)
    groups = list(index.current.groups)
    random.Random(seed).shuffle(groups)
    made = []
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["품명", "규격", "단위", "수량", "단가", "금액"])
        for i, group in enumerate(groups[:n]):
            row = max(group.current, key=price_of)
            name = estimate_style(group.class_names[0] if i % 2 and group.class_names else str(row["item"]))
            spec, unit = estimate_style(str(row["spec"])), _UNITS.get(str(row["unit"]), str(row["unit"]))
            quantity = Decimal(1 + i % 50)
            factor = Decimal("1.10") if i % 2 == 0 else Decimal("0.95")
            price = (price_of(row) * factor).to_integral_value(rounding=ROUND_DOWN) or Decimal(1)
            amount = (quantity * price).to_integral_value(rounding=ROUND_DOWN)
            writer.writerow([name, spec, unit, quantity, price, amount])
            made.append((name, spec, unit, group, "class name" if i % 2 and group.class_names else "product name"))
    return made


def whole_table_seconds(refdata: RefData, on: date, made: list[tuple], sample: int = 5) -> float:
    """Seconds per line when every row in force is scored for every line (the former look-up,
    without its per-line date filtering), on a few lines with the matcher's caches emptied."""
    from estimator import matching
    from estimator.references import in_force

    rows = in_force(refdata.prices, on)
    candidates = [(i, row) for i, row in enumerate(rows.fillna("").to_dict("records"))]
    for cache in (matching.name_score, matching.agreement, matching._meets, matching._spec_bonus):
        cache.cache_clear()
    start = time.perf_counter()
    for name, spec, unit, *_ in made[:sample]:
        matching.best_match(name, spec, unit, candidates, name_field=("item", "class_name"),
                            spec_field="spec", key_fields=("item", "spec", "unit"))
    return (time.perf_counter() - start) / sample


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    on = date.fromisoformat(sys.argv[2]) if len(sys.argv) > 2 else date(2025, 11, 1)
    start = time.perf_counter()
    refdata, origin = prices()
    loaded = time.perf_counter() - start
    print(f"prices: {len(refdata.prices):,} rows from {origin} (loaded in {loaded:.2f} s); date {on}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bill.csv"
        made = make_bill(path, refdata, on, n)
        lines = len(made)
        start = time.perf_counter()
        read(path)
        read_only = time.perf_counter() - start
        start = time.perf_counter()
        report = verify(path, refdata=refdata, as_of=on)
        whole = time.perf_counter() - start
        # Again in the same process: the matcher's caches of names and figures are warm.
        start = time.perf_counter()
        verify(path, refdata=refdata, as_of=on)
        again = time.perf_counter() - start
    print(f"read only : {read_only:7.3f} s, {lines / read_only:9,.0f} lines/s")
    print(f"verify    : {whole:7.3f} s, {lines / whole:9,.0f} lines/s ({lines:,} lines; the price index is "
          f"built in the run)")
    print(f"verify, second run in the process: {again:7.3f} s, {lines / again:9,.0f} lines/s")
    print(f"ratio verify / read: {whole / read_only:.1f}")
    coverage = report.coverage.rules.get("price-above-reference")
    priced = [f for f in report.findings if f.rule == "price-above-reference"]
    print(f"price rule: {coverage.checked:,} lines checked, {len(priced):,} findings, not checked: "
          f"{dict(coverage.reasons)}")
    # Whether each line found the very item it was made from (a fresh run: no cache shared).
    references = References(refdata, on)
    outcome: dict[str, Counter] = {}
    for name, spec, unit, group, named in made:
        found = references.price_lookup(name, spec, unit)
        got = found.outcome.code if found.reference is None else (
            "own item" if found.reference in group.current else "another item")
        outcome.setdefault(named, Counter())[got] += 1
    for named, counts in sorted(outcome.items()):
        print(f"lines named by the {named}: {dict(counts)}")
    per_line = whole_table_seconds(refdata, on, made)
    print(f"without the index (every row in force scored for each line, same matcher): {per_line:.3f} s per "
          f"line, about {per_line * lines:,.0f} s for {lines:,} lines")


if __name__ == "__main__":
    main()
