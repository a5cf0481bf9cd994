"""Untrusted bytes are parsed in a child process, so that a library's crash is one file's error.

Spreadsheet and PDF libraries have sharp edges: a failed allocation in python-calamine aborts
the whole process (SIGABRT, uncatchable), a compression bomb exhausts memory, a hostile PDF can
keep pdfminer busy for minutes. Reading one file therefore runs in a forked child under a memory
limit (RLIMIT_AS, set above what the process already maps, so the libraries' own start-up fits)
and a time limit (``--max-seconds``); the child sends back the estimate it read — plain values —
or the error, and whatever kills it becomes a clear ``InputError`` for that file. Forking needs
no new interpreter and no re-import, and works inside pool and Dask worker processes (which
may not start ``multiprocessing`` children). Where ``os.fork`` does not exist the read runs in
the process itself.
"""

from __future__ import annotations

import gc
import os
import pickle
import select
import signal
import time
from collections.abc import Callable
from pathlib import Path

from .. import limits as limits_module
from ..errors import InputError
from ..messages import Both, msg

MIN_HEADROOM = 2 * 2**30  # memory a read may add to what the process maps at the fork
enabled = hasattr(os, "fork")  # bench/ switches it off to measure its cost
_inside = False  # a child does not fork again


def _mapped_bytes() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _limit_memory(limits: limits_module.Limits) -> int | None:
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Unix
        return None
    headroom = max(MIN_HEADROOM, 4 * limits.max_unpacked_mb * 2**20)
    ceiling = _mapped_bytes() + headroom
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        ceiling = min(ceiling, hard)
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    return ceiling


def _quiet() -> None:
    """A library dying in the child writes its own report (Rust's backtrace, faulthandler's dump);
    the parent reports one line, so the child's error stream goes nowhere."""
    import faulthandler

    faulthandler.disable()
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 2)
    os.close(null)


def _child(function: Callable, path: str | Path, write: int) -> None:
    global _inside
    _inside = True
    _quiet()
    limits = limits_module.current()
    ceiling = _limit_memory(limits)
    try:
        result: tuple = ("ok", function(path))
    except InputError as exc:
        result = ("input", exc.path, exc.message if exc.message is not None else exc.reason)
    except MemoryError:
        result = ("memory", ceiling)
    except RecursionError:
        result = ("input", str(path), msg("err_worker_crashed", detail="nesting too deep"))
    except Exception as exc:  # noqa: BLE001 - a bug of ours: reported as such by the parent
        result = ("bug", f"{type(exc).__name__}: {exc}")
    try:
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        data = pickle.dumps(("memory", ceiling))
    with os.fdopen(write, "wb") as out:
        out.write(data)


def isolated(function: Callable, path: str | Path):
    """``function(path)`` run in a child process under the current limits; its result, or its
    ``InputError`` raised here."""
    return start(function, path).result()


class Pending:
    """A read running in a child process while the caller goes on (loading the references, say)."""

    def __init__(self, function: Callable, path: str | Path):
        self.path = path
        self.pid: int | None = None
        self._value: tuple | None = None
        if not enabled or _inside:
            try:
                self._value = ("value", function(path))
            except Exception as exc:  # noqa: BLE001 - raised to the caller by result()
                self._value = ("raise", exc)
            return
        self.limits = limits_module.current()
        self._read, write = os.pipe()
        # Objects alive at the fork move to the collector's permanent generation: the child's
        # collections then do not touch (and so copy) every page the parent holds.
        gc.freeze()
        pid = os.fork()
        if pid == 0:  # the child: never returns into the caller's code
            try:
                os.close(self._read)
                _child(function, path, write)
            finally:
                os._exit(0)
        gc.unfreeze()
        os.close(write)
        self.pid = pid

    def result(self):
        if self._value is None:
            self._value = self._finish()
        kind, value = self._value
        if kind == "raise":
            raise value
        return value

    def cancel(self) -> None:
        """End the child if it still runs (the caller failed before it needed the result)."""
        if self.pid is not None and self._value is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
                os.close(self._read)
            except OSError:
                pass
            self._value = ("raise", InputError(self.path, msg("err_worker_crashed", detail="cancelled")))

    def _finish(self) -> tuple:
        try:
            return ("value", self._decode())
        except (InputError, RuntimeError) as exc:
            return ("raise", exc)

    def _decode(self):
        path = self.path
        data = _collect(self._read, self.pid, path, self.limits)
        _, status = os.waitpid(self.pid, 0)
        if not data:
            raise InputError(path, msg("err_worker_crashed", detail=_death(status)))
        result = pickle.loads(data)
        if result[0] == "ok":
            return result[1]
        if result[0] == "input":
            raise InputError(result[1], result[2])
        if result[0] == "memory":
            ceiling = f"{(result[1] or 0) / 2**30:.1f} GiB"
            raise InputError(path, msg("err_worker_memory", limit=ceiling))
        raise RuntimeError(result[1])


def start(function: Callable, path: str | Path) -> Pending:
    """Start ``function(path)`` in a child process; ``.result()`` waits for it."""
    return Pending(function, path)


def _collect(read: int, pid: int, path: str | Path, limits: limits_module.Limits) -> bytes:
    chunks = []
    deadline = time.monotonic() + limits.max_seconds
    with os.fdopen(read, "rb", buffering=0) as pipe:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                raise InputError(path, msg("err_limit", what=Both("읽는 시간", "reading time"), value=f"> {limits.max_seconds:g} s",
                                           limit=f"{limits.max_seconds:g} s",
                                           how=limits_module.how_to_raise("max_seconds")))
            ready, _, _ = select.select([pipe], [], [], remaining)
            if not ready:
                continue
            chunk = pipe.read(1 << 20)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


def _death(status: int) -> str:
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        try:
            return f"signal {number} ({signal.Signals(number).name})"
        except ValueError:
            return f"signal {number}"
    return f"exit status {os.WEXITSTATUS(status)}"
