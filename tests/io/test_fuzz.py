"""Seeded mutation fuzzing of the FIT, GPX, TCX, CSV and training-log readers and of gzip sources.

Every mutant must give an activity (or a log frame) or a :class:`RunlyticsError` whose
message reads as a statement about the file, within a time limit per input and
without a large allocation. Seeds are fixed, so a failure names an input that can be
rebuilt: ``mutant(kind, seed)``.
"""

from __future__ import annotations

import gzip
import io
import random
import re
import signal
import tracemalloc
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

import runlytics
from runlytics.errors import RecoveredDataWarning, RunlyticsError
from runlytics.io.training_log import read_training_log
from tests.io.fitfiles import encode, run_messages
from tests.io.test_gpx import gpx, run
from tests.io.test_tcx import two_lap_run
from tests.io.test_training_log import GARMIN_HEADER, GARMIN_ROWS, STRAVA_HEADER, STRAVA_ROWS

#: Mutants per kind of seed (kept so that the whole file runs in well under two minutes).
MUTANTS = {
    "fit": 60,
    "gpx": 120,
    "tcx": 80,
    "csv": 50,
    "csv_semicolon": 40,
    "strava_log": 20,
    "garmin_log": 20,
}
#: Seconds one input may take before it counts as a hang.
TIME_LIMIT_S = 10.0
#: Python-level allocation one small input may reach (tracemalloc peak).
MEMORY_LIMIT_BYTES = 200 * 2**20

#: Phrases of Python's own errors, which must never reach a user as the problem.
INTERNAL = re.compile(
    r"not all arguments converted|KeyError|Traceback|object has no attribute|NoneType|"
    r"unsupported operand|index out of range|invalid literal for|takes \d+ positional|"
    r"unhashable type|cannot unpack|referenced before assignment|\bNone\b|could not convert|"
    r"C error|Error tokenizing"
)

TOKENS = [
    b"<!ENTITY a 'x'>",
    b"<!DOCTYPE gpx [<!ENTITY a 'aaaa'>]>",
    b"&a;",
    b"\x00",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"<trkpt lat='1' lon='2'>",
    b"</trkseg>",
    b"<extensions><hr>abc</hr></extensions>",
    b"0001-01-01T00:00:00Z",
    b"9999-12-31T23:59:59+14:00",
    b"2262-04-12T00:00:00Z",
    b"1e309",
    b"-1e309",
    b"NaN",
    b"--:--:--",
    b";",
    b",",
    b"\t",
    b'"',
    b"\r",
    b"\n\n\n",
    b"9" * 300,
    b"Activity Type,Date,Title,Distance,Time\n",
    b"time,heart_rate\n",
    b"\x1f\x8b",
]


def _seeds() -> dict[str, bytes]:
    return {
        "fit": encode(run_messages(seconds=90, pause=(30, 45), lap_every_s=30)),
        "gpx": gpx(run(8, hr=140, cad=85), [p for p in run(4)]),
        "tcx": two_lap_run(),
        "csv": b"time,distance,heart_rate,cadence,altitude\n"
        + b"".join(
            f"2024-01-01T10:00:{i:02d}Z,{3 * i},{120 + i},85,{100 + i}\n".encode()
            for i in range(20)
        ),
        "csv_semicolon": b"time;distance (km);heart_rate\n"
        + b"".join(
            f"2024-02-01 10:00:{i:02d};{i * 0.003:.3f};{130 + i}\n".replace(".", ",").encode()
            for i in range(10)
        ),
        "strava_log": (STRAVA_HEADER + STRAVA_ROWS).encode(),
        "garmin_log": (GARMIN_HEADER + GARMIN_ROWS).encode(),
    }


SEEDS = _seeds()


VALUES = [
    b"",
    b" ",
    b"abc",
    b"-1",
    b"0",
    b"1e309",
    b"nan",
    b"-inf",
    b"99999999999999999999",
    b"2024-02-30T10:00:00Z",
    b"0001-01-01T00:00:00Z",
    b"9999-12-31T23:59:59Z",
    b"2300-01-01T00:00:00+02:00",
    b"2021-03-04T08:00:00.123456789Z",
    b"\xff\xfe",
    b"&amp;",
    b"&#0;",
    b"x" * 5000,
]
_TEXT = re.compile(rb">([^<]*)<")
_ATTRIBUTE = re.compile(rb'="([^"]*)"')
_ELEMENT = re.compile(rb"<(trkpt|Trackpoint|Lap|trkseg|Track|extensions)\b.*?</\1>", re.S)


def mutate(data: bytes, rng: random.Random, *, xml: bool) -> bytes:
    """One to four edits (values and elements for XML, bytes otherwise), sometimes gzipped."""
    out = data
    for _ in range(rng.randint(1, 4)):
        if xml and rng.random() < 0.7:
            out = _xml_edit(out, rng)
        else:
            out = _byte_edit(out, rng)
    if rng.random() < 0.1:
        return gzip.compress(out) + (b"\x00" * rng.randint(0, 3))
    return out


def _xml_edit(data: bytes, rng: random.Random) -> bytes:
    choice = rng.random()
    pattern = _TEXT if choice < 0.4 else _ATTRIBUTE if choice < 0.6 else _ELEMENT
    found = list(pattern.finditer(data))
    if not found:
        return data
    m = rng.choice(found)
    if pattern is _ELEMENT:
        repeat = 0 if rng.random() < 0.3 else rng.randint(2, 50)
        return data[: m.start()] + m.group(0) * repeat + data[m.end() :]
    return data[: m.start(1)] + rng.choice(VALUES) + data[m.end(1) :]


def _byte_edit(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    choice = rng.random()
    at = rng.randrange(len(out) + 1)
    if choice < 0.2 and out:
        out[min(at, len(out) - 1)] ^= 1 << rng.randrange(8)
    elif choice < 0.35:
        del out[at : at + rng.randint(1, 64)]
    elif choice < 0.5 and out:
        start = rng.randrange(len(out))
        out[at:at] = out[start : start + rng.randint(1, 200)] * rng.randint(1, 20)
    elif choice < 0.8:
        out[at:at] = rng.choice(TOKENS)
    elif choice < 0.9:
        out = out[:at]
    else:
        other = rng.choice(list(SEEDS.values()))
        out = out[:at] + other[rng.randrange(len(other) + 1) :]
    return bytes(out)


def mutant(kind: str, seed: int) -> bytes:
    return mutate(SEEDS[kind], random.Random(f"{kind}-{seed}"), xml=kind in ("gpx", "tcx"))


class _TimeLimit(Exception):
    pass


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def stop(signum: int, frame: object) -> None:
        raise _TimeLimit

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


READERS: dict[str, list[tuple[str, Callable[[io.BytesIO], object]]]] = {
    "fit": [
        ("fitfast", runlytics.read_activities),
        ("fitparse", lambda s: runlytics.read_activities(s, engine="fitparse")),
    ],
    "gpx": [
        ("lxml", lambda s: runlytics.read_gpx(s)),
        ("gpxpy", lambda s: runlytics.read_gpx(s, engine="gpxpy")),
    ],
    "tcx": [("lxml", runlytics.read_activities)],
    "csv": [("csv", runlytics.read_activities)],
    "csv_semicolon": [("csv", lambda s: runlytics.read_csv(s))],
    "strava_log": [("log", read_training_log)],
    "garmin_log": [("log", read_training_log)],
}

CASES = [(kind, name) for kind, readers in READERS.items() for name, _ in readers]


def outcome(read: Callable[[io.BytesIO], object], data: bytes) -> str | None:
    """None when the reader behaved; else what went wrong."""
    tracemalloc.start()
    try:
        with time_limit(TIME_LIMIT_S), warnings.catch_warnings():
            warnings.simplefilter("ignore", RecoveredDataWarning)
            read(io.BytesIO(data))
    except _TimeLimit:
        return f"took more than {TIME_LIMIT_S} s"
    except RunlyticsError as exc:
        if INTERNAL.search(str(exc)) or not exc.problem.strip():
            return f"internal message: {exc}"
    except Exception as exc:  # any other exception is the finding
        return f"{type(exc).__name__}: {exc}"
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    if peak > MEMORY_LIMIT_BYTES:
        return f"allocated {peak / 2**20:.0f} MiB"
    return None


@pytest.mark.slow
@pytest.mark.parametrize(("kind", "reader"), CASES)
def test_mutants_give_an_activity_or_a_typed_error(kind: str, reader: str) -> None:
    read = dict(READERS[kind])[reader]
    failures = []
    for seed in range(MUTANTS[kind]):
        problem = outcome(read, mutant(kind, seed))
        if problem is not None:
            failures.append(f"mutant({kind!r}, {seed}) with {reader}: {problem[:300]}")
    assert not failures, "\n".join(failures[:20])


def test_the_seeds_read() -> None:
    for kind, readers in READERS.items():
        for _, read in readers:
            read(io.BytesIO(SEEDS[kind]))


def test_the_fuzzer_finds_an_untyped_error() -> None:
    """The harness itself: a reader raising a raw error or hanging is reported."""

    def broken(_: io.BytesIO) -> object:
        return {}["x"]

    assert outcome(broken, b"") == "KeyError: 'x'"

    def internal(_: io.BytesIO) -> object:
        raise runlytics.CorruptFileError("f", "KeyError: None")

    assert outcome(internal, b"").startswith("internal message")
