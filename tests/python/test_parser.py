"""The job's JVM record parser (RecordParser, called through py4j, no Flink job), against
the hand-picked cases and, over generated records, against the independent model."""

import json
import string
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import main as job
from cases import MALFORMED, MAX_AHEAD_SECONDS, REFERENCE, REFERENCE_MILLIS, WINDOW_SECONDS
from reference import classify


@pytest.fixture(scope="module")
def parser(jvm):
    return job.java_class("RecordParser")(job.record_spec(), WINDOW_SECONDS * 1000, MAX_AHEAD_SECONDS * 1000)


def parse(parser, line: str, window_seconds: int = WINDOW_SECONDS):
    """('reject', reason) or ('event', ticker, price, epoch ms), as the JVM parser decides."""
    row = parser.parse(line.encode("utf-8"), REFERENCE_MILLIS)
    n = row.getArity()
    reason = row.getField(n - 2)
    if reason is not None:
        assert row.getField(n - 1) == line, "a rejected record keeps its payload"
        return ("reject", reason)
    assert row.getField(n - 1) is None, "a valid record carries no payload"
    return ("event", row.getField(0), row.getField(1), row.getField(n - 3))


def modelled(line: str, window_seconds: int = WINDOW_SECONDS):
    verdict = classify(line, REFERENCE_MILLIS, window_seconds, MAX_AHEAD_SECONDS)
    if verdict.reason is not None:
        return ("reject", verdict.reason)
    return ("event", verdict.event.ticker, verdict.event.price, verdict.event.millis)


@pytest.mark.parametrize("line, reason", MALFORMED, ids=[f"{r}:{line[:40]}" for line, r in MALFORMED])
def test_each_bad_record_gets_its_reason(parser, line, reason):
    assert parse(parser, line) == ("reject", reason)
    assert modelled(line) == ("reject", reason), "the model agrees"


VALID = [
    # (line, ticker, price, epoch ms)
    ('{"event_time": "2026-11-25T12:00:00Z", "ticker": "AAPL", "price": 10}', "AAPL", 10.0, 1795608000000),
    ('{"event_time": "2026-11-25T12:00:30.123456", "ticker": " AMZN ", "price": "50.5"}', "AMZN", 50.5, 1795608030123),
    ('{"event_time": "2026-11-25 20:00:35+08:00", "ticker": "TBV", "price": 7e0}', "TBV", 7.0, 1795608035000),
    ('{"event_time": "2026-11-25T06:31:15.5-05:30", "ticker": "T", "price": -1.5}', "T", -1.5, 1795608075500),
    ('{"ticker": "A", "ticker": "B", "price": 1, "event_time": "2026-11-25T12:00:00Z"}', "B", 1.0, 1795608000000),
    ('{"tick\\u0065r": "ESC", "price": 1, "event_time": "2026-11-25T12:00:00Z", "x": {"ticker": 1}}', "ESC", 1.0, 1795608000000),
    ('  {"ticker": "WS", "price": 1e15, "event_time": "1970-01-01T00:00:00Z"}  ', "WS", 1e15, 0),
    # Exactly as far ahead of the reference time as allowed, and the last window before year 10000.
    ('{"ticker": "EDGE", "price": 1, "event_time": "2026-11-26T00:01:00Z"}', "EDGE", 1.0, REFERENCE_MILLIS + 60_000),
]


@pytest.mark.parametrize("line, ticker, price, millis", VALID)
def test_valid_records_give_their_fields_and_event_time(parser, line, ticker, price, millis):
    assert parse(parser, line) == ("event", ticker, price, millis)
    assert modelled(line) == ("event", ticker, price, millis)


def test_the_last_window_that_ends_in_year_9999_is_in_range(jvm):
    # With no practical "ahead" bound, only the range decides.
    far = job.java_class("RecordParser")(job.record_spec(), WINDOW_SECONDS * 1000, 10**15)
    line = '{"ticker": "Y", "price": 1, "event_time": "9999-12-31T23:58:59.999Z"}'
    assert parse(far, line)[0] == "event"
    assert parse(far, line.replace("23:58:59.999", "23:59:00"))[1] == "event_time_out_of_range"


def test_the_cases_cover_every_reason_the_contract_lists(jvm):
    reasons = list(job.record_spec().reasons())
    assert reasons == job.RECORDS["rejectReasons"], "the spec's reasons are exactly the contract's list, in order"
    assert {r for _, r in MALFORMED} == set(reasons)


def test_a_bad_spec_fails_when_built_naming_what_is_wrong(jvm):
    spec = json.loads(json.dumps(job.RECORDS))
    spec["record"]["fields"][0]["pattern"] = "[A-Z"
    with pytest.raises(Exception, match="field 'ticker': pattern '\\[A-Z' does not compile"):
        job.record_spec(spec)
    spec = json.loads(json.dumps(job.RECORDS))
    spec["record"]["fields"].append(dict(spec["record"]["fields"][2]))
    with pytest.raises(Exception, match="the event time is already 'event_time'"):
        job.record_spec(spec)
    spec["record"]["fields"][3]["type"] = "date"
    with pytest.raises(job.ConfigError, match="field 'event_time' has type 'date', not one of string, double, timestamp"):
        job.record_spec(spec)


# --- Generated records -------------------------------------------------------

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
LAST_SECOND = datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone.utc)


def _json_text(value) -> str:
    return json.dumps(value, ensure_ascii=False)


GOOD_TICKERS = st.sampled_from(["AAPL", "msft", "BRK.B", "X_1-2", "a" * 32, " TBV ", "ZZ"])
TICKERS = st.one_of(
    st.text(alphabet="AB .-_/\t\n\u00e9", max_size=6),
    st.text(alphabet=string.ascii_letters, min_size=31, max_size=34),
).map(_json_text)
OTHER_JSON = st.sampled_from(["null", "true", "false", "123", "-0", "[]", '["AAPL"]', "{}", '{"a": [1, {"b": null}]}'])

GOOD_PRICES = st.one_of(
    st.floats(min_value=-1e15, max_value=1e15, allow_nan=False).map(_json_text),
    st.from_regex(r"-?[0-9]{1,5}(\.[0-9]{1,3})?([eE][-+]?[0-9]{1,2})?", fullmatch=True).map(_json_text),
)
PRICES = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False).map(_json_text),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.sampled_from(["1e15", "-1e15", "1.0000000000000002e15", "1e400", "1E-400", "0.0", "1E2", "01", "1.", ".5"]),
    st.sampled_from(["abc", "NaN", "Infinity", " 1", "1 ", "1.", "+1", "0x1", "12.5\n", "", "1e400"]).map(_json_text),
)


def _fraction(draw, good: bool) -> str:
    if not draw(st.booleans()):
        return ""
    digits = draw(st.integers(1, 9)) if good else draw(st.integers(0, 10))
    return "." + "".join(draw(st.sampled_from("0123456789")) for _ in range(digits))


@st.composite
def good_event_times(draw):
    """Real instants near the reference time, the epoch and the end of year 9999, in every accepted form."""
    base, low, high = draw(st.sampled_from([(REFERENCE, -3600, 120), (REFERENCE, -600, 0), (EPOCH, -200, 200), (LAST_SECOND, -400, 0)]))
    at = base + timedelta(seconds=draw(st.integers(low, high)))
    # The same instant written in some zone: local time and its offset, or none (UTC).
    offset = timedelta(minutes=draw(st.integers(-23 * 60 - 59, 23 * 60 + 59))) if draw(st.booleans()) else timedelta(0)
    try:
        local = at + offset
    except OverflowError:
        local, offset = at, timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    zone = draw(st.sampled_from(["", "Z", "+00:00"])) if minutes == 0 else f"{'+' if minutes > 0 else '-'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    text = local.strftime(f"%Y-%m-%d{draw(st.sampled_from('T '))}%H:%M:%S") + _fraction(draw, good=True) + zone
    return _json_text(text)


@st.composite
def event_times(draw):
    """Calendar edges: month 0 or 13, day 31 of a short month, 24:00, second 60, leap days, bad zones."""
    year = draw(st.sampled_from([1969, 1970, 2000, 2024, 2026, 2100, 9999])) if draw(st.booleans()) else draw(st.integers(0, 9999))
    month, day = draw(st.integers(0, 13)), draw(st.integers(0, 32))
    hour, minute, second = draw(st.integers(0, 25)), draw(st.integers(0, 61)), draw(st.integers(0, 61))
    text = f"{year:04d}-{month:02d}-{day:02d}{draw(st.sampled_from('T '))}{hour:02d}:{minute:02d}:{second:02d}"
    hours, minutes = draw(st.integers(0, 25)), draw(st.integers(0, 61))
    zone = draw(st.sampled_from(["", "Z", "z", "+0800", "UTC", " Z", f"+{hours:02d}:{minutes:02d}", f"-{hours:02d}{minutes:02d}"]))
    return _json_text(text + _fraction(draw, good=draw(st.booleans())) + zone)


def mostly(good, *others, weight: int = 6):
    """`good` `weight` times out of weight + len(others), else one of the others (one_of would weigh them equally)."""
    choices = [good] * weight + list(others)
    return st.integers(0, len(choices) - 1).flatmap(lambda i: choices[i])


# Mostly good values, so that most generated records get as far as the later rules.
FIELD_VALUES = {
    "ticker": mostly(GOOD_TICKERS.map(_json_text), TICKERS, OTHER_JSON),
    "price": mostly(GOOD_PRICES, PRICES, OTHER_JSON),
    "event_time": mostly(good_event_times(), event_times(), OTHER_JSON, st.integers(0, 2**41).map(str)),
}


@st.composite
def records(draw):
    """A JSON-object line (keys maybe absent, repeated, escaped, with extra keys), sometimes broken."""
    pairs = []
    for name, values in FIELD_VALUES.items():
        for _ in range(draw(st.sampled_from([0] + [1] * 18 + [2]))):
            key = name if draw(st.integers(0, 19)) else name.replace("e", "\\u0065", 1)
            pairs.append((key, draw(values)))
    pairs += [(k, draw(OTHER_JSON)) for k in draw(st.lists(st.sampled_from(["other", "Ticker", "x"]), max_size=2))]
    pairs = draw(st.permutations(pairs))
    space = draw(st.sampled_from(["", " ", "\t", "\n "]))
    line = "{" + space + ("," + space).join(f'"{k}":{space}{v}' for k, v in pairs) + space + "}"
    # Intact first: Hypothesis leans towards the first choice.
    change = draw(st.sampled_from(["intact"] * 16 + ["trailing", "leading", "cut", "whitespace"]))
    if change == "trailing":
        line += draw(st.sampled_from([" x", "{}", ",", " }", "\u0000", "\ufeff"]))
    elif change == "leading":
        line = draw(st.sampled_from(["[", "\ufeff", "x", "\u0000"])) + line
    elif change == "cut":
        line = line[: draw(st.integers(0, len(line) - 1))]
    elif change == "whitespace":
        line += draw(st.sampled_from([" ", "\n", "\r\n", "\t"]))
    return line


LINES = mostly(records(), st.text(alphabet='{}[]":,. 0123456789-eEtrufalsn\\', max_size=30), weight=7)


@settings(max_examples=600, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(line=LINES)
def test_generated_records_get_the_models_verdict(parser, line):
    expected = modelled(line)
    event(expected[1] if expected[0] == "reject" else "aggregated")  # --hypothesis-show-statistics
    assert parse(parser, line) == expected


def test_bytes_that_are_not_utf8_are_malformed(parser):
    # Kinesis hands the parser bytes; the SQL parsing saw them decoded with U+FFFD instead.
    row = parser.parse(b'{"ticker": "AA\xffPL", "price": 1, "event_time": "2026-11-25T12:00:00Z"}', REFERENCE_MILLIS)
    assert row.getField(row.getArity() - 2) == "malformed_json"
    assert row.getField(row.getArity() - 1) == '{"ticker": "AA\ufffdPL", "price": 1, "event_time": "2026-11-25T12:00:00Z"}'
