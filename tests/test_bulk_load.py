"""A large load into an empty embedded store takes FalkorDB's bulk path (kb.fresh_graph, kb.stores.falkordb_bulk):
the graph is written by GRAPH.BULK under a key of its own and put in place of the empty graph once whole, with
kb's indexes. It must be the graph the Cypher path writes, and a load that fails or is killed before the end must
leave the store as it was: empty."""

from __future__ import annotations

import time

import pytest
from test_streaming import TEXT, TEXT_2, claim, corpus, digest, write_jsonl

import kb.loading as loading
from kb.errors import InputError, StoreError
from kb.loading import load_paths
from kb.stores.falkordb_bulk import BulkGraph
from kb.stores.falkordb_store import FalkorDBStore
from kb.settings import Settings
from kb.stores import open_store
from kb.stores.schema import FALKORDB_INDEXES


@pytest.fixture
def bulk_calls(monkeypatch):
    """Every input counts as large (streamed), and the GRAPH.BULK calls sent are counted."""
    monkeypatch.setattr(loading, "STREAM_BYTES", 0)
    calls = []
    real = BulkGraph.send

    def spy(self, args):
        if args is not None:
            calls.append(args[1])
        return real(self, args)

    monkeypatch.setattr(BulkGraph, "send", spy)
    return calls


def _keys(store) -> list[bytes]:
    return sorted(store._require().keys("*"))


def aliases(tmp_path):
    """Two sources naming one entity: the second adds a name and its ISO code, in a later chunk."""
    first = claim(TEXT, "Norway and Chile signed a fisheries agreement", url="https://e.org/1",
                  predicate="SIGNED_AGREEMENT", subject={"name": "Kingdom of Norway", "kind": "State"})
    second = claim(TEXT_2, "Chile's minister met", url="https://e.org/2",
                   subject={"name": "Kingdom of Norway", "kind": "State", "names": ["Norge"], "iso": "NO"})
    return [write_jsonl(tmp_path / "a.jsonl", [first]), write_jsonl(tmp_path / "b.jsonl", [second])]


@pytest.mark.parametrize("chunk", [1, 5000])
def test_the_bulk_path_writes_the_graph_the_cypher_path_writes(store, tmp_path, monkeypatch, bulk_calls, chunk):
    files = corpus(tmp_path) + aliases(tmp_path)
    report = load_paths(store, files, chunk_claims=chunk)
    assert bulk_calls and set(bulk_calls) == {"kb.loading"}
    got = digest(store)
    assert got["nodes"] > 0 and _keys(store) == [b"kb", b"kb:kb:inputs"]  # the bulk graph took the graph's place
    # Every node and fact is found through its index (built while later nodes and edges were bulk-written).
    for label, prop in (("Claim", "key"), ("Claim", "fact"), ("Claim", "identity"), ("Claim", "pair"),
                        ("Source", "key"), ("Source", "published"), ("Entity", "key"), ("Name", "key")):
        found = f"MATCH (n:{label}) WHERE n.{prop} IS NOT NULL WITH n.{prop} AS v MATCH (m:{label} {{{prop}: v}}) "
        assert "Index Scan" in store.explain(found + "RETURN count(m)")
        assert store.read(found + "RETURN count(m) = 0 OR count(DISTINCT m) > 0, count(DISTINCT m)").rows == \
            store.read(f"MATCH (n:{label}) WHERE n.{prop} IS NOT NULL RETURN true, count(n)").rows
    assert store.read("MATCH ()-[f:MET_WITH]->() WITH f.key AS k MATCH ()-[g:MET_WITH {key: k}]->() "
                      "RETURN count(g)").rows == store.read("MATCH ()-[f:MET_WITH]->() RETURN count(f)").rows
    store.clear()
    monkeypatch.setattr(FalkorDBStore, "bulk_graph", lambda self: None)  # the streamed Cypher path
    cypher = load_paths(store, files, chunk_claims=chunk)
    assert digest(store) == got
    assert (report.claims, report.facts, report.sources, report.new) == (cypher.claims, cypher.facts,
                                                                          cypher.sources, cypher.new)


def test_the_bulk_graph_has_kb_s_indexes_and_survives_a_restart(tmp_path, bulk_calls):
    st = open_store(Settings.from_env(store=str(tmp_path / "s")))  # a store of its own: closing it stops its server
    try:
        load_paths(st, corpus(tmp_path))
        got = digest(st)
    finally:
        st.close()
    st = open_store(Settings.from_env(store=str(tmp_path / "s")))  # a new server, reading its append-only file
    try:
        assert digest(st) == got
        indexed = {(row[0], p) for row in st.read("CALL db.indexes() YIELD label, properties, status "
                                                   "RETURN label, properties, status").rows for p in row[1]}
        assert set(FALKORDB_INDEXES) <= indexed
        again = load_paths(st, corpus(tmp_path))  # marked as loaded: nothing read or written again
        assert again.unchanged_files == 3 and digest(st) == got
    finally:
        st.close()


def test_a_failed_bulk_write_leaves_the_store_empty(store, tmp_path, monkeypatch, bulk_calls):
    real = BulkGraph.send

    def second_fails(self, args):
        if args is not None and len(bulk_calls) >= 2:
            raise StoreError("the store refused a bulk write: (test)")
        return real(self, args)

    monkeypatch.setattr(BulkGraph, "send", second_fails)
    with pytest.raises(StoreError):
        load_paths(store, corpus(tmp_path), chunk_claims=1)
    assert store.read("MATCH (n) RETURN count(n)").rows == [[0]]
    assert b"kb.loading" not in _keys(store)


def test_a_bad_file_after_bulk_writes_leaves_the_store_empty(store, tmp_path, bulk_calls):
    bad = write_jsonl(tmp_path / "d.jsonl", [claim(TEXT, "Norway", predicate="NO_SUCH")])
    with pytest.raises(InputError, match="unknown predicate 'NO_SUCH'"):
        load_paths(store, [*corpus(tmp_path), bad], chunk_claims=1)
    assert len(bulk_calls) >= 3  # the good files were sent before the bad one was read
    assert store.read("MATCH (n) RETURN count(n)").rows == [[0]]
    assert b"kb.loading" not in _keys(store)


def test_what_a_killed_bulk_load_left_is_dropped_by_the_next(store, tmp_path, bulk_calls):
    left = store.bulk_graph()  # a load killed after its first call: the half-written graph under its own key
    left.add_nodes("Source", ("key",), [("src:left-behind",)])
    left.send(left.take())
    assert b"kb.loading" in _keys(store) and store.read("MATCH (n) RETURN count(n)").rows == [[0]]
    report = load_paths(store, corpus(tmp_path))
    assert report.claims == 36 and b"kb.loading" not in _keys(store)
    assert store.read("MATCH (s:Source {key: 'src:left-behind'}) RETURN count(s)").rows == [[0]]


def test_no_node_or_edge_of_a_label_indexed_early_is_written_after(store, tmp_path, monkeypatch, bulk_calls):
    """FalkorDB does not index a node that a bulk write adds to a label whose index is built: the labels (and fact
    types) the load indexes early, while the rest is written, get no node (or edge) after that."""
    early: list[str] = []
    after: dict[str, list[str]] = {}  # label or type -> the labels and types written after it was indexed
    real_complete = BulkGraph.complete
    real = {name: getattr(BulkGraph, name) for name in ("add_nodes", "add_edges", "add_plain_edges")}

    def complete(self, labels):
        early.extend(labels)
        return real_complete(self, labels)

    def spy(name):
        def written(self, labels, *args):
            for label in early:
                after.setdefault(label, []).extend(labels.split(":"))
            return real[name](self, labels, *args)
        return written

    monkeypatch.setattr(BulkGraph, "complete", complete)
    for name in real:
        monkeypatch.setattr(BulkGraph, name, spy(name))
    load_paths(store, corpus(tmp_path) + aliases(tmp_path), chunk_claims=1)
    assert early[:2] == ["Source", "Claim"] and {"Entity", "Name", "MET_WITH", "SIGNED_AGREEMENT"} <= set(early[2:])
    assert {"SUBJECT", "OBJECT"} <= set(after["Claim"]) and {"Entity", "Name"} <= set(after["Claim"])
    assert not [label for label in early if label in after.get(label, ())], after


def test_clearing_the_store_drops_a_half_written_bulk_graph(store):
    left = store.bulk_graph()
    left.add_nodes("Source", ("key",), [("src:left-behind",)])
    left.send(left.take())
    store.clear()
    assert b"kb.loading" not in _keys(store)


def test_a_load_need_not_wait_for_its_snapshot_the_watchdog_stops_the_server_after_it(tmp_path, bulk_calls,
                                                                                     monkeypatch):
    """The bulk path leaves the server writing the store's snapshot (its own child process) when kb returns. The
    last user leaving then does not stop the server under it: the watchdog does, once the snapshot is written."""
    from kb.stores import embedded_server

    directory = tmp_path / "s"
    st = open_store(Settings.from_env(store=str(directory)))
    try:
        load_paths(st, corpus(tmp_path))
        got = digest(st)
        pid = embedded_server.read_pid(directory)
        monkeypatch.setattr(embedded_server, "rewriting", lambda client: True)  # still writing, as at 1M claims
    finally:
        st.close()
    monkeypatch.undo()
    assert embedded_server.pid_alive(pid)  # left running for the snapshot
    deadline = time.monotonic() + 30
    while embedded_server.pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not embedded_server.pid_alive(pid)  # stopped by the watchdog
    st = open_store(Settings.from_env(store=str(directory)))
    try:
        assert digest(st) == got
    finally:
        st.close()
