"""The SQL side: Familia's schema (`familia`), the read-only gate every query passes (`check`), the catalog of a
source's real names (`catalog`), the compiler to SQLite, PostgreSQL and T-SQL (`compiler`), and the DDL that
builds Familia-shaped tables in databases of our own (`ddl`: fixtures, the generator, benchmarks; never a source)."""
