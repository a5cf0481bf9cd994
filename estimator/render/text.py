"""The report for a person at a terminal: a one-line verdict, the findings, the coverage and the
totals as tables whose columns stay aligned with Korean (double-width) text. Colour only when the
output is a terminal.

Tables use ASCII rules (``|``, ``-``): box-drawing characters are East-Asian *ambiguous* width and
turn double in many Korean terminals, which would break the alignment they are meant to give.
"""

from __future__ import annotations

import io
import shutil

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..findings import CERTAIN, POSSIBLE, PROBABLE
from ..messages import text as say
from ..messages import unparsed_reason
from ..report import Report
from .digest import TOTALS, confidence, digest

PLAIN_WIDTH = 120  # columns of the report written to a file or a pipe
STYLE = {CERTAIN: "bold red", PROBABLE: "yellow", POSSIBLE: "cyan"}


def render(report: Report, colour: bool = False, width: int | None = None) -> str:
    """The text report; ``colour`` adds terminal colours (ANSI), ``width`` the terminal's columns."""
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=colour, no_color=not colour,
                      color_system="standard" if colour else None, width=width or PLAIN_WIDTH,
                      markup=False, highlight=False, emoji=False, soft_wrap=False)
    _write(console, report)
    lines = [line.rstrip() for line in buffer.getvalue().split("\n")]
    # Tables end with a blank line of their own: one blank line between blocks is enough.
    kept = [line for n, line in enumerate(lines) if line or n == 0 or lines[n - 1]]
    return "\n".join(kept).rstrip("\n") + "\n"


def terminal_width() -> int:
    return shutil.get_terminal_size((PLAIN_WIDTH, 24)).columns


def _write(console: Console, report: Report) -> None:
    ko = report.lang != "en"
    lang = report.lang
    found = digest(report)
    est = report.estimate
    style = "bold red" if found.counts[CERTAIN] + found.counts[PROBABLE] else "bold green"
    console.print(f"{'검토 대상' if ko else 'Source'}: {report.source}")
    console.print(Text(found.verdict, style=style))
    bills = [s for s in est.sheets if s.role == "bill"]
    console.print(("내역서 시트: " if ko else "Bill sheets: ") + ", ".join(s.name for s in bills))
    console.print(f"읽은 내역 {len(est.lines):,}행, 미해석 {len(est.unparsed)}행" if ko else
                  f"Lines read: {len(est.lines):,}; unparsed rows: {len(est.unparsed)}")
    lump_sums = [line for line in est.lines if line.lump_sum]
    if lump_sums:
        amount = sum(line.money.stated_total() or 0 for line in lump_sums)
        console.print(f"일식 금액(단가 없이 금액만 기재, 기재대로 합산) {len(lump_sums):,}행, {amount:,}원" if ko else
                      f"Lump sums (an amount without a unit price, counted as stated): {len(lump_sums):,} "
                      f"lines, {amount:,} won")
    if est.date is not None:
        console.print(("기준일: " if ko else "Estimate date: ") + est.date.describe(lang))
    if est.blocks:
        console.print(f"일위대가 {len(est.blocks)}개 호표, 연결된 내역 {len(est.links)}행" if ko else
                      f"Breakdowns: {len(est.blocks)} blocks; lines linked: {len(est.links)}")
    document = report.document
    if document["kind"] == "blank_bill":
        ran = ", ".join(report.coverage.ran()) or say("none", lang)
        console.print()
        console.print(say("blank_bill", lang, unpriced=document["unpriced_lines"],
                          lines=document["priced_lines"] + document["unpriced_lines"], rules=ran))
    console.print()
    if report.findings:
        console.print(Text(f"{'지적사항' if ko else 'Findings'} ({len(report.findings)})", style="bold"))
        console.print(_findings(report))
        for n, finding in enumerate(report.findings, 1):
            # One line each, never cut: a message stays whole for grep and copy (the terminal wraps it).
            console.print(Text(f"{n:>3}. {finding.message(lang)}"), soft_wrap=True)
    else:
        console.print("지적사항 없음" if ko else "No findings")
    for u in est.unparsed:
        console.print(f"  {'미해석' if ko else 'unparsed'} {u.sheet}!{u.row}: {unparsed_reason(u.reason, lang)}")
    for w in report.warnings:
        console.print(f"  {say('warning', lang)}: {w}")
    console.print()
    console.print(Text("검사 범위" if ko else "Coverage", style="bold"))
    console.print(_coverage(found, ko))
    console.print(_totals(found, ko))


def _table(*columns: tuple[str, str]) -> Table:
    table = Table(box=box.MARKDOWN, show_edge=True, pad_edge=True, expand=False)
    for header, justify in columns:
        # Figures and rule ids never break; names and reasons fold at the width.
        table.add_column(header, justify=justify, overflow="fold", no_wrap=justify == "right")
    return table


def _findings(report: Report) -> Table:
    ko = report.lang != "en"
    table = _table(("#", "right"), ("위치" if ko else "Where", "left"), ("규칙" if ko else "Rule", "left"),
                   ("품명" if ko else "Item", "left"), ("과다계상액(원)" if ko else "Over (won)", "right"),
                   ("신뢰도" if ko else "Confidence", "left"))
    for n, f in enumerate(report.findings, 1):
        where = f"{f.location.sheet}!{f.location.row}" if f.location.row is not None else f.location.sheet
        label = confidence(f.confidence, report.lang)
        if f.evidence.get("superseded_by"):
            label += " (중복으로 제외)" if ko else " (superseded)"
        table.add_row(str(n), where, f.rule, f.item, f"{f.over_won:+,}", Text(label, style=STYLE[f.confidence]))
    return table


def _coverage(found, ko: bool) -> Table:
    unit_ko = {"line": "행", "breakdown_row": "행(일위대가)", "cost_head": "개 비목"}
    table = _table(("규칙" if ko else "Rule", "left"), ("검사" if ko else "Checked", "right"),
                   ("미검사" if ko else "Not checked", "right"), ("미검사 사유" if ko else "Why not", "left"),
                   ("유의" if ko else "Caveats", "left"))
    for row in found.coverage:
        unit = unit_ko[row.unit] if ko else " " + row.unit.replace("_", " ") + "s"
        table.add_row(row.rule, f"{row.checked:,}{unit}", f"{row.not_checked:,}{unit}", row.reasons, row.caveats)
    return table


def _totals(found, ko: bool) -> Table:
    table = _table(("합계" if ko else "Totals", "left"), ("금액(원)" if ko else "Won", "right"))
    for key, label_ko, label_en in TOTALS:
        value = found.totals[key]
        if value is not None:
            table.add_row(label_ko if ko else label_en, f"{value:,}")
    return table



