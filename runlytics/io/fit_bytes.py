"""FIT byte level: splitting chained files, CRC-16, and headers whose CRC is zero.

A FIT file may chain several FIT files back to back (multisport, or an
activity followed by settings); :func:`split_chain` cuts them apart so each
part is decoded on its own, and a damaged part does not cost the others.

A 14-byte FIT header may leave its CRC at 0 ("not computed"); the file CRC then
covers header and data. The fitfast decoder checks the file CRC over the data
alone, which only holds when the header CRC is set, so it rejects such files
(common from older Garmin watches). :func:`repair_zero_header_crc` rewrites the
header CRC and the file CRC so that both conventions agree, without reading the
data byte by byte: the CRC is linear, so the CRC of the data alone follows from
the stored one and the CRC of the header (``crc(h + d) = crc(d) ^ zeros(crc(h), len(d))``).
A file whose stored CRC is wrong stays wrong after the repair.
"""

from __future__ import annotations

import struct

_POLY = 0xA001  # CRC-16/ARC, reflected, as the FIT SDK computes it


def crc16(data: bytes, crc: int = 0) -> int:
    """FIT CRC-16 of ``data`` starting from ``crc`` (a plain loop: use for headers only)."""
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (_POLY if crc & 1 else 0)
    return crc


def _matrix_apply(columns: list[int], state: int) -> int:
    out = 0
    for bit, column in enumerate(columns):
        if state >> bit & 1:
            out ^= column
    return out


_ZERO_BYTE = [crc16(b"\x00", 1 << bit) for bit in range(16)]  # the map "feed one 0 byte"


def crc_through_zeros(state: int, n_bytes: int) -> int:
    """The CRC state after feeding ``n_bytes`` zero bytes from ``state`` (O(log n))."""
    matrix = _ZERO_BYTE
    while n_bytes:
        if n_bytes & 1:
            state = _matrix_apply(matrix, state)
        matrix = [_matrix_apply(matrix, column) for column in matrix]
        n_bytes >>= 1
    return state


def split_chain(data: bytes) -> tuple[list[bytes], str | None]:
    """The chained FIT parts of ``data``, and what is wrong after the last good part.

    A part whose declared size runs past the end is returned truncated (its
    decoder recovers what it can); bytes after the last part that do not start
    a FIT header are reported as the problem.
    """
    parts: list[bytes] = []
    offset = 0
    while offset < len(data):
        header_size = data[offset]
        if len(data) - offset < 12 or data[offset + 8 : offset + 12] != b".FIT":
            where = f"at byte {offset}" if parts else "at the start"
            return parts, f"no valid FIT header {where}"
        (data_size,) = struct.unpack_from("<I", data, offset + 4)
        end = offset + header_size + data_size + 2
        parts.append(data[offset:end])
        offset = end
    return parts, None


def repair_zero_header_crc(part: bytes) -> bytes:
    """Set the header and file CRCs of a FIT part whose 14-byte header has CRC 0."""
    if len(part) < 16 or part[0] != 14 or part[12:14] != b"\x00\x00":
        return part
    (data_size,) = struct.unpack_from("<I", part, 4)
    end = 14 + data_size
    if end + 2 > len(part):
        return part
    out = bytearray(part)
    (stored,) = struct.unpack_from("<H", out, end)
    data_crc = stored ^ crc_through_zeros(crc16(part[:14]), data_size)
    struct.pack_into("<H", out, 12, crc16(part[:12]))
    struct.pack_into("<H", out, end, data_crc)
    return bytes(out)
