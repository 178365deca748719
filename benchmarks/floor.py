"""The floor of a scan: read every needed column of every needed table once with the plain driver, nothing else.

    python benchmarks/floor.py --sqlite FILE --tables JSON
    python benchmarks/floor.py --postgres URL --schema NAME --tables JSON

Run as a child process by bench_scan.py, so that it is timed the same way as `flytcheck scan` (interpreter start
included). Imports only the driver (sqlite3, psycopg): no SQLAlchemy, no flytcheck. `--tables` is a JSON object
{table: [columns]} (Familia's names; PostgreSQL tables as created upper case and quoted). Prints the rows read.
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
    parser.add_argument("--tables", required=True)
    args = parser.parse_args()
    tables: dict[str, list[str]] = json.loads(args.tables)
    rows = 0
    if args.sqlite:
        connection = sqlite3.connect(f"file:{args.sqlite}?mode=ro", uri=True)
        for table, columns in sorted(tables.items()):
            rows += _drain(connection.cursor(), _select(table, columns))
        connection.close()
    else:
        import psycopg

        url = args.postgres.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(url) as connection:
            for table, columns in sorted(tables.items()):
                rows += _drain(connection.cursor(), _select(table, columns, args.schema))
    print(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
