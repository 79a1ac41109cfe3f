"""An independent model of what the sensor-averages job must output, in plain Python.

It shares nothing with examples/sensor-averages/main.py: it decodes each line with
the json module, checks the fields with Python's own types, enumerates the hopping
windows of a reading by integer arithmetic, and tracks the watermark the way
Flink's SQL watermark assigner and window operator do (watermark = newest valid
event time - delay, emitted after every record in the tests; a window [s, e) fires
once the watermark reaches e - 1 ms; a reading is left out of every window that
has fired, and kept in those still open). At the end of the input every window fires.
"""

import json
import math
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Dict, Iterable, List, Optional, Tuple

# The rules as the job's documentation states them (README of examples/sensor-averages).
REGIONS = ("eu", "us", "ap")
EARLIEST_MILLIS = int(datetime(2020, 1, 1, tzinfo=timezone.utc).timestamp() * 1000)
MAX_AHEAD_MILLIS = 600_000
DEVICE_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}", re.ASCII)


@dataclass(frozen=True)
class Reading:
    device_id: str
    region: str
    millis: int
    temperature: float
    humidity: float


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _no_constants(name: str):
    raise ValueError(f"{name} is not JSON")


def classify(line: str, now_millis: int) -> Tuple[Optional[Reading], Optional[str]]:
    """(reading, None) for a valid line, (None, reason) for a rejected one."""
    try:
        record = json.loads(line, parse_constant=_no_constants)
    except ValueError:
        return None, "malformed_json"
    if not isinstance(record, dict):
        return None, "malformed_json"
    device_id, region, millis = record.get("device_id"), record.get("region"), record.get("event_time")
    temperature, humidity = record.get("temperature"), record.get("humidity")
    if not isinstance(device_id, str) or not DEVICE_ID.fullmatch(device_id):
        return None, "invalid_device_id"
    if not isinstance(region, str) or region not in REGIONS:
        return None, "invalid_region"
    if not isinstance(millis, int) or isinstance(millis, bool) or not EARLIEST_MILLIS <= millis < 10**15:
        return None, "invalid_event_time"
    if not _is_number(temperature) or not -90 <= temperature <= 60:
        return None, "invalid_temperature"
    if not _is_number(humidity) or not 0 <= humidity <= 100:
        return None, "invalid_humidity"
    if millis > now_millis + MAX_AHEAD_MILLIS:
        return None, "future_event_time"
    return Reading(device_id, region, millis, float(temperature), float(humidity)), None


WindowKey = Tuple[str, str, str, int]  # device_id, region, dt, window_start millis


def day(millis: int) -> str:
    return datetime.fromtimestamp(millis / 1000, tz=timezone.utc).strftime("%Y-%m-%d")


def expected_windows(lines: Iterable[str], window_seconds: int, slide_seconds: int, delay_seconds: int) -> Dict[WindowKey, dict]:
    """{(device_id, region, dt, window_start): {avg/min/max temperature, avg humidity, count}}."""
    size, slide = window_seconds * 1000, slide_seconds * 1000
    now = int(time.time() * 1000)
    watermark = -math.inf
    windows: Dict[Tuple[str, str, int], List[Reading]] = defaultdict(list)
    for line in lines:
        reading, _ = classify(line, now)
        if reading is None:
            continue
        last_start = reading.millis - reading.millis % slide
        for start in range(last_start, reading.millis - size, -slide):
            if start + size - 1 > watermark:  # this window has not fired yet
                windows[(reading.device_id, reading.region, start)].append(reading)
        watermark = max(watermark, reading.millis - delay_seconds * 1000)
    return {
        (device, region, day(start), start): {
            "avg_temperature": sum(r.temperature for r in rs) / len(rs),
            "min_temperature": min(r.temperature for r in rs),
            "max_temperature": max(r.temperature for r in rs),
            "avg_humidity": sum(r.humidity for r in rs) / len(rs),
            "reading_count": len(rs),
            "window_end": start + size,
        }
        for (device, region, start), rs in windows.items()
    }


def expected_rejects(lines: Iterable[str]) -> Counter:
    """Counter of (reason, line) for every rejected line."""
    now = int(time.time() * 1000)
    rejects: Counter = Counter()
    for line in lines:
        _, reason = classify(line, now)
        if reason is not None:
            rejects[(reason, line)] += 1
    return rejects
