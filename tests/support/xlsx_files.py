"""Hostile .xlsx files built in a test, small on disk: zip bombs, huge sheets, lying sizes.

A sheet's XML is given as a repeated chunk: the chunk is deflated once, with a full flush so
its block stands alone, and repeated; a gigabyte of XML costs a fraction of a second and a
few megabytes on disk. The zip is written by hand so a member may declare any size.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

SHEET = "xl/worksheets/sheet1.xml"
SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              b"<sheetData>")
SHEET_TAIL = b"</sheetData></worksheet>"


@dataclass(frozen=True)
class Member:
    """One zip member: its deflated bytes, CRC and the size it declares."""

    name: str
    deflated: bytes
    crc: int
    size: int


def _deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def plain(name: str, data: bytes) -> Member:
    return Member(name, _deflate(data), zlib.crc32(data), len(data))


def repeated_sheet(chunk: bytes, times: int, *, head: bytes = SHEET_HEAD,
                   tail: bytes = SHEET_TAIL, declared: int | None = None) -> Member:
    """Sheet XML `head + chunk * times + tail`, deflated without building it in memory."""
    per_block = max(1, min(times, (1 << 20) // len(chunk)))  # about 1 MB of XML per block
    whole, rest = divmod(times, per_block)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    deflated = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk * per_block) + compressor.flush(zlib.Z_FULL_FLUSH)
    deflated += block * whole
    deflated += compressor.compress(chunk * rest + tail) + compressor.flush(zlib.Z_FINISH)
    crc = zlib.crc32(head)
    block_xml = chunk * per_block
    for _ in range(whole):
        crc = zlib.crc32(block_xml, crc)
    crc = zlib.crc32(tail, zlib.crc32(chunk * rest, crc))
    size = len(head) + len(chunk) * times + len(tail)
    return Member(SHEET, deflated, crc, size if declared is None else declared)


def workbook_parts(sheet_xml: bytes = SHEET_HEAD + SHEET_TAIL) -> list[Member]:
    """The parts of a one-sheet workbook as openpyxl writes it, with `sheet_xml` as sheet."""
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return [plain(info.filename,
                      sheet_xml if info.filename == SHEET else archive.read(info.filename))
                for info in archive.infolist()]


def write_zip(path: Path, members: list[Member]) -> Path:
    """A zip file whose headers declare each member's `size`, whatever it really holds."""
    out = bytearray()
    central = bytearray()
    for member in members:
        name = member.name.encode()
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, member.crc,
                           len(member.deflated), member.size, len(name), 0) + name
        out += member.deflated
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21,
                               member.crc, len(member.deflated), member.size, len(name),
                               0, 0, 0, 0, 0, offset) + name
    start = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members),
                       len(central), start, 0)
    path.write_bytes(bytes(out))
    return path


def xlsx_with_sheet(path: Path, sheet: Member) -> Path:
    """A workbook whose only sheet is `sheet` (other parts as openpyxl writes them)."""
    parts = [part for part in workbook_parts() if part.name != SHEET]
    return write_zip(path, [*parts, sheet])


def edit_member(path: Path, name: str, old: bytes, new: bytes) -> Path:
    """Replace `old` by `new` in one member of a saved workbook (what openpyxl won't write)."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    if old not in parts[name]:
        raise ValueError(f"{old!r} is not in {name}")
    parts[name] = parts[name].replace(old, new)
    return write_zip(path, [plain(member, data) for member, data in parts.items()])
