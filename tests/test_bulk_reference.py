"""bench/bulk_reference.py writes the graph of a kb store again through FalkorDB's GRAPH.BULK (the engine's bulk
path, which RESULTS.md sets beside kb's load): the graph it builds must be the same graph, every label, property
type and edge, or the figure would measure something else."""

from __future__ import annotations

import hashlib
import json

from test_streaming import corpus

from bench.bulk_reference import bulk_reference
from kb.loading import load_paths


def _digest(store, graph: str) -> dict:
    """Nodes (labels, properties with their JSON types) and edges (type, ends' keys, properties) of one graph."""
    if graph != store.graph_name:  # the same store object, pointed at the other graph
        other = store.__class__.__new__(store.__class__)
        other.__dict__.update(store.__dict__)
        other._attach(store._require(), graph)
        return _digest(other, graph)
    nodes = sorted(json.dumps(r, sort_keys=True) for r in store.read("MATCH (n) RETURN labels(n), properties(n)").rows)
    edges = sorted(json.dumps(r, sort_keys=True) for r in store.read(
        "MATCH (a)-[r]->(b) RETURN type(r), a.key, b.key, properties(r)").rows)
    indexes = sorted(json.dumps(r) for r in store.read("CALL db.indexes() YIELD label, properties "
                                                      "RETURN label, properties").rows)
    return {"nodes": len(nodes), "edges": len(edges), "indexes": indexes,
            "hash": hashlib.sha256("\n".join(nodes + edges).encode()).hexdigest()}




def test_the_bulk_graph_is_the_graph_kb_built(store, tmp_path):
    load_paths(store, corpus(tmp_path))
    kb_graph = _digest(store, store.graph_name)
    out = bulk_reference(store, keep=True)
    try:
        assert out["nodes"] == kb_graph["nodes"] and out["edges"] == kb_graph["edges"]
        assert _digest(store, f"{store.graph_name}-bulk") == kb_graph  # types too: 3 stays 3, not 3.0 or "3"
        assert abs(out["bulk_s"] - out["bulk_write_s"] - out["bulk_index_s"]) < 0.002 and out["bulk_claims_per_s"] > 0
    finally:
        store._require().execute_command("GRAPH.DELETE", f"{store.graph_name}-bulk")
