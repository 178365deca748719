"""flytcheck: is this Familia database ready for the cut-over to Flyt Barnevern?"""

__version__ = "0.2.0"
"""The one place the version is written: pyproject.toml reads it from here (hatch), and every report shows it."""
