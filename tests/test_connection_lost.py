"""A PostgreSQL connection lost mid-scan: exit 2 naming the rule that was running, and no report, partial or not.

The scan runs in a subprocess against a schema whose network query joins 300 million rows (a copy gone wrong);
when that query has run for half a second, a second connection ends the scan's backend with pg_terminate_backend
(found in pg_stat_activity by its application_name), as a DBA or a failover would.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from conftest_pg import PgSchemas
from flytcheck.sql.ddl import create_familia

FLYTCHECK = Path(sys.executable).with_name("flytcheck")
CHILDREN = 1_000
TIES = 300_000


def slow_schema(pg_schemas: PgSchemas) -> str:
    schema = pg_schemas.create("fc_lost")
    engine = pg_schemas.engine
    create_familia(engine, {"FA_SAKSBEHANDLERE": [{"SBH_INITIALER": "AB"}]}, schema=schema)
    with engine.begin() as connection:
        connection.execute(text(
            f'INSERT INTO "{schema}"."FA_KLIENT" ("KLI_LOEPENR", "KOM_KOMMUNENR", "SBH_INITIALER") '
            f"SELECT 1, 1860, 'AB' FROM generate_series(1, {CHILDREN})"
        ))
        connection.execute(text(
            f'INSERT INTO "{schema}"."FA_KLIENTTILKNYTNING" ("KLI_LOEPENR", "KTK_LOEPENR", "FOR_LOEPENR", "KTK_ROLLE") '
            f"SELECT 1, g, g, 'MOR' FROM generate_series(1, {TIES}) g"
        ))
        connection.execute(text(
            f'INSERT INTO "{schema}"."FA_FORBINDELSER" ("FOR_LOEPENR") SELECT g FROM generate_series(1, {TIES}) g'
        ))
        connection.execute(text(f'ANALYZE "{schema}"."FA_KLIENTTILKNYTNING", "{schema}"."FA_FORBINDELSER"'))
    return schema


@pytest.mark.postgres
def test_a_connection_lost_mid_scan_stops_the_scan_naming_the_rule(
    pg_url: str, pg_schemas: PgSchemas, tmp_path: Path
) -> None:
    schema = slow_schema(pg_schemas)
    name = f"flytcheck-lost-{uuid.uuid4().hex[:8]}"
    url = make_url(pg_url).update_query_dict({"application_name": name}).render_as_string(hide_password=False)
    out, tmp = tmp_path / "out", tmp_path / "tmp"
    tmp.mkdir()
    outputs = [arg for option, file in (("--output", "r.json"), ("--csv", "r.csv"), ("--worklists", "lists"),
                                        ("--junit", "r.xml"), ("--html", "r.html"), ("--history", "h.sqlite"))
               for arg in (option, str(out / file))]
    process = subprocess.Popen(
        [str(FLYTCHECK), "scan", url, "--schema", schema, "--cutover", "2026-05-22", "--quiet", *outputs],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL, cwd=tmp_path,
        env={**os.environ, "TMPDIR": str(tmp), "FLYTCHECK_LANG": "en"},
    )
    terminated = None
    seen: list[tuple[object, ...]] = []
    try:
        deadline = time.monotonic() + 30
        with pg_schemas.engine.connect() as connection:
            while terminated is None and time.monotonic() < deadline and process.poll() is None:
                rows = connection.execute(text(
                    "SELECT pid, query, state, now() - query_start > interval '0.5 seconds' AS long "
                    "FROM pg_stat_activity WHERE application_name = :name"
                ), {"name": name}).all()
                connection.rollback()  # pg_stat_activity is a snapshot per transaction: take a new one each time
                seen = [tuple(r) for r in rows]
                long = [r for r in rows if r.state == "active" and r.long]
                if long:
                    assert connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": long[0].pid}).scalar()
                    terminated = long[0].query
                else:
                    time.sleep(0.05)
            connection.rollback()
        stdout, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            stdout, stderr = process.communicate()
        with pg_schemas.engine.connect() as connection:  # never leave a runaway query behind the schema's drop
            connection.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = :name"
            ), {"name": name})
            connection.rollback()
    assert terminated is not None, f"the scan's long query was never seen: {seen}, {process.returncode}, {stderr}"
    # A SELECT, or the FETCH of the server-side cursor it streams through.
    assert terminated.lstrip().upper().startswith(("SELECT", "WITH", "FETCH")), terminated
    assert process.returncode == 2, (process.returncode, stderr)
    assert stdout == "", "no report is presented, not even a partial one"
    lines = stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    assert lines[0].startswith("flytcheck: error: rule ") and "connection-invalid-id" in lines[0], lines[0]
    assert "terminat" in lines[0] or "connection" in lines[0].lower(), lines[0]
    assert not out.exists() and list(tmp.iterdir()) == [], "no output, no temporary file"
