"""One PDF page read: its ruled tables, the text around them, page furniture dropped; and the
opening of a document with its limits."""

from __future__ import annotations

import re
import signal
import threading
from bisect import bisect_left, bisect_right
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ... import limits as run_limits
from ...errors import InputError
from ...messages import Both, msg
from ..sheetkind import role_from_text
from ..text import squash
from .text import Text, bottom_of, run_text, runs_of, text_lines, top_of


_PAGE_NUMBER = re.compile(
    r"^[-–—(\[]?\s*(page\s*)?\d{1,4}\s*([/of]+\s*\d{1,4})?\s*(쪽|페이지|면|page)?\s*[-–—)\]]?$", re.IGNORECASE)


_BAND = 0.1  # top and bottom tenth of a page: where headers, footers and page numbers are printed


@dataclass(frozen=True)
class Limits:
    """Bounded work per document, so that a hostile PDF cannot hang or exhaust the process.
    ``max_pages`` None: the run's ``--max-pages`` (``estimator.limits``)."""

    max_pages: int | None = None
    max_chars_per_page: int = 200_000
    max_seconds_per_page: float = 20.0


LIMITS = Limits()


@dataclass
class _Cell:
    x0: float
    x1: float
    lines: list[Text]
    span: tuple[float, float] | None = None  # a ruled cell's own box (x0, x1), wider than its text


@dataclass
class Row:
    page: int
    top: float
    bottom: float
    cells: list[_Cell]
    ruled: bool
    table: int | None = None  # index of the ruled table on its page

    @property
    def x0(self) -> float:
        return min(c.x0 for c in self.cells)

    @property
    def x1(self) -> float:
        return max(c.x1 for c in self.cells)

    def text(self) -> str:
        return " ".join(t.text for c in self.cells for t in c.lines)


@dataclass
class Page:
    number: int
    width: float
    height: float
    rows: list[Row]
    tables: list[tuple[float, float, float, float]]
    empty: bool = False


class _PageTimeout(Exception):
    pass


@contextmanager
def _deadline(seconds: float):
    """Raise _PageTimeout after ``seconds`` of work on a page (main thread only: signals)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise _PageTimeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _inside(char: dict, box: tuple[float, float, float, float]) -> bool:
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _ruled_rows(page_number: int, table, chars: list[dict], index: int, used: set[int],
                spaced: bool) -> list[Row]:
    """The rows of a ruled table. Each text goes to the cell its first character is in: text
    clipped at a cell's rule stays that cell's, as on paper."""
    rows = []
    position = {id(c): n for n, c in enumerate(chars)}
    ordered = sorted(chars, key=lambda c: (c["top"] + c["bottom"]) / 2)
    mids = [(c["top"] + c["bottom"]) / 2 for c in ordered]
    for row in table.rows:
        # Only the characters at the row's height are looked at for its cells, in drawing order.
        low, high = bisect_left(mids, row.bbox[1]), bisect_right(mids, row.bbox[3])
        band = sorted((c for c in ordered[low:high] if id(c) not in used), key=lambda c: position[id(c)])
        boxes = [box for box in row.cells if box is not None]
        texts: list[list[Text]] = [[] for _ in boxes]
        for line in text_lines(band):
            pieces: list[list[tuple[float, str]]] = [[] for _ in boxes]
            for run in runs_of(line, spaced):
                home = next((k for k, box in enumerate(boxes) if _inside(run[0], box)), None)
                if home is None:
                    continue  # outside every cell: read as loose text
                used.update(id(c) for c in run)
                pieces[home].append((run[0]["x0"], run_text(run)))
            for k, found in enumerate(pieces):
                if found:
                    texts[k].append(Text(" ".join(t for _, t in sorted(found)), top_of(line), bottom_of(line)))
        # An empty ruled cell is kept (as no lines): only a slot with no box is a merge.
        cells = [_Cell(box[0], box[2], lines, span=(box[0], box[2])) for box, lines in zip(boxes, texts)]
        if any(c.lines for c in cells):
            rows.append(Row(page_number, row.bbox[1], row.bbox[3], cells, ruled=True, table=index))
    return rows


def _loose_rows(page_number: int, chars: list[dict], spaced: bool) -> list[Row]:
    """Text outside ruled tables, a row per line and a cell per text. A text clipped under the
    next one shows only up to where that one starts: that is its extent for the columns."""
    rows = []
    for line in text_lines(chars):
        runs = runs_of(line, spaced)
        cells = []
        for k, run in enumerate(runs):
            # Clipped at its cell's edge, before the padding of the next text: 1 pt short of it.
            visible = run[-1]["x1"] if k + 1 == len(runs) else min(run[-1]["x1"], runs[k + 1][0]["x0"] - 1.0)
            cells.append(_Cell(run[0]["x0"], max(run[0]["x1"], visible),
                               [Text(run_text(run), top_of(run), bottom_of(run))]))
        if cells:
            rows.append(Row(page_number, top_of(line), bottom_of(line), cells, ruled=False))
    return rows


def _read_page(path: Path, page, limits: Limits) -> Page:
    number = page.page_number
    try:
        with _deadline(limits.max_seconds_per_page):
            chars = [c for c in page.chars if c.get("text") is not None]
            if len(chars) > limits.max_chars_per_page:
                raise InputError(path, msg("err_pdf_page_chars", page=number, count=len(chars),
                                           limit=limits.max_chars_per_page))
            found = page.find_tables() if (page.lines or page.rects or page.curves) else []
            used: set[int] = set()
            rows: list[Row] = []
            boxes = []
            spaced = any(not c["text"].strip() for c in chars)  # the PDF draws its spaces
            for index, table in enumerate(found):
                ruled = _ruled_rows(number, table, chars, index, used, spaced)
                if ruled:
                    rows += ruled
                    boxes.append(table.bbox)
            rows += _loose_rows(number, [c for c in chars if id(c) not in used], spaced)
    except _PageTimeout:
        raise InputError(path, msg("err_pdf_page_time", page=number, seconds=limits.max_seconds_per_page)) from None
    rows.sort(key=lambda r: (r.top, r.x0))
    return Page(number, float(page.width), float(page.height), rows, boxes, empty=not chars)


def _drop_furniture(pages: list[Page]) -> None:
    """Page numbers and running headers/footers: loose lines in the top or bottom band that are a
    page number, or that recur at the same place on most pages (and name no document)."""

    def in_band(page: Page, row: Row) -> bool:
        return row.bottom < page.height * _BAND or row.top > page.height * (1 - _BAND)

    def key(row: Row) -> tuple[str, int]:
        return squash(re.sub(r"\d+", "#", row.text())), round(row.top / 4)

    seen = Counter(key(r) for p in pages for r in p.rows if not r.ruled and in_band(p, r))
    recurring = max(3, int(0.6 * len(pages)))
    for page in pages:
        page.rows = [r for r in page.rows if r.ruled or not in_band(page, r) or not (
            _PAGE_NUMBER.match(r.text().strip())
            or (seen[key(r)] >= recurring and role_from_text(r.text()) is None))]


def _pdfplumber():
    try:
        import pdfplumber
    except ImportError:  # pragma: no cover - a dependency of the package
        raise InputError("", msg("err_pdf_library")) from None
    return pdfplumber


@contextmanager
def open_pdf(path: str | Path, limits: Limits):
    pdfplumber = _pdfplumber()
    path = Path(path)
    try:
        document = pdfplumber.open(str(path))
    except Exception as exc:  # pdfminer raises many unrelated types for damaged files
        raise InputError(path, _open_error(exc)) from None
    try:
        allowed = limits.max_pages if limits.max_pages is not None else run_limits.current().max_pages
        if len(document.pages) > allowed:
            raise InputError(path, msg("err_limit", what=Both("쪽수", "pages"), value=f"{len(document.pages):,}",
                                       limit=f"{allowed:,}", how=run_limits.how_to_raise("max_pages")))
        yield document
    except InputError:
        raise
    except Exception as exc:
        if _out_of_memory(exc):
            raise MemoryError from None  # the reader's memory limit: reported as such by the worker
        raise InputError(path, _open_error(exc)) from None
    finally:
        document.close()


def _out_of_memory(exc: BaseException) -> bool:
    """pdfplumber wraps pdfminer's errors, a MemoryError among them."""
    return isinstance(exc, MemoryError) or any(isinstance(a, MemoryError) for a in getattr(exc, "args", ()))


def _open_error(exc: Exception):
    inner = getattr(exc, "args", [None])[0] if exc.args else None
    name = type(inner).__name__ if isinstance(inner, Exception) else type(exc).__name__
    if "Password" in name or "Encrypt" in name:
        return msg("err_pdf_encrypted")
    return msg("err_pdf_damaged", detail=f"{name}: {inner if isinstance(inner, Exception) else exc}")


def read_pages(path: Path, document, numbers: list[int] | None, limits: Limits) -> list[Page]:
    wanted = set(numbers) if numbers else None
    pages = []
    for page in document.pages:
        if wanted is not None and page.page_number not in wanted:
            continue
        pages.append(_read_page(path, page, limits))
        page.flush_cache()  # keep memory flat over long documents
    if pages and all(p.empty for p in pages):
        raise InputError(path, msg("err_pdf_no_text"))
    _drop_furniture(pages)
    return pages
