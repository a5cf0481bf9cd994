"""``estimator audit``: a folder with good, broken and foreign files; totals equal to single
verify runs; resumed without verifying again; the same tables from local workers and from a
Dask cluster."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from dressed import EXAMPLE, HOSTILE, dressed_example

DATA = Path(__file__).parent / "data"
BID = DATA / "g2b_20221225183_gwangju_museum_original.BID"
PRICED = DATA / "g2b_20221225183_gwangju_museum_PRICED_by_CMC_tool_T3.csv"
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "estimator", *args], capture_output=True, text=True, timeout=600,
                          cwd=cwd)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("contracts")
    shutil.copy(EXAMPLE, root / "2026_cctv.xlsx")
    shutil.copy(BID, root / "2023_museum.BID")
    nested = root / "2023" / "priced"
    nested.mkdir(parents=True)
    shutil.copy(PRICED, nested / "museum_priced.csv")
    dressed_example(root / "2023")  # dressed.xlsx: an item named as a formula
    (root / "2023" / "logo.png").unlink()
    (root / "broken.xlsx").write_bytes(EXAMPLE.read_bytes()[:3000])  # a truncated workbook
    (root / "drawing.dwg").write_bytes(b"AC1032\x00\x00\x01\x02" + bytes(range(256)) * 4)
    (root / "report.hwp").write_bytes(OLE_MAGIC + bytes(504) + "FileHeader".encode("utf-16-le") + bytes(600))
    (root / ".hidden.xlsx").write_bytes(EXAMPLE.read_bytes())  # hidden files are not audited
    return root


@pytest.fixture(scope="module")
def audited(folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("audit")
    result = run("audit", str(folder), "-o", str(out), "--as-of", "2026-03-01")
    return result, out


def single(path: Path, *extra: str) -> dict:
    result = run("verify", str(path), "--format", "json", "--as-of", "2026-03-01", *extra)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_every_file_is_listed_with_its_status(folder, audited):
    result, out = audited
    assert result.returncode == 1, result.stderr  # findings, and two files that could not be read
    files = pd.read_csv(out / "files.csv", dtype=str, keep_default_na=False)
    expected = sorted(str(p) for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
    assert list(files["path"]) == expected
    status = dict(zip((Path(p).name for p in files["path"]), files["status"]))
    assert status == {"2026_cctv.xlsx": "ok", "2023_museum.BID": "ok", "museum_priced.csv": "ok",
                      "dressed.xlsx": "ok", "broken.xlsx": "error", "drawing.dwg": "skipped", "report.hwp": "skipped"}
    errors = dict(zip((Path(p).name for p in files["path"]), files["error"]))
    assert errors["broken.xlsx"] and errors["2026_cctv.xlsx"] == ""
    kinds = dict(zip((Path(p).name for p in files["path"]), files["kind"]))
    assert kinds["2023_museum.BID"] == "bid" and kinds["museum_priced.csv"] == "csv"
    assert "파일 7개: 검증 4, 오류 1, 건너뜀 2" in result.stdout


def test_totals_and_findings_equal_single_verify_runs(folder, audited):
    _, out = audited
    totals = pd.read_parquet(out / "totals.parquet")
    findings = pd.read_parquet(out / "findings.parquet")
    assert str(totals["direct_over_won"].dtype) == "Int64"
    for record in totals.to_dict("records"):
        alone = single(Path(record["path"]))
        for key in ("contract_total_won", "direct_over_won", "total_over_won"):
            assert (None if pd.isna(record[key]) else record[key]) == alone["totals"][key], (record["path"], key)
        assert record["estimate_date"] == alone["estimate_date"]["date"]
        for level in ("certain", "probable", "possible"):
            assert record[level] == sum(f["confidence"] == level for f in alone["findings"])
        mine = findings[findings["path"] == record["path"]]
        assert list(mine["rule"]) == [f["rule"] for f in alone["findings"]]
        assert list(mine["over_won"]) == [f["over_won"] for f in alone["findings"]]
        assert [json.loads(e) for e in mine["evidence"]] == [f["evidence"] for f in alone["findings"]]


def test_summary_workbook_adds_up(audited):
    _, out = audited
    totals = pd.read_parquet(out / "totals.parquet")
    book = openpyxl.load_workbook(out / "summary.xlsx")
    rows = list(book["계약별"].iter_rows(min_row=2, values_only=True))
    body, grand = rows[:-1], rows[-1]
    assert [r[0] for r in body] == list(totals["path"])
    assert [r[3] for r in body] == list(totals["direct_over_won"])
    assert grand[0] == "합계" and grand[3] == int(totals["direct_over_won"].sum())
    assert grand[4] == int(totals["total_over_won"].sum())
    rules = list(book["규칙별"].iter_rows(min_row=2, values_only=True))
    assert rules[-1][3] == grand[3]  # by rule and by contract: the same direct over-estimate


def test_formula_shaped_text_is_never_live(audited):
    _, out = audited
    with open(out / "findings.csv", encoding="utf-8", newline="") as handle:
        items = [row["item"] for row in csv.DictReader(handle)]
    assert "'" + HOSTILE in items and HOSTILE not in items
    parquet = pd.read_parquet(out / "findings.parquet")
    assert HOSTILE in set(parquet["item"])  # typed data keeps the text as it is
    book = openpyxl.load_workbook(out / "summary.xlsx")
    formulas = [c.coordinate for ws in book.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []


def test_a_second_run_resumes_without_verifying(folder, tmp_path, monkeypatch):
    import estimator.audit as audit_module
    from estimator.audit.one import Options, audit_one

    calls: list[str] = []

    def counting(path, digest, options):
        calls.append(Path(path).name)
        return audit_one(path, digest, options)

    monkeypatch.setattr(audit_module, "audit_one", counting)
    options = Options(as_of="2026-03-01")
    first = audit_module.run([str(folder)], tmp_path, options)
    assert first.verified == len(calls) == 7 and first.resumed == 0
    calls.clear()
    second = audit_module.run([str(folder)], tmp_path, options)
    assert (second.verified, second.resumed, calls) == (0, 7, [])
    assert [r["totals"] for r in second.results] == [r["totals"] for r in first.results]
    # Another date is another verdict: everything again.
    third = audit_module.run([str(folder)], tmp_path, Options(as_of="2026-04-01"))
    assert third.verified == 7
    # One changed file: only it.
    changed = tmp_path / "input"
    shutil.copytree(folder, changed)
    calls.clear()
    audit_module.run([str(changed)], tmp_path, options)
    assert calls == []  # same contents, same verdicts, wherever the files are
    (changed / "2026_cctv.xlsx").write_bytes((changed / "2023" / "dressed.xlsx").read_bytes())
    calls.clear()
    audit_module.run([str(changed)], tmp_path, options)
    assert calls == []  # its contents are a file already judged
    (changed / "2023" / "priced" / "museum_priced.csv").write_text(
        PRICED.read_text(encoding="utf-8-sig") + "\n", encoding="utf-8")
    calls.clear()
    audit_module.run([str(changed)], tmp_path, options)
    assert calls == ["museum_priced.csv"]


def test_an_undated_file_is_judged_again_on_another_day(folder, tmp_path, monkeypatch):
    import datetime as real

    import estimator.audit as audit_module
    from estimator.audit.one import Options

    undated = tmp_path / "in"
    undated.mkdir()
    shutil.copy(PRICED, undated / "priced.csv")  # a CSV carries no date: judged on the run date
    first = audit_module.run([str(undated)], tmp_path / "out", Options())
    assert first.results[0]["assumed_date"] and first.verified == 1
    assert audit_module.run([str(undated)], tmp_path / "out", Options()).resumed == 1

    from estimator import dating

    tomorrow = dating.today() + real.timedelta(days=1)
    monkeypatch.setattr(dating, "today", lambda: tomorrow)
    again = audit_module.run([str(undated)], tmp_path / "out", Options())
    assert again.verified == 1 and again.results[0]["judged_on"] == tomorrow.isoformat()


def _tables(out: Path) -> dict[str, pd.DataFrame]:
    tables = {name: pd.read_parquet(out / f"{name}.parquet") for name in ("files", "totals", "findings")}
    tables["files"] = tables["files"].drop(columns=["seconds"])  # wall time differs run to run
    return tables


def test_two_local_workers_and_a_dask_cluster_give_the_same_tables(folder, audited, tmp_path):
    _, out = audited
    one = _tables(out)
    jobs = run("audit", str(folder), "-o", str(tmp_path / "jobs"), "--as-of", "2026-03-01", "--jobs", "2")
    assert jobs.returncode == 1, jobs.stderr
    dask = run("audit", str(folder), "-o", str(tmp_path / "dask"), "--as-of", "2026-03-01", "--engine", "dask")
    assert dask.returncode == 1, dask.stderr
    for other in (_tables(tmp_path / "jobs"), _tables(tmp_path / "dask")):
        for name, frame in one.items():
            pd.testing.assert_frame_equal(frame, other[name])


def test_nothing_readable_exits_2(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "broken.xlsx").write_bytes(EXAMPLE.read_bytes()[:2000])
    result = run("audit", str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert (tmp_path / "out" / "files.csv").exists()
    empty = run("audit", str(tmp_path / "nothing*"), "-o", str(tmp_path / "out2"))
    assert empty.returncode == 2 and empty.stderr.startswith("error: ")


def test_a_running_scheduler_takes_the_audit(folder, audited, tmp_path):
    """--scheduler ADDRESS: a scheduler and a worker started on their own, as on a cluster."""
    import socket
    import time

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    scheduler = subprocess.Popen([sys.executable, "-m", "dask", "scheduler", "--host", "127.0.0.1", "--port",
                                  str(port), "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    worker = subprocess.Popen([sys.executable, "-m", "dask", "worker", address, "--nworkers", "1", "--nthreads", "1",
                               "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.5)
        result = run("audit", str(folder), "-o", str(tmp_path / "cluster"), "--as-of", "2026-03-01",
                     "--engine", "dask", "--scheduler", address)
        assert result.returncode == 1, result.stderr
        _, out = audited
        mine, theirs = _tables(out), _tables(tmp_path / "cluster")
        for name, frame in mine.items():
            pd.testing.assert_frame_equal(frame, theirs[name])
    finally:
        for process in (worker, scheduler):
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def test_hostile_files_are_each_one_files_error(tmp_path):
    """Bombs and entity declarations among good files, in two worker processes: each is listed with
    its refusal, the good file is verified, no traceback, the run goes on."""
    import zipfile

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "good.xlsx")
    bomb = folder / "bomb.xlsx"
    shutil.copy(EXAMPLE, bomb)
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/zeros.bin", bytes(64 * 2**20))  # 64 MB of zeros pack to ~64 KB
    with zipfile.ZipFile(EXAMPLE) as old, zipfile.ZipFile(folder / "entities.xlsx", "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = b'<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>' + data.split(b"?>", 1)[-1]
            new.writestr(item, data)
    result = run("audit", str(folder), "-o", str(tmp_path / "out"), "--jobs", "2", "--lang", "en")
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr, result.stderr
    files = pd.read_csv(tmp_path / "out" / "files.csv", dtype=str, keep_default_na=False)
    rows = {Path(p).name: (s, e) for p, s, e in zip(files["path"], files["status"], files["error"])}
    assert rows["good.xlsx"] == ("ok", "")
    assert rows["bomb.xlsx"][0] == "error" and "claims to grow" in rows["bomb.xlsx"][1]
    assert rows["entities.xlsx"][0] == "error" and "declares entities or a document type" in rows["entities.xlsx"][1]
