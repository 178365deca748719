"""docs/exporting.md's column lists and export scripts are generated from `flytcheck requirements`, never typed.

The blocks between `<!-- generated: NAME -->` and `<!-- end: NAME -->` are made here from what `flytcheck
requirements` prints (the columns the column GRANTs allow), with each column's Familia type from the schema.
`pytest tests/test_exporting_doc.py --update-golden` rewrites them after a rule reads a new table or column; without
the flag the test fails while the doc differs, so the scripts always export every table and column the rules need.
"""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from flytcheck.cli import app
from flytcheck.sql import familia

DOC = Path(__file__).parents[1] / "docs" / "exporting.md"
BLOCK = re.compile(r"(<!-- generated: (?P<name>[a-z]+) -->\n)(?P<body>.*?)(<!-- end: (?P=name) -->)", re.S)


OPTIONAL_TABLE = " (optional table: read where it exists)"


def requirements() -> dict[str, tuple[list[str], list[str]]]:
    """`flytcheck requirements`, read back: table -> (required columns, optional columns); a table read only where
    it exists has only optional columns."""
    result = CliRunner().invoke(app, ["requirements"])
    assert result.exit_code == 0, result.output
    tables: dict[str, tuple[list[str], list[str]]] = {}
    for line in result.output.splitlines():
        table, _, rest = line.partition(": ")
        if rest.endswith(OPTIONAL_TABLE):
            tables[table] = ([], rest.removesuffix(OPTIONAL_TABLE).split(", "))
            continue
        required, _, optional = rest.partition(" (optional: ")
        tables[table] = (required.split(", "), [c for c in optional.rstrip(")").split(", ") if c])
    return tables


def _required_tables(tables: dict[str, tuple[list[str], list[str]]]) -> list[tuple[str, list[str]]]:
    """The tables every source has, with their required columns (sqlcmd and bcp export these)."""
    return [(table, required) for table, (required, _) in sorted(tables.items()) if required]


def _select(table: str, columns: list[str], *, empty_as_null: bool = False) -> str:
    """The SELECT of exactly these columns (the column GRANTs refuse `SELECT *`)."""
    kinds = familia.TABLES[table].columns
    names = [f"NULLIF({c}, '') AS {c}" if empty_as_null and kinds.get(c) is familia.ColumnType.TEXT else c
             for c in columns]
    return f"SELECT {', '.join(names)} FROM dbo.{table}"


def columns_block(tables: dict[str, tuple[list[str], list[str]]]) -> str:
    lines = ["| Table | Columns | Where the Familia version has them |", "|---|---|---|"]
    for table, (required, optional) in sorted(tables.items()):
        extra = ", ".join(f"`{c}`" for c in optional) + (" (the whole table, where it exists)" if not required else "")
        lines.append(f"| `{table}` | {', '.join(f'`{c}`' for c in required)} | {extra} |")
    return "\n".join(lines) + "\n"


def powershell_block(tables: dict[str, tuple[list[str], list[str]]]) -> str:
    rows = "\n".join(f"    {t} = '{', '.join(req + opt)}'" for t, (req, opt) in sorted(tables.items()))
    return f"""```powershell
# Export the columns flytcheck reads, one UTF-8 CSV file per table, into a folder only you can open.
Import-Module SqlServer                      # Install-Module SqlServer -Scope CurrentUser, once
$Server = 'sql01'; $Database = 'Familia'
$Folder = 'D:\\eksport'
New-Item -ItemType Directory -Force -Path $Folder -ErrorAction Stop | Out-Null
icacls $Folder /inheritance:r /grant:r "$($env:USERDOMAIN)\\$($env:USERNAME):(OI)(CI)F" | Out-Null
$tables = [ordered]@{{
{rows}
}}
foreach ($table in $tables.Keys) {{
    # The columns this login may read (INFORMATION_SCHEMA shows only granted ones): a column this Familia version
    # lacks is left out, as flytcheck allows for the optional ones.
    $granted = (Invoke-Sqlcmd -ServerInstance $Server -Database $Database -Encrypt Mandatory `
        -Query "SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = '$table'").COLUMN_NAME
    $columns = ($tables[$table] -split ', ') | Where-Object {{ $granted -contains $_ }}
    if (-not $columns) {{ continue }}          # a view this Familia version lacks (FA_V_CR_HUSKELISTE)
    Invoke-Sqlcmd -ServerInstance $Server -Database $Database -Encrypt Mandatory `
        -Query "SELECT $($columns -join ', ') FROM dbo.$table" -MaxCharLength 1000000 |
        Export-Csv (Join-Path $Folder "$table.csv") -Encoding UTF8 -UseCulture -NoTypeInformation
}}
```
"""


def sqlcmd_block(tables: dict[str, tuple[list[str], list[str]]]) -> str:
    lines = [f'sqlcmd -S %SERVER% -d %DATABASE% -E -N m -f 65001 -s";" -W -Q "SET NOCOUNT ON; '
             f'{_select(t, req)}" -o "%FOLDER%\\{t}.csv"' for t, req in _required_tables(tables)]
    return """```bat
@echo off
rem Export the columns flytcheck reads with sqlcmd (ODBC Driver 18): UTF-8, ";", a header, encrypted (-N m).
set SERVER=sql01
set DATABASE=Familia
set FOLDER=D:\\eksport
if not exist "%FOLDER%" mkdir "%FOLDER%" || exit /b 2
icacls "%FOLDER%" /inheritance:r /grant:r "%USERDOMAIN%\\%USERNAME%:(OI)(CI)F" >nul
""" + "\n".join(lines) + "\n```\n"


def bcp_block(tables: dict[str, tuple[list[str], list[str]]]) -> str:
    lines = []
    for table, required in _required_tables(tables):
        header = ";".join(required)
        dashes = ";".join("-" * len(c) for c in required)
        lines += [
            f'(echo {header}& echo {dashes})> "%FOLDER%\\{table}.csv"',
            f'bcp "{_select(table, required, empty_as_null=True)}" queryout "%FOLDER%\\{table}.dat" '
            f'-d %DATABASE% -S %SERVER% -T -c -C 65001 -t";" -Ym || exit /b 2',
            f'type "%FOLDER%\\{table}.dat" >> "%FOLDER%\\{table}.csv" && del "%FOLDER%\\{table}.dat"',
        ]
    return """```bat
@echo off
rem Export the columns flytcheck reads with bcp (version 18): UTF-8, ";", encrypted (-Ym); bcp writes no header
rem row, so each file gets one first, with sqlcmd's line of dashes under it; an empty text becomes NULL (bcp
rem would write a NUL byte for it).
set SERVER=sql01
set DATABASE=Familia
set FOLDER=D:\\eksport
if not exist "%FOLDER%" mkdir "%FOLDER%" || exit /b 2
icacls "%FOLDER%" /inheritance:r /grant:r "%USERDOMAIN%\\%USERNAME%:(OI)(CI)F" >nul
""" + "\n".join(lines) + "\n```\n"


BLOCKS = {"columns": columns_block, "powershell": powershell_block, "sqlcmd": sqlcmd_block, "bcp": bcp_block}


def test_the_export_scripts_hold_every_table_and_column_flytcheck_requirements_lists(update_golden: bool) -> None:
    tables = requirements()
    text = DOC.read_text(encoding="utf-8")
    found = {m["name"] for m in BLOCK.finditer(text)}
    assert found == set(BLOCKS), f"docs/exporting.md must hold the generated blocks {sorted(BLOCKS)}"
    made = BLOCK.sub(lambda m: m.group(1) + BLOCKS[m["name"]](tables) + m.group(4), text)
    if update_golden:
        DOC.write_text(made, encoding="utf-8")
        return
    assert made == text, "docs/exporting.md is stale: pytest tests/test_exporting_doc.py --update-golden"


def test_no_script_selects_star_and_each_names_every_required_column() -> None:
    text = DOC.read_text(encoding="utf-8")
    tables = requirements()
    scripts = {m["name"]: m["body"] for m in BLOCK.finditer(text)}
    for name in ("sqlcmd", "bcp"):
        assert "SELECT *" not in scripts[name]
        for table, required in _required_tables(tables):
            statement = re.search(rf"SELECT (.*?) FROM dbo\.{table}\b", scripts[name])
            assert statement, (name, table)
            assert all(re.search(rf"\b{c}\b", statement.group(1)) for c in required), (name, table)
    for table, (required, optional) in tables.items():
        assert f"{table} = '{', '.join(required + optional)}'" in scripts["powershell"]
    for name in ("powershell", "sqlcmd", "bcp"):
        assert re.search(r"-Encrypt Mandatory|-N m|-Ym", scripts[name]), name  # encrypted connections
        assert "New-Item -ItemType Directory" in scripts[name] or "mkdir" in scripts[name]  # the folder is created
