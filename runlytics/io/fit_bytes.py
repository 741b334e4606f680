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


def _bitwise_crc(byte: int) -> int:
    crc = byte
    for _ in range(8):
        crc = (crc >> 1) ^ (_POLY if crc & 1 else 0)
    return crc


_TABLE = [_bitwise_crc(byte) for byte in range(256)]


def crc16(data: bytes, crc: int = 0) -> int:
    """FIT CRC-16 of ``data`` starting from ``crc`` (a Python loop: for small buffers)."""
    table = _TABLE
    for byte in data:
        crc = (crc >> 8) ^ table[(crc ^ byte) & 0xFF]
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


RECORD_MESG = 20  # FIT global message number of ``record``


def without_records(part: bytes) -> bytes | None:
    """The FIT part with its ``record`` data messages cut out, as a valid FIT file.

    Walks the message framing only (headers and definition sizes), so it costs a
    fraction of a full decode; the small result decodes in well under a
    millisecond. Returns None when the cut would change a message's meaning (a
    non-record message with a compressed timestamp header, whose time counts
    from the previous record) or the framing does not add up.
    """
    if len(part) < 14:
        return None
    header_size = part[0]
    (data_size,) = struct.unpack_from("<I", part, 4)
    end = min(header_size + data_size, len(part))
    sizes: dict[int, int] = {}
    kinds: dict[int, int] = {}
    keep: list[tuple[int, int]] = []
    pos = start = header_size
    try:
        while pos < end:
            head = part[pos]
            if head & 0x40 and not head & 0x80:  # definition message
                local = head & 0x0F
                n_fields = part[pos + 5]
                kinds[local] = struct.unpack_from(">H" if part[pos + 2] else "<H", part, pos + 3)[0]
                size = sum(part[pos + 7 : pos + 6 + 3 * n_fields : 3])
                nxt = pos + 6 + 3 * n_fields
                if head & 0x20:  # developer fields follow
                    n_dev = part[nxt]
                    size += sum(part[nxt + 2 : nxt + 1 + 3 * n_dev : 3])
                    nxt += 1 + 3 * n_dev
                sizes[local] = size
                pos = nxt
                continue
            local = (head >> 5) & 0x03 if head & 0x80 else head & 0x0F
            nxt = pos + 1 + sizes[local]
            if kinds[local] == RECORD_MESG:
                keep.append((start, pos))
                start = nxt
            elif head & 0x80:
                return None
            pos = nxt
    except (KeyError, IndexError, struct.error):
        return None
    if pos != end:
        return None
    keep.append((start, end))
    body = b"".join(part[a:b] for a, b in keep if b > a)
    header = bytearray(part[:12])
    header[0] = 14
    struct.pack_into("<I", header, 4, len(body))
    header += struct.pack("<H", crc16(bytes(header)))
    return bytes(header) + body + struct.pack("<H", crc16(body))
