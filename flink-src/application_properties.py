# -*- coding: utf-8 -*-
"""
application_properties.py: how a job of StreamingAnalyticsPipeline finds and reads
its property groups, shared by the ticker job (flink-src/main.py) and every job
folder's main.py (examples/sensor-averages/). Each application zip carries it next
to main.py (scripts/build-flink.sh, scripts/job_zip.py).

Managed Flink writes the application's property groups to
/etc/flink/application_properties.json; a local run names another file in
FLINK_APPLICATION_PROPERTIES, which also marks the run as local.
"""

import json
import os
import re
from typing import Dict, Optional

DEFAULT_PROPERTIES_FILE = "/etc/flink/application_properties.json"
PROPERTIES_FILE_ENV = "FLINK_APPLICATION_PROPERTIES"
# Local runs only: the connector jar, the checkpoint interval, and a JSON object of
# Flink configuration options set after the local defaults (checkpoint storage, a
# savepoint to restore, the REST port, parallelism.default, ...). On Managed Flink the
# jar comes from the run options and the rest from the application configuration.
LOCAL_JAR_ENV = "PYFLINK_DEPENDENCIES_JAR"
LOCAL_CHECKPOINT_ENV = "FLINK_CHECKPOINT_INTERVAL"
# Files are committed on checkpoints: locally every 2 s, so a window shows up soon
# after it closes. Managed Flink takes its interval from the application configuration.
LOCAL_CHECKPOINT_INTERVAL = "2 s"
LOCAL_CONFIG_ENV = "FLINK_LOCAL_CONFIG"


def local_checkpoint_interval() -> str:
    """The checkpoint interval of a local run: FLINK_CHECKPOINT_INTERVAL, else the local default."""
    return os.environ.get(LOCAL_CHECKPOINT_ENV, LOCAL_CHECKPOINT_INTERVAL)

# What InputStream0's stream.arn must be: partition, region, account and stream name.
STREAM_ARN = re.compile(r"^arn:(aws[a-z-]*):kinesis:([a-z0-9-]+):(\d{12}):stream/([a-zA-Z0-9_.-]{1,128})$")


# The local property mirrors (flink-src/, each job folder) name no partition: where a
# deployed value is the stack's, they hold these placeholders, the same ones a job
# descriptor's policyStatements use (contract/job-descriptor.ts).
STACK_PLACEHOLDERS = ("partition", "region", "account")


class ConfigError(ValueError):
    """A property the job cannot start with; the message names the group, the key, the value and the rule."""


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


def fill_stack_placeholders(text: str, partition: str, region: str, account: str) -> str:
    """A mirror's text with ${partition}, ${region} and ${account} replaced by a stack's values."""
    values = dict(zip(STACK_PLACEHOLDERS, (partition, region, account)))
    for name, value in values.items():
        text = text.replace("${" + name + "}", value)
    return text


def contract_value(groups: Dict[str, Dict[str, str]], contract: dict, key: str) -> Optional[str]:
    """One key of a group contract/properties.json declares: trimmed, its default, required and allowed values checked."""
    group_id = contract["groupId"]
    value = (groups.get(group_id, {}).get(key) or "").strip() or contract["defaults"].get(key)
    if key in contract["required"] and not value:
        raise ConfigError(f"{group_id}.{key}: missing; the job cannot start without it")
    allowed = contract["allowed"].get(key)
    if value and allowed and value not in allowed:
        raise ConfigError(f"{group_id}.{key}: '{value}' is not one of {', '.join(allowed)}")
    return value or None
