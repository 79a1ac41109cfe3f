"""The job's named queries, as the Athena workgroup saves them, run on DuckDB over the job's real output."""

import json
from collections import Counter, defaultdict

import pytest

import sensor_cases
from sensor_model import expected_rejects, expected_windows
from sensor_runner import JOB_DIR, job

DATABASE = "sensor_analytics"


def rendered(query_id: str) -> str:
    query = next(q for q in job.JOB["namedQueries"] if q["id"] == query_id)
    sql = (JOB_DIR / query["file"]).read_text(encoding="utf-8")
    sql = sql.replace("{{database}}", DATABASE)
    for table in job.JOB["tables"]:
        sql = sql.replace("{{tables.%s}}" % table["id"], table["name"])
    assert "{{" not in sql, sql
    return sql


@pytest.fixture(scope="module")
def duck(sensor_run):
    """DuckDB with views shaped like the two Glue tables: Parquet by dt and region, JSON lines."""
    import duckdb

    _, output = sensor_run
    con = duckdb.connect()
    con.execute(f"CREATE SCHEMA {DATABASE}")
    results, rejected = job.TABLES["results"], job.TABLES["rejected"]
    # Glue declares both keys as strings; DuckDB would read dt as a DATE.
    keys = ", ".join(f"'{k['name']}': 'VARCHAR'" for k in results["partitionKeys"])
    con.execute(
        f"CREATE VIEW {DATABASE}.{results['name']} AS SELECT * FROM read_parquet('{output.root}/*/*/part-*', "
        f"hive_partitioning = true, hive_types = {{{keys}}})"
    )
    columns = ", ".join(f"'{c['name']}': 'VARCHAR'" for c in rejected["columns"])
    con.execute(
        f"CREATE VIEW {DATABASE}.{rejected['name']} AS SELECT * FROM read_json('{output.rejected_root}/part-*', "
        f"format = 'newline_delimited', columns = {{{columns}}})"
    )
    return con


def rows(con, sql):
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def millis(ts) -> int:
    from datetime import timezone

    return int(ts.replace(tzinfo=timezone.utc).timestamp() * 1000)


def model(sensor_run):
    lines, _ = sensor_run
    return expected_windows(lines, sensor_cases.WINDOW, sensor_cases.SLIDE, sensor_cases.DELAY)


def test_every_named_query_has_a_file_and_fills_every_placeholder():
    assert [q["id"] for q in job.JOB["namedQueries"]] == ["latest_per_device", "daily_region_extremes", "rejected_by_reason"]
    for query in job.JOB["namedQueries"]:
        rendered(query["id"])


def test_latest_per_device(duck, sensor_run):
    newest = {}
    for (device, region, _, start), stats in model(sensor_run).items():
        if device not in newest or (stats["window_end"], region) > (newest[device][0], newest[device][1]):
            newest[device] = (stats["window_end"], region, start, stats)
    got = rows(duck, rendered("latest_per_device"))
    assert [r["device_id"] for r in got] == sorted(newest)
    for r in got:
        end, region, start, stats = newest[r["device_id"]]
        assert (r["region"], millis(r["window_start"]), millis(r["window_end"])) == (region, start, end)
        assert r["reading_count"] == stats["reading_count"]
        assert r["avg_temperature"] == pytest.approx(stats["avg_temperature"], rel=1e-12)


def test_daily_region_extremes(duck, sensor_run):
    want = defaultdict(lambda: {"devices": set(), "min": float("inf"), "max": float("-inf"), "windows": 0})
    for (device, region, dt, _), stats in model(sensor_run).items():
        day = want[(dt, region)]
        day["devices"].add(device)
        day["min"] = min(day["min"], stats["min_temperature"])
        day["max"] = max(day["max"], stats["max_temperature"])
        day["windows"] += 1
    got = rows(duck, rendered("daily_region_extremes"))
    assert [(r["dt"], r["region"]) for r in got] == sorted(want)
    assert {r["dt"] for r in got} == {"2025-06-30", "2025-07-01"}
    for r in got:
        day = want[(r["dt"], r["region"])]
        assert (r["devices"], r["min_temperature"], r["max_temperature"], r["windows"]) == (
            len(day["devices"]),
            day["min"],
            day["max"],
            day["windows"],
        )


def test_rejected_by_reason(duck, sensor_run):
    lines, _ = sensor_run
    counts = Counter()
    for (reason, _), n in expected_rejects(lines).items():
        counts[reason] += n
    got = rows(duck, rendered("rejected_by_reason"))
    assert {r["reason"]: r["records"] for r in got} == dict(counts)
    assert [r["records"] for r in got] == sorted((r["records"] for r in got), reverse=True)
