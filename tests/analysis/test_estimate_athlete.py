"""estimate_athlete, the effort curve, races judged against the athlete's own history,
and data that cannot be running (a ride recorded as a run)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import runlytics
from runlytics.analysis.classify import classify_run, classify_runs
from runlytics.analysis.estimate import (
    RUN_STAT_COLUMNS,
    athlete_from_run_stats,
    effort_curve,
    estimate_athlete,
    is_running,
    run_stats_of,
)
from runlytics.athlete import Athlete, local_date
from runlytics.metrics.vdot import race_time, speed_at_vo2
from tests.analysis.synthetic_runs import synthetic
from tests.analysis.test_segments import profile

VDOT = 50.0


def at(fraction: float) -> float:
    return float(speed_at_vo2(fraction * VDOT))


def race(metres: float, vdot: float = VDOT, seed: int = 0) -> runlytics.Activity:
    """A run of ``metres`` at the race pace of ``vdot`` (no warm-up in the file)."""
    seconds = race_time(vdot, metres)
    return profile([(seconds, metres / seconds)], seed=seed)


def easy(seconds: int = 2700, seed: int = 1) -> runlytics.Activity:
    return profile([(seconds, at(0.65))], seed=seed)


def history() -> list[runlytics.Activity]:
    return [easy(seed=1), race(5000), easy(4800, seed=2), race(10000, seed=3), easy(seed=4)]


def test_estimate_athlete_from_best_efforts() -> None:
    athlete = estimate_athlete(history())
    p = athlete.at("2024-03-10")
    assert p.vdot == pytest.approx(VDOT, abs=1.5)
    assert p.threshold_speed_mps == pytest.approx(speed_at_vo2(0.88 * p.vdot), rel=1e-9)
    assert p.hr_max is not None and p.hr_threshold is not None
    assert p.hr_rest == 60 and "default" in p.sources["hr_rest"]
    assert {"vdot", "hr_max", "hr_rest", "threshold_speed_mps"} <= p.estimated
    assert "best efforts" in p.sources["vdot"]


def test_estimate_athlete_sets_an_outlier_aside() -> None:
    glitch = race(5000, vdot=62, seed=5)  # 24 % above the next best run: a GPS glitch
    p = estimate_athlete([*history(), glitch]).at("2024-03-10")
    assert p.vdot == pytest.approx(VDOT, abs=1.5)
    assert "set aside" in p.sources["vdot"]


def test_estimate_athlete_needs_a_run() -> None:
    with pytest.raises(ValueError, match="no running activity"):
        estimate_athlete([])


def test_effort_curve_best_near_a_duration_excludes_the_run() -> None:
    runs = history()
    curve = effort_curve(runs)
    assert curve.best_near(race_time(VDOT, 5000), 1.5) == pytest.approx(VDOT, abs=1.5)
    # without the 5 km race: the first 5 km of the 10 km race (slower, shorter than the race)
    assert curve.best_near(race_time(VDOT, 5000), 1.2, exclude=1) < VDOT - 1.5
    assert curve.best_near(race_time(VDOT, 5000), 1.2, exclude=1) > VDOT - 3
    assert np.isnan(curve.best_near(10.0, 1.5))


def test_race_of_no_standard_distance_found_from_the_history() -> None:
    """A 7.3 km race (cross-country: no standard distance) at the top of what the athlete shows
    for its duration is a race; an easy run and a paced parkrun are not."""
    xc = race(7300, vdot=VDOT - 1.5, seed=6)
    paced = profile([(1500, 5000 / 1500)], seed=7)  # 5 km in 25 min: pacing a friend
    runs = [*history(), xc, paced]
    labels = [c.label for c in classify_runs(runs)]
    assert labels[5] == "race" and labels[1] == "race" and labels[3] == "race"
    assert labels[6] != "race" and labels[0] in {"easy", "recovery"}
    alone = classify_run(xc, history=runs)
    assert alone.label == "race"
    assert any("best the athlete showed" in str(r) for r in alone.reasons)


def test_hard_run_below_the_athletes_top_is_not_a_race() -> None:
    """An hour at 82 % of VDOT (a hard steady run) is worth 92 % of VDOT as a race, above the
    floor, but well below the 10 km the athlete raced: not a race."""
    steady = profile([(3600, at(0.82))], seed=8)
    result = classify_run(steady, history=[*history(), steady])
    assert result.label != "race"


def bike_ride(speed: float = 9.0, seconds: int = 1800, cadence: float | None = None):
    t = np.arange(seconds + 1, dtype="float64")
    channels: dict[str, object] = {"distance_m": speed * t, "speed_mps": np.full(t.shape, speed)}
    channels["heart_rate_bpm"] = np.full(t.shape, 140.0)
    if cadence is not None:
        channels["cadence_spm"] = np.full(t.shape, cadence)
    return synthetic(t, **channels)


def test_ride_recorded_as_run_is_flagged_not_race() -> None:
    ride = bike_ride()
    result = classify_run(ride, Athlete(vdot=VDOT))
    assert not result.running_plausible and result.label != "race"
    assert result.reasons[0].name == "implausible_vdot" and result.confidence <= 0.2
    assert not is_running(ride)
    assert estimate_athlete([*history(), ride]).at("2024-03-10").vdot == pytest.approx(
        VDOT, abs=1.5
    )


def test_fast_for_the_athlete_is_flagged_not_race() -> None:
    """6 m/s for 30 min is humanly possible but worth 160 % of this athlete's VDOT."""
    result = classify_run(bike_ride(speed=6.0), Athlete(vdot=VDOT))
    assert not result.running_plausible and result.label != "race"
    assert result.reasons[0].name == "implausible_race_vdot"


def test_riders_cadence_is_flagged() -> None:
    result = classify_run(bike_ride(speed=5.0, cadence=85.0))
    assert not result.running_plausible
    assert result.reasons[0].name == "implausible_cadence"
    assert classify_run(bike_ride(speed=5.0, cadence=178.0)).running_plausible


def test_a_run_is_plausible() -> None:
    result = classify_run(race(5000), Athlete(vdot=VDOT))
    assert result.running_plausible and result.label == "race"


def dated_race(metres: float, vdot: float, start: str) -> runlytics.Activity:
    """A race of ``metres`` at the race pace of ``vdot`` on ``start`` (UTC)."""
    seconds = round(race_time(vdot, metres))
    t = np.arange(seconds + 1, dtype="float64")
    speed = np.r_[0.0, np.full(seconds, metres / seconds)]
    hr = np.full(t.size, 170.0)
    return synthetic(
        t, start=pd.Timestamp(start), distance_m=np.cumsum(speed), speed_mps=speed,
        heart_rate_bpm=hr,
    )  # fmt: skip


def test_a_race_is_judged_within_its_season() -> None:
    """Two years after a 5 km at VDOT 50 the athlete races 5 km at VDOT 46: still a race,
    judged against what they showed that season, not their old best."""
    early = dated_race(5000, VDOT, "2022-05-01T08:00Z")
    late = dated_race(5000, 46.0, "2024-05-01T08:00Z")
    labels = [c.label for c in classify_runs([early, late])]
    assert labels == ["race", "race"]


def stats_row(
    vdot: float, day: str, sport: str | None = "running", plausible: bool = True
) -> dict[str, object]:
    return {
        "vdot_best": vdot, "hr_peak_bpm": 180.0, "effort_30min_gap_speed_mps": np.nan,
        "effort_30min_hr_bpm": np.nan, "running_plausible": plausible,
        "local_date": pd.Timestamp(day), "sport": sport,
    }  # fmt: skip


def test_athlete_from_run_stats_keeps_running_rows_only() -> None:
    stats = pd.DataFrame(
        [
            stats_row(48.0, "2024-03-01"),
            stats_row(50.0, "2024-03-05", sport=None),  # unknown sport: a run
            stats_row(70.0, "2024-03-06", sport="cycling"),
            stats_row(65.0, "2024-03-07", plausible=False),
            stats_row(49.0, "2024-03-08", sport="trail_running"),
        ]
    )
    p = athlete_from_run_stats(stats).at("2024-03-10")
    assert p.vdot == 50.0 and p.sources["vdot"].endswith("of 3 runs; a floor if none was raced")
    assert p.hr_threshold is None and p.hr_max == 180.0
    with pytest.raises(ValueError, match="no running activity"):
        athlete_from_run_stats(stats.iloc[2:4])


def test_estimate_athlete_is_athlete_from_run_stats() -> None:
    runs = history()
    stats = pd.DataFrame(
        [{**run_stats_of(a), "local_date": local_date(a), "sport": "running"} for a in runs]
    )
    assert list(stats.columns[: len(RUN_STAT_COLUMNS)]) == list(RUN_STAT_COLUMNS)
    day = "2024-03-10"
    assert estimate_athlete(runs).at(day) == athlete_from_run_stats(stats).at(day)
