"""The date an estimate speaks for, so that it is judged by the references in force then.

In order of trust: a date the document writes (a title such as ``2019년 …``, ``작성일
2021. 3. 2.``, a date cell in its title block or cost summary), the PPS bid file's opening date,
then the workbook's own metadata (modified, else created: an xlsx's core properties, a legacy
.xls's OLE SummaryInformation). A year alone counts as 1 July of that year and says so, since it
names the year but not the half-year of the wages.
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from .sniff import OLE_MAGIC

_FULL = re.compile(r"(20\d{2}|19\d{2})\s*(?:년|[.\-/])\s*(\d{1,2})\s*(?:월|[.\-/])\s*(\d{1,2})\s*일?")
_MONTH = re.compile(r"(20\d{2}|19\d{2})\s*년\s*(\d{1,2})\s*월")
_YEAR = re.compile(r"(20\d{2}|19\d{2})\s*년")


@dataclass(frozen=True)
class EstimateDate:
    value: date
    source: str  # where it was read: "document: 내역서 row 2", "bid file", "file metadata", "--as-of"
    precision: str = "day"  # day | month | year

    def describe(self, lang: str = "en") -> str:
        if lang == "en":
            return f"{self.value.isoformat()} ({self.precision}; {self.source})"
        precision = {"day": "일", "month": "월", "year": "연도만"}[self.precision]
        return f"{self.value.isoformat()} ({precision}; {_source_ko(self.source)})"


_SOURCES_KO = {"--as-of": "--as-of 지정", "assumed (run date)": "작성일 미상: 실행일 기준",
               "bid file opening date (T1)": "입찰파일 개찰일(T1)", "file metadata (modified)": "파일 속성(수정일)",
               "file metadata (created)": "파일 속성(작성일)"}
_DOCUMENT = re.compile(r"^document: (.*) row (\d+)$")


def _source_ko(source: str) -> str:
    m = _DOCUMENT.match(source)
    return f"문서: {m.group(1)} {m.group(2)}행" if m else _SOURCES_KO.get(source, source)


def today() -> date:
    """The run date, the date an undated estimate is judged on (one place, so tests can fix it)."""
    return date.today()


def _valid(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def from_text(text: str) -> tuple[date, str] | None:
    """The first date a text names: full date, year and month, or a year alone."""
    m = _FULL.search(text)
    if m:
        found = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if found:
            return found, "day"
    m = _MONTH.search(text)
    if m:
        found = _valid(int(m.group(1)), int(m.group(2)), 1)
        if found:
            return found, "month"
    m = _YEAR.search(text)
    if m:
        return date(int(m.group(1)), 7, 1), "year"
    return None


def from_cells(cells: list[tuple[str, int, object]]) -> EstimateDate | None:
    """The best date among (sheet, row, value) cells: the most precise, then the first."""
    best: EstimateDate | None = None
    rank = {"day": 0, "month": 1, "year": 2}
    for sheet, row, value in cells:
        found = None
        if isinstance(value, datetime | date):
            day = value.date() if isinstance(value, datetime) else value
            if 1990 <= day.year <= 2100:
                found = (day, "day")
        elif isinstance(value, str):
            found = from_text(value)
        if found and (best is None or rank[found[1]] < rank[best.precision]):
            best = EstimateDate(found[0], f"document: {sheet} row {row}", found[1])
    return best


def from_metadata(path: str | Path) -> EstimateDate | None:
    """The file's own record of when it was written (modified, else created): an xlsx's core
    properties, or an OLE workbook's (.xls) SummaryInformation, told apart by the first bytes."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(len(OLE_MAGIC))
    except OSError:
        return None
    if head == OLE_MAGIC:
        return _from_ole(path)
    try:
        with zipfile.ZipFile(path) as archive:
            xml = archive.read("docProps/core.xml").decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile, OSError):
        return None
    for tag in ("dcterms:modified", "dcterms:created"):
        m = re.search(rf"<{tag}[^>]*>(\d{{4}})-(\d{{2}})-(\d{{2}})", xml)
        if m:
            found = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if found:
                return EstimateDate(found, f"file metadata ({tag.split(':')[1]})")
    return None


_SUMMARY = "\x05SummaryInformation"
_DOC_SUMMARY = "\x05DocumentSummaryInformation"


def _from_ole(path: str | Path) -> EstimateDate | None:
    """An OLE workbook's SummaryInformation: last saved (PIDSI_LASTSAVE_DTM), else created
    (PIDSI_CREATE_DTM), FILETIMEs in UTC taken by their UTC day, as an xlsx's core properties are.

    The file is untrusted: anything damaged gives no date rather than an error, no stream is read
    whose declared size exceeds the file's, and a date before 1990 or after tomorrow (a zero
    FILETIME is 1601-01-01) is not a date the file was written."""
    try:
        import olefile

        size = os.path.getsize(path)
        with olefile.OleFileIO(str(path)) as ole:
            if not ole.exists(_SUMMARY):
                return None
            # get_metadata reads both property-set streams; neither may claim more than the file.
            for name in (_SUMMARY, _DOC_SUMMARY):
                if ole.exists(name) and not 0 <= ole.get_size(name) <= size:
                    return None
            meta = ole.get_metadata()
        latest = today() + timedelta(days=1)
        for value, tag in ((meta.last_saved_time, "modified"), (meta.create_time, "created")):
            if isinstance(value, datetime) and date(1990, 1, 1) <= value.date() <= latest:
                return EstimateDate(value.date(), f"file metadata ({tag})")
    except Exception:
        return None
    return None


def from_pdf_metadata(info: dict) -> EstimateDate | None:
    """A PDF's document information (ModDate, else CreationDate: ``D:20260315…``), read like an
    xlsx's core properties: the file's own record of when it was written."""
    for key, tag in (("ModDate", "modified"), ("CreationDate", "created")):
        value = info.get(key)
        if isinstance(value, bytes):
            value = value.decode("latin-1", "replace")
        m = re.match(r"^(?:D:)?(\d{4})(\d{2})(\d{2})", str(value or ""))
        if m:
            found = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if found:
                return EstimateDate(found, f"file metadata ({tag})")
    return None
