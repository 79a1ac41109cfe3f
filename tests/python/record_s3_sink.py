"""Runs the job's own SQL with its sink on S3 and records every S3 request it makes.

    python tests/python/record_s3_sink.py --bucket B --prefix output/ --rejected-prefix rejected/ --out requests.json

The S3 is moto, in this process, with its request recorder on; Flink reaches it
through flink-s3-fs-hadoop, the S3 filesystem plugin Managed Flink uses for
`s3a://` paths (scripts/setup-python.sh installs it into the venv's PyFlink). The
recording is what tests/iam/s3-sink-requests.test.ts simulates against the
application role's policy: the requests the sink really sends, not a list of
actions someone expected it to send.

Writes a JSON list of {method, path, query, copySource, body} (body as text) and exits 0, or
exits 1 naming what went wrong.
"""

import argparse
import base64
import json
import logging
import os
import sys
import tempfile
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
import conftest  # noqa: F401,E402  (puts flink-src on sys.path, sets JAVA_HOME)
from job_runner import execute_job  # noqa: E402

# Two tickers over three windows, and a malformed line, so the run commits result
# partitions, success files and rejected records.
EVENTS = [
    json.dumps({"event_time": f"2026-11-25T12:0{minute}:{second:02d}.000000", "ticker": ticker, "price": 10 + minute})
    for minute in range(4)
    for second in range(0, 60, 15)
    for ticker in ("AAPL", "MSFT")
] + ["not json"]

ACCESS_KEY, SECRET_KEY, REGION = "recording", "recording", "us-east-1"


def moto_call(endpoint: str, action: str) -> None:
    urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/recorder/{action}", method="POST"))


def initialize_s3_filesystem(endpoint: str) -> None:
    """Loads the venv's Flink plugins and points the S3 filesystem at moto.

    A local PyFlink never initializes its filesystems from the plugins folder (a
    Flink cluster's entrypoint does), so this does what the entrypoint would.
    """
    from pyflink.common import Configuration
    from pyflink.java_gateway import get_gateway

    conf = Configuration()
    for key, value in {
        "s3.endpoint": endpoint,
        "s3.path.style.access": "true",
        "s3.access-key": ACCESS_KEY,
        "s3.secret-key": SECRET_KEY,
        "s3.endpoint.region": REGION,
    }.items():
        conf.set_string(key, value)
    jvm = get_gateway().jvm
    j_conf = conf._j_configuration
    plugins = jvm.org.apache.flink.core.plugin.PluginUtils.createPluginManagerFromRootFolder(j_conf)
    jvm.org.apache.flink.core.fs.FileSystem.initialize(j_conf, plugins)


def decoded_body(entry: dict) -> str:
    body = entry.get("body") or ""
    return base64.b64decode(body).decode("utf-8", "replace") if entry.get("body_encoded") else body


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bucket", required=True)
    parser.add_argument("--prefix", required=True, help="output prefix, ending in /")
    parser.add_argument("--rejected-prefix", required=True, help="rejected-records prefix, ending in /")
    parser.add_argument("--out", required=True, help="where to write the recorded requests (JSON)")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="s3-sink-"))
    recording = workdir / "recording.jsonl"
    os.environ["MOTO_RECORDER_FILEPATH"] = str(recording)
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    try:
        create_bucket = urllib.request.Request(f"{endpoint}/{args.bucket}", method="PUT")
        urllib.request.urlopen(create_bucket)
        initialize_s3_filesystem(endpoint)
        moto_call(endpoint, "reset-recording")
        moto_call(endpoint, "start-recording")
        execute_job(workdir, EVENTS, f"s3a://{args.bucket}/{args.prefix}", f"s3a://{args.bucket}/{args.rejected_prefix}")
        moto_call(endpoint, "stop-recording")
    finally:
        server.stop()

    requests = []
    for line in recording.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        url = urlsplit(entry["url"])
        requests.append(
            {
                "method": entry["method"],
                "path": url.path,
                "query": url.query,
                "copySource": {k.lower(): v for k, v in entry["headers"].items()}.get("x-amz-copy-source"),
                "body": decoded_body(entry),
            }
        )
    if not requests:
        print("record_s3_sink: the job sent no S3 request", file=sys.stderr)
        return 1
    Path(args.out).write_text(json.dumps(requests, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
