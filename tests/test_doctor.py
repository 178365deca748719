"""`flytcheck doctor` on files (SQLite copies, CSV folders, the demo): the checks, their order, lines and exit codes.

PostgreSQL roles (a missing column, a role that can write) are in tests/test_doctor_postgres.py; SQL Server through
FreeTDS and unixODBC (the driver choice, a closed port, a listener that is not SQL Server) in
tests/test_doctor_sql_server.py.
"""

from __future__ import annotations

import hashlib
import json
import re
import socket
import sqlite3
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlglot
from sqlalchemy import create_engine
from sqlglot import exp
from typer.testing import CliRunner

from flytcheck.cli import app
from flytcheck.commands.scan_settings import load_settings
from flytcheck.doctor import checks, network
from flytcheck.doctor.estimate import RATES, duration
from flytcheck.doctor.model import ORDER, Status, Target
from flytcheck.sources.base import Source
from flytcheck.sources.odbc import Server
from flytcheck.sources.open import open_source
from flytcheck.sql.ddl import create_familia
from test_postgres_parity import merged_cases

runner = CliRunner()
ROOT = Path(__file__).parents[1]
MARKS = {"✓": "ok", "!": "warning", "✗": "failed", "–": "skipped"}


def make_db(path: Path, **kwargs: Any) -> Path:
    """The rule cases' rows in one SQLite copy; `without` leaves columns out (and their values)."""
    left_out = kwargs.get("without", {})
    rows = {
        table: [{c: v for c, v in row.items() if c not in left_out.get(table, ())} for row in table_rows]
        for table, table_rows in merged_cases().items()
    }
    engine = create_engine(f"sqlite:///{path}")
    create_familia(engine, rows, **kwargs)
    engine.dispose()
    return path


def doctor(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["doctor", *args])
    return result.exit_code, result.output


def lines_by_check(output: str) -> dict[str, str]:
    """The first line of each check, by its position in ORDER."""
    found = [line for line in output.splitlines() if line[:1] in MARKS]
    assert len(found) == len(ORDER), output
    return dict(zip(ORDER, found, strict=True))


def test_a_healthy_copy_passes_every_check_in_order(tmp_path: Path) -> None:
    database = make_db(tmp_path / "familia.sqlite")
    code, output = doctor(str(database), "--min-familia-version", "8.0", "--lang", "en")
    assert code == 0, output
    lines = lines_by_check(output)
    assert all(line.startswith("✓ ") for line in lines.values()), output
    assert lines["driver"].startswith("✓ Driver: sqlite3 (SQLite ")
    assert f"SQLite file {database}" in lines["connection"] and "read-only" in lines["connection"]
    assert re.search(r"Familia version: Familia \S+ \(required 8\.0\)", lines["familia_version"])
    assert re.search(r"all \d+ columns of the \d+ tables the scan reads can be read", lines["columns"])
    assert "rows in" in lines["scan_time"] and "mid from SQLite" in output
    assert output.rstrip().endswith("All good: the scan can run. (exit 0)")


def test_bokmal_is_the_default_and_json_has_every_check(tmp_path: Path) -> None:
    database = make_db(tmp_path / "familia.sqlite")
    code, output = doctor(str(database))
    assert code == 1  # no required Familia version: a warning
    assert "! Familia-versjon: " in output and "Løsning: sett min_familia_version" in output
    assert "Tabeller og kolonner" in output and "Forventet skannetid" in output
    code, output = doctor(str(database), "--format", "json", "--lang", "en")
    report = json.loads(output)
    assert code == 1 and report["exit_code"] == 1 and report["source"] == str(database)
    assert [c["id"] for c in report["checks"]] == list(ORDER)
    version = report["checks"][ORDER.index("familia_version")]
    assert version["status"] == "warning" and "min_familia_version" in version["fix"]
    assert {c["status"] for c in report["checks"]} <= {s.value for s in Status}


def test_a_missing_column_fails_naming_table_column_and_the_rules(tmp_path: Path) -> None:
    database = make_db(tmp_path / "old.sqlite", without={"FA_HUSKELAPP": ["HUS_OPPFYLTDATO"]})
    code, output = doctor(str(database), "--lang", "en", "--min-familia-version", "8.0")
    assert code == 2, output
    line = lines_by_check(output)["columns"]
    assert line.startswith("✗ Tables and columns: 1 table(s) missing or incomplete"), output
    assert "table FA_HUSKELAPP lacks column(s) HUS_OPPFYLTDATO (needed by " in output
    assert "use --schema" in output
    assert output.rstrip().endswith("(exit 2)")


def test_a_disabled_rule_s_columns_are_not_required(tmp_path: Path) -> None:
    # The rules that read HUS_OPPFYLTDATO, found from the rulebook as `flytcheck requirements` finds them: without
    # them the copy is complete, as a scan would find it.
    database = make_db(tmp_path / "old.sqlite", without={"FA_HUSKELAPP": ["HUS_OPPFYLTDATO"]})
    rulebook = load_settings({}).rulebook
    readers = sorted(r for r in rulebook.rules
                     if "HUS_OPPFYLTDATO" in rulebook.requirements([r], preview=False).get("FA_HUSKELAPP", set()))
    assert readers and "HUS_OPPFYLTDATO" not in rulebook.requirements([], preview=True).get("FA_HUSKELAPP", set())
    disabled = [arg for rule in readers for arg in ("--disable", rule)]
    code, output = doctor(str(database), "--lang", "en", "--min-familia-version", "8.0", *disabled)
    assert code == 0 and lines_by_check(output)["columns"].startswith("✓ "), output


def test_an_old_familia_and_a_missing_version_table_are_warnings(tmp_path: Path) -> None:
    database = make_db(tmp_path / "familia.sqlite")
    code, output = doctor(str(database), "--lang", "en", "--min-familia-version", "99")
    assert code == 1 and "is older than the required 99: familia-outdated will be a blocker" in output
    tables = [t for t in merged_cases() if t != "FA_DBVERSJON"]
    without = make_db(tmp_path / "noversion.sqlite", only=tables)
    code, output = doctor(str(without), "--lang", "en", "--min-familia-version", "8.0")
    assert "! Familia version: FA_DBVERSJON.DBV_VERSJON does not exist" in output, output


def test_the_configuration_file_is_read_as_a_scan_reads_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    database = make_db(tmp_path / "familia.sqlite")
    (tmp_path / "flytcheck.toml").write_text('min_familia_version = "8.0"\nlang = "en"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, output = doctor(str(database))
    assert code == 0 and "(required 8.0)" in output, output
    (tmp_path / "other.toml").write_text('lang = "fr"\n', encoding="utf-8")
    code, output = doctor(str(database), "--config", str(tmp_path / "other.toml"))
    assert code == 2 and "other.toml" in output and "lang" in output


def test_a_csv_folder_and_the_demo(tmp_path: Path) -> None:
    code, output = doctor("--demo", "--lang", "en")
    assert code == 1, output  # the demo requires a newer Familia than it has, on purpose
    lines = lines_by_check(output)
    assert lines["driver"] == "✓ Driver: Python's csv module (no database driver needed)"
    assert "Familia files" in lines["connection"] and "MB of CSV" in lines["scan_time"]
    assert "the rate: docs/benchmarks.md, mid as a CSV folder: about 13.3 MB/s" in output


def test_bad_input_is_one_clear_line_and_exit_2(tmp_path: Path) -> None:
    code, output = doctor()
    assert code == 2 and "gi nøyaktig én kilde" in output  # bokmål, the default language
    code, output = doctor("--lang", "en")
    assert code == 2 and "give exactly one source" in output
    code, output = doctor(str(tmp_path / "nothing.sqlite"), "--lang", "en")
    assert code == 2 and "✗ Connection: " in output and "no such file or folder" in output
    assert "– Tables and columns: not checked: the connection failed" in output
    code, output = doctor(str(tmp_path), "--format", "xml", "--lang", "en")
    assert code == 2 and "--format: 'xml' is not one of console, json" in output
    code, output = doctor("mysql://u:secret@db/familia", "--lang", "en")
    assert code == 2 and "unsupported database type 'mysql'" in output and "secret" not in output


def test_the_rates_are_those_of_the_benchmarks() -> None:
    text = (ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8")
    for kind, source in (("sqlite", "SQLite"), ("postgresql", "PostgreSQL")):
        row = re.search(rf"^\| mid \| {source} \| ([\d ]+) \| [^|]+\| [^|]+\| ([\d.]+) s \|", text, re.M)
        assert row, f"no mid/{source} row in docs/benchmarks.md"
        measured = int(row.group(1).replace(" ", "")) / float(row.group(2))
        # A rerun of the benchmarks moves the figures a little; an estimate off by half needs new rates here.
        assert 0.5 < RATES[kind].per_second / measured < 2, (kind, measured)
        assert f"mid from {source}" in RATES[kind].measured("en")
    csv = re.search(r"^\| mid \| (\d+) MB \| [\d ]+ \| [^|]+\| [^|]+\| ([\d.]+) s \|", text, re.M)
    assert csv, "no mid row under CSV folders in docs/benchmarks.md"
    assert 0.5 < RATES["csv"].per_second / (int(csv.group(1)) * 1_000_000 / float(csv.group(2))) < 2
    assert RATES["mssql"].per_second == RATES["postgresql"].per_second
    assert "no SQL Server figure" in RATES["mssql"].measured("en")
    assert RATES["sqlite"].measured("en") == "docs/benchmarks.md, mid from SQLite: about 337 000 rows/s"


def test_durations_read_as_a_person_says_them() -> None:
    assert [duration(s, "en") for s in (0.3, 12.4, 600, 4800, 9000)] == [
        "under 1 s", "12 s", "10 min", "80 min", "2 h 30 min",
    ]
    assert duration(9000, "nb") == "2 t 30 min"


# --- what doctor sends: only SELECTs, and the file is untouched -----------------------------------------------------

WRITES = (
    exp.Insert, exp.Update, exp.Delete, exp.Drop, exp.Create, exp.Alter, exp.Merge, exp.Command, exp.Into,
    exp.TruncateTable, exp.Use, exp.Set, exp.Transaction, exp.Commit, exp.Rollback, exp.Pragma, exp.Copy,
    exp.Grant, exp.Execute, exp.Lock,
)


def assert_select(sql: str, dialect: str) -> None:
    statements = [s for s in sqlglot.parse(sql, read=dialect) if s is not None]
    assert len(statements) == 1, sql
    assert isinstance(statements[0], exp.Select | exp.Union), sql
    assert not [n for n in statements[0].walk() if isinstance(n, WRITES)], sql


def test_doctor_sends_sqlite_only_selects_and_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    (tmp_path / "copy").mkdir()
    database = make_db(tmp_path / "copy" / "familia.sqlite")
    before = hashlib.sha256(database.read_bytes()).hexdigest()
    sent: list[str] = []

    @contextmanager
    def recording(*args: Any, **kwargs: Any) -> Iterator[Source]:
        with open_source(*args, **kwargs) as source:
            connection: sqlite3.Connection = source._connection  # type: ignore[attr-defined]
            connection.set_trace_callback(sent.append)
            yield source

    settings = load_settings({"min_familia_version": "8.0"})
    report = checks.run(Target(str(database)), settings, recording)
    assert report.exit_code == 0, report
    assert len(sent) > 10
    for sql in sent:
        if sql.strip().upper() in ("BEGIN", "ROLLBACK") or re.fullmatch(r"-- PRAGMA table_info='[^']*'", sql):
            continue  # the read transaction, and what SQLite traces of pragma_table_info() inside a SELECT
        assert_select(sql, "sqlite")
    assert hashlib.sha256(database.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in database.parent.iterdir()) == ["familia.sqlite"]


# --- the network path of a SQL Server connection (doctor/network.py) -------------------------------------------------


@contextmanager
def listener(reply: bytes | None) -> Iterator[int]:
    """A local TCP port that answers every connection with `reply` (None: says nothing)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except OSError:
                return
            with connection:
                connection.settimeout(2)
                try:
                    connection.recv(512)
                    if reply is not None:
                        connection.sendall(reply)
                    else:
                        stop.wait(3)
                except OSError:
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        stop.set()
        server.close()
        thread.join(5)


def closed_port() -> int:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


TDS_REPLY = bytes([0x04, 0x01]) + struct.pack(">H", 8 + 6) + bytes([0, 0, 1, 0]) + bytes([0xFF, 0, 0, 0, 0, 0])


def test_the_network_path_says_where_it_ends() -> None:
    found = network.probe(Server("127.0.0.1", closed_port()), 2)
    assert not found.answered and "nothing listens on 127.0.0.1:" in found.line[1]
    with listener(b"HTTP/1.1 400 Bad Request\r\n\r\n") as port:
        found = network.probe(Server("127.0.0.1", port), 2)
    assert not found.answered and "does not answer as SQL Server" in found.line[1] and "1433" in found.line[1]
    with listener(None) as port:
        found = network.probe(Server("127.0.0.1", port), 1)
    assert not found.answered and "does not answer as SQL Server" in found.line[1]
    with listener(TDS_REPLY) as port:
        found = network.probe(Server("127.0.0.1", port), 2)
    assert found.answered and found.line[1] == f"127.0.0.1:{port} answers as SQL Server (TDS)"
    found = network.probe(Server("no-such-host.invalid"), 1)
    assert not found.answered and "does not resolve" in found.line[1]


def test_the_prelogin_packet_is_tds() -> None:
    kind, status, length = network.PRELOGIN[0], network.PRELOGIN[1], struct.unpack(">H", network.PRELOGIN[2:4])[0]
    assert (kind, status, length) == (0x12, 0x01, len(network.PRELOGIN))


def test_sql_browser_gives_a_named_instance_s_port() -> None:
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", 0))
    asked: list[bytes] = []

    def answer() -> None:
        data, address = udp.recvfrom(512)
        asked.append(data)
        body = b"ServerName;SQL01;InstanceName;FAMILIA;IsClustered;No;Version;11.0.7001.0;tcp;50123;;"
        udp.sendto(b"\x05" + struct.pack("<H", len(body)) + body, address)

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    try:
        assert network.browser_port("127.0.0.1", "FAMILIA", 2, udp.getsockname()[1]) == 50123
    finally:
        thread.join(5)
        udp.close()
    assert asked == [b"\x04FAMILIA\x00"]
    silent = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    silent.bind(("127.0.0.1", 0))
    try:
        assert network.browser_port("127.0.0.1", "FAMILIA", 0.5, silent.getsockname()[1]) is None
    finally:
        silent.close()


def test_the_readme_s_it_section_is_the_first_scan_checklist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## For IT"):readme.index("### Proving the SQL Server path")]
    steps = re.findall(r"^\d+\. \*\*`flytcheck ([a-z-]+)[^`]*`\*\*", section, flags=re.M)
    assert steps == ["doctor", "requirements", "scan"], steps
    assert "flytcheck requirements --grants" in section
    for topic in ("Trusted_Connection=yes", "SERVER=sql01\\FAMILIA", "SERVER=sql01,50123", "UDP port 1434",
                  "ODBC Driver 18 encrypts by default", "TrustServerCertificate=yes", "Encrypt=yes"):
        assert topic in section, topic


def test_a_postgres_port_that_never_answers_fails_within_the_timeout() -> None:
    import time

    with listener(None) as port:
        start = time.monotonic()
        code, output = doctor(f"postgresql+psycopg://reader:secretpw@127.0.0.1:{port}/familia", "--timeout", "2",
                              "--lang", "en")
        seconds = time.monotonic() - start
    assert code == 2 and seconds < 15, (seconds, output)
    assert f"✗ Connection: nothing at 127.0.0.1:{port} answered as a PostgreSQL server" in output
    assert "Fix: check host and port in the URL" in output and "secretpw" not in output
