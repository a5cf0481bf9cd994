"""Hostile input: refused with one line and exit 2, or read — never a crash, a hang or a traceback.

Files are made here by code. Each is verified by ``estimator verify`` in a subprocess under a
time bound; the isolated reader itself is tested with functions that crash, exhaust memory or
hang in the child.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from builders import BUILDERS

from estimator import limits
from estimator.errors import InputError
from estimator.readers import worker


def _cli(path: Path, *options: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "estimator", "verify", str(path), "--lang", "en", *options],
                          capture_output=True, text=True, timeout=120, env={**os.environ, **(env or {})})


def _refused(result: subprocess.CompletedProcess, path: Path, reason: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stdout[-300:], result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and reason in lines[0], lines
    assert "Traceback" not in result.stderr and result.stdout == ""


def _repack(source: Path, target: Path, change) -> Path:
    """A copy of an .xlsx with ``change(name, data)`` applied to every part (None drops it)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = change(item.filename, old.read(item))
            if data is not None:
                new.writestr(item.filename, data)
    return target


@pytest.fixture
def estimate(tmp_path) -> Path:
    return Path(BUILDERS["single_price"](tmp_path, slips=True).path)


def test_a_part_that_unpacks_past_the_limit(estimate, tmp_path):
    def add_padding(name, data):
        return data

    padded = _repack(estimate, tmp_path / "padded.xlsx", add_padding)
    with zipfile.ZipFile(padded, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", os.urandom(3 * 2**20))  # 3 MB that do not compress
    _refused(_cli(padded, "--max-unpacked-mb", "2"), padded,
             "is over the limit of 2 MB (raise it with --max-unpacked-mb or ESTIMATOR_MAX_UNPACKED_MB)")
    _refused(_cli(padded, env={"ESTIMATOR_MAX_UNPACKED_MB": "2"}), padded, "over the limit of 2 MB")
    assert _cli(padded).returncode == 1  # within the default: read, and its slips found


def test_a_compression_bomb(estimate, tmp_path):
    bomb = _repack(estimate, tmp_path / "bomb.xlsx", lambda name, data: data)
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/zeros.bin", bytes(64 * 2**20))  # 64 MB of zeros pack to ~64 KB
    _refused(_cli(bomb), bomb, "claims to grow")


@pytest.mark.parametrize("declaration", [
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
])
def test_entity_declarations_in_a_sheet(estimate, tmp_path, declaration):
    def declare(name, data):
        if name.startswith("xl/worksheets/sheet"):
            if data.startswith(b"<?xml"):
                head, _, rest = data.partition(b"?>")
                return head + b"?>" + declaration + rest
            return declaration + data
        return data

    hostile = _repack(estimate, tmp_path / "entities.xlsx", declare)
    _refused(_cli(hostile), hostile, "declares entities or a document type")


def test_defusedxml_guards_every_xml_parser():
    from estimator.readers.archive import assert_defused

    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True
    assert_defused()


def test_a_text_file_named_xlsx(tmp_path):
    text = tmp_path / "notes.xlsx"
    text.write_text("회의록\n내일 현장 점검\n", encoding="utf-8")
    _refused(_cli(text), text, "no bill of quantities")


def test_a_truncated_workbook(estimate, tmp_path):
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(estimate.read_bytes()[: estimate.stat().st_size // 2])
    _refused(_cli(truncated), truncated, "damaged")


def test_too_many_cells(estimate, tmp_path):
    with zipfile.ZipFile(estimate) as archive:  # every cell the sheets write, styled blanks included
        written = sum(len(re.findall(rb"<c ", archive.read(n))) for n in archive.namelist()
                      if n.startswith("xl/worksheets/sheet"))
    _refused(_cli(estimate, "--max-cells", str(written - 1)), estimate,
             f"cells {written:,} is over the limit of {written - 1:,} (raise it with --max-cells")


# ---------------------------------------------------------------------------------------------
# The isolated reader


@pytest.fixture
def short_limits():
    before = limits.current()
    limits.use(limits.Limits(max_seconds=2.0))
    yield
    limits.use(before)


def _abort(path):
    os.abort()


def _exhaust(path):
    blocks = []
    while True:
        blocks.append(bytearray(256 * 2**20))  # zero-filled: a few seconds to reach the ceiling


def _hang(path):
    time.sleep(60)


def _refuse(path):
    raise InputError(path, "refused in the child")


def test_a_crash_in_the_reader_is_one_files_error(tmp_path, short_limits):
    with pytest.raises(InputError, match=r"the reader process died \(signal 6 \(SIGABRT\)\)"):
        worker.isolated(_abort, tmp_path / "x")


def test_memory_is_bounded_in_the_reader(tmp_path):
    before = limits.current()
    limits.use(limits.Limits(max_seconds=60.0))
    try:
        with pytest.raises(InputError, match="more memory than allowed"):
            worker.isolated(_exhaust, tmp_path / "x")
    finally:
        limits.use(before)


def test_time_is_bounded_in_the_reader(tmp_path, short_limits):
    start = time.monotonic()
    with pytest.raises(InputError, match=r"reading time > 2 s is over the limit of 2 s \(raise it with --max-seconds"):
        worker.isolated(_hang, tmp_path / "x")
    assert time.monotonic() - start < 10


def test_the_childs_refusal_comes_back_as_it_was(tmp_path, short_limits):
    with pytest.raises(InputError, match="refused in the child") as raised:
        worker.isolated(_refuse, tmp_path / "x")
    assert raised.value.path == str(tmp_path / "x")


def _verify_in_pool(path: str) -> tuple[int, list]:
    from estimator import verify

    report = verify(path)
    return len(report.estimate.lines), sorted((f.rule, f.over_won) for f in report.findings)


def test_reading_is_isolated_inside_a_pool_worker(estimate):
    """Pool (and Dask) workers are daemonic: they may not start multiprocessing children, but
    the reader forks its own."""
    import multiprocessing

    from estimator import verify

    expected = verify(estimate)
    with multiprocessing.get_context("fork").Pool(1) as pool:
        lines, findings = pool.apply(_verify_in_pool, (str(estimate),))
    assert lines == len(expected.estimate.lines) > 0
    assert findings == sorted((f.rule, f.over_won) for f in expected.findings)
