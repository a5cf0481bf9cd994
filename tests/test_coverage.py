"""Say what was checked: coverage per rule, the document's kind, the date assumed, and every
sentence in Korean first. Expected counts are derived here from the inputs."""

import csv
import json
import re
import string
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from estimator import dating, verify
from estimator.checks import RULES, documentation
from estimator.coverage import REASONS
from estimator.findings import COUNTED
from estimator.messages import CATALOGUE
from estimator.refdata.user import reference_data

DATA = Path(__file__).parent / "data"
BID = DATA / "g2b_20221225183_gwangju_museum_original.BID"
OFFICIAL = DATA / "g2b_20221225183_gwangju_museum_OFFICIAL_gongnaeyeok_T3.csv"
EXAMPLE = Path(__file__).parents[1] / "examples" / "cctv_pole_estimate.xlsx"


def _official_rows() -> list[dict]:
    with OFFICIAL.open(encoding="utf-8-sig", newline="") as handle:
        return [{k.split("(")[0].strip(): v for k, v in r.items()} for r in csv.DictReader(handle)]


def _number(text: str) -> Decimal:
    return Decimal((text or "0").replace(",", ""))


def test_blank_bid_is_a_blank_bill_with_its_counts_and_verdict():
    rows = _official_rows()
    parents = {(r["세부공사번호"], r["상위공종번호"]) for r in rows}
    lines = [r for r in rows if (r["세부공사번호"], r["공종번호"]) not in parents]
    money = [k + w for k in ("재료비", "노무비", "경비", "합계") for w in ("단가", "금액")]
    unpriced = sum(1 for r in lines if not any(_number(r[m]) for m in money))
    assert unpriced * 2 > len(lines)  # the file is what the test says it is

    result = subprocess.run([sys.executable, "-m", "estimator", "verify", str(BID), "--format", "json"],
                            capture_output=True, text=True, timeout=120)
    report = json.loads(result.stdout)
    assert report["document"] == {"kind": "blank_bill", "priced_lines": len(lines) - unpriced,
                                  "unpriced_lines": unpriced}
    coverage = {c["rule"]: c for c in report["coverage"]}
    assert set(coverage) == set(RULES)
    assert coverage["arithmetic"]["reasons"] == {"unpriced": unpriced}
    assert coverage["arithmetic"]["checked"] == len(lines) - unpriced
    assert coverage["price-above-reference"]["checked"] == 0
    assert coverage["labour-above-standard"]["checked"] == 0
    # The rows not checked are listed, each with its rule and code.
    assert sum(1 for r in report["coverage_rows"] if r["rule"] == "arithmetic") == unpriced
    # The exit status follows the findings as for any estimate: the bill's priced standard-market
    # items hold one probable double count (the kicker block's excavation).
    counted = [f for f in report["findings"] if f["confidence"] in COUNTED]
    assert result.returncode == (1 if counted else 0)
    assert [f["item"] for f in counted] == ["..kicker block 구간 터파기"]

    text = subprocess.run([sys.executable, "-m", "estimator", "verify", str(BID)],
                          capture_output=True, text=True, timeout=120).stdout
    ran = [rule for rule, c in coverage.items() if c["checked"]]
    verdict = [line for line in text.splitlines() if line.startswith("공내역서")]
    assert verdict == [f"공내역서(단가 미기재 {unpriced:,}/{len(lines):,}행): 단가·노임·품은 검증할 수 없음 — "
                       f"실행된 검사: {', '.join(ran)}"]


def test_priced_estimate_is_an_estimate():
    report = verify(EXAMPLE).to_dict()
    assert report["document"]["kind"] == "estimate"
    assert report["document"]["unpriced_lines"] * 2 <= report["document"]["priced_lines"]


@pytest.fixture
def frozen_today(monkeypatch):
    day = date(2026, 3, 2)
    monkeypatch.setattr(dating, "today", lambda: day)
    return day


def _undated_csv(tmp_path: Path) -> tuple[Path, Path]:
    bill = tmp_path / "bill.csv"
    bill.write_text("품명,규격,단위,수량,단가,금액\n불법광고물 방지판,H=2.0m 스테인리스,매,5,186000,930000\n",
                    encoding="utf-8")
    prices = tmp_path / "prices.csv"
    prices.write_text("item,spec,unit,price_won,source,effective_from,effective_to\n"
                      "불법광고물 방지판,H=2.0m 스테인리스,매,152000,조달청 가격정보 (test fixture),2026-01-01,2026-12-31\n",
                      encoding="utf-8")
    return bill, prices


def test_undated_csv_is_judged_on_the_run_date(tmp_path, frozen_today):
    bill, prices = _undated_csv(tmp_path)
    report = verify(bill, refdata=reference_data(prices=[str(prices)]))
    data = report.to_dict()
    assert data["estimate_date"] == {"date": frozen_today.isoformat(), "precision": "day",
                                     "source": "assumed (run date)"}
    assert report.references.on == frozen_today
    warning = next(w for w in data["warnings"] if frozen_today.isoformat() in w)
    assert "--as-of" in warning and "실행일" in warning
    (finding,) = [f for f in report.findings if f.rule == "price-above-reference"]
    # A 조달청 price matched exactly would be certain; on an assumed date it is at most probable.
    assert finding.confidence == "probable" and finding.over_won == 5 * (186000 - 152000)
    coverage = {c["rule"]: c for c in data["coverage"]}
    assert coverage["price-above-reference"]["caveats"] == {"assumed_date": 1}
    # Given the date, the same finding is certain and carries no caveat.
    dated = verify(bill, refdata=reference_data(prices=[str(prices)]), as_of=frozen_today)
    assert [f.confidence for f in dated.findings if f.rule == "price-above-reference"] == ["certain"]
    assert {c["rule"]: c for c in dated.to_dict()["coverage"]}["price-above-reference"]["caveats"] == {}


def test_a_2021_estimate_has_no_wages_in_force(tmp_path):
    from builders_audit import FIVE_POLE_CASES, build_pole_estimate

    case = next(c for c in FIVE_POLE_CASES if c["year"] == 2021)
    report = verify(build_pole_estimate(tmp_path, **case).path)
    assert report.estimate.date.value.year == 2021
    blocks = {id(report.estimate.block(link.block)): report.estimate.block(link.block)
              for link in report.estimate.links.values()}
    labour_rows = sum(1 for b in blocks.values() if not b.indexed for r in b.resources
                      if r.kind == "labour" and r.prices.get("labour") is not None and r.quantity is not None)
    assert labour_rows > 0
    wages = {c["rule"]: c for c in report.to_dict()["coverage"]}["wage-above-market"]
    assert wages == {"rule": "wage-above-market", "unit": "breakdown_row", "checked": 0,
                     "not_checked": labour_rows, "reasons": {"no_reference_in_force": labour_rows}, "caveats": {}}
    assert any("시중노임단가" in w and report.estimate.date.value.isoformat() in w for w in report.warnings)


def test_repeated_warnings_collapse_with_a_count():
    report = verify(BID)
    later = [m for m in report.warning_messages if m.code == "later_edition_only"]
    assert len(later) > 1
    collapsed = [w for w in report.warnings if "이후 판" in w]
    assert len(collapsed) == 1 and collapsed[0].endswith(f" 외 {len(later) - 1}건")
    english = [w for w in verify(BID, lang="en").warnings if "later edition" in w]
    assert english == [later[0].render("en") + f" (and {len(later) - 1} more of this kind)"]


def _fields(template: str) -> set[str]:
    return {f[1] for f in string.Formatter().parse(template) if f[1]}


def test_every_message_has_both_languages():
    for code, (ko, en) in CATALOGUE.items():
        assert ko and en, code
        assert _fields(ko) == _fields(en), code
        if code not in ("err_as_of",):  # a placeholder-only or option-only sentence may have no Hangul
            assert re.search("[가-힣]", ko), code
    for code, (ko, en) in REASONS.items():
        assert re.search("[가-힣]", ko) and en, code
    for rule in RULES:
        korean = documentation(rule, "ko")
        hangul, latin = len(re.findall("[가-힣]", korean)), len(re.findall("[A-Za-z]", korean))
        assert korean.startswith(f"규칙 ``{rule}``") and hangul > 3 * latin, rule
        assert documentation(rule, "en").startswith(f"Rule ``{rule}``")


@pytest.mark.parametrize("path", [EXAMPLE, BID], ids=["example", "bid"])
def test_a_korean_report_has_no_english_sentence(path):
    """Three English words in a row are an English sentence, once the document's own words, the
    reference rows' texts and the rule ids are taken out."""
    report = verify(path)
    text = report.to_text()
    taken = {str(path), *RULES}
    estimate = report.estimate
    for line in estimate.lines:
        taken |= {line.item, line.spec, line.unit, line.remarks}
    taken |= {s.name for s in estimate.sheets}
    for block in estimate.blocks:
        taken |= {block.item, block.spec, block.title}
    for finding in report.findings:
        for key in ("reference", "standard"):
            taken |= {str(v) for v in (finding.evidence.get(key) or {}).values()}
        taken.add(str(finding.evidence.get("allowed_source", "")))
        for material in finding.evidence.get("materials", []):
            taken |= {str(v) for v in material["reference"].values()}
    for word in sorted(taken, key=len, reverse=True):
        if len(word) > 2:
            text = text.replace(word, " ")
    english = re.findall(r"[A-Za-z]{2,}(?:[ ,;:'()\-]+[A-Za-z]{2,}){2,}", text)
    assert english == []
