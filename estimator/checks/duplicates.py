"""Rule ``duplicate-scope``: work priced twice, once inside another line and once on its own.

Anti-pattern: excavation (터파기) and backfill (되메우기) estimated as separate lines beside a
pole installation whose standard breakdown already includes them — the audit's 22,139 thousand
won over five contracts. Correct practice: work included in an item's breakdown or standard is
not priced again; separate lines are for work the standard says is costed separately.
Basis: 예정가격작성기준 제2조; the standard quantities' notes ([주]: "…을 포함한다").

A line L is inside another line P when (a) P's breakdown lists L's work as a row (a pole block
with a 터파기 row), (b) the standard matched to P says it includes L's work (CCTV pole: 터파기 and
되메우기 included), or (c) P's own name or spec says so (``설치(터파기 포함)``). Scope is
attributed before anything is claimed: L belongs to P when its name or spec names P's object
(``폴 기초``), when it sits in P's section, or when its quantity is P's count × the per-unit
volume in P's breakdown. A line that names another work (``관로 터파기``) is not P's.
``over_won`` = L's whole stated amount. Confidence: certain when the document itself shows both
(route a with matching quantity, route c); probable when the reference says so (route b) or the
quantity does not match; possible when scope could not be attributed.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..findings import CERTAIN, POSSIBLE, PROBABLE, Finding
from ..linking import expand
from ..matching import name_score, words
from ..model import COST_KINDS, Estimate, Line
from .blockmath import breakdown_evidence

RULE_ID = "duplicate-scope"
# Words naming other works: excavation for these is not the pole's.
_OTHER_WORKS = ("관로", "배관", "맨홀", "전선관", "관거", "측구", "트렌치", "옹벽", "구조물", "집수정", "암거")
_GENERIC = {"설치", "인력", "기계", "보통토사", "및", "등", "포함", "공사", "작업"}
_INCLUDED = re.compile(r"([^()\s,]+(?:\s*[·ㆍ,및]\s*[^()\s,]+)*)\s*포함")


def names_work(component: str, line: Line) -> bool:
    """A component or included-work name denotes the line's work ('터파기' ~ '터파기(인력)')."""
    mine = [w for w in words(line.item) if w not in _GENERIC] or words(line.item)
    theirs = [w for w in words(component) if w not in _GENERIC] or words(component)
    if not mine or not theirs or len(theirs[0]) < 2 or len(mine[0]) < 2:
        return False
    # The work is the head word ('되메우기 및 다짐' is backfill, not compaction).
    return mine[0] == theirs[0] or name_score(line.item, component) >= 92


def _object_words(line: Line, candidate: Line) -> set[str]:
    """The words that name what the container is (폴, CCTV), not the work it says it includes."""
    text = _INCLUDED.sub(" ", re.sub(r"\([^)]*\)", " ", line.item))
    head = _key_word(candidate.item)
    return {w for w in words(text) if w not in _GENERIC and w != head and not re.search(r"\d", w)}


def attributed(candidate: Line, container: Line) -> list[str]:
    """Why the candidate line belongs to the container's scope (empty: it does not)."""
    text = f"{candidate.item} {candidate.spec}"
    scope = f"{text} {' '.join(candidate.section)}"
    if any(w in scope for w in _OTHER_WORKS if w not in f"{container.item} {container.spec} {' '.join(container.section)}"):
        return []
    reasons = []
    shared = _object_words(container, candidate) & set(words(text))
    if shared:
        reasons.append(f"names {', '.join(sorted(shared))}")
    if candidate.section and candidate.section == container.section:
        reasons.append("same section")
    return reasons


def _components(estimate: Estimate, references, j: int) -> list[tuple[str, str, dict]]:
    """What a line already contains: (route, work name, detail) from its breakdown, its own words,
    and the standard matched to it."""
    container = estimate.lines[j]
    found: list[tuple[str, str, dict]] = []
    link = estimate.links.get(j)
    block = estimate.block(link.block) if link else None
    if block is not None and not block.indexed:
        for resource, per_unit, path in expand(estimate, block):
            found.append(("a", resource.item, {"breakdown": breakdown_evidence(block),
                                               "component_row": resource.location.row, "component": resource.item,
                                               "per_unit": str(per_unit), "_link": link}))
        for resource in block.resources:
            inner = estimate.block(resource.ref) if resource.ref else None
            if inner is not None:
                found.append(("a", inner.item, {"breakdown": breakdown_evidence(block),
                                                "component_row": resource.location.row, "component": inner.item,
                                                "per_unit": str(resource.quantity), "_link": link}))
    for match in _INCLUDED.finditer(f"{container.item} {container.spec}"):
        for part in re.split(r"[·ㆍ,]|및", match.group(1)):
            if part.strip():
                found.append(("c", part.strip(), {"text": match.group(0)}))
    if references is not None:
        # The item without what it says it includes: 'CCTV 폴 설치(터파기 포함)' is a CCTV 폴 설치.
        bare_item = re.sub(r"\(\s*\)", "", _INCLUDED.sub("", container.item)).strip()
        bare_spec = _INCLUDED.sub("", container.spec).strip(" ,")
        standard = references.standard(bare_item, bare_spec, container.unit)
        # Only a standard that names the same work: a near name (콘크리트면처리 ~ 콘크리트 단면처리) is another item.
        if standard.outcome.match is not None and standard.outcome.match.score >= 100 and not standard.rows.empty:
            row = standard.rows.iloc[0]
            detail = {"standard": {"sector": row.get("sector", ""), "item_code": row.get("item_code", ""),
                                   "work": row["work"], "spec": row["spec"], "edition": row["edition"],
                                   "includes": row.get("includes", ""), "provenance": row.get("provenance", "")},
                      "match": standard.outcome.as_evidence()}
            for work in str(row.get("includes", "")).split(";"):
                if work:
                    found.append(("b", work, detail))
    return found


def _key_word(text: str) -> str:
    kept = [w for w in words(text) if w not in _GENERIC]
    return (kept or words(text) or [""])[0]


def _routes(estimate: Estimate, index: int, by_word: dict):
    """Every (route, container line index, detail) that puts the line at ``index`` inside another line."""
    candidate = estimate.lines[index]
    own_link = estimate.links.get(index)
    seen = set()
    for word in {_key_word(candidate.item), *words(candidate.item)}:
        for route, j, name, detail in by_word.get(word, ()):
            if j == index or (route, j) in seen or (route == "a" and detail.get("_link") is own_link):
                continue
            if _key_word(estimate.lines[j].item) == _key_word(candidate.item):
                continue  # a line does not contain another line of its own work
            if names_work(name, candidate):
                seen.add((route, j))
                yield route, j, {k: v for k, v in detail.items() if not k.startswith("_")}


def _quantity_matches(candidate: Line, container: Line, per_unit: str | None) -> bool:
    if per_unit is None or candidate.quantity is None:
        return False
    expected = container.quantity * Decimal(per_unit)
    return abs(candidate.quantity - expected) <= max(Decimal("0.01"), abs(expected) * Decimal("0.005"))


def check(estimate: Estimate, references=None) -> list[Finding]:
    findings = []
    order = {"a": 0, "c": 1, "b": 2}
    by_word: dict[str, list] = {}
    for j, container in enumerate(estimate.lines):
        if container.quantity is None:
            continue
        for route, name, detail in _components(estimate, references, j):
            by_word.setdefault(_key_word(name), []).append((route, j, name, detail))
    for index, candidate in enumerate(estimate.lines):
        amount = candidate.money.stated_total()
        if not amount or amount <= 0:
            continue
        best = None
        for route, j, detail in _routes(estimate, index, by_word):
            container = estimate.lines[j]
            reasons = attributed(candidate, container)
            if not reasons and any(w in f"{candidate.item} {candidate.spec} {' '.join(candidate.section)}"
                                   for w in _OTHER_WORKS):
                continue
            quantity = route == "a" and _quantity_matches(candidate, container, detail.get("per_unit"))
            if reasons and (route == "c" or (route == "a" and quantity)):
                confidence = CERTAIN
            elif reasons:
                confidence = PROBABLE
            else:
                confidence = POSSIBLE
            rank = ({CERTAIN: 0, PROBABLE: 1, POSSIBLE: 2}[confidence], order[route])
            if best is None or rank < best[0]:
                best = (rank, route, j, detail, confidence, reasons, quantity)
        if best is None:
            continue
        _, route, j, detail, confidence, reasons, quantity = best
        container = estimate.lines[j]
        how_ko = {"a": "일위대가에 이미 포함", "b": "표준품셈상 포함", "c": "품명·규격에 포함 명시"}[route]
        how_en = {"a": "already a row of its breakdown", "b": "included by the standard", "c": "stated as included"}[route]
        findings.append(Finding(
            rule=RULE_ID, location=candidate.location, item=candidate.item, over_won=amount, confidence=confidence,
            message_ko=(f"중복계상: '{candidate.item}'은(는) {container.location.sheet} {container.location.row}행 "
                        f"'{container.item} {container.spec}'에 {how_ko} → {amount:,}원"),
            message_en=(f"Counted twice: '{candidate.item}' is {how_en} of '{container.item} {container.spec}' "
                        f"(row {container.location.row}) → {amount:,} won"),
            evidence={"check": RULE_ID, "route": route,
                      "container": {"sheet": container.location.sheet, "row": container.location.row,
                                    "item": container.item, "spec": container.spec,
                                    "quantity": str(container.quantity)},
                      "attribution": reasons, "quantity_matches": quantity, **detail,
                      "corrected": {k: 0 for k in (*COST_KINDS, "total")}, "removes_line": True},
        ))
    return findings
