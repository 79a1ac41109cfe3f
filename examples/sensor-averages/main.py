# -*- coding: utf-8 -*-
"""
main.py: sensor-averages, a second PyFlink job for StreamingAnalyticsPipeline.

Reads sensor readings {device_id, region, event_time, temperature, humidity} from a
Kinesis data stream, computes per-device statistics over event-time hopping
windows (5 minutes long, one every minute, by default), and writes them as
Parquet, partitioned by UTC day and region: dt=2026-12-01/region=eu/part-*.

  1. Application properties: the property groups of the Managed Flink application
  2. Job configuration: the typed, validated view of those groups
  3. Source: the Kinesis table, raw payload, its event time and the watermark
  4. Query: the valid readings, their hopping-window aggregate, the rejected records
  5. Sink: the two tables job.json declares
  6. Table environment and run

job.json, next to this file (in the repository and in the application zip), is the
job's descriptor, and this file reads it for everything it declares: the tables'
columns, partition keys and formats, the property through which the component
hands over each table's folder, the regions (the region key's projection), the
earliest day (the dt key's projection) and the window defaults. The input group's
names come from contract/properties.json, as for the ticker job.

Bad input never fails the job and never moves event time: a record that is not a
JSON object, or lacks a valid device_id, region, event_time, temperature or
humidity, is written with its reason to the rejected table. A reading that
arrives after the watermark has passed the end of a window it belongs to is left
out of that window (Flink's window operator drops it, and counts the drops in its
numLateRecordsDropped metric once every window it belongs to has closed); windows
that are still open take it.
"""

import json
import os
import re
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Dict, List, Optional

HERE = Path(os.path.dirname(os.path.realpath(__file__)))
SHARED_MODULE = "application_properties.py"


def _shared_module_dir() -> Path:
    # In the application zip the shared module sits next to main.py; in the repository in flink-src/.
    for folder in (HERE, *(parent / "flink-src" for parent in HERE.parents)):
        if (folder / SHARED_MODULE).is_file():
            return folder
    raise FileNotFoundError(f"{SHARED_MODULE} not found next to {HERE} or in a flink-src/ above it")


if str(_shared_module_dir()) not in sys.path:
    sys.path.append(str(_shared_module_dir()))

# 1. Application properties: the module the ticker job (flink-src/main.py) reads them with.
from application_properties import (  # noqa: E402,F401  (part of this module's interface)
    LOCAL_CHECKPOINT_ENV,
    LOCAL_CHECKPOINT_INTERVAL,
    LOCAL_CONFIG_ENV,
    LOCAL_JAR_ENV,
    STREAM_ARN,
    ConfigError,
    contract_value,
    is_local,
    local_checkpoint_interval,
    properties_file,
    read_property_groups,
)

SOURCE_TABLE = "sensor_readings"
VALID_READINGS_VIEW = "valid_sensor_readings"


def _contract_dir() -> Path:
    # In the application zip contract/ sits next to main.py; in the repository at its root.
    for folder in (HERE, *HERE.parents):
        if (folder / "contract" / "properties.json").is_file():
            return folder / "contract"
    raise FileNotFoundError(f"contract/properties.json not found next to or above {HERE}")


def _load_json(path: Path) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


JOB = _load_json(HERE / "job.json")
PROPERTIES = _load_json(_contract_dir() / "properties.json")
CONNECTOR = _load_json(_contract_dir() / "kinesis-connector.json")

TABLES = {table["id"]: table for table in JOB["tables"]}
RESULTS, REJECTED = TABLES["results"], TABLES["rejected"]
_KEYS = {key["name"]: key for key in RESULTS["partitionKeys"]}
# The regions a reading may name: exactly the partitions Athena's projection knows.
REGIONS: List[str] = _KEYS["region"]["projection"]["values"]
# The dt folder's format, and the first day the projection covers: an earlier
# reading would be written where no query finds it, so it is rejected instead.
DAY_FORMAT: str = _KEYS["dt"]["projection"]["format"]
EARLIEST_EVENT_MILLIS = int(
    datetime.strptime(_KEYS["dt"]["projection"]["range"][0], "%Y-%m-%d").replace(tzinfo=timezone.utc).timestamp() * 1000
)
# A reading stamped further ahead of the job's clock than this is rejected: one
# device with a wrong clock would otherwise move the watermark past every other
# device's readings, which would then all be late.
MAX_AHEAD_SECONDS = 600
TEMPERATURE_RANGE = (-90.0, 60.0)  # degrees Celsius: the surface records, rounded outwards
HUMIDITY_RANGE = (0.0, 100.0)  # percent relative humidity
DEVICE_ID_PATTERN = r"[A-Za-z0-9._:-]{1,64}"
REJECT_REASONS = (
    "malformed_json",
    "invalid_device_id",
    "invalid_region",
    "invalid_event_time",
    "invalid_temperature",
    "invalid_humidity",
    "future_event_time",
)

WINDOW_GROUP = "HopWindow0"
WINDOW_DEFAULTS: Dict[str, str] = JOB["propertyGroups"][WINDOW_GROUP]


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
    stats_path: str
    rejected_path: str
    window_seconds: int
    slide_seconds: int
    watermark_delay_seconds: int


def _input_value(groups: Dict[str, Dict[str, str]], field: str) -> Optional[str]:
    """One key of the input group (contract/properties.json): its default, and its allowed values."""
    contract = PROPERTIES["input"]
    return contract_value(groups, contract, contract["keys"][field])


def _table_path(groups: Dict[str, Dict[str, str]], table: dict) -> str:
    """The folder the component hands over through the table's pathProperty."""
    group, key = table["pathProperty"]["group"], table["pathProperty"]["key"]
    uri = (groups.get(group, {}).get(key) or "").strip()
    if not re.match(r"^(s3a?|file)://", uri):
        raise ConfigError(f"{group}.{key}: '{uri}' must start with s3a://, s3:// or file:// (the folder of table {table['id']})")
    return uri if uri.endswith("/") else uri + "/"


def _seconds(groups: Dict[str, Dict[str, str]], key: str, minimum: int, maximum: int) -> int:
    value = (groups.get(WINDOW_GROUP, {}).get(key) or "").strip() or WINDOW_DEFAULTS[key]
    # A regex, not int(): int() also takes '1_0', '+5' and ' 5'.
    if not re.fullmatch(r"[0-9]{1,6}", value) or not minimum <= int(value) <= maximum:
        raise ConfigError(f"{WINDOW_GROUP}.{key}: '{value}' must be a whole number of seconds from {minimum} to {maximum}")
    return int(value)


def job_config(groups: Dict[str, Dict[str, str]]) -> JobConfig:
    inp = PROPERTIES["input"]
    stream_arn = _input_value(groups, "streamArn") or ""
    region = _input_value(groups, "region") or ""
    arn_key = f"{inp['groupId']}.{inp['keys']['streamArn']}"
    match = STREAM_ARN.match(stream_arn)
    if not match:
        raise ConfigError(f"{arn_key}: '{stream_arn}' is not a Kinesis stream ARN (arn:<partition>:kinesis:<region>:<account>:stream/<name>)")
    if match.group(2) != region:
        raise ConfigError(f"{inp['groupId']}.{inp['keys']['region']}: '{region}' differs from the region of {arn_key} ('{match.group(2)}')")

    init_position = _input_value(groups, "initPosition") or ""
    init_timestamp = _input_value(groups, "initTimestamp")
    if init_position == "AT_TIMESTAMP":
        timestamp_key = f"{inp['groupId']}.{inp['keys']['initTimestamp']}"
        try:
            _epoch_seconds(init_timestamp or "")
        except ValueError:
            raise ConfigError(
                f"{timestamp_key}: '{init_timestamp or ''}' must be an ISO-8601 timestamp, e.g. 2026-11-25T12:00:00Z, "
                "when source.init.position is AT_TIMESTAMP"
            ) from None
    reader_type = _input_value(groups, "readerType") or ""
    efo_consumer_name = _input_value(groups, "efoConsumerName")
    if reader_type == "EFO" and not efo_consumer_name:
        raise ConfigError(f"{inp['groupId']}.{inp['keys']['efoConsumerName']}: missing; required when source.reader.type is EFO")

    stats_path, rejected_path = _table_path(groups, RESULTS), _table_path(groups, REJECTED)
    if stats_path.startswith(rejected_path) or rejected_path.startswith(stats_path):
        key = REJECTED["pathProperty"]
        raise ConfigError(f"{key['group']}.{key['key']}: '{rejected_path}' must not lie inside or around '{stats_path}'")

    window = _seconds(groups, "window.seconds", 1, 86400)
    slide = _seconds(groups, "slide.seconds", 1, window)
    # Flink slices hopping windows by the slide, so the size must be a whole number of slides.
    if window % slide:
        raise ConfigError(f"{WINDOW_GROUP}.slide.seconds: '{slide}' must divide window.seconds ({window}) evenly")
    return JobConfig(
        stream_arn=stream_arn,
        stream_name=match.group(4),
        region=region,
        init_position=init_position,
        init_timestamp=init_timestamp,
        reader_type=reader_type,
        efo_consumer_name=efo_consumer_name,
        endpoint=_input_value(groups, "endpoint"),
        stats_path=stats_path,
        rejected_path=rejected_path,
        window_seconds=window,
        slide_seconds=slide,
        watermark_delay_seconds=_seconds(groups, "watermark.delay.seconds", 0, 3600),
    )


# ---------------------------------------------------------------------------
# 3. Source
# ---------------------------------------------------------------------------

def _epoch_seconds(iso: str) -> str:
    parsed = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return f"{parsed.timestamp():.3f}"


def kinesis_source_options(cfg: JobConfig) -> Dict[str, str]:
    """WITH options of the Kinesis table, for the connector in contract/kinesis-connector.json (4.x: by stream name)."""
    options = {
        "connector": CONNECTOR["tableConnector"],
        "stream": cfg.stream_name,
        "aws.region": cfg.region,
        "scan.stream.initpos": cfg.init_position,
        # The raw payload is checked in SQL, so a malformed record is a row to reject, not a job failure.
        "format": "raw",
    }
    if cfg.init_position == "AT_TIMESTAMP" and cfg.init_timestamp:
        options["scan.stream.initpos-timestamp"] = _epoch_seconds(cfg.init_timestamp)
    if cfg.reader_type == "EFO":
        options["scan.stream.recordpublisher"] = "EFO"
        options["scan.stream.efo.consumername"] = cfg.efo_consumer_name or ""
    if cfg.endpoint:
        options["aws.endpoint"] = cfg.endpoint
    return options


def _sql_string(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _json_text(field: str) -> str:
    # The field re-serialised inside [ ] ('["eu"]', '[21.5]'), NULL when absent or
    # null: one expression that tells a string from a number from anything else.
    return f"JSON_QUERY(payload, '$.{field}' WITH ARRAY WRAPPER)"


def _value(field: str) -> str:
    return f"JSON_VALUE(payload, '$.{field}')"


def _matches(expr: str, pattern: str) -> str:
    # REGEXP finds a match anywhere, and Java's '$' also matches before a final newline: anchor with \z.
    anchored = "^(?:" + pattern + r")\z"
    return f"REGEXP({expr}, {_sql_string(anchored)})"


NUMBER = r"\[-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?\]"
WHOLE_NUMBER = r"\[[0-9]{1,15}\]"


def _number_between(field: str, bounds: tuple) -> str:
    # Only JSON numbers: a numeric string, true or a number too large for a double
    # (re-serialised as the string "Infinity") does not pass.
    return f"({_matches(_json_text(field), NUMBER)} AND TRY_CAST({_value(field)} AS DOUBLE) BETWEEN {bounds[0]} AND {bounds[1]})"


_EVENT_MILLIS = f"TRY_CAST({_value('event_time')} AS BIGINT)"
VALID_DEVICE_ID = _matches(_json_text("device_id"), r'\["' + DEVICE_ID_PATTERN + r'"\]')
VALID_REGION = f"{_json_text('region')} IN ({', '.join(_sql_string(json.dumps([r])) for r in REGIONS)})"
# Whole milliseconds since the epoch, from the dt projection's first day: a
# 10-digit value in seconds is rejected instead of being read as January 1970.
VALID_EVENT_TIME = f"({_matches(_json_text('event_time'), WHOLE_NUMBER)} AND {_EVENT_MILLIS} >= {EARLIEST_EVENT_MILLIS})"
NOT_AHEAD = f"{_EVENT_MILLIS} <= (UNIX_TIMESTAMP() + {MAX_AHEAD_SECONDS}) * 1000"
VALID_TEMPERATURE = _number_between("temperature", TEMPERATURE_RANGE)
VALID_HUMIDITY = _number_between("humidity", HUMIDITY_RANGE)

# Only a valid reading moves event time. A rejected record gets the epoch, which
# never advances the watermark and which no valid reading can have (they start at
# EARLIEST_EVENT_MILLIS): one bad record stamped far ahead cannot make the readings
# after it late.
_EPOCH = "TO_TIMESTAMP_LTZ(0, 3)"
ROWTIME_EXPR = (
    f"CASE WHEN {VALID_DEVICE_ID} AND {VALID_REGION} AND {VALID_EVENT_TIME} AND {VALID_TEMPERATURE} "
    f"AND {VALID_HUMIDITY} AND {NOT_AHEAD} THEN TO_TIMESTAMP_LTZ({_EVENT_MILLIS}, 3) ELSE {_EPOCH} END"
)


def _with_clause(options: Dict[str, str]) -> str:
    return ",\n  ".join(f"{_sql_string(k)} = {_sql_string(v)}" for k, v in options.items())


def _interval(seconds: int) -> str:
    # INTERVAL 'n' SECOND only takes two digits; HOUR TO SECOND takes up to 99 hours.
    return f"INTERVAL '{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}' HOUR TO SECOND"


def create_source(t_env, cfg: JobConfig, connector_options: Optional[Dict[str, str]] = None) -> None:
    """The source table: the raw payload, its event time, the watermark.

    The only place the input is declared: tests pass a filesystem source's
    options, and a move to another Kinesis source changes this function alone.
    """
    options = connector_options if connector_options is not None else kinesis_source_options(cfg)
    t_env.execute_sql(f"""
CREATE TABLE {SOURCE_TABLE} (
  payload STRING,
  event_time AS {ROWTIME_EXPR},
  WATERMARK FOR event_time AS event_time - {_interval(cfg.watermark_delay_seconds)}
) WITH (
  {_with_clause(options)}
)""")


# ---------------------------------------------------------------------------
# 4. Query
# ---------------------------------------------------------------------------

def valid_readings_view_ddl() -> str:
    """The valid readings, typed; event_time stays the time attribute."""
    return f"""
CREATE TEMPORARY VIEW {VALID_READINGS_VIEW} AS
SELECT
  {_value('device_id')} AS device_id,
  {_value('region')} AS region,
  TRY_CAST({_value('temperature')} AS DOUBLE) AS temperature,
  TRY_CAST({_value('humidity')} AS DOUBLE) AS humidity,
  event_time
FROM {SOURCE_TABLE}
WHERE event_time > {_EPOCH}"""


# What the job computes for each column and partition key of the results table;
# job.json decides their order and their types.
RESULT_EXPRESSIONS = {
    "window_start": "window_start",
    "window_end": "window_end",
    "device_id": "device_id",
    "avg_temperature": "AVG(temperature)",
    "min_temperature": "MIN(temperature)",
    "max_temperature": "MAX(temperature)",
    "avg_humidity": "AVG(humidity)",
    "reading_count": "COUNT(*)",
    "dt": f"DATE_FORMAT(window_start, {_sql_string(DAY_FORMAT)})",
    "region": "region",
}


def _result_names() -> List[str]:
    return [c["name"] for c in RESULTS["columns"]] + [k["name"] for k in RESULTS["partitionKeys"]]


def window_query(cfg: JobConfig) -> str:
    """Event-time hopping windows per device, half-open: [start, end). A reading is in window/slide windows."""
    names = _result_names()
    if set(names) != set(RESULT_EXPRESSIONS):
        raise ConfigError(
            f"job.json tables[results]: columns and partition keys {sorted(names)} must be exactly {sorted(RESULT_EXPRESSIONS)}"
        )
    select = ",\n  ".join(f"{RESULT_EXPRESSIONS[name]} AS {name}" for name in names)
    hop = f"HOP(TABLE {VALID_READINGS_VIEW}, DESCRIPTOR(event_time), {_interval(cfg.slide_seconds)}, {_interval(cfg.window_seconds)})"
    return f"""
SELECT
  {select}
FROM TABLE({hop})
GROUP BY window_start, window_end, device_id, region"""


def rejected_query() -> str:
    malformed, device_id, region, event_time, temperature, humidity, future = REJECT_REASONS
    # Checked in this order, so each record gets the first reason that applies. The
    # clock is read again here: a record rejected for being ahead is the one that
    # passes every other check, so it is named by elimination.
    return f"""
SELECT
  CASE
    WHEN NOT payload IS JSON OBJECT THEN '{malformed}'
    WHEN NOT COALESCE({VALID_DEVICE_ID}, FALSE) THEN '{device_id}'
    WHEN NOT COALESCE({VALID_REGION}, FALSE) THEN '{region}'
    WHEN NOT COALESCE({VALID_EVENT_TIME}, FALSE) THEN '{event_time}'
    WHEN NOT COALESCE({VALID_TEMPERATURE}, FALSE) THEN '{temperature}'
    WHEN NOT COALESCE({VALID_HUMIDITY}, FALSE) THEN '{humidity}'
    ELSE '{future}'
  END AS reason,
  payload
FROM {SOURCE_TABLE}
WHERE event_time = {_EPOCH}"""


# ---------------------------------------------------------------------------
# 5. Sink
# ---------------------------------------------------------------------------

# Glue types of job.json, as Flink declares them.
FLINK_TYPES = {"string": "STRING", "double": "DOUBLE", "bigint": "BIGINT", "timestamp": "TIMESTAMP(3)"}


def _flink_type(table: dict, column: dict) -> str:
    if column["type"] not in FLINK_TYPES:
        raise ConfigError(
            f"job.json tables[{table['id']}].{column['name']}: type '{column['type']}' is not one of {', '.join(FLINK_TYPES)}"
        )
    return FLINK_TYPES[column["type"]]


def _format_options(table: dict) -> Dict[str, str]:
    if table["format"] == "parquet":
        # Parquet files roll on every checkpoint. Timestamps are written as INT96
        # (what Athena's Parquet SerDe reads) in UTC, not in the JVM's zone.
        return {"format": "parquet", "parquet.utc-timezone": "true"}
    return {
        "format": "json",
        # Roll the file once a batch is written so the next checkpoint commits it,
        # instead of waiting for the 30-minute default.
        "sink.rolling-policy.inactivity-interval": "1 s",
        "sink.rolling-policy.check-interval": "1 s",
        "sink.rolling-policy.rollover-interval": "1 min",
    }


def sink_table_ddl(table: dict, path: str) -> str:
    """A filesystem table laid out as job.json declares it, named by its id."""
    keys = [k["name"] for k in table["partitionKeys"]]
    columns = ",\n  ".join(f"{c['name']} {_flink_type(table, c)}" for c in table["columns"] + table["partitionKeys"])
    options = {"connector": "filesystem", "path": path, **_format_options(table)}
    partitioned = ""
    if keys:
        partitioned = f"PARTITIONED BY ({', '.join(keys)}) "
        # Each partition gets a _SUCCESS file once committed (Athena skips names starting with _ or .).
        options.update(
            {
                "sink.partition-commit.trigger": "process-time",
                "sink.partition-commit.delay": "0 s",
                "sink.partition-commit.policy.kind": "success-file",
            }
        )
    return f"""
CREATE TABLE {table['id']} (
  {columns}
) {partitioned}WITH (
  {_with_clause(options)}
)"""


# ---------------------------------------------------------------------------
# 6. Table environment and run
# ---------------------------------------------------------------------------

def create_table_environment():
    from pyflink.table import EnvironmentSettings, TableEnvironment

    t_env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
    config = t_env.get_config()
    config.set("table.local-time-zone", "UTC")
    # With more subtasks than shards, idle subtasks would hold the watermark back forever.
    config.set("table.exec.source.idle-timeout", "30 s")
    if is_local():
        jar = os.environ.get(LOCAL_JAR_ENV, str(HERE / JOB["jarFile"]))
        if not os.path.isfile(jar):
            raise FileNotFoundError(f"{jar} not found: build it with `npm run build:jar -- examples/sensor-averages`")
        config.set("pipeline.jars", Path(jar).resolve().as_uri())
        config.set("execution.checkpointing.interval", local_checkpoint_interval())
        if os.environ.get(LOCAL_CONFIG_ENV):
            for key, value in _load_json(Path(os.environ[LOCAL_CONFIG_ENV])).items():
                config.set(key, str(value))
    return t_env


def add_pipeline(t_env, cfg: JobConfig, connector_options: Optional[Dict[str, str]] = None):
    """Declares source and sinks and returns the statement set with both inserts."""
    create_source(t_env, cfg, connector_options)
    t_env.execute_sql(sink_table_ddl(RESULTS, cfg.stats_path))
    t_env.execute_sql(sink_table_ddl(REJECTED, cfg.rejected_path))
    t_env.execute_sql(valid_readings_view_ddl())
    statements = t_env.create_statement_set()
    statements.add_insert_sql(f"INSERT INTO {RESULTS['id']} {window_query(cfg)}")
    statements.add_insert_sql(f"INSERT INTO {REJECTED['id']} {rejected_query()}")
    return statements


def main() -> None:
    cfg = job_config(read_property_groups(properties_file()))
    print(
        f"{JOB['name']}: {cfg.stream_arn} ({cfg.init_position}, {cfg.reader_type}) -> {cfg.stats_path}, "
        f"{cfg.window_seconds}s windows every {cfg.slide_seconds}s, {cfg.watermark_delay_seconds}s watermark delay"
    )
    t_env = create_table_environment()
    result = add_pipeline(t_env, cfg).execute()
    if is_local():
        # Managed Flink keeps the job running itself; a local run must block here.
        result.wait()


if __name__ == "__main__":
    main()
