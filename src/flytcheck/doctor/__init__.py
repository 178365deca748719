"""`flytcheck doctor`: before the first scan, check each thing a scan needs and say how to fix what is missing.

In order: the driver, the connection, Familia's version, every table and column the rules read, the snapshot,
least privilege, and the expected scan time (`checks.py`), each one line with a verdict and its fix
(`report.py`). It opens the source exactly as a scan does and only ever sends SELECTs: the catalog, the server's
own permission functions (HAS_PERMS_BY_NAME, has_column_privilege) and row counts from the catalog
(`mssql.py`, `postgres.py`, `files.py`). It never writes and never reads a Familia row beyond the version.
"""
