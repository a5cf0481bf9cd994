"""Matching estimate wording to reference rows: synonyms, spacing, specs with figures, units, decoys."""

from pathlib import Path

import pytest
import yaml

from estimator.matching import best_match, conditions, name_score, spec_fits, words

TABLE = yaml.safe_load((Path(__file__).parent / "matching_cases.yml").read_text(encoding="utf-8"))
REFERENCES = [(r["id"], r) for r in TABLE["references"]]


@pytest.mark.parametrize("case", TABLE["cases"], ids=lambda c: f"{c['item']}|{c['spec']}|{c['unit']}")
def test_matching_case(case):
    outcome = best_match(case["item"], case["spec"], case["unit"], REFERENCES, key_fields=("id",))
    got = outcome.match.key["id"] if outcome.match else None
    assert got == case["expect"], outcome.as_evidence()
    if got is None:
        assert outcome.reason


def test_enough_cases_with_decoys():
    assert len(TABLE["cases"]) >= 30
    assert sum(1 for c in TABLE["cases"] if c["expect"] is None) >= 4


def test_words_and_scores():
    assert words("터 파 기 (인력)") == ["터파기", "인력"]
    assert words("φ114.3×4.5T") == words("Φ114.3x4.5t") == ["φ114.3x4.5t"]
    assert name_score("인력터파기", "터파기(인력)") == name_score("터파기 인력", "터파기(인력)") == 100
    assert name_score("관로 터파기", "터파기") < 80


def test_spec_conditions():
    assert [(c.low, c.high, c.unit) for c in conditions("6~12이하")] == [(6, 12, "")]
    assert spec_fits("실외기 10kW", "실외기 6~12이하") is True
    assert spec_fits("실외기 14kW", "실외기 6~12이하") is False
    assert spec_fits("H=8m", "H=10m") is False and spec_fits("8M", "H=8m") is True
    assert spec_fits("스테인리스", "H=2.0m") is None


def test_evidence_carries_score_and_key():
    outcome = best_match("CCTV 폴 설치", "H=8m", "본", REFERENCES, key_fields=("id", "work", "spec"))
    evidence = outcome.as_evidence()
    assert evidence["matched"] == {"id": "pole-8", "work": "CCTV 폴 설치", "spec": "H=8m (설계하중 200㎏ 이하)"}
    assert evidence["score"] >= 100
