"""The failures that stop a scan: each carries a one-line message naming where the problem is, never a value."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flytcheck.sources.driver_errors import Diagnosis


class FlytcheckError(Exception):
    """flytcheck could not do its job; the CLI prints the message and exits with code 2."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n  {self.hint}"


class SourceError(FlytcheckError):
    """The source cannot be opened or read: file, table, column and line are in the message."""

    diagnosis: Diagnosis | None = None
    """The known case of a driver's error (sources/driver_errors.py), whose problem and fix `doctor` shows in
    bokmål or English; the hint is its English line."""


class SchemaError(SourceError):
    """Tables or columns the enabled rules need are missing from the source."""


class RuleFileError(FlytcheckError):
    """A rule file or the configuration is invalid: the message names the file, rule and field."""


class ConfigError(FlytcheckError):
    """An option or a configuration value is invalid."""


class RuleRunError(FlytcheckError):
    """A rule's query failed or timed out while the scan ran; the rule is named, the scan is incomplete."""

    def __init__(self, rule_id: str, message: str, *, hint: str | None = None) -> None:
        super().__init__(f"rule {rule_id}: {message}", hint=hint)
        self.rule_id = rule_id
