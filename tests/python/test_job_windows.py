"""The job (JVM parser, SQL, sinks) over deterministic files, against the independent model.

All streams run as pipelines of one Flink job (one start-up), each on its own file,
with its own Aggregation0 settings and its own output folders.
"""

import json
import random
from datetime import datetime, timedelta, timezone

import pytest

import main as job
from cases import MALFORMED, REFERENCE_MILLIS, event
from job_runner import Pipeline, assert_matches_model, run_pipelines
from reference import outcome, to_millis

# In event-time order, so nothing is late. AMZN uses the seed producer's
# datetime.isoformat() (microseconds, no zone); TBV uses zone offsets and a space
# separator (Python's aware isoformat() and str()); MSFT is silent in 12:01. ZERO is
# stamped exactly at the epoch, the earliest event time accepted. BIG sits at the
# price bound: its average stays a finite number.
_VALID = [
    event("ZERO", "1970-01-01T00:00:00Z", 1.5),
    event("AAPL", "2026-11-25T12:00:00.000Z", 10.0),
    event("MSFT", "2026-11-25T12:00:05Z", 100.0),
    event("BIG", "2026-11-25T12:00:06Z", 1e15),
    event("AMZN", "2026-11-25T12:00:30.123456", 50.5),
    event("BIG", "2026-11-25T12:00:31Z", 1e15),
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

# Each of these carries an event time far ahead of the stream. Were any of them to move
# the watermark, the in-order events after it would all be dropped as late.
_AHEAD_OF_STREAM = "2026-11-25T13:00:00Z"
POISON = [
    event("AAPL", "2026-11-25T12:00:10Z", 1.0),
    json.dumps({"event_time": _AHEAD_OF_STREAM, "ticker": "AAPL", "price": "abc"}),
    json.dumps({"event_time": _AHEAD_OF_STREAM, "price": 5.0}),
    f'{{"event_time": "{_AHEAD_OF_STREAM}", "ticker": "AAPL", "price": 1e400}}',  # a double overflow
    # Valid in every field, but naive local time of a producer in UTC+8 (8 h ahead of when
    # Kinesis received it), and a year-9999 time: rejected now, aggregated before.
    event("AAPL", "2026-11-26T08:00:00", 7.0),
    event("AAPL", "9999-12-31T23:59:30Z", 8.0),
    event("AAPL", "2026-11-25T12:00:20Z", 2.0),
    event("AAPL", "2026-11-25T12:01:30Z", 3.0),
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


RANDOM = random_lines(seed=7, count=3000)


def two_days(seed: int) -> list:
    """Two tickers over two days and two hours, mostly in order, some events up to 4000 s behind."""
    rng = random.Random(seed)
    start = datetime(2026, 11, 23, tzinfo=timezone.utc)
    lines, at = [], start
    while at < start + timedelta(days=2, hours=2):
        at += timedelta(seconds=rng.choice([0.4, 1, 7, 30, 59, 61, 119, 600, 3000]))
        behind = timedelta(seconds=rng.choice([0, 0, 0, 0, 2, 30, 70, 130, 1800, 4000]))
        stamp = (at - behind).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
        lines.append(event(rng.choice(["W", "V"]), stamp, rng.randint(1, 1000) / 4))
    return lines


TWO_DAYS = two_days(seed=11)
# Every window and delay of the contract's range must run; these are its edges and
# the values around SQL's two-digit SECOND precision.
AGGREGATION = job.PROPERTIES["aggregation"]
WINDOW_EDGES = sorted({1, 59, 60, 120, 3600, AGGREGATION["ranges"]["window.seconds"]["max"]})
DELAY_EDGES = sorted({0, 1, 59, 60, 120, AGGREGATION["ranges"]["watermark.delay.seconds"]["max"]})
# Each window edge paired with a delay edge: every value of both lists runs once.
EDGES = list(zip(WINDOW_EDGES, DELAY_EDGES))

PIPELINES = {
    "mixed": Pipeline(MIXED),
    "late": Pipeline(LATE),
    "poison": Pipeline(POISON),
    "random": Pipeline(RANDOM, window_seconds=30),
    **{f"window {w} delay {d}": Pipeline(TWO_DAYS, window_seconds=w, delay_seconds=d) for w, d in EDGES},
}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    results = run_pipelines(tmp_path_factory.mktemp("pipelines"), list(PIPELINES.values()))
    return dict(zip(PIPELINES, results))


@pytest.mark.parametrize("name", list(PIPELINES))
def test_every_pipeline_matches_the_model(outputs, name):
    assert_matches_model(outputs[name], PIPELINES[name])


def test_windows_are_half_open(outputs):
    aapl = {r["window_start"]: r for r in outputs["mixed"].results if r["ticker"] == "AAPL"}
    # 12:00:00.000 and 12:00:59.999 fall in [12:00, 12:01); 12:01:00.000 starts the next window.
    assert aapl["2026-11-25 12:00:00"]["event_count"] == 2
    assert aapl["2026-11-25 12:00:00"]["window_end"] == "2026-11-25 12:01:00"
    assert aapl["2026-11-25 12:00:00"]["avg_price"] == 15.0
    assert aapl["2026-11-25 12:01:00"]["event_count"] == 1
    assert aapl["2026-11-25 12:01:00"]["min_price"] == 30.0


def test_several_tickers_each_get_their_rows(outputs):
    assert sorted({r["ticker"] for r in outputs["mixed"].results}) == ["AAPL", "AMZN", "BIG", "INTC", "MSFT", "TBV", "ZERO"]


def test_a_valid_event_at_the_epoch_is_aggregated_not_rejected(outputs):
    mixed = outputs["mixed"]
    zero = [(r["window_start"], r["event_count"], r["avg_price"]) for r in mixed.results if r["ticker"] == "ZERO"]
    assert zero == [("1970-01-01 00:00:00", 1, 1.5)]
    assert not [r for r in mixed.rejected if '"ZERO"' in r["payload"]]


def test_averages_at_the_price_bound_stay_finite_numbers(outputs):
    big = [r for r in outputs["mixed"].results if r["ticker"] == "BIG"]
    assert [(r["event_count"], r["avg_price"], r["max_price"]) for r in big] == [(2, 1e15, 1e15)]
    # Two prices near 1e308 used to write avg_price "Infinity"; they are rejected now.
    huge = [r for r in outputs["mixed"].rejected if "1.7e308" in r["payload"]]
    assert [r["reason"] for r in huge] == ["invalid_price"]
    for path in outputs["mixed"].root.glob("ticker=*/part-*"):
        assert "Infinity" not in path.read_text() and "NaN" not in path.read_text(), path


def test_zone_offsets_are_converted_to_utc(outputs):
    tbv = {r["window_start"]: (r["event_count"], r["avg_price"]) for r in outputs["mixed"].results if r["ticker"] == "TBV"}
    # 20:00:35+08:00 and 12:00:50+00:00 are 12:00 UTC; 06:31:15.5-05:30 is 12:01:15.5 UTC.
    assert tbv == {"2026-11-25 12:00:00": (2, 8.0), "2026-11-25 12:01:00": (1, 11.0)}


def test_silent_ticker_has_no_row_for_its_silent_window(outputs):
    msft = sorted(r["window_start"] for r in outputs["mixed"].results if r["ticker"] == "MSFT")
    assert msft == ["2026-11-25 12:00:00", "2026-11-25 12:02:00"]


def test_seed_producer_timestamps_are_aggregated(outputs):
    amzn = {r["window_start"]: r for r in outputs["mixed"].results if r["ticker"] == "AMZN"}
    assert amzn["2026-11-25 12:00:00"]["avg_price"] == 50.5
    # 12:01:59.999999 is cut to milliseconds, not rounded into the next window.
    assert amzn["2026-11-25 12:01:00"]["avg_price"] == 51.5


def test_numeric_string_price_is_accepted(outputs):
    intc = [r for r in outputs["mixed"].results if r["ticker"] == "INTC"]
    assert [(r["event_count"], r["avg_price"]) for r in intc] == [(1, 12.5)]


def test_malformed_records_are_rejected_with_their_reason(outputs):
    mixed = outputs["mixed"]
    got = sorted((r["reason"], r["payload"]) for r in mixed.rejected)
    want = sorted((reason, line) for line, reason in MALFORMED)
    assert got == want
    assert {r["reason"] for r in mixed.rejected} == set(job.RECORDS["rejectReasons"])


def test_trailing_content_after_the_object_is_malformed(outputs):
    trailing = [r for r in outputs["mixed"].rejected if r["payload"].endswith(" x") or "}{" in r["payload"]]
    assert sorted(r["reason"] for r in trailing) == ["malformed_json", "malformed_json"]


def test_output_is_partitioned_by_ticker_and_committed(outputs):
    mixed = outputs["mixed"]
    key = job.OUTPUT["partitionKey"]["name"]
    partitions = sorted({f.split("/")[0] for f in mixed.files if f.startswith(f"{key}=")})
    assert partitions == [f"ticker={t}" for t in ["AAPL", "AMZN", "BIG", "INTC", "MSFT", "TBV", "ZERO"]]
    for partition in partitions:
        names = [f.split("/", 1)[1] for f in mixed.files if f.startswith(partition + "/")]
        assert job.OUTPUT["successFile"] in names, partition
        assert any(n.startswith(job.OUTPUT["committedFilePrefix"]) for n in names), partition
    assert not [f for f in mixed.files if f.split("/")[-1].startswith(".")], "in-progress files left behind"
    # The results folder holds partitions only; the rejected records live apart.
    assert sorted({f.split("/")[0] for f in mixed.files}) == partitions
    assert [p.name for p in mixed.rejected_root.iterdir() if p.name.startswith(job.OUTPUT["committedFilePrefix"])]


def test_files_hold_exactly_the_contract_columns(outputs):
    columns = [c["name"] for c in job.OUTPUT["columns"]]
    for path in outputs["mixed"].root.glob("ticker=*/part-*"):
        for line in path.read_text().splitlines():
            assert list(json.loads(line)) == columns, path


def test_late_events_are_dropped_and_in_order_ones_kept(outputs):
    late = outputs["late"]
    by_start = {r["window_start"]: r for r in late.results}
    assert by_start["2026-11-25 12:00:00"]["event_count"] == 2  # 1.0 and 3.0; 5.0 came too late
    assert by_start["2026-11-25 12:00:00"]["max_price"] == 3.0
    assert by_start["2026-11-25 12:01:00"]["event_count"] == 3
    assert late.rejected == [], "late events are dropped, not rejected"


def test_a_rejected_record_does_not_move_event_time(outputs):
    poison = outputs["poison"]
    assert sorted(r["event_count"] for r in poison.results) == [1, 2], "no in-order event was late"
    assert sorted(r["reason"] for r in poison.rejected) == [
        "event_time_ahead", "event_time_out_of_range", "invalid_price", "invalid_price", "missing_ticker",
    ]


def test_random_stream_with_30s_windows_closes_every_window(outputs):
    assert len(outputs["random"].results) >= 5 * 12


@pytest.mark.parametrize("window, delay", EDGES)
def test_each_window_and_delay_edge_runs_and_closes_windows(outputs, window, delay):
    name = f"window {window} delay {delay}"
    pipeline = PIPELINES[name]
    want = outcome(pipeline.lines, window, delay, REFERENCE_MILLIS)
    starts = {to_millis(r["window_start"]) for r in outputs[name].results}
    assert len(starts) >= 2, "at least two windows of that width"
    # Stragglers up to 4000 s behind: late in short windows, none late in a day's window an hour late.
    assert (len(want.late) == 0) == (window == WINDOW_EDGES[-1]), name


def test_the_plan_has_one_source_one_window_operator_and_no_python(tmp_path):
    from job_runner import JAR, TEST_OPTIONS, property_groups

    env, t_env = job.create_environments(TEST_OPTIONS, JAR.as_uri())
    cfg = job.job_config(property_groups((tmp_path / "out").as_uri(), (tmp_path / "rejected").as_uri(), Pipeline([])))
    (tmp_path / "in.jsonl").write_text("")
    records = job.file_records(env, (tmp_path / "in.jsonl").as_uri(), cfg)
    plan = job.add_pipeline(t_env, records, cfg).explain()
    optimized = plan[plan.index("== Optimized Execution Plan ==") :]
    # Both queries read one scan of the parsed records, whose watermarks come from the source.
    assert optimized.count("TableSourceScan(") == 1
    assert "watermark=[SOURCE_WATERMARK()]" in optimized
    assert "WatermarkAssigner(" not in optimized
    # One window operator per event (no local pre-aggregation): numLateRecordsDropped counts events.
    assert optimized.count("WindowAggregate(") == 1
    assert "LocalWindowAggregate" not in optimized and "GlobalWindowAggregate" not in optimized
    assert "Python" not in plan
