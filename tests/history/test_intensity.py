"""intensity_distribution and the polarization index: worked examples, frames, samples' truth."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest

import runlytics as rl
from runlytics.errors import MissingDataError
from runlytics.history.intensity import intensity_distribution, polarization_index
from runlytics.metrics.vdot import speed_at_vo2
from tests.history.frames import activities
from tests.history.samples import SampleHistory, truth_daily

ATHLETE = rl.Athlete(sex="female", hr_max=190, hr_rest=50, vdot=50.0)


def test_polarization_index_worked_examples() -> None:
    # Treff et al. 2019: PI = log10(Z1/Z2 x Z3 x 100) on shares; > 2 polarized.
    assert polarization_index(0.80, 0.05, 0.15) == pytest.approx(np.log10(240.0))  # 2.38
    assert polarization_index(0.60, 0.30, 0.10) == pytest.approx(np.log10(20.0))  # 1.30
    assert polarization_index(0.85, 0.0, 0.15) == pytest.approx(np.log10(0.85 / 0.01 * 15))
    assert polarization_index(0.9, 0.1, 0.0) == 0.0


def test_heart_rate_zones_map_five_to_three_per_week() -> None:
    frame = activities(
        ["2024-01-01", "2024-01-03", "2024-01-08"],
        time_in_zone_1_s=[600.0, 0.0, 100.0],
        time_in_zone_2_s=[1800.0, 600.0, 0.0],
        time_in_zone_3_s=[0.0, 300.0, 0.0],
        time_in_zone_4_s=[0.0, 600.0, 0.0],
        time_in_zone_5_s=[0.0, 300.0, 0.0],
    )
    got = intensity_distribution(frame, by="hr")
    week = got.loc["2024-01-01"]
    assert week[["z1_s", "z2_s", "z3_s"]].tolist() == [3000.0, 300.0, 900.0]
    assert week["z1"] == pytest.approx(3000 / 4200)
    assert week["pi"] == pytest.approx(np.log10(3000 / 300 * 900 / 4200 * 100))
    assert bool(week["polarized"])
    assert got.loc["2024-01-08", "z1"] == 1.0
    with pytest.raises(MissingDataError, match="time_in_zone_1_s"):
        intensity_distribution(activities(["2024-01-01"]), by="hr")


def test_pace_zones_from_the_average_speed_of_each_run() -> None:
    fractions = [0.65, 0.80, 0.95]
    speed = speed_at_vo2(np.asarray(fractions) * 50.0)
    frame = activities(
        ["2024-01-01", "2024-01-02", "2024-01-03"], distance_m=speed * 1000, moving_s=1000.0
    )
    got = intensity_distribution(frame, by="pace", athlete=ATHLETE).iloc[0]
    assert got[["z1_s", "z2_s", "z3_s"]].tolist() == [1000.0, 1000.0, 1000.0]


@dataclass(frozen=True)
class _Records:
    records: pd.DataFrame


@dataclass(frozen=True)
class _Run:
    prepared: _Records


@dataclass(frozen=True)
class WithRecords:
    """A History-like object whose runs have records: an interval session, per second."""

    activities: pd.DataFrame

    def run(self, activity_id: int) -> _Run:
        easy, hard = speed_at_vo2(np.array([0.65, 0.95]) * 50.0)
        v = np.r_[np.full(600, easy), np.full(300, hard), np.full(100, easy)]
        return _Run(_Records(pd.DataFrame({"gap_speed_mps": v, "moving": True})))


def test_pace_zones_per_second_when_records_are_there() -> None:
    frame = activities(["2024-01-01"], distance_m=3300.0, moving_s=1000.0)
    got = intensity_distribution(WithRecords(frame), by="pace", athlete=ATHLETE).iloc[0]
    # the speed is smoothed over 30 s first: the two changes of pace smear over a few seconds
    assert got[["z1_s", "z2_s", "z3_s"]].tolist() == pytest.approx([700.0, 0.0, 300.0], abs=30)
    assert bool(got["polarized"])  # about 70/2/28: PI about log10(35 x 28) = 3.0


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="by"):
        intensity_distribution(activities(["2024-01-01"]), by="power")  # type: ignore[arg-type]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["ivan", "boston", "control"])
def test_samples_pace_zones_match_the_truth(name: str, request: pytest.FixtureRequest) -> None:
    """Whole-history shares of time by pace within 0.04 of the simulator's zones (its edges are
    0.75/0.85 of the true VDOT, the defaults; measured within 0.03); weekly shares within 0.1
    on average (measured 0.01-0.08)."""
    history: SampleHistory = request.getfixturevalue(name)
    got = intensity_distribution(history, by="pace")
    true = pd.DataFrame({z: truth_daily(name, f"{z}_min") * 60 for z in ("z1", "z2", "z3")})
    weekly = true.groupby(true.index - pd.to_timedelta(true.index.day_of_week, unit="D")).sum()
    both = got.join(weekly.add_suffix("_true"), how="inner").dropna(subset=["z1"])
    total = both[["z1_s", "z2_s", "z3_s"]].to_numpy().sum()
    total_true = both[["z1_true", "z2_true", "z3_true"]].to_numpy().sum()
    for z in ("z1", "z2", "z3"):
        assert both[f"{z}_s"].sum() / total == pytest.approx(
            both[f"{z}_true"].sum() / total_true, abs=0.04
        )
        share_true = both[f"{z}_true"] / both[["z1_true", "z2_true", "z3_true"]].sum(axis=1)
        assert (both[z] - share_true).abs().mean() < 0.1


@pytest.mark.slow
def test_control_trains_polarized_and_boston_in_the_grey_zone(
    control: SampleHistory, boston: SampleHistory
) -> None:
    def overall(history: SampleHistory) -> float:
        d = intensity_distribution(history, by="pace", period="month")
        z = d[["z1_s", "z2_s", "z3_s"]].sum() / d[["z1_s", "z2_s", "z3_s"]].to_numpy().sum()
        return float(polarization_index(*z.to_numpy()))

    assert overall(control) > 2.0
    assert overall(boston) < 2.0


@pytest.mark.slow
def test_samples_heart_rate_zones_tell_control_from_boston(
    control: SampleHistory, boston: SampleHistory
) -> None:
    """By heart rate (measured: control 72/14/14 %, boston 29/48/23 %)."""

    def z1(history: SampleHistory) -> float:
        d = intensity_distribution(history, by="hr")
        return float(d["z1_s"].sum() / d[["z1_s", "z2_s", "z3_s"]].to_numpy().sum())

    assert z1(control) > 0.6
    assert z1(boston) < 0.4


def test_blocks_follow_the_phases_given() -> None:
    days = pd.date_range("2024-01-01", "2024-01-28")
    frame = activities(
        list(days),
        time_in_zone_1_s=[600.0] * 14 + [100.0] * 14,
        time_in_zone_2_s=0.0,
        time_in_zone_3_s=0.0,
        time_in_zone_4_s=[0.0] * 14 + [500.0] * 14,
        time_in_zone_5_s=0.0,
    )
    phases = pd.DataFrame(
        {"phase": ["base", "base", "build", "build"]},
        index=pd.DatetimeIndex(pd.date_range("2024-01-01", periods=4, freq="7D"), name="week"),
    )
    got = intensity_distribution(frame, by="hr", period="block", phases=phases)
    assert got["phase"].tolist() == ["base", "build"]
    assert got["end"].tolist() == [pd.Timestamp("2024-01-14"), pd.Timestamp("2024-01-28")]
    assert got["z1"].tolist() == [1.0, pytest.approx(1 / 6)]
    assert got["runs"].tolist() == [14, 14]


@pytest.mark.slow
def test_boston_blocks_show_the_grey_zone_then_the_structured_block(boston: SampleHistory) -> None:
    """By pace: the mileage blocks hold 40-60 % grey zone, the structured block 15 %."""
    blocks = intensity_distribution(boston, by="pace", period="block")
    build = blocks[blocks["phase"] == "build"]
    before = build[build.index < "2025-06-01"]
    after = build[build.index >= "2025-06-16"]
    assert (before["z2"] > 0.35).all()
    assert (after["z2"] < 0.25).all()
