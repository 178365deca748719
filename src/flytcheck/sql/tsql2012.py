"""T-SQL that SQL Server 2012 runs: the functions it has, and the newer syntax it does not.

Familia installations run on old SQL Server versions, and no test here has a SQL Server to try a query on. So every
statement flytcheck sends to SQL Server is parsed back (sqlglot's T-SQL) and held to this list: a function that is
not one of SQL Server 2012's built-ins (TRIM, STRING_AGG, CONCAT_WS, GREATEST, the JSON functions, …) or syntax
that came later (AT TIME ZONE, IS DISTINCT FROM, a WINDOW clause) is refused, naming it and the version that
brought it. Rule files pass this at load (catalogue/rulebook.py), so a local rule that only a new server could run
is refused before it reaches one.
"""

from __future__ import annotations

import re

from sqlglot import TokenType, exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import SqlglotError

SQL_SERVER_2012_FUNCTIONS = frozenset({
    # aggregate
    "AVG", "CHECKSUM_AGG", "COUNT", "COUNT_BIG", "GROUPING", "GROUPING_ID", "MAX", "MIN", "STDEV", "STDEVP", "SUM",
    "VAR", "VARP",
    # ranking and analytic (the analytic ones arrived in 2012 itself)
    "RANK", "DENSE_RANK", "NTILE", "ROW_NUMBER", "CUME_DIST", "FIRST_VALUE", "LAST_VALUE", "LAG", "LEAD",
    "PERCENTILE_CONT", "PERCENTILE_DISC", "PERCENT_RANK",
    # conversion
    "CAST", "CONVERT", "PARSE", "TRY_CAST", "TRY_CONVERT", "TRY_PARSE",
    # date and time
    "CURRENT_TIMESTAMP", "DATEADD", "DATEDIFF", "DATEFROMPARTS", "DATETIME2FROMPARTS", "DATETIMEFROMPARTS",
    "DATETIMEOFFSETFROMPARTS", "DATENAME", "DATEPART", "DAY", "EOMONTH", "GETDATE", "GETUTCDATE", "ISDATE", "MONTH",
    "SMALLDATETIMEFROMPARTS", "SWITCHOFFSET", "SYSDATETIME", "SYSDATETIMEOFFSET", "SYSUTCDATETIME", "TIMEFROMPARTS",
    "TODATETIMEOFFSET", "YEAR",
    # logical
    "CHOOSE", "IIF", "COALESCE", "NULLIF", "ISNULL", "ISNUMERIC",
    # mathematical
    "ABS", "ACOS", "ASIN", "ATAN", "ATN2", "CEILING", "COS", "COT", "DEGREES", "EXP", "FLOOR", "LOG", "LOG10", "PI",
    "POWER", "RADIANS", "RAND", "ROUND", "SIGN", "SIN", "SQRT", "SQUARE", "TAN",
    # string
    "ASCII", "CHAR", "CHARINDEX", "CONCAT", "DIFFERENCE", "FORMAT", "LEFT", "LEN", "LOWER", "LTRIM", "NCHAR",
    "PATINDEX", "QUOTENAME", "REPLACE", "REPLICATE", "REVERSE", "RIGHT", "RTRIM", "SOUNDEX", "SPACE", "STR", "STUFF",
    "SUBSTRING", "UNICODE", "UPPER",
    # system, metadata and security (flytcheck's own catalog and permission queries)
    "BINARY_CHECKSUM", "CHECKSUM", "DATALENGTH", "HASHBYTES", "NEWID", "DB_NAME", "DB_ID", "SCHEMA_NAME",
    "SCHEMA_ID", "OBJECT_ID", "OBJECT_NAME", "SERVERPROPERTY", "DATABASEPROPERTYEX", "HAS_PERMS_BY_NAME",
    "IS_ROLEMEMBER", "IS_SRVROLEMEMBER", "SUSER_SNAME", "SUSER_NAME", "USER_NAME", "ORIGINAL_LOGIN",
})
"""Built-in functions of SQL Server 2012 (Transact-SQL reference, "Built-in functions", as of that version)."""

LATER_FUNCTIONS = {
    "STRING_SPLIT": 2016, "STRING_ESCAPE": 2016, "COMPRESS": 2016, "DECOMPRESS": 2016, "DATEDIFF_BIG": 2016,
    "JSON_VALUE": 2016, "JSON_QUERY": 2016, "JSON_MODIFY": 2016, "ISJSON": 2016, "OPENJSON": 2016,
    "SESSION_CONTEXT": 2016, "TRIM": 2017, "STRING_AGG": 2017, "CONCAT_WS": 2017, "TRANSLATE": 2017,
    "APPROX_COUNT_DISTINCT": 2019, "GREATEST": 2022, "LEAST": 2022, "DATETRUNC": 2022, "DATE_BUCKET": 2022,
    "GENERATE_SERIES": 2022, "JSON_OBJECT": 2022, "JSON_ARRAY": 2022, "JSON_PATH_EXISTS": 2022, "BIT_COUNT": 2022,
    "LEFT_SHIFT": 2022, "RIGHT_SHIFT": 2022, "GET_BIT": 2022, "SET_BIT": 2022,
}
"""Functions a newer SQL Server has, with the version that brought them (for the message)."""

_LATER_SYNTAX: tuple[tuple[type[exp.Expression], str, int], ...] = (
    (exp.AtTimeZone, "AT TIME ZONE", 2016),
    (exp.NullSafeEQ, "IS NOT DISTINCT FROM", 2022),
    (exp.NullSafeNEQ, "IS DISTINCT FROM", 2022),
    (exp.JSONExtract, "JSON_QUERY/JSON_VALUE", 2016),
    (exp.JSONExtractScalar, "JSON_VALUE", 2016),
)
_NOT_CALLS = frozenset({
    "IN", "EXISTS", "VALUES", "OVER", "AS", "FROM", "JOIN", "ON", "AND", "OR", "NOT", "WHEN", "THEN", "ELSE", "SELECT",
    "WHERE", "ANY", "ALL", "SOME", "WITH", "CASE", "IS", "LIKE", "BETWEEN", "UNION", "EXCEPT", "INTERSECT", "HAVING",
    "ROWS", "RANGE", "TOP", "USING", "INTO", "END", "BY", "APPLY", "PIVOT", "UNPIVOT",
})
"""Words a parenthesis follows that are not function calls: `IN (…)`, `EXISTS (…)`, `OVER (…)`."""
_TYPES = frozenset({
    "VARCHAR", "NVARCHAR", "CHAR", "NCHAR", "DECIMAL", "NUMERIC", "VARBINARY", "BINARY", "DATETIME2", "TIME",
    "DATETIMEOFFSET", "FLOAT",
})
"""Data types with a length or precision (`CONVERT(VARCHAR(10), …)`, `CAST(… AS DECIMAL(38, 10))`)."""
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


INSTEAD = {
    "TRIM": "LTRIM(RTRIM(x))",
    "CONCAT_WS": "CONCAT(a, ', ', b), or CASE WHEN … for the NULLs",
    "GREATEST": "CASE WHEN a >= b THEN a ELSE b END",
    "LEAST": "CASE WHEN a <= b THEN a ELSE b END",
    "IS DISTINCT FROM": "(a <> b OR (a IS NULL AND b IS NOT NULL) OR (a IS NOT NULL AND b IS NULL))",
    "DATE_TRUNC": "CAST(x AS DATE), or DATEFROMPARTS(YEAR(x), MONTH(x), 1)",
}
"""What a rule can write instead, in the rule's own SQL (sqlglot turns it into T-SQL SQL Server 2012 runs)."""


class NotTsql2012(ValueError):
    """A T-SQL statement uses a function or syntax SQL Server 2012 does not have."""

    def __init__(self, message: str, instead: str | None = None) -> None:
        super().__init__(message)
        self.hint = f"write {INSTEAD[instead]} instead" if instead in INSTEAD else None


def check(sql: str) -> None:
    """Raise NotTsql2012 naming the first function or syntax of `sql` (T-SQL, as sent) that SQL Server 2012 lacks.

    Functions are read from the text itself (every word a parenthesis follows), so what is checked is what the server
    would get; newer syntax is found in sqlglot's reading of it."""
    _check_calls(sql)
    try:
        trees = [t for t in Dialect.get_or_raise("tsql").parse(sql) if t is not None]
    except SqlglotError as error:
        raise NotTsql2012(f"not T-SQL that sqlglot can read back ({str(error).splitlines()[0][:120]})") from None
    for tree in trees:
        _check_syntax(tree)


_PASSED: set[str] = set()
"""Rule texts that passed, in this process: a rule folder read again (the tests copy the catalogue dozens of times)
is not generated and tokenized again. A text that fails is checked anew each time, to raise its error."""


def check_tree(sql: str, tree: exp.Expr) -> None:
    """The same for a parsed rule query (`sql` its text), as the rule-loading gate has it: its syntax, then the
    functions of its own T-SQL (a derived set it uses is checked on its own, so no query is checked twice over with
    its sets inlined)."""
    if sql in _PASSED:
        return
    _check_syntax(tree)
    _check_calls(tree.sql(dialect="tsql"))
    _PASSED.add(sql)


def _check_calls(sql: str) -> None:
    try:
        tokens = Dialect.get_or_raise("tsql").tokenize(sql)
    except SqlglotError as error:
        raise NotTsql2012(f"not T-SQL that sqlglot can read ({str(error).splitlines()[0][:120]})") from None
    for index, token in enumerate(tokens):
        previous = tokens[index - 1] if index else None
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if following is None or following.token_type != TokenType.L_PAREN or not _WORD.fullmatch(token.text):
            continue
        name = token.text.upper()
        if name in _NOT_CALLS or name in _TYPES or name in SQL_SERVER_2012_FUNCTIONS:
            continue
        if previous is not None and previous.token_type in (TokenType.ALIAS, TokenType.R_PAREN):
            continue  # a derived table's column list: `AS v(t, c)`
        version = LATER_FUNCTIONS.get(name)
        if version is not None:
            raise NotTsql2012(_later(f"{name}()", version), name)
        raise NotTsql2012(f"{name}() is not a built-in function of SQL Server 2012", name)


def _check_syntax(tree: exp.Expr) -> None:
    for node in tree.walk():
        for kind, name, version in _LATER_SYNTAX:
            if isinstance(node, kind):
                raise NotTsql2012(_later(name, version), name)
        if isinstance(node, exp.Select) and node.args.get("windows"):
            raise NotTsql2012(_later("a WINDOW clause", 2022))
        if isinstance(node, exp.ForClause) and str(node.args.get("kind", "")).upper() == "JSON":
            raise NotTsql2012(_later("FOR JSON", 2016))


def _later(what: str, version: int) -> str:
    return f"{what} needs SQL Server {version} or later; Familia servers may run SQL Server 2012"
