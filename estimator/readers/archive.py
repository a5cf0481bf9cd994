"""Checks on a zip package (an .xlsx, a .BID) before any library unpacks it.

A zip says what each part unpacks to; a hostile one unpacks a few kilobytes into gigabytes (an
openpyxl read of such a part dies of MemoryError even in read-only mode). So the parts are
counted, their declared sizes summed against ``--max-unpacked-mb``, and a part that claims to
grow more than ``MAX_RATIO`` times is refused. XML parts are refused when they declare entities
or a document type: an Office file needs neither, and they are how entity bombs and external
entities get in. Whatever a part really unpacks to, the worker that parses it runs under a
memory limit (``worker``): a size that lies ends there, as a clear per-file error.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from .. import limits as limits_module
from ..errors import InputError
from ..messages import Both, msg

MAX_MEMBERS = 10_000
MAX_RATIO = 1_000  # unpacked / packed for one part; real sheets stay well under 200
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_DECLARATIONS = (b"<!DOCTYPE", b"<!ENTITY")


def assert_defused() -> None:
    """Every XML parser the readers use refuses entities: our own parse through defusedxml, and
    openpyxl (when loaded) through it too. Checked before the first file is read."""
    import sys

    import defusedxml.ElementTree  # noqa: F401 - the parser of every XML part we read ourselves

    openpyxl = sys.modules.get("openpyxl")
    if openpyxl is not None and not getattr(openpyxl.xml, "DEFUSEDXML", False):  # pragma: no cover
        raise RuntimeError("openpyxl is not using defusedxml; install defusedxml")


def check_zip(path: str | Path) -> None:
    limits = limits_module.current()
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise InputError(path, msg("err_archive_members", count=len(members), limit=MAX_MEMBERS))
            unpacked = sum(m.file_size for m in members)
            if unpacked > limits.max_unpacked_mb * 2**20:
                raise InputError(path, msg("err_limit", what=Both("압축을 푼 크기", "unpacked size"), value=f"{unpacked / 2**20:,.0f} MB",
                                           limit=f"{limits.max_unpacked_mb:,} MB",
                                           how=limits_module.how_to_raise("max_unpacked_mb")))
            for member in members:
                if member.file_size > MAX_RATIO * max(member.compress_size, 1) and member.file_size > 2**20:
                    raise InputError(path, msg("err_archive_ratio", part=member.filename,
                                               ratio=member.file_size // max(member.compress_size, 1)))
            for member in members:
                if member.filename.lower().endswith(_XML_SUFFIXES):
                    with archive.open(member) as part:
                        head = part.read(4096)
                    if any(mark in head for mark in _DECLARATIONS):
                        raise InputError(path, msg("err_xml_entities", part=member.filename))
    except zipfile.BadZipFile as exc:
        raise InputError(path, msg("err_damaged_zip", detail=str(exc))) from None
