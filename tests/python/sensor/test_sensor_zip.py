"""The sensor job's application zip: built by the same script as the ticker's, from its job.json."""

import hashlib
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from sensor_runner import JOB_DIR, ROOT, job


def build(out: Path) -> Path:
    env = {**os.environ, "FLINK_APP_ZIP": str(out)}
    subprocess.run(["bash", str(ROOT / "scripts" / "build-flink.sh"), str(JOB_DIR)], check=True, env=env, capture_output=True)
    return out


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def app_zip(tmp_path_factory):
    return build(tmp_path_factory.mktemp("zip") / "sensor-averages.zip")


def test_layout_is_what_job_json_and_the_run_options_name(app_zip):
    with zipfile.ZipFile(app_zip) as z:
        assert sorted(z.namelist()) == [
            "application_properties.py",
            "contract/kinesis-connector.json",
            "contract/properties.json",
            "job.json",
            "lib/pyflink-dependencies.jar",
            "main.py",
            "queries/daily_region_extremes.sql",
            "queries/latest_per_device.sql",
            "queries/rejected_by_reason.sql",
        ]
        assert z.read("job.json") == (JOB_DIR / "job.json").read_bytes()
        with zipfile.ZipFile(z.open("lib/pyflink-dependencies.jar")) as jar:
            factories = jar.read("META-INF/services/org.apache.flink.table.factories.Factory").decode()
    # The Kinesis table connector and the Parquet format, both found by Flink's factory discovery.
    assert "KinesisDynamicTableFactory" in factories and "ParquetFileFormatFactory" in factories


def test_the_default_name_is_build_slash_the_job_name():
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "job_zip.py"), "name", str(JOB_DIR)], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == job.JOB["name"] == "sensor-averages"


def test_zip_is_reproducible(app_zip, tmp_path):
    assert sha256(build(tmp_path / "again.zip")) == sha256(app_zip)


def test_connector_jar_is_reproducible(app_zip, tmp_path):
    # build-jar.sh skips Maven while the jar is newer than the pom: build the pom afresh.
    shutil.copy(JOB_DIR / "pom.xml", tmp_path / "pom.xml")
    subprocess.run(["mvn", "-q", "-B", f"-Dmaven.repo.local={ROOT / '.cache' / 'm2'}", "package"], cwd=tmp_path, check=True, capture_output=True)
    with zipfile.ZipFile(app_zip) as z:
        (tmp_path / "bundled.jar").write_bytes(z.read("lib/pyflink-dependencies.jar"))
    assert sha256(tmp_path / "target" / "pyflink-dependencies.jar") == sha256(tmp_path / "bundled.jar")


def test_the_pom_bundles_the_connector_the_role_is_granted_for():
    pom = (JOB_DIR / "pom.xml").read_text(encoding="utf-8")
    version = re.search(r"<kinesis.connector.version>([^<]+)</kinesis.connector.version>", pom).group(1)
    assert (job.CONNECTOR["artifactId"], version) == ("flink-connector-kinesis", job.CONNECTOR["version"])
    assert f"<artifactId>{job.CONNECTOR['artifactId']}</artifactId>" in pom


def test_main_py_finds_its_descriptor_and_contract_inside_the_zip(app_zip, tmp_path):
    with zipfile.ZipFile(app_zip) as z:
        for name in z.namelist():
            if not name.endswith(".jar"):
                z.extract(name, tmp_path)
    probe = "import main; print(main.PROPERTIES['input']['groupId'], main.JOB['name'], main._contract_dir())"
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, check=True, capture_output=True, text=True)
    assert out.stdout.split() == ["InputStream0", "sensor-averages", str(tmp_path / "contract")]


def test_a_missing_jar_is_named_with_the_command_that_builds_it(tmp_path):
    folder = tmp_path / "job"
    shutil.copytree(JOB_DIR, folder, ignore=shutil.ignore_patterns("lib", "target", "node_modules"))
    (folder / "lib").mkdir()
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "job_zip.py"), "build", str(folder), str(tmp_path / "x.zip")], capture_output=True, text=True
    )
    assert result.returncode != 0
    assert f"missing lib/pyflink-dependencies.jar ({folder / 'lib' / 'pyflink-dependencies.jar'})" in result.stderr
    assert "npm run build:jar --" in result.stderr


def test_main_py_finds_the_shared_properties_module_in_the_repository(tmp_path):
    # Outside the zip, application_properties.py is not next to main.py but in flink-src/;
    # a fresh interpreter (no test sys.path) started elsewhere must still load the job.
    probe = (
        "import importlib.util; "
        f"spec = importlib.util.spec_from_file_location('sensor_main', {str(JOB_DIR / 'main.py')!r}); "
        "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m); "
        "import application_properties as shared; "
        "print(m.read_property_groups is shared.read_property_groups, shared.__file__)"
    )
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, check=True, capture_output=True, text=True)
    assert out.stdout.split() == ["True", str(ROOT / "flink-src" / "application_properties.py")]
