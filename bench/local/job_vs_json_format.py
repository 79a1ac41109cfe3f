"""The job over a file of ticker events, against the same window and sink over Flink's
own `json` format (typed columns, no validation, no rejected records): events per
second and JVM CPU per event of each, and the ratio of the rates.

Each round runs both, small and large file, in alternating order, in this one process
and JVM (the local mini-cluster runs inside PyFlink's gateway JVM). Rates are marginal
(large minus small, so start-up and planning cancel out); CPU is the JVM's process CPU
time over the same difference. The target is a job-to-reference rate ratio of >= 0.67.

usage: .venv/bin/python bench/local/job_vs_json_format.py [--events 1000000] [--small 20000] [--rounds 3]
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "flink-src"))

import main as job  # noqa: E402

JAR = ROOT / "flink-src" / "lib" / "pyflink-dependencies.jar"
OPTIONS = {"parallelism.default": "1", "execution.checkpointing.interval": "2 s"}
JVM_PID = 0


def write_events(path: Path, count: int) -> None:
    """Five tickers, one event every 20 ms of event time, the seed producer's format."""
    start = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
    tickers = ["AAPL", "AMZN", "MSFT", "INTC", "TBV"]
    with open(path, "w", encoding="utf-8") as f:
        for i in range(count):
            at = start + timedelta(milliseconds=i * 20)
            f.write(json.dumps({"event_time": at.strftime("%Y-%m-%dT%H:%M:%S.%f"), "ticker": tickers[i % 5], "price": 100 + i % 97}))
            f.write("\n")


def config(work: Path):
    groups = {
        "InputStream0": {"stream.arn": "arn:aws:kinesis:us-east-1:000000000000:stream/bench", "aws.region": "us-east-1"},
        "OutputPath0": {"path": (work / "out").as_uri() + "/", "rejected.path": (work / "rejected").as_uri() + "/"},
    }
    return job.job_config(groups)


def the_job(t_env, env, source: Path, work: Path):
    cfg = config(work)
    return job.add_pipeline(t_env, job.file_records(env, source.as_uri(), cfg), cfg)


def json_format_reference(t_env, env, source: Path, work: Path):
    """The same window query and results sink over Flink's json format: no parsing rules, no rejects."""
    cfg = config(work)
    t_env.execute_sql(f"""
CREATE TABLE {job.SOURCE_TABLE} (
  event_time TIMESTAMP(3),
  ticker STRING,
  price DOUBLE,
  WATERMARK FOR event_time AS event_time - INTERVAL '{cfg.watermark_delay_seconds}' SECOND
) WITH (
  'connector' = 'filesystem', 'path' = '{source.as_uri()}', 'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601'
)""")
    t_env.execute_sql(job.results_table_ddl(cfg.output_path))
    statements = t_env.create_statement_set()
    statements.add_insert_sql(f"INSERT INTO {job.RESULTS_TABLE} {job.window_query(cfg.window_seconds, job.SOURCE_TABLE)}")
    return statements


VARIANTS = {"job": the_job, "json format": json_format_reference}


def gateway_jvm_pid() -> int:
    """The JVM PyFlink started for this process (its child), which runs the mini-cluster."""
    from pyflink.java_gateway import get_gateway

    get_gateway()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == os.getpid() and "java" in stat.with_name("cmdline").read_bytes().decode(errors="replace"):
            return int(stat.parent.name)
    raise RuntimeError("no JVM child of this process: is PyFlink's gateway running?")


def process_cpu_seconds() -> float:
    """User and system CPU time of the gateway JVM so far (/proc/<pid>/stat)."""
    fields = Path(f"/proc/{JVM_PID}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed_run(variant: str, source: Path, expected_windows: int) -> tuple:
    """(wall seconds, JVM CPU seconds) of one run; checks it wrote every window."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env, t_env = job.create_environments(OPTIONS, JAR.as_uri())
        statements = VARIANTS[variant](t_env, env, source, work)
        cpu, started = process_cpu_seconds(), time.monotonic()
        statements.execute().wait()
        wall, cpu = time.monotonic() - started, process_cpu_seconds() - cpu
        rows = sum(1 for p in (work / "out").rglob("part-*") for line in p.read_text().splitlines() if line)
        if rows != expected_windows:
            raise RuntimeError(f"{variant} wrote {rows} windows, expected {expected_windows}")
        return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    global JVM_PID
    JVM_PID = gateway_jvm_pid()
    with tempfile.TemporaryDirectory() as tmp:
        files = {n: Path(tmp) / f"events-{n}.jsonl" for n in (args.small, args.events)}
        for n, path in files.items():
            write_events(path, n)
        # 5 tickers, 50 events per second: one window per ticker and started minute.
        windows = {n: 5 * ((n - 1) * 20 // 60_000 + 1) for n in files}
        # Warm-up, not counted: class loading and the JIT would land on whichever runs first.
        for variant in VARIANTS:
            timed_run(variant, files[args.events], windows[args.events])
        rates = {v: [] for v in VARIANTS}
        cpus = {v: [] for v in VARIANTS}
        ratios = []
        for r in range(args.rounds):
            order = list(VARIANTS) if r % 2 == 0 else list(reversed(VARIANTS))
            for variant in order:
                small_wall, small_cpu = timed_run(variant, files[args.small], windows[args.small])
                big_wall, big_cpu = timed_run(variant, files[args.events], windows[args.events])
                n = args.events - args.small
                rates[variant].append(n / (big_wall - small_wall))
                cpus[variant].append((big_cpu - small_cpu) / n * 1e6)
                print(f"round {r + 1} {variant:12s} {rates[variant][-1]:10.0f} events/s  {cpus[variant][-1]:6.2f} us CPU/event", flush=True)
            ratios.append(rates["job"][-1] / rates["json format"][-1])
            print(f"round {r + 1} ratio job / json format {ratios[-1]:.2f}", flush=True)

    def spread(values, fmt):
        return f"min {fmt.format(min(values))}, median {fmt.format(statistics.median(values))}, max {fmt.format(max(values))}"

    print(f"\nthe job vs Flink's json format, {args.events} vs {args.small} events, {args.rounds} alternating rounds:")
    for variant in VARIANTS:
        print(f"  {variant:12s} {spread(rates[variant], '{:.0f}')} events/s; {spread(cpus[variant], '{:.2f}')} us JVM CPU/event")
    print(f"  ratio of rates job / json format: {spread(ratios, '{:.2f}')} (target >= 0.67)")


if __name__ == "__main__":
    main()
