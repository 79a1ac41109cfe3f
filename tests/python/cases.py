"""Hand-picked records and the outcome each must have, shared by the parser's own tests
(through py4j) and the job's tests over a file (through Flink)."""

import json
from datetime import datetime, timezone

# What stands in for the time Kinesis received each record: fixed, so "too far ahead"
# does not depend on the day the tests run. The test streams lie before it.
REFERENCE = datetime(2026, 11, 26, tzinfo=timezone.utc)
REFERENCE_MILLIS = int(REFERENCE.timestamp() * 1000)
# The contract's defaults, which the tests run with unless they say otherwise.
WINDOW_SECONDS, DELAY_SECONDS, MAX_AHEAD_SECONDS = 60, 5, 60


def event(ticker, event_time, price):
    return json.dumps({"event_time": event_time, "ticker": ticker, "price": price})


# (line, reason it must be rejected with); every reason of contract/records.json appears.
MALFORMED = [
    ("not json", "malformed_json"),
    ("[1, 2, 3]", "malformed_json"),
    ("", "malformed_json"),
    # One JSON object and nothing else: trailing content used to be aggregated.
    ('{"event_time": "2026-11-25T12:00:01Z", "ticker": "AAPL", "price": 1.0} x', "malformed_json"),
    ('{"event_time": "2026-11-25T12:00:01Z", "ticker": "AAPL", "price": 1.0}{"ticker": "MSFT"}', "malformed_json"),
    ('{"event_time": "2026-11-25T12:00:01Z", "ticker": "AAPL", "price": NaN}', "malformed_json"),
    ('\ufeff{"event_time": "2026-11-25T12:00:01Z", "ticker": "AAPL", "price": 1.0}', "malformed_json"),
    ('{"event_time": "2026-11-25T12:00:01Z", "price": 1.0}', "missing_ticker"),
    ('{"event_time": "2026-11-25T12:00:01Z", "ticker": "  ", "price": 1.0}', "missing_ticker"),
    ('{"event_time": "2026-11-25T12:00:01Z", "ticker": "AAPL", "price": "abc"}', "invalid_price"),
    ('{"event_time": "2026-11-25T12:00:01Z", "ticker": "AAPL", "price": "NaN"}', "invalid_price"),
    ('{"event_time": "2026-11-25T12:00:01Z", "ticker": "AAPL", "price": null}', "invalid_price"),
    ('{"event_time": "2026-11-25T12:00:01Z", "ticker": "AAPL", "price": true}', "invalid_price"),
    ('{"event_time": "2026-11-25T12:00:01Z", "ticker": "AAPL"}', "invalid_price"),
    # Past the price bound (contract maxAbs 1e15): two such prices used to make avg_price "Infinity".
    ('{"event_time": "2026-11-25T12:00:01Z", "ticker": "AAPL", "price": 1.7e308}', "invalid_price"),
    ('{"event_time": "2026-11-25T12:00:01Z", "ticker": "AAPL", "price": -1.0000000000000002e15}', "invalid_price"),
    ('{"event_time": "yesterday", "ticker": "AAPL", "price": 1.0}', "invalid_event_time"),
    ('{"ticker": "AAPL", "price": 1.0}', "invalid_event_time"),
    # A lenient cast would read these as 2026-02-28 and the next day's midnight.
    ('{"event_time": "2026-02-30T12:00:00", "ticker": "AAPL", "price": 1.0}', "invalid_event_time"),
    ('{"event_time": "2026-11-25T24:00:00", "ticker": "AAPL", "price": 1.0}', "invalid_event_time"),
    ('{"event_time": "2026-11-25T12:00", "ticker": "AAPL", "price": 1.0}', "invalid_event_time"),
    ('{"event_time": "2026-11-25T12:00:01+25:00", "ticker": "AAPL", "price": 1.0}', "invalid_event_time"),
    ('{"event_time": "2026-11-25T12:00:01Z\\n", "ticker": "AAPL", "price": 1.0}', "invalid_event_time"),
    ('{"event_time": 1795608001000, "ticker": "AAPL", "price": 1.0}', "invalid_event_time"),
    ('{"event_time": "2026-11-25T12:00:01Z", "ticker": null, "price": 1.0}', "missing_ticker"),
    ('{"event_time": "2026-11-25T12:00:01Z", "ticker": 123, "price": 1.0}', "invalid_ticker"),
    ('{"event_time": "2026-11-25T12:00:01Z", "ticker": ["AAPL"], "price": 1.0}', "invalid_ticker"),
    ('{"event_time": "2026-11-25T12:00:01Z", "ticker": "AAPL/B", "price": 1.0}', "invalid_ticker"),
    ('{"event_time": "2026-11-25T12:00:01Z", "ticker": "AAPL\\n", "price": 1.0}', "invalid_ticker"),
    ('{"event_time": "2026-11-25T12:00:01Z", "ticker": "%s", "price": 1.0}' % ("X" * 33), "invalid_ticker"),
    ('{"event_time": "2026-11-25T12:00:01Z", "ticker": "AAPL", "price": "12.5\\n"}', "invalid_price"),
    # Whose window Glue and Athena could not read: it would end in year 10000, or start before 1970.
    ('{"event_time": "9999-12-31T23:59:30Z", "ticker": "AAPL", "price": 1.0}', "event_time_out_of_range"),
    ('{"event_time": "9999-12-31T23:30:00-01:00", "ticker": "AAPL", "price": 1.0}', "event_time_out_of_range"),
    ('{"event_time": "1969-12-31T23:59:59.999Z", "ticker": "AAPL", "price": 1.0}', "event_time_out_of_range"),
    # Further ahead of the reference time (when Kinesis received it) than 60 s: naive local
    # time from a producer in UTC+8, which used to make every later event late.
    ('{"event_time": "2026-11-26T08:00:00", "ticker": "AAPL", "price": 1.0}', "event_time_ahead"),
    ('{"event_time": "2026-11-26T00:01:00.001Z", "ticker": "AAPL", "price": 1.0}', "event_time_ahead"),
]
