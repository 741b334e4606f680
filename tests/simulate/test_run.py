"""Single simulated runs: schema, truth, physiology and recording artefacts."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import runlytics
import runlytics.simulate as sim
from runlytics.activity import RECORD_COLUMNS, interval_seconds
from runlytics.simulate.course import loop_course
from tests.schema import assert_canonical

RUNNER = sim.Runner("test", "M", age=30, hr_max=190, hr_rest=50, vdot=50.0)
START = pd.Timestamp("2024-03-01 07:00", tz="UTC")
QUIET = sim.Conditions(stops=0, hr_dropouts=0, smart_recording=False)
FLAT = loop_course("flat", 3000.0, np.random.default_rng(0), origin=(46.0, 2.0), relief_m=0)


def run(workout: sim.Workout, seed: int = 1, **kw: object) -> sim.SimulatedRun:
    kw.setdefault("conditions", QUIET)
    return sim.simulate_run(workout, RUNNER, start=START, seed=seed, **kw)  # type: ignore[arg-type]


def window(records: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    return records[(records.index > start) & (records.index <= end)]


def test_activity_has_the_canonical_schema() -> None:
    a = run(sim.easy_run(30)).activity
    assert tuple(a.records.columns) == RECORD_COLUMNS
    assert_canonical(a)
    assert str(a.records.index.tz) == "UTC" and a.records.index.is_monotonic_increasing
    assert (a.session.format, a.session.sport) == ("sim", "running")
    assert a.session.utc_offset == pd.Timedelta(hours=1)
    assert np.all(interval_seconds(a.records)[1:] == 1.0)
    for name in (
        "distance_m",
        "speed_mps",
        "heart_rate_bpm",
        "cadence_spm",
        "altitude_m",
        "latitude_deg",
        "longitude_deg",
        "temperature_c",
    ):
        assert a.records[name].notna().all(), name
    assert a.records["power_w"].isna().all()
    assert a.records["distance_m"].is_monotonic_increasing


def test_same_seed_same_run_other_seed_other_run() -> None:
    w = sim.intervals(5)
    cond = sim.Conditions()
    one, two, other = (run(w, seed, conditions=cond) for seed in (3, 3, 4))
    pd.testing.assert_frame_equal(one.activity.records, two.activity.records)
    pd.testing.assert_frame_equal(one.activity.laps, two.activity.laps)
    assert one.truth == two.truth
    assert not one.activity.records["heart_rate_bpm"].equals(
        other.activity.records["heart_rate_bpm"]
    )


def test_reps_are_in_the_truth_at_their_target_pace() -> None:
    s = run(sim.intervals(5, distance_m=1000, recovery_s=120), course=FLAT)
    truth, rec = s.truth, s.activity.records
    assert truth.label == "intervals" and len(truth.reps) == 5
    for rep in truth.reps:
        seg = window(rec, rep.start, rep.end)
        assert rep.distance_m == pytest.approx(1000, abs=15)
        assert seg["speed_mps"].mean() == pytest.approx(rep.target_speed_mps, rel=0.03)
        core = seg["speed_mps"].iloc[15:]
        assert 0.01 < core.std() / core.mean() < 0.045
    rests = [st for st in truth.steps if st.kind == "recovery"]
    assert all((r.end - r.start).total_seconds() == 120 for r in rests)
    hr_rep = window(rec, truth.reps[2].start, truth.reps[2].end)["heart_rate_bpm"]
    assert hr_rep.iloc[-1] > hr_rep.iloc[0] + 10


def test_strides_are_flagged_and_not_reps() -> None:
    truth = run(sim.easy_run(30, strides=4)).truth
    assert len(truth.strides) == 4 and truth.reps == ()
    assert all(15 <= (s.end - s.start).total_seconds() <= 25 for s in truth.strides)


def test_hill_reps_go_up_and_recoveries_come_down() -> None:
    s = run(sim.hill_reps(6, duration_s=75))
    rec, truth = s.activity.records, s.truth
    assert truth.course_kind == "hill" and all(r.uphill for r in truth.reps)
    for rep in truth.reps:
        seg = window(rec, rep.start, rep.end)["altitude_m"]
        assert seg.iloc[-1] - seg.iloc[0] > 8
    downs = [st for st in truth.steps if st.kind == "recovery"]
    for st in downs:
        seg = window(rec, st.start, st.end)["altitude_m"]
        assert seg.iloc[-1] - seg.iloc[0] < -8


def test_stops_with_the_timer_running_are_zero_speed() -> None:
    s = run(sim.easy_run(50), conditions=sim.Conditions(stops=2, auto_pause=False))
    rec = s.activity.records
    assert len(s.truth.stops) == 2
    for stop in s.truth.stops:
        assert 20 <= (stop.end - stop.start).total_seconds() <= 90 and not stop.paused
        seg = window(rec, stop.start + pd.Timedelta(seconds=4), stop.end)
        assert (seg["speed_mps"] == 0).all() and seg["timer_running"].all()
        assert (seg["cadence_spm"] == 0).all()
    assert rec["timer_running"].all()


def test_paused_stops_drop_samples_and_flag_the_restart() -> None:
    s = run(sim.easy_run(50), conditions=sim.Conditions(stops=2, auto_pause=True))
    rec, a = s.activity.records, s.activity
    paused = rec.index[~rec["timer_running"]]
    assert [p for p in paused] == [st.end for st in s.truth.stops]
    for stop in s.truth.stops:
        assert window(rec, stop.start, stop.end - pd.Timedelta(seconds=1)).empty
    stopped = sum((st.end - st.start).total_seconds() for st in s.truth.stops)
    assert a.session.timer_s == pytest.approx(a.session.elapsed_s - stopped)


def test_smart_recording_spaces_samples_one_to_seven_seconds() -> None:
    s = run(sim.easy_run(40), conditions=sim.Conditions(smart_recording=True, stops=0))
    dt = interval_seconds(s.activity.records)[1:]
    assert dt.min() >= 1 and dt.max() <= 7 and dt.mean() > 2
    assert s.truth.smart_recording


def test_hr_dropouts_are_nan_stretches() -> None:
    s = run(sim.easy_run(40), conditions=sim.Conditions(hr_dropouts=2, stops=0))
    hr = s.activity.records["heart_rate_bpm"]
    assert len(s.truth.hr_dropouts) == 2
    for span in s.truth.hr_dropouts:
        assert (
            window(hr.to_frame(), span.start, span.end - pd.Timedelta(seconds=1))["heart_rate_bpm"]
            .isna()
            .all()
        )
    assert hr.isna().sum() == sum((sp.end - sp.start).total_seconds() for sp in s.truth.hr_dropouts)


@pytest.mark.parametrize("temperature", [8.0, 28.0])
def test_injected_drift_shows_as_decoupling(temperature: float) -> None:
    cond = sim.Conditions(temperature_c=temperature, stops=0, hr_dropouts=0)
    s = run(sim.steady_run(90, effort=0.7), seed=4, course=FLAT, conditions=cond)
    rec = s.activity.records

    def ef(a: int, b: int) -> float:
        seg = rec.iloc[a * 60 : b * 60]
        return seg["speed_mps"].mean() / seg["heart_rate_bpm"].mean()

    decoupling = 100 * (ef(20, 40) / ef(70, 90) - 1)
    assert decoupling == pytest.approx(s.truth.drift_pct_per_h * 50 / 60, abs=0.8)


def test_drift_is_larger_in_heat_and_for_less_fit_runners() -> None:
    hot = run(sim.easy_run(30), conditions=sim.Conditions(temperature_c=30)).truth
    cool = run(sim.easy_run(30), conditions=sim.Conditions(temperature_c=10)).truth
    unfit = sim.simulate_run(
        sim.easy_run(30), sim.Runner("u", "F", 40, 180, 60, vdot=38.0), start=START, seed=1
    ).truth
    assert hot.drift_pct_per_h > cool.drift_pct_per_h
    assert unfit.drift_pct_per_h > cool.drift_pct_per_h


def test_heart_rate_and_cadence_follow_speed() -> None:
    s = run(sim.intervals(5, distance_m=1000), course=FLAT)
    rec, truth = s.activity.records, s.truth
    warm = window(rec, truth.steps[0].start + pd.Timedelta(minutes=5), truth.steps[0].end)
    reps = pd.concat([window(rec, r.start + pd.Timedelta(seconds=60), r.end) for r in truth.reps])
    dv = reps["speed_mps"].mean() - warm["speed_mps"].mean()
    dc = reps["cadence_spm"].mean() - warm["cadence_spm"].mean()
    assert dc == pytest.approx(12.0 * dv, rel=0.25)
    assert reps["heart_rate_bpm"].mean() > warm["heart_rate_bpm"].mean() + 20
    assert rec["heart_rate_bpm"].max() <= RUNNER.hr_max


def test_unstructured_speedwork_wanders_in_the_grey_zone() -> None:
    s = run(sim.unstructured_speedwork(60), course=FLAT)
    truth, rec = s.truth, s.activity.records
    assert truth.label == "unstructured_speedwork" and truth.reps == ()
    assert truth.steps[0].target_speed_mps is None
    minute = rec["speed_mps"].rolling(60).mean().iloc[60::60]
    assert 0.03 < minute.std() / minute.mean() < 0.09
    z1, z2, z3 = truth.dose.minutes
    assert z2 > z1 and z2 > z3


def test_race_runs_at_the_daniels_equivalent() -> None:
    s = run(sim.race(sim.TEN_K, "10k"), course=FLAT)
    race = s.truth.race
    assert race is not None and race.distance_m == sim.TEN_K
    assert race.time_s == pytest.approx(sim.race_time(RUNNER.vdot, sim.TEN_K), rel=0.01)
    assert s.truth.reps == () and s.truth.stops == ()


def test_easy_paces_from_an_old_vdot_are_harder() -> None:
    truth = sim.simulate_run(
        sim.easy_run(30), RUNNER, start=START, seed=1, pace_vdot=56.0, conditions=QUIET
    ).truth
    assert truth.pace_vdot == 56.0 and truth.steps[0].effort > 0.72


def test_laps_follow_steps_for_workouts_and_km_otherwise() -> None:
    workout = run(sim.intervals(3, distance_m=800, strides=2)).activity.laps
    assert list(workout["intensity"]) == ["warmup", *["active", "rest"] * 2, "active", "cooldown"]
    easy = run(sim.easy_run(45)).activity
    assert len(easy.laps) == int(easy.session.distance_m // 1000) + 1
    np.testing.assert_allclose(easy.laps["distance_m"].iloc[:-1], 1000.0, atol=5.0)
    assert easy.laps["trigger"].iloc[-1] == "session_end"


def test_gps_stays_near_the_course() -> None:
    s = run(sim.easy_run(30), course=FLAT)
    rec = s.activity.records
    north = (rec["latitude_deg"] - 46.0) * 111_320
    assert north.max() - north.min() < np.ptp(FLAT.y) + 30


def test_truth_round_trips_through_json() -> None:
    truth = run(sim.fartlek(), conditions=sim.Conditions(stops=1, hr_dropouts=1)).truth
    assert sim.RunTruth.from_json(truth.to_json()) == truth


@pytest.mark.parametrize("fmt", ["fit", "tcx", "csv"])
def test_simulated_files_go_back_in_through_the_readers(fmt: str, tmp_path: Path) -> None:
    cond = sim.Conditions(stops=2, auto_pause=True, smart_recording=True, hr_dropouts=1)
    a = run(sim.intervals(4), seed=2, conditions=cond).activity
    path = tmp_path / f"sim.{fmt}"
    getattr(runlytics, f"write_{fmt}")(a, path)
    b = runlytics.read_activity(path)
    assert len(b.records) == len(a.records)
    np.testing.assert_array_equal(b.records["timer_running"], a.records["timer_running"])
    assert b.records["heart_rate_bpm"].isna().sum() == a.records["heart_rate_bpm"].isna().sum()
    np.testing.assert_allclose(b.records["distance_m"], a.records["distance_m"], atol=0.01)
    assert b.session.timer_s == pytest.approx(a.session.timer_s)
    assert len(b.laps) == len(a.laps)


FACTORIES = [
    lambda: sim.easy_run(35, strides=4),
    lambda: sim.long_run(18, marathon_finish_km=5),
    lambda: sim.tempo_run(20),
    lambda: sim.intervals(6, distance_m=400, recovery_effort=0.0, recovery_s=90),
    lambda: sim.intervals(4, duration_s=180),
    lambda: sim.hill_reps(5),
    lambda: sim.progression_run(40),
    lambda: sim.fartlek(),
    lambda: sim.race(sim.FIVE_K, "5k", warmup_min=10),
    lambda: sim.unstructured_speedwork(45),
]


@pytest.mark.parametrize("seed", range(20))
def test_random_runs_keep_their_invariants(seed: int) -> None:
    rng = np.random.default_rng(seed)
    runner = sim.Runner(
        "r",
        "F" if seed % 2 else "M",
        age=40,
        hr_max=float(rng.uniform(170, 200)),
        hr_rest=float(rng.uniform(40, 65)),
        vdot=float(rng.uniform(30, 75)),
        auto_pause=bool(seed % 3 == 0),
        smart_recording=0.5,
        stops_per_hour=2.0,
    )
    s = sim.simulate_run(FACTORIES[seed % len(FACTORIES)](), runner, start=START, seed=seed)
    rec, truth = s.activity.records, s.truth
    assert rec.index.is_unique and rec.index.is_monotonic_increasing
    assert rec.index[0] == truth.start and rec.index[-1] == truth.end
    assert rec.drop(columns=["heart_rate_bpm", "power_w"]).notna().all().all()
    assert (rec["speed_mps"] >= 0).all() and rec["distance_m"].is_monotonic_increasing
    hr = rec["heart_rate_bpm"].dropna()
    assert hr.between(runner.hr_rest - 5, runner.hr_max).all()
    assert all(truth.start <= st.start < st.end <= truth.end for st in truth.steps)
    assert len(s.activity.laps) == rec["lap"].nunique()
