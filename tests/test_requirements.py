"""`flytcheck requirements`: the columns the rules read, the optional ones (document placement) apart, and GRANTs a
DBA can run on a Familia that lacks the optional columns."""

from __future__ import annotations

from typer.testing import CliRunner

from flytcheck.cli import app

runner = CliRunner()


def run(*args: str) -> str:
    result = runner.invoke(app, ["requirements", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_optional_columns_are_listed_as_optional() -> None:
    lines = dict(line.split(": ", 1) for line in run().splitlines())
    for table in ("FA_JOURNAL", "FA_POSTJOURNAL"):
        required, _, optional = lines[table].partition(" (optional: ")
        assert "DOK_LOEPENR" not in required.split(", ")
        assert optional == "DOK_LOEPENR)"
    assert "optional" not in lines["FA_DOKUMENTER"], "FA_DOKUMENTER.DOK_LOEPENR is its key: always needed"


def test_the_optional_grants_come_apart_so_a_dba_can_leave_them_out() -> None:
    text = run("--grants", "flytcheck_reader")
    required, _, optional = text.partition("-- Optional columns")
    optional, _, tables = optional.partition("-- Optional tables")
    assert "GRANT SELECT ([OPPFYLTDATO]) ON [dbo].[FA_V_CR_HUSKELISTE] TO [flytcheck_reader];" in tables
    assert "[DOK_LOEPENR]) ON [dbo].[FA_JOURNAL]" not in required
    assert "GRANT SELECT ([DOK_LOEPENR]) ON [dbo].[FA_JOURNAL] TO [flytcheck_reader];" in optional
    assert "GRANT SELECT ([DOK_LOEPENR]) ON [dbo].[FA_POSTJOURNAL] TO [flytcheck_reader];" in optional
    assert optional.count("GRANT") == 2
