"""Readers turn bytes into an ``Estimate``; ``read`` picks one by the file's content."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..model import Estimate
from ..sniff import Kind, sniff
from ..messages import msg


def read(path: str | Path) -> Estimate:
    """Read any supported document; InputError (exit 2) when it cannot be used.

    The bytes are parsed in a child process under the current limits (``worker``), so a crash or
    a bomb in a library is this file's error, not the end of the run."""
    return start_reading(path).result()


class Reading:
    """A document being read in the reading worker; ``result()`` is the estimate, linked and dated."""

    def __init__(self, path: str | Path):
        from .worker import start

        self.path = path
        self._pending = start(_read, path)

    def cancel(self) -> None:
        self._pending.cancel()

    def result(self) -> Estimate:
        from ..linking import link

        estimate = self._pending.result()
        link(estimate)
        if estimate.date is None:
            from ..dating import from_metadata

            estimate.date = from_metadata(self.path)
        summary = estimate.cost_summary
        if summary is not None and summary.contract_head is not None:
            estimate.contract_total_won = summary.contract_head.stated
        if summary is not None and estimate.lines and not any(line.money.has_kinds for line in estimate.lines):
            estimate.warnings.append(msg("bill_no_cost_kinds"))
        if summary is not None and _blank_beside_priced_bill(estimate):
            # Every direct head states 0 beside a priced bill: a blank form (공내역 원가계산서), or
            # the summary of another part of the works. It states nothing to compare.
            estimate.attributes["cost_summary_blank"] = summary.sheet
            estimate.warnings.append(msg("cost_summary_blank", sheet=summary.sheet))
        return estimate


def _blank_beside_priced_bill(estimate: Estimate) -> bool:
    stated = [h.stated for h in estimate.cost_summary.heads if h.how == "direct" and h.stated is not None]
    return bool(stated) and not any(stated) and any(line.money.stated_total() for line in estimate.lines)


def start_reading(path: str | Path) -> Reading:
    """Start reading ``path`` in the reading worker; the caller may do other work meanwhile."""
    return Reading(path)


def _read(path: str | Path) -> Estimate:
    kind = sniff(path)
    if kind in (Kind.XLSX, Kind.BID):
        from .archive import check_zip

        check_zip(path)
    if kind in (Kind.XLSX, Kind.XLS):
        from .workbook import read_workbook

        return read_workbook(path, kind)
    if kind is Kind.BID:
        from .bid import read_bid

        return read_bid(path)
    if kind is Kind.CSV:
        from .csvfile import read_csv

        return read_csv(path)
    from .pdffile import read_pdf

    return read_pdf(path)
