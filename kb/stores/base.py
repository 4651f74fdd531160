"""The store interface every backend implements; the contract test in tests/test_store_contract.py runs on each."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from contextlib import nullcontext
from typing import Any, ContextManager, Sequence


@dataclass(frozen=True)
class Statement:
    """One parameterised Cypher statement. Values only ever travel in `params`."""

    cypher: str
    params: dict[str, Any] = field(default_factory=dict)


class Rows(list):
    """The rows of an `UNWIND $rows` batch: scalars, or tuples of scalars and lists of scalars; never
    maps, so a backend can serialise them in one pass (the FalkorDB store uses json.dumps)."""


@dataclass(frozen=True)
class Result:
    columns: list[str]
    rows: list[list[Any]]
    # A page of a paged canned query (kb/queries.py): rows in the whole answer and rows before this page;
    # None for every other result.
    total: int | None = None
    offset: int | None = None
    cursor: Any = None  # kb.queries.PageCursor: where the next page starts, for a query that takes a cursor

    @property
    def remaining(self) -> int | None:
        """Rows of the whole answer after this page (None when the result is not a page)."""
        if self.total is None or self.offset is None:
            return None
        return max(0, self.total - self.offset - len(self.rows))

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row)) for row in self.rows]


class Store(ABC):
    """A graph store: read queries, atomic batches of write statements, schema setup."""

    backend: str = "abstract"
    location: str = ""
    # True when write_lock() keeps every other writer out, so a load may trust what it read before
    # writing (which facts exist); otherwise a load recomputes every fact it touches in the store.
    exclusive_writes: bool = False

    def write_lock(self) -> ContextManager[None]:
        """Held by a load while it reads what the store holds and writes the rest."""
        return nullcontext()

    @abstractmethod
    def ensure_schema(self) -> None:
        """Create the indexes and uniqueness constraints kb relies on (idempotent)."""

    @abstractmethod
    def read(self, cypher: str, params: dict[str, Any] | None = None) -> Result:
        """Run a query in read-only mode: a query that tries to write fails and changes nothing."""

    def explain(self, cypher: str, params: dict[str, Any] | None = None) -> str:
        """The store's plan for a query, not run: one operator a line, each child indented four spaces more
        than its parent, the operator's name first (then ` | ` and its details when the store gives any)."""
        raise NotImplementedError(f"the {self.backend} store cannot explain queries")

    @abstractmethod
    def write(self, statements: Sequence[Statement]) -> None:
        """Run the statements in order as one transaction: all take effect or none."""

    def query(self, cypher: str, params: dict[str, Any] | None = None, *, write: bool = False) -> Result:
        """Run one statement, read-only unless `write`; returns its rows."""
        if not write:
            return self.read(cypher, params)
        return self.write_returning(Statement(cypher, params or {}))

    @abstractmethod
    def write_returning(self, statement: Statement) -> Result:
        """Run one write statement in its own transaction and return its rows."""

    # Input marks (kb/marks.py): which input files the store holds, kept outside the graph. A backend
    # without a place for them keeps none, and every load reads all its files.
    def input_marks(self, marks: list[str]) -> dict[str, dict]:
        """The records of those `marks` this store holds."""
        return {}

    def record_input_marks(self, records: dict[str, dict]) -> None:
        """Remember that the files with these marks are loaded."""

    def forget_input_marks(self) -> None:
        """Called by anything that may take claims out of the store."""

    def bulk_graph(self) -> Any | None:
        """A writer of a whole new graph by the engine's bulk path, to take the place of an empty store's graph
        (kb.fresh_graph), or None where the backend has none."""
        return None

    def rewritten(self) -> None:
        """Called after a statement rewrote much of the graph at once (kb.stores.upgrade): a backend that
        replays its log at start (the embedded server) restarts the log from a snapshot, since replaying one
        short statement that rewrites a million claims takes as long as it did."""

    @abstractmethod
    def clear(self) -> None:
        """Delete every node and relationship (tests and `kb` maintenance only)."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection (and, for the embedded store, maybe the server)."""

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
