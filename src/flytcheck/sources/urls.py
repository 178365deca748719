"""Which backend a source URL names, decided from its scheme alone (no driver is imported to decide)."""

from __future__ import annotations

POSTGRES_SCHEMES = ("postgresql", "postgresql+psycopg", "postgres")
"""URL schemes read through psycopg 3 alone (sources/postgres.py); others, such as mssql+pyodbc, go to SQLAlchemy."""


def is_postgres_url(source: str) -> bool:
    """Whether SOURCE is a PostgreSQL URL for sources/postgres.py (decided without importing psycopg)."""
    return "://" in source and source.partition("://")[0].lower() in POSTGRES_SCHEMES
