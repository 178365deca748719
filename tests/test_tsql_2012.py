"""Every T-SQL statement flytcheck sends uses only functions and syntax SQL Server 2012 has (Familia's servers are old).

Whatever rules exist are checked, never a fixed list: the built-in catalogue's rules, sets and preview, flytcheck's
own queries (the Familia version, the session's isolation lookup, `doctor`'s catalog and permission queries), and
the local rules of examples/local-rules, each compiled as a scan compiles it, also with the column reads a copy of
text columns gets (sql/conversions.py). The check itself (sql/tsql2012.py) is shown to catch each newer construct,
and a local rule that uses one is refused when it loads, naming the file and the rule.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from flytcheck.catalogue.loading import load_rulebook
from flytcheck.catalogue.rulebook import INTERNAL_QUERIES, Rulebook
from flytcheck.doctor import mssql as doctor_mssql
from flytcheck.errors import RuleFileError
from flytcheck.settings import CONNECTION_ROLES, CONTRACTOR_ROLES
from flytcheck.sources.session import MSSQL_ISOLATION_QUERY
from flytcheck.sql import familia
from flytcheck.sql.catalog import Declared
from flytcheck.sql.compiler import IdentityCatalog, Parameters, render
from flytcheck.sql.tsql2012 import LATER_FUNCTIONS, NotTsql2012, check

ROOT = Path(__file__).parents[1]
LOCAL_RULES = ROOT / "examples" / "local-rules"
PARAMS = Parameters(date(2027, 5, 22), CONNECTION_ROLES, CONTRACTOR_ROLES)


def rulebooks() -> dict[str, Rulebook]:
    return {"built-in": load_rulebook(), "examples/local-rules": load_rulebook(extra=[LOCAL_RULES])}


def text_copy() -> IdentityCatalog:
    """A catalog whose every column is declared as text: the reads that cast them are rendered too."""
    catalog = IdentityCatalog("dbo")
    catalog.declared.update({t: dict.fromkeys(spec.columns, Declared.TEXT) for t, spec in familia.TABLES.items()})
    return catalog


def compiled_statements() -> dict[str, str]:
    statements: dict[str, str] = {}
    for origin, rulebook in rulebooks().items():
        for index, sql in enumerate(rulebook.all_sql()):
            template = rulebook.template(sql, "mssql")
            for name, catalog in (("dbo", IdentityCatalog("dbo")), ("text-copy", text_copy())):
                statements[f"{origin}[{index}]:{name}"] = render(template, "mssql", catalog, PARAMS)
    return statements


def internal_statements() -> dict[str, str]:
    pairs = [("FA_KLIENT", "KLI_LOEPENR"), ("FA_KLIENT", "SBH_INITIALER")]
    return {
        "session isolation": MSSQL_ISOLATION_QUERY,
        "doctor server": doctor_mssql.SERVER_QUERY,
        "doctor roles": doctor_mssql.ROLES_QUERY,
        "doctor column permissions": doctor_mssql.column_permissions_query("dbo", pairs),
        "doctor column permissions, default schema": doctor_mssql.column_permissions_query(None, pairs),
        "doctor write permissions": doctor_mssql.write_permissions_query("dbo", ["FA_KLIENT", "FA_JOURNAL"]),
        "doctor row counts": doctor_mssql.row_counts_query("dbo"),
        "doctor row counts, default schema": doctor_mssql.row_counts_query(None),
        "database user": "SELECT USER_NAME()",
    }


STATEMENTS = {**compiled_statements(), **internal_statements()}


def test_every_query_of_every_rulebook_is_checked() -> None:
    books = rulebooks()
    local = books["examples/local-rules"]
    assert set(local.rules) - set(books["built-in"].rules), "examples/local-rules adds no rule"
    for rulebook in books.values():
        assert set(INTERNAL_QUERIES) <= set(rulebook.all_sql())
        queries = sum(len(r.queries) for r in rulebook.rules.values())
        assert len(rulebook.all_sql()) >= len(rulebook.sets.sets) + len(rulebook.sets.preview) + queries // 2


@pytest.mark.parametrize("name", STATEMENTS)
def test_the_tsql_runs_on_sql_server_2012(name: str) -> None:
    check(STATEMENTS[name])


NEWER = {
    "SELECT TRIM(x) FROM t": "TRIM() needs SQL Server 2017",
    "SELECT STRING_AGG(x, ',') FROM t": "STRING_AGG() needs SQL Server 2017",
    "SELECT CONCAT_WS(',', x, y) FROM t": "CONCAT_WS() needs SQL Server 2017",
    "SELECT TRANSLATE(x, 'ab', 'cd') FROM t": "TRANSLATE() needs SQL Server 2017",
    "SELECT value FROM STRING_SPLIT(x, ',')": "STRING_SPLIT() needs SQL Server 2016",
    "SELECT GREATEST(x, y), LEAST(x, y) FROM t": "GREATEST() needs SQL Server 2022",
    "SELECT JSON_VALUE(x, '$.a') FROM t": "SQL Server 2016",
    "SELECT ISJSON(x) FROM t": "ISJSON() needs SQL Server 2016",
    "SELECT value FROM OPENJSON(x)": "OPENJSON() needs SQL Server 2016",
    "SELECT x FROM t FOR JSON PATH": "FOR JSON needs SQL Server 2016",
    "SELECT x AT TIME ZONE 'UTC' FROM t": "AT TIME ZONE needs SQL Server 2016",
    "SELECT x FROM t WHERE x IS DISTINCT FROM y": "IS DISTINCT FROM needs SQL Server 2022",
    "SELECT SUM(x) OVER w FROM t WINDOW w AS (ORDER BY y)": "a WINDOW clause needs SQL Server 2022",
    "SELECT DATETRUNC(month, x) FROM t": "DATETRUNC() needs SQL Server 2022",
    "SELECT DATEDIFF_BIG(day, x, y) FROM t": "DATEDIFF_BIG() needs SQL Server 2016",
    "SELECT APPROX_COUNT_DISTINCT(x) FROM t": "APPROX_COUNT_DISTINCT() needs SQL Server 2019",
    "SELECT LPAD(x, 5, '0') FROM t": "LPAD() is not a built-in function",
}


@pytest.mark.parametrize("sql", NEWER)
def test_newer_functions_and_syntax_are_refused(sql: str) -> None:
    with pytest.raises(NotTsql2012, match=re.escape(NEWER[sql])):
        check(sql)


def test_every_function_listed_as_newer_is_refused() -> None:
    for name, version in LATER_FUNCTIONS.items():
        with pytest.raises(NotTsql2012, match=f"{name}(\\(\\))? needs SQL Server {version}"):
            check(f"SELECT {name}(x, '$.a') FROM t")


def test_what_sql_server_2012_has_passes() -> None:
    check(
        "SELECT IIF(x = 1, 1, 0), TRY_CAST(x AS INT), CONCAT(x, y), FORMAT(d, 'yyyy'), EOMONTH(d), "
        "DATEFROMPARTS(2012, 1, 1), CHOOSE(1, 'a', 'b'), LAG(x) OVER (ORDER BY y), LTRIM(RTRIM(x)), "
        "CONVERT(VARCHAR(10), d, 23), CAST(x AS DECIMAL(38, 10)) FROM t ORDER BY y OFFSET 0 ROWS FETCH NEXT 5 ROWS ONLY"
    )


RULE = """id = "local-newer-sql"
severity = "warning"
category = "children"
title = {{ nb = "Lokal regel", en = "Local rule" }}
why = {{ nb = "Test", en = "Test" }}
fix = {{ nb = "Test", en = "Test" }}
message = {{ nb = "Funnet", en = "Found" }}

[[queries]]
table = "FA_KLIENT"
sql = '''SELECT k.KLI_LOEPENR AS record_key, {expression} AS verdi FROM FA_KLIENT k'''
"""
LOCAL = {
    "TRIM(k.SBH_INITIALER)": ("TRIM() needs SQL Server 2017", "LTRIM(RTRIM(x))"),
    "GREATEST(k.KLI_LOEPENR, 1)": ("GREATEST() needs SQL Server 2022", "CASE WHEN"),
    "CONCAT_WS('-', k.SBH_INITIALER, k.SBH_INITIALER)": ("CONCAT_WS() needs SQL Server 2017", "CONCAT("),
    "k.KLI_AVSLUTTETDATO IS DISTINCT FROM k.KLI_FOEDSELSDATO": ("IS DISTINCT FROM needs SQL Server 2022", None),
}


@pytest.mark.parametrize("expression", LOCAL)
def test_a_local_rule_with_newer_sql_is_refused_naming_file_and_rule(expression: str, tmp_path: Path) -> None:
    folder = tmp_path / "lokale-regler"
    folder.mkdir()
    path = folder / "local-newer-sql.toml"
    path.write_text(RULE.format(expression=expression), encoding="utf-8")
    with pytest.raises(RuleFileError) as refused:
        load_rulebook(extra=[folder])
    message, hint = LOCAL[expression]
    text = str(refused.value)
    assert str(path) in text and "rule local-newer-sql" in text and "queries[0].sql" in text, text
    assert message in text and "SQL Server 2012" in text, text
    if hint:
        assert hint in text, text


def test_the_example_local_rules_still_load_and_a_copy_of_them_with_trim_does_not(tmp_path: Path) -> None:
    load_rulebook(extra=[LOCAL_RULES])
    copy = tmp_path / "local"
    shutil.copytree(LOCAL_RULES, copy, ignore=shutil.ignore_patterns("cases"))
    rule_file = next(copy.glob("*.toml"))
    text = rule_file.read_text(encoding="utf-8")
    assert "SELECT " in text
    rule_file.write_text(text.replace("SELECT ", "SELECT TRIM(mc.sbh_initialer) AS trimmed, ", 1), encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"rule lofoten-child-municipality, queries\[0\]\.sql: TRIM\(\)"):
        load_rulebook(extra=[copy])
