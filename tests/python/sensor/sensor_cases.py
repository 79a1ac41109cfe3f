"""The input of the one job run the sensor tests share: hand-made cases, then seeded random readings."""

import json
import random
from datetime import datetime, timezone
from typing import List

WINDOW, SLIDE, DELAY = 300, 60, 10  # seconds, as job.json's defaults
T0 = int(datetime(2025, 6, 30, 23, 55, tzinfo=timezone.utc).timestamp() * 1000)


def reading(device_id, region, millis, temperature, humidity) -> str:
    return json.dumps({"device_id": device_id, "region": region, "event_time": millis, "temperature": temperature, "humidity": humidity})


def at(seconds: float) -> int:
    return T0 + int(seconds * 1000)


FAR_AHEAD = at(86_400)  # a day ahead of every valid reading: must not move event time
YEAR_2200 = int(datetime(2200, 1, 1, tzinfo=timezone.utc).timestamp() * 1000)

# (line, the reason it must be rejected with)
MALFORMED = [
    ("not json", "malformed_json"),
    ("[1, 2]", "malformed_json"),
    ('{"device_id": "d-eu-1", "region": "eu", "event_time": %d, "temperature": NaN, "humidity": 40}' % at(1), "malformed_json"),
    (json.dumps({"region": "eu", "event_time": at(1), "temperature": 20, "humidity": 40}), "invalid_device_id"),
    (reading(123, "eu", at(1), 20, 40), "invalid_device_id"),
    (reading("", "eu", at(1), 20, 40), "invalid_device_id"),
    (reading("a/b", "eu", at(1), 20, 40), "invalid_device_id"),
    (reading("x" * 65, "eu", at(1), 20, 40), "invalid_device_id"),
    (reading("d-eu-1\n", "eu", at(1), 20, 40), "invalid_device_id"),
    (reading("d-eu-1", "EU", at(1), 20, 40), "invalid_region"),
    (reading("d-eu-1", ["eu"], at(1), 20, 40), "invalid_region"),
    (json.dumps({"device_id": "d-eu-1", "event_time": at(1), "temperature": 20, "humidity": 40}), "invalid_region"),
    (reading("d-eu-1", "eu", "2025-06-30T23:55:01Z", 20, 40), "invalid_event_time"),
    (reading("d-eu-1", "eu", at(1) // 1000, 20, 40), "invalid_event_time"),  # seconds, not milliseconds
    (reading("d-eu-1", "eu", 1_500_000_000_000, 20, 40), "invalid_event_time"),  # 2017: before the dt projection
    (reading("d-eu-1", "eu", at(1) + 0.5, 20, 40), "invalid_event_time"),
    (json.dumps({"device_id": "d-eu-1", "region": "eu", "temperature": 20, "humidity": 40}), "invalid_event_time"),
    (reading("d-eu-1", "eu", at(1), "21.5", 40), "invalid_temperature"),
    (reading("d-eu-1", "eu", at(1), 60.5, 40), "invalid_temperature"),
    (reading("d-eu-1", "eu", at(1), True, 40), "invalid_temperature"),
    (reading("d-eu-1", "eu", at(1), None, 40), "invalid_temperature"),
    ('{"device_id": "d-eu-1", "region": "eu", "event_time": %d, "temperature": 1e400, "humidity": 40}' % at(1), "invalid_temperature"),
    (reading("d-eu-1", "eu", FAR_AHEAD, 999, 40), "invalid_temperature"),
    (reading("d-eu-1", "eu", at(1), 20, -1), "invalid_humidity"),
    (reading("d-eu-1", "eu", at(1), 20, 100.5), "invalid_humidity"),
    (json.dumps({"device_id": "d-eu-1", "region": "eu", "event_time": at(1), "temperature": 20}), "invalid_humidity"),
    (reading("d-eu-1", "eu", YEAR_2200, 20, 40), "future_event_time"),
]

# In arrival order. The watermark trails the newest valid reading by DELAY.
HAND_MADE = [
    reading("d-eu-1", "eu", at(0), 20.0, 40.0),
    reading("d-us-1", "us", at(5), 25.0, 50.0),
    reading("d-eu-2", "eu", at(30), 18, 60),  # integers are numbers too
    reading("mover", "eu", at(40), 22.0, 45.0),
    reading("d-eu-1", "eu", at(70), 21.0, 41.0),
    reading("d-eu-1", "eu", at(65), 20.5, 41.5),  # out of order, within the delay: kept everywhere
    reading("mover", "us", at(100), 23.0, 44.0),  # the same device in another region: rows of its own
    reading("edge-cases" + "x" * 54, "ap", at(120), -90, 0),  # 64 characters, the bounds of both ranges
    '{"device_id": "d\\u002dap\\u002d1", "region": "ap", "event_time": %d, "temperature": 60, "humidity": 100}' % at(150),
    reading("d-ap-1", "ap", at(200), 30.0, 70.0),
    reading("d-eu-1", "eu", at(310), 19.0, 42.0),  # 2025-07-01 00:00:10: windows of both days
    reading("d-us-1", "us", at(380), 26.0, 52.0),  # watermark +370 s: the window ending at +360 s has fired
    reading("late-probe", "eu", at(330), 10.0, 10.0),  # late for [+60, +360) only: kept in the 4 open windows
    reading("late-probe", "eu", at(50), 11.0, 11.0),  # late for all 5 of its windows: in none
    reading("d-eu-2", "eu", at(400), 17.5, 61.0),
]
# The hand-made windows that a late reading must (and must not) be in.
LATE_PROBE_WINDOW_STARTS = [at(120), at(180), at(240), at(300)]

RANDOM_DEVICES = [("r-eu-1", "eu"), ("r-eu-2", "eu"), ("r-us-1", "us"), ("r-us-2", "us"), ("r-ap-1", "ap"), ("r-ap-2", "ap")]


def random_lines(seed: int, minutes: int) -> List[str]:
    """Six devices over `minutes`, a reading every 4-10 s each, shuffled by less than the delay, 2 % garbage."""
    rng = random.Random(seed)
    start = at(3600)
    events = []
    for device_id, region in RANDOM_DEVICES:
        t, temperature, humidity = start + rng.randrange(0, 5000), rng.uniform(-10, 35), rng.uniform(20, 90)
        while t < start + minutes * 60_000:
            temperature = min(60.0, max(-90.0, temperature + rng.gauss(0, 0.5)))
            humidity = min(100.0, max(0.0, humidity + rng.gauss(0, 1)))
            events.append((t + rng.uniform(0, 8000), reading(device_id, region, t, round(temperature, 3), round(humidity, 2))))
            t += rng.randrange(4000, 10_000)
    lines = [line for _, line in sorted(events)]
    garbage = [line for line, _ in MALFORMED]
    for i in range(len(lines) // 50):
        lines.insert(rng.randrange(len(lines)), rng.choice(garbage))
    return lines


def all_lines() -> List[str]:
    mixed = []
    for i, line in enumerate(HAND_MADE):
        mixed.append(line)
        mixed.extend(m for m, _ in MALFORMED[i :: len(HAND_MADE)])
    return mixed + random_lines(seed=7, minutes=20)
