"""Read-only by construction: a canned query (or a pasted one) that tries to write is refused by the store
itself (FalkorDB GRAPH.RO_QUERY, Neo4j read access mode), whatever the query text says, and the graph is
left exactly as it was."""

from __future__ import annotations

import json
import sys

import pytest

import kb.queries
from conftest import REPO, run_kb
from kb.cli import main
from kb.errors import StoreError
from kb.loading import load_paths
from kb.queries import catalog, parse_query_file, run_query

EXAMPLE = REPO / "examples" / "example-claims.yaml"

# Every way Cypher writes: create, merge, set, remove, delete, a write inside FOREACH, and schema.
WRITES = {
    "create": "CREATE (e:Entity:State {key: 'state:planted', name: $x}) RETURN e.key AS key",
    "merge": "MERGE (e:Entity:State {key: 'state:planted'}) ON CREATE SET e.name = $x RETURN e.key AS key",
    "set": "MATCH (e:Entity) SET e.name = $x RETURN count(e) AS n",
    "remove": "MATCH (e:Entity) WHERE $x IS NULL OR true REMOVE e.names RETURN count(e) AS n",
    "delete-edges": "MATCH ()-[r]->() WHERE $x IS NULL OR true DELETE r RETURN count(*) AS n",
    "detach-delete": "MATCH (e:Entity) WHERE $x IS NULL OR true DETACH DELETE e RETURN count(*) AS n",
    "foreach": "MATCH (e:Entity) WITH collect(e) AS es FOREACH (e IN es | SET e.name = $x) RETURN size(es) AS n",
    "create-edge": "MATCH (a:Entity), (b:Entity) WHERE a <> b CREATE (a)-[:DELISTED {key: $x}]->(b) "
                   "RETURN count(*) AS n",
    "index": "CREATE INDEX FOR (p:Planted) ON (p.key)",
}


def canned(name: str, cypher: str) -> kb.queries.CannedQuery:
    """A query written as a `.cypher` file would be, header and all (an index statement takes no param)."""
    params = "// param: x string optional example=planted | a value\n" if "$x" in cypher else ""
    text = f"// name: {name}\n// title: Tries to write\n// description: A hostile canned query.\n{params}{cypher}\n"
    return parse_query_file(name, text)


def snapshot(store) -> list:
    return store.read("MATCH (n) OPTIONAL MATCH (n)-[r]->(m) RETURN labels(n), properties(n), type(r), "
                      "properties(r), m.key ORDER BY n.key, type(r), m.key, r.key").rows


def with_query(monkeypatch, query: kb.queries.CannedQuery) -> None:
    """Ship one more canned query, as if its file were in cypher/."""
    queries = dict(catalog()) | {query.name: query}
    monkeypatch.setattr(kb.queries, "catalog", lambda: queries)


@pytest.mark.parametrize("form", WRITES)
def test_a_canned_query_that_writes_is_refused_and_changes_nothing(backend, monkeypatch, form) -> None:
    load_paths(backend, [EXAMPLE])
    before = snapshot(backend)
    indexes = backend.read("CALL db.indexes() YIELD label RETURN label").rows if backend.backend == "falkordb" \
        else backend.read("SHOW INDEXES YIELD labelsOrTypes RETURN labelsOrTypes").rows
    with_query(monkeypatch, canned(f"writes-{form}", WRITES[form]))
    with pytest.raises(StoreError, match="read-only mode refused it"):
        run_query(backend, f"writes-{form}", {"x": "planted"} if "$x" in WRITES[form] else {})
    assert snapshot(backend) == before
    after = backend.read("CALL db.indexes() YIELD label RETURN label").rows if backend.backend == "falkordb" \
        else backend.read("SHOW INDEXES YIELD labelsOrTypes RETURN labelsOrTypes").rows
    assert sorted(map(repr, after)) == sorted(map(repr, indexes))


def test_kb_query_refuses_a_canned_query_that_writes_in_one_line(backend_location, monkeypatch, capsys) -> None:
    store, location, env = backend_location
    load_paths(store, [EXAMPLE])
    before = snapshot(store)
    with_query(monkeypatch, canned("wipe", WRITES["detach-delete"]))
    monkeypatch.setenv("KB_STORE", location)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "argv", ["kb", "query", "wipe"])
    with pytest.raises(SystemExit) as done:
        main()
    err = capsys.readouterr().err
    assert done.value.code == 1
    assert err.count("\n") == 1 and err.startswith("kb: error: ") and "read-only" in err, err
    assert snapshot(store) == before


def test_kb_cypher_is_read_only_unless_write(backend_location) -> None:
    """`kb cypher` on each store: the server's read-only mode refuses writes; --write lets them through."""
    store, location, env = backend_location
    load_paths(store, [EXAMPLE])
    before = snapshot(store)
    for form in ("detach-delete", "create", "index"):
        res = run_kb("cypher", WRITES[form], "-p", "x=planted", store=location, env=env)
        assert res.returncode == 1 and res.stderr.count("\n") == 1 and "read-only" in res.stderr, res.stderr
    assert snapshot(store) == before
    res = run_kb("cypher", "CREATE (p:Place {name: $n}) RETURN p.name AS name", "-p", "n=Oslo", "--write",
                 "-f", "json", store=location, env=env)
    assert res.returncode == 0 and json.loads(res.stdout) == [{"name": "Oslo"}], res.stderr


def test_every_shipped_query_is_read_only_text() -> None:
    # The store refuses writes anyway; this keeps the shipped files honest (and the linter's view simple).
    for query in catalog().values():
        words = {w.upper() for w in query.cypher.replace("(", " ").split()}
        assert not words & {"CREATE", "MERGE", "SET", "DELETE", "REMOVE", "DETACH", "FOREACH"}, query.path

