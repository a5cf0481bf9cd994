"""The HTML report, loaded in a real headless Chromium: no console error, the totals in the
rendered page equal the JSON's, the charts carry the amounts by rule, nothing in it is a link or
a request, and a screenshot is written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from browser import render, require_chromium
from dressed import HOSTILE, dressed_example

KEYS = ("direct_over_won", "total_over_won", "contract_total_won", "recomputed_total_won", "corrected_total_won")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "estimator", *args], capture_output=True, text=True, timeout=300)


def won(text: str) -> int | None:
    return None if text == "—" else int(text.replace(",", "").replace("+", ""))


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("html")
    source = dressed_example(folder)
    made = {}
    for lang in ("ko", "en"):
        html = folder / f"report-{lang}.html"
        result = run("verify", str(source), "--format", "html", "-o", str(html), "--lang", lang)
        assert result.returncode == 1 and result.stdout == "" and result.stderr == "", result.stderr
        made[lang] = html
    out = folder / "report.json"
    assert run("verify", str(source), "--format", "json", "-o", str(out)).returncode == 1
    return made, json.loads(out.read_text(encoding="utf-8")), folder


SELECTORS = ["[data-total]", "#verdict", "#findings tbody tr.finding", "td.item", "#chart-rule text.amount",
             "#chart-rule rect", "#chart-section text.amount", 'tr[data-head="도급액"] td.corrected',
             "#coverage tbody tr", "a", "[src], [href], link, iframe, object, embed", "html[lang]", "svg"]


def test_the_page_renders_with_the_json_totals(pages, tmp_path):
    require_chromium()
    made, report, _ = pages
    shot = tmp_path / "report-ko.png"
    page = render(made["ko"], SELECTORS, screenshot_to=shot)
    assert page.errors == [], page.errors
    assert [won(t) for t in page.texts["[data-total]"]] == [report["totals"][k] for k in KEYS]
    assert page.texts["#verdict"][0].startswith("판정:") and f"{report['totals']['direct_over_won']:,}" in \
        page.texts["#verdict"][0]
    assert len(page.texts["#findings tbody tr.finding"]) == len(report["findings"])
    # The chart by rule: one bar per rule with a counted finding, its amount derived from the JSON.
    by_rule: dict[str, int] = {}
    for f in report["findings"]:
        if f["confidence"] in ("certain", "probable") and f["over_won"] > 0 and "superseded_by" not in f["evidence"]:
            by_rule[f["rule"]] = by_rule.get(f["rule"], 0) + f["over_won"]
    order = [r for r in ("arithmetic", "duplicate-scope", "wage-above-market", "labour-above-standard",
                         "price-above-reference", "rate-above-cap") if r in by_rule]
    assert [won(t) for t in page.texts["#chart-rule text.amount"]] == [by_rule[r] for r in order]
    assert len(page.texts["#chart-rule rect"]) == len(order)
    assert sum(won(t) for t in page.texts["#chart-section text.amount"]) == report["totals"]["direct_over_won"]
    assert won(page.texts['tr[data-head="도급액"] td.corrected'][0]) == report["totals"]["corrected_total_won"]
    assert len(page.texts["#coverage tbody tr"]) == len(report["coverage"])
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and len(page.screenshot) > 20_000


def test_an_item_named_as_a_formula_is_text_and_nothing_links_out(pages):
    require_chromium()
    made, report, _ = pages
    page = render(made["ko"], SELECTORS)
    assert HOSTILE in page.texts["td.item"]
    assert page.texts["a"] == [] and page.texts["[src], [href], link, iframe, object, embed"] == []
    html = made["ko"].read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html and "default-src 'none'" in html


def test_english_page(pages):
    require_chromium()
    made, report, _ = pages
    page = render(made["en"], SELECTORS)
    assert page.errors == []
    assert page.texts["#verdict"][0].startswith("Verdict:")
    assert [won(t) for t in page.texts["[data-total]"]] == [report["totals"][k] for k in KEYS]


def test_print_css_and_self_contained(pages):
    made, _, _ = pages
    html = made["ko"].read_text(encoding="utf-8")
    assert "@media print" in html and "@page" in html
    # One file: no stylesheet, script or image is fetched from anywhere.
    assert "<link" not in html and " src=" not in html and "url(" not in html
