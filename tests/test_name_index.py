"""The prefilter's name index returns exactly what scoring every name returns.

The index scores only names that share a word with the query or enough characters to reach the
cutoff; these tests compare it with the plain scan — every name scored by rapidfuzz, the best 40
of each query kept — over the bundled references' names and the items of real bills, plus
generated strings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from estimator.matching import PREFILTER, NameIndex, words

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parents[1]


def scan(item: str, spec: str, names: list[str], limit: int = PREFILTER) -> list[int]:
    """Every name scored: the definition the index must keep."""
    found = set()
    for query in (" ".join(words(item)), " ".join(words(f"{item} {spec}"))):
        found |= {h[2] for h in process.extract(query, names, scorer=fuzz.token_set_ratio, limit=limit,
                                                score_cutoff=50)}
    return sorted(found)


@pytest.fixture(scope="module")
def name_lists():
    from estimator.priceindex import Catalog
    from estimator.refdata.tables import bundled
    from estimator.references import References

    lists = {}
    for on in (date(2023, 1, 18), date(2026, 3, 1)):
        references = References(bundled(), on)
        lists[f"standards {on}"] = references._candidates()[2].names
        references.price_lookup("시험", "", "m")
        lists[f"prices {on}"] = references._prices.current.names.names
        lists[f"all prices {on}"] = Catalog(references._prices.groups, False).names.names
    return lists


@pytest.fixture(scope="module")
def queries():
    from estimator import read

    found = []
    for path in (DATA / "g2b_20221225183_gwangju_museum_original.BID", ROOT / "examples" / "cctv_pole_estimate.xlsx"):
        found += [(line.item, line.spec) for line in read(path).lines]
    found += [(f"품목 {i}", f"규격 {i % 40}") for i in range(50)]
    found += [("", ""), ("CCTV 폴", "H=8m"), ("터파기", ""), ("a b c d", "e f"), ("보통인부", "인")]
    return list(dict.fromkeys(found))


def test_index_equals_the_scan_on_real_names(name_lists, queries):
    assert len(queries) > 1000
    for label, names in name_lists.items():
        index = NameIndex(list(names))
        wrong = [(item, spec) for item, spec in queries if index.prefilter(item, spec) != scan(item, spec, names)]
        assert wrong == [], (label, wrong[:5])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="가나다라 터파기설치abc1", min_size=0, max_size=12), min_size=1, max_size=60),
       st.text(alphabet="가나다라 터파기설치abc1", max_size=14), st.text(alphabet="가나 abc1", max_size=6),
       st.integers(min_value=1, max_value=8))
def test_index_equals_the_scan_on_generated_names(names, item, spec, limit):
    joined = [" ".join(words(n)) for n in names]
    index = NameIndex(joined)
    assert index.prefilter(item, spec, limit) == scan(item, spec, joined, limit)
