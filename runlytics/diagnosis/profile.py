"""The athlete and goal an export states about itself, and goals typed on the command line.

An export folder may hold ``athlete.json`` (``sex``, ``birth_date``, ``hr_max``,
``hr_rest``, optionally ``goal`` as :func:`parse_goal` reads it) or a README in
the bundled samples' form ("- Man, 47 at the start of the log", "- HRmax 176 bpm,
resting HR 47 bpm", "- Goal: ... marathon under 3:15:00", "317 runs from
2024-10-07 to ..."). Nothing else of the folder is read (a sample's ``truth/``
never is).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from runlytics.athlete import Athlete
from runlytics.diagnosis.model import Goal

#: Distances a goal may name (m).
DISTANCES = {
    "marathon": 42195.0,
    "half marathon": 21097.5,
    "half": 21097.5,
    "10k": 10000.0,
    "10 km": 10000.0,
    "5k": 5000.0,
    "5 km": 5000.0,
}
_TIME = re.compile(r"\b(\d{1,2}(?::\d{2}){1,2})\b")


def parse_time(text: str) -> float:
    """``"h:mm:ss"`` or ``"h:mm"`` as seconds (:func:`parse_goal` reads 5k/10k ``m:ss``)."""
    parts = [int(p) for p in text.split(":")]
    if len(parts) == 3:
        return float(parts[0] * 3600 + parts[1] * 60 + parts[2])
    return float(parts[0] * 3600 + parts[1] * 60)


def parse_goal(text: str) -> Goal:
    """A goal from text: ``"marathon 3:15:00"``, ``"half 1:30"``, ``"10k 0:40:00"``, ``"boston"``.

    ``"boston"`` (alone or in the text) is the Boston marathon standard for the athlete.
    Raises ``ValueError`` saying what is understood.
    """
    lower = text.strip().lower()
    if "boston" in lower:
        return Goal(distance_m=DISTANCES["marathon"], standard="boston")
    name = next((d for d in sorted(DISTANCES, key=len, reverse=True) if d in lower), None)
    found = _TIME.search(lower)
    if name is None or found is None:
        raise ValueError(
            f"goal {text!r} not understood: give a distance and a time, e.g. 'marathon 3:15:00', "
            f"'half 1:30:00', '10k 0:40:00', or 'boston' (distances: {', '.join(DISTANCES)})"
        )
    seconds = parse_time(found.group(1))
    if name in ("10k", "10 km", "5k", "5 km") and found.group(1).count(":") == 1:
        minutes, secs = (int(p) for p in found.group(1).split(":"))
        seconds = float(minutes * 60 + secs)
    return Goal(distance_m=DISTANCES[name], time_s=seconds)


def read_profile(folder: str | Path) -> tuple[Athlete | None, Goal | None]:
    """The athlete and goal ``folder`` states (``athlete.json``, else ``README.md``), or Nones."""
    root = Path(folder)
    if root.is_dir() and (root / "athlete.json").is_file():
        return _from_json(json.loads((root / "athlete.json").read_text()))
    if root.is_dir() and (root / "README.md").is_file():
        return _from_readme((root / "README.md").read_text())
    return None, None


def _from_json(values: dict[str, object]) -> tuple[Athlete | None, Goal | None]:
    athlete = Athlete(
        sex=None if values.get("sex") is None else str(values["sex"]),
        birth_date=None if values.get("birth_date") is None else str(values["birth_date"]),
        hr_max=None if values.get("hr_max") is None else float(str(values["hr_max"])),
        hr_rest=None if values.get("hr_rest") is None else float(str(values["hr_rest"])),
    )
    goal = parse_goal(str(values["goal"])) if values.get("goal") else None
    return athlete, goal


def _from_readme(text: str) -> tuple[Athlete | None, Goal | None]:
    who = re.search(r"^- (Man|Woman), (\d+) at the start of the log", text, re.M)
    hr = re.search(r"HRmax (\d+) bpm, resting HR (\d+) bpm", text)
    start = re.search(r"runs from (\d{4}-\d{2}-\d{2})", text)
    if who is None or hr is None:
        return None, None
    birth = None
    if start is not None:  # age at the start, taken as half-way through that year of age
        birth = pd.Timestamp(start.group(1)) - pd.DateOffset(years=int(who.group(2)), months=6)
    athlete = Athlete(
        sex="male" if who.group(1) == "Man" else "female",
        birth_date=birth,
        hr_max=float(hr.group(1)),
        hr_rest=float(hr.group(2)),
    )
    line = re.search(r"^- Goal: (.+)$", text, re.M)
    goal = None
    if line is not None:
        try:
            goal = parse_goal(line.group(1))
        except ValueError:  # "steady progress" is a goal, not a race
            goal = None
    return athlete, goal
