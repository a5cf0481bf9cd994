"""The audit's tables: files, totals and findings as CSV and Parquet, and summary.xlsx.

Number columns stay numbers (nullable Int64 won, negative amounts included). In the CSV files,
text that begins with = + - @ (or a tab or carriage return) gets a leading apostrophe, so a
spreadsheet opening the file shows it as text and never runs it; the Parquet files keep the text
as it is (typed columns, no spreadsheet reads them as formulas). summary.xlsx writes text as
string cells (``render.safe``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ..render.safe import risky

FILES = {"path": "string", "sha256": "string", "status": "string", "error": "string", "kind": "string",
         "lines": "Int64", "seconds": "Float64"}
TOTALS = {"path": "string", "estimate_date": "string", "contract_total_won": "Int64", "direct_over_won": "Int64",
          "total_over_won": "Int64", "certain": "Int64", "probable": "Int64", "possible": "Int64"}
FINDINGS = {"path": "string", "rule": "string", "sheet": "string", "row": "Int64", "item": "string",
            "over_won": "Int64", "confidence": "string", "message": "string", "evidence": "string"}


def frames(results: list[dict]) -> dict[str, pd.DataFrame]:
    files = [{k: r[k] for k in FILES} for r in results]
    totals = [{"path": r["path"], **r["totals"]} for r in results if r["status"] == "ok"]
    findings = [{"path": r["path"], **{k: f[k] for k in FINDINGS if k not in ("path", "evidence")},
                 "evidence": json.dumps(f["evidence"], ensure_ascii=False, sort_keys=True)}
                for r in results if r["status"] == "ok" for f in r["findings"]]
    return {"files": _typed(files, FILES), "totals": _typed(totals, TOTALS), "findings": _typed(findings, FINDINGS)}


def _typed(records: list[dict], columns: dict[str, str]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records, columns=list(columns))
    return frame.astype(columns)


def _csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    shown = frame.copy()
    for column, dtype in zip(frame.columns, frame.dtypes):
        if isinstance(dtype, pd.StringDtype):
            shown[column] = shown[column].map(lambda v: "'" + v if isinstance(v, str) and risky(v) else v)
    return shown


def write(results: list[dict], out: Path, lang: str = "ko") -> dict[str, pd.DataFrame]:
    tables = frames(results)
    try:
        import pyarrow  # noqa: F401 - pandas writes Parquet through it
    except ImportError:
        pyarrow = None
    for name, frame in tables.items():
        _csv_safe(frame).to_csv(out / f"{name}.csv", index=False, encoding="utf-8")
        if pyarrow is not None:
            frame.to_parquet(out / f"{name}.parquet", index=False)
    _summary(tables, out / "summary.xlsx", lang)
    return tables


def _summary(tables: dict[str, pd.DataFrame], path: Path, lang: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from ..render.digest import title
    from ..render.safe import put

    ko = lang != "en"
    book = Workbook()
    money = "#,##0;[Red]-#,##0"
    contracts = book.active
    contracts.title = "계약별" if ko else "By contract"
    heads = (["파일", "기준일", "도급액(기재)", "직접 과다계상액", "총 과다계상액", "확실", "유력", "검토 필요"] if ko else
             ["File", "Estimate date", "Contract (stated)", "Direct over", "Total over", "Certain", "Probable", "Possible"])
    for column, text in enumerate(heads, 1):
        put(contracts, 1, column, text).font = Font(bold=True)
    totals = tables["totals"]
    row = 1
    for record in totals.to_dict("records"):
        row += 1
        values = [record["path"], record["estimate_date"], record["contract_total_won"], record["direct_over_won"],
                  record["total_over_won"], record["certain"], record["probable"], record["possible"]]
        for column, value in enumerate(values, 1):
            put(contracts, row, column, None if pd.isna(value) else (int(value) if column > 2 else value),
                money if 3 <= column <= 5 else None)
    row += 1
    put(contracts, row, 1, "합계" if ko else "Total").font = Font(bold=True)
    for column, name in ((3, "contract_total_won"), (4, "direct_over_won"), (5, "total_over_won"),
                         (6, "certain"), (7, "probable"), (8, "possible")):
        put(contracts, row, column, int(totals[name].sum()), money if column <= 5 else None).font = Font(bold=True)
    rules = book.create_sheet("규칙별" if ko else "By rule")
    for column, text in enumerate(["규칙", "이름", "건수(확실·유력)", "직접 과다계상액"] if ko else
                                  ["Rule", "Name", "Findings (certain, probable)", "Direct over"], 1):
        put(rules, 1, column, text).font = Font(bold=True)
    findings = tables["findings"]
    counted = findings[findings["confidence"].isin(["certain", "probable"]) & (findings["over_won"] > 0)
                       & ~findings["evidence"].str.contains('"superseded_by"', regex=False)]
    row = 1
    for rule, group in counted.groupby("rule", sort=True):
        row += 1
        for column, value in enumerate([rule, title(rule, lang), len(group), int(group["over_won"].sum())], 1):
            put(rules, row, column, value, money if column == 4 else None)
    row += 1
    put(rules, row, 1, "합계" if ko else "Total").font = Font(bold=True)
    put(rules, row, 3, len(counted))
    put(rules, row, 4, int(counted["over_won"].sum()), money).font = Font(bold=True)
    files = book.create_sheet("파일" if ko else "Files")
    for column, text in enumerate(FILES, 1):
        put(files, 1, column, text).font = Font(bold=True)
    for number, record in enumerate(tables["files"].to_dict("records"), 2):
        for column, key in enumerate(FILES, 1):
            value = record[key]
            put(files, number, column, None if pd.isna(value) else value)
    for sheet, widths in ((contracts, (48, 12, 16, 16, 16, 8, 8, 10)), (rules, (24, 16, 16, 18)),
                          (files, (48, 18, 9, 40, 8, 8, 9))):
        for column, width in enumerate(widths, 1):
            sheet.column_dimensions[chr(64 + column)].width = width
    book.save(path)
