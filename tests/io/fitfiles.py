"""Small FIT files for tests, written with the Garmin FIT SDK's encoder."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise

from garmin_fit_sdk import Encoder, Profile

MESG = Profile["mesg_num"]
START = datetime(2024, 5, 4, 7, 30, tzinfo=UTC)


def encode(messages: list[dict]) -> bytes:
    """Encode messages (each with a ``mesg_num``) into one FIT file."""
    encoder = Encoder()
    for message in messages:
        encoder.write_mesg(message)
    return encoder.close()


def run_messages(
    *,
    seconds: int = 600,
    sport: str = "running",
    pause: tuple[int, int] | None = None,
    lap_every_s: int | None = None,
    start: datetime = START,
    speed: float = 3.0,
    cadence: int = 85,
    fractional: float = 0.5,
    local_offset_s: int | None = 7200,
) -> list[dict]:
    """A 1 Hz run as a watch writes it: file_id, timer events, records, laps, session.

    ``pause`` = (stop, start) seconds after the start: no records between them.
    """
    t = [start + timedelta(seconds=i) for i in range(seconds + 1)]
    if pause:
        t = [x for i, x in enumerate(t) if not pause[0] < i < pause[1]]
    moving = [i for i in range(seconds + 1) if not (pause and pause[0] < i < pause[1])]
    out: list[dict] = [
        {
            "mesg_num": MESG["FILE_ID"],
            "type": "activity",
            "manufacturer": "garmin",
            "product": 2691,
            "time_created": start,
            "serial_number": 1,
        },
        {"mesg_num": MESG["EVENT"], "timestamp": start, "event": "timer", "event_type": "start"},
    ]
    distance = 0.0
    for k, (i, ts) in enumerate(zip(moving, t, strict=True)):
        if k:
            distance += speed * (0 if pause and i == pause[1] else 1)
        if pause and i == pause[1]:
            out.append(
                {
                    "mesg_num": MESG["EVENT"],
                    "timestamp": ts,
                    "event": "timer",
                    "event_type": "start",
                }
            )
        out.append(
            {
                "mesg_num": MESG["RECORD"],
                "timestamp": ts,
                "distance": distance,
                "enhanced_speed": speed,
                "heart_rate": 140 + i % 5,
                "cadence": cadence,
                "fractional_cadence": fractional,
                "position_lat": 500_000_000 + i * 100,
                "position_long": 100_000_000,
                "enhanced_altitude": 100.0 + (i % 10),
                "temperature": 18,
            }
        )
        if pause and i == pause[0]:
            out.append(
                {
                    "mesg_num": MESG["EVENT"],
                    "timestamp": ts,
                    "event": "timer",
                    "event_type": "stop_all",
                }
            )
    end = t[-1]
    out.append(
        {"mesg_num": MESG["EVENT"], "timestamp": end, "event": "timer", "event_type": "stop_all"}
    )
    timer = seconds - (pause[1] - pause[0] if pause else 0)
    bounds = [*range(0, seconds, lap_every_s), seconds] if lap_every_s else [0, seconds]
    for a, b in pairwise(bounds):
        out.append(
            {
                "mesg_num": MESG["LAP"],
                "timestamp": start + timedelta(seconds=b),
                "start_time": start + timedelta(seconds=a),
                "total_elapsed_time": float(b - a),
                "total_timer_time": float(b - a),
                "total_distance": speed * (b - a),
                "lap_trigger": "time" if lap_every_s else "session_end",
                "intensity": "active",
                "avg_heart_rate": 142,
                "max_heart_rate": 144,
            }
        )
    out.append(
        {
            "mesg_num": MESG["SESSION"],
            "timestamp": end,
            "start_time": start,
            "sport": sport,
            "sub_sport": "generic",
            "total_elapsed_time": float(seconds),
            "total_timer_time": float(timer),
            "total_distance": distance,
        }
    )
    activity = {
        "mesg_num": MESG["ACTIVITY"],
        "timestamp": end,
        "num_sessions": 1,
        "total_timer_time": float(timer),
    }
    if local_offset_s is not None:
        activity["local_timestamp"] = int(end.timestamp()) - 631065600 + local_offset_s
    out.append(activity)
    return out
