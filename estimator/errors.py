"""Errors that end a run with a one-line message instead of a traceback."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2


class InputError(Exception):
    """The input cannot be used; the message names the file and what is wrong.

    The CLI prints ``error: <path>: <reason>`` and exits with EXIT_BAD_INPUT.
    """

    def __init__(self, path: object, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason
