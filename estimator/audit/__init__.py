"""``estimator audit``: a folder of estimates verified in one run, resumable, on this machine's
cores or on a Dask cluster, with tables an auditor can sum.

Each file is verified as ``verify`` does (routed by its content, under the same limits) by
``one.audit_one``, in this process (``--jobs 1``), in local worker processes, or on Dask workers;
the results come back in the files' order, so the tables are the same whichever way they ran.
A file's result is stored in ``DIR/.results`` under its content hash and a fingerprint of what
else decides its verdict (the verifier's version and code, the reference tables, the options);
a later run reuses it unless that changed or, for an undated file, the assumed run date did.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..messages import msg
from .files import collect, sha256, tree_hash
from .one import Options, audit_one

RESULTS = ".results"


@dataclass
class Audit:
    results: list[dict] = field(default_factory=list)
    verified: int = 0  # files verified in this run
    resumed: int = 0  # files whose stored result was reused

    @property
    def exit_code(self) -> int:
        """0: every file read, none with a certain or probable finding; 1: a finding or an error;
        2: nothing could be read."""
        ok = [r for r in self.results if r["status"] == "ok"]
        if not ok:
            return 2
        if any(r["status"] == "error" for r in self.results):
            return 1
        return 1 if any(f["confidence"] in ("certain", "probable") for r in ok for f in r["findings"]) else 0


def fingerprint(options: Options) -> str:
    """What besides the file decides a verdict, as one hash."""
    from importlib.metadata import PackageNotFoundError, version

    from ..refdata.tables import bundled_folders

    package = Path(__file__).parents[1]
    try:
        release = version("estimator")
    except PackageNotFoundError:
        release = "source"
    code = [p for p in package.rglob("*") if p.is_file() and p.suffix in (".py", ".toml", ".txt", ".csv")]
    tables = [p for folder in bundled_folders() for p in Path(folder).glob("*.csv")] + options.table_files()
    tables += [Path(p) for p in options.vocabulary]
    parts = {"version": release, "code": tree_hash(code), "references": tree_hash(tables), "options": options.as_text()}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode("utf-8")).hexdigest()[:24]


def run(arguments: list[str], out: str | Path, options: Options, jobs: int = 1, engine: str = "local",
        scheduler: str | None = None, progress: bool = False) -> Audit:
    paths = collect(arguments)
    if not paths:
        raise InputError(" ".join(arguments), msg("err_audit_no_files"))
    out = Path(out)
    try:
        (out / RESULTS).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(out, msg("err_write_report", detail=exc.strerror)) from None
    key = fingerprint(options)
    from .. import dating

    today = dating.today().isoformat()  # the date an undated file is judged on
    audit = Audit()
    slots: list[dict | None] = []
    todo: list[tuple[int, str, str]] = []
    for number, path in enumerate(paths):
        try:
            digest = sha256(path)
        except OSError as exc:
            slots.append({"path": str(path), "sha256": "", "status": "error", "error": exc.strerror or str(exc),
                          "kind": "", "lines": None, "seconds": 0.0, "totals": None, "findings": []})
            continue
        stored = _stored(out, digest, key, today)
        if stored is not None:
            stored["path"] = str(path)
            slots.append(stored)
            audit.resumed += 1
        else:
            slots.append(None)
            todo.append((number, str(path), digest))
    for (number, _, digest), result in zip(todo, _execute(todo, options, jobs, engine, scheduler, progress)):
        slots[number] = result
        _store(out, digest, key, result)
        audit.verified += 1
    audit.results = [s for s in slots if s is not None]
    from .tables import write

    write(audit.results, out, options.lang)
    return audit


def _entry(out: Path, digest: str, key: str) -> Path:
    return out / RESULTS / f"{digest}-{key}.json"


def _stored(out: Path, digest: str, key: str, today: str) -> dict | None:
    entry = _entry(out, digest, key)
    try:
        result = json.loads(entry.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if result.get("assumed_date") and result.get("judged_on") != today:
        return None  # undated: judged on the run date, which has changed
    return result


def _store(out: Path, digest: str, key: str, result: dict) -> None:
    entry = _entry(out, digest, key)
    temporary = entry.with_suffix(".tmp")
    temporary.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    temporary.replace(entry)


def _execute(todo, options: Options, jobs: int, engine: str, scheduler: str | None, progress: bool):
    """The results of ``todo`` in its order, however they are computed."""
    paths = [path for _, path, _ in todo]
    digests = [digest for _, _, digest in todo]
    if not todo:
        return []
    if engine == "dask":
        return _dask(paths, digests, options, scheduler, jobs, progress)
    if jobs > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # fork where there is one: the workers start with the package imported (each still reads its
        # files in its own child); spawn elsewhere (Windows).
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method)) as pool:
            results = pool.map(audit_one, paths, digests, [options] * len(paths))
            return list(_shown(results, len(paths), progress))
    return list(_shown((audit_one(p, d, options) for p, d in zip(paths, digests)), len(paths), progress))


def _shown(results, total: int, progress: bool):
    if not progress:
        yield from results
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("verify", total=total)
        for result in results:
            bar.advance(task)
            yield result


def _dask(paths: list[str], digests: list[str], options: Options, scheduler: str | None, jobs: int,
          progress: bool) -> list[dict]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise InputError("--engine dask", msg("err_audit_needs_dask")) from None
    if scheduler:
        with Client(scheduler) as client:
            return _gathered(client, paths, digests, options, progress)
    workers = max(jobs, 2)
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster) as client:
        return _gathered(client, paths, digests, options, progress)


def _gathered(client, paths: list[str], digests: list[str], options: Options, progress: bool) -> list[dict]:
    """The results in the files' order, whatever order the workers finish in."""
    from dask.distributed import as_completed

    futures = client.map(audit_one, paths, digests, [options] * len(paths), pure=False)
    for _ in _shown(as_completed(futures), len(futures), progress):
        pass
    return client.gather(futures)


def print_summary(audit: Audit, out: Path, lang: str) -> None:
    ok = sum(r["status"] == "ok" for r in audit.results)
    errors = sum(r["status"] == "error" for r in audit.results)
    skipped = sum(r["status"] == "skipped" for r in audit.results)
    direct = sum(r["totals"]["direct_over_won"] for r in audit.results if r["status"] == "ok")
    total = sum(r["totals"]["total_over_won"] or 0 for r in audit.results if r["status"] == "ok")
    if lang == "en":
        line = (f"{len(audit.results)} files: {ok} verified, {errors} errors, {skipped} skipped "
                f"({audit.verified} verified now, {audit.resumed} resumed); direct over-estimate {direct:,} won, "
                f"through the cost summaries {total:,} won → {out}")
    else:
        line = (f"파일 {len(audit.results)}개: 검증 {ok}, 오류 {errors}, 건너뜀 {skipped} "
                f"(이번 실행 {audit.verified}, 이전 결과 재사용 {audit.resumed}); 직접 과다계상액 {direct:,}원, "
                f"제비율 반영 {total:,}원 → {out}")
    sys.stdout.write(line + "\n")
    for result in audit.results:
        if result["status"] == "error":
            sys.stdout.write(f"  {'오류' if lang != 'en' else 'error'}: {result['path']}: {result['error']}\n")
