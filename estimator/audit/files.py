"""The files an audit covers: folders (recursively), globs and single files, in a fixed order."""

from __future__ import annotations

import glob
import hashlib
from pathlib import Path


def collect(arguments: list[str]) -> list[Path]:
    """Every file named by ``arguments`` — a file, a folder (all files under it, hidden ones left
    out) or a glob — once, sorted by path so that every run lists them in the same order."""
    found: dict[str, Path] = {}
    for argument in arguments:
        matches = [Path(m) for m in sorted(glob.glob(argument, recursive=True))] if glob.has_magic(argument) \
            else [Path(argument)]
        for match in matches:
            if match.is_dir():
                for path in sorted(match.rglob("*")):
                    if path.is_file() and not any(part.startswith(".") for part in path.relative_to(match).parts):
                        found.setdefault(str(path), path)
            else:
                found.setdefault(str(match), match)
    return [found[key] for key in sorted(found)]


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def tree_hash(paths: list[Path]) -> str:
    """One hash over the names and contents of files (reference tables, the package's code)."""
    digest = hashlib.sha256()
    for path in sorted(paths, key=str):
        digest.update(path.name.encode("utf-8"))
        digest.update(sha256(path).encode("ascii"))
    return digest.hexdigest()
