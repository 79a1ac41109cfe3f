"""Runs the job (main.add_pipeline: the JVM parser, the SQL, the sinks) over files instead of Kinesis."""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Sequence

import pytest

import main as job
from cases import DELAY_SECONDS, MAX_AHEAD_SECONDS, REFERENCE_MILLIS, WINDOW_SECONDS
from reference import Outcome, outcome, to_millis

JAR = Path(__file__).resolve().parents[2] / "flink-src" / "lib" / "pyflink-dependencies.jar"

# One subtask; a watermark after every record makes "late" deterministic (Kinesis runs
# use the 200 ms default and per-shard watermarks).
TEST_OPTIONS = {
    "parallelism.default": "1",
    "pipeline.auto-watermark-interval": "0 ms",
    "execution.checkpointing.interval": "1 s",
}


@dataclass(frozen=True)
class Pipeline:
    """One stream of lines and the Aggregation0 settings to run it with."""

    lines: Sequence[str]
    window_seconds: int = WINDOW_SECONDS
    delay_seconds: int = DELAY_SECONDS
    max_ahead_seconds: int = MAX_AHEAD_SECONDS


@dataclass
class JobOutput:
    root: Path
    rejected_root: Path
    results: List[dict] = field(default_factory=list)
    rejected: List[dict] = field(default_factory=list)
    files: List[str] = field(default_factory=list)


def property_groups(output_uri: str, rejected_uri: str, pipeline: Pipeline) -> Dict[str, Dict[str, str]]:
    inp, out, agg = job.PROPERTIES["input"], job.PROPERTIES["output"], job.PROPERTIES["aggregation"]
    return {
        inp["groupId"]: {
            inp["keys"]["streamArn"]: "arn:aws:kinesis:us-east-1:123456789012:stream/unused-in-tests",
            inp["keys"]["region"]: "us-east-1",
        },
        out["groupId"]: {out["keys"]["path"]: output_uri, out["keys"]["rejectedPath"]: rejected_uri},
        agg["groupId"]: {
            agg["keys"]["windowSeconds"]: str(pipeline.window_seconds),
            agg["keys"]["watermarkDelaySeconds"]: str(pipeline.delay_seconds),
            agg["keys"]["eventTimeMaxAheadSeconds"]: str(pipeline.max_ahead_seconds),
        },
    }


def run_pipelines(workdir: Path, pipelines: Sequence[Pipeline]) -> List[JobOutput]:
    """Runs every pipeline, each on its own file, in one Flink job (one start-up for them all)."""
    folders = [(workdir / f"p{i}" / "out", workdir / f"p{i}" / "rejected") for i in range(len(pipelines))]
    execute_pipelines(
        workdir, [(p, out.as_uri() + "/", rejected.as_uri() + "/") for p, (out, rejected) in zip(pipelines, folders)]
    )
    return [read_output(out, rejected) for out, rejected in folders]


def execute_job(workdir: Path, lines: List[str], output_uri: str, rejected_uri: str) -> None:
    """Runs the job over `lines` until the input ends, writing to the two URIs (file:// or s3a://)."""
    execute_pipelines(workdir, [(Pipeline(lines), output_uri, rejected_uri)])


def execute_pipelines(workdir: Path, runs) -> None:
    env, t_env = job.create_environments(TEST_OPTIONS, JAR.as_uri())
    statements = None
    for i, (pipeline, output_uri, rejected_uri) in enumerate(runs):
        source = workdir / f"input-{i}.jsonl"
        source.write_text("".join(line + "\n" for line in pipeline.lines), encoding="utf-8")
        cfg = job.job_config(property_groups(output_uri, rejected_uri, pipeline))
        records = job.file_records(env, source.as_uri(), cfg, REFERENCE_MILLIS, name=f"records-{i}")
        statements = job.add_pipeline(t_env, records, cfg, statements, suffix=f"_{i}")
    statements.execute().wait()


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


def assert_matches_model(output: JobOutput, pipeline: Pipeline) -> Outcome:
    """Every line is in its window, rejected with its reason, or dropped as late: as the model says."""
    want = outcome(
        pipeline.lines, pipeline.window_seconds, pipeline.delay_seconds, REFERENCE_MILLIS, pipeline.max_ahead_seconds
    )
    actual = as_windows(output.results)
    assert len(output.results) == len(actual), "one row per ticker and window"
    assert sorted(actual) == sorted(want.windows)
    for key, expected in want.windows.items():
        got = actual[key]
        assert (got["count"], got["min"], got["max"]) == (expected["count"], expected["min"], expected["max"]), key
        assert got["avg"] == pytest.approx(expected["avg"], rel=1e-12), key
        assert got["width"] == pipeline.window_seconds * 1000, key
    assert sorted((r["reason"], r["payload"]) for r in output.rejected) == sorted(want.rejected)
    aggregated = sum(r["event_count"] for r in output.results)
    assert aggregated + len(output.rejected) + len(want.late) == len(pipeline.lines), "each line ends up exactly once"
    return want
