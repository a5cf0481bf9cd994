"""Random bills in the layouts real estimating programs write, with their exact expected reading.

Each ``gen_*`` function writes one .xlsx (openpyxl, real merged cells for two-row headers) from a
seed and returns a ``Generated``: the role of every non-empty row of each bill sheet, the lines
with their money as written, the stated totals with the lines they sum, and at most one seeded
slip. The shapes are copied from the workbooks in ``tests/data/real_estimates`` (column order,
header merges, outline numbering, helper columns beyond 비고, padding and filler rows); the
content (names, specs, units, quantities, prices, counts of sections and lines) is random.

The expected figures are computed here from the very data written, with integer/Decimal
arithmetic: an amount is quantity × unit price cut toward zero to the won (절사), a kind layout's
합계 금액 is the sum of its kind amounts, and a total states the sum of the stated amounts beneath
it. This module is the test oracle: it must never import the code under test.

Only values are written, never formulas (openpyxl stores no cached results).
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

from builders import _cell_number
from builders_pps import trunc_won
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

__all__ = [
    "GENERATORS",
    "ExpectedLine",
    "ExpectedTotal",
    "Generated",
    "Slip",
    "gen_bracketed_totals",
    "gen_coincident_sums",
    "gen_cost_heads_on_top",
    "gen_notes_above_header",
    "gen_quotation_named_summary",
    "gen_resource_list_beside_bill",
    "gen_three_subcolumns",
    "gen_total_first",
    "reread_mismatches",
    "trunc_won",
]

KINDS = ("material", "labour", "expense")
MONEY_FIELDS = tuple(f"{k}_{r}" for k in (*KINDS, "total") for r in ("price", "amount"))
AMOUNT_FIELDS = tuple(f"{k}_amount" for k in (*KINDS, "total"))
KIND_FIELDS = frozenset(MONEY_FIELDS)
SINGLE_FIELDS = frozenset({"total_price", "total_amount"})


# --------------------------------------------------------------------------- expected reading


@dataclass
class ExpectedLine:
    sheet: str
    row: int
    item: str                      # the item's own name, without outline numbering or dots
    spec: str
    unit: str
    quantity: Decimal
    money: dict[str, int | None]   # every MONEY_FIELDS entry as written; None where the cell is blank
    columns: frozenset[str]        # the money fields the layout has a column for
    labour_quantity: Decimal | None = None   # the 노무비 수량 sub-column, where the layout has one


@dataclass
class ExpectedTotal:
    sheet: str
    row: int
    label: str
    money: dict[str, int | None]   # AMOUNT_FIELDS as written (None where blank)
    lines: list[int] | None        # rows of the lines whose amounts it adds up; None: not a sum of lines
    children_checked: bool = True  # whether the lines it sums are the rows it should be tied to
    required: bool = True          # False: a row of the cost block, not a sum of lines; its amounts are
                                   # checked only where the reader makes a stated total of it


@dataclass
class Slip:
    sheet: str
    row: int
    field: str                     # the money field seeded: "labour_amount", "total_amount", ...
    how: str                       # "off": an amount off by some won; "blank": an amount left blank
    over_won: int                  # stated − quantity × price cut to the won (blank counts as 0)


@dataclass
class Generated:
    path: Path
    bill_sheet: str
    roles: dict[tuple[str, int], str]          # every non-empty row of the bill sheet
    lines: list[ExpectedLine]
    totals: list[ExpectedTotal]
    slip: Slip | None
    sheet_roles: dict[str, str]                # the role each named sheet must be given
    group_rows: list[int] = field(default_factory=list)
    cells: dict[str, dict[tuple[int, int], object]] = field(default_factory=dict)   # sheet -> written cells
    description: str = ""


# --------------------------------------------------------------------------- arithmetic




@dataclass
class _Item:
    """A planned bill line: what is written, before and after a slip."""

    name: str
    spec: str
    unit: str
    qty: Decimal
    prices: dict[str, int | None]          # by kind (or {"total": p} in single-price layouts)
    labour_qty: Decimal | None = None
    amounts: dict[str, int | None] = field(default_factory=dict)
    slip: tuple[str, str, int] | None = None   # (kind, how, over_won)
    prefix: str = ""                       # outline numbering / dots / indentation written before the name
    extra: dict = field(default_factory=dict)

    def qty_for(self, kind: str) -> Decimal:
        return self.labour_qty if kind == "labour" and self.labour_qty is not None else self.qty

    def fill(self) -> _Item:
        self.amounts = {k: None if p is None else trunc_won(self.qty_for(k) * p)
                        for k, p in self.prices.items()}
        return self

    def sum_amounts(self) -> int:
        return sum(a or 0 for a in self.amounts.values())


def _seed_slip(rng: random.Random, items: list[_Item], *, kinds: bool) -> None:
    """Change one line's figure: an amount off by some won, or (kinds) a labour amount left blank."""
    blankable = [it for it in items
                 if kinds and (it.prices.get("labour") or 0) > 0 and (it.amounts["labour"] or 0) > 0]
    if blankable and rng.random() < 0.4:
        it = rng.choice(blankable)
        over = -it.amounts["labour"]
        it.amounts["labour"] = None
        it.slip = ("labour", "blank", over)
        return
    cands = [(it, k) for it in items for k, p in it.prices.items() if p and (it.amounts[k] or 0) > 0]
    if not cands:                      # nothing priced above a won: price the first line
        it = items[0]
        kind = next(iter(it.prices))
        it.prices[kind] = max(it.prices[kind] or 0, 1_000)
        it.qty = max(it.qty, Decimal(1))
        if it.labour_qty is not None:
            it.labour_qty = it.qty
        it.extra.pop("unpriced", None)
        for k in it.prices:
            it.prices[k] = it.prices[k] or 0
        it.fill()
        cands = [(it, kind)]
    it, kind = rng.choice(cands)
    size = rng.choice([rng.randint(2, 99), rng.randint(100, 9_999), rng.randint(10_000, 500_000)])
    d = rng.choice([1, -1]) * size
    if it.amounts[kind] + d <= 0:
        d = abs(d)
    it.amounts[kind] += d
    it.slip = (kind, "off", d)


# --------------------------------------------------------------------------- random content

KO_ORDER = "가나다라마바사아자차카타파하"
ROMAN = "ⅠⅡⅢⅣⅤ"


def _code(rng: random.Random, n: int, alphabet: str = string.ascii_uppercase + string.digits) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def _qty(rng: random.Random, unit: str) -> Decimal:
    if unit in ("개", "EA", "ea", "본", "대", "주", "SET", "조", "개소", "매", "경간"):
        return Decimal(rng.choice([rng.randint(1, 9), rng.randint(10, 60), rng.randint(61, 900)]))
    places = rng.choice([0, 0, 1, 2, 3])
    whole = rng.choice([rng.randint(0, 99), rng.randint(100, 2_999), rng.randint(3_000, 30_000)])
    q = Decimal(whole) + Decimal(rng.randint(0, 10 ** places - 1)).scaleb(-places)
    return q if q > 0 else Decimal(1)


def _price(rng: random.Random, lo: int = 10, hi: int = 900_000) -> int:
    p = rng.randint(lo, hi)
    step = rng.choice([1, 1, 10, 100, 1000])
    return max(lo, p // step * step)


def _kind_prices(rng: random.Random) -> dict[str, int]:
    shape = rng.choice(["all", "all", "material", "labour", "mat_lab", "lab_exp"])
    mat = _price(rng, 50, 800_000) if shape in ("all", "material", "mat_lab") else 0
    lab = _price(rng, 100, 400_000) if shape in ("all", "labour", "mat_lab", "lab_exp") else 0
    exp = _price(rng, 5, 60_000) if shape in ("all", "lab_exp") else 0
    return {"material": mat, "labour": lab, "expense": exp}


def _pick(rng: random.Random, table: list[tuple]) -> tuple[str, str, str]:
    name, specs, unit = rng.choice(table)
    spec = specs(rng) if callable(specs) else rng.choice(specs) if isinstance(specs, list) else specs
    return name, spec, unit


ELEC_ITEMS = [
    ("파상형 폴리에틸렌 전선관", lambda r: f"{r.choice([40, 50, 65, 80, 100])}㎜(가로등,신호,구내)", "m"),
    ("접지용비닐절연전선(F-GV)", lambda r: f"{r.choice([6, 10, 16, 25])}㎟", "m"),
    ("폴리에틸렌 난연케이블(옥외)",
     lambda r: f"0.6/1kv F-CV {r.choice([2, 3, 4])}C×{r.choice([2.5, 6, 10, 16, 25])}㎟", "m"),
    ("난연제어케이블", lambda r: f"F-CVV {r.choice([2, 5, 7])}Cx2.5㎟", "m"),
    ("접지봉", ["14Φ×1000 mm", "18Φ×1200 mm"], "개"),
    ("접지크램프(IEC 90)", ["16sq", "25sq"], "개"),
    ("케이블표지시트", ["0.23x400", "0.23x200"], "m"),
    ("압착단자", lambda r: f"R형동선 나압착 {r.choice([16, 25, 35])} ㎟", "개"),
    ("가로등 건주 기계화 시공", ["일반 5m-7m", "일반 10m-12m"], "식"),
    ("터파기(기계90%,인력10%)", ["보통토사", "혼합토사"], "㎥"),
    ("되메우기(기계90%,인력10%)", ["보통토사"], "㎥"),
    ("인력잔토처리", ["현장처리"], "㎥"),
    ("케이블 포설(가로등)", lambda r: f"{r.choice([6, 10, 16, 25])}㎟/{r.choice([2, 4])}C*1열", "m"),
    ("LED 가로등기구", lambda r: f"{r.choice([50, 100, 150])}W급", "개"),
    ("가로등기초", ["500x775x1050x1100(E)", "500X850X675X700"], "개"),
    ("가로등 제어반", lambda r: f"{r.choice([4, 6, 8])}회로", "개"),
    ("방수형 접속함", ["1등용,ELB부", "격등용"], "개"),
    ("핸드홀(기성품)", ["600x600x800", "900x900x1000"], "개"),
    ("교통신호등", ["1면3색(LED Φ300)", "1면4색(LED Φ300)"], "개"),
    ("보행등주", ["Φ125x4m"], "개"),
    ("레미콘", ["25-210-8", "25-24-15"], "㎥"),
    ("크레인트럭", ["20ton", "10ton"], "hr"),
    ("백호우", ["0.4㎥", "0.7㎥"], "hr"),
]

CIVIL_ITEMS = [
    ("벌목", "", "㎡"),
    ("벌개제근", "", "㎡"),
    ("임목 운반", lambda r: f"운반거리 L={r.randint(20, 900)}m", "㎥"),
    ("터파기(토사)", lambda r: f"TYPE-{r.randint(1, 3)}, 백호{r.choice(['0.7', '1.0'])}, 기계100%", "㎥"),
    ("되메우기(토사)", ["백호0.7, 기계100%", "인력100%"], "㎥"),
    ("흙쌓기", ["노체, 두께30cm, 다짐도90%이상", "노상, 두께20cm, 다짐도95%이상"], "㎥"),
    ("법면보호공", ["잔디붙임(줄떼)", "잔디붙임(평떼)"], "㎡"),
    ("흙 운반(토사)", lambda r: f"굴삭기1.0㎥+덤프24톤, L={r.randint(50, 990) / 1000:.3f}Km", "㎥"),
    ("목재규준틀", ["비탈규준틀", "수평규준틀"], "개"),
    ("소나무",
     lambda r: f"H{r.choice(['3.0', '3.5', '4.0'])}xW{r.choice(['1.5', '2.0'])}xR{r.randint(10, 20)}", "주"),
    ("느티나무", lambda r: f"H4.0xR{r.randint(10, 20)}", "주"),
    ("이팝나무", ["H3.0xR8", "H3.5xR10"], "주"),
    ("산철쭉", ["H0.3xW0.3", "H0.4xW0.4"], "주"),
    ("투수블럭포장", ["T60", "T80"], "m2"),
    ("흙콘크리트포장", ["T150"], "m2"),
    ("녹지경계석(직선)", ["150x150x1000"], "m"),
    ("집수정", ["600*600*H900", "900*900*H1200"], "EA"),
    ("우수관", lambda r: f"D{r.choice([300, 400, 450])}", "m"),
    ("원심력철근콘크리트관 접합및부설(소켓식)", lambda r: f"Ø {r.choice([250, 450, 600])}mm, 시공조건 B", "m"),
    ("콘크리트타설", ["장비사용, 무근구조물", "장비사용, 철근구조물"], "㎥"),
    ("거푸집", ["합판6회(간단)", "합판4회(보통)"], "㎡"),
    ("아스팔트 표층 기계포설(대형장비)", ["3.0m≤B, T=5cm"], "㎡"),
    ("보조기층(기계시공)", ["본선포장, T=20cm"], "㎥"),
    ("차선도색(페인트,기계식)", ["황색-실선", "백색-파선"], "㎡"),
    ("보차도경계석 설치", ["180×200×1000, A-TYPE(직선구간)"], "m"),
    ("생활체육시설", lambda r: f"{r.randint(1500, 2900)}*{r.randint(500, 900)}*H1760", "EA"),
    ("등의자", ["1600*533*H766"], "EA"),
]

CIVIL_SECTIONS = ["토     공", "우 수 공", "오 수 공", "상 수 공", "포 장 공", "구조물공", "부 대 공", "조 경 공",
                  "하수처리장", "지하저류조"]
CIVIL_HEADINGS = ["벌목 및 벌개제근", "임목폐기물", "법면보호공", "흙깎기", "터파기", "흙쌓기", "흙운반", "규준틀",
                  "식재", "시설물", "포장", "우수", "관 로 공", "원형맨홀", "경계석설치", "차선도색", "옹벽공", "배수공",
                  "소공원", "경관녹지", "가로수", "과속방지턱", "고원식횡단보도"]

BUILDING_SECTIONS = ["공통 가설 공사", "가  설  공  사", "철근콘크리트공사", "조  적  공  사", "석    공    사",
                     "타  일  공  사", "방  수  공  사", "금  속  공  사", "미  장  공  사", "창  호  공  사",
                     "도  장  공  사", "수  장  공  사"]
BUILDING_ITEMS = [
    ("레미콘 - 서울", lambda r: f"25-{r.choice([18, 21, 24, 27])}-{r.choice(['08', '12', '15'])}", "M3"),
    ("레미콘타설", ["철근(미할증)", "무근(미할증)"], "M3"),
    ("철근콘크리트용봉강", lambda r: f"이형봉강(SD400), HD-{r.choice([10, 13, 16, 19])}, 지정장소도", "TON"),
    ("철근현장가공 및 조립", ["보통(미할증)", "복잡(미할증)"], "TON"),
    ("합판거푸집", ["3회", "4회", "경사 3회", "곡면"], "M2"),
    ("유로폼", ["벽", "기초"], "M2"),
    ("시스템비계 설치 및 해체", "", "M2"),
    ("강관동바리 설치 및 해체", ["4.2m 이하"], "M2"),
    ("먹매김", "", "M2"),
    ("건축물 현장정리", ["철근콘크리트조"], "M2"),
    ("건축물보양 - 타일", ["톱밥"], "M2"),
    ("시멘트벽돌쌓기", ["0.5B", "1.0B"], "M2"),
    ("화강석 붙임", ["T30 버너구이", "T30 물갈기"], "M2"),
    ("자기질타일 붙임", ["300x300", "600x600"], "M2"),
    ("우레탄 도막방수", ["노출형 3mm", "비노출형 2mm"], "M2"),
    ("수성페인트", ["롤러칠 2회"], "M2"),
    ("경량철골 천정틀", ["M-BAR"], "M2"),
    ("이동식강관말비계", ["높이 2m, 3개월"], "대"),
    ("가설게이트", "", "EA"),
]
BUILDING_SUBHEADINGS = ["[ 지 하 공 사 ]", "[ 지 상 공 사 ]", "[ 기 타 공 사 ]", "[ 바닥 미장 ]", "[ 벽 미장 ]",
                        "[ 하드웨어 ]", "[ 벽도장공사 ]"]

QUOTE_ITEMS = [
    ("CCTV 카메라", ["200만화소 PTZ 30배", "400만화소 Bullet"], "대"),
    ("NVR", ["16CH 8TB", "32CH 16TB"], "대"),
    ("스위칭허브", ["L2 8포트 PoE", "L2 24포트"], "대"),
    ("UPS", ["3kVA", "5kVA"], "대"),
    ("광케이블", ["SM 4C", "SM 8C"], "m"),
    ("UTP 케이블", ["Cat.6 4P"], "m"),
    ("함체", ["옥외형 600x800x300"], "개"),
    ("CCTV 폴", ["8m", "6m"], "본"),
    ("안내표지판", ["알루미늄 450x600"], "개"),
    ("설치비", "", "식"),
]

INSTRUMENTS = ["LEVEL GAUGE", "PRESSURE GAUGE", "GATE VALVE", "CHECK VALVE", "STRAINER", "FLEXIBLE JOINT",
               "BALL TAP", "WATER METER", "FLOAT SWITCH", "AIR VENT", "BUTTERFLY VALVE", "SOLENOID VALVE"]
INSTRUMENT_SPECS = ["STS304", "50A", "80A", "100A", "25A", "10K", "SS400", "FC200"]
INSTRUMENT_SECTIONS = ["배관설비", "펌프설비", "밸브류", "위생설비", "소화설비", "급수설비"]

KIND_ITEMS = [
    ("터파기", ["토사, 백호 0.7㎥", "인력"], "㎥"),
    ("되메우기", ["다짐포함"], "㎥"),
    ("잔토처리", ["덤프트럭 15ton, L=5km"], "㎥"),
    ("레미콘", ["25-24-15", "25-21-12"], "㎥"),
    ("거푸집", ["합판 3회", "합판 4회"], "㎡"),
    ("이형철근", ["SD400 D13", "SD400 D16"], "ton"),
    ("보도블록 포설", ["인터로킹 200x200x60"], "㎡"),
    ("L형측구", ["300x300"], "m"),
    ("우수받이 설치", ["400x500"], "개"),
    ("아스팔트 포장", ["표층 t=5cm"], "㎡"),
    ("전선관 배관", ["PE 28C", "PE 36C"], "m"),
    ("강관주 설치", ["Φ114.3x4.5t H=4.5m"], "본"),
]
KIND_SECTIONS = ["토공사", "철근콘크리트공사", "포장공사", "배수공사", "전기공사", "부대공사"]

NOTES = ["※ 관급자재는 별도 계상함", "※ 본 내역서의 수량은 설계도서 기준임", "※ 부가가치세 별도",
         "※ 폐기물처리비는 별도 발주", "※ 단가는 조달청 가격정보 기준"]
PROJECTS = ["화성 청원지구 산업유통형 지구단위계획", "○○시 생활권 근린공원 조성사업", "○○천 정비사업",
            "○○로 보도 정비공사", "○○초등학교 증축공사", "○○지구 가로등 설치공사"]


# --------------------------------------------------------------------------- writing


class _Sheet:
    """One sheet being written: every cell and the role of every non-empty row are recorded."""

    def __init__(self, wb: Workbook, name: str, *, first: bool = False):
        if first:
            self.ws = wb.active
            self.ws.title = name
        else:
            self.ws = wb.create_sheet(name)
        self.name = name
        self.cells: dict[tuple[int, int], object] = {}
        self.roles: dict[tuple[str, int], str] = {}

    def put(self, row: int, col: int, value) -> None:
        if value is None:
            return
        if isinstance(value, Decimal):
            value = _cell_number(value)
        self.ws.cell(row, col, value)
        self.cells[(row, col)] = value

    def merge(self, r1: int, c1: int, r2: int, c2: int, value=None) -> None:
        self.put(r1, c1, value)
        if (r1, c1) != (r2, c2):
            self.ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)

    def role(self, row: int, role: str) -> None:
        assert (self.name, row) not in self.roles, (self.name, row)
        self.roles[(self.name, row)] = role

    def widths(self, widths: list[float]) -> None:
        for i, w in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = w


def _write_kinds(sh: _Sheet, row: int, it: _Item, cols: dict[str, int], zero: str) -> dict[str, int | None]:
    """Write a line's kind prices and amounts in ``cols`` (field -> column); return the money as written.

    ``zero`` says how a kind with price 0 is written: "zeros" (0 and 0), "blank" (nothing) or
    "amount" (a 0 amount only)."""
    money: dict[str, int | None] = dict.fromkeys(MONEY_FIELDS)
    for kind in KINDS:
        price, amount = it.prices[kind], it.amounts[kind]
        if price is None:                      # an unpriced line: amounts 0, prices blank
            written_price, written_amount = None, amount
        elif price == 0 and zero == "blank":
            written_price, written_amount = None, None
        elif price == 0 and zero == "amount":
            written_price, written_amount = None, amount
        else:
            written_price, written_amount = price, amount
        if it.slip and it.slip[0] == kind and it.slip[1] == "blank":
            written_amount = None
        for fld, value in ((f"{kind}_price", written_price), (f"{kind}_amount", written_amount)):
            if fld in cols:
                sh.put(row, cols[fld], value)
                money[fld] = value
    if "total_price" in cols and cols.get("_write_total_price", True):
        prices = [it.prices[k] for k in KINDS if it.prices[k] is not None]
        if prices:
            money["total_price"] = sum(prices)
            sh.put(row, cols["total_price"], money["total_price"])
    money["total_amount"] = it.sum_amounts()
    sh.put(row, cols["total_amount"], money["total_amount"])
    return money


def _line(sh: _Sheet, row: int, it: _Item, money: dict, columns: frozenset[str]) -> ExpectedLine:
    sh.role(row, "line")
    return ExpectedLine(sheet=sh.name, row=row, item=it.name, spec=it.spec, unit=it.unit, quantity=it.qty,
                        money=money, columns=columns, labour_quantity=it.labour_qty)


def _slip_of(sh: _Sheet, row: int, it: _Item) -> Slip | None:
    if it.slip is None:
        return None
    kind, how, over = it.slip
    return Slip(sheet=sh.name, row=row, field=f"{kind}_amount", how=how, over_won=over)


def _sum_money(lines: list[ExpectedLine], fields=AMOUNT_FIELDS) -> dict[str, int]:
    return {f: sum(l.money[f] or 0 for l in lines) for f in fields}


def _finish(wb: Workbook, path: Path, sheets: list[_Sheet], **kw) -> Generated:
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    gen = Generated(path=path, **kw)
    gen.cells = {s.name: s.cells for s in sheets}
    return gen


# --------------------------------------------------------------------------- 1. three sub-columns


ELEC_COLS = {"material_price": 8, "material_amount": 9, "labour_price": 11, "labour_amount": 12,
             "expense_price": 13, "expense_amount": 14, "total_price": 15, "total_amount": 16,
             "_write_total_price": False}
ELEC_FIELDS = frozenset(MONEY_FIELDS)


def _elec_bill(rng: random.Random, sh: _Sheet, project: str, slip: bool) -> dict:
    """The 내역서 of an electrical estimating program: labour with its own 수량 sub-column."""
    sh.widths([12, 8, 14, 28, 24, 6, 9, 10, 12, 9, 10, 12, 9, 11, 10, 13, 10])
    sh.put(1, 1, "총줄수->")
    sh.put(1, 3, "2.0")
    sh.merge(1, 4, 1, 17, f"[ {project} ]")
    sh.merge(1, 23, 1, 25, "노임 계산 정보")
    sh.put(1, 27, "부속재 및 손료")
    sh.role(1, "title")
    for col, text in ((1, "번호"), (2, "공종코드"), (3, "코드"), (4, "명   칭"), (5, "규   격"), (6, "단위"),
                      (7, "수량"), (16, "계"), (17, "비고")):
        sh.merge(2, col, 3, col, text)
    sh.merge(2, 8, 2, 9, "재료비")
    sh.merge(2, 10, 2, 12, "노무비")
    sh.merge(2, 13, 2, 14, "경비")
    for col, text in ((8, "단가"), (9, "금액"), (10, "수량"), (11, "단가"), (12, "금액"), (13, "단가"), (14, "금액"),
                      (15, "단가")):
        sh.put(3, col, text)
    for col, text in zip(range(23, 32), ["노임계", "전체(%)", "공종별(%)", "노임 소수", "CD배관재", "일반배관재",
                                         "소모재", "자재계", "노임계"]):
        sh.put(2, col, text)
    sh.put(3, 30, 1)
    sh.put(3, 31, 1)
    sh.role(2, "header")
    sh.role(3, "header")

    major_names = ["전기공사 (지구내)", "전기공사 (지구외)", "통신공사", "신호공사"]
    minor_names = ["가로등설비공사", "공원등설비공사", "신호등설비공사", "공원 통신설비 공사", "보안등설비공사",
                   "불법주정차단속시스템", "CCTV설비공사"]
    plan = []
    n_sections = rng.randint(1, 4)
    major = 1
    minor = 0
    for s in range(n_sections):
        if s and rng.random() < 0.4:
            major, minor = major + 1, 0
        minor += 1
        items = []
        for _ in range(rng.randint(1, 8)):
            name, spec, unit = _pick(rng, ELEC_ITEMS)
            if unit == "식":
                unit = "개"
            qty = _qty(rng, unit)
            if rng.random() < 0.07:       # an unpriced row: quantities, 0 amounts, no prices
                it = _Item(name, spec, unit, qty, dict.fromkeys(KINDS), labour_qty=qty)
                it.amounts = dict.fromkeys(KINDS, 0)
                it.extra["unpriced"] = True
            else:
                labour_qty, prices = qty, _kind_prices(rng)
                if unit == "m" and rng.random() < 0.35:   # a waste allowance on the material only
                    labour_qty = Decimal(rng.randint(20, 3_000))
                    qty = Decimal(trunc_won(labour_qty * Decimal(rng.choice(["1.02", "1.03", "1.05"]))))
                    qty = max(qty, labour_qty + 1)
                    prices["expense"] = 0        # as in the real rows: no 경비 beside a labour quantity
                it = _Item(name, spec, unit, qty, prices, labour_qty=labour_qty).fill()
            items.append(it)
        plan.append((major, minor, rng.choice(major_names), rng.choice(minor_names), items))
    if slip:
        priced = [it for *_, items in plan for it in items if not it.extra.get("unpriced")]
        _seed_slip(rng, priced or [plan[0][-1][0]], kinds=True)

    r = 4
    lines, totals, slips = [], [], []
    for major, minor, major_name, minor_name, items in plan:
        sh.put(r, 2, "공종줄")
        sh.merge(r, 4, r, 17, f"{major}.{major_name}::{major}-{minor}.{minor_name}")
        sh.role(r, "heading")
        r += 1
        section_code = f"{major:03d}{minor:02d}"
        section_lines = []
        for it in items:
            sh.put(r, 1, _code(rng, 11))
            sh.put(r, 2, section_code)
            sh.put(r, 3, _code(rng, rng.choice([12, 16])))
            sh.put(r, 4, it.name)
            sh.put(r, 5, it.spec or None)
            sh.put(r, 6, it.unit)
            sh.put(r, 7, it.qty)
            sh.put(r, 10, it.labour_qty)
            if it.extra.get("unpriced"):
                money = dict.fromkeys(MONEY_FIELDS)
                for fld in ("material_amount", "labour_amount", "expense_amount", "total_amount"):
                    money[fld] = 0
                    sh.put(r, ELEC_COLS[fld], 0)
            else:
                money = _write_kinds(sh, r, it, ELEC_COLS, "zeros")
            if rng.random() < 0.6:
                sh.put(r, 17, f"제 {rng.randint(1, 80)}호")
            if rng.random() < 0.4:
                sh.put(r, 29, 0)
                if rng.random() < 0.5:
                    sh.put(r, 28, 0)
            section_lines.append(_line(sh, r, it, money, ELEC_FIELDS))
            slips.append(_slip_of(sh, r, it))
            r += 1
        for i in range(rng.randint(0, 4)):        # zero-only rows padding the page
            for col in (9, 12, 14, 16):
                sh.put(r, col, 0)
            if i == 0 and rng.random() < 0.5:
                sh.put(r, 31, 0)
            sh.role(r, "filler")
            r += 1
        if rng.random() < 0.3:                    # a row holding only a helper value beyond 비고
            sh.put(r, 31, 0)
            sh.role(r, "filler")
            r += 1
        r += rng.choice([0, 0, 1, 3])             # blank rows
        sh.put(r, 2, "합계줄")
        sh.put(r, 4, "( 합       계 )")
        sums = _sum_money(section_lines)
        for fld in AMOUNT_FIELDS:
            sh.put(r, ELEC_COLS[fld], sums[fld])
        sh.role(r, "total")
        totals.append(ExpectedTotal(sh.name, r, "( 합       계 )", sums, [l.row for l in section_lines]))
        lines += section_lines
        r += 1
    sh.put(1, 2, str(r - 1))
    return {"lines": lines, "totals": totals, "slip": next((s for s in slips if s), None)}


def gen_three_subcolumns(dir: Path, seed: int, *, slip: bool = False) -> Generated:
    """재료비/노무비(수량,단가,금액)/경비 with a 계 column; 공종줄 headings, 합계줄 totals, zero fillers."""
    rng = random.Random(seed)
    wb = Workbook()
    sh = _Sheet(wb, "내역서", first=True)
    got = _elec_bill(rng, sh, rng.choice(PROJECTS), slip)
    return _finish(wb, Path(dir) / f"three_subcolumns_{seed}.xlsx", [sh], bill_sheet=sh.name, roles=sh.roles,
                   sheet_roles={sh.name: "bill"}, description="cw_elec_in_blank 내역서", **got)


# --------------------------------------------------------------------------- 6. resource list


def gen_resource_list_beside_bill(dir: Path, seed: int, *, slip: bool = False) -> Generated:
    """A 합산자재 sheet (unit prices per kind, 계 their sum, decimal quantities) beside the bill."""
    rng = random.Random(seed)
    wb = Workbook()
    project = rng.choice(PROJECTS)
    bill = _Sheet(wb, "내역서", first=True)
    got = _elec_bill(rng, bill, project, slip)
    name = rng.choice(["합산자재", "자재집계", "합산자재목록"])
    res = _Sheet(wb, name)
    if rng.random() < 0.5:
        wb.move_sheet(res.ws, offset=-1)
    paid = rng.random() < 0.5
    res.put(1, 1, "총줄수->")
    res.merge(1, 3, 1, 13 if paid else 12, f"[ {project} ] - 합산자재목록")
    headers = ["번호", "…", "코드", "명   칭", "규   격", "단위", "수량", "재료비", "노무비", "경비",
               *(["지급비"] if paid else []), "계", "비고"]
    for col, text in enumerate(headers, start=1):
        res.merge(2, col, 3, col, text)
    seen: dict[tuple[str, str], list] = {}
    for line in got["lines"]:
        key = (line.item, line.spec)
        entry = seen.setdefault(key, [line, Decimal(0)])
        entry[1] += line.quantity
    r = 4
    for (item, spec), (line, qty) in seen.items():
        waste = Decimal(rng.choice(["1", "1.02", "1.03", "1.05", "1.1"]))
        q = (qty * waste).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
        if q <= 0:
            continue
        prices = [line.money["material_price"] or 0, 0, 0]
        if rng.random() < 0.2:
            prices = [0, line.money["labour_price"] or 0, 0]
        res.put(r, 3, _code(rng, 16, string.digits))
        res.put(r, 4, item)
        res.put(r, 5, spec or None)
        res.put(r, 6, line.unit)
        res.put(r, 7, q)
        for i, p in enumerate(prices):
            res.put(r, 8 + i, p or None)
        res.put(r, 12 if paid else 11, sum(prices))
        r += 1
    res.put(1, 2, str(r - 1))
    return _finish(wb, Path(dir) / f"resource_list_{seed}.xlsx", [bill, res], bill_sheet=bill.name,
                   roles=bill.roles, sheet_roles={bill.name: "bill", res.name: "resource_list"},
                   description="cw_elec_in_blank 합산자재", **got)


# --------------------------------------------------------------------------- 2. 합계 before the kinds


TOTAL_FIRST_COLS = {"total_price": 5, "total_amount": 6, "material_price": 7, "material_amount": 8,
                    "labour_price": 9, "labour_amount": 10, "expense_price": 11, "expense_amount": 12}


def _civil_plan(rng: random.Random, sections: list[str], beneath: int) -> tuple[list, list[_Item]]:
    """Sections → subsections → entries (a line, or a heading with up to ``beneath`` lines under
    it), and every item in the order lines first, then the headings' lines."""
    def new_item() -> _Item:
        n, spec, unit = _pick(rng, CIVIL_ITEMS)
        return _Item(n, spec, unit, _qty(rng, unit), _kind_prices(rng)).fill()

    plan = []
    for name in sections:
        subs = []
        for sub_name in rng.sample(CIVIL_HEADINGS, rng.randint(1, 3)):
            entries = []
            for _ in range(rng.randint(1, 3)):
                if rng.random() < 0.5:
                    entries.append(("line", new_item()))
                else:
                    entries.append(("heading", rng.choice(CIVIL_HEADINGS),
                                    [new_item() for _ in range(rng.randint(1, beneath))]))
            subs.append((sub_name, entries))
        plan.append((name, subs))
    items = [e[1] for _, subs in plan for _, entries in subs for e in entries if e[0] == "line"]
    items += [it for _, subs in plan for _, entries in subs for e in entries if e[0] == "heading"
              for it in e[2]]
    return plan, items


def gen_total_first(dir: Path, seed: int, *, slip: bool = False) -> Generated:
    """공 종 명 | 규 격 | 수량 | 단위 | 합 계 | 재 료 비 | 노 무 비 | 경 비 | 비 고, nested 1식 outline."""
    rng = random.Random(seed)
    wb = Workbook()
    sh = _Sheet(wb, "내역서", first=True)
    sh.widths([40, 26, 9, 6, 11, 13, 11, 13, 11, 13, 11, 13, 10])
    sh.merge(1, 1, 2, 13, "내               역               서")
    sh.role(1, "title")
    for col, text in ((1, "공 종 명"), (2, "규 격"), (3, "수량"), (4, "단위"), (13, "비 고")):
        sh.merge(3, col, 4, col, text)
    for col, text in ((5, "합    계"), (7, "재 료 비"), (9, "노 무 비"), (11, "경    비")):
        sh.merge(3, col, 3, col + 1, text)
        sh.put(4, col, "단 가")
        sh.put(4, col + 1, "금 액")
    sh.role(3, "header")
    sh.role(4, "header")

    # plan: sections -> subsections -> entries (a line, or a heading with lines beneath)
    plan, items = _civil_plan(rng, rng.sample(CIVIL_SECTIONS, rng.randint(1, 4)), beneath=4)
    if slip:
        _seed_slip(rng, items, kinds=True)

    zero = rng.choice(["zeros", "blank", "amount"])
    r = 5
    groups = []
    sh.put(r, 1, f"Ⅰ. {rng.choice(PROJECTS)}")
    sh.put(r, 3, 1)
    sh.put(r, 4, "식")
    sh.role(r, "group")
    groups.append(r)
    r += 1

    def section_label(n: int, name: str) -> str:
        return f"{n:>3}. {name}"

    if rng.random() < 0.75:                       # the run of 1식 rows listing the sections below
        for n, (name, _) in enumerate(plan, start=1):
            sh.put(r, 1, section_label(n, name))
            sh.put(r, 3, 1)
            sh.put(r, 4, "식")
            sh.role(r, "group")
            groups.append(r)
            r += 1
        r += 1
    lines, slips = [], []

    def write_line(it: _Item, prefix: str) -> None:
        nonlocal r
        sh.put(r, 1, f"{prefix}{it.name}")
        sh.put(r, 2, it.spec or None)
        sh.put(r, 3, it.qty)
        sh.put(r, 4, it.unit)
        money = _write_kinds(sh, r, it, TOTAL_FIRST_COLS, zero)
        lines.append(_line(sh, r, it, money, KIND_FIELDS))
        slips.append(_slip_of(sh, r, it))
        r += 1

    def write_heading(text: str, *, count: bool) -> None:
        nonlocal r
        sh.put(r, 1, text)
        style = rng.random()
        if count and style < 0.3:
            sh.put(r, 2, f"{rng.randint(2, 12)}{rng.choice(['개소', '주', '개소'])}")
        elif style < 0.5:
            for col in rng.sample([5, 6, 8, 10, 12], rng.randint(1, 5)):
                sh.put(r, col, 0)
        sh.role(r, "heading")
        r += 1

    for n, (name, subs) in enumerate(plan, start=1):
        sh.put(r, 1, section_label(n, name))
        sh.put(r, 3, 1)
        sh.put(r, 4, "식")
        sh.role(r, "group")
        groups.append(r)
        r += 1
        for i, (sub_name, entries) in enumerate(subs):
            write_heading(f"  {KO_ORDER[i]}. {sub_name}", count=True)
            for j, entry in enumerate(entries, start=1):
                if entry[0] == "line":
                    write_line(entry[1], f"   {j}). ")
                else:
                    write_heading(f"   {j}). {entry[1]}", count=False)
                    for k, it in enumerate(entry[2]):
                        write_line(it, f"    {KO_ORDER[k]}). ")
            if rng.random() < 0.2:                # a zero-only row
                sh.put(r, rng.choice([8, 10, 12]), 0)
                sh.role(r, "filler")
                r += 1
            r += 1                                # blank row closing the group
    sh.put(r, 1, "합계금액")
    sums = _sum_money(lines)
    for fld in AMOUNT_FIELDS:
        sh.put(r, TOTAL_FIRST_COLS[fld], sums[fld])
    if rng.random() < 0.5:                        # the program also sums the unit prices
        for kind in (*KINDS, "total"):
            sh.put(r, TOTAL_FIRST_COLS[f"{kind}_price"], sum(l.money[f"{kind}_price"] or 0 for l in lines))
    sh.role(r, "total")
    totals = [ExpectedTotal(sh.name, r, "합계금액", sums, [l.row for l in lines])]
    return _finish(wb, Path(dir) / f"total_first_{seed}.xlsx", [sh], bill_sheet=sh.name, roles=sh.roles,
                   lines=lines, totals=totals, slip=next((s for s in slips if s), None),
                   sheet_roles={sh.name: "bill"}, group_rows=groups,
                   description="cw_civil_blank / cw_landscape_priced 내역서")


# --------------------------------------------------------------------------- 3. cost heads on top


ROAD_COLS = {"material_price": 5, "material_amount": 6, "labour_price": 7, "labour_amount": 8,
             "expense_price": 9, "expense_amount": 10, "total_price": 11, "total_amount": 12}


def _pct(base: int, rate: str) -> int:
    return trunc_won(Decimal(base) * Decimal(rate) / 100)


def gen_cost_heads_on_top(dir: Path, seed: int, *, slip: bool = False) -> Generated:
    """Helper columns after 비고, dotted outline names, and the cost heads as 1식 rows above the bill."""
    rng = random.Random(seed)
    wb = Workbook()
    sh = _Sheet(wb, "내역서", first=True)
    sh.widths([44, 30, 9, 6, 10, 12, 10, 12, 10, 12, 10, 13, 8])
    sh.put(1, 1, "내역서")
    sh.role(1, "title")
    for col, text in ((1, "공 종 명"), (2, "규 격"), (3, "수량"), (4, "단위"), (13, "비 고")):
        sh.merge(2, col, 3, col, text)
    for col, text in ((5, "재 료 비"), (7, "노 무 비"), (9, "경    비"), (11, "합    계")):
        sh.merge(2, col, 2, col + 1, text)
        sh.put(3, col, "단 가")
        sh.put(3, col + 1, "금 액")
    for col, text in zip(range(19, 26), ["할 증", "화폐변환", "OP값", "EQ", "LA", "MA", "금액계상"]):
        sh.put(3, col, text)
    sh.role(2, "header")
    sh.role(3, "header")
    SEQ, MARK, CODE, FORMULA = 16, 17, 18, 24

    # plan the bill first: its sums feed the cost heads above it
    sections = rng.sample(["토     공", "우 수 공", "상 수 공", "포 장 공", "구조물공", "부 대 공"], rng.randint(1, 4))
    plan, items = _civil_plan(rng, sections, beneath=3)
    if slip:
        _seed_slip(rng, items, kinds=True)
    M = sum(it.amounts["material"] or 0 for it in items)
    L = sum(it.amounts["labour"] or 0 for it in items)
    E = sum(it.amounts["expense"] or 0 for it in items)
    direct = M + L + E

    # the cost heads, from the stated sums
    il_rate = rng.choice(["19.1", "14.5", "9.1", "11.2"])
    indirect_labour = _pct(L, il_rate)
    labour = L + indirect_labour
    health = _pct(L, "3.595")
    heads = [("간접노무비", f"직접노무비 * {il_rate} %", indirect_labour),
             ("산재보험료", "노무비(직노 + 간노) * 3.56 %", _pct(labour, "3.56")),
             ("고용보험료", "노무비(직노 + 간노) * 1.01 %", _pct(labour, "1.01")),
             ("건강보험료", "직접노무비 * 3.595%", health),
             ("노인장기요양보험료", "건강보험료 * 13.14%", _pct(health, "13.14")),
             ("연금보험료", "직접노무비 * 4.75%", _pct(L, "4.75")),
             ("퇴직공제부금", "직접노무비 * 2.30%", _pct(L, "2.30")),
             ("산업안전보건관리비", "(재+직노) * 2.53%", _pct(M + L, "2.53")),
             ("환경보전비", "(재+직노+산경) * 0.9%", _pct(direct, "0.9")),
             ("기타경비", "(재료비+노무비) * 5.5%", _pct(M + labour, "5.5"))]
    keep = sorted(rng.sample(range(1, len(heads)), rng.randint(3, len(heads) - 1)))
    heads = [heads[0]] + [heads[i] for i in keep]
    indirect = sum(a for *_, a in heads)
    subtotal = direct + indirect
    expenses = E + indirect - indirect_labour
    overhead_rate = rng.choice(["8.0", "6.0", "5.5"])
    overhead = _pct(M + labour + expenses, overhead_rate)
    profit_rate = rng.choice(["15.0", "12.0", "10.0"])
    profit = _pct(labour + expenses + overhead, profit_rate)
    total = subtotal + overhead + profit
    vat = _pct(total, "10")
    cut = -((total + vat) % 1000) if rng.random() < 0.5 else None
    contract = total + vat + (cut or 0)

    prices_too = rng.random() < 0.5
    r = 4
    totals, groups = [], []
    project = rng.choice(PROJECTS)
    seq = iter(range(10, 100_000, 10))

    def helper(row: int, *, mark: str | None = None, code: str | None = None,
               formula: str | None = None) -> None:
        sh.put(row, SEQ, str(next(seq)))
        sh.put(row, MARK, mark)
        sh.put(row, CODE, code)
        sh.put(row, FORMULA, formula)

    def filler(mark: str | None = None) -> None:
        nonlocal r
        helper(r, mark=mark)    # the real row also holds spaces in 공종명, which xlsx does not keep
        sh.role(r, "filler")
        r += 1

    def amounts_row(row: int, money: dict[str, int]) -> None:
        for fld, value in money.items():
            sh.put(row, ROAD_COLS[fld], value)

    def block_total(label: str, money: dict[str, int], lines_=None, spec=None) -> None:
        nonlocal r
        sh.put(r, 1, f"   {label}")
        sh.put(r, 2, spec)
        helper(r, mark="*", code="F", formula=f"EQ = TOT({rng.randint(10, 250)})\n")
        amounts_row(r, money)
        sh.role(r, "total")
        totals.append(ExpectedTotal(sh.name, r, label, {f: money.get(f) for f in AMOUNT_FIELDS}, lines_,
                                    children_checked=False, required=False))
        r += 1

    def cost_head(label: str, basis: str | None, amount: int, unit: str = "식") -> None:
        nonlocal r
        sh.put(r, 1, f"   {label}")
        sh.put(r, 2, basis)
        sh.put(r, 3, 1)
        sh.put(r, 4, unit)
        helper(r, code="F", formula=f".EQ = LA(30) * 0.{rng.randint(10, 999)} = ?EQ\n")
        if prices_too:
            sh.put(r, ROAD_COLS["expense_price"], amount)
            sh.put(r, ROAD_COLS["total_price"], amount)
        sh.put(r, ROAD_COLS["expense_amount"], amount)
        sh.put(r, ROAD_COLS["total_amount"], amount)
        sh.role(r, "cost_head")
        r += 1

    def kinds(total_: int) -> dict[str, int]:
        return {"material_amount": M, "labour_amount": L, "expense_amount": total_ - M - L,
                "total_amount": total_}

    sh.put(r, 1, project)
    sh.put(r, 2, rng.choice(["진입도로", "본선", "부체도로"]))
    sh.put(r, 3, 1)
    sh.put(r, 4, "식")
    sh.put(r, 15, "A001")
    sh.role(r, "group")
    groups.append(r)
    r += 1
    sh.put(r, 1, f"   Ⅰ. {project}")
    sh.put(r, 3, 1)
    sh.put(r, 4, "식")
    helper(r, code="A002")
    sh.role(r, "group")
    groups.append(r)
    r += 1
    filler()
    direct_row = r
    block_total("▶ 직접공사비 계", kinds(direct), spec=rng.choice(["제경비적용(5억-30억미만, 6개월이하)", None]))
    number = 0
    for name, basis, amount in heads:
        number += 1
        cost_head(f"{number}. {name}", basis, amount)
    block_total("▶ 간접공사비 계", {"expense_amount": indirect, "total_amount": indirect})
    block_total("▶ 소    계", kinds(subtotal))
    number += rng.choice([1, 3])
    cost_head(f"{number}. 일반관리비", f"(재료비+노무비+경비) * {overhead_rate} %", overhead)
    cost_head(f"{number + 1}. 이    윤", f"(노무비+경비+일반관리비)*{profit_rate}%", profit)
    block_total("▶  합    계", kinds(total))
    cost_head(f"{number + 3}. 부가가치세", "(합계) * 10 %", vat)
    if cut is not None:
        cost_head(f"{number + 4}. 천원단위 절사", None, cut)
    sh.put(r, 1, "   ▶  도급공사비")
    sh.put(r, 3, 1)
    sh.put(r, 4, "식")
    helper(r, mark="*", code="F", formula="EQ = TOT(230,0,240)\n")
    amounts_row(r, kinds(contract))
    sh.role(r, "total")  # the cost summary's total (도급공사비), kept with the cost heads
    r += 1
    filler()
    block_total("▣ 총    계", kinds(contract))
    filler(mark="S")
    r += 1

    # the section list, then the sections
    sh.put(r, 1, f"Ⅰ. {project}")
    sh.put(r, 3, 1)
    sh.put(r, 4, "식")
    sh.put(r, 15, "A002")
    sh.role(r, "group")
    groups.append(r)
    r += 1
    for n, (name, _) in enumerate(plan, start=1):
        sh.put(r, 1, f"   {n}. {name}")
        sh.put(r, 3, 1)
        sh.put(r, 4, "식")
        helper(r, code=f"A0{n}0")
        sh.role(r, "group")
        groups.append(r)
        r += 1
    filler(mark="S")
    r += 1
    lines, slips = [], []

    def write_line(it: _Item, prefix: str) -> None:
        nonlocal r
        sh.put(r, 1, f"{prefix}{it.name}")
        sh.put(r, 2, it.spec or None)
        sh.put(r, 3, it.qty)
        sh.put(r, 4, it.unit)
        money = _write_kinds(sh, r, it, ROAD_COLS, "zeros")
        helper(r, code=rng.choice(["SA03800", "SB01100", "SC00050", "M0765063", "ZZ001003", "G"]))
        if rng.random() < 0.15:
            sh.put(r, 14, _code(rng, 11, string.digits))
        if rng.random() < 0.15:
            sh.put(r, 25, "E")
        lines.append(_line(sh, r, it, money, KIND_FIELDS))
        slips.append(_slip_of(sh, r, it))
        r += 1

    def heading(text: str) -> None:
        nonlocal r
        sh.put(r, 1, text)
        helper(r)
        sh.role(r, "heading")
        r += 1

    for n, (name, groups_) in enumerate(plan, start=1):
        sh.put(r, 1, f"{n}. {name}")
        sh.put(r, 3, 1)
        sh.put(r, 4, "식")
        sh.put(r, 15, f"A0{n}0")
        sh.role(r, "group")
        groups.append(r)
        r += 1
        seq = iter(range(10, 100_000, 10))
        for i, (sub, entries) in enumerate(groups_):
            filler()
            heading(f"   {rng.choice(['. ', '.'])}{KO_ORDER[i]}. {sub}")
            for j, entry in enumerate(entries, start=1):
                if entry[0] == "line":
                    write_line(entry[1], f"   .. {j}). ")
                else:
                    heading(f"   .. {j}). {entry[1]}")
                    for k, it in enumerate(entry[2]):
                        write_line(it, f"   ... {KO_ORDER[k]}). ")
        filler(mark="S")
        r += 1
    # ▶ 직접공사비 계 states the sum of every line below; it is the cost summary's row (kept with the
    # bill's cost heads), not a stated total over the lines, so its sum is the cost summary's to check.
    totals[0].lines = [l.row for l in lines]
    assert totals[0].row == direct_row
    return _finish(wb, Path(dir) / f"cost_heads_on_top_{seed}.xlsx", [sh], bill_sheet=sh.name, roles=sh.roles,
                   lines=lines, totals=totals, slip=next((s for s in slips if s), None),
                   sheet_roles={sh.name: "bill"}, group_rows=groups, description="cw_accessroad_blank 내역서")


# --------------------------------------------------------------------------- 4. bracketed totals


GSB_COLS = {"material_price": 13, "material_amount": 14, "labour_price": 15, "labour_amount": 16,
            "expense_price": 17, "expense_amount": 18, "total_price": 19, "total_amount": 20}


def gen_bracketed_totals(dir: Path, seed: int, *, slip: bool = False) -> Generated:
    """공종별내역서 with a class column repeating the section on every row, [ 합 계 ] totals, and a
    공종별집계표 restating each section's totals."""
    rng = random.Random(seed)
    wb = Workbook()
    summary = _Sheet(wb, "공종별집계표", first=True)
    sh = _Sheet(wb, "공종별내역서")
    building = rng.choice(["업무시설", "근린생활시설", "교육연구시설", "공동주택"])
    sh.widths([20, 8, 8, 6, 6, 8, 4, 2, 30, 28, 6, 9, 10, 12, 10, 12, 10, 12, 10, 13, 8])
    sh.merge(1, 9, 1, 21, f"[ {building} ]")
    sh.merge(1, 42, 1, 43, "지하층")
    sh.merge(1, 44, 1, 47, "지상층")
    sh.role(1, "title")
    for col, text in ((1, "대분류"), (2, "중분류"), (3, "소분류"), (4, "층분류"), (5, "주요실"), (9, "품      명"),
                      (10, "규      격"), (11, "단위"), (12, "수량"), (21, "비  고")):
        sh.merge(2, col, 3, col, text)
    sh.merge(2, 6, 3, 7, "수식관련")
    for col, text in ((13, "재  료  비"), (15, "노  무  비"), (17, "경      비"), (19, "합      계")):
        sh.merge(2, col, 2, col + 1, text)
        sh.put(3, col, "단  가")
        sh.put(3, col + 1, "금  액")
    helpers = ["품목코드", "변수", "설정", "공종코드", "일위", "단산", "자재", "손료적용", "손료저장", "적용율", "JUK1",
               "JUK2", "JUK3", "자재구분", "공종구분", "공종레벨", "공종+자재", "고유번호"]
    for col, text in enumerate(helpers, start=22):
        sh.merge(2, col, 3, col, text)
    sh.put(2, 42, "최하층")
    sh.put(2, 43, "기준층")
    sh.put(2, 44, "1층")
    sh.put(2, 45, "2층")
    sh.role(2, "header")
    sh.role(3, "header")
    V, Y, Z, AA, AB, AL, AM = 22, 25, 26, 27, 28, 38, 39

    sections = rng.sample(BUILDING_SECTIONS, rng.randint(1, 4))
    plan = []
    for s, name in enumerate(sections, start=1):
        code = f"01{s:02d}"
        blocks = []
        subheads = rng.sample(BUILDING_SUBHEADINGS, rng.randint(0, 2)) if rng.random() < 0.5 else []
        for sub in [None, *subheads]:
            its = []
            for _ in range(rng.randint(1 if sub else 0, 6)):
                n, spec, unit = _pick(rng, BUILDING_ITEMS)
                q = _qty(rng, unit)
                if rng.random() < 0.3 and unit not in ("EA", "대"):
                    q = (q + Decimal(rng.randint(1, 9999)) / 10_000).normalize()
                its.append(_Item(n, spec, unit, q, _kind_prices(rng)).fill())
            if sub is None and rng.random() < 0.15:          # a scrap credit: negative quantity
                q = -Decimal(rng.randint(1_000, 99_999)).scaleb(-rng.choice([2, 3]))
                its.append(_Item("철강설", "철강설, 고철, 작업설부산물", "TON", q,
                                 {"material": _price(rng, 100_000, 300_000), "labour": 0,
                                  "expense": 0}).fill())
            blocks.append((sub, its))
        if not any(its for _, its in blocks):
            blocks[0][1].append(_Item(*_pick(rng, BUILDING_ITEMS)[:2], "M2", Decimal(rng.randint(1, 999)),
                                      _kind_prices(rng)).fill())
        plan.append((code, name, blocks))
    if slip:
        _seed_slip(rng, [it for *_, blocks in plan for _, its in blocks for it in its], kinds=True)

    r = 4
    seq = 3
    lines, totals, slips, section_sums = [], [], [], []
    for code, name, blocks in plan:
        label = f"{code}  {name}"
        sh.put(r, 1, label)
        sh.put(r, 9, label)
        sh.put(r, Y, code)
        sh.role(r, "heading")
        r += 1
        section_lines = []
        for sub, its in blocks:
            if sub is not None:
                sh.put(r, 1, label)
                sh.put(r, 9, sub)
                for col in range(13, 21):
                    sh.put(r, col, 0)
                hexcode = _code(rng, 38, "0123456789ABCDEF")
                sh.put(r, V, hexcode)
                sh.put(r, Y, code)
                for col, flag in ((Z, "F"), (AA, "F"), (AB, "T")):
                    sh.put(r, col, flag)
                sh.put(r, AL, code + hexcode)
                sh.put(r, AM, seq)
                seq += 1
                sh.role(r, "heading")
                r += 1
            for it in its:
                sh.put(r, 1, label)
                sh.put(r, 2, rng.choice(["가설", "구조", "마감", "건축"]))
                sh.put(r, 3, rng.choice(["공통가설", "직접가설", "지하", "지상", None]))
                sh.put(r, 6, rng.choice(["연면적", "대지면적", "건축면적", "고정", "합산", None]))
                sh.put(r, 9, it.name)
                sh.put(r, 10, it.spec or None)
                sh.put(r, 11, it.unit)
                sh.put(r, 12, it.qty)
                money = _write_kinds(sh, r, it, GSB_COLS, "zeros")
                hexcode = _code(rng, 30, "0123456789ABCDEF")
                sh.put(r, V, hexcode)
                sh.put(r, Y, code)
                ilwi = rng.random() < 0.6
                for col, flag in ((Z, "T" if ilwi else "F"), (AA, "F"), (AB, "F" if ilwi else "T")):
                    sh.put(r, col, flag)
                sh.put(r, AL, code + hexcode)
                sh.put(r, AM, seq)
                seq += 1
                if rng.random() < 0.1:
                    sh.put(r, 42, Decimal(rng.randint(1, 99_999)).scaleb(-3))
                section_lines.append(_line(sh, r, it, money, KIND_FIELDS))
                slips.append(_slip_of(sh, r, it))
                r += 1
        for _ in range(rng.choice([0, rng.randint(1, 6), rng.randint(7, 20)])):    # page padding
            sh.put(r, 1, label)
            sh.role(r, "filler")
            r += 1
        sh.put(r, 1, label)
        sh.put(r, 9, "[ 합           계 ]")
        sums = _sum_money(section_lines)
        for fld in AMOUNT_FIELDS:
            sh.put(r, GSB_COLS[fld], sums[fld])
        sh.put(r, V, "TOTAL")
        sh.role(r, "total")
        totals.append(ExpectedTotal(sh.name, r, "[ 합           계 ]", sums, [l.row for l in section_lines]))
        section_sums.append((code, name, sums))
        lines += section_lines
        r += 1

    # 공종별집계표: each section's totals restated as a 1 | prices = amounts row
    su = summary
    su.widths([28, 12, 6, 6, 13, 14, 13, 14, 13, 14, 13, 14, 10, 8])
    su.merge(1, 1, 1, 14, "공 종 별 집 계 표")
    su.merge(2, 1, 2, 14, f"[ {building} ]")
    for col, text in ((1, "품      명"), (2, "규      격"), (3, "단위"), (4, "수량"), (13, "평당공사비"), (14, "비  고"),
                      (15, "공종코드"), (16, "변수"), (17, "상위공종"), (18, "공종구분"), (19, "공종레벨"), (20, "공종소계"),
                      (21, "원가계산서 연결금액")):
        su.merge(3, col, 4, col, text)
    for col, text in ((5, "재  료  비"), (7, "노  무  비"), (9, "경      비"), (11, "합      계")):
        su.merge(3, col, 3, col + 1, text)
        su.put(4, col, "단  가")
        su.put(4, col + 1, "금  액")
    grand = _sum_money(lines)
    area = Decimal(rng.randint(500, 9000))
    rows = [("01  " + building, "01", None, 1, grand)]
    rows += [(f"{c}  {n}", c, "01", 2, s) for c, n, s in section_sums]
    r = 5
    for text, code, parent, level, sums in rows:
        su.put(r, 1, text)
        su.put(r, 4, 1)
        for i, kind in enumerate((*KINDS, "total")):
            su.put(r, 5 + 2 * i, sums[f"{kind}_amount"])
            su.put(r, 6 + 2 * i, sums[f"{kind}_amount"])
        su.put(r, 13, float(round(Decimal(sums["total_amount"]) / area, 4)))
        su.put(r, 15, code)
        su.put(r, 17, parent)
        su.put(r, 19, level)
        r += 1
    r += rng.randint(0, 5)
    su.put(r, 1, "[ 합           계 ]")
    for i, kind in enumerate((*KINDS, "total")):
        su.put(r, 6 + 2 * i, grand[f"{kind}_amount"])
    return _finish(wb, Path(dir) / f"bracketed_totals_{seed}.xlsx", [summary, sh], bill_sheet=sh.name,
                   roles=sh.roles, lines=lines, totals=totals, slip=next((s for s in slips if s), None),
                   sheet_roles={sh.name: "bill", summary.name: "summary"},
                   description="gsb_office2020_design 공종별내역서 / 공종별집계표")


# --------------------------------------------------------------------------- 5. a quotation named 집계표


def gen_quotation_named_summary(dir: Path, seed: int, *, slip: bool = False) -> Generated:
    """품명 | 규격 | 단위 | 수량 | 단가 | 금액 | 비고 in a sheet named 집계표, closed by 계(A)."""
    rng = random.Random(seed)
    wb = Workbook()
    sh = _Sheet(wb, "집계표", first=True)
    sh.widths([28, 26, 6, 9, 12, 14, 12])
    r = 1
    sh.merge(r, 1, r, 7, rng.choice(["견   적   서", "집 계 표", "물 품 견 적 서"]))
    sh.role(r, "title")
    r += 1
    if rng.random() < 0.6:
        sh.merge(r, 1, r, 4, f"공사명 : {rng.choice(PROJECTS)}")
        sh.role(r, "title")
        r += 1
    sh.put(r, 7, "(단위 : 원)")
    sh.role(r, "title")
    r += 1
    for col, text in enumerate(["품명", "규격", "단위", "수량", "단가", "금액", "비고"], start=1):
        sh.put(r, col, text)
    sh.role(r, "header")
    r += 1
    items = []
    lump_used = False
    for _ in range(rng.randint(2, 12)):
        name, spec, unit = _pick(rng, QUOTE_ITEMS)
        if unit == "식":
            if lump_used:
                continue
            lump_used = True
        q = Decimal(1) if unit == "식" else _qty(rng, unit)
        items.append(_Item(name, spec, unit, q, {"total": _price(rng, 1_000, 9_000_000)}).fill())
    # a lump sum last, as quotations write it
    items.sort(key=lambda it: it.unit == "식")
    if slip:
        _seed_slip(rng, items, kinds=False)
    lines, slips = [], []
    for it in items:
        sh.put(r, 1, it.name)
        sh.put(r, 2, it.spec or None)
        sh.put(r, 3, it.unit)
        sh.put(r, 4, it.qty)
        sh.put(r, 5, it.prices["total"])
        sh.put(r, 6, it.amounts["total"])
        if rng.random() < 0.3:
            sh.put(r, 7, rng.choice(["조달청", "견적", "물가정보"]))
        money = dict.fromkeys(MONEY_FIELDS)
        money.update(total_price=it.prices["total"], total_amount=it.amounts["total"])
        lines.append(_line(sh, r, it, money, SINGLE_FIELDS))
        slips.append(_slip_of(sh, r, it))
        r += 1
    r += rng.choice([0, 1])
    total = sum(l.money["total_amount"] for l in lines)
    sh.put(r, 1, "계(A)")
    sh.put(r, 6, total)
    sh.role(r, "total")
    totals = [ExpectedTotal(sh.name, r, "계(A)", {"material_amount": None, "labour_amount": None,
                                                  "expense_amount": None, "total_amount": total},
                            [l.row for l in lines])]
    r += 1
    if rng.random() < 0.5:
        vat = _pct(total, "10")
        sh.put(r, 1, "부가가치세(B)")
        sh.put(r, 2, "(A) × 10%")
        sh.put(r, 6, vat)
        sh.role(r, "cost_head")
        r += 1
        sh.put(r, 1, "합계(A+B)")
        sh.put(r, 6, total + vat)
        sh.role(r, "total")
        money = {"material_amount": None, "labour_amount": None, "expense_amount": None,
                 "total_amount": total + vat}
        totals.append(ExpectedTotal(sh.name, r, "합계(A+B)", money, None, children_checked=False,
                                    required=False))
    return _finish(wb, Path(dir) / f"quotation_{seed}.xlsx", [sh], bill_sheet=sh.name, roles=sh.roles,
                   lines=lines, totals=totals, slip=next((s for s in slips if s), None),
                   sheet_roles={sh.name: "bill"}, description="a quotation in a sheet named 집계표")


# --------------------------------------------------------------------------- 7. coincident sums


def gen_coincident_sums(dir: Path, seed: int, *, slip: bool = False) -> Generated:
    """Single-price lines where an item's amount happens to equal the sum of the next few."""
    rng = random.Random(seed)
    wb = Workbook()
    sh = _Sheet(wb, rng.choice(["내역서", "설계내역서"]), first=True)
    sh.widths([30, 20, 9, 6, 12, 14, 12])
    cols_written = {"quantity": 3, "unit": 4}
    sh.merge(1, 1, 1, 7, "내  역  서")
    sh.role(1, "title")
    for col, text in enumerate(["품 명", "규 격", "수 량", "단 위", "단 가", "금 액", "비 고"], start=1):
        sh.put(2, col, text)
    sh.role(2, "header")

    def instrument() -> tuple[str, str]:
        name = f"{rng.choice(INSTRUMENTS)}-{rng.choice(INSTRUMENT_SPECS)}"
        return name, rng.choice(["", "", f"{rng.choice([15, 25, 40, 50, 80, 100])}A", "10K"])

    sections = []
    for name in rng.sample(INSTRUMENT_SECTIONS, rng.randint(1, 3)):
        items = []
        for _ in range(rng.randint(1, 3)):
            if rng.random() < 0.6:            # a coincidence: an item equal to the next k together
                followers = []
                for _ in range(rng.randint(2, 3)):
                    n, spec = instrument()
                    q = Decimal(rng.choice([1, 1, 2, 3, 4]))
                    followers.append(_Item(n, spec, rng.choice(["EA", "개", "SET"]), q,
                                           {"total": _price(rng, 1_000, 900_000) // 100 * 100 or 100}).fill())
                head = sum(f.amounts["total"] for f in followers)
                n, _ = instrument()
                unit = rng.choice(["SET", "SET", "조", "EA"])
                items.append(_Item(n, "", unit, Decimal(1), {"total": head}).fill())
                items += followers
            else:
                n, spec = instrument()
                unit = rng.choice(["EA", "개", "SET", "m"])
                price = _price(rng, 100, 900_000)
                items.append(_Item(n, spec, unit, _qty(rng, unit), {"total": price}).fill())
        sections.append((name, items))
    if slip:
        _seed_slip(rng, [it for _, its in sections for it in its], kinds=False)

    r = 3
    lines, slips, totals, subtotal_rows = [], [], [], []
    for n, (name, items) in enumerate(sections, start=1):
        sh.put(r, 1, f"{n}. {name}")
        sh.role(r, "heading")
        r += 1
        section_lines = []
        for it in items:
            sh.put(r, 1, it.name)
            sh.put(r, 2, it.spec or None)
            sh.put(r, cols_written["quantity"], it.qty)
            sh.put(r, cols_written["unit"], it.unit)
            sh.put(r, 5, it.prices["total"])
            sh.put(r, 6, it.amounts["total"])
            money = dict.fromkeys(MONEY_FIELDS)
            money.update(total_price=it.prices["total"], total_amount=it.amounts["total"])
            section_lines.append(_line(sh, r, it, money, SINGLE_FIELDS))
            slips.append(_slip_of(sh, r, it))
            r += 1
        s = sum(l.money["total_amount"] for l in section_lines)
        sh.put(r, 1, rng.choice(["소 계", "소계", "[ 소  계 ]"]))
        sh.put(r, 6, s)
        sh.role(r, "total")
        totals.append(ExpectedTotal(sh.name, r, "소계", {"material_amount": None, "labour_amount": None,
                                                        "expense_amount": None, "total_amount": s},
                                    [l.row for l in section_lines]))
        subtotal_rows.append(r)
        lines += section_lines
        r += 1
    grand = sum(l.money["total_amount"] for l in lines)
    sh.put(r, 1, rng.choice(["합 계", "총 계", "합계"]))
    sh.put(r, 6, grand)
    sh.role(r, "total")
    totals.append(ExpectedTotal(sh.name, r, "합계", {"material_amount": None, "labour_amount": None,
                                                    "expense_amount": None, "total_amount": grand},
                                [l.row for l in lines]))
    return _finish(wb, Path(dir) / f"coincident_sums_{seed}.xlsx", [sh], bill_sheet=sh.name, roles=sh.roles,
                   lines=lines, totals=totals, slip=next((s for s in slips if s), None),
                   sheet_roles={sh.name: "bill"}, description="items whose next rows add up to them")


# --------------------------------------------------------------------------- 8. notes above the header


NOTES_COLS = {"material_price": 5, "material_amount": 6, "labour_price": 7, "labour_amount": 8,
              "expense_price": 9, "expense_amount": 10, "total_price": 11, "total_amount": 12}


def gen_notes_above_header(dir: Path, seed: int, *, slip: bool = False) -> Generated:
    """※ notes between the title and a merged two-row header; sections with 소계 and a 총계."""
    rng = random.Random(seed)
    wb = Workbook()
    sh = _Sheet(wb, "내역서", first=True)
    sh.widths([26, 24, 6, 10, 11, 13, 11, 13, 11, 13, 11, 14, 12])
    r = 1
    sh.merge(r, 1, r, 13, "설 계 내 역 서")
    sh.role(r, "title")
    r += 1
    if rng.random() < 0.5:
        sh.merge(r, 1, r, 6, f"공사명 : {rng.choice(PROJECTS)}")
        sh.role(r, "title")
        r += 1
    for note in rng.sample(NOTES, rng.randint(1, 3)):
        sh.merge(r, 1, r, rng.choice([1, 6, 13]), note)
        sh.role(r, "note")
        r += 1
    r += rng.choice([0, 1])
    for col, text in ((1, "품  명"), (2, "규  격"), (3, "단위"), (4, "수  량"), (13, "비  고")):
        sh.merge(r, col, r + 1, col, text)
    for col, text in ((5, "재 료 비"), (7, "노 무 비"), (9, "경    비"), (11, "합    계")):
        sh.merge(r, col, r, col + 1, text)
        sh.put(r + 1, col, "단 가")
        sh.put(r + 1, col + 1, "금 액")
    sh.role(r, "header")
    sh.role(r + 1, "header")
    r += 2
    sections = []
    for name in rng.sample(KIND_SECTIONS, rng.randint(1, 4)):
        its = []
        for _ in range(rng.randint(1, 7)):
            n, spec, unit = _pick(rng, KIND_ITEMS)
            its.append(_Item(n, spec, unit, _qty(rng, unit), _kind_prices(rng)).fill())
        sections.append((name, its))
    if slip:
        _seed_slip(rng, [it for _, its in sections for it in its], kinds=True)
    zero = rng.choice(["zeros", "blank"])
    lines, slips, totals = [], [], []
    for n, (name, its) in enumerate(sections, start=1):
        sh.put(r, 1, f"{n}. {name}")
        sh.role(r, "heading")
        r += 1
        section_lines = []
        for it in its:
            sh.put(r, 1, it.name)
            sh.put(r, 2, it.spec or None)
            sh.put(r, 3, it.unit)
            sh.put(r, 4, it.qty)
            money = _write_kinds(sh, r, it, NOTES_COLS, zero)
            section_lines.append(_line(sh, r, it, money, KIND_FIELDS))
            slips.append(_slip_of(sh, r, it))
            r += 1
        sums = _sum_money(section_lines)
        sh.put(r, 1, "소    계")
        for fld in AMOUNT_FIELDS:
            sh.put(r, NOTES_COLS[fld], sums[fld])
        sh.role(r, "total")
        totals.append(ExpectedTotal(sh.name, r, "소계", sums, [l.row for l in section_lines]))
        lines += section_lines
        r += 1
    sums = _sum_money(lines)
    sh.put(r, 1, "총    계")
    for fld in AMOUNT_FIELDS:
        sh.put(r, NOTES_COLS[fld], sums[fld])
    sh.role(r, "total")
    totals.append(ExpectedTotal(sh.name, r, "총계", sums, [l.row for l in lines]))
    return _finish(wb, Path(dir) / f"notes_above_header_{seed}.xlsx", [sh], bill_sheet=sh.name,
                   roles=sh.roles,
                   lines=lines, totals=totals, slip=next((s for s in slips if s), None),
                   sheet_roles={sh.name: "bill"}, description="notes above a two-row header")


GENERATORS = {
    "three_subcolumns": gen_three_subcolumns,
    "total_first": gen_total_first,
    "cost_heads_on_top": gen_cost_heads_on_top,
    "bracketed_totals": gen_bracketed_totals,
    "quotation_named_summary": gen_quotation_named_summary,
    "resource_list_beside_bill": gen_resource_list_beside_bill,
    "coincident_sums": gen_coincident_sums,
    "notes_above_header": gen_notes_above_header,
}


# --------------------------------------------------------------------------- self-check


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and value == "")


def reread_mismatches(gen: Generated) -> list[str]:
    """Read the workbook back with python_calamine and list every way it differs from what was
    meant: a cell not as written, a non-empty bill row without a role, a role on an empty row, a
    total that is not the sum of its lines, a line whose amounts are not quantity × price."""
    import python_calamine

    problems = []
    book = python_calamine.CalamineWorkbook.from_path(str(gen.path))
    for sheet, cells in gen.cells.items():
        grid = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        got = {(r, c): v for r, row in enumerate(grid, start=1) for c, v in enumerate(row, start=1)
               if not _blank(v)}
        for key in set(got) | set(cells):
            a, b = got.get(key), cells.get(key)
            same = a == b if not (isinstance(a, (int, float)) and isinstance(b, (int, float))) else (
                Decimal(repr(float(a))) == Decimal(repr(float(b))))
            if not same:
                problems.append(f"{sheet}!{get_column_letter(key[1])}{key[0]}: read {a!r}, wrote {b!r}")
        if sheet == gen.bill_sheet:
            nonempty = {r for (r, _c) in got}
            roled = {r for (s, r) in gen.roles if s == sheet}
            problems += [f"{sheet} row {r}: non-empty without a role" for r in sorted(nonempty - roled)]
            problems += [f"{sheet} row {r}: a role on an empty row" for r in sorted(roled - nonempty)]
    by_row = {l.row: l for l in gen.lines}
    for t in gen.totals:
        if t.lines is None:
            continue
        want = {f: sum(by_row[r].money[f] or 0 for r in t.lines) for f in AMOUNT_FIELDS}
        for f in AMOUNT_FIELDS:
            if t.money.get(f) is not None and t.money[f] != want[f]:
                problems.append(f"total row {t.row}: {f} {t.money[f]} ≠ lines {want[f]}")
    for l in gen.lines:
        if gen.roles.get((l.sheet, l.row)) != "line":
            problems.append(f"line row {l.row} has role {gen.roles.get((l.sheet, l.row))}")
        kinds = [k for k in KINDS if f"{k}_amount" in l.columns]
        for k in kinds or ["total"]:
            price, amount = l.money[f"{k}_price"], l.money[f"{k}_amount"]
            q = l.labour_quantity if k == "labour" and l.labour_quantity is not None else l.quantity
            correct = trunc_won(q * price) if price is not None else (amount or 0)
            slipped = gen.slip is not None and gen.slip.row == l.row and gen.slip.field == f"{k}_amount"
            if slipped:
                if (amount or 0) - correct != gen.slip.over_won:
                    problems.append(f"slip row {l.row}: stated {amount} − {correct} ≠ {gen.slip.over_won}")
            elif (amount or 0) != correct:
                problems.append(f"line row {l.row}: {k} {amount} ≠ {q} × {price}")
        if kinds and l.money["total_amount"] != sum(l.money[f"{k}_amount"] or 0 for k in kinds):
            problems.append(f"line row {l.row}: 합계 금액 is not the sum of its kinds")
    if gen.slip is not None and gen.slip.over_won == 0:
        problems.append("a slip of 0 won")
    return problems
