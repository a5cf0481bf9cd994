"""Checks of the audit-case builder from the written cells and CSVs, without any reader.

``builders_audit`` states the findings a verifier must report; these tests recompute every one
of them, and the arithmetic that makes the rest of the workbook consistent, from what openpyxl
and csv read back, so a slip in the builder's bookkeeping cannot hide behind itself.
"""

from __future__ import annotations

import csv
import re
from decimal import ROUND_DOWN, Decimal

import openpyxl
import pytest
from builders_audit import (
    AC_CASE,
    FIVE_POLE_CASES,
    AuditEstimate,
    build_ac_estimate,
    build_pole_estimate,
)
from cells import number, text, trunc, won

KINDS = ("material", "labour", "expense")
EXPENSE_HEADS = ("산출경비", "산재보험료", "고용보험료", "건강보험료", "노인장기요양보험료", "연금보험료",
                 "산업안전보건관리비", "환경보전비", "기타경비")
TRADES = {"보통인부", "특별인부", "통신외선공", "통신내선공", "기계설비공"}
# Written out again rather than imported: the point is to check the builder against the books.
ICT_POLE = {8: (Decimal("1.28"), Decimal("1.45")), 10: (Decimal("1.55"), Decimal("1.96")),
            12: (Decimal("2.20"), Decimal("2.31"))}
AC_STD = {"실내기": (Decimal("0.45"), Decimal("0.22")), "실외기": (Decimal("1.00"), Decimal("0.50"))}
COUNT_UNITS = {"개", "EA", "매", "장"}
BLOCK_REF = re.compile(r"^제(\d+)호표$")


def trunc_tenth(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.1"), rounding=ROUND_DOWN)


def pct(base: int, rate: str) -> int:
    return trunc(Decimal(base) * Decimal(rate) / 100)


def heads_from(direct: dict[str, int]) -> dict[str, int]:
    v = {"직접재료비": direct["material"], "직접노무비": direct["labour"], "산출경비": direct["expense"]}
    v["재료비"] = v["직접재료비"]
    v["간접노무비"] = pct(v["직접노무비"], "9.1")
    v["노무비"] = v["직접노무비"] + v["간접노무비"]
    v["산재보험료"] = pct(v["노무비"], "3.56")
    v["고용보험료"] = pct(v["노무비"], "1.05")
    v["건강보험료"] = pct(v["직접노무비"], "3.595")
    v["노인장기요양보험료"] = pct(v["건강보험료"], "13.14")
    v["연금보험료"] = pct(v["직접노무비"], "4.75")
    v["산업안전보건관리비"] = pct(v["재료비"] + v["직접노무비"], "2.93")
    v["환경보전비"] = pct(v["재료비"] + v["직접노무비"] + v["산출경비"], "0.5")
    v["기타경비"] = pct(v["재료비"] + v["노무비"], "4.6")
    v["경비"] = sum(v[n] for n in EXPENSE_HEADS)
    v["순공사원가"] = v["재료비"] + v["노무비"] + v["경비"]
    v["일반관리비"] = pct(v["순공사원가"], "5.5")
    v["이윤"] = pct(v["노무비"] + v["경비"] + v["일반관리비"], "12")
    v["총원가"] = v["순공사원가"] + v["일반관리비"] + v["이윤"]
    v["부가가치세"] = pct(v["총원가"], "10")
    v["도급액"] = (v["총원가"] + v["부가가치세"]) // 1000 * 1000
    return v


# --------------------------------------------------------------------------- reading cells back


class Book:
    """The written cells, parsed with nothing but their layout."""

    def __init__(self, est: AuditEstimate):
        self.est = est
        self.wb = openpyxl.load_workbook(est.path, data_only=True)
        self.bill = self.wb[est.bill_sheet]
        self.bd = self.wb[est.breakdown_sheet]
        self.bc, self.kc = est.bill_columns, est.breakdown_columns
        self._read_bill()
        self._read_blocks()
        self.wages = read_csv(est.wages_csv)
        self.prices = read_csv(est.prices_csv)

    def _read_bill(self) -> None:
        ws, c = self.bill, self.bc
        self.lines: dict[int, dict] = {}
        self.sections: dict[str, list[int]] = {}
        self.subtotals: list[tuple[int, list[int]]] = []
        self.total_row = 0
        section = None
        for r in range(4, ws.max_row + 1):
            item = text(ws.cell(r, c["item"]).value)
            if not item:
                continue
            if item == "소계":
                self.subtotals.append((r, self.sections[section]))
            elif item == "합계":
                self.total_row = r
            elif ws.cell(r, c["quantity"]).value is None:
                section = item
                self.sections[section] = []
            else:
                self.sections[section].append(r)
                self.lines[r] = {
                    "section": section, "item": item, "spec": text(ws.cell(r, c["spec"]).value),
                    "unit": text(ws.cell(r, c["unit"]).value), "quantity": number(ws.cell(r, c["quantity"]).value),
                    "remarks": text(ws.cell(r, c["remarks"]).value),
                    **{f"{k}_{p}": won(ws.cell(r, c[f"{k}_{p}"]).value)
                       for k in (*KINDS, "total") for p in ("price", "amount")},
                }

    def _read_blocks(self) -> None:
        """number -> {item, spec, unit, rows: [...], totals, total_row}; titles are '제N호표  item spec unit'."""
        ws, c = self.bd, self.kc
        self.blocks: dict[int, dict] = {}
        current = None
        for r in range(3, ws.max_row + 1):
            first = text(ws.cell(r, 1).value)
            m = re.match(r"^제(\d+)호표\s+(.*)$", first)
            if m:
                current = {"title": m.group(2), "title_row": r, "rows": []}
                self.blocks[int(m.group(1))] = current
            elif re.sub(r"\s", "", first) in ("품명", "") or current is None:
                continue
            elif re.sub(r"\s", "", first) == "합계":
                current["total_row"] = r
                current["totals"] = {k: number(ws.cell(r, c[f"{k}_amount"]).value) for k in KINDS}
                current["total"] = number(ws.cell(r, c["total_amount"]).value)
            else:
                current["rows"].append({
                    "row": r, "item": first, "spec": text(ws.cell(r, c["spec"]).value),
                    "unit": text(ws.cell(r, c["unit"]).value), "quantity": number(ws.cell(r, c["quantity"]).value),
                    "remarks": text(ws.cell(r, c["remarks"]).value),
                    **{f"{k}_{p}": number(ws.cell(r, c[f"{k}_{p}"]).value)
                       for k in (*KINDS, "total") for p in ("price", "amount")},
                })

    def unit_prices(self, number_: int) -> dict[str, int]:
        return {k: trunc(v) for k, v in self.blocks[number_]["totals"].items()}

    def line_block(self, row: int) -> int | None:
        m = BLOCK_REF.match(self.lines[row]["remarks"])
        return int(m.group(1)) if m else None

    def row_of(self, role: str) -> int:
        return self.est.line_rows[role]

    def wage(self, job: str) -> int:
        rows = [w for w in self.wages if w["job"] == job
                and w["effective_from"] <= f"{self.est.year}-07-01" <= w["effective_to"]]
        assert len(rows) == 1, job
        return int(rows[0]["wage_won"])

    def reference(self, item: str, spec: str, unit: str) -> int | None:
        """The 조달청 price in force on 1 July of the estimate's year, converted to ``unit``."""
        day = f"{self.est.year}-07-01"
        for p in self.prices:
            if (p["item"], p["spec"]) != (item, spec) or not p["effective_from"] <= day <= p["effective_to"]:
                continue
            price, have = int(p["price_won"]), p["unit"]
            if have == unit or {have, unit} <= COUNT_UNITS:
                return price
            if (have, unit) == ("m", "100m"):
                return price * 100
        return None

    def summary(self) -> dict[str, int]:
        ws = self.wb[self.est.summary_sheet]
        out = {}
        for r in range(4, ws.max_row + 1):
            label = re.sub(r"\s", "", text(ws.cell(r, 1).value) or text(ws.cell(r, 2).value))
            if label:
                out[label] = won(ws.cell(r, self.est.summary_amount_column).value)
        return out


def read_csv(path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


CASES = [*FIVE_POLE_CASES, AC_CASE]


@pytest.fixture(scope="module", params=CASES, ids=lambda c: c["name"])
def book(request, tmp_path_factory) -> Book:
    d = tmp_path_factory.mktemp(request.param["name"])
    build = build_ac_estimate if request.param is AC_CASE else build_pole_estimate
    est = build(d, **request.param)
    return Book(est)


# --------------------------------------------------------------------------- the cases


def test_pole_cases_cover_the_audit():
    assert len(FIVE_POLE_CASES) == 5
    assert {c["route"] for c in FIVE_POLE_CASES} == {"a", "b", "c"}
    assert {c["height_m"] for c in FIVE_POLE_CASES} == {8, 10, 12}
    assert {c["paved"] for c in FIVE_POLE_CASES} == {True, False}
    assert {c["year"] for c in FIVE_POLE_CASES} == {2019, 2020, 2021}
    assert len({c["name"] for c in FIVE_POLE_CASES}) == 5
    # Route c is tried both ways: the pole's name says 터파기 포함, or its spec says both works.
    assert {c.get("inclusion", "name") for c in FIVE_POLE_CASES if c["route"] == "c"} == {"name", "spec"}


def test_bad_arguments_are_refused(tmp_path):
    with pytest.raises(ValueError):
        build_pole_estimate(tmp_path, year=2019, height_m=8, paved=False, route="d", plates=1, name="x")
    with pytest.raises(ValueError):
        build_pole_estimate(tmp_path, year=2018, height_m=8, paved=False, route="a", plates=1, name="x")


# --------------------------------------------------------------------------- workbook and CSVs


def test_sheets_and_no_formulas(book):
    est = book.est
    assert book.wb.sheetnames == [est.summary_sheet, est.bill_sheet, est.breakdown_sheet]
    raw = openpyxl.load_workbook(est.path, data_only=False)
    for ws in raw.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert not (isinstance(cell.value, str) and cell.value.startswith("=")), cell.coordinate


def test_the_year_is_the_only_date_written(book):
    est = book.est
    assert text(book.bill.cell(1, 1).value).startswith(f"{est.year}년 ")
    assert f"{est.year}년" in text(book.wb[est.summary_sheet].cell(2, 1).value)
    # Nothing finer than the year, and no other year, anywhere: the verifier dates the estimate
    # from the text, and a stray '2021. 3. 2.' would outrank the title.
    full = re.compile(r"(19|20)\d{2}\s*(년|[.\-/])\s*\d{1,2}\s*(월|[.\-/])")
    for ws in book.wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert not full.search(cell.value), cell.value
                    assert all(int(y) == est.year for y in re.findall(r"((?:19|20)\d{2})\s*년", cell.value))
                else:
                    assert not hasattr(cell.value, "year"), cell.coordinate


def test_wages_csv(book):
    with open(book.est.wages_csv, encoding="utf-8") as f:
        assert f.readline().strip() == "job,sector,wage_won,effective_from,effective_to,source"
    rows = book.wages
    assert {r["job"] for r in rows} == TRADES
    for job in TRADES:
        years = sorted(r["effective_from"][:4] for r in rows if r["job"] == job)
        assert years == ["2019", "2020", "2021", "2026"], job
        assert len({r["wage_won"] for r in rows if r["job"] == job}) == 4
    for r in rows:
        y = r["effective_from"][:4]
        assert (r["effective_from"], r["effective_to"]) == (f"{y}-01-01", f"{y}-12-31")
        assert int(r["wage_won"]) > 0 and "not official" in r["source"] and r["sector"]


def test_prices_csv(book):
    with open(book.est.prices_csv, encoding="utf-8") as f:
        assert f.readline().strip() == "item,spec,unit,price_won,source,effective_from,effective_to,source_ref"
    rows = book.prices
    assert all(r["source"].startswith("조달청") for r in rows)
    plates = [r for r in rows if r["item"] == "불법광고물 방지판"]
    assert sorted(r["effective_from"] for r in plates) == ["2019-01-01", "2020-01-01", "2021-01-01"]
    assert len({r["price_won"] for r in plates}) == 3
    assert {(r["spec"], r["unit"]) for r in plates} == {("H=2.0m, 스테인리스", "매")}
    cables = [r for r in rows if r["item"] == "전원케이블"]
    assert {r["unit"] for r in cables} == {"m"} and len(cables) == 3


# --------------------------------------------------------------------------- 일위대가


def test_block_arithmetic(book):
    fractional = False
    assert sorted(book.blocks) == list(range(1, len(book.blocks) + 1))
    for n, b in book.blocks.items():
        assert b["rows"] and "total_row" in b, n
        for i, r in enumerate(b["rows"]):
            ref = BLOCK_REF.match(r["remarks"])
            if ref:
                # Another block used as a resource is priced at that block's unit prices.
                target = int(ref.group(1))
                assert target < n
                assert f"{r['item']} {r['spec']} {r['unit']}" == book.blocks[target]["title"]
                for k in KINDS:
                    assert r[f"{k}_price"] == book.unit_prices(target)[k]
            if r["item"] == "공구손료":
                trade = sum((x["labour_amount"] for x in b["rows"][:i] if x["unit"] == "인"), Decimal(0))
                assert r["quantity"] == 1 and r["expense_price"] == r["expense_amount"] == trunc_tenth(trade * 2 / 100)
            for k in KINDS:
                assert r[f"{k}_amount"] == trunc_tenth(r["quantity"] * r[f"{k}_price"]), (n, r["row"], k)
            assert r["total_price"] == sum(r[f"{k}_price"] for k in KINDS)
            assert r["total_amount"] == sum(r[f"{k}_amount"] for k in KINDS)
        for k in KINDS:
            assert b["totals"][k] == sum((r[f"{k}_amount"] for r in b["rows"]), Decimal(0)), (n, k)
            fractional |= b["totals"][k] != b["totals"][k].to_integral_value()
        assert b["total"] == sum(b["totals"].values())
    assert fractional, "the 0.1-won totals must differ from their 계금"


def test_block_wages_are_the_market_wages(book):
    labour_rows = [r for b in book.blocks.values() for r in b["rows"] if r["unit"] == "인"]
    assert labour_rows
    for r in labour_rows:
        assert r["item"] in TRADES
        assert r["labour_price"] == book.wage(r["item"]), r["item"]
        assert r["material_price"] == r["expense_price"] == 0


def test_block_titles_match_expected(book):
    for b in book.est.blocks:
        assert book.blocks[b.number]["title"] == f"{b.item} {b.spec} {b.unit}"
        assert book.blocks[b.number]["total_row"] == b.total_row


# --------------------------------------------------------------------------- 내역서


def test_bill_lines(book):
    assert sorted(book.lines) == book.est.bill_lines
    assert [text(book.bill.cell(3, c).value) for c in range(1, 14)] == [
        "품명", "규격", "단위", "수량", "재료비단가", "재료비금액", "노무비단가", "노무비금액",
        "경비단가", "경비금액", "합계단가", "합계금액", "비고"]
    for row, line in book.lines.items():
        for k in KINDS:
            assert line[f"{k}_amount"] == trunc(line["quantity"] * line[f"{k}_price"]), (row, k)
        assert line["total_price"] == sum(line[f"{k}_price"] for k in KINDS)
        assert line["total_amount"] == sum(line[f"{k}_amount"] for k in KINDS)
        block = book.line_block(row)
        assert block == book.est.line_blocks.get(row)
        if block is not None:
            for k in KINDS:
                assert line[f"{k}_price"] == book.unit_prices(block)[k], (row, k)


def test_bill_totals(book):
    est, ws, c = book.est, book.bill, book.bc
    assert book.subtotals == est.bill_subtotal_rows
    assert [r for _, rows in book.subtotals for r in rows] == sorted(book.lines)
    fields = [*(f"{k}_amount" for k in KINDS), "total_amount"]
    for row, children in book.subtotals:
        for f in fields:
            assert won(ws.cell(row, c[f]).value) == sum(book.lines[x][f] for x in children), (row, f)
    assert book.total_row == est.bill_total_row
    for f in fields:
        assert won(ws.cell(book.total_row, c[f]).value) == \
            sum(won(ws.cell(r, c[f]).value) for r, _ in book.subtotals)
    assert {k: won(ws.cell(book.total_row, c[f"{k}_amount"]).value) for k in KINDS} == est.direct


# --------------------------------------------------------------------------- 원가계산서


def test_cost_summary(book):
    est, ws, c = book.est, book.bill, book.bc
    direct = {k: won(ws.cell(book.total_row, c[f"{k}_amount"]).value) for k in KINDS}
    expected = heads_from(direct)
    stated = book.summary()
    assert len(stated) == len(expected) == 21
    assert stated == expected
    assert stated["도급액"] == est.contract_total > 0
    assert {h.name: h.stated for h in est.heads} == expected
    # Each written basis is the rate applied to the sum of the stated heads it names.
    sheet = book.wb[est.summary_sheet]
    checked = 0
    for r in range(4, sheet.max_row + 1):
        basis = re.sub(r"\s", "", text(sheet.cell(r, 4).value))
        m = re.fullmatch(r"\(?([^()x×]+)\)?[x×]([\d.]+)%", basis)
        if m:
            base = sum(stated[name] for name in m.group(1).split("+"))
            assert won(sheet.cell(r, 3).value) == pct(base, m.group(2)), basis
            checked += 1
    assert checked == 12


# --------------------------------------------------------------------------- findings


def test_findings_point_at_their_lines(book):
    est = book.est
    assert est.findings
    assert [(f.sheet, f.row) for f in est.findings] == sorted((f.sheet, f.row) for f in est.findings)
    for f in est.findings:
        assert f.sheet == est.bill_sheet
        assert text(book.bill.cell(f.row, book.bc["item"]).value) == f.item
        assert f.confidence in ("certain", "probable")
        assert (f.route is not None) == (f.rule == "duplicate-scope")


def pole_facts(book: Book) -> dict:
    pole_row = book.row_of("pole")
    pole = book.lines[pole_row]
    block = book.blocks[book.line_block(pole_row)]
    m = re.match(r"H=(\d+)m", pole["spec"])
    return {"row": pole_row, "line": pole, "block": block, "height": int(m.group(1)),
            "poles": pole["quantity"], "paved": "포장구간" in pole["spec"]}


def expected_duplicates(book: Book) -> dict[int, tuple[str, str, int]]:
    """row -> (route, confidence, over_won), worked out from the cells alone."""
    p = pole_facts(book)
    wording = p["line"]["item"] + " " + p["line"]["spec"]
    excavation_rows = [r for r in p["block"]["rows"]
                       if (r["item"], r["spec"], r["unit"]) == ("터파기(인력)", "보통토사", "㎥")]
    out = {}
    for row, line in book.lines.items():
        if line["section"] != p["line"]["section"] or "폴 기초" not in line["spec"] or line["unit"] != "㎥":
            continue
        if line["item"].startswith("터파기"):
            work, per_pole = "터파기", Decimal("0.6")
        elif line["item"].startswith("되메우기"):
            work, per_pole = "되메우기", Decimal("0.5")
        else:
            continue
        assert line["quantity"] == p["poles"] * per_pole
        if work == "터파기" and excavation_rows:
            # Route a: the block shows the per-pole volume and it is the separate line's volume.
            (ex,) = excavation_rows
            assert BLOCK_REF.match(ex["remarks"]) and line["quantity"] == p["poles"] * ex["quantity"]
            out[row] = ("a", "certain", line["total_amount"])
        elif re.search(rf"{work}[^,]*포함", wording):
            out[row] = ("c", "certain", line["total_amount"])
        else:
            out[row] = ("b", "probable", line["total_amount"])
    return out


def test_duplicate_scope(book):
    est = book.est
    found = {f.row: (f.route, f.confidence, f.over_won) for f in est.findings if f.rule == "duplicate-scope"}
    if est.kind != "pole":
        assert not found
        return
    expected = expected_duplicates(book)
    assert len(expected) == 2
    assert found == expected
    assert est.route in {route for route, _, _ in expected.values()}
    p = pole_facts(book)
    # Route a is the only one whose pole block carries the excavation row.
    has_row = any(r["item"] == "터파기(인력)" for r in p["block"]["rows"])
    assert has_row == (est.route == "a")
    assert not any(r["item"].startswith("되메우기") for r in p["block"]["rows"])


def test_pole_labour_is_at_the_standard(book):
    if book.est.kind != "pole":
        pytest.skip("pole estimates only")
    p = pole_facts(book)
    outer, common = ICT_POLE[p["height"]]
    if p["paved"]:
        common *= Decimal("1.25")
    labour = {r["item"]: r["quantity"] for r in p["block"]["rows"] if r["unit"] == "인"}
    assert labour == {"통신외선공": outer, "보통인부": common}


def test_price_above_reference(book):
    est = book.est
    found = {f.row: f.over_won for f in est.findings if f.rule == "price-above-reference"}
    expected = {}
    for row, line in book.lines.items():
        ref = book.reference(line["item"], line["spec"], line["unit"])
        if ref is None:
            continue
        over = line["material_amount"] - trunc(line["quantity"] * ref)
        if over > 0:
            expected[row] = over
            assert line["material_price"] > ref and "물가정보" in line["remarks"]
        else:
            assert over == 0, row  # the decoys sit exactly at the reference
    assert found == expected
    if est.kind == "pole":
        assert len(expected) == 1
        # Both decoys are present and converted: EA ↔ 매, 100m ↔ m.
        decoys = {(book.lines[r]["item"], book.lines[r]["unit"]) for r in book.lines
                  if book.reference(book.lines[r]["item"], book.lines[r]["spec"], book.lines[r]["unit"])
                  and r not in expected}
        assert decoys == {("불법광고물 방지판", "EA"), ("전원케이블", "100m")}
        cable = book.lines[book.row_of("cable-decoy")]
        assert cable["material_price"] == 100 * book.reference("전원케이블", cable["spec"], "m")


def test_labour_above_standard(book):
    est = book.est
    found = {f.row: f.over_won for f in est.findings if f.rule == "labour-above-standard"}
    if est.kind != "ac":
        assert not found
        return
    expected, at_standard = {}, 0
    for row, line in book.lines.items():
        n = book.line_block(row)
        if n is None:
            continue
        block = book.blocks[n]
        assert block["title"].startswith("천장형 에어컨 설치 ")
        fitter, common = AC_STD[line["spec"][:3]]
        standard = {"기계설비공": fitter, "보통인부": common}
        labour_rows = [r for r in block["rows"] if r["unit"] == "인"]
        assert {r["item"] for r in labour_rows} == set(standard)
        corrected = trunc(sum((trunc_tenth(standard[r["item"]] * r["labour_price"]) for r in labour_rows),
                              Decimal(0)))
        over = line["labour_amount"] - trunc(line["quantity"] * corrected)
        if over > 0:
            expected[row] = over
            assert all(r["quantity"] > standard[r["item"]] for r in labour_rows)
        else:
            assert over == 0 and all(r["quantity"] == standard[r["item"]] for r in labour_rows)
            at_standard += 1
    assert at_standard == 1 and len(expected) == 2
    assert found == expected


def test_decoy_lines_have_no_finding(book):
    flagged = {f.row for f in book.est.findings}
    decoys = [r for role, r in book.est.line_rows.items() if role.endswith("-decoy")]
    assert decoys and not flagged & set(decoys)
    if book.est.kind == "pole":
        conduit = book.lines[book.row_of("conduit-decoy")]
        assert conduit["item"] == "관로 터파기" and conduit["section"] == "3. 관로공사"
        assert book.line_block(book.row_of("conduit-decoy")) == 1


def test_totals_after_correction(book):
    est = book.est
    per_line: dict[int, int] = {}
    for f in est.findings:
        if f.confidence in ("certain", "probable") and f.over_won > 0:
            per_line[f.row] = max(per_line.get(f.row, 0), f.over_won)
    assert est.direct_over_won == sum(per_line.values()) > 0

    # Apply each correction to the written amounts, then run the same cost summary again.
    amounts = {row: {k: line[f"{k}_amount"] for k in KINDS} for row, line in book.lines.items()}
    for f in est.findings:
        line = book.lines[f.row]
        if f.rule == "duplicate-scope":
            amounts[f.row] = dict.fromkeys(KINDS, 0)
        elif f.rule == "price-above-reference":
            amounts[f.row]["material"] = line["material_amount"] - f.over_won
        elif f.rule == "labour-above-standard":
            amounts[f.row]["labour"] = line["labour_amount"] - f.over_won
    corrected = {k: sum(a[k] for a in amounts.values()) for k in KINDS}
    assert corrected == est.corrected_direct
    assert heads_from(corrected)["도급액"] == est.corrected_contract_total < est.contract_total
    assert est.corrected_contract_total % 1000 == 0
