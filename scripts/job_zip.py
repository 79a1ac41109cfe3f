"""The application zip of a job folder that has a job.json (docs/job-descriptor.md).

usage: job_zip.py name JOB_DIR           prints the job's name (the zip is build/<name>.zip)
       job_zip.py build JOB_DIR OUT.zip  writes the zip

The zip holds what Managed Flink runs and what the job reads at run time:
  <entryPoint> and every other top-level .py file of the folder (its modules),
  <jarFile> (built by scripts/build-jar.sh from the folder's pom.xml),
  job.json and the named queries' SQL files, at their paths in the folder,
  flink-src/application_properties.py: how every job of the project reads its
    property groups (unless the folder has its own file of that name),
  contract/properties.json and contract/kinesis-connector.json: what the component
    hands every job (the input group's names, and the connector the role is granted for).
"""

import json
import sys
from pathlib import Path

import reproducible_zip

ROOT = Path(__file__).resolve().parents[1]
SHARED_CONTRACT = ("properties.json", "kinesis-connector.json")
# Python modules every job imports from flink-src/, carried next to its entry point.
SHARED_MODULES = ("application_properties.py",)
DEFAULT_ENTRY_POINT = "main.py"
DEFAULT_JAR_FILE = "lib/pyflink-dependencies.jar"


def descriptor(job_dir: Path) -> dict:
    with open(job_dir / "job.json", encoding="utf-8") as f:
        return json.load(f)


def entries(job_dir: Path) -> dict:
    """{name in the zip: file on disk}."""
    job = descriptor(job_dir)
    names = [job.get("entryPoint", DEFAULT_ENTRY_POINT), job.get("jarFile", DEFAULT_JAR_FILE), "job.json"]
    names += [p.name for p in sorted(job_dir.glob("*.py"))]
    names += [q["file"] for q in job.get("namedQueries", [])]
    files = {name: ROOT / "flink-src" / name for name in SHARED_MODULES}
    files.update({name: job_dir / name for name in names})
    files.update({f"contract/{name}": ROOT / "contract" / name for name in SHARED_CONTRACT})
    missing = [f"{name} ({path})" for name, path in files.items() if not path.is_file()]
    if missing:
        raise SystemExit(f"job_zip: {job_dir}: missing {', '.join(missing)}; the jar comes from `npm run build:jar -- {job_dir}`")
    return files


def main(argv: list) -> None:
    if len(argv) == 2 and argv[0] == "name":
        print(descriptor(Path(argv[1]))["name"])
    elif len(argv) == 3 and argv[0] == "build":
        files = entries(Path(argv[1]))
        reproducible_zip.main(argv[2], [f"{name}={path}" for name, path in files.items()])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
