"""Writes a zip whose bytes depend only on the entries' names and contents.

usage: reproducible_zip.py OUT.zip NAME=PATH [NAME=PATH ...]

shutil.make_archive stores file modification times, so every build would produce
a new object version in S3 and restart the application on each `pulumi up`.
"""

import sys
import zipfile

FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def main(out: str, entries: list) -> None:
    pairs = sorted(entry.split("=", 1) for entry in entries)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, path in pairs:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(path, "rb") as f:
                archive.writestr(info, f.read())


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
