# -*- coding: utf-8 -*-
"""
The job as it was before per-shard watermarks (flink-src/main.py on main at commit
a3647f9), kept for bench/local/backlog.ts only: the "before" of its before/after
table. It reads the Kinesis table source as raw strings, parses in SQL, and assigns
the watermark after the source, per subtask. Three changes, marked "bench:", let it
run against today's contract and take a parallelism; nothing else differs.

main.py: the PyFlink job of StreamingAnalyticsPipeline.

Reads stock-ticker events {event_time, ticker, price} from a Kinesis data stream,
computes per-ticker price statistics over event-time tumbling windows, and writes
them as JSON lines to a filesystem path (S3 when deployed), partitioned by ticker.

  1. Application properties: the property groups of the Managed Flink application
  2. Job configuration: the typed, validated view of those groups
  3. Source: the Kinesis table, raw payload, its event time and the watermark
  4. Query: the valid events, their tumbling-window aggregate, the rejected records
  5. Sink: the partitioned results table and the rejected-records table
  6. Table environment and run

Property group and key names come from contract/properties.json, which the Pulumi
component and the local pipeline read too. The sink schema comes from
contract/job.json, which the Glue tables are built from.

Bad input never fails the job: a record that is not a JSON object, or lacks a
valid ticker, a numeric price or a parseable event_time, is written with its
reason to OutputPath0.rejected.path instead of being aggregated. Events that
arrive after the watermark has passed their window are dropped by Flink's window
operator (its numLateRecordsDropped metric counts the drops, after the local
pre-aggregation of the two-phase window aggregate, so not always one per event).
"""

import json
import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Dict, Optional

DEFAULT_PROPERTIES_FILE = "/etc/flink/application_properties.json"
PROPERTIES_FILE_ENV = "FLINK_APPLICATION_PROPERTIES"
# Local runs only: the connector jar and the checkpoint interval. On Managed Flink
# the jar comes from the run options and checkpointing from the application config.
LOCAL_JAR_ENV = "PYFLINK_DEPENDENCIES_JAR"
LOCAL_CHECKPOINT_ENV = "FLINK_CHECKPOINT_INTERVAL"

HERE = Path(os.path.dirname(os.path.realpath(__file__)))

SOURCE_TABLE = "ticker_events"
VALID_EVENTS_VIEW = "valid_ticker_events"
RESULTS_TABLE = "ticker_window_stats"
REJECTED_TABLE = "rejected_events"


def _contract_dir() -> Path:
    # bench: the repository's contract/, three levels up.
    for candidate in (HERE.parents[2] / "contract",):
        if (candidate / "properties.json").is_file():
            return candidate
    raise FileNotFoundError(f"contract/properties.json not found next to or above {HERE}")


def _load_contract(name: str) -> dict:
    with open(_contract_dir() / name, encoding="utf-8") as f:
        return json.load(f)


PROPERTIES = _load_contract("properties.json")


def _sink_schema() -> dict:
    """The sink schema, from the job's descriptor (contract/job.json), which the Glue tables are built from.

    Part files and the success file keep the filesystem sink's default names, which
    readers of the output (the local pipeline, Athena) rely on."""
    tables = {t["id"]: t for t in _load_contract("job.json")["tables"]}
    results, rejected = tables["table"], tables["rejected_table"]
    return {
        "format": results["format"],
        "committedFilePrefix": _load_contract("file-sink.json")["committedFilePrefix"],
        "successFile": _load_contract("file-sink.json")["successFile"],
        "columns": results["columns"],
        "partitionKey": results["partitionKeys"][0],
        "rejectedColumns": rejected["columns"],
    }


OUTPUT = _sink_schema()
RECORDS = _load_contract("records.json")
CONNECTOR = _load_contract("kinesis-connector.json")


# ---------------------------------------------------------------------------
# 1. Application properties
# ---------------------------------------------------------------------------

def properties_file() -> str:
    return os.environ.get(PROPERTIES_FILE_ENV, DEFAULT_PROPERTIES_FILE)


def is_local() -> bool:
    return PROPERTIES_FILE_ENV in os.environ


def read_property_groups(path: str) -> Dict[str, Dict[str, str]]:
    """Returns {PropertyGroupId: PropertyMap} from the service's JSON list."""
    with open(path, encoding="utf-8") as f:
        groups = json.load(f)
    if not isinstance(groups, list):
        raise ValueError(f"{path}: expected a list of {{PropertyGroupId, PropertyMap}}, got {type(groups).__name__}")
    return {g["PropertyGroupId"]: {k: str(v) for k, v in g["PropertyMap"].items()} for g in groups}


# ---------------------------------------------------------------------------
# 2. Job configuration
# ---------------------------------------------------------------------------

STREAM_ARN = re.compile(r"^arn:(aws[a-z-]*):kinesis:([a-z0-9-]+):(\d{12}):stream/([a-zA-Z0-9_.-]{1,128})$")


class ConfigError(ValueError):
    pass


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


def _group_values(groups: Dict[str, Dict[str, str]], contract: dict) -> Dict[str, Optional[str]]:
    """Looks up every key of one contract group, applying defaults and checking rules."""
    group_id = contract["groupId"]
    given = groups.get(group_id, {})
    values: Dict[str, Optional[str]] = {}
    for field, key in contract["keys"].items():
        value = (given.get(key) or "").strip() or contract["defaults"].get(key)
        if key in contract["required"] and not value:
            raise ConfigError(f"{group_id}.{key}: missing; the job cannot start without it")
        allowed = contract["allowed"].get(key)
        if value and allowed and value not in allowed:
            raise ConfigError(f"{group_id}.{key}: '{value}' is not one of {', '.join(allowed)}")
        values[field] = value or None
    return values


def _whole_seconds(group_id: str, key: str, value: Optional[str], minimum: int) -> int:
    # A regex, not int(): int() also takes '1_0', '+5' and ' 5'.
    number = int(value) if value is not None and re.fullmatch(r"[0-9]{1,9}", value) else minimum - 1
    if number < minimum:
        rule = "a whole number of seconds greater than 0" if minimum == 1 else "a whole number of seconds, 0 or more"
        raise ConfigError(f"{group_id}.{key}: '{value or ''}' must be {rule}")
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
        window_seconds=_whole_seconds(agg["groupId"], agg["keys"]["windowSeconds"], window["windowSeconds"], minimum=1),
        watermark_delay_seconds=_whole_seconds(
            agg["groupId"], agg["keys"]["watermarkDelaySeconds"], window["watermarkDelaySeconds"], minimum=0
        ),
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
    """WITH options of the Kinesis table, for the connector in contract/kinesis-connector.json.

    That connector (flink-connector-kinesis 4.x) names the stream, not its ARN; the
    contract carries the ARN so that a move to the 5.x connector ('stream.arn',
    'source.init.position') changes only this function.
    """
    options = {
        "connector": CONNECTOR["tableConnector"],
        "stream": cfg.stream_name,
        "aws.region": cfg.region,
        "scan.stream.initpos": cfg.init_position,
        # The raw payload is parsed in SQL, so a malformed record is a row to reject, not a job failure.
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


def _field(name: str) -> str:
    return f"JSON_VALUE(payload, '$.{name}')"


def _sql_string(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _full_match(expr: str, pattern: str) -> str:
    # REGEXP finds a match anywhere, and Java's '$' also matches before a final
    # newline: anchor on the whole string with \z.
    anchored = "^(?:" + pattern + r")\z"
    return f"REGEXP({expr}, {_sql_string(anchored)})"


# event_time: ISO-8601 date and time to the second, an optional fraction, and an
# optional zone: none (read as UTC, which is what the seed producer's naive
# datetime.isoformat() means), 'Z' or an offset such as '+08:00' (what an aware
# datetime.isoformat() writes). Digits past the millisecond are cut, not rounded.
EVENT_TIME_PATTERN = (
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])?"
)
_RAW_TIME = _field("event_time")
_LOCAL_TIME = (
    f"TRY_CAST(SUBSTRING({_RAW_TIME} FROM 1 FOR 10) || ' ' || "
    f"REGEXP_EXTRACT({_RAW_TIME}, '^.{{11}}([0-9:]{{8}}(\\.[0-9]+)?)', 1) AS TIMESTAMP(3))"
)
# The cast is lenient (2026-02-30 becomes 2026-02-28, 24:00 the next day), so the
# parsed value must print back as the date and time that were written. (A cast to
# string costs far less per record than DATE_FORMAT.)
_REAL_CALENDAR_TIME = (
    f"SUBSTRING(CAST({_LOCAL_TIME} AS STRING) FROM 1 FOR 19) = "
    f"SUBSTRING({_RAW_TIME} FROM 1 FOR 10) || ' ' || SUBSTRING({_RAW_TIME} FROM 12 FOR 8)"
)


def _offset_part(start_from_end: int) -> str:
    return f"CAST(SUBSTRING({_RAW_TIME} FROM CHAR_LENGTH({_RAW_TIME}) - {start_from_end} FOR 2) AS INT)"


_OFFSET_MINUTES = (
    f"CASE WHEN REGEXP({_RAW_TIME}, '[+-][0-9]{{2}}:[0-9]{{2}}$') THEN "
    f"(CASE WHEN SUBSTRING({_RAW_TIME} FROM CHAR_LENGTH({_RAW_TIME}) - 5 FOR 1) = '-' THEN -1 ELSE 1 END) "
    f"* ({_offset_part(4)} * 60 + {_offset_part(1)}) ELSE 0 END"
)
EVENT_TIME_EXPR = (
    f"CASE WHEN {_full_match(_RAW_TIME, EVENT_TIME_PATTERN)} AND {_REAL_CALENDAR_TIME} "
    f"THEN TIMESTAMPADD(MINUTE, -({_OFFSET_MINUTES}), {_LOCAL_TIME}) END"
)

# ticker: a JSON string (JSON_VALUE would turn the number 123 into '123') that,
# trimmed, matches the contract's pattern. Absent, null or blank is missing_ticker;
# anything else that fails is invalid_ticker.
_RAW_TICKER = f"TRIM({_field('ticker')})"
_TICKER_IS_STRING = "JSON_QUERY(payload, '$.ticker' WITH ARRAY WRAPPER) LIKE '[\"%'"
TICKER_EXPR = (
    f"CASE WHEN {_TICKER_IS_STRING} AND {_full_match(_RAW_TICKER, RECORDS['tickerPattern'])} "
    f"THEN {_RAW_TICKER} END"
)
TICKER_MISSING = f"(JSON_QUERY(payload, '$.ticker' WITH ARRAY WRAPPER) IS NULL OR {_RAW_TICKER} = '')"

# price: only decimal numbers (or numeric strings): 'NaN' and 'Infinity' would cast
# to doubles and poison every average, and Flink's NaN comparisons cannot be relied
# on to catch them.
NUMBER_PATTERN = r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?"
PRICE_EXPR = f"CASE WHEN {_full_match(_field('price'), NUMBER_PATTERN)} THEN TRY_CAST({_field('price')} AS DOUBLE) END"

# A number too large for a double (1e400) casts to Infinity.
MAX_DOUBLE = "1.7976931348623157E308"


def _valid_price(price: str) -> str:
    return f"{price} IS NOT NULL AND ABS({price}) <= {MAX_DOUBLE}"


def _valid_row(is_json_object: str, ticker: str, price: str, event_time: str) -> str:
    return f"{is_json_object} AND {ticker} IS NOT NULL AND {_valid_price(price)} AND {event_time} IS NOT NULL"


# Only a valid row moves event time. A rejected row gets the epoch, which never
# advances the watermark and is filtered out before the window: otherwise one bad
# record with a far-ahead event_time would make every later event late. Flink's
# computed columns cannot refer to each other, so the test is spelt out on the
# payload. The event time appears once, under COALESCE: Flink does not share a
# subexpression between a CASE condition and its branch, and parsing the time twice
# cost a third of the job's throughput (bench/local).
_EPOCH = "TIMESTAMP '1970-01-01 00:00:00'"
ROWTIME_EXPR = (
    f"CASE WHEN payload IS JSON OBJECT AND ({TICKER_EXPR}) IS NOT NULL AND {_valid_price(f'({PRICE_EXPR})')} "
    f"THEN COALESCE({EVENT_TIME_EXPR}, {_EPOCH}) ELSE {_EPOCH} END"
)


def _with_clause(options: Dict[str, str]) -> str:
    return ",\n  ".join(f"{_sql_string(k)} = {_sql_string(v)}" for k, v in options.items())


def source_table_ddl(connector_options: Dict[str, str], watermark_delay_seconds: int, table: str = SOURCE_TABLE) -> str:
    """The source table. Tests swap the connector options for a filesystem source; the columns stay.

    Only the payload and the event time: both queries read exactly these two
    columns, so Flink parses each record's time once for both, in one shared scan
    and watermark assigner (computed columns would be evaluated per query).
    """
    return f"""
CREATE TABLE {table} (
  payload STRING,
  event_time AS {ROWTIME_EXPR},
  WATERMARK FOR event_time AS event_time - INTERVAL '{watermark_delay_seconds}' SECOND
) WITH (
  {_with_clause(connector_options)}
)"""


# ---------------------------------------------------------------------------
# 4. Query
# ---------------------------------------------------------------------------

# A record is valid when its event time is not the rejected rows' epoch, and, for
# the one case where a valid event really is at the epoch, when the whole test
# passes; OR and AND only evaluate that test for rows at the epoch.
VALID_ROW = _valid_row("payload IS JSON OBJECT", f"({TICKER_EXPR})", f"({PRICE_EXPR})", f"({EVENT_TIME_EXPR})")
IS_VALID = f"(event_time <> {_EPOCH} OR ({VALID_ROW}))"
IS_REJECTED = f"(event_time = {_EPOCH} AND NOT ({VALID_ROW}))"


def valid_events_view_ddl(source: str = SOURCE_TABLE, view: str = VALID_EVENTS_VIEW) -> str:
    """The valid records as (ticker, price, event_time); event_time stays the time attribute."""
    return f"""
CREATE TEMPORARY VIEW {view} AS
SELECT {TICKER_EXPR} AS ticker, {PRICE_EXPR} AS price, event_time
FROM {source}
WHERE {IS_VALID}"""


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
FROM TABLE(TUMBLE(TABLE {source}, DESCRIPTOR(event_time), INTERVAL '{window_seconds}' SECOND))
GROUP BY ticker, window_start, window_end"""


def rejected_query(source: str = SOURCE_TABLE) -> str:
    # bench: the contract lists two more reasons now, which this job never gives.
    malformed_json, missing_ticker, invalid_ticker, invalid_price, invalid_event_time = RECORDS["rejectReasons"][:5]
    return f"""
SELECT
  CASE
    WHEN NOT payload IS JSON OBJECT THEN '{malformed_json}'
    WHEN ({TICKER_EXPR}) IS NULL AND {TICKER_MISSING} THEN '{missing_ticker}'
    WHEN ({TICKER_EXPR}) IS NULL THEN '{invalid_ticker}'
    WHEN NOT ({_valid_price(f"({PRICE_EXPR})")}) THEN '{invalid_price}'
    ELSE '{invalid_event_time}'
  END AS reason,
  payload
FROM {source}
WHERE {IS_REJECTED}"""


# ---------------------------------------------------------------------------
# 5. Sink
# ---------------------------------------------------------------------------

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
        jar = os.environ.get(LOCAL_JAR_ENV, str(HERE / "lib" / "pyflink-dependencies.jar"))
        if not os.path.isfile(jar):
            raise FileNotFoundError(f"{jar} not found: build it with `npm run build:jar`")
        config.set("pipeline.jars", Path(jar).resolve().as_uri())
        # Files are committed on checkpoints; Managed Flink sets this from the application config.
        config.set("execution.checkpointing.interval", os.environ.get(LOCAL_CHECKPOINT_ENV, "5 s"))
        # bench: the Flink options the bench passes (parallelism.default), as flink-src/main.py reads them.
        if os.environ.get("FLINK_LOCAL_CONFIG"):
            with open(os.environ["FLINK_LOCAL_CONFIG"], encoding="utf-8") as f:
                for key, value in json.load(f).items():
                    config.set(key, value)
    return t_env


def add_pipeline(t_env, source_options: Dict[str, str], cfg: JobConfig):
    """Declares source and sinks and returns the statement set with both inserts."""
    t_env.execute_sql(source_table_ddl(source_options, cfg.watermark_delay_seconds))
    t_env.execute_sql(results_table_ddl(cfg.output_path))
    t_env.execute_sql(rejected_table_ddl(cfg.rejected_path))
    statements = t_env.create_statement_set()
    t_env.execute_sql(valid_events_view_ddl())
    statements.add_insert_sql(f"INSERT INTO {RESULTS_TABLE} {window_query(cfg.window_seconds)}")
    statements.add_insert_sql(f"INSERT INTO {REJECTED_TABLE} {rejected_query()}")
    return statements


def main() -> None:
    cfg = job_config(read_property_groups(properties_file()))
    print(
        f"ticker job: {cfg.stream_arn} ({cfg.init_position}, {cfg.reader_type}) -> {cfg.output_path}, "
        f"{cfg.window_seconds}s windows, {cfg.watermark_delay_seconds}s watermark delay"
    )
    t_env = create_table_environment()
    result = add_pipeline(t_env, kinesis_source_options(cfg), cfg).execute()
    if is_local():
        # Managed Flink keeps the job running itself; a local run must block here.
        result.wait()


if __name__ == "__main__":
    main()
