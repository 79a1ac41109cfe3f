"""The job's own SQL (main.add_pipeline) over a file of N events: how many events
per second PyFlink 1.20 aggregates on this machine when Kinesis is not the limit.

usage: .venv/bin/python bench/local/job_sql_throughput.py N
prints one line: "<events> <seconds>"
"""

import json
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "flink-src"))

import main as job  # noqa: E402


def events(count: int):
    start = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
    tickers = ["AAPL", "AMZN", "MSFT", "INTC", "TBV"]
    for i in range(count):
        at = start + timedelta(milliseconds=i * 20)
        yield json.dumps({"event_time": at.strftime("%Y-%m-%dT%H:%M:%S.%f"), "ticker": tickers[i % 5], "price": 100 + i % 97})


def main(count: int) -> None:
    from pyflink.table import EnvironmentSettings, TableEnvironment

    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "events.jsonl"
        source.write_text("\n".join(events(count)) + "\n")
        t_env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
        config = t_env.get_config()
        config.set("parallelism.default", "1")
        config.set("execution.checkpointing.interval", "2 s")
        groups = {
            "InputStream0": {"stream.arn": "arn:aws:kinesis:us-east-1:000000000000:stream/bench", "aws.region": "us-east-1"},
            "OutputPath0": {
                "path": (Path(work) / "out").as_uri() + "/",
                "rejected.path": (Path(work) / "rejected").as_uri() + "/",
            },
        }
        cfg = job.job_config(groups)
        statements = job.add_pipeline(t_env, {"connector": "filesystem", "path": source.as_uri(), "format": "raw"}, cfg)
        started = time.monotonic()
        statements.execute().wait()
        print(count, round(time.monotonic() - started, 3))


if __name__ == "__main__":
    main(int(sys.argv[1]))
