"""The sources flytcheck scans: databases (SQLite, PostgreSQL, SQL Server) and folders of CSV exports."""
