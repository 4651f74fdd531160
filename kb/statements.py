"""All of kb's library Cypher (the writes behind load and unload), as `UNWIND $rows` batches.

Values only ever travel as parameters. Labels and relationship types are formatted into the
text, but only from the ontology (`_label` refuses anything else). Every statement runs
unchanged on FalkorDB and Neo4j 5.
"""

from __future__ import annotations

from kb.ontology import Ontology
from kb.stores.base import Statement
from kb.validate import SourceBatch

# A value no sha256 (or its absence, '') ever equals: `unload` drops a source whatever its text.
_ANY_TEXT = "-"


def _label(ontology: Ontology, name: str) -> str:
    if name not in ontology.kinds and name not in ontology.predicates:
        raise ValueError(f"{name!r} is not in the ontology")  # never user text in Cypher
    return name


# The facts that rest on the source's claims (the claims still exist while these statements run).
_SOURCE_FACTS = """
MATCH (s:Source {key: $key})<-[:IN_SOURCE]-(c:Claim)
WHERE coalesce(s.sha256, '') <> $keep_sha AND c.fact IS NOT NULL
MATCH (c)-[:SUBJECT]->(x:Entity)
MATCH (c)-[:OBJECT]->(y:Entity)
MATCH (x)-[f]-(y)
WHERE f.key = c.fact
WITH DISTINCT f
"""

# Those facts drop the source's claims and recount their sources ...
_DETACH_FACTS = _SOURCE_FACTS + """
OPTIONAL MATCH (k:Claim {fact: f.key})-[:IN_SOURCE]->(t:Source)
WHERE t.key <> $key
WITH f, collect(k.key) AS keep, count(DISTINCT t) AS n, min(t.published) AS first, max(t.published) AS last
SET f.claims = [z IN f.claims WHERE z IN keep], f.sources = n, f.first_reported = first, f.last_reported = last
"""

# ... and those left without claims go. A separate statement: on FalkorDB a row filtered out after a
# SET in the same query loses that SET.
_DROP_EMPTY_FACTS = _SOURCE_FACTS + """
WITH f, size(f.claims) AS n
WHERE n = 0
DELETE f
"""

# Entities that nothing but this source's claims points at go with them.
_PRUNE_ENTITIES = """
MATCH (s:Source {key: $key})<-[:IN_SOURCE]-(c:Claim)
WHERE coalesce(s.sha256, '') <> $keep_sha
MATCH (c)-[:SUBJECT|OBJECT]->(e:Entity)
WITH DISTINCT e
OPTIONAL MATCH (e)<-[:SUBJECT|OBJECT]-(o:Claim)-[:IN_SOURCE]->(t:Source)
WHERE t.key <> $key
WITH e, count(o) AS others
WHERE others = 0
WITH e
WHERE NOT (e)--(:Entity)
DETACH DELETE e
"""

_DELETE_CLAIMS = """
MATCH (s:Source {key: $key})<-[:IN_SOURCE]-(c:Claim)
WHERE coalesce(s.sha256, '') <> $keep_sha
DETACH DELETE c
"""

_DELETE_SOURCE = """
MATCH (s:Source {key: $key})
DETACH DELETE s
"""

_MERGE_SOURCE = """
MERGE (s:Source {key: $key})
ON CREATE SET s.loaded_at = $loaded_at
SET s += $props
"""

_MERGE_ENTITIES = """
UNWIND $rows AS r
MERGE (e:Entity {key: r.key})
ON CREATE SET e:%(kind)s, e.name = r.name, e.names = r.names, e.iso = r.iso, e.wikidata = r.wikidata
ON MATCH SET e.names = e.names + [x IN r.names WHERE NOT x IN e.names],
             e.iso = coalesce(e.iso, r.iso), e.wikidata = coalesce(e.wikidata, r.wikidata)
"""

_MERGE_CLAIMS = """
UNWIND $rows AS r
MATCH (s:Source {key: $source})
MATCH (a:Entity {key: r.subject})
MATCH (b:Entity {key: r.object})
MERGE (c:Claim {key: r.key})
ON CREATE SET c += r.props
MERGE (c)-[:IN_SOURCE]->(s)
MERGE (c)-[:SUBJECT]->(a)
MERGE (c)-[:OBJECT]->(b)
"""

_MERGE_FACTS = """
UNWIND $rows AS r
MATCH (a:Entity {key: r.a})
MATCH (b:Entity {key: r.b})
MERGE (a)-[f:%(type)s {key: r.key}]->(b)
ON CREATE SET f += r.props, f.claims = []
SET f.claims = f.claims + [x IN r.claims WHERE NOT x IN f.claims]
"""

# A fact's summary, recomputed from its claims so it does not depend on load order: claim keys sorted,
# how many sources, first and last reported, and the non-identifying qualifiers of its lowest-key claim.
_REFRESH_FACTS = """
UNWIND $rows AS r
MATCH (a:Entity {key: r.a})-[f:%(type)s]->(b:Entity {key: r.b})
WHERE f.key = r.key
MATCH (c:Claim {fact: r.key})-[:IN_SOURCE]->(s:Source)
WITH f, c, s
ORDER BY c.key
WITH f, collect(c) AS cs, count(DISTINCT s) AS n, min(s.published) AS first, max(s.published) AS last
SET f.claims = [x IN cs | x.key], f.sources = n, f.first_reported = first, f.last_reported = last%(quals)s
"""

# After an unload, facts of a predicate with non-identifying qualifiers take them from their lowest-key
# remaining claim (the source's own claims are still there, so they are excluded by source).
_REFRESH_QUALIFIERS = _SOURCE_FACTS.replace("c.fact IS NOT NULL", "c.fact IS NOT NULL AND c.predicate = $predicate") + """
MATCH (k:Claim {fact: f.key})-[:IN_SOURCE]->(t:Source)
WHERE t.key <> $key
WITH f, k
ORDER BY k.key
WITH f, head(collect(k)) AS lowest
SET %(quals)s
"""


def _free_qualifiers(ontology: Ontology, predicate: str) -> list[str]:
    """Qualifiers that do not identify a fact; names come from the ontology (safe as property names)."""
    pred = ontology.predicates[_label(ontology, predicate)]
    return sorted(q for q, spec in pred.qualifiers.items() if not spec.identifying)


def _removal(key: str, keep_sha: str, ontology: Ontology) -> list[Statement]:
    params = {"key": key, "keep_sha": keep_sha}
    out = [Statement(_DETACH_FACTS, params)]
    for predicate in sorted(ontology.predicates):
        free = _free_qualifiers(ontology, predicate)
        if free:
            out.append(Statement(_REFRESH_QUALIFIERS % {"quals": ", ".join(f"f.{q} = lowest.{q}" for q in free)},
                                 {**params, "predicate": predicate}))
    return out + [Statement(_DROP_EMPTY_FACTS, params), Statement(_PRUNE_ENTITIES, params),
                  Statement(_DELETE_CLAIMS, params)]


def unload_source(key: str, ontology: Ontology) -> list[Statement]:
    """Remove a source, its claims, facts left without claims and entities left without anything."""
    return _removal(key, _ANY_TEXT, ontology) + [Statement(_DELETE_SOURCE, {"key": key})]


def load_source(batch: SourceBatch, ontology: Ontology, loaded_at: str) -> list[Statement]:
    """The statements that write one source: run them as one transaction."""
    out: list[Statement] = []
    sha = batch.props.get("sha256")
    if sha is not None:  # re-loading a changed text first removes what the old text said
        out += _removal(batch.key, sha, ontology)
    props = {k: v for k, v in batch.props.items() if v is not None}
    out.append(Statement(_MERGE_SOURCE, {"key": batch.key, "loaded_at": loaded_at, "props": props}))
    by_kind: dict[str, list[dict]] = {}
    for ent in batch.entities.values():
        by_kind.setdefault(ent.kind, []).append(ent.row())
    for kind in sorted(by_kind):
        out.append(Statement(_MERGE_ENTITIES % {"kind": _label(ontology, kind)}, {"rows": by_kind[kind]}))
    claim_rows = [{"key": c["key"], "subject": c["subject"], "object": c["object"],
                   "props": {k: v for k, v in c["props"].items() if v is not None}}
                  for c in batch.claims.values()]
    out.append(Statement(_MERGE_CLAIMS, {"source": batch.key, "rows": claim_rows}))
    by_type: dict[str, list[dict]] = {}
    for fact in batch.facts.values():
        by_type.setdefault(fact["type"], []).append({
            "key": fact["key"], "a": fact["a"], "b": fact["b"], "claims": fact["claims"],
            "props": {k: v for k, v in fact["props"].items() if v is not None}})
    for ftype in sorted(by_type):
        label = _label(ontology, ftype)
        out.append(Statement(_MERGE_FACTS % {"type": label}, {"rows": by_type[ftype]}))
        quals = "".join(f", f.{q} = head(cs).{q}" for q in _free_qualifiers(ontology, ftype))
        out.append(Statement(_REFRESH_FACTS % {"type": label, "quals": quals},
                             {"rows": [{"key": r["key"], "a": r["a"], "b": r["b"]} for r in by_type[ftype]]}))
    return out
