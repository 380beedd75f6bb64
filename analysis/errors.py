"""The package's own exceptions, with messages that name the file (and line) at fault."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class AnalysisError(Exception):
    """Base class of every error this package raises on purpose."""


class InputError(AnalysisError):
    """An input file (or one row of it) cannot be used.

    >>> str(InputError("corpus.jsonl", "no 'text' field", line=3))
    "corpus.jsonl, line 3: no 'text' field"
    """

    def __init__(self, path: str | Path, reason: str, *, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.reason = reason
        where = self.path if line is None else f"{self.path}, line {line}"
        super().__init__(f"{where}: {reason}")


class ParameterError(AnalysisError, ValueError):
    """A function or command was given a parameter it cannot use."""


@dataclass(frozen=True)
class Skipped:
    """One input that was left out of a corpus, and why."""

    path: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}, line {self.line}"
        return f"{where}: {self.reason}"
