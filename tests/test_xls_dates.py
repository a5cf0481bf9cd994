"""A legacy .xls is dated by its OLE SummaryInformation, as an xlsx is by its core properties.

The dates of the real workbooks below were read independently of ``estimator.dating``: the raw
``\\x05SummaryInformation`` stream fetched with olefile's ``openstream`` and the property set parsed
with ``struct`` ([MS-OLEPS]): byte order 0xFFFE at offset 0, the section count at 24, the first
section's FMTID and offset at 28/44; at that offset the section size and property count, then
(property id, offset) pairs; a property's value starts with its type (VT_FILETIME = 64) and a
FILETIME is a little-endian 64-bit count of 100-ns ticks since 1601-01-01 UTC.
``test_decoded_dates_are_the_ones_written_down`` repeats that decoding so the literals can be
checked.
"""

from __future__ import annotations

import json
import shutil
import struct
from datetime import date, datetime, timedelta
from pathlib import Path

import olefile
import pytest

from estimator import dating
from estimator.dating import EstimateDate, from_metadata

REAL = Path(__file__).parent / "data" / "real_estimates"
SUMMARY = "\x05SummaryInformation"
FMTID_SUMMARY = bytes.fromhex("e0859ff2f94f6810ab9108002b27b3d9")  # F29F85E0-4FF9-1068-AB91-08002B27B3D9
VT_FILETIME = 64
PIDSI_CREATE_DTM, PIDSI_LASTSAVE_DTM = 12, 13
EPOCH_1601 = datetime(1601, 1, 1)

# Found by decoding each file's SummaryInformation as described above (times are UTC; each is the
# same calendar day in Korea, UTC+9). Every file has the stream; only the access-road bill also
# records its creation time.
#   file: {property id: (raw FILETIME, as a UTC datetime)}
FOUND = {
    "cw_landscape_priced.xls": {  # PIDs 1, 8, 13, 19; last saved 2026-06-28 09:34 KST
        PIDSI_LASTSAVE_DTM: (134270804780000000, datetime(2026, 6, 28, 0, 34, 38)),
    },
    "cw_civil_blank.xls": {  # PIDs 1, 8, 13, 19; last saved 2026-06-19 15:34 KST
        PIDSI_LASTSAVE_DTM: (134263244430000000, datetime(2026, 6, 19, 6, 34, 3)),
    },
    "cw_accessroad_blank.xls": {  # PIDs 1, 4, 8, 12, 13, 19; created and last saved at once
        PIDSI_CREATE_DTM: (134243267600000000, datetime(2026, 5, 27, 3, 39, 20)),
        PIDSI_LASTSAVE_DTM: (134243267600000000, datetime(2026, 5, 27, 3, 39, 20)),
    },
}
EXPECTED = {
    "cw_landscape_priced.xls": date(2026, 6, 28),
    "cw_civil_blank.xls": date(2026, 6, 19),
    "cw_accessroad_blank.xls": date(2026, 5, 27),
}


def _filetimes(stream: bytes) -> dict[int, int]:
    """The VT_FILETIME properties of a property set's first section, parsed by hand."""
    byte_order, _version = struct.unpack_from("<HH", stream, 0)
    assert byte_order == 0xFFFE
    (sections,) = struct.unpack_from("<I", stream, 24)
    assert sections >= 1
    fmtid, offset = stream[28:44], struct.unpack_from("<I", stream, 44)[0]
    assert fmtid == FMTID_SUMMARY
    _size, count = struct.unpack_from("<II", stream, offset)
    found = {}
    for i in range(count):
        pid, where = struct.unpack_from("<II", stream, offset + 8 + 8 * i)
        (vt,) = struct.unpack_from("<I", stream, offset + where)
        if vt == VT_FILETIME:
            (found[pid],) = struct.unpack_from("<Q", stream, offset + where + 4)
    return found


@pytest.mark.parametrize("name", sorted(FOUND))
def test_decoded_dates_are_the_ones_written_down(name):
    with olefile.OleFileIO(str(REAL / name)) as ole:
        assert ole.exists(SUMMARY)
        raw = ole.openstream(SUMMARY).read()
    ticks = _filetimes(raw)
    assert ticks == {pid: found[0] for pid, found in FOUND[name].items()}
    for pid, (filetime, when) in FOUND[name].items():
        assert EPOCH_1601 + timedelta(microseconds=filetime // 10) == when


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_xls_is_dated_by_its_last_save(name):
    found = from_metadata(REAL / name)
    assert found == EstimateDate(EXPECTED[name], "file metadata (modified)")
    assert found.describe("ko") == f"{EXPECTED[name].isoformat()} (일; 파일 속성(수정일))"


def test_the_content_decides_not_the_extension(tmp_path):
    renamed = tmp_path / "조경 내역서.xlsx"
    shutil.copyfile(REAL / "cw_landscape_priced.xls", renamed)
    assert from_metadata(renamed) == EstimateDate(date(2026, 6, 28), "file metadata (modified)")
    # and an xlsx named .xls is still read by its core properties
    xlsx_as_xls = tmp_path / "설계서.xls"
    shutil.copyfile(REAL / "gsb_office2020_design.xlsx", xlsx_as_xls)
    assert from_metadata(xlsx_as_xls) == EstimateDate(date(2021, 2, 18), "file metadata (modified)")


# Core properties as unzipped: cw_elec_in_blank.xlsx created 2002-09-09T02:35:17Z, modified
# 2026-06-18T06:44:15Z; gsb_office2020_design.xlsx created 2020-12-23T00:33:30Z, modified
# 2021-02-18T04:34:35Z.
@pytest.mark.parametrize("name, day", [("cw_elec_in_blank.xlsx", date(2026, 6, 18)),
                                       ("gsb_office2020_design.xlsx", date(2021, 2, 18))])
def test_xlsx_is_dated_as_before(name, day):
    assert from_metadata(REAL / name) == EstimateDate(day, "file metadata (modified)")


# --- generated OLE files -------------------------------------------------------------------------

ENDOFCHAIN, FREESECT, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def _dir_entry(name: str, kind: int, child=NOSTREAM, right=NOSTREAM, start=ENDOFCHAIN, size=0) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", NOSTREAM, right, child) + bytes(16) + struct.pack("<I", 0) + bytes(16)
            + struct.pack("<IQ", start, size))


def _ole(streams: list[tuple[str, bytes]], sizes: dict[str, int] | None = None) -> bytes:
    """A minimal version-3 compound file: sector 0 the FAT, sector 1 the directory (root and up to
    three streams, chained by right siblings), then each stream in regular sectors (padded to the
    4096-byte mini-stream cut-off, so no mini stream is needed). ``sizes`` overrides a stream's
    declared size."""
    assert len(streams) <= 3
    fat = [FATSECT, ENDOFCHAIN]
    entries = [_dir_entry("Root Entry", 5, child=1 if streams else NOSTREAM)]
    body = b""
    for i, (name, data) in enumerate(streams):
        data = data.ljust(max(4096, -(-len(data) // 512) * 512), b"\0")
        first, count = len(fat), len(data) // 512
        fat += [first + k + 1 for k in range(count - 1)] + [ENDOFCHAIN]
        right = i + 2 if i + 1 < len(streams) else NOSTREAM
        size = (sizes or {}).get(name, len(data))
        entries.append(_dir_entry(name, 2, right=right, start=first, size=size))
        body += data
    directory = b"".join(entries).ljust(512, b"\0")
    fat_sector = struct.pack("<128I", *(fat + [FREESECT] * (128 - len(fat))))
    header = (olefile.MAGIC + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, ENDOFCHAIN, 0, ENDOFCHAIN, 0)
              + struct.pack("<109I", 0, *[FREESECT] * 108))
    assert len(header) == 512
    return header + fat_sector + directory + body


def _filetime(when: datetime | int) -> int:
    return when if isinstance(when, int) else (when - EPOCH_1601) // timedelta(microseconds=1) * 10


def _summary(times: dict[int, datetime | int]) -> bytes:
    """A SummaryInformation property set holding only FILETIME properties."""
    count = len(times)
    table, values = b"", b""
    for pid, when in times.items():
        table += struct.pack("<II", pid, 8 + 8 * count + len(values))
        values += struct.pack("<IQ", VT_FILETIME, _filetime(when)) + bytes(4)
    section = struct.pack("<II", 8 + len(table) + len(values), count) + table + values
    return (struct.pack("<HHI", 0xFFFE, 0, 0x00020006) + bytes(16) + struct.pack("<I", 1)
            + FMTID_SUMMARY + struct.pack("<I", 48) + section)


WORKBOOK = ("Workbook", b"\x09\x08" + bytes(4094))


def _write(tmp_path, data: bytes, name="generated.xls"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_the_generated_file_is_what_olefile_reads(tmp_path):
    """The builder's output is a valid compound file, so the cases below test the dating and
    not a broken container."""
    path = _write(tmp_path, _ole([WORKBOOK, (SUMMARY, _summary({PIDSI_LASTSAVE_DTM: datetime(2024, 3, 5, 12)}))]))
    with olefile.OleFileIO(str(path)) as ole:
        assert sorted(ole.listdir()) == [[SUMMARY], ["Workbook"]]
        assert ole.get_metadata().last_saved_time == datetime(2024, 3, 5, 12)
    assert from_metadata(path) == EstimateDate(date(2024, 3, 5), "file metadata (modified)")


def test_ole_without_summary_information_has_no_date(tmp_path):
    path = _write(tmp_path, _ole([WORKBOOK]))
    with olefile.OleFileIO(str(path)) as ole:
        assert ole.listdir() == [["Workbook"]] and not ole.exists(SUMMARY)
        assert ole.get_metadata().last_saved_time is None
    assert from_metadata(path) is None


def test_created_when_never_saved(tmp_path):
    path = _write(tmp_path, _ole([WORKBOOK, (SUMMARY, _summary({PIDSI_CREATE_DTM: datetime(2019, 11, 2, 8)}))]))
    found = from_metadata(path)
    assert found == EstimateDate(date(2019, 11, 2), "file metadata (created)")
    assert found.describe("ko") == "2019-11-02 (일; 파일 속성(작성일))"


@pytest.mark.parametrize("last_saved", [0, datetime(1989, 12, 31, 23), "tomorrow + 1"])
def test_absurd_last_save_falls_back_to_created(tmp_path, last_saved):
    if last_saved == "tomorrow + 1":  # the run date is pinned (conftest) to 2026-12-01
        last_saved = datetime.combine(dating.today() + timedelta(days=2), datetime.min.time())
    times = {PIDSI_LASTSAVE_DTM: last_saved, PIDSI_CREATE_DTM: datetime(2021, 4, 1, 1)}
    path = _write(tmp_path, _ole([WORKBOOK, (SUMMARY, _summary(times))]))
    assert from_metadata(path) == EstimateDate(date(2021, 4, 1), "file metadata (created)")
    del times[PIDSI_CREATE_DTM]
    path = _write(tmp_path, _ole([WORKBOOK, (SUMMARY, _summary(times))]))
    assert from_metadata(path) is None


def test_a_save_up_to_tomorrow_counts(tmp_path):
    tomorrow = dating.today() + timedelta(days=1)  # a clock a few hours ahead of the run's
    times = {PIDSI_LASTSAVE_DTM: datetime.combine(tomorrow, datetime.min.time()) + timedelta(hours=23)}
    path = _write(tmp_path, _ole([WORKBOOK, (SUMMARY, _summary(times))]))
    assert from_metadata(path) == EstimateDate(tomorrow, "file metadata (modified)")


def test_filetime_out_of_range_is_no_date(tmp_path):
    # The largest FILETIME is past datetime.max: converting it fails inside the property parser.
    times = {PIDSI_LASTSAVE_DTM: 0xFFFFFFFFFFFFFFFF, PIDSI_CREATE_DTM: datetime(2022, 8, 9)}
    path = _write(tmp_path, _ole([WORKBOOK, (SUMMARY, _summary(times))]))
    assert from_metadata(path) == EstimateDate(date(2022, 8, 9), "file metadata (created)")


def test_a_stream_larger_than_the_file_is_not_read(tmp_path):
    summary = (SUMMARY, _summary({PIDSI_LASTSAVE_DTM: datetime(2024, 3, 5)}))
    path = _write(tmp_path, _ole([WORKBOOK, summary], sizes={SUMMARY: 0x7FFF_FFF0_0000}))
    assert path.stat().st_size < 16_000
    assert from_metadata(path) is None


@pytest.mark.parametrize("stream", [b"", b"\xfe\xff", bytes(range(256)) * 16, b"\xff" * 4096,
                                    _summary({PIDSI_LASTSAVE_DTM: datetime(2024, 3, 5)})[:60]])
def test_damaged_property_set_is_no_date(tmp_path, stream):
    path = _write(tmp_path, _ole([WORKBOOK, (SUMMARY, stream)]))
    assert from_metadata(path) is None


@pytest.mark.parametrize("data", [b"", b"\x00" * 10, b"not a workbook at all\n" * 200, bytes(range(256)) * 64,
                                  olefile.MAGIC, olefile.MAGIC + b"\xff" * 4000, b"PK\x03\x04" + b"\x00" * 100])
def test_garbage_is_no_date(tmp_path, data):
    assert from_metadata(_write(tmp_path, data)) is None


def test_truncated_xls_is_no_date(tmp_path):
    whole = (REAL / "cw_landscape_priced.xls").read_bytes()
    assert len(whole) > 4096
    assert from_metadata(_write(tmp_path, whole[:4096])) is None


def test_missing_file_is_no_date(tmp_path):
    assert from_metadata(tmp_path / "absent.xls") is None


# --- end to end -------------------------------------------------------------------------------


def test_verify_dates_the_landscape_bill_by_its_last_save():
    """The landscape bill's cells carry no date (no title year, no 작성일, no date cell), so the
    file's last save decides."""
    from estimator.verify import verify

    report = json.loads(verify(REAL / "cw_landscape_priced.xls").to_json())
    assert report["estimate_date"] == {"date": "2026-06-28", "precision": "day",
                                       "source": "file metadata (modified)"}
    assert not any("--as-of" in w for w in report["warnings"])
