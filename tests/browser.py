"""Open an HTML file in a real headless Chromium and report what a reader's browser would show.

The HTML report is checked in a browser, not only as text: what its scripts log (console errors,
uncaught exceptions, resources that fail to load), the text its elements hold once the page has
loaded and its scripts have run, and a screenshot of the whole page to look at. Chromium is
driven over the DevTools protocol on ``--remote-debugging-pipe`` (commands on fd 3, replies on
fd 4, each a JSON message ending in a NUL byte), so nothing beyond the standard library and the
``chromium`` package is needed and no network port is opened.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

WINDOW = (1280, 900)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    # Shared memory in a temp file, not /dev/shm: a container's small /dev/shm crashes renderers
    # on large pages (Debian's launcher means to add this flag but its check fails when /dev/shm
    # is mounted twice).
    "--disable-dev-shm-usage",
    "--hide-scrollbars",  # a full-page screenshot is then the full 1280 px wide
    "--remote-debugging-pipe",
    f"--window-size={WINDOW[0]},{WINDOW[1]}",
]

# Chromium reads commands on fd 3 and writes replies on fd 4. The pipe ends are handed to the
# child as its stdin and stdout, which subprocess places safely whatever their numbers in this
# process; a shell then moves them to 3 and 4, puts stdin back on /dev/null and stdout on the
# stderr file, and execs the browser (no preexec_fn, so other fds are still closed).
TRAMPOLINE = 'exec 3<&0 4>&1 0</dev/null 1>&2 && exec "$@"'


class BrowserError(RuntimeError):
    """Chromium failed, hung or answered with a protocol error; the message carries its stderr."""


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def require_chromium() -> str:
    browser = chromium()
    if browser is None:
        if os.environ.get("ESTIMATOR_REQUIRE_CHROMIUM"):
            pytest.fail("Chromium is required here but not installed")
        pytest.skip("Chromium not installed")
    return browser


@dataclass
class Rendered:
    """``console``: every console message, uncaught exception and browser log entry (a file that
    fails to load is one, ``type`` network), in order, each a dict with ``source`` (console,
    exception, log), ``level`` (error, warning, info, verbose), ``type`` (the console call or the
    log's source), ``text`` and, where known, ``url`` and ``line`` (1-based). ``texts``: per
    selector, the stripped ``textContent`` of each matching element of the rendered DOM.
    ``screenshot``: the whole page as PNG."""

    console: list[dict] = field(default_factory=list)
    texts: dict[str, list[str]] = field(default_factory=dict)
    screenshot: bytes = b""

    @property
    def errors(self) -> list[dict]:
        return [entry for entry in self.console if entry["level"] == "error"]


def render(html_path: Path, selectors: list[str], screenshot_to: Path | None = None,
           timeout: float = 60) -> Rendered:
    """Load ``html_path`` in headless Chromium, wait for its load event, read ``selectors`` from
    the DOM and take a full-page screenshot (also written to ``screenshot_to`` if given)."""
    html_path = Path(html_path).resolve()
    if not html_path.is_file():
        raise FileNotFoundError(html_path)
    browser = require_chromium()
    with _Browser(browser, timeout) as session:
        rendered = session.render(html_path.as_uri(), list(selectors))
    if screenshot_to is not None:
        Path(screenshot_to).write_bytes(rendered.screenshot)
    return rendered


_CONSOLE_LEVELS = {"error": "error", "assert": "error", "warning": "warning", "debug": "verbose"}

_WAIT_LOADED = """new Promise(resolve => {
  const settle = () => requestAnimationFrame(
    () => requestAnimationFrame(() => resolve(location.href)));
  if (document.readyState === 'complete') settle();
  else addEventListener('load', settle, {once: true});
})"""

_READ_TEXTS = ("(selectors => selectors.map("
               "s => Array.from(document.querySelectorAll(s), e => e.textContent)))")


class _Browser:
    def __init__(self, binary: str, timeout: float):
        self.binary = binary
        self.deadline = time.monotonic() + timeout
        self.timeout = timeout
        self.next_id = 0
        self.buffer = b""
        self.console: list[dict] = []
        self.session: str | None = None
        self.loaded = False
        self.proc: subprocess.Popen | None = None

    # -- process ---------------------------------------------------------------------------

    def __enter__(self) -> _Browser:
        self.profile = tempfile.mkdtemp(prefix="estimator-chromium-")
        self.stderr = tempfile.TemporaryFile()
        cmd_r, self.cmd_w = os.pipe()
        self.resp_r, resp_w = os.pipe()
        try:
            self.proc = subprocess.Popen(
                ["/bin/sh", "-c", TRAMPOLINE, "sh", self.binary, *FLAGS,
                 f"--user-data-dir={self.profile}", "about:blank"],
                stdin=cmd_r, stdout=resp_w, stderr=self.stderr, close_fds=True,
                start_new_session=True)
        except BaseException:
            for fd in (self.cmd_w, self.resp_r):
                os.close(fd)
            self._cleanup_files()
            raise
        finally:
            os.close(cmd_r)
            os.close(resp_w)
        os.set_blocking(self.cmd_w, False)
        os.set_blocking(self.resp_r, False)
        return self

    def __exit__(self, *exc) -> None:
        try:
            if self.proc.poll() is None:
                try:
                    self.deadline = min(self.deadline, time.monotonic() + 5)
                    self._send("Browser.close", session=False)
                    self.proc.wait(timeout=max(0.1, self.deadline - time.monotonic()))
                except (BrowserError, OSError, subprocess.TimeoutExpired):
                    pass
        finally:
            self._kill()
            for fd in (self.cmd_w, self.resp_r):
                os.close(fd)
            self._cleanup_files()

    def _kill(self) -> None:
        # Chromium's helper processes (zygote, renderer, GPU) share its process group.
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass

    def _cleanup_files(self) -> None:
        shutil.rmtree(self.profile, ignore_errors=True)
        self.stderr.close()

    def _stderr_tail(self, limit: int = 6000) -> str:
        try:
            self.stderr.seek(0)
            text = self.stderr.read().decode("utf-8", "replace")
        except (OSError, ValueError):
            return ""
        return text[-limit:]

    def _fail(self, message: str) -> BrowserError:
        state = "running" if self.proc.poll() is None else f"exit status {self.proc.returncode}"
        return BrowserError(f"{message} (Chromium {state}); Chromium's stderr:\n{self._stderr_tail()}")

    # -- protocol --------------------------------------------------------------------------

    def _remaining(self, what: str) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            self._kill()
            raise self._fail(f"timed out after {self.timeout:g}s waiting for {what}")
        return left

    def _send(self, method: str, params: dict | None = None, session: bool = True) -> int:
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        data = json.dumps(message).encode() + b"\0"
        while data:
            _, writable, _ = select.select([], [self.cmd_w], [], self._remaining(f"sending {method}"))
            if writable:
                try:
                    data = data[os.write(self.cmd_w, data):]
                except BlockingIOError:
                    continue
                except BrokenPipeError:
                    raise self._fail(f"Chromium closed its command pipe before {method}") from None
        return self.next_id

    def _receive(self, what: str) -> dict:
        while b"\0" not in self.buffer:
            readable, _, _ = select.select([self.resp_r], [], [], self._remaining(what))
            if not readable:
                continue
            try:
                chunk = os.read(self.resp_r, 1 << 20)
            except BlockingIOError:
                continue
            if not chunk:
                raise self._fail(f"Chromium closed its reply pipe while waiting for {what}")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method: str, params: dict | None = None, session: bool = True) -> dict:
        wanted = self._send(method, params, session)
        while True:
            message = self._receive(method)
            if message.get("id") == wanted:
                if "error" in message:
                    raise self._fail(f"{method} failed: {message['error']}")
                return message.get("result", {})
            if "method" in message:
                self._event(message)

    def _wait_for(self, predicate, what: str) -> None:
        while not predicate():
            message = self._receive(what)
            if "method" in message:
                self._event(message)

    def _event(self, message: dict) -> None:
        if self.session and message.get("sessionId") not in (None, self.session):
            return
        method, params = message["method"], message.get("params", {})
        if method == "Page.loadEventFired":
            self.loaded = True
        elif method == "Runtime.consoleAPICalled":
            kind = params.get("type", "log")
            frame = (params.get("stackTrace") or {}).get("callFrames") or [{}]
            self.console.append({
                "source": "console", "level": _CONSOLE_LEVELS.get(kind, "info"), "type": kind,
                "text": " ".join(_describe(arg) for arg in params.get("args", [])),
                "url": frame[0].get("url"), "line": _line(frame[0].get("lineNumber"))})
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            exception = details.get("exception") or {}
            text = (exception.get("description") or _describe(exception)) if exception else ""
            self.console.append({
                "source": "exception", "level": "error", "type": "exception",
                "text": f"{details.get('text', 'Uncaught')} {text}".strip(),
                "url": details.get("url"), "line": _line(details.get("lineNumber"))})
        elif method == "Log.entryAdded":
            entry = params.get("entry", {})
            text = entry.get("text", "")
            if entry.get("source") == "network" and entry.get("url"):
                text = f"{text} ({entry['url']})"  # which file failed: the text does not say
            self.console.append({
                "source": "log", "level": entry.get("level", "info"),
                "type": entry.get("source", "other"), "text": text,
                "url": entry.get("url"), "line": _line(entry.get("lineNumber"))})

    # -- the page --------------------------------------------------------------------------

    def render(self, url: str, selectors: list[str]) -> Rendered:
        target = self.call("Target.createTarget", {"url": "about:blank"},
                           session=False)["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True},
                                 session=False)["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.call(f"{domain}.enable")
        self.call("Emulation.setDeviceMetricsOverride", {
            "width": WINDOW[0], "height": WINDOW[1], "deviceScaleFactor": 1, "mobile": False})
        self.loaded = False
        navigated = self.call("Page.navigate", {"url": url})
        if navigated.get("errorText"):
            raise self._fail(f"could not open {url}: {navigated['errorText']}")
        self._wait_for(lambda: self.loaded, f"the load event of {url}")
        href = self.evaluate(_WAIT_LOADED, "the page to settle")
        if href != url:
            raise self._fail(f"the page shows {href!r}, not {url!r}")
        found = self.evaluate(f"{_READ_TEXTS}({json.dumps(selectors)})", "the selectors")
        texts = {selector: [text.strip() for text in values]
                 for selector, values in zip(selectors, found)}
        metrics = self.call("Page.getLayoutMetrics")
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        shot = self.call("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "scale": 1,
                     "width": max(1, min(size["width"], 16384)),
                     "height": max(1, min(size["height"], 16384))}})
        return Rendered(console=list(self.console), texts=texts,
                        screenshot=base64.b64decode(shot["data"]))

    def evaluate(self, expression: str, what: str):
        result = self.call("Runtime.evaluate", {
            "expression": expression, "awaitPromise": True, "returnByValue": True})
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            exception = details.get("exception") or {}
            raise self._fail(f"evaluating {what} threw: "
                             f"{exception.get('description') or details.get('text')}")
        return result["result"].get("value")


def _describe(remote: dict) -> str:
    """A console argument as text: its value for primitives, its description for objects."""
    if "value" in remote:
        value = remote["value"]
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if "unserializableValue" in remote:
        return remote["unserializableValue"]
    preview = remote.get("preview")
    if preview and preview.get("properties") is not None:
        items = [p.get("value", p.get("type", "")) if preview.get("subtype") == "array"
                 else f"{p['name']}: {p.get('value', p.get('type', ''))}"
                 for p in preview["properties"]]
        more = ", …" if preview.get("overflow") else ""
        opening, closing = ("[", "]") if preview.get("subtype") == "array" else ("{", "}")
        return opening + ", ".join(items) + more + closing
    return remote.get("description") or remote.get("type", "")


def _line(number: int | None) -> int | None:
    return None if number is None else number + 1
