"""PPS bid files (.BID): a zip holding one base64-encoded XML document.

``<data>`` holds ``<T1>`` (the tender: notice number, name, opening date), ``<T2>`` (sub-works),
``<T3>`` (the bill, cells C1…C48) and ``<T5>`` (cost-summary rates). The XML is parsed with
defusedxml: a bid file comes from outside.
"""

from __future__ import annotations

import base64
import binascii
import re
import zipfile
from pathlib import Path

from defusedxml import ElementTree

from ..errors import InputError
from ..model import Estimate
from .ppstable import FIELDS, Record, read_records
from ..messages import msg

# T3 cell → field, as the PPS file lays them out (checked against its CSV export, row by row).
T3_CELLS = dict(zip(FIELDS, ("C1", "C2", "C3", "C5", "C7", "C9", "C10", "C11", "C12", "C13", "C14", "C15",
                             "C16", "C17", "C18", "C19", "C20", "C21", "C22", "C23")))
T5_CELLS = {"세부공사번호": "C1", "순번": "C2", "구분": "C3", "항목": "C4", "적용방식코드": "C5",
            "요율1": "C6", "요율2": "C7", "고정금액": "C8"}
MAX_XML_BYTES = 200 * 1024 * 1024


def _decode(path: Path) -> bytes:
    try:
        with zipfile.ZipFile(path) as archive:
            members = [n for n in archive.namelist() if n.upper().endswith(".BID")]
            if not members:
                raise InputError(path, msg("err_bid_no_member"))
            info = archive.getinfo(members[0])
            if info.file_size > MAX_XML_BYTES:
                raise InputError(path, msg("err_bid_too_large", size=info.file_size))
            payload = archive.read(members[0])
    except zipfile.BadZipFile as exc:
        raise InputError(path, msg("err_bid_damaged", detail=str(exc))) from None
    stripped = re.sub(rb"\s+", b"", payload)
    if stripped.startswith(b"<"):
        return payload
    try:
        return base64.b64decode(stripped, validate=True)
    except (binascii.Error, ValueError):
        raise InputError(path, msg("err_bid_payload")) from None


def _cells(element) -> dict[str, str]:
    return {child.tag: (child.text or "").strip() for child in element}


def read_bid(path: str | Path) -> Estimate:
    path = Path(path)
    xml = _decode(path)
    try:
        root = ElementTree.fromstring(xml)
    except Exception as exc:  # defusedxml raises ParseError or its own refusals
        raise InputError(path, msg("err_bid_xml", detail=f"{type(exc).__name__}: {exc}")) from None
    if root.tag != "data" or root.find("T3") is None:
        raise InputError(path, msg("err_bid_no_t3"))
    estimate = Estimate(source=str(path), kind="bid")
    header = root.find("T1")
    if header is not None:
        t1 = _cells(header)
        estimate.title = t1.get("C6") or None
        estimate.attributes["bid"] = {"notice": t1.get("C5", ""), "title": t1.get("C6", ""),
                                      "opening": t1.get("C8", ""), "agency": t1.get("C13", "")}
        from ..dating import EstimateDate, from_text

        opening = from_text(t1.get("C8", ""))
        if opening is not None:
            estimate.date = EstimateDate(opening[0], "bid file opening date (T1)", opening[1])
    estimate.attributes["subworks"] = [{"세부공사번호": c.get("C1", ""), "name": c.get("C3", "")}
                                       for c in (_cells(e) for e in root.findall("T2"))]
    records = []
    for position, element in enumerate(root.findall("T3"), start=1):
        cells = _cells(element)
        records.append(Record(row=position, values={f: cells.get(c, "") for f, c in T3_CELLS.items()}))
    read_records(estimate, records, sheet="T3")
    estimate.attributes["rates"] = [{f: _cells(e).get(c, "") for f, c in T5_CELLS.items()}
                                    for e in root.findall("T5")]
    if estimate.attributes["rates"]:
        from .costsummary import cost_summary_from_bid_rates

        estimate.cost_summary = cost_summary_from_bid_rates(estimate.attributes["rates"])
    return estimate
