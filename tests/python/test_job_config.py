"""Property groups -> JobConfig -> connector properties and SQL, without starting Flink."""

import json
from pathlib import Path

import pytest

import application_properties as shared
import main as job

ROOT = Path(__file__).resolve().parents[2]
INP, OUT, AGG = job.PROPERTIES["input"], job.PROPERTIES["output"], job.PROPERTIES["aggregation"]
ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/ticker-events"


def groups(input_overrides=None, output_overrides=None, aggregation=None):
    source = {INP["keys"]["streamArn"]: ARN, INP["keys"]["region"]: "us-east-1", **(input_overrides or {})}
    sink = {OUT["keys"]["path"]: "s3a://my-bucket/output/", OUT["keys"]["rejectedPath"]: "s3a://my-bucket/rejected/", **(output_overrides or {})}
    result = {INP["groupId"]: source, OUT["groupId"]: sink}
    if aggregation is not None:
        result[AGG["groupId"]] = aggregation
    return result


def test_defaults_come_from_the_contract():
    cfg = job.job_config(groups())
    assert cfg.stream_name == "ticker-events"
    assert cfg.init_position == "LATEST"
    assert cfg.reader_type == "POLLING"
    assert cfg.window_seconds == 60
    assert cfg.watermark_delay_seconds == 5
    assert cfg.event_time_max_ahead_seconds == 60
    assert cfg.rejected_path == "s3a://my-bucket/rejected/"


def test_polling_consumer_properties_for_the_bundled_connector():
    options = job.kinesis_consumer_properties(job.job_config(groups({"source.init.position": "TRIM_HORIZON"})))
    assert options == {"aws.region": "us-east-1", "flink.stream.initpos": "TRIM_HORIZON"}


def test_china_partition_arn_is_accepted():
    arn = "arn:aws-cn:kinesis:cn-north-1:123456789012:stream/ticker-events"
    cfg = job.job_config(groups({"stream.arn": arn, "aws.region": "cn-north-1"}))
    assert job.kinesis_consumer_properties(cfg)["aws.region"] == "cn-north-1"


def test_efo_and_endpoint_and_timestamp_options():
    cfg = job.job_config(
        groups(
            {
                "source.reader.type": "EFO",
                "source.efo.consumer.name": "ticker-job",
                "source.init.position": "AT_TIMESTAMP",
                "source.init.timestamp": "2026-11-25T12:00:00Z",
                "aws.endpoint": "http://127.0.0.1:4568",
            }
        )
    )
    options = job.kinesis_consumer_properties(cfg)
    assert options["flink.stream.recordpublisher"] == "EFO"
    assert options["flink.stream.efo.consumername"] == "ticker-job"
    assert options["flink.stream.initpos.timestamp"] == "1795608000.000"
    assert options["aws.endpoint"] == "http://127.0.0.1:4568"


def test_output_path_gets_a_trailing_slash():
    cfg = job.job_config(groups(output_overrides={"path": "file:///tmp/out"}))
    assert cfg.output_path == "file:///tmp/out/"


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"stream.arn": ""}, "InputStream0.stream.arn: missing"),
        ({"stream.arn": "ticker-events"}, "InputStream0.stream.arn: 'ticker-events' is not a Kinesis stream ARN"),
        ({"aws.region": "eu-west-1"}, "InputStream0.aws.region: 'eu-west-1' differs from the region"),
        ({"source.init.position": "EARLIEST"}, "InputStream0.source.init.position: 'EARLIEST' is not one of LATEST, TRIM_HORIZON, AT_TIMESTAMP"),
        ({"source.init.position": "AT_TIMESTAMP"}, "InputStream0.source.init.timestamp: missing"),
        ({"source.reader.type": "EFO"}, "InputStream0.source.efo.consumer.name: missing"),
        ({"source.reader.type": "KCL"}, "InputStream0.source.reader.type: 'KCL' is not one of POLLING, EFO"),
        (
            {"source.init.position": "AT_TIMESTAMP", "source.init.timestamp": "last tuesday"},
            "InputStream0.source.init.timestamp: 'last tuesday' is not an ISO-8601 timestamp",
        ),
    ],
)
def test_bad_input_group_names_key_value_and_rule(overrides, message):
    with pytest.raises(job.ConfigError) as error:
        job.job_config(groups(overrides))
    assert message in str(error.value)


@pytest.mark.parametrize(
    "output_overrides, aggregation, message",
    [
        ({"path": ""}, None, "OutputPath0.path: missing"),
        ({"path": "/tmp/out"}, None, "OutputPath0.path: '/tmp/out' must start with s3a://"),
        ({"rejected.path": ""}, None, "OutputPath0.rejected.path: missing"),
        ({"rejected.path": "s3a://my-bucket/output/rejected"}, None, "OutputPath0.rejected.path: 's3a://my-bucket/output/rejected/' must not lie inside or around the results path"),
        ({"path": "s3a://my-bucket/rejected/x/"}, None, "OutputPath0.rejected.path: 's3a://my-bucket/rejected/' must not lie inside or around"),
        ({}, {"window.seconds": "0"}, "Aggregation0.window.seconds: '0' must be a whole number of seconds from 1 to 86400"),
        ({}, {"window.seconds": "86401"}, "Aggregation0.window.seconds: '86401' must be a whole number of seconds from 1 to 86400"),
        ({}, {"window.seconds": "1m"}, "Aggregation0.window.seconds: '1m' must be"),
        ({}, {"watermark.delay.seconds": "-1"}, "Aggregation0.watermark.delay.seconds: '-1' must be a whole number of seconds from 0 to 3600"),
        ({}, {"event.time.max.ahead.seconds": "86401"}, "Aggregation0.event.time.max.ahead.seconds: '86401' must be a whole number of seconds from 0 to 86400"),
        # int() would read these as 10 and 5.
        ({}, {"window.seconds": "1_0"}, "Aggregation0.window.seconds: '1_0' must be"),
        ({}, {"watermark.delay.seconds": "+5"}, "Aggregation0.watermark.delay.seconds: '+5' must be"),
    ],
)
def test_bad_output_and_aggregation_groups(output_overrides, aggregation, message):
    with pytest.raises(job.ConfigError) as error:
        job.job_config(groups(output_overrides=output_overrides, aggregation=aggregation))
    assert message in str(error.value)


def test_an_empty_value_takes_the_default():
    cfg = job.job_config(
        groups({"source.init.position": " "}, aggregation={"window.seconds": "", "watermark.delay.seconds": "", "event.time.max.ahead.seconds": ""})
    )
    assert (cfg.init_position, cfg.window_seconds, cfg.watermark_delay_seconds, cfg.event_time_max_ahead_seconds) == ("LATEST", 60, 5, 60)


def test_every_range_edge_is_accepted_and_its_default_lies_inside():
    for key, allowed in AGG["ranges"].items():
        for value in (allowed["min"], allowed["max"]):
            assert job.job_config(groups(aggregation={key: str(value)})), key
        assert allowed["min"] <= int(AGG["defaults"][key]) <= allowed["max"], key
    assert set(AGG["ranges"]) == set(AGG["keys"].values()), "every Aggregation0 key has a range"


@pytest.mark.parametrize(
    "seconds, literal",
    [
        (1, "INTERVAL '0 00:00:01' DAY TO SECOND"),
        (99, "INTERVAL '0 00:01:39' DAY TO SECOND"),
        (120, "INTERVAL '0 00:02:00' DAY TO SECOND"),
        (3600, "INTERVAL '0 01:00:00' DAY TO SECOND"),
        (86400, "INTERVAL '1 00:00:00' DAY TO SECOND"),
    ],
)
def test_window_intervals_are_written_without_the_two_digit_second_limit(seconds, literal):
    assert job.sql_interval(seconds) == literal
    assert literal in job.window_query(seconds)


def test_local_flink_config_is_read_from_the_file_the_env_var_names(monkeypatch, tmp_path):
    path = tmp_path / "flink.json"
    path.write_text(json.dumps({"parallelism.default": "4", "execution.savepoint.path": "file:///tmp/sp"}))
    jar = tmp_path / "deps.jar"
    jar.write_bytes(b"")
    monkeypatch.setenv(job.LOCAL_JAR_ENV, str(jar))
    monkeypatch.setenv(job.LOCAL_CHECKPOINT_ENV, "2 s")
    monkeypatch.delenv(job.LOCAL_CONFIG_ENV, raising=False)
    assert job.local_settings() == ({"execution.checkpointing.interval": "2 s"}, jar.resolve().as_uri())
    monkeypatch.setenv(job.LOCAL_CONFIG_ENV, str(path))
    options, _ = job.local_settings()
    # After the local defaults, so a file can override them too.
    assert list(options.items()) == [
        ("execution.checkpointing.interval", "2 s"),
        ("parallelism.default", "4"),
        ("execution.savepoint.path", "file:///tmp/sp"),
    ]
    path.write_text(json.dumps({"execution.checkpointing.interval": "10 s"}))
    assert job.local_settings()[0] == {"execution.checkpointing.interval": "10 s"}
    monkeypatch.delenv(job.LOCAL_CHECKPOINT_ENV)
    monkeypatch.delenv(job.LOCAL_CONFIG_ENV)
    # One local interval for every job (application_properties.py), which local/flink-job.ts leaves alone.
    assert job.local_settings()[0] == {"execution.checkpointing.interval": job.LOCAL_CHECKPOINT_INTERVAL}
    monkeypatch.setenv(job.LOCAL_CONFIG_ENV, str(path))
    path.write_text(json.dumps({"parallelism.default": 4}))
    with pytest.raises(job.ConfigError, match="FLINK_LOCAL_CONFIG=.*must hold a JSON object of string keys and string values"):
        job.local_settings()


def test_properties_file_comes_from_the_env_var(monkeypatch, tmp_path):
    path = tmp_path / "props.json"
    path.write_text(json.dumps([{"PropertyGroupId": "G", "PropertyMap": {"k": 1}}]))
    monkeypatch.setenv(job.PROPERTIES_FILE_ENV, str(path))
    assert job.properties_file() == str(path)
    assert job.read_property_groups(job.properties_file()) == {"G": {"k": "1"}}
    monkeypatch.delenv(job.PROPERTIES_FILE_ENV)
    assert job.properties_file() == "/etc/flink/application_properties.json"


MIRROR = ROOT / "flink-src" / "application_properties.json"


def _filled_mirror(tmp_path, partition, region, account="000000000000"):
    """The ticker mirror with the stack's partition, region and account filled in, as a file."""
    path = tmp_path / f"application_properties.{partition}.json"
    path.write_text(shared.fill_stack_placeholders(MIRROR.read_text(encoding="utf-8"), partition, region, account), encoding="utf-8")
    return path


def test_local_application_properties_mirror_the_deployed_groups(tmp_path):
    groups_by_id = job.read_property_groups(str(_filled_mirror(tmp_path, "aws", "us-east-1")))
    run = job.PROPERTIES["runOptions"]
    assert groups_by_id[run["groupId"]] == {"python": run["python"], "jarfile": run["jarfile"]}
    cfg = job.job_config(groups_by_id)
    assert cfg.endpoint and cfg.output_path.startswith("file:///")
    for group in (INP, OUT, AGG):
        unknown = set(groups_by_id[group["groupId"]]) - set(group["keys"].values())
        assert not unknown, f"{group['groupId']} has keys the contract does not know: {unknown}"


def test_the_ticker_mirror_names_no_partition_and_reads_in_each_once_filled_in(tmp_path):
    assert "arn:aws" not in MIRROR.read_text(encoding="utf-8")
    for partition, region in (("aws", "us-east-1"), ("aws-cn", "cn-north-1")):
        cfg = job.job_config(job.read_property_groups(str(_filled_mirror(tmp_path, partition, region))))
        assert cfg.stream_arn == f"arn:{partition}:kinesis:{region}:000000000000:stream/ticker-events"
        assert (cfg.stream_name, cfg.region) == ("ticker-events", region)


def test_the_unfilled_ticker_mirror_is_refused_naming_the_stream_arn():
    with pytest.raises(job.ConfigError, match=r"InputStream0.stream.arn: 'arn:\$\{partition\}:kinesis:.*' is not a Kinesis stream ARN"):
        job.job_config(job.read_property_groups(str(MIRROR)))


def test_the_sink_names_its_files_from_the_contract_only():
    sink = json.loads((ROOT / "contract" / "file-sink.json").read_text(encoding="utf-8"))
    assert (job.OUTPUT["committedFilePrefix"], job.OUTPUT["successFile"]) == (sink["committedFilePrefix"], sink["successFile"])
    assert f"'sink.partition-commit.success-file.name' = '{sink['successFile']}'" in job.results_table_ddl("file:///tmp/x/")
    source = Path(job.__file__).read_text(encoding="utf-8")
    assert f'"{sink["successFile"]}"' not in source and f'"{sink["committedFilePrefix"]}"' not in source, "main.py writes the names again"


def test_sink_sql_declares_the_contract_columns_and_partition():
    ddl = job.results_table_ddl("file:///tmp/x/")
    for column in job.OUTPUT["columns"]:
        assert f"{column['name']} {column['flinkType']}" in ddl
    assert "PARTITIONED BY (ticker)" in ddl
    assert "'sink.partition-commit.policy.kind' = 'success-file'" in ddl


def test_flink_options_reach_the_environment(jvm):
    # What FLINK_LOCAL_CONFIG and the tests pass in ends up in the job's configuration.
    env, t_env = job.create_environments({"parallelism.default": "3", "pipeline.auto-watermark-interval": "0 ms"})
    assert env.get_parallelism() == 3
    assert env.get_config().get_auto_watermark_interval() == 0
    assert t_env.get_config().get("table.optimizer.agg-phase-strategy", "") == "ONE_PHASE"
