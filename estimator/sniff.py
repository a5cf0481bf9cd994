"""Route an input by its bytes, never by its extension.

Estimates arrive renamed, mailed and re-saved: a ``.xls`` that is really an xlsx, a ``.BID``
that is a zip, a CSV in CP949. The first bytes decide.
"""

from __future__ import annotations

import zipfile
from enum import Enum
from pathlib import Path

from .errors import InputError
from .messages import msg

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
PDF_MAGIC = b"%PDF-"


class Kind(str, Enum):
    XLSX = "xlsx"
    XLS = "xls"
    BID = "bid"
    CSV = "csv"
    PDF = "pdf"


def _ole_is_encrypted(data: bytes) -> bool:
    """An OLE file with an EncryptionInfo stream is an encrypted OOXML workbook.

    Excel saves a password-protected .xlsx as an OLE container holding ``EncryptionInfo`` and
    ``EncryptedPackage``; a legacy .xls keeps a ``Workbook``/``Book`` stream instead. The
    directory entries are UTF-16 names, so a byte search is enough and needs no OLE parser.
    """
    return "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data


def _zip_kind(path: Path) -> Kind:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile as exc:
        raise InputError(path, msg("err_damaged_zip", detail=str(exc))) from None
    if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
        return Kind.XLSX
    if len(names) == 1 and names[0].upper().endswith(".BID"):
        return Kind.BID
    if any(n.upper().endswith(".BID") for n in names):
        return Kind.BID
    if "[Content_Types].xml" in names:
        raise InputError(path, msg("err_office_not_workbook"))
    raise InputError(path, msg("err_zip_unknown"))


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8-sig", "cp949"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            # A multi-byte character cut at the end of the sample is still text.
            if exc.start >= len(head) - 3:
                return True
    return False


def sniff(path: str | Path) -> Kind:
    """The kind of document at ``path``; InputError when it is none we read."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, msg("err_no_such_file"))
    if path.is_dir():
        raise InputError(path, msg("err_is_folder"))
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        raise InputError(path, msg("err_cannot_read", detail=exc.strerror)) from None
    if not head:
        raise InputError(path, msg("err_empty"))
    if head.startswith(OLE_MAGIC):
        data = path.read_bytes()
        if _ole_is_encrypted(data):
            raise InputError(path, msg("err_password"))
        if not any(name.encode("utf-16-le") in data for name in ("Workbook", "Book")):
            raise InputError(path, msg("err_not_a_workbook_ole"))  # HWP, Word: another OLE document
        return Kind.XLS
    if head.startswith(ZIP_MAGIC):
        return _zip_kind(path)
    if head.startswith(PDF_MAGIC):
        return Kind.PDF
    if _looks_like_text(head):
        return Kind.CSV
    raise InputError(path, msg("err_unknown_kind"))
