"""FIT byte level: chained files, CRC-16, header CRCs, and walks over the message framing.

A FIT file may chain several FIT files back to back (multisport, or an
activity followed by settings); :func:`split_chain` cuts them apart so each
part is decoded on its own, and a damaged part does not cost the others.

A 14-byte FIT header may leave its CRC at 0 ("not computed"); the file CRC then
covers header and data. The fitfast decoder checks the file CRC over the data
alone, which only holds when the header CRC is set, so it rejects such files
(common from older Garmin watches). :func:`repair_header_crc` rewrites the
header CRC and the file CRC so that both conventions agree, without reading the
data byte by byte: the CRC is linear, so the CRC of the data alone follows from
the stored one and the CRC of the header (``crc(h + d) = crc(d) ^ zeros(crc(h), len(d))``).
It also corrects a wrong header CRC, which both decoders would otherwise reject
with every record. A file whose stored CRC is wrong stays wrong after the repair.

Two walks read only the framing (headers and definition sizes, no field
values): :func:`used_messages` cuts a part down to the message kinds the reader
decodes besides records, and :func:`whole_messages` cuts a part that ends
mid-message (or whose file CRC is wrong) after its last whole message, so the
fast decoder can read what the tolerant one would keep.
"""

from __future__ import annotations

import functools
import struct
import sys
from array import array

import numpy as np

_POLY = 0xA001  # CRC-16/ARC, reflected, as the FIT SDK computes it


def _bitwise_crc(byte: int) -> int:
    crc = byte
    for _ in range(8):
        crc = (crc >> 1) ^ (_POLY if crc & 1 else 0)
    return crc


_TABLE = [_bitwise_crc(byte) for byte in range(256)]


@functools.cache
def _word_table() -> list[int]:
    """The CRC state map for one 16-bit little-endian word (two table steps at once)."""
    table = np.array(_TABLE, dtype=np.uint32)
    state = np.arange(1 << 16, dtype=np.uint32)
    for _ in range(2):
        state = (state >> 8) ^ table[state & 0xFF]
    return state.tolist()


def crc16(data: bytes, crc: int = 0) -> int:
    """FIT CRC-16 of ``data`` starting from ``crc`` (two bytes a step: ~15 ns a byte)."""
    words = array("H", data[: len(data) & ~1])
    if sys.byteorder == "big":
        words.byteswap()
    if words:
        table = _word_table()
        for word in words:
            crc = table[crc ^ word]
    if len(data) & 1:
        crc = (crc >> 8) ^ _TABLE[(crc ^ data[-1]) & 0xFF]
    return crc


def _matrix_apply(columns: list[int], state: int) -> int:
    out = 0
    for bit, column in enumerate(columns):
        if state >> bit & 1:
            out ^= column
    return out


def _square(matrix: list[int]) -> list[int]:
    return [_matrix_apply(matrix, column) for column in matrix]


#: The maps "feed 2**k zero bytes" (k = 0..39), as 16 columns each.
_ZERO_BYTES = [[crc16(b"\x00", 1 << bit) for bit in range(16)]]
for _ in range(39):
    _ZERO_BYTES.append(_square(_ZERO_BYTES[-1]))


def crc_through_zeros(state: int, n_bytes: int) -> int:
    """The CRC state after feeding ``n_bytes`` zero bytes from ``state`` (O(log n))."""
    for matrix in _ZERO_BYTES:
        if not n_bytes:
            break
        if n_bytes & 1:
            state = _matrix_apply(matrix, state)
        n_bytes >>= 1
    if n_bytes:
        raise ValueError("more than 2**40 zero bytes")
    return state


def split_chain(data: bytes, max_parts: int) -> tuple[list[bytes], str | None]:
    """The first ``max_parts`` chained FIT parts of ``data``, and what is wrong after them.

    A part whose declared size runs past the end is returned truncated (its
    decoder recovers what it can); bytes after the last part that do not start
    a FIT header, or parts beyond ``max_parts``, are reported as the problem.
    """
    parts: list[bytes] = []
    offset = 0
    while offset < len(data):
        if len(parts) == max_parts:
            return parts, (
                f"it chains more than {max_parts} FIT files; the rest was not read "
                "(the limit is runlytics.io.fit.MAX_CHAINED_PARTS)"
            )
        header_size = data[offset]
        if len(data) - offset < 12 or data[offset + 8 : offset + 12] != b".FIT":
            if not parts:
                return parts, "it does not start with a FIT file header (not a FIT file)"
            return parts, (
                f"the {len(data) - offset:,} bytes after byte {offset:,} are not FIT data "
                "(no FIT header where another chained FIT file would start)"
            )
        (data_size,) = struct.unpack_from("<I", data, offset + 4)
        end = offset + header_size + data_size + 2
        parts.append(data[offset:end])
        offset = end
    return parts, None


def repair_header_crc(part: bytes) -> tuple[bytes, str | None]:
    """A FIT part whose 14-byte header CRC is right, and a note when it was wrong.

    A header CRC of 0 means "not computed" (no note): the file CRC then covers
    header and data, and is rewritten to cover the data alone without a byte loop.
    A wrong header CRC (a damaged header, or a writer's bug) is corrected and
    noted; its file CRC is kept when it covers the data alone, else converted the
    same way when that makes it match the data. A wrong file CRC stays wrong.
    """
    if len(part) < 16 or part[0] != 14:
        return part, None
    (stored_header,) = struct.unpack_from("<H", part, 12)
    header_crc = crc16(part[:12])
    if stored_header == header_crc:
        return part, None
    out = bytearray(part)
    struct.pack_into("<H", out, 12, header_crc)
    (data_size,) = struct.unpack_from("<I", part, 4)
    end = 14 + data_size
    if end + 2 <= len(part):
        (stored,) = struct.unpack_from("<H", part, end)
        with_header = stored ^ crc_through_zeros(crc16(part[:14]), data_size)
        if stored_header == 0 or crc16(part[14:end]) == with_header:
            struct.pack_into("<H", out, end, with_header)
    note = None if stored_header == 0 else "the FIT header's CRC was wrong (corrected)"
    return bytes(out), note


#: Global message numbers decoded besides records: file_id, session, lap, event,
#: activity, hr, and the developer data definitions (developer_data_id, field_description).
USED_MESGS = frozenset({0, 18, 19, 21, 34, 132, 206, 207})


def used_messages(part: bytes, used: frozenset[int] = USED_MESGS) -> bytes | None:
    """The FIT part reduced to its definitions and the data messages of ``used`` kinds.

    Walks the message framing only (headers and definition sizes) through a
    table of message lengths per header byte, so it costs a fraction of a full
    decode, and the small result (a valid FIT file) decodes in well under a
    millisecond. Returns the part itself when nothing is cut, and None when the
    framing does not add up or a kept message has a compressed timestamp header
    (its time counts from a message that may be cut). Raises
    :class:`UndefinedDeveloperData` for developer fields no message describes.
    """
    if len(part) < 14:
        return None
    header_size = part[0]
    (data_size,) = struct.unpack_from("<I", part, 4)
    end = min(header_size + data_size, len(part))
    # header byte -> length of its data message: > 0 kept, < 0 cut, 0 none (or give up)
    step = [0] * 256
    spans: list[tuple[int, int]] = []
    pos = kept_from = header_size
    described = False  # has a field_description definition come yet
    try:
        while pos < end:
            while pos < end and (size := step[part[pos]]) > 0:
                pos += size
            if pos >= end:
                break
            if size < 0:
                spans.append((kept_from, pos))
                while pos < end and (size := step[part[pos]]) < 0:
                    pos -= size
                kept_from = pos
            elif part[pos] & 0xC0 == 0x40:
                if part[pos] & 0x20 and not described:
                    raise UndefinedDeveloperData(f"developer fields at byte {pos}")
                pos, mesg = _define(part, pos, used, step)
                described = described or mesg == FIELD_DESCRIPTION
            else:  # an undefined local type, or a kept message with a compressed header:
                _last_whole_message_end(part)  # no cut, but check the rest for fitfast
                return None
    except (IndexError, struct.error):
        return None
    if pos != end:
        return None
    spans.append((kept_from, end))
    if spans == [(header_size, end)]:
        return part
    body = b"".join(part[a:b] for a, b in spans if b > a)
    header = bytearray(part[:12])
    header[0] = 14
    struct.pack_into("<I", header, 4, len(body))
    header += struct.pack("<H", crc16(bytes(header)))
    return bytes(header) + body + struct.pack("<H", crc16(body))


def _define(part: bytes, pos: int, used: frozenset[int], step: list[int]) -> tuple[int, int]:
    """Enter the definition message at ``pos`` in the ``step`` table.

    Returns where the next message starts and the global message number defined.
    """
    local, mesg, size, nxt = _definition(part, pos)
    keep = mesg in used
    for byte in _normal_headers(local):
        step[byte] = size if keep else -size
    for byte in _compressed_headers(local):  # a kept one gives up (0)
        step[byte] = 0 if keep else -size
    return nxt, mesg


FIELD_DESCRIPTION = 206  # FIT global message number of ``field_description``


class UndefinedDeveloperData(ValueError):
    """A definition has developer fields before the file describes any (damaged data).

    fitfast panics on such a field and prints the panic: refused before decoding.
    """


def _definition(part: bytes, pos: int) -> tuple[int, int, int, int]:
    """Local type, global message number, data message length and end of the definition
    message at ``pos``."""
    head = part[pos]
    n_fields = part[pos + 5]
    mesg = struct.unpack_from(">H" if part[pos + 2] else "<H", part, pos + 3)[0]
    size = 1 + sum(part[pos + 7 : pos + 6 + 3 * n_fields : 3])
    nxt = pos + 6 + 3 * n_fields
    if head & 0x20:  # developer fields follow
        n_dev = part[nxt]
        size += sum(part[nxt + 2 : nxt + 1 + 3 * n_dev : 3])
        nxt += 1 + 3 * n_dev
    return head & 0x0F, mesg, size, nxt


def _normal_headers(local: int) -> range:
    return range(local, 0x40, 0x10)  # bits 4-5 reserved


def _compressed_headers(local: int) -> range:
    return range(0x80 | local << 5, 0x80 | (local + 1) << 5) if local < 4 else range(0)


CUT_SHORT = "FIT data is damaged: the file ends in the middle of a message"
WRONG_CRC = "file CRC does not match the data (the data may be damaged)"


def whole_messages(part: bytes) -> tuple[bytes, str] | None:
    """The part cut after its last whole message, with size and CRCs set to match.

    For a part cut short (a watch that died mid-write) or whose file CRC does
    not match its data: returns the sound part and which of the two it was.
    None when the framing breaks before the end (damage a decoder must report)
    or the part has neither fault.
    """
    if len(part) < 14 or part[0] not in (12, 14):
        return None
    header_size = part[0]
    (data_size,) = struct.unpack_from("<I", part, 4)
    try:
        pos = _last_whole_message_end(part)
    except UndefinedDeveloperData:
        return None
    if pos is None:
        return None
    body = part[header_size:pos]
    crc = crc16(body)
    whole_file_crc = crc ^ crc_through_zeros(crc16(part[:header_size]), len(body))
    if pos < header_size + data_size:
        problem = CUT_SHORT
    elif part[pos : pos + 2] != struct.pack("<H", whole_file_crc):
        problem = WRONG_CRC
    else:
        return None
    header = bytearray(part[:12])
    header[0] = 14
    struct.pack_into("<I", header, 4, len(body))
    header += struct.pack("<H", crc16(bytes(header)))
    return bytes(header) + body + struct.pack("<H", crc), problem


def _last_whole_message_end(part: bytes) -> int | None:
    """Where the part's last whole message ends (None: a message has no definition).

    Raises :class:`UndefinedDeveloperData` for developer fields no message describes.
    """
    header_size = part[0]
    (data_size,) = struct.unpack_from("<I", part, 4)
    end = min(header_size + data_size, len(part))
    length = [0] * 256  # header byte -> length of its data message (0: none defined)
    pos = header_size
    described = False
    try:
        while pos < end:
            nxt = pos + length[part[pos]]
            if nxt == pos:
                if part[pos] & 0xC0 != 0x40:
                    return None
                if part[pos] & 0x20 and not described:
                    raise UndefinedDeveloperData(f"developer fields at byte {pos}")
                local, mesg, size, nxt = _definition(part, pos)
                described = described or mesg == FIELD_DESCRIPTION
                for byte in (*_normal_headers(local), *_compressed_headers(local)):
                    length[byte] = size
            if nxt > end:
                break
            pos = nxt
    except IndexError:  # a definition cut short
        pass
    return pos
