"""The embedded default store: FalkorDB run by kb on a Unix socket in the store directory."""

from __future__ import annotations

import json
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ContextManager, Iterator, Sequence

import redis
from falkordb import Edge, FalkorDB, Node, Path as GraphPath
from falkordb.helpers import stringify_param_value
from falkordb.query_result import parse_scalar

from kb.errors import StoreError
from kb.stores import embedded_server
from kb.stores.base import Result, Rows, Statement, Store
from kb.stores.schema import FALKORDB_INDEXES, UNIQUE_KEYS, fact_types


def _plain(value: Any) -> Any:
    """Turn FalkorDB result values into plain Python (dicts, lists, scalars)."""
    if isinstance(value, Node):
        return dict(value.properties)
    if isinstance(value, Edge):
        return dict(value.properties)
    if isinstance(value, GraphPath):
        return [_plain(n) for n in value.nodes()]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _cell(cell: list, graph: Any) -> Any:
    """One value of a compact result as plain Python. Canned queries return scalars, lists and maps, read
    here in one pass (a hub's thousands of rows spent more time in the client's generic parser than in
    the server); nodes, edges, paths and temporal values go through the client's parser."""
    kind, value = cell
    if kind == 2:
        return value.decode()
    if kind == 3:
        return value
    if kind == 1:
        return None
    if kind == 6:
        return [_cell(v, graph) for v in value]
    if kind == 5:
        return float(value)
    if kind == 4:
        return value == b"true"
    if kind == 10:
        return {value[i].decode(): _cell(value[i + 1], graph) for i in range(0, len(value), 2)}
    return _plain(parse_scalar(cell, graph))


def _literal(value: Any) -> str:
    """A parameter as the Cypher literal FalkorDB reads from the CYPHER header.

    Batch rows go through json.dumps, a single C pass: a JSON string is a FalkorDB string except for
    \\uXXXX escapes (control characters), which the parser does not decode, so text that needs one
    takes the client's slower literal writer, as do maps (their keys must not be quoted).
    """
    if isinstance(value, Rows):
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        if "\\u" not in text:
            return text
    return stringify_param_value(value)


def _header(params: dict[str, Any] | None) -> str:
    if not params:
        return ""
    parts = []
    for k, v in params.items():
        literal = _literal(v)
        if "\x00" in literal:  # the server reads queries as C strings: the rest of the text would be lost
            raise StoreError(f"parameter ${k} holds a NUL character (U+0000), which the embedded FalkorDB "
                             "store can neither hold nor match")
        parts.append(f"{k}={literal}")
    return "CYPHER " + " ".join(parts) + " "


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())


INDEX_WAIT_S = 600.0  # then queries run without the index: slower, still right


class FalkorDBStore(Store):
    backend = "falkordb"
    exclusive_writes = True  # every kb process that loads into this directory takes write_lock()

    def __init__(self, directory: str | Path, graph: str = "kb") -> None:
        self.directory = Path(directory).expanduser().resolve()
        self.location = str(self.directory)
        self.graph_name = graph
        self._client: redis.Redis | None = embedded_server.acquire(self.directory)
        self._db = FalkorDB(connection_pool=self._client.connection_pool)
        self._graph = self._db.select_graph(graph)
        self._compiled: set[str] = set()  # statement texts that GRAPH.EXPLAIN accepted

    def write_lock(self) -> ContextManager[None]:
        return embedded_server.write_lock(self.directory)

    def _require(self) -> redis.Redis:
        if self._client is None:
            raise StoreError(f"{self.location}: the store is closed")
        return self._client

    def ensure_schema(self) -> None:
        with self._server():
            self._ensure_schema()

    def _ensure_schema(self) -> None:
        client = self._require()
        try:
            rows = self.read("CALL db.indexes() YIELD label, properties RETURN label, properties").rows
        except StoreError as exc:
            if "empty key" not in str(exc):
                raise
            rows = []  # a new store: the first CREATE INDEX creates the graph
        existing = {(row[0], prop) for row in rows for prop in row[1]}  # one row per label or type
        wanted = [(label, prop, f"(n:{label})") for label, prop in FALKORDB_INDEXES]
        wanted += [(t, "key", f"()-[n:{t}]-()") for t in fact_types()]
        for label, prop, pattern in wanted:
            if (label, prop) not in existing:
                try:
                    client.execute_command("GRAPH.QUERY", self.graph_name, f"CREATE INDEX FOR {pattern} ON (n.{prop})")
                except redis.ResponseError as exc:
                    if "already indexed" not in str(exc):
                        raise StoreError(f"{self.location}: cannot create index on {label}.{prop}: "
                                         f"{_one_line(exc)}") from None
        for label, prop in UNIQUE_KEYS:
            try:
                client.execute_command("GRAPH.CONSTRAINT", "CREATE", self.graph_name, "UNIQUE", "NODE",
                                       label, "PROPERTIES", "1", prop)
            except redis.ResponseError as exc:
                if "already exists" not in str(exc).lower():
                    raise StoreError(f"{self.location}: cannot create constraint on {label}.{prop}: "
                                     f"{_one_line(exc)}") from None
        self._wait_for_indexes()

    def _wait_for_indexes(self) -> None:
        """FalkorDB builds indexes in the background: after a server start (the store is read back from
        disk) or a new indexed property, for seconds at a million claims. Until then every look-up by key
        scans its label, which turns a load's per-row look-ups quadratic, so kb waits for them."""
        deadline = time.monotonic() + INDEX_WAIT_S
        while time.monotonic() < deadline:
            if all(row[0] == "OPERATIONAL" for row in self.read("CALL db.indexes() YIELD status RETURN status").rows):
                return
            time.sleep(0.05)

    def read(self, cypher: str, params: dict[str, Any] | None = None) -> Result:
        client = self._require()
        try:
            with self._server():
                raw = client.execute_command("GRAPH.RO_QUERY", self.graph_name, _header(params) + cypher, "--compact")
        except redis.ResponseError as exc:
            msg = _one_line(exc)
            if "to be executed only on read-only queries" in msg:
                msg = "the query tries to write; read-only mode refused it (use --write to allow writes)"
            raise StoreError(msg) from None
        return self._result(raw)

    def _result(self, raw: list) -> Result:
        """A compact reply: [header, rows, statistics], or statistics alone when nothing is returned."""
        if len(raw) < 3:
            return Result([], [])
        columns = [h[1].decode() if isinstance(h[1], bytes) else str(h[1]) for h in raw[0]]
        graph = self._graph
        return Result(columns, [[_cell(c, graph) for c in row] for row in raw[1]])

    def write(self, statements: Sequence[Statement]) -> None:
        if not statements:
            return
        client = self._require()
        texts = [_header(st.params) + st.cypher for st in statements]  # a value it cannot take fails here
        with self._server():
            self._preflight(statements)
        # MULTI/EXEC: the server runs the whole batch with nothing interleaved, and an AOF cut off
        # inside the block is truncated back to before MULTI on restart. A kb process dying before
        # EXEC sends nothing. Content is validated in Python and every text compiled beforehand; a
        # runtime error inside the block would still leave earlier statements applied (FalkorDB has
        # no multi-query rollback), which is why kb's statements are tested on this backend.
        pipe = client.pipeline(transaction=True)
        for text in texts:
            pipe.execute_command("GRAPH.QUERY", self.graph_name, text, "--compact")
        try:
            with self._server():
                pipe.execute(raise_on_error=True)
        except redis.ResponseError as exc:
            raise StoreError(f"{self.location}: the store refused a write: {_one_line(exc)}") from None

    def _preflight(self, statements: Sequence[Statement]) -> None:
        """Compile each statement text once (GRAPH.EXPLAIN) before MULTI: inside MULTI a statement that
        fails does not undo the ones before it, so syntax and planning errors must surface first."""
        for st in statements:
            if st.cypher in self._compiled:
                continue
            # Plans do not depend on the rows: an empty batch compiles in microseconds.
            params = {k: (Rows() if isinstance(v, Rows) else v) for k, v in st.params.items()}
            try:
                self._graph.explain(st.cypher, params or None)
            except redis.ResponseError as exc:
                raise StoreError(f"{self.location}: the store refused a write: {_one_line(exc)}") from None
            self._compiled.add(st.cypher)

    def write_returning(self, statement: Statement) -> Result:
        client = self._require()
        self.forget_input_marks()  # a raw write may take claims out
        try:
            with self._server():
                raw = client.execute_command("GRAPH.QUERY", self.graph_name,
                                             _header(statement.params) + statement.cypher, "--compact")
        except redis.ResponseError as exc:
            raise StoreError(_one_line(exc)) from None
        return self._result(raw)

    @contextmanager
    def _server(self) -> Iterator[None]:
        """A dropped connection, in any call, is one StoreError naming the store."""
        try:
            yield
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            raise StoreError(f"{self.location}: lost the embedded FalkorDB server: {_one_line(exc)}") from None

    def _marks_key(self) -> str:
        return f"kb:{self.graph_name}:inputs"  # a plain hash beside the graph, saved with it

    def input_marks(self, marks: list[str]) -> dict[str, dict]:
        if not marks:
            return {}
        with self._server():
            values = self._require().hmget(self._marks_key(), marks)
        return {m: json.loads(v) for m, v in zip(marks, values) if v is not None}

    def record_input_marks(self, records: dict[str, dict]) -> None:
        if records:
            with self._server():
                self._require().hset(self._marks_key(), mapping={m: json.dumps(r) for m, r in records.items()})

    def forget_input_marks(self) -> None:
        with self._server():
            self._require().delete(self._marks_key())

    def clear(self) -> None:
        client = self._require()
        self.forget_input_marks()
        try:
            with self._server():
                client.execute_command("GRAPH.DELETE", self.graph_name)
        except redis.ResponseError:
            pass  # no graph yet
        self.ensure_schema()

    def close(self) -> None:
        if self._client is not None:
            client, self._client = self._client, None
            embedded_server.release(self.directory, client)
