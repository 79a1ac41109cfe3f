"""Derives components/aws-limits.json from botocore's AWS API models.

AWS publishes each service's API model, with `min`, `max`, `pattern` and `enum` for
every field, and botocore (PyPI) ships them as botocore/data/<service>/<version>/
service-2.json(.gz). This script reads the fields that the component's args and the
names it derives end up in (FIELDS below), and writes their rules to one committed
JSON file, so no limit is copied by hand. tests/python/test_aws_limits.py re-derives
the file from the installed botocore and fails when it differs.

A field id is `<service>:<Operation>.<path>`: the botocore service name, the API
operation, and the path from the operation's input shape in botocore's own terms:
a structure member by name, `member` for a list element, `key` and `value` for a
map. The rule of a list or a map is about its number of entries.

usage: .venv/bin/python scripts/derive_aws_limits.py [--check]
  (no option)  writes components/aws-limits.json
  --check      writes nothing; exits 1 when the file differs from the models
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import botocore
from botocore.loaders import Loader
from botocore.model import ServiceModel, Shape

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "components" / "aws-limits.json"

# The fields the component's args and derived names end up in, grouped by the
# component part that sets them (components/*.ts).
FIELDS = [
    # stream.ts: stream.name (or the autonamed stream), mode, shardCount,
    # retentionHours, kmsKeyArn; application.efoConsumerName; tags.
    "kinesis:CreateStream.StreamName",
    "kinesis:CreateStream.StreamModeDetails.StreamMode",
    "kinesis:CreateStream.ShardCount",
    "kinesis:IncreaseStreamRetentionPeriod.RetentionPeriodHours",
    "kinesis:StartStreamEncryption.KeyId",
    "kinesis:RegisterStreamConsumer.ConsumerName",
    "kinesis:CreateStream.Tags",
    "kinesis:CreateStream.Tags.key",
    "kinesis:CreateStream.Tags.value",
    # application.ts: the Managed Flink application and its property groups
    # (job-properties.ts), the code object's key, tags.
    "kinesisanalyticsv2:CreateApplication.ApplicationName",
    "kinesisanalyticsv2:CreateApplication.RuntimeEnvironment",
    "kinesisanalyticsv2:CreateApplication.ApplicationConfiguration.FlinkApplicationConfiguration.ParallelismConfiguration.Parallelism",
    "kinesisanalyticsv2:CreateApplication.ApplicationConfiguration.FlinkApplicationConfiguration.ParallelismConfiguration.ParallelismPerKPU",
    "kinesisanalyticsv2:CreateApplication.ApplicationConfiguration.FlinkApplicationConfiguration.CheckpointConfiguration.CheckpointInterval",
    "kinesisanalyticsv2:CreateApplication.ApplicationConfiguration.FlinkApplicationConfiguration.CheckpointConfiguration.MinPauseBetweenCheckpoints",
    "kinesisanalyticsv2:CreateApplication.ApplicationConfiguration.FlinkApplicationConfiguration.MonitoringConfiguration.LogLevel",
    "kinesisanalyticsv2:CreateApplication.ApplicationConfiguration.FlinkApplicationConfiguration.MonitoringConfiguration.MetricsLevel",
    "kinesisanalyticsv2:CreateApplication.ApplicationConfiguration.EnvironmentProperties.PropertyGroups",
    "kinesisanalyticsv2:CreateApplication.ApplicationConfiguration.EnvironmentProperties.PropertyGroups.member.PropertyGroupId",
    "kinesisanalyticsv2:CreateApplication.ApplicationConfiguration.EnvironmentProperties.PropertyGroups.member.PropertyMap",
    "kinesisanalyticsv2:CreateApplication.ApplicationConfiguration.EnvironmentProperties.PropertyGroups.member.PropertyMap.key",
    "kinesisanalyticsv2:CreateApplication.ApplicationConfiguration.EnvironmentProperties.PropertyGroups.member.PropertyMap.value",
    "kinesisanalyticsv2:CreateApplication.ApplicationConfiguration.ApplicationCodeConfiguration.CodeContent.S3ContentLocation.FileKey",
    "kinesisanalyticsv2:CreateApplication.Tags",
    "kinesisanalyticsv2:CreateApplication.Tags.member.Key",
    "kinesisanalyticsv2:CreateApplication.Tags.member.Value",
    # application.ts: the application's log group (autonamed), its retention
    # (application.logRetentionDays) and its log stream; tags.
    "logs:CreateLogGroup.logGroupName",
    "logs:PutRetentionPolicy.retentionInDays",
    "logs:CreateLogStream.logStreamName",
    "logs:CreateLogGroup.tags",
    "logs:CreateLogGroup.tags.key",
    "logs:CreateLogGroup.tags.value",
    # storage.ts, code.ts: bucket.name (or the autonamed bucket), the code object's
    # key (bucket.codePrefix + file name), the lifecycle rules; tags.
    "s3:CreateBucket.Bucket",
    "s3:PutObject.Key",
    "s3:PutBucketLifecycleConfiguration.LifecycleConfiguration.Rules.member.AbortIncompleteMultipartUpload.DaysAfterInitiation",
    "s3:PutBucketLifecycleConfiguration.LifecycleConfiguration.Rules.member.NoncurrentVersionExpiration.NoncurrentDays",
    "s3:PutBucketLifecycleConfiguration.LifecycleConfiguration.Rules.member.Expiration.Days",
    "s3:PutBucketLifecycleConfiguration.LifecycleConfiguration.Rules.member.Filter.Prefix",
    "s3:PutBucketTagging.Tagging.TagSet",
    "s3:PutBucketTagging.Tagging.TagSet.member.Key",
    "s3:PutBucketTagging.Tagging.TagSet.member.Value",
    # catalog.ts: catalog.databaseName, tableName, rejectedTableName, the columns
    # of the job descriptor, the table locations and parameters (the projection's
    # ticker list), the derived crawler name, catalog.crawlerSchedule; tags.
    "glue:CreateDatabase.DatabaseInput.Name",
    "glue:CreateDatabase.DatabaseInput.Description",
    "glue:CreateDatabase.Tags",
    "glue:CreateDatabase.Tags.key",
    "glue:CreateDatabase.Tags.value",
    "glue:CreateTable.TableInput.Name",
    "glue:CreateTable.TableInput.Description",
    "glue:CreateTable.TableInput.StorageDescriptor.Location",
    "glue:CreateTable.TableInput.StorageDescriptor.Columns.member.Name",
    "glue:CreateTable.TableInput.StorageDescriptor.Columns.member.Type",
    "glue:CreateTable.TableInput.StorageDescriptor.Columns.member.Comment",
    "glue:CreateTable.TableInput.PartitionKeys.member.Name",
    "glue:CreateTable.TableInput.PartitionKeys.member.Type",
    "glue:CreateTable.TableInput.Parameters.key",
    "glue:CreateTable.TableInput.Parameters.value",
    "glue:CreateCrawler.Name",
    "glue:CreateCrawler.Schedule",
    "glue:CreateCrawler.Configuration",
    "glue:CreateCrawler.Tags",
    "glue:CreateCrawler.Tags.key",
    "glue:CreateCrawler.Tags.value",
    # athena.ts: athena.workgroupName (or autonamed), bytesScannedCutoffPerQuery,
    # the results location, the named queries (rendered with the catalog names and
    # athena.ticker); tags.
    "athena:CreateWorkGroup.Name",
    "athena:CreateWorkGroup.Description",
    "athena:CreateWorkGroup.Configuration.BytesScannedCutoffPerQuery",
    "athena:CreateWorkGroup.Configuration.ResultConfiguration.OutputLocation",
    "athena:CreateWorkGroup.Tags",
    "athena:CreateWorkGroup.Tags.member.Key",
    "athena:CreateWorkGroup.Tags.member.Value",
    "athena:CreateNamedQuery.Name",
    "athena:CreateNamedQuery.Description",
    "athena:CreateNamedQuery.Database",
    "athena:CreateNamedQuery.QueryString",
    "athena:CreateNamedQuery.WorkGroup",
    # monitoring.ts: the alarms (monitoring.periodSeconds, evaluationPeriods, the
    # thresholds, the application and stream names as dimension values and in the
    # Metrics Insights query, the SNS action), the dashboard; tags.
    "cloudwatch:PutMetricAlarm.AlarmName",
    "cloudwatch:PutMetricAlarm.AlarmDescription",
    "cloudwatch:PutMetricAlarm.Period",
    "cloudwatch:PutMetricAlarm.EvaluationPeriods",
    "cloudwatch:PutMetricAlarm.Threshold",
    "cloudwatch:PutMetricAlarm.Dimensions.member.Value",
    "cloudwatch:PutMetricAlarm.Metrics.member.Expression",
    "cloudwatch:PutMetricAlarm.Metrics.member.Period",
    "cloudwatch:PutMetricAlarm.AlarmActions",
    "cloudwatch:PutMetricAlarm.Tags",
    "cloudwatch:PutMetricAlarm.Tags.member.Key",
    "cloudwatch:PutMetricAlarm.Tags.member.Value",
    "cloudwatch:PutDashboard.DashboardName",
    "cloudwatch:PutDashboard.DashboardBody",
    # monitoring.ts: the alarm topic (autonamed) and monitoring.alarmEmail; tags.
    "sns:CreateTopic.Name",
    "sns:CreateTopic.Tags",
    "sns:CreateTopic.Tags.member.Key",
    "sns:CreateTopic.Tags.member.Value",
    "sns:Subscribe.Protocol",
    "sns:Subscribe.Endpoint",
    # iam.ts: the two service roles (autonamed), their trust and inline policies; tags.
    "iam:CreateRole.RoleName",
    "iam:CreateRole.AssumeRolePolicyDocument",
    "iam:CreateRole.Tags",
    "iam:CreateRole.Tags.member.Key",
    "iam:CreateRole.Tags.member.Value",
    "iam:PutRolePolicy.PolicyName",
    "iam:PutRolePolicy.PolicyDocument",
]

# The model traits a rule carries, in the order they are written.
CONSTRAINTS = ("min", "max", "pattern")


def loader() -> Loader:
    """Only the models botocore ships: no ~/.aws/models, no SDK extras."""
    return Loader(
        extra_search_paths=[Loader.BUILTIN_DATA_PATH],
        include_default_search_paths=False,
        include_default_extras=False,
    )


def parse_id(field_id: str) -> tuple[str, str, list[str]]:
    service, _, rest = field_id.partition(":")
    operation, *path = rest.split(".")
    if not service or not operation or not path:
        raise ValueError(f"{field_id!r}: a field id is <service>:<Operation>.<path>")
    return service, operation, path


def step(shape: Shape, name: str, field_id: str) -> Shape:
    """One step of a path: a structure member, a list's `member`, a map's `key` or `value`."""
    if shape.type_name == "structure" and name in shape.members:
        return shape.members[name]
    if shape.type_name == "list" and name == "member":
        return shape.member
    if shape.type_name == "map" and name in ("key", "value"):
        return getattr(shape, name)
    raise KeyError(f"{field_id}: shape {shape.name} ({shape.type_name}) has no {name!r}; did the model change?")


def rule(model: ServiceModel, field_id: str) -> dict:
    service, operation, path = parse_id(field_id)
    container = model.operation_model(operation).input_shape
    for name in path[:-1]:
        container = step(container, name, field_id)
    target = step(container, path[-1], field_id)
    result = {
        "service": service,
        "serviceId": model.metadata["serviceId"],
        "apiVersion": model.api_version,
        "operation": operation,
        "path": ".".join(path),
        "shape": container.name,
        "member": path[-1],
        "target": target.name,
        "type": target.type_name,
    }
    for trait in CONSTRAINTS:
        if trait in target.metadata:
            result[trait] = target.metadata[trait]
    if getattr(target, "enum", None):
        result["enum"] = list(target.enum)
    return result


def derive() -> dict:
    """The rules of every field in FIELDS, from the installed botocore's models."""
    models: dict[str, ServiceModel] = {}
    load = loader()
    limits = {}
    for field_id in FIELDS:
        service = parse_id(field_id)[0]
        if service not in models:
            models[service] = ServiceModel(load.load_service_model(service, "service-2"), service)
        limits[field_id] = rule(models[service], field_id)
    return {
        "$comment": "Generated by scripts/derive_aws_limits.py from botocore's AWS API models; do not edit. "
        "Regenerate with: .venv/bin/python scripts/derive_aws_limits.py",
        "botocore": botocore.__version__,
        "limits": limits,
    }


def render(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def unconstrained(data: dict) -> list[str]:
    """Fields for which the model states no min, max, pattern or enum."""
    return [i for i, r in data["limits"].items() if not any(k in r for k in (*CONSTRAINTS, "enum"))]


def main(argv: list[str]) -> int:
    data = derive()
    text = render(data)
    if argv[1:] == ["--check"]:
        if OUTPUT.exists() and OUTPUT.read_text(encoding="utf-8") == text:
            print(f"aws-limits: {OUTPUT.relative_to(ROOT)} matches botocore {data['botocore']}")
            return 0
        print(f"aws-limits: {OUTPUT.relative_to(ROOT)} differs from botocore {data['botocore']}; "
              "regenerate with .venv/bin/python scripts/derive_aws_limits.py", file=sys.stderr)
        return 1
    if argv[1:]:
        print(__doc__, file=sys.stderr)
        return 2
    OUTPUT.write_text(text, encoding="utf-8")
    bare = unconstrained(data)
    print(f"aws-limits: wrote {OUTPUT.relative_to(ROOT)}: {len(data['limits'])} fields from botocore "
          f"{data['botocore']}, {len(data['limits']) - len(bare)} with a limit in the model")
    for field_id in bare:
        print(f"  no limit in the model: {field_id}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
