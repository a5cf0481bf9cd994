"""Limits on the work one input may cause: estimates arrive from outside and are untrusted.

Every limit has a documented default, an environment variable (so that batch runs and their
workers inherit it) and a command-line option; the option wins over the environment, the
environment over the default. A refusal names the limit and how to raise it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class Limits:
    max_unpacked_mb: int = 512  # bytes a workbook or bid file unpacks to (all its parts)
    max_cells: int = 20_000_000  # cells a workbook writes, over all its sheets
    max_pages: int = 2_000  # pages of a PDF
    max_seconds: float = 300.0  # reading one file, start to end

    def with_options(self, **options: object) -> Limits:
        """These limits with the options that were given (None: not given)."""
        return replace(self, **{k: v for k, v in options.items() if v is not None})


OPTIONS = {f.name: "--" + f.name.replace("_", "-") for f in fields(Limits)}
ENVIRONMENT = {f.name: "ESTIMATOR_" + f.name.upper() for f in fields(Limits)}


def from_environment(environ: dict[str, str] | None = None) -> Limits:
    """The defaults, with what ``ESTIMATOR_MAX_*`` variables set."""
    environ = os.environ if environ is None else environ
    values = {}
    for f in fields(Limits):
        text = environ.get(ENVIRONMENT[f.name])
        if text:
            try:
                values[f.name] = float(text) if f.type == "float" else int(float(text))
            except ValueError:
                raise ValueError(f"{ENVIRONMENT[f.name]}={text!r} is not a number") from None
    return Limits(**values)


_current: Limits | None = None


def current() -> Limits:
    global _current
    if _current is None:
        _current = from_environment()
    return _current


def use(limits: Limits) -> Limits:
    """Make ``limits`` the ones every reader applies from now on (the CLI does, from its options)."""
    global _current
    _current = limits
    return limits


def how_to_raise(name: str):
    """The option and the variable that raise a limit, in either language."""
    from .messages import Both

    return Both(f"{OPTIONS[name]} 또는 {ENVIRONMENT[name]}", f"{OPTIONS[name]} or {ENVIRONMENT[name]}")
