"""The application zip that Managed Flink runs: layout, reproducibility, self-contained contract."""

import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def build(out: Path) -> Path:
    env = {**os.environ, "FLINK_APP_ZIP": str(out)}
    subprocess.run(["bash", str(ROOT / "scripts" / "build-flink.sh")], check=True, env=env, capture_output=True)
    return out


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def app_zip(tmp_path_factory):
    return build(tmp_path_factory.mktemp("zip") / "flink-app.zip")


def test_layout_matches_the_run_options(app_zip):
    import main as job

    run = job.PROPERTIES["runOptions"]
    with zipfile.ZipFile(app_zip) as z:
        names = sorted(z.namelist())
        assert names == sorted(
            [
                run["python"],
                "application_properties.py",
                run["jarfile"],
                "contract/file-sink.json",
                "contract/job.json",
                "contract/kinesis-connector.json",
                "contract/properties.json",
                "contract/records.json",
            ]
        )
        with zipfile.ZipFile(z.open(run["jarfile"])) as jar:
            classes = set(jar.namelist())
    # The job's own classes (main.JAVA_PACKAGE), the connector's consumer they extend, and
    # jackson-core relocated under the job's package, so no other Jackson can clash.
    package = job.JAVA_PACKAGE.replace(".", "/")
    for name in ("JobSources", "RecordParser", "RecordSpec", "ShardWatermarks", "EventTimeKinesisFetcher"):
        assert f"{package}/{name}.class" in classes, name
    assert "org/apache/flink/streaming/connectors/kinesis/FlinkKinesisConsumer.class" in classes
    assert "io/github/streaminganalytics/shaded/jackson/core/JsonFactory.class" in classes
    assert not [c for c in classes if c.startswith("com/fasterxml/")], "jackson-core left unrelocated"


def test_zip_is_reproducible(app_zip, tmp_path):
    again = build(tmp_path / "again.zip")
    assert sha256(again) == sha256(app_zip)


def test_connector_jar_is_reproducible(app_zip, tmp_path):
    # build-jar.sh skips Maven while the jar is newer than the pom and the sources, so
    # rebuilding the zip alone would not notice a jar that differs per build: build afresh.
    shutil.copy(ROOT / "flink-src" / "pom.xml", tmp_path / "pom.xml")
    shutil.copytree(ROOT / "flink-src" / "src", tmp_path / "src")
    subprocess.run(
        ["mvn", "-q", "-B", f"-Dmaven.repo.local={ROOT / '.cache' / 'm2'}", "package"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    with zipfile.ZipFile(app_zip) as z:
        bundled = tmp_path / "bundled.jar"
        bundled.write_bytes(z.read("lib/pyflink-dependencies.jar"))
    assert sha256(tmp_path / "target" / "pyflink-dependencies.jar") == sha256(bundled)


def test_main_py_finds_its_contract_inside_the_zip(app_zip, tmp_path):
    with zipfile.ZipFile(app_zip) as z:
        for name in z.namelist():
            if name.endswith(".py") or name.startswith("contract/"):
                z.extract(name, tmp_path)
    probe = "import main; print(main.PROPERTIES['input']['groupId'], main.HERE, main.OUTPUT['successFile'])"
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, check=True, capture_output=True, text=True)
    assert out.stdout.split() == ["InputStream0", str(tmp_path), "_SUCCESS"]
