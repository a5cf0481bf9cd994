"""Readers turn bytes into an ``Estimate``; ``read`` picks one by the file's content."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..model import Estimate
from ..sniff import Kind, sniff


def read(path: str | Path) -> Estimate:
    """Read any supported document; InputError (exit 2) when it cannot be used."""
    kind = sniff(path)
    if kind in (Kind.XLSX, Kind.XLS):
        from .workbook import read_workbook

        return read_workbook(path, kind)
    if kind is Kind.BID:
        from .bid import read_bid

        return read_bid(path)
    if kind is Kind.CSV:
        from .csvfile import read_csv

        return read_csv(path)
    raise InputError(path, "PDF estimates are not read yet; export the workbook (.xlsx/.xls) instead")
