"""Errors that end a run with a one-line message instead of a traceback."""

from __future__ import annotations

from .messages import Message

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2


class InputError(Exception):
    """The input cannot be used; the message names the file and what is wrong.

    The CLI prints ``error: <path>: <reason>`` in the asked language and exits with EXIT_BAD_INPUT;
    ``reason`` is the English sentence (``str(error)`` too), for logs and tests.
    """

    def __init__(self, path: object, reason: str | Message):
        self.path = str(path)
        self.message = reason if isinstance(reason, Message) else None
        self.reason = reason.render("en") if isinstance(reason, Message) else reason
        super().__init__(f"{path}: {self.reason}")

    def render(self, lang: str = "ko") -> str:
        return self.message.render(lang) if self.message is not None else self.reason
