"""Report.frames(): the same findings, totals and lines as the JSON report, money never a float."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from estimator import verify

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "examples" / "cctv_pole_estimate.xlsx"
BID = ROOT / "tests" / "data" / "g2b_20221225183_gwangju_museum_original.BID"


@pytest.fixture(scope="module", params=[EXAMPLE, BID], ids=["example", "bid"])
def both(request):
    report = verify(request.param)
    return report, report.frames(), json.loads(report.to_json())


def test_the_keys_and_money_types(both):
    _, frames, _ = both
    assert list(frames) == ["lines", "findings", "breakdowns", "cost_summary", "coverage"]
    for name, frame in frames.items():
        for column in frame.columns:
            assert frame[column].dtype.kind != "f", (name, column)  # no float column anywhere
    lines = frames["lines"]
    for column in [c for c in lines.columns if c.endswith(("_price", "_amount"))]:
        assert str(lines[column].dtype) == "Int64"
    assert str(frames["findings"]["over_won"].dtype) == "Int64"
    for column in ("stated", "recomputed", "corrected"):
        assert str(frames["cost_summary"][column].dtype) == "Int64"
    assert all(isinstance(q, Decimal) for q in lines["quantity"] if q is not None)


def test_findings_are_the_json_findings(both):
    _, frames, report = both
    findings = frames["findings"]
    assert len(findings) == len(report["findings"])
    for row, finding in zip(findings.to_dict("records"), report["findings"]):
        for key, value in finding.items():
            got = row[key]
            assert (None if got is pd.NA else got) == value, key
    counted = findings[findings["in_direct_total"]]
    assert int(counted["over_won"].sum()) == report["totals"]["direct_over_won"]
    expected = sum(f["over_won"] for f in report["findings"] if f["confidence"] in ("certain", "probable")
                   and f["over_won"] > 0 and "superseded_by" not in f["evidence"])
    assert int(counted.groupby("section")["over_won"].sum().sum()) == expected


def test_lines_are_the_json_lines(both):
    result, frames, report = both
    lines = frames["lines"]
    assert len(lines) == report["lines"]["read"] and int(lines["lump_sum"].sum()) == report["lines"]["lump_sums"]
    assert lines.drop(columns=["section_top", "link", "link_method", "lump_sum"]).equals(result.estimate.lines_frame())
    linked = {(link["sheet"], link["row"]): f"{link['book']} {link['block']}" for link in report["links"]}
    shown = {(s, r): l for s, r, l in zip(lines["sheet"], lines["row"], lines["link"]) if l is not pd.NA}
    assert shown == linked
    top = [s.split(" > ")[0] if s else pd.NA for s in lines["section"]]
    assert [x if x is not pd.NA else None for x in lines["section_top"]] == [x if x is not pd.NA else None for x in top]


def test_cost_summary_is_the_json_s(both):
    _, frames, report = both
    heads = frames["cost_summary"]
    if report["cost_summary"] is None:
        assert dict(zip(heads["head"], heads["recomputed"])) == report["recomputed_heads"]
    else:
        assert list(heads["head"]) == [h["name"] for h in report["cost_summary"]["heads"]]
        for row, head in zip(heads.to_dict("records"), report["cost_summary"]["heads"]):
            for key in ("stated", "recomputed", "corrected"):
                assert (None if row[key] is pd.NA else row[key]) == head[key]
            assert row["rate"] == (None if head["rate"] is None else Decimal(head["rate"]))
    corrected = dict(zip(heads["head"], heads["corrected"]))
    assert corrected.get("도급액") == report["totals"]["corrected_total_won"]


def test_breakdowns_and_coverage(both):
    _, frames, report = both
    rows = frames["breakdowns"]
    resources = [(b, r) for b in report["breakdowns"] for r in b["resources"]]
    assert len(rows) == len(resources)
    for row, (block, resource) in zip(rows.to_dict("records"), resources):
        assert (row["number"], row["row"], row["item"]) == (block["number"], resource["row"], resource["item"])
        for kind, amount in resource["amounts"].items():
            assert row[f"{kind}_amount"] == (None if amount is None else Decimal(amount))
    assert frames["coverage"].to_dict("records") == report["coverage"]


def test_breakdown_amounts_keep_tenths_of_a_won():
    rows = verify(EXAMPLE).frames()["breakdowns"]
    tenths = [a for a in rows["labour_amount"] if a is not None and a != a.to_integral_value()]
    assert tenths and all(isinstance(a, Decimal) for a in tenths)
