"""kb's neo4j-admin CSV export, imported for real: Neo4j's own `neo4j-admin database import full` reads it into
a fresh data directory, a Neo4j server opens that, and it holds what the exporting store held: the same
counts and the same rows for every canned query."""

from __future__ import annotations

import shlex

import pytest

from conftest import _no_neo4j
from kb.export import export_store
from kb.loading import load_paths
from kb.queries import run_query
from kb.stats import store_stats
from kb.stores.falkordb_store import FalkorDBStore
from kb.stores.neo4j_store import Neo4jStore
from test_canned_queries import CASES, FIXTURES, without_claim_keys

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def exported(store_dir, tmp_path_factory):
    """The canned-query corpus in the embedded store (a graph of its own), and its CSV export."""
    st = FalkorDBStore(store_dir, "kb_csv_import")
    st.clear()
    load_paths(st, [FIXTURES])
    out = tmp_path_factory.mktemp("csv") / "export"
    export_store(st, "csv", out)
    yield st, out
    st.clear()
    st.close()


@pytest.fixture(scope="module")
def imported(exported, tmp_path_factory):
    """A throwaway Neo4j opened on what neo4j-admin imported from the export."""
    from kb import neo4j_server

    missing = neo4j_server.tools_missing()
    if missing:
        _no_neo4j(f"no Neo4j for the import test: {missing}")
    _, out = exported
    lines = [x for x in (out / "import.txt").read_text(encoding="utf-8").splitlines() if not x.startswith("#")]
    args = shlex.split(lines[0])
    assert args[:4] == ["neo4j-admin", "database", "import", "full"]
    home = neo4j_server.import_csv(out, args[4:], tmp_path_factory.mktemp("imported"))
    assert (home / "data" / "databases" / "neo4j").is_dir()
    try:
        server = neo4j_server.start(copy_from=home)
    except neo4j_server.Neo4jServerError as exc:
        _no_neo4j(f"the throwaway Neo4j did not start: {exc}")
    st = Neo4jStore(server.bolt_uri, "neo4j", "kb-test-no-auth")
    st.ensure_schema()  # as any kb command does on opening: the import brings data, not indexes
    yield st
    st.close()
    server.stop()


def test_the_import_holds_the_same_counts(exported, imported):
    source, _ = exported
    assert store_stats(imported) == store_stats(source)
    count = "MATCH (n) RETURN count(n) AS nodes"
    edges = "MATCH ()-[r]->() RETURN count(r) AS edges"
    assert imported.read(count).rows == source.read(count).rows
    assert imported.read(edges).rows == source.read(edges).rows


def _case_id(case: tuple[str, dict, list]) -> str:
    name, params, _ = case
    return name + "[" + ",".join(f"{k}={v}" for k, v in params.items()) + "]"


@pytest.mark.parametrize("name, params, expected", CASES, ids=[_case_id(c) for c in CASES])
def test_every_canned_query_gives_the_same_rows(imported, name, params, expected):
    assert without_claim_keys(run_query(imported, name, params)) == [list(row) for row in expected]
