"""Counts that describe a store: `kb stats`, and the check that export -> load reproduces a graph."""

from __future__ import annotations

from kb.stores.base import Store


def store_stats(store: Store) -> dict[str, int]:
    """Flat, sorted counts: sources, claims by polarity (and retracted), entities by kind, facts by predicate,
    structural edges by type, curation records by action. The name index, (:Name)-[:NAMES]->(:Entity) (kb/stores/schema.py), is none of these:
    entities are Entity nodes, facts and structure edges between two entities, so it is counted nowhere."""
    out: dict[str, int] = {}
    out["sources"] = store.read("MATCH (s:Source) RETURN count(s)").rows[0][0]
    out["claims"] = store.read("MATCH (c:Claim) RETURN count(c)").rows[0][0]
    for polarity, n in store.read("MATCH (c:Claim) RETURN c.polarity, count(c)").rows:
        out[f"claims.{polarity}"] = n
    # Retracted claims stay for audit (kb/curation.py) and count above; no fact rests on them.
    retracted = store.read("MATCH (c:Claim) WHERE c.retracted IS NOT NULL RETURN count(c)").rows[0][0]
    if retracted:
        out["claims.retracted"] = retracted
    curation = store.read("MATCH (r:Curation) RETURN r.action, count(r)").rows
    for action, n in curation:
        out[f"curation.{action}"] = n
    out["entities"] = store.read("MATCH (e:Entity) RETURN count(e)").rows[0][0]
    for labels, n in store.read("MATCH (e:Entity) RETURN labels(e), count(e)").rows:
        for label in labels:
            if label != "Entity":
                out[f"entities.{label}"] = out.get(f"entities.{label}", 0) + n
    # facts have keys; structural edges (an organ PART_OF its state, from the gazetteer) have none
    out["facts"] = store.read("MATCH (:Entity)-[f]->(:Entity) WHERE f.key IS NOT NULL RETURN count(f)").rows[0][0]
    for ftype, n in store.read("MATCH (:Entity)-[f]->(:Entity) WHERE f.key IS NOT NULL RETURN type(f), count(f)").rows:
        out[f"facts.{ftype}"] = n
    out["structure"] = store.read("MATCH (:Entity)-[f]->(:Entity) WHERE f.key IS NULL RETURN count(f)").rows[0][0]
    for ftype, n in store.read("MATCH (:Entity)-[f]->(:Entity) WHERE f.key IS NULL RETURN type(f), count(f)").rows:
        out[f"structure.{ftype}"] = n
    return dict(sorted(out.items()))
