"""Readers for the kinds of source flytcheck scans besides a live database (folders of CSV files)."""
