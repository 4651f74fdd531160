"""One error hierarchy: the CLI prints any KbError as one line on stderr and exits 1."""

from __future__ import annotations


class KbError(Exception):
    """Base of every error kb reports to a user."""


class ConfigError(KbError):
    """A setting (environment variable, flag) is missing or invalid."""


class OntologyError(KbError):
    """The ontology YAML is invalid."""


# Line breaks and other control characters in a message, shown escaped (as repr() would) instead.
_VISIBLE = {c: repr(chr(c))[1:-1] for c in [*range(0x20), 0x7F, 0x85, 0x2028, 0x2029]}


class InputError(KbError):
    """A file given to kb is unreadable or invalid; the message names the file (and line)."""

    def __init__(self, path: object, problem: str, line: int | None = None) -> None:
        self.path, self.problem, self.line = str(path), problem, line
        where = f"{self.path}:{line}" if line is not None else self.path
        # One line whatever the input holds: a file name or a claim's key may carry a line break.
        super().__init__(f"{where}: {problem}".translate(_VISIBLE))

    def __reduce__(self) -> tuple:  # raised in a validation worker process, re-raised in the parent
        return (InputError, (self.path, self.problem, self.line))


class StoreError(KbError):
    """The graph store is unreachable or refused an operation."""


class QueryError(KbError):
    """A canned or raw query is unknown, has bad parameters, or failed."""
