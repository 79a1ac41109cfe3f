import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "flink-src"))
os.environ.setdefault("JAVA_HOME", "/usr/lib/jvm/java-17-openjdk-amd64")

@pytest.fixture(scope="session")
def jvm():
    """The py4j gateway's JVM with the job's jar on its class loader (no Flink job started)."""
    from pyflink.java_gateway import get_gateway
    from pyflink.util.java_utils import add_jars_to_context_class_loader

    from job_runner import JAR

    add_jars_to_context_class_loader([JAR.as_uri()])
    return get_gateway().jvm
