"""The three sample stories come out of the simulator as told (seed 0)."""

from __future__ import annotations

import pandas as pd
import pytest

import runlytics.simulate as sim

BOSTON_STANDARD_S = 3 * 3600 + 15 * 60  # M45-49 standard this scenario aims at


@pytest.fixture(scope="module")
def histories() -> dict[str, sim.History]:
    return {name: scenario().simulate(0) for name, scenario in sim.SCENARIOS.items()}


def phase(h: sim.History, name: str) -> pd.DataFrame:
    return h.fitness[h.fitness["phase"] == name]


def test_scenarios_are_short_readable_plans() -> None:
    for name, make in sim.SCENARIOS.items():
        s = make()
        assert s.name == name and s.story and s.runner.goal
        assert s.plan.start.weekday() == 0


def test_boston_is_flat_on_more_miles_and_qualifies_after_a_structured_block(
    histories: dict[str, sim.History],
) -> None:
    h = histories["boston"]
    races = h.race_results
    assert len(races) == 3 and (races["distance_m"] == sim.MARATHON).all()
    first, second, final = races["time_s"]
    assert BOSTON_STANDARD_S < first < BOSTON_STANDARD_S + 10 * 60
    assert BOSTON_STANDARD_S < second < BOSTON_STANDARD_S + 10 * 60
    assert final < BOSTON_STANDARD_S
    miles = phase(h, "more miles")
    weekly = miles["minutes"].resample("W").sum()
    assert weekly.iloc[-4:-1].mean() > 1.15 * weekly.iloc[1:4].mean()  # keeps adding miles
    assert miles["vdot"].iloc[7:-7].max() - miles["vdot"].iloc[7:-7].min() < 1.0  # flat
    block = phase(h, "structured block")
    assert block["minutes"].sum() / len(block) < 0.8 * miles["minutes"].sum() / len(miles)
    assert races["vdot_fitness"].iloc[2] > races["vdot_fitness"].iloc[1] + 1.5
    hardish = [r.truth for r in h.runs if r.truth.label == "unstructured_speedwork"]
    assert len(hardish) > 40 and all(t.reps == () for t in hardish)


def test_ivan_races_well_loses_fitness_to_covid_and_stalls(
    histories: dict[str, sim.History],
) -> None:
    h = histories["ivan"]
    races = h.race_results
    half_before, _, half_after = races["time_s"]
    assert half_before < 90 * 60 < half_after
    (covid,) = h.layoffs
    assert covid.reason == "covid" and (covid.end - covid.start).days == 35
    f = h.fitness["vdot"]
    before = f[: pd.Timestamp(covid.start)].iloc[-1]
    low = f[: pd.Timestamp(covid.end)].iloc[-1]
    assert low < 0.92 * before
    after = f[pd.Timestamp(covid.end) :]
    assert after.max() < before - 1.0  # never gets back
    back = phase(h, "return")
    assert (
        back["minutes"].iloc[:14].sum()
        > 1.2 * phase(h, "after the race")["minutes"].iloc[-14:].sum()
    )
    easy = [r.truth for r in h.runs if r.truth.label == "easy"]
    returned = [t for t in easy if t.start > pd.Timestamp(covid.end, tz="UTC")]
    assert sum(t.steps[0].effort > 0.75 for t in returned[:20]) >= 15  # easy runs too fast


def test_control_progresses_steadily(histories: dict[str, sim.History]) -> None:
    h = histories["control"]
    quarterly = h.fitness["vdot"].resample("QS").mean()
    assert (quarterly.diff().iloc[1:] > 0).all()
    races = h.race_results
    assert races["vdot"].iloc[-1] > races["vdot"].iloc[0] + 1.5
    assert h.layoffs == ()
    labels = {r.truth.label for r in h.runs}
    assert {"intervals", "tempo", "long", "easy", "recovery", "race"} <= labels
