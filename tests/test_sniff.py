import zipfile

import pytest

from estimator.errors import InputError
from estimator.sniff import OLE_MAGIC, Kind, sniff


def test_kinds_by_bytes_not_extension(tmp_path, data_dir):
    bid = data_dir / "g2b_20221225183_gwangju_museum_original.BID"
    renamed = tmp_path / "estimate.xlsx"
    renamed.write_bytes(bid.read_bytes())
    assert sniff(renamed) is Kind.BID
    csv = tmp_path / "bill.xls"
    csv.write_text("품명,규격,단위,수량,단가,금액\n", encoding="cp949")
    assert sniff(csv) is Kind.CSV
    pdf = tmp_path / "bill.csv"
    pdf.write_bytes(b"%PDF-1.4\n%...")
    assert sniff(pdf) is Kind.PDF


def test_xlsx_is_a_zip_with_a_workbook(tmp_path):
    import openpyxl

    path = tmp_path / "a.bin"
    openpyxl.Workbook().save(path)
    assert sniff(path) is Kind.XLSX


def test_encrypted_ole_is_refused(tmp_path):
    # An encrypted OOXML workbook is an OLE container with EncryptionInfo/EncryptedPackage streams.
    path = tmp_path / "locked.xlsx"
    path.write_bytes(OLE_MAGIC + b"\x00" * 120 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 64)
    with pytest.raises(InputError, match="password-protected"):
        sniff(path)


def test_legacy_ole_is_xls(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(OLE_MAGIC + b"\x00" * 120 + "Workbook".encode("utf-16-le"))
    assert sniff(path) is Kind.XLS


@pytest.mark.parametrize("content, message", [
    (b"", "is empty"),
    (b"\x00\x01\x02\x03\xff\xfe" * 50, "not a workbook"),
])
def test_unusable_bytes(tmp_path, content, message):
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        sniff(path)


def test_zip_without_workbook_or_bid(tmp_path):
    path = tmp_path / "x.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(InputError, match="neither a workbook nor"):
        sniff(path)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        sniff(tmp_path / "nope.xlsx")


def test_really_encrypted_workbook_is_refused(tmp_path):
    import msoffcrypto
    import openpyxl

    from estimator import read

    plain = tmp_path / "plain.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["품명", "규격", "단위", "수량", "단가", "금액"])
    workbook.save(plain)
    locked = tmp_path / "locked.xlsx"
    with plain.open("rb") as source, locked.open("wb") as target:
        office = msoffcrypto.OfficeFile(source)
        office.encrypt("secret", target)
    with pytest.raises(InputError, match="password-protected"):
        read(locked)
