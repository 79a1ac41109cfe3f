"""An independent model of what the job must output, written in plain Python.

It shares nothing with main.py's SQL: it parses timestamps with datetime, buckets
by integer division and tracks the watermark the way Flink's SQL watermark
assigner and window operator do (watermark = max event time - delay, emitted per
record in the tests; a window [s, e) fires once the watermark reaches e - 1 ms,
after which its events are late and dropped).
"""

import json
import math
import re
from pathlib import Path
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Dict, Iterable, List, Optional, Tuple

NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?", re.ASCII)
# The accepted shape: date, time to the second, optional fraction, optional Z or
# +hh:mm offset. datetime.fromisoformat takes more (dates alone, minutes only,
# basic format), so it only judges the calendar and does the zone arithmetic.
EVENT_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?", re.ASCII)
TICKER = re.compile(
    json.loads((Path(__file__).resolve().parents[2] / "contract" / "records.json").read_text())["tickerPattern"],
    re.ASCII,
)


@dataclass(frozen=True)
class Event:
    ticker: str
    millis: int
    price: float


def parse_event_time_millis(text) -> Optional[int]:
    if not isinstance(text, str) or not EVENT_TIME.fullmatch(text):
        return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    micros = int(parsed.timestamp()) * 1_000_000 + parsed.microsecond
    return micros // 1000


def parse_line(line: str) -> Optional[Event]:
    try:
        record = json.loads(line)
    except ValueError:
        return None
    if not isinstance(record, dict):
        return None
    ticker = record.get("ticker")
    price = record.get("price")
    millis = parse_event_time_millis(record.get("event_time"))
    # Only spaces are trimmed, as SQL TRIM does; a tab or newline makes the ticker invalid.
    if not isinstance(ticker, str) or not TICKER.fullmatch(ticker.strip(" ")) or millis is None:
        return None
    if isinstance(price, bool) or not isinstance(price, (int, float, str)) or not NUMBER.fullmatch(str(price)):
        return None
    value = float(price)
    if not math.isfinite(value):
        return None
    return Event(ticker.strip(" "), millis, value)


def expected_windows(lines: Iterable[str], window_seconds: int, delay_seconds: int) -> Dict[Tuple[str, int], dict]:
    """{(ticker, window_start_millis): {avg, min, max, count}} for every window the job emits."""
    width = window_seconds * 1000
    watermark = -math.inf
    buckets: Dict[Tuple[str, int], List[float]] = defaultdict(list)
    for line in lines:
        event = parse_line(line)
        if event is None:
            continue
        start = event.millis - event.millis % width
        if start + width - 1 <= watermark:
            continue  # late: its window has fired
        buckets[(event.ticker, start)].append(event.price)
        watermark = max(watermark, event.millis - delay_seconds * 1000)
    return {
        key: {"avg": sum(p) / len(p), "min": min(p), "max": max(p), "count": len(p)}
        for key, p in buckets.items()
    }


def rejected_count(lines: Iterable[str]) -> int:
    return sum(1 for line in lines if parse_line(line) is None)


def to_millis(sql_timestamp: str) -> int:
    parsed = datetime.fromisoformat(sql_timestamp).replace(tzinfo=timezone.utc)
    return int(parsed.timestamp() * 1000)
