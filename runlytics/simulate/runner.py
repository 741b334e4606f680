"""The simulated runner: a profile plus the fitness (VDOT) of the day."""

from __future__ import annotations

from dataclasses import dataclass

from runlytics.simulate.physiology import Sex


@dataclass(frozen=True)
class Runner:
    """A simulated runner.

    ``vdot`` is the fitness on the day (Daniels' effective VO2max, ml/kg/min);
    a history replaces it day by day. ``vdot_ceiling`` is what full adaptation
    would reach (talent, age). ``cadence_ref_spm`` is the cadence at 12 km/h.
    ``home`` (lat, lon) anchors invented courses; ``utc_offset_h`` is local time
    minus UTC. ``auto_pause`` is whether the watch pauses at stops;
    ``smart_recording`` the share of runs recorded with 1-7 s sampling;
    ``stops_per_hour`` the rate of traffic-light stops on easy running;
    ``climate_c`` the annual mean and seasonal amplitude of air temperature.
    """

    name: str
    sex: Sex
    age: int
    hr_max: float
    hr_rest: float
    vdot: float
    vdot_ceiling: float = 60.0
    cadence_ref_spm: float = 168.0
    home: tuple[float, float] = (46.2, 2.2)
    utc_offset_h: float = 1.0
    auto_pause: bool = False
    smart_recording: float = 0.0
    stops_per_hour: float = 0.8
    climate_c: tuple[float, float] = (11.0, 8.0)
    goal: str = ""

    def __post_init__(self) -> None:
        if not self.hr_rest < self.hr_max:
            raise ValueError("hr_rest must be below hr_max")
        if not 20.0 <= self.vdot <= 90.0:
            raise ValueError(f"implausible VDOT {self.vdot}")
