# -*- coding: utf-8 -*-
"""
main.py: the PyFlink job of StreamingAnalyticsPipeline.

Reads stock-ticker events {event_time, ticker, price} from a Kinesis data stream,
computes per-ticker price statistics over event-time tumbling windows, and writes
them as JSON lines to a filesystem path (S3 when deployed), partitioned by ticker.

  1. Application properties: the property groups of the Managed Flink application
  2. Job configuration: the typed, validated view of those groups
  3. Record rules: contract/records.json's record spec, built in the JVM
  4. Source: the Kinesis consumer with the JVM parser and per-shard event time
  5. Query: the valid events, their tumbling-window aggregate, the rejected records
  6. Sink: the partitioned results table and the rejected-records table
  7. Environment and run

Property group and key names come from contract/properties.json, which the Pulumi
component and the local pipeline read too. The record rules come from
contract/records.json and the sink schema from contract/job.json, which the Glue
tables are built from.

Each record is parsed once, in the JVM (lib/pyflink-dependencies.jar, built from
flink-src/src/main/java), into its fields and event time or a reject reason. Bad
input never fails the job: it is written with its reason to OutputPath0.rejected.path
instead of being aggregated, and it never moves event time. Watermarks are kept per
Kinesis shard, so a subtask reading several shards of a backlog drops nothing as late
because one shard ran ahead. Events that arrive after the watermark has passed their
window are dropped by Flink's window operator and counted, one per event, by its
numLateRecordsDropped metric. No Python code runs per record.
"""

import functools
import json
import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Dict, Optional, Tuple

# 1. Application properties: shared with every job folder's main.py, next to this file.
from application_properties import (  # noqa: F401  (part of this module's interface)
    LOCAL_CHECKPOINT_ENV,
    LOCAL_CHECKPOINT_INTERVAL,
    LOCAL_CONFIG_ENV,
    LOCAL_JAR_ENV,
    PROPERTIES_FILE_ENV,
    STREAM_ARN,
    ConfigError,
    contract_value,
    is_local,
    local_checkpoint_interval,
    properties_file,
    read_property_groups,
)

HERE = Path(os.path.dirname(os.path.realpath(__file__)))
# The job's Java classes in lib/pyflink-dependencies.jar (flink-src/src/main/java).
JAVA_PACKAGE = "io.github.streaminganalytics.flink"

SOURCE_TABLE = "ticker_events"
VALID_EVENTS_VIEW = "valid_ticker_events"
RESULTS_TABLE = "ticker_window_stats"
REJECTED_TABLE = "rejected_events"


def _contract_dir() -> Path:
    # In the application zip contract/ sits next to main.py; in the repository one level up.
    for candidate in (HERE / "contract", HERE.parent / "contract"):
        if (candidate / "properties.json").is_file():
            return candidate
    raise FileNotFoundError(f"contract/properties.json not found next to or above {HERE}")


def _load_contract(name: str) -> dict:
    with open(_contract_dir() / name, encoding="utf-8") as f:
        return json.load(f)


PROPERTIES = _load_contract("properties.json")


def _sink_schema() -> dict:
    """The sink schema, from the job's descriptor (contract/job.json), which the Glue tables are built from.

    The part and success files' names come from contract/file-sink.json, which readers
    of the output (the local pipeline, Athena) rely on too."""
    tables = {t["id"]: t for t in _load_contract("job.json")["tables"]}
    results, rejected = tables["table"], tables["rejected_table"]
    file_sink = _load_contract("file-sink.json")
    return {
        "format": results["format"],
        "committedFilePrefix": file_sink["committedFilePrefix"],
        "successFile": file_sink["successFile"],
        "columns": results["columns"],
        "partitionKey": results["partitionKeys"][0],
        "rejectedColumns": rejected["columns"],
    }


OUTPUT = _sink_schema()
RECORDS = _load_contract("records.json")


# ---------------------------------------------------------------------------
# 2. Job configuration
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class JobConfig:
    stream_arn: str
    stream_name: str
    region: str
    init_position: str
    init_timestamp: Optional[str]
    reader_type: str
    efo_consumer_name: Optional[str]
    endpoint: Optional[str]
    output_path: str
    rejected_path: str
    window_seconds: int
    watermark_delay_seconds: int
    event_time_max_ahead_seconds: int


def _group_values(groups: Dict[str, Dict[str, str]], contract: dict) -> Dict[str, Optional[str]]:
    """Looks up every key of one contract group, applying defaults and checking rules."""
    return {field: contract_value(groups, contract, key) for field, key in contract["keys"].items()}


def _seconds_in_range(contract: dict, field: str, value: Optional[str]) -> int:
    """A whole number of seconds within the contract's range for the key (properties.json `ranges`)."""
    key = contract["keys"][field]
    allowed = contract["ranges"][key]
    # A regex, not int(): int() also takes '1_0', '+5' and ' 5'.
    number = int(value) if value is not None and re.fullmatch(r"[0-9]{1,9}", value) else None
    if number is None or not allowed["min"] <= number <= allowed["max"]:
        raise ConfigError(
            f"{contract['groupId']}.{key}: '{value or ''}' must be a whole number of seconds "
            f"from {allowed['min']} to {allowed['max']}"
        )
    return number


def _folder_uri(key: str, value: Optional[str]) -> str:
    uri = value or ""
    if not re.match(r"^(s3a?|file)://", uri):
        raise ConfigError(f"{key}: '{uri}' must start with s3a://, s3:// or file://")
    return uri if uri.endswith("/") else uri + "/"


def job_config(groups: Dict[str, Dict[str, str]]) -> JobConfig:
    inp, out, agg = PROPERTIES["input"], PROPERTIES["output"], PROPERTIES["aggregation"]
    source = _group_values(groups, inp)
    sink = _group_values(groups, out)
    window = _group_values(groups, agg)

    arn_key = f"{inp['groupId']}.{inp['keys']['streamArn']}"
    match = STREAM_ARN.match(source["streamArn"] or "")
    if not match:
        raise ConfigError(f"{arn_key}: '{source['streamArn']}' is not a Kinesis stream ARN (arn:<partition>:kinesis:<region>:<account>:stream/<name>)")
    if match.group(2) != source["region"]:
        raise ConfigError(
            f"{inp['groupId']}.{inp['keys']['region']}: '{source['region']}' differs from the region of {arn_key} ('{match.group(2)}')"
        )

    timestamp_key = f"{inp['groupId']}.{inp['keys']['initTimestamp']}"
    if source["initPosition"] == "AT_TIMESTAMP":
        if not source["initTimestamp"]:
            raise ConfigError(f"{timestamp_key}: missing; required when source.init.position is AT_TIMESTAMP")
        try:
            _epoch_seconds(source["initTimestamp"])
        except ValueError:
            raise ConfigError(
                f"{timestamp_key}: '{source['initTimestamp']}' is not an ISO-8601 timestamp, e.g. 2026-11-25T12:00:00Z"
            ) from None
    if source["readerType"] == "EFO" and not source["efoConsumerName"]:
        raise ConfigError(f"{inp['groupId']}.{inp['keys']['efoConsumerName']}: missing; required when source.reader.type is EFO")

    path = _folder_uri(f"{out['groupId']}.{out['keys']['path']}", sink["path"])
    rejected_key = f"{out['groupId']}.{out['keys']['rejectedPath']}"
    rejected_path = _folder_uri(rejected_key, sink["rejectedPath"])
    # Apart, so a reader of the results (a crawler, a table without projection) never
    # meets the rejected records, and the other way round.
    if rejected_path.startswith(path) or path.startswith(rejected_path):
        raise ConfigError(f"{rejected_key}: '{rejected_path}' must not lie inside or around the results path '{path}'")

    return JobConfig(
        stream_arn=source["streamArn"] or "",
        stream_name=match.group(4),
        region=source["region"] or "",
        init_position=source["initPosition"] or "LATEST",
        init_timestamp=source["initTimestamp"],
        reader_type=source["readerType"] or "POLLING",
        efo_consumer_name=source["efoConsumerName"],
        endpoint=source["endpoint"],
        output_path=path,
        rejected_path=rejected_path,
        window_seconds=_seconds_in_range(agg, "windowSeconds", window["windowSeconds"]),
        watermark_delay_seconds=_seconds_in_range(agg, "watermarkDelaySeconds", window["watermarkDelaySeconds"]),
        event_time_max_ahead_seconds=_seconds_in_range(agg, "eventTimeMaxAheadSeconds", window["eventTimeMaxAheadSeconds"]),
    )


# ---------------------------------------------------------------------------
# 3. Record rules
# ---------------------------------------------------------------------------

def _resolve_refs(value, document: dict):
    """Replaces each {"$ref": "#/key"} (a JSON Reference into `document`) with what it points at."""
    if isinstance(value, dict):
        if set(value) == {"$ref"}:
            pointer = value["$ref"]
            if not pointer.startswith("#/") or pointer[2:] not in document:
                raise ConfigError(f"records.json: $ref '{pointer}' does not name a key of the file")
            return document[pointer[2:]]
        return {k: _resolve_refs(v, document) for k, v in value.items() if k != "$comment"}
    if isinstance(value, list):
        return [_resolve_refs(v, document) for v in value]
    return value


def java_class(name: str):
    """One of the job's Java classes, through py4j (the jar must be on the gateway's class loader)."""
    from pyflink.java_gateway import get_gateway

    return functools.reduce(getattr, f"{JAVA_PACKAGE}.{name}".split("."), get_gateway().jvm)


def record_spec(records: dict = RECORDS):
    """The record spec of contract/records.json as a JVM RecordSpec, which checks it.

    Each field becomes one rule, in check order: a rejected record gets the reason of
    the first rule it breaks. Another job of the same shape passes its own records file.
    """
    spec = _resolve_refs(records["record"], records)
    builder = java_class("RecordSpec").builder(spec["malformedReason"])
    for f in spec["fields"]:
        if f["type"] == "string":
            builder.stringField(f["name"], f.get("trimSpaces", False), f.get("pattern"), f["missingReason"], f["invalidReason"])
        elif f["type"] == "double":
            builder.doubleField(
                f["name"], f.get("acceptNumericStrings", False), float(f["maxAbs"]), f["missingReason"], f["invalidReason"]
            )
        elif f["type"] == "timestamp":
            builder.eventTimeField(
                f["name"], f["missingReason"], f["invalidReason"], f["earliest"], f["latest"],
                f["outOfRangeReason"], f["aheadReason"],
            )
        else:
            raise ConfigError(f"records.json: field '{f['name']}' has type '{f['type']}', not one of string, double, timestamp")
    return builder.build()


def event_time_column(records: dict = RECORDS) -> str:
    """The name of the record's timestamp field, which is also the table's time attribute."""
    return next(f["name"] for f in records["record"]["fields"] if f["type"] == "timestamp")


EVENT_TIME = event_time_column()


# ---------------------------------------------------------------------------
# 4. Source
# ---------------------------------------------------------------------------

def _epoch_seconds(iso: str) -> str:
    parsed = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return f"{parsed.timestamp():.3f}"


def kinesis_consumer_properties(cfg: JobConfig) -> Dict[str, str]:
    """The properties of the connector's Kinesis consumer (flink-connector-kinesis 4.x).

    That consumer names the stream, not its ARN; the contract carries the ARN so that a
    move to the 5.x connector changes only this function and JobSources.kinesis.
    """
    options = {
        "aws.region": cfg.region,
        "flink.stream.initpos": cfg.init_position,
    }
    if cfg.init_position == "AT_TIMESTAMP" and cfg.init_timestamp:
        options["flink.stream.initpos.timestamp"] = _epoch_seconds(cfg.init_timestamp)
    if cfg.reader_type == "EFO":
        options["flink.stream.recordpublisher"] = "EFO"
        options["flink.stream.efo.consumername"] = cfg.efo_consumer_name or ""
    if cfg.endpoint:
        options["aws.endpoint"] = cfg.endpoint
    return options


def _java_properties(values: Dict[str, str]):
    from pyflink.java_gateway import get_gateway

    properties = get_gateway().jvm.java.util.Properties()
    for key, value in values.items():
        properties.setProperty(key, value)
    return properties


def kinesis_records(env, cfg: JobConfig):
    """The stream's records, parsed in the JVM, stamped with event time, watermarks per shard."""
    from pyflink.datastream.data_stream import DataStream

    j_stream = java_class("JobSources").kinesis(
        env._j_stream_execution_environment,
        cfg.stream_name,
        _java_properties(kinesis_consumer_properties(cfg)),
        record_spec(),
        cfg.window_seconds * 1000,
        cfg.watermark_delay_seconds * 1000,
        cfg.event_time_max_ahead_seconds * 1000,
    )
    return DataStream(j_stream)


def file_records(env, path: str, cfg: JobConfig, reference_millis: int = -1, name: str = "records"):
    """A file of records, one per line, through the same parser (tests and benchmarks).

    reference_millis stands in for the time Kinesis received each record (the
    ahead-of-time rule); -1 means the wall clock when the line is parsed. `name`
    tells the operators of several such sources in one job apart.
    """
    from pyflink.datastream.data_stream import DataStream

    j_stream = java_class("JobSources").file(
        env._j_stream_execution_environment,
        name,
        path,
        record_spec(),
        cfg.window_seconds * 1000,
        cfg.watermark_delay_seconds * 1000,
        cfg.event_time_max_ahead_seconds * 1000,
        reference_millis,
    )
    return DataStream(j_stream)


def register_records(t_env, records, table: str = SOURCE_TABLE) -> None:
    """The records as a table: their columns (RecordRow), and the event time as the time attribute.

    SOURCE_WATERMARK() keeps the source's own watermarks (per shard), instead of a
    watermark assigned after the source, per subtask.
    """
    from pyflink.table import DataTypes, Schema

    schema = (
        Schema.new_builder()
        .column_by_metadata(EVENT_TIME, DataTypes.TIMESTAMP_LTZ(3), "rowtime")
        .watermark(EVENT_TIME, "SOURCE_WATERMARK()")
        .build()
    )
    t_env.create_temporary_view(table, t_env.from_data_stream(records, schema))


# ---------------------------------------------------------------------------
# 5. Query
# ---------------------------------------------------------------------------

def sql_interval(seconds: int) -> str:
    """An interval literal for any length: 'n' SECOND alone takes at most 99 seconds (SECOND(2))."""
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    return f"INTERVAL '{days} {hours:02d}:{minutes:02d}:{secs:02d}' DAY TO SECOND"


def valid_events_view_ddl(source: str = SOURCE_TABLE, view: str = VALID_EVENTS_VIEW) -> str:
    """The valid records as (ticker, price, event_time); event_time stays the time attribute."""
    return f"""
CREATE TEMPORARY VIEW {view} AS
SELECT ticker, price, {EVENT_TIME}
FROM {source}
WHERE reason IS NULL"""


def window_query(window_seconds: int, source: str = VALID_EVENTS_VIEW) -> str:
    """Event-time tumbling window per ticker, windows half-open: [start, end)."""
    return f"""
SELECT
  window_start,
  window_end,
  AVG(price) AS avg_price,
  MIN(price) AS min_price,
  MAX(price) AS max_price,
  COUNT(*) AS event_count,
  ticker
FROM TABLE(TUMBLE(TABLE {source}, DESCRIPTOR({EVENT_TIME}), {sql_interval(window_seconds)}))
GROUP BY ticker, window_start, window_end"""


def rejected_query(source: str = SOURCE_TABLE) -> str:
    return f"""
SELECT reason, payload
FROM {source}
WHERE reason IS NOT NULL"""


# ---------------------------------------------------------------------------
# 6. Sink
# ---------------------------------------------------------------------------

def _with_clause(options: Dict[str, str]) -> str:
    return ",\n  ".join(f"{_sql_string(k)} = {_sql_string(v)}" for k, v in options.items())


def _sql_string(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _file_sink_options(path: str, partitioned: bool) -> Dict[str, str]:
    options = {
        "connector": "filesystem",
        "path": path,
        "format": OUTPUT["format"],
        # 'yyyy-MM-dd HH:mm:ss' (a fraction only when it is not zero): what the Glue
        # table's Hive JSON SerDe parses as timestamp.
        "json.timestamp-format.standard": "SQL",
        # Each window's rows arrive together; roll the file once they are written so the
        # next checkpoint commits it, instead of waiting for the 30-minute default.
        "sink.rolling-policy.inactivity-interval": "1 s",
        "sink.rolling-policy.check-interval": "1 s",
        "sink.rolling-policy.rollover-interval": "1 min",
    }
    if partitioned:
        options.update(
            {
                "sink.partition-commit.trigger": "process-time",
                "sink.partition-commit.delay": "0 s",
                "sink.partition-commit.policy.kind": "success-file",
                "sink.partition-commit.success-file.name": OUTPUT["successFile"],
            }
        )
    return options


def results_table_ddl(path: str, table: str = RESULTS_TABLE) -> str:
    columns = ",\n  ".join(f"{c['name']} {c['flinkType']}" for c in OUTPUT["columns"])
    key = OUTPUT["partitionKey"]["name"]
    return f"""
CREATE TABLE {table} (
  {columns},
  {key} STRING
) PARTITIONED BY ({key}) WITH (
  {_with_clause(_file_sink_options(path, partitioned=True))}
)"""


def rejected_table_ddl(path: str, table: str = REJECTED_TABLE) -> str:
    columns = ",\n  ".join(f"{c['name']} {c['flinkType']}" for c in OUTPUT["rejectedColumns"])
    return f"""
CREATE TABLE {table} (
  {columns}
) WITH (
  {_with_clause(_file_sink_options(path, partitioned=False))}
)"""


# ---------------------------------------------------------------------------
# 7. Environment and run
# ---------------------------------------------------------------------------

def local_flink_config() -> Dict[str, str]:
    """The JSON object of Flink options in the file FLINK_LOCAL_CONFIG names ({} when unset)."""
    path = os.environ.get(LOCAL_CONFIG_ENV)
    if not path:
        return {}
    with open(path, encoding="utf-8") as f:
        options = json.load(f)
    if not isinstance(options, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in options.items()):
        raise ConfigError(f"{LOCAL_CONFIG_ENV}={path}: must hold a JSON object of string keys and string values")
    return options


def local_settings() -> Tuple[Dict[str, str], str]:
    """Flink options and the connector jar of a local run: the project's defaults, then FLINK_LOCAL_CONFIG."""
    jar = os.environ.get(LOCAL_JAR_ENV, str(HERE / "lib" / "pyflink-dependencies.jar"))
    if not os.path.isfile(jar):
        raise FileNotFoundError(f"{jar} not found: build it with `npm run build:jar`")
    options = {"execution.checkpointing.interval": local_checkpoint_interval()}
    options.update(local_flink_config())
    return options, Path(jar).resolve().as_uri()


def create_environments(options: Optional[Dict[str, str]] = None, jar_uri: Optional[str] = None):
    """The stream and table environments, with Flink `options` and (locally) the connector jar."""
    from pyflink.common import Configuration
    from pyflink.datastream import StreamExecutionEnvironment
    from pyflink.table import EnvironmentSettings, StreamTableEnvironment

    config = Configuration()
    for key, value in (options or {}).items():
        config.set_string(key, value)
    env = StreamExecutionEnvironment.get_execution_environment(config)
    if jar_uri:
        # Also puts the jar on the py4j gateway's class loader, which the job's Java classes load from.
        env.add_jars(jar_uri)
    t_env = StreamTableEnvironment.create(env, EnvironmentSettings.in_streaming_mode())
    table_config = t_env.get_config()
    table_config.set("table.local-time-zone", "UTC")
    # One window operator per event, no local pre-aggregation: its numLateRecordsDropped
    # then counts each late event once, not once per pre-aggregated group of them.
    table_config.set("table.optimizer.agg-phase-strategy", "ONE_PHASE")
    return env, t_env


def add_pipeline(t_env, records, cfg: JobConfig, statements=None, suffix: str = ""):
    """Declares the records table and both sinks, and adds both inserts to `statements`.

    Returns the statement set (a new one unless given). `suffix` names the tables apart,
    so that tests can run several pipelines in one Flink job.
    """
    source, view = SOURCE_TABLE + suffix, VALID_EVENTS_VIEW + suffix
    results, rejected = RESULTS_TABLE + suffix, REJECTED_TABLE + suffix
    register_records(t_env, records, source)
    t_env.execute_sql(results_table_ddl(cfg.output_path, results))
    t_env.execute_sql(rejected_table_ddl(cfg.rejected_path, rejected))
    t_env.execute_sql(valid_events_view_ddl(source, view))
    if statements is None:
        statements = t_env.create_statement_set()
    statements.add_insert_sql(f"INSERT INTO {results} {window_query(cfg.window_seconds, view)}")
    statements.add_insert_sql(f"INSERT INTO {rejected} {rejected_query(source)}")
    return statements


def main() -> None:
    cfg = job_config(read_property_groups(properties_file()))
    print(
        f"ticker job: {cfg.stream_arn} ({cfg.init_position}, {cfg.reader_type}) -> {cfg.output_path}, "
        f"{cfg.window_seconds}s windows, {cfg.watermark_delay_seconds}s watermark delay, "
        f"events at most {cfg.event_time_max_ahead_seconds}s ahead"
    )
    # On Managed Flink the jar and every option come from the application itself.
    env, t_env = create_environments(*local_settings()) if is_local() else create_environments()
    result = add_pipeline(t_env, kinesis_records(env, cfg), cfg).execute()
    if is_local():
        # Managed Flink keeps the job running itself; a local run must block here.
        result.wait()


if __name__ == "__main__":
    main()
