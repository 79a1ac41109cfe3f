"""components/aws-limits.json is what scripts/derive_aws_limits.py derives from the installed botocore."""

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = importlib.util.spec_from_file_location("derive_aws_limits", ROOT / "scripts" / "derive_aws_limits.py")
derive_aws_limits = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(derive_aws_limits)


@pytest.fixture(scope="module")
def derived():
    return derive_aws_limits.derive()


def test_committed_file_matches_the_models(derived):
    committed = json.loads(derive_aws_limits.OUTPUT.read_text(encoding="utf-8"))
    changed = sorted(
        field_id
        for field_id in set(committed["limits"]) | set(derived["limits"])
        if committed["limits"].get(field_id) != derived["limits"].get(field_id)
    )
    hint = "regenerate with .venv/bin/python scripts/derive_aws_limits.py"
    assert committed["botocore"] == derived["botocore"], f"derived from botocore {committed['botocore']}, installed is {derived['botocore']}; {hint}"
    assert changed == [], f"these fields differ from the models: {changed}; {hint}"
    assert derive_aws_limits.OUTPUT.read_text(encoding="utf-8") == derive_aws_limits.render(derived), hint


def test_a_rule_carries_its_source_and_the_model_traits(derived):
    # Kinesis documents stream names as 1-128 characters of [a-zA-Z0-9_.-].
    assert derived["limits"]["kinesis:CreateStream.StreamName"] == {
        "service": "kinesis",
        "serviceId": "Kinesis",
        "apiVersion": "2013-12-02",
        "operation": "CreateStream",
        "path": "StreamName",
        "shape": "CreateStreamInput",
        "member": "StreamName",
        "target": "StreamName",
        "type": "string",
        "min": 1,
        "max": 128,
        "pattern": "[a-zA-Z0-9_.-]+",
    }


def test_paths_step_through_lists_and_maps(derived):
    key = derived["limits"]["kinesisanalyticsv2:CreateApplication.ApplicationConfiguration.EnvironmentProperties.PropertyGroups.member.PropertyMap.key"]
    assert (key["shape"], key["member"], key["type"]) == ("PropertyMap", "key", "string")
    groups = derived["limits"]["kinesisanalyticsv2:CreateApplication.ApplicationConfiguration.EnvironmentProperties.PropertyGroups"]
    assert groups["type"] == "list" and "pattern" not in groups


def test_a_path_the_model_does_not_have_names_the_shape():
    model = derive_aws_limits.ServiceModel(derive_aws_limits.loader().load_service_model("kinesis", "service-2"), "kinesis")
    with pytest.raises(KeyError, match=r"StreamModeDetails \(structure\) has no 'Mode'"):
        derive_aws_limits.rule(model, "kinesis:CreateStream.StreamModeDetails.Mode")
