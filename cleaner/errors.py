"""One base exception; each subclass builds an actionable one-line message.

Library callers get these as plain exceptions; only ``cli.py`` turns them into
exit codes and stderr lines.
"""

from __future__ import annotations


class CleanCorpusError(Exception):
    """Base of every error cleancorpus raises on purpose."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class RuleFileError(CleanCorpusError):
    """Raised when a rule file cannot be loaded: names the file, line and field."""

    def __init__(self, path: str, line: int | None, field: str | None, problem: str) -> None:
        where = f"{path}:{line}" if line else path
        what = f" field {field!r}:" if field else ""
        super().__init__(f"{where}: invalid rule file:{what} {problem}")
        self.path, self.line, self.field, self.problem = path, line, field, problem


class UnknownRuleError(CleanCorpusError):
    """Raised when --select/--ignore or `rules ID` names no rule."""


class ConfigError(CleanCorpusError):
    """Raised when a configuration file or option is invalid."""


class InputError(CleanCorpusError):
    """Raised for one bad input (file or JSONL line); the run goes on without it."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source, self.problem = source, problem


class IndexError_(CleanCorpusError):
    """Raised when a near-duplicate index cannot be opened or used."""
