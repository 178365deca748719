"""Runs one command and reports its wall time and its own peak memory: `python measure.py REPORT ARGV...`.

Why a separate process: Linux gives a process started by fork/vfork + exec the peak memory of the process that
started it (the exec'ing address space's high-water mark is folded into the child's), so a benchmark that has
itself grown (generating `largest` takes a gigabyte) would see that figure as its child's peak. This small
interpreter starts the measured command in turn; the command's peak is then its own. REPORT gets one JSON line:
{"seconds": wall time from start to exit, "rss_mb": peak resident set size, "exit": exit code}.
Imports nothing beyond the standard library, so it adds nothing to the measured memory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time


def main() -> int:
    report, argv = sys.argv[1], sys.argv[2:]
    start = time.perf_counter()
    process = subprocess.Popen(argv)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = code = os.waitstatus_to_exitcode(status)
    with open(report, "w", encoding="utf-8") as out:
        json.dump({"seconds": seconds, "rss_mb": usage.ru_maxrss / 1024, "exit": code}, out)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
