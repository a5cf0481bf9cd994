"""Rule ``duplicate-scope``: work priced twice, once inside another line and once on its own.

Anti-pattern: excavation (터파기) and backfill (되메우기) estimated as separate lines beside a
pole installation whose standard breakdown already includes them — the audit's 22,139 thousand
won over five contracts. Correct practice: work included in an item's breakdown or standard is
not priced again; separate lines are for work the standard says is costed separately.
Basis: 예정가격작성기준 제2조; the standard quantities' notes ([주]: "…을 포함한다").

A line L is inside another line P when L's work — the head noun of its name, spaced or
compounded (``관로 터파기``, ``인력터파기``, ``터파기(기계)`` are all 터파기) — is one P includes: (a) P's
breakdown lists it as a row (a pole block with a 터파기 row), (b) the standard matched to P — the
same work on the same object as P — says it includes it (CCTV pole: 터파기 and 되메우기), unless
that standard says L's variant is separate (암반터파기), or (c) P's own name or spec says so
(``설치(터파기 포함)``). Scope is attributed before anything is claimed: L belongs to P when its
name or spec names P's object or its family (``폴 기초`` beside ``강관주 설치``), when it sits in
P's section, or when its quantity is P's volume (count × the per-unit quantity of P's breakdown,
or P's own quantity when the units agree). A line naming another work's object (``관로 터파기``,
``맨홀 터파기``) is not P's. Words and families come from the vocabulary (``data/vocabulary.toml``).
``over_won`` = L's whole stated amount. Confidence: certain when the document itself shows both
(route a with matching quantity, route c) and scope is attributed; probable when scope is
attributed otherwise (route b, or route a without matching quantity); possible when scope could
not be attributed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..coverage import Coverage
from ..findings import CERTAIN, POSSIBLE, PROBABLE, Finding
from ..linking import expand
from ..model import COST_KINDS, Estimate, Line
from ..units import parse_unit
from ..worknames import mentioned_words, other_works_in, parse
from .blockmath import breakdown_evidence

DOC_KO = """규칙 ``duplicate-scope``: 다른 항목에 이미 포함된 작업을 별도 행으로 다시 계상함.

안티패턴: 표준 일위대가에 터파기·되메우기가 포함된 전주(폴) 설치 옆에 터파기·되메우기를 별도 행으로
계상 — 감사에서 5개 계약 22,139천원. 올바른 방법: 항목의 일위대가나 표준품셈에 포함된 작업은 다시
계상하지 않고, 표준품셈이 별도 계상하라고 한 작업만 별도 행으로 둔다. 근거: 예정가격작성기준 제2조,
표준품셈 [주] "…을 포함한다".

행 L의 작업(품명의 중심 명사: ``관로 터파기``, ``인력터파기``, ``터파기(기계)``는 모두 터파기)이 다른
행 P에 포함되는 경우: (a) P의 일위대가에 그 작업이 행으로 있음, (b) P에 대응하는 표준품셈(같은 대상의
같은 작업)이 포함한다고 함 — 그 표준이 별도라고 한 변형(암반터파기)은 제외 —, (c) P의 품명·규격에
"포함"이라고 적음. 지적 전에 귀속을 확인한다: L이 P의 대상이나 그 계열을 적었거나(``강관주 설치``
옆의 ``폴 기초``), P와 같은 공종에 있거나, 물량이 P의 물량(P 수량 × 일위대가의 단위당 물량, 또는 단위가
같을 때 P의 수량)과 같을 때. 다른 대상의 작업(``관로 터파기``, ``맨홀 터파기``, ``건물 터파기``)은 P의
것이 아니다. 용어와 계열은 용어 파일(``data/vocabulary.toml``)에 있다.

``over_won`` = L의 기재 금액 전부. 확실: 문서 자체가 둘 다 보여 줌(물량이 맞는 a, c)과 귀속이 확인됨;
유력: 그 밖의 귀속(b, 물량이 다른 a, 다른 대상도 함께 적은 행); 검토 필요: 귀속 불확인.
"""

RULE_ID = "duplicate-scope"
# Quantities that measure the work (a count or a lump sum of 1 says nothing about scope).
_MEASURED = ("volume", "area", "length", "mass")
_INCLUDED = re.compile(r"([^()\s,]+(?:\s*[·ㆍ,및]\s*[^()\s,]+)*)\s*포함")


def _text(line: Line, section: bool = False) -> str:
    return f"{line.item} {line.spec}" + (f" {' '.join(line.section)}" if section else "")


def other_work(candidate: Line, container: Line) -> list[str]:
    """The other-work families (관로, 맨홀 …) the candidate speaks of and the container does not: a
    work on those objects is theirs, never the container's."""
    return sorted(other_works_in(_text(candidate, section=True)) - other_works_in(_text(container, section=True)))


@dataclass
class Attribution:
    reasons: list[str]
    partial: bool = False  # the candidate also names an object the container does not: at most probable


def attributed(candidate: Line, container: Line, quantity: bool) -> Attribution | None:
    """Why the candidate line belongs to the container's scope (no reasons: nothing says it does);
    None when the candidate's name is about another object (``건물 터파기`` beside a pole)."""
    own = parse(_INCLUDED.sub(" ", container.item))
    theirs = set(own.things())
    families = own.object_families()
    known = theirs | {w for f in families for w in f.words}
    objects = [w for w in parse(candidate.item).things() if w not in known]
    said = [w for w in parse(candidate.item).things() if w in known]
    if objects and not said:
        return None
    named = mentioned_words(_text(candidate))
    reasons = []
    shared = sorted(w for w in theirs if w in named and not re.search(r"\d", w))
    kin = sorted(w for w in named if w not in theirs and any(w in f.words for f in families))
    if shared:
        reasons.append(f"names {', '.join(shared)}")
    elif kin:
        reasons.append(f"names the {', '.join(sorted(f.name for f in families))} family ({', '.join(kin)})")
    if candidate.section and candidate.section == container.section:
        reasons.append("same section")
    if quantity:
        reasons.append("quantity equals the container's")
    if objects:
        reasons.append(f"also names {', '.join(objects)}")
    return Attribution(reasons, partial=bool(objects))


def _excluded(candidate: Line, excludes: str) -> bool:
    """The standard says the candidate's work is separate (암반터파기 beside a pole that includes 터파기)."""
    mine, named = parse(candidate.item).head, mentioned_words(_text(candidate))
    for entry in filter(None, (e.strip() for e in str(excludes or "").split(";"))):
        work = parse(entry)
        specific = {*work.objects, *work.qualifiers}
        if work.head == mine and specific and specific <= named:
            return True
    return False


def _same_item(container: str, standard_work: str) -> bool:
    """The standard matched to a container is that container's own item: the same work on the same
    object (a near name — 콘크리트면처리 ~ 콘크리트 단면처리 — is another item)."""
    mine, theirs = parse(container), parse(standard_work)
    if not mine.head or mine.head != theirs.head:
        return False
    return not (mine.object and theirs.object) or mine.object == theirs.object


def _components(estimate: Estimate, references, j: int, memo: dict) -> list[tuple[str, str, dict]]:
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
    for match in _INCLUDED.finditer(_text(container)):
        for part in re.split(r"[·ㆍ,]|및", match.group(1)):
            if part.strip():
                found.append(("c", part.strip(), {"text": match.group(0)}))
    if references is not None:
        found += _included_by_standard(references, container.item, container.spec, container.unit, memo)
    return found


def _included_by_standard(references, item: str, spec: str, unit: str, memo: dict) -> list[tuple[str, str, dict]]:
    """The works the standard matched to a line includes (route b), read once per item."""
    key = (item, spec, unit)
    if key in memo:
        return memo[key]
    found: list[tuple[str, str, dict]] = []
    # The item without what it says it includes: 'CCTV 폴 설치(터파기 포함)' is a CCTV 폴 설치.
    bare_item = re.sub(r"\(\s*\)", "", _INCLUDED.sub("", item)).strip()
    bare_spec = _INCLUDED.sub("", spec).strip(" ,")
    standard = references.standard(bare_item, bare_spec, unit)
    if standard.outcome.match is not None and not standard.rows.empty \
            and _same_item(bare_item, str(standard.rows.iloc[0]["work"])):
        row = standard.rows.iloc[0]
        detail = {"standard": {"sector": row.get("sector", ""), "item_code": row.get("item_code", ""),
                               "work": row["work"], "spec": row["spec"], "edition": row["edition"],
                               "includes": row.get("includes", ""), "excludes": row.get("excludes", ""),
                               "provenance": row.get("provenance", "")},
                  "match": standard.outcome.as_evidence(), "_excludes": row.get("excludes", "")}
        for work in str(row.get("includes", "")).split(";"):
            if work.strip():
                found.append(("b", work.strip(), detail))
    memo[key] = found
    return found


def _routes(estimate: Estimate, index: int, by_work: dict, work: str):
    """Every (route, container line index, detail) that puts the line at ``index`` (whose work is
    ``work``) inside another line."""
    candidate = estimate.lines[index]
    own_link = estimate.links.get(index)
    seen = set()
    for route, j, name, detail in by_work.get(work, ()):
        if j == index or (route, j) in seen or (route == "a" and detail.get("_link") is own_link):
            continue
        if route == "b" and _excluded(candidate, detail.get("_excludes", "")):
            continue
        seen.add((route, j))
        yield route, j, {k: v for k, v in detail.items() if not k.startswith("_")}


def _quantity_matches(candidate: Line, container: Line, per_unit: str | None) -> bool:
    """The candidate's quantity is the container's volume: its count × the per-unit quantity of its
    breakdown, or the container's own quantity when their units agree."""
    if candidate.quantity is None or container.quantity is None:
        return False
    if per_unit is not None:
        expected = container.quantity * Decimal(per_unit)
    elif candidate.unit_normalised and candidate.unit_normalised == container.unit_normalised \
            and parse_unit(candidate.unit).kind in _MEASURED:
        expected = container.quantity
    else:
        return False
    return abs(candidate.quantity - expected) <= max(Decimal("0.01"), abs(expected) * Decimal("0.005"))


def check(estimate: Estimate, references=None, coverage: Coverage | None = None) -> list[Finding]:
    coverage = coverage if coverage is not None else Coverage()
    findings = []
    order = {"a": 0, "c": 1, "b": 2}
    works = [parse(line.item).head for line in estimate.lines]
    memo: dict = {}  # the standard's included works, by item
    by_work: dict[str, list] = {}
    for j, container in enumerate(estimate.lines):
        if container.quantity is None:
            continue
        for route, name, detail in _components(estimate, references, j, memo):
            head = parse(name).head
            # A line does not contain another line of its own work: such a component is no
            # container for any line, and listing it would make every line of that work scan it.
            if len(head) >= 2 and head != works[j]:
                by_work.setdefault(head, []).append((route, j, name, detail))
    for index, candidate in enumerate(estimate.lines):
        amount = candidate.money.stated_total()
        if not amount or amount <= 0:
            coverage.skipped(RULE_ID, "line", candidate.location, "unpriced")
            continue
        coverage.checked(RULE_ID, "line")
        best = None
        for route, j, detail in _routes(estimate, index, by_work, works[index]):
            container = estimate.lines[j]
            if other_work(candidate, container):
                continue
            quantity = _quantity_matches(candidate, container, detail.get("per_unit"))
            attribution = attributed(candidate, container, quantity)
            if attribution is None:
                continue
            reasons = attribution.reasons
            if reasons and not attribution.partial and (route == "c" or (route == "a" and quantity)):
                confidence = CERTAIN
            elif reasons:
                confidence = PROBABLE
            else:
                confidence = POSSIBLE
            if route == "b" and references is not None:
                confidence = references.cap(confidence)  # the standard is chosen by the date
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
