"""An independent model of what the job must output, written in plain Python.

It shares no code with the job's JVM parser or its SQL: it reads JSON with Python's
json module, checks the calendar and computes epoch milliseconds with its own integer
arithmetic, buckets by integer division, and tracks the watermark the way the job's
source and Flink's window operator do (watermark = largest valid event time - delay,
after every record in the tests; a window [s, e) fires once the watermark reaches
e - 1 ms, after which its events are late and dropped). Only the rule values (the
ticker pattern, the reasons, the bounds) come from the contract, which is what the
job reads too.
"""

import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple

ROOT = Path(__file__).resolve().parents[2]
RECORDS = json.loads((ROOT / "contract" / "records.json").read_text())
_FIELDS = {f["name"]: f for f in RECORDS["record"]["fields"]}
TICKER = re.compile(RECORDS["tickerPattern"], re.ASCII)
MAX_ABS_PRICE = float(_FIELDS["price"]["maxAbs"])
NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?", re.ASCII)
# The accepted shape: date, time to the second, optional fraction, optional Z or
# +hh:mm offset; the calendar is checked separately.
EVENT_TIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|([+-])(\d{2}):(\d{2}))?", re.ASCII
)


def _iso_millis(text: str) -> int:
    """'1970-01-01T00:00:00Z' -> 0, for the contract's bounds."""
    return parse_event_time_millis(text)


def _days_before_year(year: int) -> int:
    y = year - 1
    return y * 365 + y // 4 - y // 100 + y // 400


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


_MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
_EPOCH_DAYS = _days_before_year(1970)


def _days_since_epoch(year: int, month: int, day: int) -> int:
    days = _days_before_year(year) + sum(_MONTH_DAYS[: month - 1]) + (1 if month > 2 and _is_leap(year) else 0)
    return days + day - 1 - _EPOCH_DAYS


def parse_event_time_millis(text) -> Optional[int]:
    """Epoch ms of an event time the job accepts (before its range rules), else None."""
    if not isinstance(text, str):
        return None
    m = EVENT_TIME.fullmatch(text)
    if not m:
        return None
    year, month, day, hour, minute, second = (int(g) for g in m.groups()[:6])
    if not 1 <= month <= 12:
        return None
    month_days = 29 if month == 2 and _is_leap(year) else _MONTH_DAYS[month - 1]
    if not 1 <= day <= month_days or hour > 23 or minute > 59 or second > 59:
        return None
    offset = 0
    if m.group(9):
        offset_hour, offset_minute = int(m.group(10)), int(m.group(11))
        if offset_hour > 23 or offset_minute > 59:
            return None
        offset = (1 if m.group(9) == "+" else -1) * (offset_hour * 60 + offset_minute)
    millis = int((m.group(7) or "").ljust(3, "0")[:3])
    local = (((_days_since_epoch(year, month, day) * 24 + hour) * 60 + minute) * 60 + second) * 1000 + millis
    return local - offset * 60_000


_EVENT_FIELD = _FIELDS["event_time"]
EARLIEST_MILLIS = _iso_millis(_EVENT_FIELD["earliest"])
LATEST_MILLIS = _iso_millis(_EVENT_FIELD["latest"])


@dataclass(frozen=True)
class Event:
    ticker: str
    millis: int
    price: float


@dataclass(frozen=True)
class Verdict:
    """What the job does with one line: an event to window, or a reject reason."""

    event: Optional[Event] = None
    reason: Optional[str] = None


def _no_constants(name):
    # Python reads NaN and Infinity; JSON has no such literals.
    raise ValueError(name)


def _load_object(line: str) -> Optional[dict]:
    # A byte-order mark or a lone surrogate is not text the job receives as UTF-8 JSON.
    if line.startswith("\ufeff"):
        return None
    try:
        line.encode("utf-8")
        record = json.loads(line, parse_constant=_no_constants, parse_int=Decimal, parse_float=Decimal)
    except (ValueError, RecursionError):
        return None
    return record if isinstance(record, dict) else None


def _price(value) -> Optional[float]:
    if isinstance(value, Decimal):
        number = float(value)
    elif isinstance(value, str) and NUMBER.fullmatch(value):
        number = float(value)
    else:
        return None
    return number if math.isfinite(number) and abs(number) <= MAX_ABS_PRICE else None


def classify(line: str, reference_millis: int, window_seconds: int, max_ahead_seconds: int) -> Verdict:
    reasons = RECORDS["record"]
    fields = _FIELDS
    record = _load_object(line)
    if record is None:
        return Verdict(reason=reasons["malformedReason"])

    ticker = record.get("ticker")
    # Only spaces are trimmed, as SQL TRIM does; a tab or newline makes the ticker invalid.
    if ticker is None or (isinstance(ticker, str) and ticker.strip(" ") == ""):
        return Verdict(reason=fields["ticker"]["missingReason"])
    if not isinstance(ticker, str) or not TICKER.fullmatch(ticker.strip(" ")):
        return Verdict(reason=fields["ticker"]["invalidReason"])

    price = _price(record.get("price"))
    if price is None:
        return Verdict(reason=fields["price"]["invalidReason"] if "price" in record and record["price"] is not None
                       else fields["price"]["missingReason"])

    millis = parse_event_time_millis(record.get("event_time"))
    if millis is None:
        return Verdict(reason=_EVENT_FIELD["invalidReason"] if record.get("event_time") is not None
                       else _EVENT_FIELD["missingReason"])
    width = window_seconds * 1000
    start = millis - millis % width
    if start < EARLIEST_MILLIS or start + width > LATEST_MILLIS:
        return Verdict(reason=_EVENT_FIELD["outOfRangeReason"])
    if millis - reference_millis > max_ahead_seconds * 1000:
        return Verdict(reason=_EVENT_FIELD["aheadReason"])
    return Verdict(event=Event(ticker.strip(" "), millis, price))


@dataclass
class Outcome:
    """Where every line went: its window, its reject reason, or dropped as late."""

    windows: Dict[Tuple[str, int], dict]
    rejected: List[Tuple[str, str]]  # (reason, line)
    late: List[str]
    open_windows: Dict[Tuple[str, int], dict]


def outcome(
    lines: Iterable[str],
    window_seconds: int,
    delay_seconds: int,
    reference_millis: int,
    max_ahead_seconds: int = 60,
    input_ends: bool = True,
) -> Outcome:
    """The job's results for `lines` read in order: closed windows, rejects, late drops.

    With input_ends (a file), the end of input closes every window; otherwise (a stream)
    only those the last watermark has passed are closed and the others stay open.
    """
    width = window_seconds * 1000
    watermark = -math.inf
    buckets: Dict[Tuple[str, int], List[float]] = defaultdict(list)
    rejected: List[Tuple[str, str]] = []
    late: List[str] = []
    for line in lines:
        verdict = classify(line, reference_millis, window_seconds, max_ahead_seconds)
        if verdict.reason is not None:
            rejected.append((verdict.reason, line))
            continue
        event = verdict.event
        start = event.millis - event.millis % width
        if start + width - 1 <= watermark:
            late.append(line)  # its window has fired
            continue
        buckets[(event.ticker, start)].append(event.price)
        watermark = max(watermark, event.millis - delay_seconds * 1000)

    def stats(prices):
        return {"avg": sum(prices) / len(prices), "min": min(prices), "max": max(prices), "count": len(prices)}

    closed = {k: stats(p) for k, p in buckets.items() if input_ends or k[1] + width - 1 <= watermark}
    still_open = {k: stats(p) for k, p in buckets.items() if k not in closed}
    return Outcome(windows=closed, rejected=rejected, late=late, open_windows=still_open)


def to_millis(sql_timestamp: str) -> int:
    """'2026-11-25 12:00:00[.SSS]' (the sink's UTC timestamps) -> epoch ms."""
    date, _, time = sql_timestamp.partition(" ")
    return parse_event_time_millis(f"{date}T{time}Z")
