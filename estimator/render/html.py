"""The report as one self-contained HTML page: verdict, totals, charts of the over-estimate (inline
SVG), findings with their evidence, the corrected cost summary and the coverage — readable on a
laptop, printable, with no request to any network (a Content-Security-Policy forbids them).

Every text from the document or the references is escaped: an item named
``=HYPERLINK("…")`` or ``<script>`` is shown as the text it is.
"""

from __future__ import annotations

import json
from html import escape

from ..report import Report
from .digest import TOTALS, Digest, Share, confidence, digest, title

LABELS = {
    "title": ("설계내역 검증 보고서", "Estimate verification report"),
    "source": ("검토 대상", "Source"),
    "date": ("기준일", "Estimate date"),
    "read": ("읽은 내역", "Lines read"),
    "unparsed": ("미해석 행", "Unparsed rows"),
    "totals": ("합계", "Totals"),
    "won": ("원", "won"),
    "charts": ("직접 과다계상액의 구성", "What the direct over-estimate is made of"),
    "by_rule": ("규칙별", "By rule"),
    "by_section": ("공종(구분)별", "By section"),
    "no_chart": ("확실하거나 유력한 과다계상이 없어 그림이 없습니다.", "No certain or probable over-statement to chart."),
    "findings": ("지적사항", "Findings"),
    "none": ("지적사항 없음", "No findings"),
    "where": ("위치", "Where"),
    "rule": ("규칙", "Rule"),
    "item": ("품명", "Item"),
    "over": ("과다계상액(원)", "Over (won)"),
    "confidence": ("신뢰도", "Confidence"),
    "in_totals": ("합계 반영", "In totals"),
    "yes": ("예", "yes"),
    "no": ("아니오", "no"),
    "evidence": ("근거", "Evidence"),
    "show": ("표시", "Show"),
    "cost_summary": ("원가계산서: 기재 · 재계산 · 수정 후", "Cost summary: stated · recomputed · corrected"),
    "default_rates": ("문서에 원가계산서가 없어 기본 요율로 계산했습니다.",
                      "The document has no cost summary: recomputed with the default rates."),
    "head": ("비목", "Head"),
    "rate": ("요율(%)", "Rate (%)"),
    "stated": ("기재", "Stated"),
    "recomputed": ("재계산", "Recomputed"),
    "corrected": ("수정 후", "Corrected"),
    "difference": ("차이(재계산−수정 후)", "Recomputed − corrected"),
    "coverage": ("검사 범위", "Coverage"),
    "checked": ("검사", "Checked"),
    "not_checked": ("미검사", "Not checked"),
    "why_not": ("미검사 사유", "Why not"),
    "caveats": ("유의", "Caveats"),
    "warnings": ("경고와 미해석 행", "Warnings and unparsed rows"),
    "superseded": ("중복으로 제외", "superseded"),
}
BAR_COLOURS = {"arithmetic": "#c9a227", "duplicate-scope": "#d9652b", "wage-above-market": "#3b7dd8",
               "labour-above-standard": "#4e9a3a", "price-above-reference": "#c0504d", "rate-above-cap": "#7f64b5"}
SECTION_COLOUR = "#5b6b7f"

STYLE = """
:root { --ink: #1d2430; --muted: #5f6b7a; --line: #d5dae1; --bad: #b3261e; --good: #1e7a3c; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans KR", "Nanum Gothic", "NanumGothic", "Malgun Gothic", "Apple SD Gothic Neo",
       system-ui, sans-serif; color: var(--ink); margin: 0 auto; max-width: 1180px; padding: 24px;
       line-height: 1.5; font-size: 15px; }
h1 { font-size: 1.6em; margin: 0 0 .2em; } h2 { font-size: 1.2em; margin: 1.6em 0 .5em;
  border-bottom: 2px solid var(--ink); padding-bottom: .2em; }
.meta { color: var(--muted); margin: .2em 0; }
.verdict { font-size: 1.15em; font-weight: 700; padding: .6em .8em; border-radius: 6px; margin: .8em 0; }
.notice { background: #fff6db; padding: .5em .8em; border-radius: 6px; }
.verdict.counted { background: #fdecea; color: var(--bad); } .verdict.clean { background: #e8f5ec; color: var(--good); }
table { border-collapse: collapse; width: 100%; margin: .4em 0; }
th, td { border-bottom: 1px solid var(--line); padding: .35em .5em; text-align: left; vertical-align: top; }
th { background: #f1f3f6; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
#totals table { width: auto; min-width: 420px; }
.charts { display: flex; flex-wrap: wrap; gap: 24px; }
figure { margin: 0; flex: 1 1 520px; } figcaption { font-weight: 600; margin-bottom: .3em; }
svg text { font-family: inherit; font-size: 13px; fill: var(--ink); }
tr.detail td { border-bottom: 1px solid #aab2bd; padding-top: 0; }
tr.finding td { border-bottom: none; }
.message { margin: .1em 0 .3em; }
details summary { cursor: pointer; color: var(--muted); }
pre { white-space: pre-wrap; word-break: break-all; background: #f7f8fa; padding: .5em; margin: .3em 0;
      font-size: 12px; }
.chip { display: inline-block; padding: 0 .5em; border-radius: 10px; font-size: .85em; color: #fff; }
.chip.certain { background: var(--bad); } .chip.probable { background: #b36b00; } .chip.possible { background: #55708c; }
.swatch { display: inline-block; width: .8em; height: .8em; margin-right: .3em; vertical-align: -0.05em; }
.filters { margin: .4em 0; } .filters label { margin-right: 1em; }
tr.hidden { display: none; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  .filters, details summary { display: none; }
  tr.hidden { display: table-row; }
  section { break-inside: auto; } tr, figure { break-inside: avoid; }
  h2 { break-after: avoid; }
  @page { size: A4 landscape; margin: 12mm; }
}
"""

SCRIPT = """
(function () {
  var boxes = document.querySelectorAll('.filters input[type=checkbox]');
  function apply() {
    var shown = {};
    boxes.forEach(function (box) { shown[box.value] = box.checked; });
    document.querySelectorAll('#findings tbody tr').forEach(function (row) {
      row.classList.toggle('hidden', shown[row.dataset.confidence] === false);
    });
  }
  boxes.forEach(function (box) { box.addEventListener('change', apply); });
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details').forEach(function (d) { d.open = true; });
  });
  apply();
})();
"""


def render(report: Report) -> str:
    found = digest(report)
    say = _say(report.lang)
    ko = report.lang != "en"
    est = report.estimate
    parts = [
        "<!doctype html>",
        f'<html lang="{"ko" if ko else "en"}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; '
        'script-src \'unsafe-inline\'; img-src data:">',
        f"<title>{escape(say('title'))} — {escape(report.source)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{escape(say('title'))}</h1>",
        f'<p class="meta">{escape(say("source"))}: <span id="source">{escape(report.source)}</span></p>',
    ]
    if est.date is not None:
        parts.append(f'<p class="meta">{escape(say("date"))}: {escape(est.date.describe(report.lang))}</p>')
    parts.append(f'<p class="meta">{escape(say("read"))}: <span id="lines-read">{len(est.lines):,}</span> · '
                 f'{escape(say("unparsed"))}: <span id="unparsed">{len(est.unparsed):,}</span></p>')
    counted = found.counts["certain"] + found.counts["probable"]
    parts.append(f'<p class="verdict {"counted" if counted else "clean"}" id="verdict">{escape(found.verdict)}</p>')
    document = report.document
    if document["kind"] == "blank_bill":
        from ..messages import text

        ran = ", ".join(report.coverage.ran()) or text("none", report.lang)
        notice = text("blank_bill", report.lang, unpriced=document["unpriced_lines"],
                      lines=document["priced_lines"] + document["unpriced_lines"], rules=ran)
        parts.append(f'<p class="notice" id="blank-bill">{escape(notice)}</p>')
    parts.append("</header>")
    parts += _totals(found, say)
    parts += _charts(found, say)
    parts += _findings(report, say)
    parts += _heads(found, say)
    parts += _coverage(found, say)
    parts += _warnings(report, say)
    parts.append(f"<script>{SCRIPT}</script>")
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _say(lang: str):
    pick = 1 if lang == "en" else 0
    return lambda key: LABELS[key][pick]


def _won(value: int | None, sign: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value:+,}" if sign else f"{value:,}"


def _totals(found: Digest, say) -> list[str]:
    rows = [f'<tr><th>{escape(found.total_label(key))}</th>'
            f'<td class="num" data-total="{key}">{_won(found.totals[key])}</td></tr>'
            for key, _, _ in TOTALS]
    return ['<section id="totals">', f"<h2>{escape(say('totals'))} ({escape(say('won'))})</h2>",
            "<table>", *rows, "</table>", "</section>"]


def _charts(found: Digest, say) -> list[str]:
    out = ['<section id="charts">', f"<h2>{escape(say('charts'))}</h2>"]
    if not found.by_rule:
        return [*out, f"<p>{escape(say('no_chart'))}</p>", "</section>"]
    out.append('<div class="charts">')
    out.append(f'<figure id="chart-rule"><figcaption>{escape(say("by_rule"))}</figcaption>'
               f'{_bars(found.by_rule, lambda s: BAR_COLOURS.get(s.key, SECTION_COLOUR), say)}</figure>')
    out.append(f'<figure id="chart-section"><figcaption>{escape(say("by_section"))}</figcaption>'
               f'{_bars(found.by_section, lambda s: SECTION_COLOUR, say)}</figure>')
    return [*out, "</div>", "</section>"]


def _bars(shares: list[Share], colour, say) -> str:
    """A horizontal bar chart in SVG: a label, a bar in proportion, the amount."""
    label_width, bar_width, value_width, step = 190, 250, 110, 30
    width = label_width + bar_width + value_width
    height = step * len(shares) + 10
    top = max((s.over_won for s in shares), default=0) or 1
    rows = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}">']
    for n, share in enumerate(shares):
        y = 5 + n * step
        length = max(1, round(bar_width * share.over_won / top))
        label = share.label if len(share.label) <= 14 else share.label[:13] + "…"
        rows.append(f'<g><title>{escape(share.label)}: {share.over_won:,} {escape(say("won"))}</title>'
                    f'<text x="{label_width - 8}" y="{y + 18}" text-anchor="end">{escape(label)}</text>'
                    f'<rect x="{label_width}" y="{y + 4}" width="{length}" height="{step - 10}" '
                    f'fill="{colour(share)}"></rect>'
                    f'<text x="{label_width + length + 6}" y="{y + 18}" class="amount">{share.over_won:,}</text></g>')
    rows.append("</svg>")
    return "".join(rows)


def _findings(report: Report, say) -> list[str]:
    out = ['<section id="findings">', f"<h2>{escape(say('findings'))} ({len(report.findings)})</h2>"]
    if not report.findings:
        return [*out, f"<p>{escape(say('none'))}</p>", "</section>"]
    counts = {c: sum(1 for f in report.findings if f.confidence == c) for c in ("certain", "probable", "possible")}
    boxes = "".join(f'<label><input type="checkbox" value="{c}" checked> {escape(confidence(c, report.lang))} '
                    f"({n})</label>" for c, n in counts.items() if n)
    out.append(f'<div class="filters">{escape(say("show"))}: {boxes}</div>')
    out.append("<table><thead><tr>"
               f'<th class="num">#</th><th>{escape(say("where"))}</th><th>{escape(say("rule"))}</th>'
               f'<th>{escape(say("item"))}</th><th class="num">{escape(say("over"))}</th>'
               f'<th>{escape(say("confidence"))}</th><th>{escape(say("in_totals"))}</th></tr></thead><tbody>')
    for n, f in enumerate(report.findings, 1):
        where = f"{f.location.sheet}!{f.location.row}" if f.location.row is not None else f.location.sheet
        level = escape(confidence(f.confidence, report.lang))
        if f.evidence.get("superseded_by"):
            level += f" ({escape(say('superseded'))})"
        evidence = json.dumps(f.evidence, ensure_ascii=False, indent=1, default=str)
        colour = BAR_COLOURS.get(f.rule, SECTION_COLOUR)
        out.append(f'<tr class="finding" data-confidence="{f.confidence}"><td class="num">{n}</td>'
                   f"<td>{escape(where)}</td>"
                   f'<td><span class="swatch" style="background:{colour}"></span>{escape(title(f.rule, report.lang))}'
                   f"<br><code>{escape(f.rule)}</code></td>"
                   f'<td class="item">{escape(f.item)}</td><td class="num">{_won(f.over_won, sign=True)}</td>'
                   f'<td><span class="chip {f.confidence}">{level}</span></td>'
                   f'<td>{escape(say("yes") if f.in_direct_total else say("no"))}</td></tr>')
        out.append(f'<tr class="detail" data-confidence="{f.confidence}"><td></td><td colspan="6">'
                   f'<p class="message">{escape(f.message(report.lang))}</p>'
                   f"<details><summary>{escape(say('evidence'))}</summary><pre>{escape(evidence)}</pre></details>"
                   "</td></tr>")
    return [*out, "</tbody></table>", "</section>"]


def _heads(found: Digest, say) -> list[str]:
    if not found.heads:
        return []
    out = ['<section id="cost-summary">', f"<h2>{escape(say('cost_summary'))}</h2>"]
    if found.heads_source == "default":
        out.append(f"<p>{escape(say('default_rates'))}</p>")
    out.append(f"<table><thead><tr><th>{escape(say('head'))}</th><th class=\"num\">{escape(say('rate'))}</th>"
               f"<th class=\"num\">{escape(say('stated'))}</th><th class=\"num\">{escape(say('recomputed'))}</th>"
               f"<th class=\"num\">{escape(say('corrected'))}</th><th class=\"num\">{escape(say('difference'))}</th>"
               "</tr></thead><tbody>")
    for head in found.heads:
        difference = (None if head.recomputed is None or head.corrected is None else head.recomputed - head.corrected)
        label = escape(head.name) + ("" if head.label in (head.name, "") else
                                     f' <span class="meta">{escape(head.label)}</span>')
        out.append(f'<tr data-head="{escape(head.name)}"><td>{label}</td>'
                   f'<td class="num">{escape(head.rate or "")}</td><td class="num">{_won(head.stated)}</td>'
                   f'<td class="num">{_won(head.recomputed)}</td><td class="num corrected">{_won(head.corrected)}</td>'
                   f'<td class="num">{_won(difference)}</td></tr>')
    return [*out, "</tbody></table>", "</section>"]


def _coverage(found: Digest, say) -> list[str]:
    out = ['<section id="coverage">', f"<h2>{escape(say('coverage'))}</h2>",
           f"<table><thead><tr><th>{escape(say('rule'))}</th><th class=\"num\">{escape(say('checked'))}</th>"
           f"<th class=\"num\">{escape(say('not_checked'))}</th><th>{escape(say('why_not'))}</th>"
           f"<th>{escape(say('caveats'))}</th></tr></thead><tbody>"]
    for row in found.coverage:
        out.append(f'<tr data-rule="{escape(row.rule)}"><td>{escape(row.title)} <code>{escape(row.rule)}</code></td>'
                   f'<td class="num">{row.checked:,}</td><td class="num">{row.not_checked:,}</td>'
                   f"<td>{escape(row.reasons)}</td><td>{escape(row.caveats)}</td></tr>")
    return [*out, "</tbody></table>", "</section>"]


def _warnings(report: Report, say) -> list[str]:
    from ..messages import unparsed_reason

    items = [f"{u.sheet}!{u.row}: {unparsed_reason(u.reason, report.lang)}" for u in report.estimate.unparsed]
    items += [str(w) for w in report.warnings]
    if not items:
        return []
    return ['<section id="warnings">', f"<h2>{escape(say('warnings'))}</h2>", "<ul>",
            *(f"<li>{escape(item)}</li>" for item in items), "</ul>", "</section>"]
