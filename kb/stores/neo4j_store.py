"""Neo4j 5 through the official driver. Credentials come from KB_NEO4J_USER / KB_NEO4J_PASSWORD only."""

from __future__ import annotations

import json
from typing import Any, Sequence

from kb.errors import ConfigError, StoreError
from kb.stores.base import Result, Statement, Store
from kb.stores.schema import neo4j_schema


def _plain(value: Any) -> Any:
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, (Node, Relationship)):
        return {k: _plain(v) for k, v in dict(value).items()}
    if isinstance(value, Path):
        return [_plain(n) for n in value.nodes]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _message(exc: Exception) -> str:
    msg = getattr(exc, "message", None) or str(exc)
    return " ".join(str(msg).split())


# Input marks (kb/marks.py) live in the database, as nodes of a label no query, export or statistic reads:
# Neo4j community has one user database and no place beside the graph.
_MARK_SCHEMA = "CREATE CONSTRAINT kb_input_mark IF NOT EXISTS FOR (n:KbInputMark) REQUIRE n.mark IS UNIQUE"
_MARKS_READ = "UNWIND $marks AS m MATCH (x:KbInputMark {mark: m}) RETURN x.mark AS mark, x.record AS record"
_MARKS_WRITE = "UNWIND $rows AS r MERGE (x:KbInputMark {mark: r[0]}) SET x.record = r[1]"
_MARKS_FORGET = "MATCH (x:KbInputMark) DELETE x"


class Neo4jStore(Store):
    backend = "neo4j"

    def __init__(self, uri: str, user: str, password: str | None, database: str | None = None) -> None:
        import neo4j

        if "@" in uri.split("://", 1)[-1].split("/", 1)[0]:  # user[:password]@host: never echoed back
            raise ConfigError("the Neo4j URI holds credentials: give them in KB_NEO4J_USER and KB_NEO4J_PASSWORD "
                              "(or at the prompt), not in the URI, which shows in the process list")
        if password is None:
            raise ConfigError(f"{uri}: set KB_NEO4J_PASSWORD (and KB_NEO4J_USER) to use Neo4j")
        self.location = uri
        self._database = database
        self._neo4j = neo4j
        try:
            # No server notifications: the driver would log each one ("property key does not exist" for a
            # property no node has yet) to the user's terminal.
            self._driver = neo4j.GraphDatabase.driver(uri, auth=(user, password), notifications_min_severity="OFF")
            self._driver.verify_connectivity()
        except neo4j.exceptions.AuthError:
            raise StoreError(f"{uri}: Neo4j refused the credentials in KB_NEO4J_USER / KB_NEO4J_PASSWORD") from None
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError, ValueError) as exc:
            raise StoreError(f"{uri}: cannot reach Neo4j: {_message(exc)}") from None

    def _session(self, read: bool):
        mode = self._neo4j.READ_ACCESS if read else self._neo4j.WRITE_ACCESS
        return self._driver.session(database=self._database, default_access_mode=mode)

    def ensure_schema(self) -> None:
        for st in (*neo4j_schema(), _MARK_SCHEMA):
            with self._session(read=False) as session:
                session.run(st).consume()

    def _run(self, read: bool, statements: Sequence[Statement]) -> Result:
        def work(tx: Any) -> Result:
            result = Result([], [])
            for st in statements:
                res = tx.run(st.cypher, st.params)
                records = list(res)
                result = Result(list(res.keys()), [[_plain(v) for v in r.values()] for r in records])
            return result

        try:
            with self._session(read) as session:
                return session.execute_read(work) if read else session.execute_write(work)
        except self._neo4j.exceptions.ClientError as exc:
            msg = _message(exc)
            # Neo.ClientError.Statement.AccessMode (GQL 42N02): "Writing in read access mode not allowed";
            # a schema command in a read transaction is refused as "restricted to READ".
            if read and ((exc.code or "").endswith(".AccessMode") or "read access mode" in msg.lower()
                         or "restricted to read" in msg.lower()):
                msg = "the query tries to write; read-only mode refused it (use --write to allow writes)"
            raise StoreError(msg) from None
        except (self._neo4j.exceptions.Neo4jError, self._neo4j.exceptions.DriverError) as exc:
            raise StoreError(f"{self.location}: {_message(exc)}") from None

    def read(self, cypher: str, params: dict[str, Any] | None = None) -> Result:
        return self._run(True, [Statement(cypher, params or {})])

    def explain(self, cypher: str, params: dict[str, Any] | None = None) -> str:
        def work(tx: Any) -> Any:
            return tx.run("EXPLAIN " + cypher, params or {}).consume().plan

        try:
            with self._session(True) as session:
                plan = session.execute_read(work)
        except (self._neo4j.exceptions.Neo4jError, self._neo4j.exceptions.DriverError) as exc:
            raise StoreError(f"{self.location}: {_message(exc)}") from None
        lines: list[str] = []

        def walk(op: dict, depth: int) -> None:
            name = str(op.get("operatorType", "?")).split("@", 1)[0]  # "NodeIndexSeek@neo4j"
            details = " ".join(str((op.get("args") or {}).get("Details") or "").split())  # one line each
            lines.append("    " * depth + name + (f" | {details}" if details else ""))
            for child in op.get("children") or []:
                walk(child, depth + 1)

        walk(plan or {}, 0)
        return "\n".join(lines)

    def write(self, statements: Sequence[Statement]) -> None:
        if statements:
            self._run(False, statements)

    def write_returning(self, statement: Statement) -> Result:
        self.forget_input_marks()  # a raw write may take claims out
        return self._run(False, [statement])

    def input_marks(self, marks: list[str]) -> dict[str, dict]:
        if not marks:
            return {}
        rows = self._run(True, [Statement(_MARKS_READ, {"marks": list(marks)})]).rows
        return {mark: json.loads(record) for mark, record in rows}

    def record_input_marks(self, records: dict[str, dict]) -> None:
        if records:
            rows = [[m, json.dumps(r)] for m, r in records.items()]
            self._run(False, [Statement(_MARKS_WRITE, {"rows": rows})])

    def forget_input_marks(self) -> None:
        self._run(False, [Statement(_MARKS_FORGET)])

    def clear(self) -> None:
        self.write([Statement("MATCH (n) DETACH DELETE n")])
        self.ensure_schema()

    def close(self) -> None:
        self._driver.close()
