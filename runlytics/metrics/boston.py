"""Boston Marathon qualifying standards (B.A.A.), race years 2020 to 2027.

The Boston Athletic Association publishes a marathon time per age group and
division; the age is the athlete's age **on race day**. Standards in this table:

=========  ======  ======  ======  ======  ======  ======  ======  ======  ======  ======  ======
race year  18-34   35-39   40-44   45-49   50-54   55-59   60-64   65-69   70-74   75-79   80+
=========  ======  ======  ======  ======  ======  ======  ======  ======  ======  ======  ======
2020-25 M  3:00    3:05    3:10    3:20    3:25    3:35    3:50    4:05    4:20    4:35    4:50
2026-27 M  2:55    3:00    3:05    3:15    3:20    3:30    3:50    4:05    4:20    4:35    4:50
=========  ======  ======  ======  ======  ======  ======  ======  ======  ======  ======  ======

Women: the men's time + 30 min in every group and year (2020-25: 3:30 ... 5:20;
2026-27: 3:25 ... 5:20). Non-binary athletes (a division since the 2023 race)
have the women's standards; there was no non-binary division for 2020-2022, so
those years raise ``ValueError`` for ``"non-binary"``.

Sources: B.A.A., "Qualify" (https://www.baa.org/races/boston-marathon/qualify);
2020 standards (5 min faster in all groups from the 2020 race, B.A.A. release
of 27 Sep 2018); non-binary division with the women's standards from the 2023
race (B.A.A., 12 Sep 2022); 2026 standards 5 min faster for ages 18-59, 60+
unchanged (B.A.A., 16 Sep 2024; AP, "Boston Marathon lowers qualifying times
for most prospective runners for 2026 race"); 2027: standards unchanged, with a
new net-downhill index on the *qualifying result* (+5 min for 1,500-2,999 ft,
+10 min for 3,000-5,999 ft of net drop; B.A.A., 16 Jun 2025), which applies to
the result and is not part of the standard returned here. A standard only makes
an athlete eligible to apply: the fields fill fastest-first, with a cutoff.
"""

from __future__ import annotations

import math

#: Lower age bound of each age group (the last is "80 and over").
AGE_GROUPS: tuple[int, ...] = (18, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80)
#: Men's standards in minutes, per age group, for the race years 2020-2025.
_MEN_2020_MIN: tuple[int, ...] = (180, 185, 190, 200, 205, 215, 230, 245, 260, 275, 290)
#: From the 2026 race: 5 minutes faster for ages 18-59, unchanged from 60.
_MEN_2026_MIN: tuple[int, ...] = tuple(
    m - 5 if low < 60 else m for low, m in zip(AGE_GROUPS, _MEN_2020_MIN, strict=True)
)
#: Men's standards (minutes) by race year.
MEN_STANDARDS_MIN: dict[int, tuple[int, ...]] = {
    **dict.fromkeys(range(2020, 2026), _MEN_2020_MIN),
    **dict.fromkeys((2026, 2027), _MEN_2026_MIN),
}
#: Women's (and from 2023 non-binary) standards are the men's plus this, in minutes.
WOMEN_OFFSET_MIN = 30
#: First race with a non-binary division.
FIRST_NON_BINARY_YEAR = 2023


def boston_standard(age: float, sex: str, *, race_year: int = 2026) -> float:
    """Boston Marathon qualifying standard in seconds for ``age`` on race day.

    ``sex`` is "male", "female" or "non-binary" (also "m"/"f"/"x"); ``age`` is in
    whole years (a fractional age is floored). ``ValueError`` outside the table:
    age under 18, a race year other than 2020-2027, non-binary before 2023.
    """
    if race_year not in MEN_STANDARDS_MIN:
        years = f"{min(MEN_STANDARDS_MIN)}-{max(MEN_STANDARDS_MIN)}"
        raise ValueError(
            f"Boston standards are known for the race years {years}, not {race_year!r}"
        )
    if not math.isfinite(age) or age < AGE_GROUPS[0]:
        raise ValueError(
            f"Boston qualifying starts at age {AGE_GROUPS[0]} on race day, not {age!r}"
        )
    key = sex.strip().lower()
    division = {"m": "male", "f": "female", "x": "non-binary", "nonbinary": "non-binary"}.get(
        key, key
    )
    if division not in ("male", "female", "non-binary"):
        raise ValueError(f"sex must be 'male', 'female' or 'non-binary', not {sex!r}")
    if division == "non-binary" and race_year < FIRST_NON_BINARY_YEAR:
        raise ValueError(
            f"the Boston Marathon had no non-binary division before {FIRST_NON_BINARY_YEAR} "
            f"(race year {race_year})"
        )
    group = sum(1 for low in AGE_GROUPS if math.floor(age) >= low) - 1
    minutes = MEN_STANDARDS_MIN[race_year][group]
    if division != "male":
        minutes += WOMEN_OFFSET_MIN
    return float(minutes * 60)
