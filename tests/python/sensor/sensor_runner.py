"""Runs the sensor-averages job's own SQL (main.add_pipeline) over a file instead of Kinesis."""

import importlib.util
import json
from dataclasses import dataclass, field
from datetime import timezone
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parents[3]
JOB_DIR = ROOT / "examples" / "sensor-averages"


def load_job():
    """The job's main.py under its own module name: the ticker job's main.py is `main` in these tests."""
    spec = importlib.util.spec_from_file_location("sensor_averages_main", JOB_DIR / "main.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


job = load_job()


@dataclass
class SensorOutput:
    root: Path
    rejected_root: Path
    # One dict per row, with the partition values taken from the folder names.
    results: List[dict] = field(default_factory=list)
    rejected: List[dict] = field(default_factory=list)
    files: List[str] = field(default_factory=list)
    schema: Dict[str, str] = field(default_factory=dict)


def property_groups(stats_uri: str, rejected_uri: str, window: int, slide: int, delay: int) -> Dict[str, Dict[str, str]]:
    inp = job.PROPERTIES["input"]
    groups = {
        inp["groupId"]: {
            inp["keys"]["streamArn"]: "arn:aws:kinesis:us-east-1:123456789012:stream/unused-in-tests",
            inp["keys"]["region"]: "us-east-1",
        },
        "HopWindow0": {"window.seconds": str(window), "slide.seconds": str(slide), "watermark.delay.seconds": str(delay)},
    }
    for table_id, uri in (("results", stats_uri), ("rejected", rejected_uri)):
        path = job.TABLES[table_id]["pathProperty"]
        groups.setdefault(path["group"], {})[path["key"]] = uri
    return groups


def run_job(workdir: Path, lines: List[str], window: int, slide: int, delay: int) -> SensorOutput:
    from pyflink.table import EnvironmentSettings, TableEnvironment

    jar = JOB_DIR / job.JOB["jarFile"]
    assert jar.is_file(), f"{jar} is missing: run `npm run build:jar -- examples/sensor-averages`"
    source = workdir / "input.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out_dir, rejected_dir = workdir / "stats", workdir / "rejected"
    cfg = job.job_config(property_groups(out_dir.as_uri() + "/", rejected_dir.as_uri() + "/", window, slide, delay))

    t_env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
    config = t_env.get_config()
    config.set("parallelism.default", "1")
    # A watermark after every record makes "late" deterministic; Kinesis runs use the 200 ms default.
    config.set("pipeline.auto-watermark-interval", "0 ms")
    config.set("execution.checkpointing.interval", "1 s")
    config.set("table.local-time-zone", "UTC")
    config.set("pipeline.jars", jar.as_uri())
    file_source = {"connector": "filesystem", "path": source.as_uri(), "format": "raw"}
    job.add_pipeline(t_env, cfg, file_source).execute().wait()
    return read_output(out_dir, rejected_dir)


def read_output(out_dir: Path, rejected_dir: Path) -> SensorOutput:
    import pyarrow as pa
    import pyarrow.parquet as pq

    output = SensorOutput(root=out_dir, rejected_root=rejected_dir)
    for path in sorted(p for p in out_dir.rglob("*") if p.is_file()):
        relative = path.relative_to(out_dir).as_posix()
        output.files.append(relative)
        if not path.name.startswith("part-"):
            continue
        partition = dict(part.split("=", 1) for part in relative.split("/")[:-1])
        table = pq.ParquetFile(path).read()
        output.schema = {f.name: str(f.type) for f in table.schema}
        table = table.cast(pa.schema([pa.field(f.name, pa.timestamp("ms")) if pa.types.is_timestamp(f.type) else f for f in table.schema]))
        for row in table.to_pylist():
            for name, value in row.items():
                if hasattr(value, "tzinfo"):
                    row[name] = int(value.replace(tzinfo=timezone.utc).timestamp() * 1000)
            output.results.append({**row, **partition})
    for path in sorted(rejected_dir.glob("part-*")):
        output.rejected.extend(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return output
