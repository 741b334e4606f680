"""Boston Marathon qualifying standards, race years 2020-2027."""

from __future__ import annotations

import pytest

from runlytics.metrics.boston import boston_standard


def hm(h: int, m: int) -> float:
    return float(3600 * h + 60 * m)


# B.A.A. standards for the 2020 race, as published
# (e.g. http://boundforboston.com/qualifyingstandards.htm):
MEN_2020 = [
    (18, hm(3, 0)),
    (34, hm(3, 0)),
    (35, hm(3, 5)),
    (40, hm(3, 10)),
    (45, hm(3, 20)),
    (50, hm(3, 25)),
    (55, hm(3, 35)),
    (60, hm(3, 50)),
    (65, hm(4, 5)),
    (70, hm(4, 20)),
    (75, hm(4, 35)),
    (80, hm(4, 50)),
    (95, hm(4, 50)),
]


@pytest.mark.parametrize(("age", "standard"), MEN_2020)
def test_2020_to_2025_men_and_women(age: int, standard: float) -> None:
    for year in range(2020, 2026):
        assert boston_standard(age, "male", race_year=year) == standard
        assert boston_standard(age, "female", race_year=year) == standard + 1800


def test_2026_tightened_by_five_minutes_for_18_to_59_only() -> None:
    # AP, 17 Sep 2024: men 18-34 2:55 for 2026, women and non-binary 3:25; 80+ still
    # 4:50 and 5:20.
    assert boston_standard(30, "male") == hm(2, 55)
    assert boston_standard(30, "female") == hm(3, 25)
    assert boston_standard(30, "non-binary") == hm(3, 25)
    assert boston_standard(82, "male") == hm(4, 50)
    assert boston_standard(82, "female") == hm(5, 20)
    for age, old in MEN_2020:
        new = boston_standard(age, "male", race_year=2026)
        assert new == (old - 300 if age < 60 else old)
        assert boston_standard(age, "male", race_year=2027) == new


def test_age_group_edges_and_aliases() -> None:
    assert boston_standard(59, "m", race_year=2026) == hm(3, 30)
    assert boston_standard(60, "m", race_year=2026) == hm(3, 50)
    assert boston_standard(39.9, "F", race_year=2024) == hm(3, 35)  # whole years on race day
    assert boston_standard(44, "x", race_year=2023) == hm(3, 40)


@pytest.mark.parametrize(
    ("age", "sex", "year", "message"),
    [
        (17, "male", 2026, "age 18"),
        (30, "male", 2019, "race years 2020-2027"),
        (30, "male", 2028, "race years 2020-2027"),
        (30, "non-binary", 2022, "no non-binary division"),
        (30, "other", 2026, "sex must be"),
    ],
)
def test_outside_the_table(age: int, sex: str, year: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        boston_standard(age, sex, race_year=year)
