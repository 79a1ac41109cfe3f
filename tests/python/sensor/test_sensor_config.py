"""The sensor job's property groups -> JobConfig -> SQL, without starting Flink."""

import json

import application_properties as shared
import pytest

from sensor_runner import JOB_DIR, job, property_groups

ARN = "arn:aws-cn:kinesis:cn-north-1:123456789012:stream/sensor-readings"


def groups(**overrides):
    """Deployed-looking groups; overrides are {"Group.key": value}, None removes the key."""
    result = property_groups("s3a://bucket/sensor-stats/", "s3a://bucket/sensor-rejected/", 300, 60, 10)
    result["InputStream0"] = {"stream.arn": ARN, "aws.region": "cn-north-1"}
    del result["HopWindow0"]
    for dotted, value in overrides.items():
        group, key = dotted.split(".", 1)
        if value is None:
            result.get(group, {}).pop(key, None)
        else:
            result.setdefault(group, {})[key] = value
    return result


def test_defaults_come_from_job_json():
    cfg = job.job_config(groups())
    assert (cfg.window_seconds, cfg.slide_seconds, cfg.watermark_delay_seconds) == (300, 60, 10)
    assert (cfg.stats_path, cfg.rejected_path) == ("s3a://bucket/sensor-stats/", "s3a://bucket/sensor-rejected/")
    assert (cfg.stream_name, cfg.region, cfg.init_position, cfg.reader_type) == ("sensor-readings", "cn-north-1", "LATEST", "POLLING")


MIRROR = JOB_DIR / "application_properties.json"


def _filled_mirror(tmp_path, partition, region, account):
    """The mirror with its ${partition}, ${region} and ${account} placeholders filled in, as a file."""
    path = tmp_path / f"application_properties.{partition}.json"
    path.write_text(shared.fill_stack_placeholders(MIRROR.read_text(encoding="utf-8"), partition, region, account), encoding="utf-8")
    return path


def test_the_local_properties_mirror_what_the_component_deploys():
    with open(MIRROR, encoding="utf-8") as f:
        mirror = {g["PropertyGroupId"]: g["PropertyMap"] for g in json.load(f)}
    descriptor = job.JOB
    assert mirror[job.PROPERTIES["runOptions"]["groupId"]] == {"python": descriptor["entryPoint"], "jarfile": descriptor["jarFile"]}
    for table in descriptor["tables"]:
        assert table["pathProperty"]["key"] in mirror[table["pathProperty"]["group"]]
    for group, values in descriptor["propertyGroups"].items():
        assert mirror[group] == values


def test_the_mirror_names_no_partition_and_reads_in_each_once_filled_in(tmp_path):
    # The stack's partition, region and account are placeholders: the mirror holds no
    # hard-coded partition, and the job reads it once they are filled in.
    assert "arn:aws" not in MIRROR.read_text(encoding="utf-8")
    for partition, region in (("aws", "us-east-1"), ("aws-cn", "cn-north-1")):
        cfg = job.job_config(job.read_property_groups(str(_filled_mirror(tmp_path, partition, region, "000000000000"))))
        assert cfg.stream_arn == f"arn:{partition}:kinesis:{region}:000000000000:stream/sensor-readings"
        assert (cfg.stream_name, cfg.region) == ("sensor-readings", region)


def test_the_unfilled_mirror_is_refused_naming_the_stream_arn():
    with pytest.raises(job.ConfigError, match=r"InputStream0.stream.arn: 'arn:\$\{partition\}:kinesis:.*' is not a Kinesis stream ARN"):
        job.job_config(job.read_property_groups(str(MIRROR)))


def test_folders_come_through_each_table_s_path_property():
    cfg = job.job_config(groups(**{"SensorSink0.stats.path": "file:///tmp/x", "SensorSink0.rejected.path": "file:///tmp/y/"}))
    assert (cfg.stats_path, cfg.rejected_path) == ("file:///tmp/x/", "file:///tmp/y/")


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"InputStream0.stream.arn": None}, "InputStream0.stream.arn: missing"),
        ({"InputStream0.stream.arn": "sensor-readings"}, "InputStream0.stream.arn: 'sensor-readings' is not a Kinesis stream ARN"),
        ({"InputStream0.aws.region": "us-east-1"}, "InputStream0.aws.region: 'us-east-1' differs from the region of InputStream0.stream.arn ('cn-north-1')"),
        ({"InputStream0.source.init.position": "EARLIEST"}, "InputStream0.source.init.position: 'EARLIEST' is not one of LATEST, TRIM_HORIZON, AT_TIMESTAMP"),
        ({"InputStream0.source.init.position": "AT_TIMESTAMP"}, "InputStream0.source.init.timestamp: '' must be an ISO-8601 timestamp"),
        ({"InputStream0.source.reader.type": "EFO"}, "InputStream0.source.efo.consumer.name: missing; required when source.reader.type is EFO"),
        ({"SensorSink0.stats.path": None}, "SensorSink0.stats.path: '' must start with s3a://, s3:// or file:// (the folder of table results)"),
        ({"SensorSink0.rejected.path": "s3a://bucket/sensor-stats/rejected/"}, "SensorSink0.rejected.path: 's3a://bucket/sensor-stats/rejected/' must not lie inside or around 's3a://bucket/sensor-stats/'"),
        ({"HopWindow0.window.seconds": "0"}, "HopWindow0.window.seconds: '0' must be a whole number of seconds from 1 to 86400"),
        ({"HopWindow0.window.seconds": "1_0"}, "HopWindow0.window.seconds: '1_0' must be a whole number of seconds from 1 to 86400"),
        ({"HopWindow0.slide.seconds": "600"}, "HopWindow0.slide.seconds: '600' must be a whole number of seconds from 1 to 300"),
        ({"HopWindow0.slide.seconds": "70"}, "HopWindow0.slide.seconds: '70' must divide window.seconds (300) evenly"),
        ({"HopWindow0.watermark.delay.seconds": "3601"}, "HopWindow0.watermark.delay.seconds: '3601' must be a whole number of seconds from 0 to 3600"),
    ],
)
def test_bad_properties_name_the_key_the_value_and_the_rule(overrides, message):
    with pytest.raises(job.ConfigError) as raised:
        job.job_config(groups(**overrides))
    assert str(raised.value).startswith(message)


def test_long_intervals_are_written_so_flink_accepts_them():
    # INTERVAL '300' SECOND would exceed SECOND(2); HOUR TO SECOND does not.
    cfg = job.job_config(groups(**{"HopWindow0.window.seconds": "86400", "HopWindow0.slide.seconds": "3600"}))
    query = job.window_query(cfg)
    assert "INTERVAL '1:00:00' HOUR TO SECOND, INTERVAL '24:00:00' HOUR TO SECOND" in query


def test_the_job_reads_its_rules_from_job_json():
    assert job.REGIONS == ["eu", "us", "ap"]
    assert job.EARLIEST_EVENT_MILLIS == 1577836800000  # 2020-01-01T00:00:00Z, the dt projection's first day
    assert "'[\"eu\"]', '[\"us\"]', '[\"ap\"]'" in job.VALID_REGION


def test_a_descriptor_column_the_job_does_not_compute_fails_before_the_job_starts(monkeypatch):
    columns = job.RESULTS["columns"] + [{"name": "p99_temperature", "type": "double"}]
    monkeypatch.setitem(job.RESULTS, "columns", columns)
    with pytest.raises(job.ConfigError, match=r"job.json tables\[results\]: columns and partition keys .* must be exactly"):
        job.window_query(job.job_config(groups()))


def test_an_unknown_column_type_names_the_column(monkeypatch):
    monkeypatch.setitem(job.REJECTED, "columns", [{"name": "reason", "type": "varchar(10)"}])
    with pytest.raises(job.ConfigError, match=r"job.json tables\[rejected\].reason: type 'varchar\(10\)' is not one of"):
        job.sink_table_ddl(job.REJECTED, "file:///tmp/x/")
