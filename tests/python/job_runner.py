"""Runs the job's own SQL (main.add_pipeline) over a file instead of Kinesis."""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List

import main as job


@dataclass
class JobOutput:
    root: Path
    rejected_root: Path
    results: List[dict] = field(default_factory=list)
    rejected: List[dict] = field(default_factory=list)
    files: List[str] = field(default_factory=list)


def property_groups(output_uri: str, rejected_uri: str, window_seconds: int, delay_seconds: int) -> Dict[str, Dict[str, str]]:
    inp, out, agg = job.PROPERTIES["input"], job.PROPERTIES["output"], job.PROPERTIES["aggregation"]
    return {
        inp["groupId"]: {
            inp["keys"]["streamArn"]: "arn:aws:kinesis:us-east-1:123456789012:stream/unused-in-tests",
            inp["keys"]["region"]: "us-east-1",
        },
        out["groupId"]: {out["keys"]["path"]: output_uri, out["keys"]["rejectedPath"]: rejected_uri},
        agg["groupId"]: {
            agg["keys"]["windowSeconds"]: str(window_seconds),
            agg["keys"]["watermarkDelaySeconds"]: str(delay_seconds),
        },
    }


def run_job(workdir: Path, lines: List[str], window_seconds: int = 60, delay_seconds: int = 5) -> JobOutput:
    out_dir, rejected_dir = workdir / "out", workdir / "rejected"
    execute_job(workdir, lines, out_dir.as_uri() + "/", rejected_dir.as_uri() + "/", window_seconds, delay_seconds)
    return read_output(out_dir, rejected_dir)


def execute_job(
    workdir: Path, lines: List[str], output_uri: str, rejected_uri: str, window_seconds: int = 60, delay_seconds: int = 5
) -> None:
    """Runs the job over `lines` until the input ends, writing to the two URIs (file:// or s3a://)."""
    from pyflink.table import EnvironmentSettings, TableEnvironment

    source = workdir / "input.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cfg = job.job_config(property_groups(output_uri, rejected_uri, window_seconds, delay_seconds))

    t_env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
    config = t_env.get_config()
    config.set("parallelism.default", "1")
    # A watermark after every record makes "late" deterministic; Kinesis runs use the 200 ms default.
    config.set("pipeline.auto-watermark-interval", "0 ms")
    config.set("execution.checkpointing.interval", "1 s")
    config.set("table.local-time-zone", "UTC")
    file_source = {"connector": "filesystem", "path": source.as_uri(), "format": "raw"}
    job.add_pipeline(t_env, file_source, cfg).execute().wait()


def read_output(out_dir: Path, rejected_dir: Path) -> JobOutput:
    output = JobOutput(root=out_dir, rejected_root=rejected_dir)
    key = job.OUTPUT["partitionKey"]["name"]
    prefix = job.OUTPUT["committedFilePrefix"]
    for path in sorted(out_dir.rglob("*")):
        if path.is_dir():
            continue
        relative = path.relative_to(out_dir).as_posix()
        output.files.append(relative)
        top = relative.split("/")[0]
        if path.name.startswith(prefix) and top.startswith(f"{key}="):
            for row in json_lines(path):
                output.results.append({key: top.split("=", 1)[1], **row})
    for path in sorted(rejected_dir.glob(f"{prefix}*")):
        output.rejected.extend(json_lines(path))
    return output


def json_lines(path: Path) -> List[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
