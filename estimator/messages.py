"""Every sentence the verifier says outside a finding, in Korean and English, in one place.

A message is a stable code with its parameters; it is rendered in the report's language when it
is shown (Korean by default). Codes stay English and stable; the sentences may improve.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

# code: (Korean, English). Parameters in braces.
CATALOGUE: dict[str, tuple[str, str]] = {
    # ── warnings: reading ──
    "bill_no_cost_kinds": (
        "내역서에 재료비·노무비·경비 구분 열이 없음: 원가계산서의 직접비 구분은 기재대로 두고 그 합계만 내역서와 대조함",
        "the bill has no cost-kind columns (재료비/노무비/경비): the cost summary's split of direct costs is taken "
        "as stated and only their sum is checked against the bill"),
    "summary_no_amount_column": (
        "{sheet}: 원가계산서에 금액 열이 없어 읽지 않음",
        "{sheet}: cost summary without an amount (금액) column; not read"),
    "summary_unknown_head": (
        "{sheet} {row}행: 원가계산서 항목 '{label}'은(는) 알려진 비목이 아니어서 사용하지 않음",
        "{sheet} row {row}: cost-summary row '{label}' is not a known cost head; not used"),
    "summary_unknown_codes": (
        "{sheet} {row}행: 산식 '{derivation}'이(가) 원가계산서에 없는 기호를 가리킴",
        "{sheet} row {row}: derivation '{derivation}' names codes that are not in the summary"),
    "totals_row_without_rows": (
        "{sheet} {row}행: 합계 행 '{label}' 위에 합산할 행이 없어 검산하지 않음",
        "{sheet} row {row}: totals row '{label}' has no rows above it to sum; not checked"),
    "rows_outside_totals": (
        "{sheet}: 마지막 합계 행 아래의 {count}개 행이 어떤 합계에도 포함되지 않음 ({rows}행)",
        "{sheet}: {count} row(s) below the last totals row are in no stated total (rows {rows})"),
    "cost_summary_blank": (
        "{sheet}: 원가계산서의 직접비가 모두 0원(빈 양식 또는 다른 부분의 원가계산서)이어서 내역서와 대조하지 않음",
        "{sheet}: every direct head of the cost summary states 0 (a blank form, or another part's summary); "
        "not compared with the bill"),
    "summary_rows_unmatched": (
        "집계 행 {count}개는 같은 이름의 내역서 공종이 없거나 여럿이어서 대조하지 않음(첫 행: {sheet} {row}행 '{label}')",
        "{count} summary rows name no single bill section and were not compared (first: {sheet} row {row} '{label}')"),
    "breakdown_sheet_unread": (
        "{sheet}: 일위대가 시트로 보이나 호표를 하나도 읽지 못함(비어 있지 않은 {count}개 행): 노임·품·재료 단가를 검사하지 않음",
        "{sheet}: a breakdown sheet, but no block could be read from it ({count} non-empty rows): its wages, "
        "man-days and material prices are not checked"),
    "columns_unexplained": (
        "{sheet}: 금액 열이 수량 × 단가로 설명되지 않아(열 {columns}) 이 시트의 계산 검사를 하지 않음",
        "{sheet}: no reading of the money columns explains most rows as quantity × unit price (columns {columns}); "
        "the sheet's arithmetic is not checked"),
    "sheet_not_recognised": (
        "{sheet}: 내역서·일위대가·원가계산서로 인식되지 않아 비어 있지 않은 {count}개 행을 읽지 않음",
        "{sheet}: not recognised as a bill, breakdown or cost summary; its {count} non-empty rows were not read"),
    "remarks_cite_missing_block": (
        "{sheet} {row}행: 비고 '{remarks}'이(가) 파일에 없는 일위대가를 가리킴",
        "{sheet} row {row}: 비고 '{remarks}' cites a breakdown that is not in the file"),
    "several_blocks_match": (
        "{sheet} {row}행: '{item}'에 해당하는 일위대가가 여럿({numbers})이어서 연결하지 않음",
        "{sheet} row {row}: '{item}' matches several breakdowns ({numbers}); not linked"),
    "breakdown_cycle": (
        "{sheet} {row}행: 일위대가가 서로를 순환 참조함({path}); 전개하지 않음",
        "{sheet} row {row}: breakdowns refer to each other in a cycle ({path}); not expanded"),
    "formulas_evaluated": (
        "계산값이 저장되지 않은 수식 {count}개를 같은 통합문서의 값으로 계산함",
        "{count} formula(s) without a stored value were evaluated from the workbook's own cells"),
    "formulas_not_evaluated": (
        "계산값이 저장되지 않은 수식 {count}개를 계산할 수 없음: 해당 행은 미해석(formula_without_value)으로 보고함 "
        "(Excel에서 열어 저장하면 값이 저장됨)",
        "{count} formula(s) without a stored value could not be evaluated: their rows are reported as unparsed "
        "(formula_without_value); opening and saving the file in Excel stores the values"),
    "formula_scan_capped": (
        "수식 검사가 한도({limit}개 셀)에서 멈춤: 그 뒤의 수식은 확인하지 못함",
        "the formula scan stopped at its limit ({limit} cells): formulas after it were not examined"),
    # ── warnings: dates and references ──
    "assumed_date": (
        "문서에서 작성일을 찾지 못해 실행일({date}) 기준으로 판단함: 단가·노임·품셈·요율에 근거한 지적은 최대 '유력'. "
        "작성일을 아는 경우 --as-of YYYY-MM-DD로 지정하십시오",
        "no date found in the document: judged as of the run date ({date}); findings resting on prices, wages, "
        "standards or rates are at most 'probable'. Give the estimate's date with --as-of YYYY-MM-DD"),
    "later_edition_only": (
        "{date} 기준 표준품셈이 없어 이후 판({edition})과 비교함: '{item}'",
        "only a later edition ({edition}) of the standard quantities exists for {date}: '{item}' compared with it"),
    "no_table_in_force": (
        "{date}에 시행 중인 {table} 자료가 없어 해당 검사를 하지 못함 (--{option} 으로 자료를 지정할 수 있음)",
        "no {table} in force on {date}: the check could not run (give a table with --{option})"),
    "default_rates": (
        "원가계산서가 없어 기본 제비율({year}년)로 재계산함{missing}; 각 요율의 출처는 "
        "estimator/data/default_cost_rates.csv 참조",
        "no cost summary (원가계산서) in the document: recomputed with the bundled default rates for {year}{missing}; "
        "see estimator/data/default_cost_rates.csv for each rate's source"),
    "default_rates_missing_year": ("({year}년 기본 요율은 없음)", " (none bundled for {year})"),
    "cost_heads_cycle": (
        "원가계산서 비목이 서로를 순환 참조함({name})",
        "cost heads depend on each other in a cycle at {name}"),
    "no_contract_head": (
        "원가계산서에 도급액 항목이 없어 총 영향액을 계산하지 못함",
        "the cost summary has no contract amount (도급액) head; total effect not computed"),
    # ── collapsing ──
    "and_more": (" 외 {count}건", " (and {count} more of this kind)"),
    # ── document kind and verdict ──
    "blank_bill": (
        "공내역서(단가 미기재 {unpriced:,}/{lines:,}행): 단가·노임·품은 검증할 수 없음 — 실행된 검사: {rules}",
        "blank bill ({unpriced:,} of {lines:,} lines unpriced): prices, wages and labour could not be checked — "
        "checks that ran: {rules}"),
    "none": ("없음", "none"),
    # ── errors (exit 2): the CLI prints `error: <file>: <message>` ──
    "err_as_of": ("--as-of 는 YYYY-MM-DD 형식의 날짜여야 함", "--as-of must be a date YYYY-MM-DD"),
    "err_xlsx_needs_output": ("통합문서 보고서는 파일로 씀: --format xlsx needs -o FILE",
                              "--format xlsx needs -o FILE"),
    "err_output_is_input": ("보고서가 검토 대상 파일을 덮어쓰게 됨: 다른 -o 파일을 지정", "the report would overwrite the input; "
                            "choose another -o file"),
    "err_jobs": ("--jobs는 1 이상", "--jobs must be 1 or more"),
    "err_not_a_workbook_ole": ("통합문서가 아닌 OLE 문서(한글 HWP, Word 등)", "an OLE document that is not a workbook "
                               "(HWP, Word …)"),
    "err_audit_no_files": ("검토할 파일이 없음", "no files to audit"),
    "err_audit_needs_dask": ("Dask가 설치되지 않음: pip install 'estimator[audit]'",
                             "Dask is not installed: pip install 'estimator[audit]'"),
    "workbook_not_copied": ("원본 통합문서를 복사할 수 없어 해석한 내역으로 작성했습니다 ({error})",
                            "the workbook could not be copied; written from the parsed lines ({error})"),
    "err_write_report": ("보고서를 쓸 수 없음 ({detail})", "cannot write the report ({detail})"),
    "err_not_a_table_folder": ("참조자료 폴더가 아님", "not a folder of reference tables"),
    "err_no_such_file": ("파일이 없음", "no such file"),
    "err_no_such_rule": ("그런 규칙이 없음; 규칙: {rules}", "no such rule; rules: {rules}"),
    "err_damaged_zip": ("손상된 zip 파일 ({detail})", "damaged zip container ({detail})"),
    "err_office_not_workbook": ("통합문서가 아닌 Office 문서 (xl/ 부분 없음)",
                                "an Office document that is not a workbook (no xl/ part)"),
    "err_zip_unknown": ("통합문서도 조달청 입찰파일(.BID)도 아닌 zip 파일",
                        "a zip archive that holds neither a workbook nor a PPS bid file (.BID)"),
    "err_is_folder": ("파일이 아니라 폴더임", "is a folder, not a file"),
    "err_cannot_read": ("읽을 수 없음 ({detail})", "cannot be read ({detail})"),
    "err_empty": ("빈 파일", "is empty"),
    "err_password": ("암호가 걸린 통합문서: 암호 없이 저장한 뒤 다시 시도하십시오",
                     "password-protected workbook; save it without a password and retry"),
    "err_unknown_kind": ("통합문서(.xlsx/.xls), 조달청 입찰파일(.BID), CSV, PDF가 아님",
                         "not a workbook (.xlsx/.xls), PPS bid file (.BID), CSV or PDF"),
    "err_pps_columns": ("조달청 내역 표에 필요한 열이 없음: {columns}", "PPS bill table without the columns {columns}"),
    "err_limit": ("{what} {value}: 한도 {limit} 초과 ({how}로 올릴 수 있음)",
                  "{what} {value} is over the limit of {limit} (raise it with {how})"),
    "err_archive_members": ("zip 항목 {count:,}개: 한도 {limit:,}개 초과", "zip of {count:,} parts, over {limit:,}"),
    "err_archive_ratio": ("zip 항목 '{part}'의 압축률 {ratio:,}배: 압축 폭탄으로 보여 거부함",
                          "zip part '{part}' claims to grow {ratio:,} times: refused as a compression bomb"),
    "err_xml_entities": ("XML 항목 '{part}'에 엔티티·문서형 선언이 있음(허용하지 않음)",
                         "XML part '{part}' declares entities or a document type, which is not accepted"),
    "err_worker_crashed": ("읽는 중 프로세스가 비정상 종료됨({detail}): 파일이 손상되었거나 한도를 넘음",
                           "the reader process died ({detail}): the file is damaged or exceeds a limit"),
    "err_worker_memory": ("읽는 데 메모리가 너무 많이 필요함(한도 {limit}): 손상되었거나 압축 폭탄인 파일",
                          "reading needs more memory than allowed ({limit}): a damaged file or a compression bomb"),
    "err_pdf_no_text": ("텍스트가 없는 PDF(스캔 이미지): OCR은 지원하지 않음",
                        "no text layer; OCR is not supported"),
    "err_pdf_encrypted": ("암호가 걸린 PDF: 암호 없이 저장한 뒤 다시 시도하십시오",
                          "encrypted PDF; save it without a password and retry"),
    "err_pdf_damaged": ("손상되었거나 읽을 수 없는 PDF ({detail})", "damaged or unreadable PDF ({detail})"),
    "err_pdf_page_chars": ("{page}쪽의 글자 수 {count:,}자가 한도 {limit:,}자를 넘음",
                           "page {page} holds {count:,} characters, over the limit of {limit:,}"),
    "err_pdf_page_time": ("{page}쪽을 {seconds}초 안에 읽지 못함", "page {page} could not be read within {seconds} s"),
    "err_pdf_library": ("PDF를 읽을 pdfplumber가 설치되지 않음", "pdfplumber, which reads PDFs, is not installed"),
    "pdf_pages_without_text": ("텍스트가 없는 쪽(스캔 이미지)은 읽지 못함: {pages}쪽",
                               "pages without a text layer (scanned) were not read: {pages}"),
    "err_damaged_workbook": ("손상되었거나 읽을 수 없는 통합문서 ({detail})", "damaged or unreadable workbook ({detail})"),
    "err_sheet_unreadable": ("시트 '{sheet}'을(를) 읽을 수 없음 ({detail})", "sheet '{sheet}' cannot be read ({detail})"),
    "err_csv_encoding": ("CSV가 UTF-8도 CP949도 아님", "CSV is neither UTF-8 nor CP949 text"),
    "err_csv_malformed": ("CSV 형식 오류 ({line}행 부근: {detail})", "malformed CSV near line {line} ({detail})"),
    "err_csv_empty": ("CSV에 행이 없음", "CSV holds no rows"),
    "err_no_bill": ("내역서를 찾지 못함; 시트: {sheets}", "no bill of quantities (내역서) found; sheets: {sheets}"),
    "err_bid_no_member": (".BID 항목이 없는 zip", "zip without a .BID member"),
    "err_bid_too_large": ("입찰파일 항목이 너무 큼 ({size:,}바이트)", "bid member too large ({size:,} bytes)"),
    "err_bid_damaged": ("손상된 입찰파일 ({detail})", "damaged bid file ({detail})"),
    "err_bid_payload": ("입찰파일 항목이 XML도 base64 XML도 아님", "bid file member is neither XML nor base64-encoded XML"),
    "err_bid_xml": ("입찰파일 XML을 해석할 수 없음 ({detail})", "bid XML cannot be parsed ({detail})"),
    "err_bid_no_t3": ("입찰파일 XML에 <T3> 내역 행이 없음", "bid XML has no <T3> bill rows"),
    "err_vocabulary_unreadable": ("용어 파일을 읽을 수 없음: {detail}", "vocabulary file cannot be read: {detail}"),
    "err_vocabulary_toml": ("용어 파일이 올바른 TOML이 아님: {detail}", "vocabulary file is not valid TOML: {detail}"),
    "err_no_such_table": ("참조자료 표가 없음", "no such reference table"),
    "err_table_refused": ("참조자료 표 거부: {where}{detail}{more}", "reference table refused: {where}{detail}{more}"),
    "err_table_more": (" (외 {count}건; 해당 폴더에 'estimator refdata check' 실행)",
                       " (and {count} more; run 'estimator refdata check' on its folder)"),
    "err_table_kind": ("{expected} 표가 필요하나 {kind} 표의 열이 있음",
                       "expected a {expected} table, found the columns of a {kind} table"),
    "err_import_source": (
        "가져올 수 있는 원본이 아님: 표준품셈 JSON, 조달청 가격정보 CSV(또는 그 폴더), 대한건설협회 노임 CSV"
        "(code,job,wage_YYYY-MM-DD…) 중 하나여야 함",
        "not a source that can be imported: expected the 표준품셈 JSON, a PPS price export CSV (or a folder of "
        "them) or the KCA wage CSV (code,job,wage_YYYY-MM-DD…)"),
    "err_import_no_pps": ("조달청 가격정보 CSV가 없는 폴더", "a folder without PPS price export CSV files"),
    "err_import_not_pps": (
        "조달청 가격정보 CSV가 아님 (prceNticeNo, nticeDt, prdctIdntNo, krnPrdctNm, unit, prce 열이 필요함)",
        "not a PPS price export (it needs the columns prceNticeNo, nticeDt, prdctIdntNo, krnPrdctNm, unit, prce)"),
    "err_internal": ("내부 오류 ({detail}); 파일과 함께 알려 주십시오",
                     "internal error ({detail}); please report it with the file"),
    # ── labels of the text report ──
    "warning": ("경고", "warning"),
}


@dataclass(frozen=True)
class Both:
    """A parameter that names one thing in each language."""

    ko: str
    en: str

    def render(self, lang: str = "ko") -> str:
        return self.en if lang == "en" else self.ko


@dataclass(frozen=True)
class Message:
    """A sentence by code, rendered in either language."""

    code: str
    params: tuple[tuple[str, object], ...] = field(default=())

    def render(self, lang: str = "ko") -> str:
        ko, en = CATALOGUE[self.code]
        values = {k: (v.render(lang) if isinstance(v, Message | Both) else v) for k, v in self.params}
        return (en if lang == "en" else ko).format(**values)

    def __str__(self) -> str:
        return self.render("en")


def msg(code: str, **params: object) -> Message:
    if code not in CATALOGUE:
        raise KeyError(f"no message {code!r}")
    return Message(code, tuple(params.items()))


def text(code: str, lang: str = "ko", **params: object) -> str:
    return msg(code, **params).render(lang)


def collapse(messages: list[Message], lang: str = "ko") -> list[str]:
    """Messages rendered in order, repeated messages of one kind as the first one with a count."""
    counts = Counter(m.code for m in messages)
    seen: set[str] = set()
    out = []
    for message in messages:
        if message.code in seen:
            continue
        seen.add(message.code)
        rendered = message.render(lang)
        if counts[message.code] > 1:
            rendered += text("and_more", lang, count=counts[message.code] - 1)
        out.append(rendered)
    return out


# Unparsed-row reasons are kept in English in the JSON (``lines.unparsed[].reason``); the text
# report says them in its language.
_UNPARSED_FIXED = {
    "numbers without an item name": "품명 없이 숫자만 있음",
    "item without quantity or amount": "수량·금액 없는 품명",
    "text outside the item columns": "품명 열 밖의 글자",
    "breakdown block without a column header": "열 제목이 없는 일위대가",
    "formula_without_value": "계산값이 저장되지 않은 수식(계산 불가)",
    "sums_formula_without_value": "계산 불가 수식이 있는 행을 합산하는 합계 행(검산 불가)",
}
_UNPARSED_FIXED_PREFIX = {"cell far beyond the table: ": "표에서 멀리 떨어진 셀: "}
_UNPARSED_PREFIX = {"list entry: ": "일위대가 목록: ", "breakdown row: ": "일위대가 행: "}


def unparsed_reason(reason: str, lang: str = "ko") -> str:
    """An unparsed row's reason in the report's language."""
    if lang == "en":
        return reason
    parts = []
    for part in reason.split("; "):
        prefix = next((p for p in _UNPARSED_PREFIX if part.startswith(p)), "")
        rest = part[len(prefix):]
        korean = _UNPARSED_FIXED.get(rest)
        for english, translated in _UNPARSED_FIXED_PREFIX.items():
            if korean is None and rest.startswith(english):
                korean = translated + rest[len(english):]
        if korean is None and " is not a number: " in f" {rest}":
            label, _, value = f" {rest}".partition(" is not a number: ")
            label = {"quantity": "수량", "": ""}.get(label.strip(), label.strip())
            korean = f"{label + ' ' if label else ''}숫자가 아님: {value}"
        if korean is None and rest.startswith("not a number: "):
            korean = "숫자가 아님: " + rest[len("not a number: "):]
        parts.append(_UNPARSED_PREFIX.get(prefix, "") + (korean if korean is not None else rest))
    return "; ".join(parts)
