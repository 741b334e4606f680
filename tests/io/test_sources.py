"""Hostile and odd sources: bounded reading, gzip bombs, non-files, broken file objects."""

from __future__ import annotations

import gzip
import io
import os
from pathlib import Path

import pytest

import runlytics
from runlytics.errors import CorruptFileError, SourceError
from runlytics.io.limits import MIB, Limits, get_limits, limits, set_limits
from runlytics.io.source import read_payload
from tests.io.fitfiles import encode, run_messages

FIT = encode(run_messages(seconds=30))


def test_limits_are_settable_and_restored() -> None:
    default = get_limits()
    assert default == Limits() and default.max_bytes == 256 * MIB
    with limits(max_bytes=1000) as inside:
        assert get_limits() is inside and inside.max_bytes == 1000
    assert get_limits() == default
    previous = set_limits(max_gzip_members=5)
    try:
        assert previous == default and get_limits().max_gzip_members == 5
    finally:
        set_limits(**vars(previous))
    assert get_limits() == default


@pytest.mark.parametrize("value", [0, -1, 1.5, True, "10"])
def test_limits_refuse_nonsense(value: object) -> None:
    with pytest.raises(ValueError, match="max_bytes must be a positive integer"):
        Limits(max_bytes=value)  # type: ignore[arg-type]


# --- gzip -------------------------------------------------------------------------------


def test_gzip_bomb_stops_at_the_limit() -> None:
    bomb = gzip.compress(bytes(20 * MIB), 9)  # 20 kB that inflate to 20 MiB
    with limits(max_bytes=MIB), pytest.raises(CorruptFileError, match="more than 1,048,576 bytes"):
        runlytics.read_activity(io.BytesIO(bomb))
    with limits(max_bytes=21 * MIB):
        assert len(read_payload(io.BytesIO(bomb)).data) == 20 * MIB


def test_gzip_bomb_error_says_how_to_raise_the_limit() -> None:
    bomb = gzip.compress(bytes(2 * MIB))
    with limits(max_bytes=MIB), pytest.raises(CorruptFileError, match=r"set_limits\(max_bytes"):
        read_payload(io.BytesIO(bomb))


def test_many_empty_gzip_members_are_bounded() -> None:
    members = gzip.compress(b"") * 100_000
    with pytest.raises(CorruptFileError, match="more than 10,000 gzip members"):
        runlytics.read_activity(io.BytesIO(members))
    with limits(max_gzip_members=200_000):  # linear: well under a second (benchmarks)
        assert read_payload(io.BytesIO(members)).data == b""


def test_gzip_members_padding_and_trailing_junk() -> None:
    parts = [FIT[:100], FIT[100:]]
    joined = gzip.compress(parts[0]) + bytes(7) + gzip.compress(parts[1]) + bytes(3)
    assert read_payload(io.BytesIO(joined)).data == FIT
    with pytest.raises(CorruptFileError, match="unexpected bytes"):
        read_payload(io.BytesIO(gzip.compress(FIT) + b"junk"))


@pytest.mark.parametrize("cut", [11, 30, -5])
def test_cut_or_damaged_gzip_is_corrupt(cut: int) -> None:
    data = gzip.compress(FIT)[:cut]
    with pytest.raises(CorruptFileError, match="gzip data is damaged"):
        read_payload(io.BytesIO(data))
    flipped = bytearray(gzip.compress(FIT))
    flipped[-6] ^= 0xFF  # the CRC
    with pytest.raises(CorruptFileError, match="gzip data is damaged"):
        read_payload(io.BytesIO(bytes(flipped)))


def test_gzip_matches_the_standard_library_on_many_members() -> None:
    data = b"".join(gzip.compress(bytes([i % 251]) * (i * 37 % 5000)) for i in range(300))
    assert read_payload(io.BytesIO(data)).data == gzip.decompress(data)


# --- paths ------------------------------------------------------------------------------


def test_huge_sparse_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.fit"
    with open(path, "wb") as f:
        f.truncate(8 * 2**30)  # 8 GiB, sparse: no disk used
    with pytest.raises(SourceError, match="8,589,934,592 bytes is more than"):
        runlytics.read_activity(path)


def test_file_past_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "run.fit"
    path.write_bytes(FIT)
    with limits(max_bytes=len(FIT) - 1), pytest.raises(SourceError, match="max_bytes"):
        runlytics.read_fit(path)
    with limits(max_bytes=len(FIT)):
        assert len(runlytics.read_fit(path).records) > 0


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="is a directory"):
        runlytics.read_activity(tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_without_writer_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "run.fit"
    os.mkfifo(fifo)
    with pytest.raises(SourceError, match="not a regular file"):
        runlytics.read_activity(fifo)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_link_to_an_endless_device_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "run.fit"
    link.symlink_to("/dev/zero")
    with pytest.raises(SourceError, match="not a regular file"):
        runlytics.read_activity(link)
    with open("/dev/zero", "rb") as zero, pytest.raises(SourceError, match="device"):
        runlytics.read_activity(zero)


def test_path_with_a_nul_byte() -> None:
    with pytest.raises(SourceError, match="NUL character"):
        runlytics.read_activity("run\x00.fit")


# --- file objects and wrong types -------------------------------------------------------


def test_closed_file_object() -> None:
    stream = io.BytesIO(FIT)
    stream.close()
    with pytest.raises(SourceError, match="closed"):
        runlytics.read_activity(stream)


def test_file_opened_for_writing(tmp_path: Path) -> None:
    with open(tmp_path / "out.fit", "wb") as f, pytest.raises(SourceError, match="not open for"):
        runlytics.read_activity(f)


class _Broken(io.RawIOBase):
    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        raise RuntimeError("the network went away")


def test_file_object_whose_read_raises() -> None:
    with pytest.raises(SourceError, match=r"could not be read \(the network went away\)"):
        runlytics.read_activity(_Broken())


class _Trickle(io.RawIOBase):
    """Short reads of 7 bytes: the reader keeps asking until end of file."""

    def __init__(self, data: bytes) -> None:
        self.stream = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        return self.stream.read(min(7, size if size >= 0 else 7))


def test_short_reads_are_completed_and_bounded() -> None:
    assert len(runlytics.read_fit(_Trickle(FIT)).records) > 0
    with limits(max_bytes=100), pytest.raises(SourceError, match="the stream is more than"):
        runlytics.read_fit(_Trickle(FIT))


@pytest.mark.parametrize("source", [None, 42, 3.5, FIT, ["a.fit"]])
def test_wrong_source_types_say_what_a_source_may_be(source: object) -> None:
    with pytest.raises(TypeError, match=r"a source is a path .* or a binary file object"):
        runlytics.read_activity(source)  # type: ignore[arg-type]


def test_bytes_source_hint() -> None:
    with pytest.raises(TypeError, match=r"io\.BytesIO"):
        runlytics.read_activity(FIT)  # type: ignore[arg-type]


def test_training_log_sources_are_checked_too(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        runlytics.read_training_log(tmp_path / "activities.csv")
    with pytest.raises(SourceError, match="is a directory"):
        runlytics.read_training_log(tmp_path)
