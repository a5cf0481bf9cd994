"""One file of an audit, verified in whichever process runs it (this one, a pool worker or a
Dask worker): plain values in, plain values out, so the result can travel and be stored."""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

from ..errors import InputError

# Files of no kind we read (drawings, HWP, other zips): listed as skipped, not as errors.
SKIPPED = ("err_unknown_kind", "err_zip_unknown", "err_office_not_workbook", "err_not_a_workbook_ole")


@dataclass(frozen=True)
class Options:
    """What, besides the file, decides a verdict: the reference tables, the vocabulary, the date,
    the language of messages and the limits."""

    prices: tuple[str, ...] = ()
    quantities: tuple[str, ...] = ()
    wages: tuple[str, ...] = ()
    rates: tuple[str, ...] = ()
    refdata: tuple[str, ...] = ()
    refdata_only: bool = False
    vocabulary: tuple[str, ...] = ()
    as_of: str | None = None
    lang: str = "ko"
    limits: tuple[tuple[str, object], ...] = field(default=())

    def as_text(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    def table_files(self) -> list[Path]:
        files = [Path(p) for group in (self.prices, self.quantities, self.wages, self.rates) for p in group]
        for folder in self.refdata:
            files += sorted(p for p in Path(folder).rglob("*") if p.is_file())
        return files


@cache
def _prepared(options: Options):
    """The run's settings applied once per process: limits, vocabulary, reference tables."""
    from .. import limits, vocabulary
    from ..readers.archive import assert_defused
    from ..refdata.user import reference_data

    assert_defused()
    limits.use(limits.from_environment().with_options(**dict(options.limits)))
    vocabulary.use(list(options.vocabulary))
    return reference_data(prices=list(options.prices), quantities=list(options.quantities),
                          wages=list(options.wages), rates=list(options.rates), refdata=list(options.refdata),
                          only=options.refdata_only)


def audit_one(path: str, sha256: str, options: Options) -> dict:
    """The verdict on one file as plain values: its row of ``files``, ``totals`` and ``findings``."""
    from datetime import date

    from ..verify import ASSUMED, verify

    started = time.perf_counter()
    result = {"path": path, "sha256": sha256, "status": "ok", "error": "", "kind": "", "lines": None,
              "seconds": 0.0, "totals": None, "findings": [], "judged_on": None, "assumed_date": False}
    try:
        refdata = _prepared(options)
        as_of = date.fromisoformat(options.as_of) if options.as_of else None
        report = verify(path, lang=options.lang, refdata=refdata, as_of=as_of)
    except InputError as exc:
        code = exc.message.code if exc.message is not None else ""
        result["status"] = "skipped" if code in SKIPPED else "error"
        result["error"] = exc.render(options.lang)
        result["kind"] = _kind(path)
    except Exception as exc:  # noqa: BLE001 - one file's bug never ends the audit; it is listed
        result["status"] = "error"
        result["kind"] = _kind(path)
        result["error"] = f"internal error: {type(exc).__name__}: {exc}".replace("\n", " ")
    else:
        result["kind"] = report.estimate.kind
        data = report.to_dict()
        counts = {c: sum(1 for f in data["findings"] if f["confidence"] == c) for c in ("certain", "probable", "possible")}
        estimate_date = data["estimate_date"]
        result.update(lines=data["lines"]["read"], findings=data["findings"],
                      judged_on=estimate_date["date"] if estimate_date else None,
                      assumed_date=bool(estimate_date and estimate_date["source"] == ASSUMED),
                      totals={"estimate_date": estimate_date["date"] if estimate_date else None,
                              "contract_total_won": data["totals"]["contract_total_won"],
                              "direct_over_won": data["totals"]["direct_over_won"],
                              "total_over_won": data["totals"]["total_over_won"], **counts})
    result["seconds"] = round(time.perf_counter() - started, 3)
    return result


def _kind(path: str) -> str:
    """The kind of a file that could not be verified, when its content tells one."""
    from ..sniff import sniff

    try:
        return sniff(path).value
    except InputError:
        return ""
