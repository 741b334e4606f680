"""detect_layoffs: breaks in running, on synthetic frames and on the samples' truth."""

from __future__ import annotations

import pandas as pd
import pytest

from runlytics.errors import MissingDataError
from runlytics.history.layoffs import detect_layoffs
from tests.history.frames import activities, every_day
from tests.history.samples import SampleHistory, truth, truth_daily


def test_a_break_is_found_with_its_first_day_off_and_the_day_running_resumed() -> None:
    days = every_day("2024-01-01", "2024-04-30", skip=[("2024-02-10", "2024-02-21")])
    found = detect_layoffs(activities(days))
    assert len(found) == 1
    row = found.iloc[0]
    assert row["start"] == pd.Timestamp("2024-02-10")
    assert row["end"] == pd.Timestamp("2024-02-22")
    assert row["days"] == 12
    assert row["ctl_at_return"] < row["ctl_before"]
    assert row["weekly_m_before"] == pytest.approx(70000.0)
    assert row["weeks_to_volume"] == 1.0  # every day again from the return


def test_min_days_is_inclusive() -> None:
    days = every_day("2024-01-01", "2024-03-31", skip=[("2024-02-01", "2024-02-10")])
    assert len(detect_layoffs(activities(days), min_days=10)) == 1
    assert len(detect_layoffs(activities(days), min_days=11)) == 0


def test_other_sports_do_not_end_a_break() -> None:
    days = every_day("2024-01-01", "2024-03-31")
    bike = pd.date_range("2024-02-01", "2024-02-14")
    sport = ["cycling" if d in bike else "running" for d in days]
    found = detect_layoffs(activities(days, sport=sport))
    assert found[["start", "days"]].values.tolist() == [[pd.Timestamp("2024-02-01"), 14]]


def test_a_slow_return_counts_weeks_and_a_fast_one_shows_in_the_acwr() -> None:
    before = every_day("2024-01-01", "2024-02-29")
    after = every_day("2024-03-15", "2024-05-31")
    distance = [10000.0] * len(before) + [
        3000.0 if d < pd.Timestamp("2024-04-05") else 10000.0 for d in after
    ]
    slow = detect_layoffs(activities(before + after, distance_m=distance)).iloc[0]
    assert slow["weeks_to_volume"] == 4.0  # 3 weeks at 30 %, then the old volume
    fast = detect_layoffs(activities(before + after, trimp=60.0)).iloc[0]
    assert fast["acwr_peak"] > 1.3  # chronic load decayed over 14 days; 1.0 before
    assert {e.name for e in fast["evidence"]} >= {"days", "acwr_peak", "weeks_to_volume"}


def test_no_break_and_bad_input() -> None:
    assert detect_layoffs(activities(every_day("2024-01-01", "2024-02-01"))).empty
    with pytest.raises(MissingDataError, match="distance_m"):
        detect_layoffs(activities(["2024-01-01"]).drop(columns="distance_m"))
    with pytest.raises(ValueError, match="min_days"):
        detect_layoffs(activities(["2024-01-01"]), min_days=0)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["ivan", "boston", "control"])
def test_samples_layoffs_match_the_truth(name: str, request: pytest.FixtureRequest) -> None:
    """Every true layoff found within 1 day at both ends, with the VDOT the week before and 4
    weeks after within 1.0 of the truth (ivan: 51.6 and 47.6 against 51.7 and 47.2); no other
    break of 10+ days."""
    history: SampleHistory = request.getfixturevalue(name)
    found = detect_layoffs(history)
    expected = truth(name)["layoffs"]
    assert len(found) == len(expected)
    for row, true in zip(found.itertuples(), expected, strict=True):
        assert abs((row.start - pd.Timestamp(true["start"])).days) <= 1
        assert abs((row.end - pd.Timestamp(true["end"])).days) <= 1
        vdot = truth_daily(name, "vdot")
        assert row.vdot_before == pytest.approx(vdot[row.start - pd.Timedelta(days=7)], abs=1.0)
        assert row.vdot_after == pytest.approx(vdot[row.end + pd.Timedelta(weeks=4)], abs=1.0)
