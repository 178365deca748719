"""Waits for the SQL Server of .github/workflows/mssql.yml to accept logins, then creates its empty Familia database.

    python scripts/mssql_create_database.py

Reads the ODBC connection string from FLYTCHECK_TEST_MSSQL_ODBC and connects to `master` on the same server (a
new container needs up to a minute before it takes logins); creates the database named in the string unless it
exists. `flytcheck synth --out mssql+pyodbc://…` then fills it.
"""

from __future__ import annotations

import os
import re
import sys
import time

import pyodbc

WAIT_SECONDS = 180


def main() -> int:
    connection_string = os.environ["FLYTCHECK_TEST_MSSQL_ODBC"]
    found = re.search(r"(?i)\bDATABASE=([^;]+)", connection_string)
    if found is None or not re.fullmatch(r"\w+", found.group(1)):
        print("FLYTCHECK_TEST_MSSQL_ODBC needs DATABASE=<name> (letters, digits, _)", file=sys.stderr)
        return 2
    database = found.group(1)
    to_master = connection_string.replace(found.group(0), "DATABASE=master")
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        try:
            connection = pyodbc.connect(to_master, autocommit=True, timeout=10)
            break
        except pyodbc.Error as error:
            if time.monotonic() > deadline:
                print(f"SQL Server did not accept a login within {WAIT_SECONDS} s: {error}", file=sys.stderr)
                return 1
            time.sleep(3)
    connection.execute(f"IF DB_ID('{database}') IS NULL CREATE DATABASE [{database}]")
    connection.close()
    print(f"SQL Server is up; database {database} is there")
    return 0


if __name__ == "__main__":
    sys.exit(main())
