"""CSV and training logs on hostile input: huge cells and headers; time parsing stays vectorised."""

from __future__ import annotations

import io

import pandas as pd
import pytest

import runlytics
from runlytics.errors import CorruptFileError
from runlytics.io import datetimes
from runlytics.io.csv_header import MAX_COLUMNS
from runlytics.io.datetimes import MAX_TIME_CHARS, parse_datetimes
from runlytics.io.training_log import read_training_log
from tests.io.test_training_log import STRAVA_HEADER, STRAVA_ROWS


@pytest.fixture
def dateutil_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Lengths of the values handed to dateutil (the slow, per-value fallback)."""
    calls: list[int] = []
    fallback = datetimes._dateutil

    def spy(s: pd.Series) -> pd.Series:
        calls.extend(len(str(v)) for v in s)
        return fallback(s)

    monkeypatch.setattr(datetimes, "_dateutil", spy)
    return calls


def stream(rows: list[str], header: str = "time,distance,heart_rate") -> io.BytesIO:
    return io.BytesIO(("\n".join([header, *rows]) + "\n").encode())


def iso_rows(n: int = 10) -> list[str]:
    return [f"2024-01-01T10:00:{i:02d}Z,{3 * i},{120 + i}" for i in range(n)]


def test_two_megabyte_time_cell_is_unreadable_and_never_parsed(dateutil_calls: list[int]) -> None:
    rows = iso_rows()
    rows[3] = "2024-01-01T10:00:03Z" + "7" * 2_000_000 + ",9,123"
    a = runlytics.read_csv(stream(rows))
    assert len(a.records) == 9
    note = next(n for n in a.session.notes if "unreadable time" in n)
    assert len(note) < 300 and "..." in note
    assert max(dateutil_calls, default=0) <= MAX_TIME_CHARS
    with pytest.raises(CorruptFileError, match="unreadable time"):
        runlytics.read_csv(stream(rows), strict=True)


def test_two_megabyte_date_cell_in_a_training_log(dateutil_calls: list[int]) -> None:
    rows = STRAVA_ROWS.replace('"Oct 6, 2022, 11:19:20 PM"', '"Oct 6, 2022' + "9" * 2_000_000 + '"')
    log = read_training_log(io.BytesIO((STRAVA_HEADER + rows).encode()))
    assert int(log["start_time"].isna().sum()) == 1 and len(log) == 2
    assert max(dateutil_calls, default=0) <= MAX_TIME_CHARS


def test_huge_header_reads_the_first_columns_and_says_so() -> None:
    extra = [f"col{i}" for i in range(3 * MAX_COLUMNS)]
    header = ",".join(["time", "distance", *extra])
    rows = [f"2024-01-01T10:00:0{i}Z,{i}," + ",".join("1" for _ in extra) for i in range(3)]
    a = runlytics.read_csv(stream(rows, header))
    assert f"{len(extra) + 2 - MAX_COLUMNS:,} columns past the first {MAX_COLUMNS:,} ignored" in (
        a.session.notes
    )
    assert "col997" in a.records.columns and "col998" not in a.records.columns
    assert all(len(n) < 1000 for n in a.session.notes)


def test_huge_header_without_time_names_a_few_columns() -> None:
    header = ",".join(f"c{i}" for i in range(20_000))
    with pytest.raises(runlytics.UnsupportedFormatError) as info:
        runlytics.read_csv(stream(["1," * 19_999 + "1"], header))
    assert "more" in str(info.value) and len(str(info.value)) < 1000


def test_separate_date_and_time_columns_parse_without_dateutil(dateutil_calls: list[int]) -> None:
    times = pd.date_range("2024-03-01 06:00", periods=5000, freq="s")
    rows = [f"{t:%Y-%m-%d},{t:%H:%M:%S},{i}" for i, t in enumerate(times)]
    a = runlytics.read_csv(stream(rows, "date,time,distance"))
    assert len(a.records) == 5000 and a.records.index[0] == pd.Timestamp("2024-03-01 06:00Z")
    assert dateutil_calls == []


def test_an_unlisted_layout_is_guessed_and_parsed_vectorised(dateutil_calls: list[int]) -> None:
    values = pd.Series([f"2024.05.{d:02d} 10:{m:02d}:00" for d in (1, 2) for m in range(30)])
    times, _, naive = parse_datetimes(values)
    assert times.notna().all() and naive and times.iloc[-1] == pd.Timestamp("2024-05-02 10:29Z")
    assert dateutil_calls == []


def test_dateutil_gives_up_on_a_column_it_cannot_read(dateutil_calls: list[int]) -> None:
    values = pd.Series([f"not a time {i}" for i in range(10_000)])
    times, _, _ = parse_datetimes(values)
    assert times.isna().all()
    assert len(dateutil_calls) <= 2 * 20  # a sample, per pass (raw and with month names translated)


def test_dateutil_still_reads_odd_layouts() -> None:
    times, _, _ = parse_datetimes(pd.Series(["5th of March 2024 10:00", "6th of March 2024 10:00"]))
    assert times.notna().all()


def test_offset_check_has_no_python_only_regex() -> None:
    assert "\\s" not in datetimes._HAS_OFFSET  # keeps str.contains in pyarrow (vectorised)


@pytest.mark.parametrize(
    ("rows", "words"),
    [
        (["2024-01-01T10:00:00Z,1,2", '2024-01-01T10:00:01Z,"3,4'], "is never closed"),
        (["2024-01-01T10:00:00Z,1,2", "2024-01-01T10:00:01Z,3,4,5,6"], "has 5 fields where"),
    ],
)
def test_malformed_csv_is_said_in_words(rows: list[str], words: str) -> None:
    with pytest.raises(CorruptFileError, match=words) as info:
        runlytics.read_csv(stream(rows), strict=True)
    assert "C error" not in str(info.value) and "tokenizing" not in str(info.value)
