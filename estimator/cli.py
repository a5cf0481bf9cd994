"""The ``estimator`` command.

Exit status: 0 no certain or probable finding; 1 at least one; 2 unusable input (one line on
stderr names the file and the problem); 3 an internal error (a bug: one line, no traceback).
"""

from __future__ import annotations

import argparse
import sys

from .errors import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, InputError

EXIT_INTERNAL = 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="estimator",
                                     description="Verify Korean public-contract cost estimates (설계내역서).")
    sub = parser.add_subparsers(dest="command", required=True)
    verify = sub.add_parser("verify", help="read an estimate and report its findings")
    verify.add_argument("path", help="estimate file: .xlsx, .xls, PPS .BID or CSV (detected by content)")
    verify.add_argument("--format", choices=("text", "json"), default="text")
    verify.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout")
    verify.add_argument("--lang", choices=("ko", "en"), default="ko", help="language of messages (default ko)")
    sub.add_parser("rules", help="list the rules with their documentation")
    return parser


def _verify(args: argparse.Namespace) -> int:
    from .verify import verify

    report = verify(args.path, lang=args.lang)
    text = report.to_json() if args.format == "json" else report.to_text()
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as exc:
            raise InputError(args.output, f"cannot write the report ({exc.strerror})") from None
    else:
        sys.stdout.write(text)
    return EXIT_FINDINGS if report.has_counted_findings else EXIT_OK


def _rules() -> int:
    from .checks import RULES

    for rule_id, rule in RULES.items():
        module = sys.modules[rule.__module__]
        sys.stdout.write(f"{rule_id}\n{(module.__doc__ or '').strip()}\n\n")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "verify":
            return _verify(args)
        return _rules()
    except InputError as exc:
        sys.stderr.write(f"error: {exc.path}: {exc.reason}\n")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return 130
    except Exception as exc:  # no traceback reaches the user; the message says where to look
        sys.stderr.write(f"error: {getattr(args, 'path', '')}: internal error ({type(exc).__name__}: {exc}); "
                         f"please report it with the file\n")
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
