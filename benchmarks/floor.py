"""The floor of a scan: read every needed column of every needed table once with the plain driver, nothing else.

    python benchmarks/floor.py --sqlite FILE --tables JSON
    python benchmarks/floor.py --postgres URL --schema NAME --tables JSON
    python benchmarks/floor.py --sqlite FILE --queries FILE.json   (or --postgres URL)

Run as a child process by bench_scan.py, so that it is timed the same way as `flytcheck scan` (interpreter start
included). Imports only the driver (sqlite3, psycopg): no SQLAlchemy, no flytcheck. `--tables` is a JSON object
{table: [columns]} (Familia's names; PostgreSQL tables as created upper case and quoted). Prints the rows read.

`--queries` runs instead the SQL statements a scan runs (a JSON list written by bench_scan.py's `rule_queries`),
each drained the same way, in a session set up as the scan's (on PostgreSQL: JIT off): what the database itself
must do for the criteria (its joins, groupings, anti-joins), with no finding made. The scan against it is
flytcheck's own cost on top of the database's.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
from typing import Any

FETCH = 5_000


def _drain(cursor: Any, sql: str) -> int:
    cursor.execute(sql)
    rows = 0
    while batch := cursor.fetchmany(FETCH):
        rows += len(batch)
    return rows


def _select(table: str, columns: list[str], schema: str | None = None) -> str:
    names = ", ".join(f'"{c}"' for c in columns)
    return f'SELECT {names} FROM {f"{chr(34)}{schema}{chr(34)}." if schema else ""}"{table}"'


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite")
    parser.add_argument("--postgres")
    parser.add_argument("--schema")
    parser.add_argument("--tables")
    parser.add_argument("--queries")
    args = parser.parse_args()
    if args.queries:
        with open(args.queries, encoding="utf-8") as handle:
            statements: list[str] = json.load(handle)
    else:
        tables: dict[str, list[str]] = json.loads(args.tables)
        statements = [_select(t, c, None if args.sqlite else args.schema) for t, c in sorted(tables.items())]
    rows = 0
    if args.sqlite:
        connection = sqlite3.connect(f"file:{args.sqlite}?mode=ro", uri=True)
        for sql in statements:
            rows += _drain(connection.cursor(), sql)
        connection.close()
    else:
        import psycopg

        url = args.postgres.replace("postgresql+psycopg://", "postgresql://")
        # The rule queries run as the scan runs them: JIT off for the session (flytcheck.sources.session); the
        # floor reads with the server's defaults, as any script would.
        options = {"options": "-c jit=off"} if args.queries else {}
        with psycopg.connect(url, **options) as connection:
            for sql in statements:
                rows += _drain(connection.cursor(), sql)
    print(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
