"""The cost per finding of the two steps that grow with the number of findings, in microseconds.

    python benchmarks/bench_findings.py [--findings 200000] [--repeat 5]

- *row → finding*: `RuleConsumer.feed` over rows shaped like `reminder-open`'s (key, municipality, caseworker, a
  deadline date shown in the message, as SQLite returns them), the most common shape of a blocker;
- *finding → JSON*: `JsonWriter.write` of a report holding those findings, to an in-memory text stream.

Medians of --repeat runs, each on fresh consumers; the rows are made once, outside the timing. The clock is the
process CPU time, so that other work on the machine does not count.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from flytcheck.catalogue.loading import load_rulebook  # noqa: E402
from flytcheck.findings import RuleConsumer  # noqa: E402
from flytcheck.model import Preview, Report  # noqa: E402
from flytcheck.reporters.base import RenderContext  # noqa: E402
from flytcheck.reporters.json_report import JsonWriter  # noqa: E402
from flytcheck.validators import Context  # noqa: E402

COLUMNS = ("record_key", "kommune", "saksbehandler", "frist", "emne")
KOMMUNER = (1860, 1859, 1874, None)
CASEWORKERS = tuple(f"S{i:02d}" for i in range(140))


def rows(count: int) -> list[tuple[object, ...]]:
    """Reminder rows as the SQLite driver returns them: ints, text, ISO datetimes, a few NULLs."""
    return [
        (n, KOMMUNER[n % 4], CASEWORKERS[n % 140], f"2027-{1 + n % 12:02d}-{1 + n % 28:02d} 00:00:00", "Ring mor")
        for n in range(1, count + 1)
    ]


def row_to_finding(data: list[tuple[object, ...]], repeat: int) -> tuple[float, RuleConsumer]:
    rulebook = load_rulebook()
    rule = rulebook.rules["reminder-open"]
    ctx = Context(date(2027, 5, 22))
    times, consumer = [], None
    for _ in range(repeat):
        consumer = RuleConsumer(rule, rule.queries[0], ctx, show_personal_data=False)
        consumer.start(COLUMNS)
        start = time.process_time()
        for index in range(0, len(data), 5_000):
            consumer.feed(data[index: index + 5_000])
        times.append(time.process_time() - start)
    assert consumer is not None and len(consumer.findings) == len(data)
    return statistics.median(times), consumer


def finding_to_json(consumer: RuleConsumer, repeat: int) -> float:
    rulebook = load_rulebook()
    report = Report(
        flytcheck_version="bench", source="bench", cutover=date(2027, 5, 22),
        scanned_at=datetime(2027, 5, 1, tzinfo=UTC), familia_version="9.14", preview=Preview(),
        findings=tuple(consumer.findings), rules=(),
    )
    ctx = RenderContext(rulebook)
    times = []
    for _ in range(repeat):
        out = io.StringIO()
        start = time.process_time()
        JsonWriter().write(report, ctx, out)
        times.append(time.process_time() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    data = rows(args.findings)
    seconds, consumer = row_to_finding(data, args.repeat)
    json_seconds = finding_to_json(consumer, args.repeat)
    per = 1e6 / args.findings
    print(f"row -> finding: {seconds * per:.2f} µs per finding ({args.findings} findings, median of {args.repeat})")
    print(f"finding -> JSON: {json_seconds * per:.2f} µs per finding")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
