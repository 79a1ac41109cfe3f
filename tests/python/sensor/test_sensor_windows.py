"""The sensor-averages job's own SQL over one deterministic input, against the independent model."""

from collections import Counter

import pytest

import sensor_cases
from sensor_cases import DELAY, SLIDE, WINDOW, at
from sensor_model import day, expected_rejects, expected_windows
from sensor_runner import job

STATS = ("avg_temperature", "min_temperature", "max_temperature", "avg_humidity")


def by_key(results):
    return {(r["device_id"], r["region"], r["dt"], r["window_start"]): r for r in results}


def test_every_window_equals_the_model(sensor_run):
    lines, output = sensor_run
    expected = expected_windows(lines, WINDOW, SLIDE, DELAY)
    actual = by_key(output.results)
    assert len(actual) == len(output.results), "a window was written twice"
    assert sorted(actual) == sorted(expected)
    for key, want in expected.items():
        got = actual[key]
        assert got["reading_count"] == want["reading_count"], key
        assert got["window_end"] == want["window_end"], key
        for stat in STATS:
            assert got[stat] == pytest.approx(want[stat], rel=1e-12, abs=1e-12), (key, stat)
    # Enough happened for the comparison to mean something: each random device's 20
    # minutes alone are at least 20 windows.
    assert len(expected) >= 20 * len(sensor_cases.RANDOM_DEVICES)
    assert {region for _, region, _, _ in expected} == {"eu", "us", "ap"}


def test_windows_are_five_minutes_every_minute(sensor_run):
    _, output = sensor_run
    assert {r["window_end"] - r["window_start"] for r in output.results} == {WINDOW * 1000}
    assert {r["window_start"] % (SLIDE * 1000) for r in output.results} == {0}
    # A lone reading is in window/slide = 5 windows.
    edge = {r["window_start"]: r["reading_count"] for r in output.results if r["device_id"].startswith("edge-cases")}
    assert edge == {start: 1 for start in (at(-120), at(-60), at(0), at(60), at(120))}


def test_range_bounds_and_escaped_ids_are_valid(sensor_run):
    _, output = sensor_run
    edge = [r for r in output.results if r["device_id"] == "edge-cases" + "x" * 54]
    assert edge and all((r["min_temperature"], r["avg_humidity"]) == (-90.0, 0.0) for r in edge)
    # "d\u002dap\u002d1" is d-ap-1: with its reading at +200 s in [+120 s, +420 s).
    both = next(r for r in output.results if r["device_id"] == "d-ap-1" and r["window_start"] == at(120))
    assert (both["reading_count"], both["min_temperature"], both["max_temperature"], both["avg_humidity"]) == (2, 30.0, 60.0, 85.0)


def test_both_partition_keys_lay_out_the_folders(sensor_run):
    _, output = sensor_run
    parts = [f for f in output.files if f.split("/")[-1].startswith("part-")]
    assert parts and all(len(f.split("/")) == 3 and f.startswith("dt=") and f.split("/")[1].startswith("region=") for f in parts)
    for row in output.results:
        assert row["dt"] == day(row["window_start"])
    # The windows around midnight land in the day they start on.
    d_eu_1_days = {(r["dt"], r["window_start"]) for r in output.results if r["device_id"] == "d-eu-1"}
    assert ("2025-06-30", at(0)) in d_eu_1_days and ("2025-07-01", at(300)) in d_eu_1_days
    # Each committed partition has its _SUCCESS file, and nothing is left in progress.
    for folder in {f.rsplit("/", 1)[0] for f in parts}:
        assert f"{folder}/_SUCCESS" in output.files
    assert not [f for f in output.files if f.split("/")[-1].startswith(".")]


def test_a_device_in_two_regions_gets_a_row_per_region(sensor_run):
    _, output = sensor_run
    mover = {(r["region"], r["window_start"]): r["reading_count"] for r in output.results if r["device_id"] == "mover"}
    assert mover[("eu", at(0))] == 1 and mover[("us", at(0))] == 1


def test_late_readings_are_left_out_of_the_windows_that_have_fired(sensor_run):
    _, output = sensor_run
    probe = sorted((r["window_start"], r["reading_count"], r["avg_temperature"]) for r in output.results if r["device_id"] == "late-probe")
    # The reading at +330 s missed only [+60 s, +360 s), which had fired; the one at +50 s missed all five.
    assert probe == [(start, 1, 10.0) for start in sensor_cases.LATE_PROBE_WINDOW_STARTS]


def test_a_reading_out_of_order_within_the_delay_counts(sensor_run):
    _, output = sensor_run
    first = next(r for r in output.results if r["device_id"] == "d-eu-1" and r["window_start"] == at(60))
    # +65 s arrived after +70 s; both are in [+60 s, +360 s), with +310 s.
    assert first["reading_count"] == 3 and first["min_temperature"] == 19.0 and first["max_temperature"] == 21.0


def test_bad_records_do_not_move_event_time(sensor_run):
    _, output = sensor_run
    # A rejected record stamped a day ahead, and one in 2200, arrive early. Had they moved
    # the watermark, every reading after them would be late, and d-eu-2 (+30 s, +400 s)
    # would have no window at all.
    d_eu_2 = {r["window_start"]: r["reading_count"] for r in output.results if r["device_id"] == "d-eu-2"}
    starts = [at(s) for s in (-240, -180, -120, -60, 0, 120, 180, 240, 300, 360)]
    assert d_eu_2 == {start: 1 for start in starts}


def test_every_malformed_record_is_rejected_with_its_reason(sensor_run):
    lines, output = sensor_run
    got = Counter((r["reason"], r["payload"]) for r in output.rejected)
    assert got == expected_rejects(lines)
    hand_made = Counter((reason, line) for line, reason in sensor_cases.MALFORMED)
    assert not hand_made - got
    assert {reason for reason, _ in got} == set(job.REJECT_REASONS)


def test_the_parquet_schema_is_what_job_json_declares(sensor_run):
    _, output = sensor_run
    declared = {c["name"]: c["type"] for c in job.TABLES["results"]["columns"]}
    parquet_types = {"timestamp": "timestamp[ns]", "double": "double", "bigint": "int64", "string": "string"}
    assert output.schema == {name: parquet_types[t] for name, t in declared.items()}
