import pytest

import sensor_cases
from sensor_runner import run_job


@pytest.fixture(scope="session")
def sensor_run(tmp_path_factory):
    """One Flink run of the job over every case, shared by all the sensor tests."""
    lines = sensor_cases.all_lines()
    output = run_job(tmp_path_factory.mktemp("sensor"), lines, sensor_cases.WINDOW, sensor_cases.SLIDE, sensor_cases.DELAY)
    return lines, output
