"""The ``estimator`` command.

Exit status: 0 no certain or probable finding; 1 at least one; 2 unusable input (one line on
stderr names the file and the problem); 3 an internal error (a bug: one line, no traceback).
``refdata check`` exits 1 when a table fails validation.
"""

from __future__ import annotations

import argparse
import sys

from .errors import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, InputError
from .messages import msg
from .messages import text as say

EXIT_INTERNAL = 3
FORMATS = ("text", "json", "xlsx", "html")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("estimator")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="estimator",
                                     description="Verify Korean public-contract cost estimates (설계내역서).")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)
    verify = sub.add_parser("verify", help="read an estimate and report its findings")
    verify.add_argument("path", help="estimate file: .xlsx, .xls, PPS .BID, CSV or PDF (detected by content)")
    verify.add_argument("--format", choices=FORMATS, default="text",
                        help="text (default; a table for a terminal), json (the stable interface), "
                             "xlsx (the workbook annotated; needs -o), html (one self-contained page)")
    verify.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout")
    verify.add_argument("--lang", choices=("ko", "en"), default="ko", help="language of messages (default ko)")
    verify.add_argument("--as-of", metavar="YYYY-MM-DD",
                        help="judge the estimate by the references in force on this date (default: its own date)")
    _reference_options(verify)
    _limit_options(verify)
    audit = sub.add_parser("audit", help="verify every estimate in folders or globs; tables in DIR")
    audit.add_argument("paths", nargs="+", metavar="PATH", help="files, folders (searched recursively) or globs")
    audit.add_argument("-o", "--output", required=True, metavar="DIR",
                       help="folder for files/totals/findings (.csv, .parquet) and summary.xlsx")
    audit.add_argument("--jobs", type=int, default=1, metavar="N", help="worker processes (default 1)")
    audit.add_argument("--engine", choices=("local", "dask"), default="local",
                       help="local processes, or a Dask cluster (default local)")
    audit.add_argument("--scheduler", metavar="ADDRESS",
                       help="a Dask scheduler (tcp://host:8786); without it, a local cluster on loopback")
    audit.add_argument("--lang", choices=("ko", "en"), default="ko", help="language of messages (default ko)")
    audit.add_argument("--as-of", metavar="YYYY-MM-DD", help="judge every estimate as of this date")
    _reference_options(audit)
    _limit_options(audit)
    rules = sub.add_parser("rules", help="list the rules with their documentation")
    rules.add_argument("--lang", choices=("ko", "en"), default="ko", help="language (default ko)")
    explain = sub.add_parser("explain", help="print one rule's documentation")
    explain.add_argument("rule", help="a rule id, e.g. duplicate-scope")
    explain.add_argument("--lang", choices=("ko", "en"), default="ko", help="language (default ko)")
    refdata = sub.add_parser("refdata", help="reference data: check, show, import")
    refsub = refdata.add_subparsers(dest="refdata_command", required=True)
    check = refsub.add_parser("check", help="validate reference tables (bundled, or the CSV files in DIR)")
    check.add_argument("dir", nargs="?", help="a folder of reference tables (default: the bundled ones)")
    show = refsub.add_parser("show", help="what the verifier knows about an item")
    show.add_argument("query", help="an item, in Korean or English, e.g. 'CCTV 폴' or 'CCTV pole'")
    show.add_argument("--as-of", metavar="YYYY-MM-DD", help="show wages and prices in force on this date")
    _reference_options(show)
    imp = refsub.add_parser("import", help="regenerate bundled tables from a public source (told by its content)")
    imp.add_argument("source", help="the 표준품셈 JSON (→ standard_quantities/), a PPS price export CSV or a folder "
                                    "of them, or the KCA construction wage CSV (→ unit_price_tables/)")
    imp.add_argument("out", nargs="?", help="output folder (default: the bundled folder for that source)")
    return parser


def _reference_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("reference data (user tables replace bundled rows with the same key)")
    group.add_argument("--prices", action="append", default=[], metavar="FILE", help="procurement prices (CSV/XLSX)")
    group.add_argument("--quantities", action="append", default=[], metavar="FILE", help="standard quantities")
    group.add_argument("--wages", action="append", default=[], metavar="FILE", help="market wages per 인")
    group.add_argument("--rates", action="append", default=[], metavar="FILE", help="cost-summary rates")
    group.add_argument("--refdata", action="append", default=[], metavar="DIR", help="a folder of such tables")
    group.add_argument("--refdata-only", action="store_true", help="ignore the bundled tables")
    group.add_argument("--vocabulary", action="append", default=[], metavar="FILE",
                       help="domain words (TOML, the shape of estimator/data/vocabulary.toml) merged over the bundled")


def _limit_options(parser: argparse.ArgumentParser) -> None:
    from .limits import ENVIRONMENT, Limits

    defaults = Limits()
    group = parser.add_argument_group("limits on one input (also ESTIMATOR_MAX_* in the environment)")
    for name, kind, help_text in (("max_unpacked_mb", int, "megabytes a workbook or bid file may unpack to"),
                                  ("max_cells", int, "cells a workbook may write, over all sheets"),
                                  ("max_pages", int, "pages of a PDF"),
                                  ("max_seconds", float, "seconds to read one file")):
        group.add_argument("--" + name.replace("_", "-"), type=kind, metavar="N", dest=name,
                           help=f"{help_text} (default {getattr(defaults, name):,}; {ENVIRONMENT[name]})")


def _use_limits(args: argparse.Namespace) -> None:
    from . import limits
    from .readers.archive import assert_defused

    assert_defused()
    try:
        base = limits.from_environment()
    except ValueError as exc:
        raise InputError("environment", str(exc)) from None
    limits.use(base.with_options(**{name: getattr(args, name, None) for name in limits.OPTIONS}))


def _references(args: argparse.Namespace):
    from . import vocabulary

    vocabulary.use(args.vocabulary)
    return _tables(args)


def _tables(args: argparse.Namespace):
    from .refdata.user import reference_data

    return reference_data(prices=args.prices, quantities=args.quantities, wages=args.wages, rates=args.rates,
                          refdata=args.refdata, only=args.refdata_only)


def _as_of(text: str | None):
    from datetime import date

    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(text, msg("err_as_of")) from None


def _verify(args: argparse.Namespace) -> int:
    from .verify import verify

    if args.format == "xlsx" and not args.output:
        raise InputError(args.path, msg("err_xlsx_needs_output"))
    if args.output and _same_file(args.output, args.path):
        raise InputError(args.output, msg("err_output_is_input"))
    _use_limits(args)
    from . import vocabulary

    vocabulary.use(args.vocabulary)
    as_of = _as_of(args.as_of)
    # The tables load while the file is read in the reading worker.
    report = verify(args.path, lang=args.lang, refdata=lambda: _tables(args), as_of=as_of)
    if args.format == "xlsx":
        from .render.workbook import write_workbook

        write_workbook(report, args.output)
    elif args.output:
        _write(args.output, _rendered(report, args.format, terminal=False))
    else:
        sys.stdout.write(_rendered(report, args.format, terminal=sys.stdout.isatty()))
    return EXIT_FINDINGS if report.has_counted_findings else EXIT_OK


def _same_file(one: str, other: str) -> bool:
    import os

    try:
        return os.path.samefile(one, other)
    except OSError:  # the output does not exist yet
        return False


def _rendered(report, format_name: str, terminal: bool) -> str:
    if format_name == "json":
        return report.to_json()
    if format_name == "html":
        from .render.html import render

        return render(report)
    from .render.text import render, terminal_width

    return render(report, colour=terminal, width=terminal_width() if terminal else None)


def _write(path: str, text: str) -> None:
    try:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise InputError(path, msg("err_write_report", detail=exc.strerror)) from None


def _audit(args: argparse.Namespace) -> int:
    from pathlib import Path

    from . import limits
    from .audit import print_summary, run
    from .audit.one import Options

    _use_limits(args)
    _as_of(args.as_of)  # a bad date is refused before any file is read
    if args.jobs < 1:
        raise InputError("--jobs", msg("err_jobs"))
    options = Options(prices=tuple(args.prices), quantities=tuple(args.quantities), wages=tuple(args.wages),
                      rates=tuple(args.rates), refdata=tuple(args.refdata), refdata_only=args.refdata_only,
                      vocabulary=tuple(args.vocabulary), as_of=args.as_of, lang=args.lang,
                      limits=tuple((name, getattr(args, name)) for name in limits.OPTIONS
                                   if getattr(args, name, None) is not None))
    _tables(args)  # the user's tables are checked once, before the workers start
    audit = run(args.paths, args.output, options, jobs=args.jobs, engine=args.engine, scheduler=args.scheduler,
                progress=sys.stderr.isatty())
    print_summary(audit, Path(args.output), args.lang)
    return audit.exit_code


def _rules(lang: str) -> int:
    from .checks import RULES, documentation

    for rule_id in RULES:
        sys.stdout.write(f"{rule_id}\n{documentation(rule_id, lang)}\n\n")
    return EXIT_OK


def _refdata(args: argparse.Namespace) -> int:
    from pathlib import Path

    if args.refdata_command == "check":
        from .refdata.tables import bundled_folders
        from .refdata.validate import check_folder, format_failure

        folders = [Path(args.dir)] if args.dir else bundled_folders()
        for folder in folders:
            if not folder.is_dir():
                raise InputError(folder, msg("err_not_a_table_folder"))
        found = [f for folder in folders for f in check_folder(folder)]
        failures = [f for f in found if not f.aside]
        for failure in failures:
            sys.stdout.write(format_failure(failure) + "\n")
        names = ", ".join(str(f) for f in folders)
        sys.stdout.write(f"{len(failures)} failure(s) in {names}\n" if failures else f"ok: {names}\n")
        # Information only: rows a usable table sets aside (unknown unit, zero price); not used.
        aside = [f for f in found if f.aside]
        for row in aside:
            sys.stdout.write(f"info: {format_failure(row)}: set aside, not used\n")
        if aside:
            sys.stdout.write(f"info: {len(aside)} row(s) set aside\n")
        if args.dir:
            # Information only: rows that validate but that no rule can use.
            from .refdata.user import unusable_rows

            unused = unusable_rows(Path(args.dir))
            for file, line, reason in unused:
                sys.stdout.write(f"info: {file}:{line}: no rule uses this row: {reason}\n")
            if unused:
                sys.stdout.write(f"info: {len(unused)} row(s) no rule uses\n")
        return EXIT_FINDINGS if failures else EXIT_OK
    if args.refdata_command == "show":
        from .refdata.show import render

        sys.stdout.write(render(_references(args), args.query, _as_of(args.as_of)))
        return EXIT_OK
    from .refdata.importer import main as import_main

    source = Path(args.source)
    if not source.exists():
        raise InputError(source, msg("err_no_such_file"))
    return import_main([args.source, *([args.out] if args.out else [])])


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    lang = getattr(args, "lang", "ko")
    try:
        if args.command == "verify":
            return _verify(args)
        if args.command == "audit":
            return _audit(args)
        if args.command == "refdata":
            return _refdata(args)
        if args.command == "explain":
            from .checks import RULES, documentation

            text = documentation(args.rule, args.lang)
            if text is None:
                raise InputError(args.rule, msg("err_no_such_rule", rules=", ".join(RULES)))
            sys.stdout.write(text + "\n")
            return EXIT_OK
        return _rules(args.lang)
    except InputError as exc:
        sys.stderr.write(f"error: {exc.path}: {exc.render(lang)}\n")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return 130
    except Exception as exc:  # no traceback reaches the user; the message says where to look
        detail = f"{type(exc).__name__}: {exc}".replace("\n", " ")
        sys.stderr.write(f"error: {getattr(args, 'path', '')}: {say('err_internal', lang, detail=detail)}\n")
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
