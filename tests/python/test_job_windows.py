"""The job's own SQL over deterministic input, against the independent reference model."""

import json
import random
from datetime import datetime, timedelta, timezone

import pytest

import main as job
from job_runner import run_job
from reference import expected_windows, rejected_count, to_millis


def event(ticker, event_time, price):
    return json.dumps({"event_time": event_time, "ticker": ticker, "price": price})


# (line, reason it must be rejected with)
MALFORMED = [
    ("not json", "malformed_json"),
    ("[1, 2, 3]", "malformed_json"),
    ('{"event_time": "2026-11-25T12:00:01Z", "price": 1.0}', "missing_ticker"),
    ('{"event_time": "2026-11-25T12:00:01Z", "ticker": "  ", "price": 1.0}', "missing_ticker"),
    ('{"event_time": "2026-11-25T12:00:01Z", "ticker": "AAPL", "price": "abc"}', "invalid_price"),
    ('{"event_time": "2026-11-25T12:00:01Z", "ticker": "AAPL", "price": "NaN"}', "invalid_price"),
    ('{"event_time": "2026-11-25T12:00:01Z", "ticker": "AAPL", "price": null}', "invalid_price"),
    ('{"event_time": "2026-11-25T12:00:01Z", "ticker": "AAPL", "price": true}', "invalid_price"),
    ('{"event_time": "2026-11-25T12:00:01Z", "ticker": "AAPL"}', "invalid_price"),
    ('{"event_time": "yesterday", "ticker": "AAPL", "price": 1.0}', "invalid_event_time"),
    ('{"ticker": "AAPL", "price": 1.0}', "invalid_event_time"),
    # The SQL cast alone would read these as 2026-02-28 and the next day's midnight.
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
]

# In event-time order, so nothing is late. AMZN uses the seed producer's
# datetime.isoformat() (microseconds, no zone); TBV uses zone offsets and a space
# separator (Python's aware isoformat() and str()); MSFT is silent in 12:01. ZERO is
# stamped exactly at the epoch, the event time the job gives rejected records.
_VALID = [
    event("ZERO", "1970-01-01T00:00:00Z", 1.5),
    event("AAPL", "2026-11-25T12:00:00.000Z", 10.0),
    event("MSFT", "2026-11-25T12:00:05Z", 100.0),
    event("AMZN", "2026-11-25T12:00:30.123456", 50.5),
    event("TBV", "2026-11-25T20:00:35+08:00", 7.0),
    event("INTC", "2026-11-25T12:00:40Z", "12.5"),
    event("TBV", "2026-11-25 12:00:50+00:00", 9.0),
    event("AAPL", "2026-11-25T12:00:59.999Z", 20.0),
    event("AAPL", "2026-11-25T12:01:00.000Z", 30.0),
    event("TBV", "2026-11-25T06:31:15.5-05:30", 11.0),
    event("AMZN", "2026-11-25T12:01:59.999999", 51.5),
    event("AAPL", "2026-11-25T12:02:10Z", 40.0),
    event("MSFT", "2026-11-25T12:02:20Z", 110.0),
]
# The malformed records spread between the valid ones.
MIXED = [line for i, valid in enumerate(_VALID) for line in [valid, *[m for m, _ in MALFORMED[i::len(_VALID)]]]]

LATE = [
    event("AAPL", "2026-11-25T12:00:10Z", 1.0),
    event("AAPL", "2026-11-25T12:01:02Z", 2.0),
    event("AAPL", "2026-11-25T12:00:58Z", 3.0),  # out of order, within the 5 s delay: kept
    event("AAPL", "2026-11-25T12:01:30Z", 4.0),  # watermark 12:01:25 closes [12:00, 12:01)
    event("AAPL", "2026-11-25T12:00:50Z", 5.0),  # late: dropped
    event("AAPL", "2026-11-25T12:01:20Z", 6.0),  # out of order inside the open window: kept
]


def random_lines(seed: int, count: int) -> list:
    """Five tickers over six minutes, shuffled by up to 3 s (less than the delay), 2 % garbage."""
    rng = random.Random(seed)
    start = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
    tickers = ["AAPL", "AMZN", "MSFT", "INTC", "TBV"]
    prices = {t: rng.uniform(10, 500) for t in tickers}
    timed = []
    for i in range(count):
        t = rng.choice(tickers)
        prices[t] = max(0.01, prices[t] + rng.gauss(0, 1))
        at = start + timedelta(milliseconds=i * 360_000 // count)
        stamp = at.strftime("%Y-%m-%dT%H:%M:%S.%fZ") if i % 2 else at.replace(tzinfo=None).isoformat(timespec="microseconds")
        line = "{broken" if rng.random() < 0.02 else event(t, stamp, round(prices[t], 2))
        timed.append((at + timedelta(milliseconds=rng.randint(0, 3000)), line))
    timed.sort(key=lambda pair: pair[0])
    return [line for _, line in timed]


def as_windows(rows):
    return {
        (r["ticker"], to_millis(r["window_start"])): {
            "avg": r["avg_price"],
            "min": r["min_price"],
            "max": r["max_price"],
            "count": r["event_count"],
            "width": to_millis(r["window_end"]) - to_millis(r["window_start"]),
        }
        for r in rows
    }


def assert_matches_reference(rows, lines, window_seconds, delay_seconds):
    actual = as_windows(rows)
    expected = expected_windows(lines, window_seconds, delay_seconds)
    assert len(rows) == len(actual), "one row per ticker and window"
    assert sorted(actual) == sorted(expected)
    for key, want in expected.items():
        got = actual[key]
        assert got["count"] == want["count"], key
        assert got["min"] == want["min"], key
        assert got["max"] == want["max"], key
        assert got["avg"] == pytest.approx(want["avg"], rel=1e-12), key
        assert got["width"] == window_seconds * 1000, key


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    return run_job(tmp_path_factory.mktemp("mixed"), MIXED)


@pytest.fixture(scope="module")
def late(tmp_path_factory):
    return run_job(tmp_path_factory.mktemp("late"), LATE)


def test_mixed_input_matches_reference(mixed):
    assert_matches_reference(mixed.results, MIXED, 60, 5)


def test_windows_are_half_open(mixed):
    aapl = {r["window_start"]: r for r in mixed.results if r["ticker"] == "AAPL"}
    # 12:00:00.000 and 12:00:59.999 fall in [12:00, 12:01); 12:01:00.000 starts the next window.
    assert aapl["2026-11-25 12:00:00"]["event_count"] == 2
    assert aapl["2026-11-25 12:00:00"]["window_end"] == "2026-11-25 12:01:00"
    assert aapl["2026-11-25 12:00:00"]["avg_price"] == 15.0
    assert aapl["2026-11-25 12:01:00"]["event_count"] == 1
    assert aapl["2026-11-25 12:01:00"]["min_price"] == 30.0


def test_several_tickers_each_get_their_rows(mixed):
    assert sorted({r["ticker"] for r in mixed.results}) == ["AAPL", "AMZN", "INTC", "MSFT", "TBV", "ZERO"]


def test_a_valid_event_at_the_epoch_is_aggregated_not_rejected(mixed):
    zero = [(r["window_start"], r["event_count"], r["avg_price"]) for r in mixed.results if r["ticker"] == "ZERO"]
    assert zero == [("1970-01-01 00:00:00", 1, 1.5)]
    assert not [r for r in mixed.rejected if '"ZERO"' in r["payload"]]


def test_zone_offsets_are_converted_to_utc(mixed):
    tbv = {r["window_start"]: (r["event_count"], r["avg_price"]) for r in mixed.results if r["ticker"] == "TBV"}
    # 20:00:35+08:00 and 12:00:50+00:00 are 12:00 UTC; 06:31:15.5-05:30 is 12:01:15.5 UTC.
    assert tbv == {"2026-11-25 12:00:00": (2, 8.0), "2026-11-25 12:01:00": (1, 11.0)}


def test_silent_ticker_has_no_row_for_its_silent_window(mixed):
    msft = sorted(r["window_start"] for r in mixed.results if r["ticker"] == "MSFT")
    assert msft == ["2026-11-25 12:00:00", "2026-11-25 12:02:00"]


def test_seed_producer_timestamps_are_aggregated(mixed):
    amzn = {r["window_start"]: r for r in mixed.results if r["ticker"] == "AMZN"}
    assert amzn["2026-11-25 12:00:00"]["avg_price"] == 50.5
    # 12:01:59.999999 is cut to milliseconds, not rounded into the next window.
    assert amzn["2026-11-25 12:01:00"]["avg_price"] == 51.5


def test_numeric_string_price_is_accepted(mixed):
    intc = [r for r in mixed.results if r["ticker"] == "INTC"]
    assert [(r["event_count"], r["avg_price"]) for r in intc] == [(1, 12.5)]


def test_malformed_records_are_rejected_with_their_reason(mixed):
    got = sorted((r["reason"], r["payload"]) for r in mixed.rejected)
    want = sorted((reason, line) for line, reason in MALFORMED)
    assert got == want
    assert len(mixed.rejected) == rejected_count(MIXED)
    assert {r["reason"] for r in mixed.rejected} == set(job.RECORDS["rejectReasons"])


def test_output_is_partitioned_by_ticker_and_committed(mixed):
    key = job.OUTPUT["partitionKey"]["name"]
    partitions = sorted({f.split("/")[0] for f in mixed.files if f.startswith(f"{key}=")})
    assert partitions == ["ticker=AAPL", "ticker=AMZN", "ticker=INTC", "ticker=MSFT", "ticker=TBV", "ticker=ZERO"]
    for partition in partitions:
        names = [f.split("/", 1)[1] for f in mixed.files if f.startswith(partition + "/")]
        assert job.OUTPUT["successFile"] in names, partition
        assert any(n.startswith(job.OUTPUT["committedFilePrefix"]) for n in names), partition
    assert not [f for f in mixed.files if f.split("/")[-1].startswith(".")], "in-progress files left behind"
    # The results folder holds partitions only; the rejected records live apart.
    assert sorted({f.split("/")[0] for f in mixed.files}) == partitions
    assert [p.name for p in mixed.rejected_root.iterdir() if p.name.startswith(job.OUTPUT["committedFilePrefix"])]


def test_files_hold_exactly_the_contract_columns(mixed):
    columns = [c["name"] for c in job.OUTPUT["columns"]]
    for path in mixed.root.glob("ticker=*/part-*"):
        for line in path.read_text().splitlines():
            assert list(json.loads(line)) == columns, path


def test_late_events_are_dropped_and_in_order_ones_kept(late):
    assert_matches_reference(late.results, LATE, 60, 5)
    by_start = {r["window_start"]: r for r in late.results}
    assert by_start["2026-11-25 12:00:00"]["event_count"] == 2  # 1.0 and 3.0; 5.0 came too late
    assert by_start["2026-11-25 12:00:00"]["max_price"] == 3.0
    assert by_start["2026-11-25 12:01:00"]["event_count"] == 3
    assert late.rejected == [], "late events are dropped, not rejected"


def test_random_stream_with_30s_windows_matches_reference(tmp_path):
    lines = random_lines(seed=7, count=3000)
    output = run_job(tmp_path, lines, window_seconds=30, delay_seconds=5)
    assert_matches_reference(output.results, lines, 30, 5)
    assert len(output.rejected) == rejected_count(lines)
    assert len(output.results) >= 5 * 12


def test_a_rejected_record_does_not_move_event_time(tmp_path):
    # Each reject carries a valid event_time an hour ahead of the stream. Were it to
    # advance the watermark, the in-order events after it would all be dropped as late.
    ahead = "2026-11-25T13:00:00Z"
    lines = [
        event("AAPL", "2026-11-25T12:00:10Z", 1.0),
        json.dumps({"event_time": ahead, "ticker": "AAPL", "price": "abc"}),
        json.dumps({"event_time": ahead, "price": 5.0}),
        f'{{"event_time": "{ahead}", "ticker": "AAPL", "price": 1e400}}',  # a double overflow
        event("AAPL", "2026-11-25T12:00:20Z", 2.0),
        event("AAPL", "2026-11-25T12:01:30Z", 3.0),
    ]
    output = run_job(tmp_path, lines)
    assert_matches_reference(output.results, lines, 60, 5)
    assert sorted(r["event_count"] for r in output.results) == [1, 2]
    assert sorted(r["reason"] for r in output.rejected) == ["invalid_price", "invalid_price", "missing_ticker"]


def test_both_queries_share_one_scan_and_one_watermark_assigner(tmp_path):
    # Each operator of its own would parse every record's event time once more.
    from pyflink.table import EnvironmentSettings, TableEnvironment

    from job_runner import property_groups

    t_env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
    cfg = job.job_config(property_groups((tmp_path / "out").as_uri(), (tmp_path / "rejected").as_uri(), 60, 5))
    source = {"connector": "filesystem", "path": (tmp_path / "in.jsonl").as_uri(), "format": "raw"}
    plan = job.add_pipeline(t_env, source, cfg).explain()
    optimized = plan[plan.index("== Optimized Execution Plan ==") :]
    assert optimized.count("WatermarkAssigner(") == 1
    assert optimized.count("TableSourceScan(") == 1
