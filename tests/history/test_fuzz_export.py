"""Seeded mutation fuzzing of read_export: damaged zips and damaged members of an export.

Every mutant must give a History (whose ``problems`` account for what could not be
read) or a :class:`RunlyticsError` whose message is about the export, within a time
limit and without a large allocation (the harness of ``tests/io/test_fuzz.py``).
"""

from __future__ import annotations

import io
import random
import tempfile
import zipfile
from pathlib import Path

import pytest

import runlytics
from tests.history.exports import START, run, strava_export, zip_folder
from tests.io.test_fuzz import _byte_edit, outcome

ATHLETE = runlytics.Athlete(sex="male", hr_max=190, hr_rest=50, vdot=50.0)
#: Mutants of the zip's bytes and of one of its members.
ZIP_MUTANTS = 25
MEMBER_MUTANTS = 30


@pytest.fixture(scope="module")
def export_zip(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    folder = tmp_path_factory.mktemp("fuzz-export")
    day = START - START.normalize()
    activities = {1000 + i: run(START + i * 2 * day, minutes=12, hr=140 + i) for i in range(3)}
    strava_export(folder, activities)
    return zip_folder(folder, folder.parent / "export.zip").read_bytes()


def read_zip(stream: io.BytesIO) -> object:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.zip"
        path.write_bytes(stream.getvalue())
        history = runlytics.read_export(path, athlete=ATHLETE, cache=False, progress=False)
        assert len(history.activities) + len(history.problems) >= 1
        return history


def member_mutant(data: bytes, seed: int) -> bytes:
    """The export with one member (the log or an activity file) edited one to three times."""
    rng = random.Random(f"member-{seed}")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    name = rng.choice(sorted(members))
    for _ in range(rng.randint(1, 3)):
        members[name] = _byte_edit(members[name], rng)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    return out.getvalue()


def test_the_seed_reads(export_zip: bytes) -> None:
    history = read_zip(io.BytesIO(export_zip))
    assert isinstance(history, runlytics.History) and len(history.activities) == 3


@pytest.mark.slow
def test_damaged_exports_give_a_history_or_a_typed_error(export_zip: bytes) -> None:
    mutants = [
        *(_byte_edit(export_zip, random.Random(f"zip-{s}")) for s in range(ZIP_MUTANTS)),
        *(member_mutant(export_zip, s) for s in range(MEMBER_MUTANTS)),
    ]
    failures = [
        f"mutant {i}: {problem[:300]}"
        for i, data in enumerate(mutants)
        if (problem := outcome(read_zip, data)) is not None
    ]
    assert not failures, "\n".join(failures[:20])
