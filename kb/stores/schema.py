"""What the backends index: the `key` of every node kind kb merges on, and of every fact relationship.
Labels and relationship types are fixed or come from the ontology, never from user text."""

from __future__ import annotations

from kb.ontology import load_ontology

# (label, property) pairs with a range index (FalkorDB) and uniqueness (both backends).
UNIQUE_KEYS = (("Entity", "key"), ("Claim", "key"), ("Source", "key"))
FALKORDB_INDEXES = UNIQUE_KEYS + (("Claim", "fact"), ("Claim", "identity"), ("Claim", "pair"), ("Entity", "name"), ("Entity", "lookup"))
_NEO4J_NODES = (
    "CREATE CONSTRAINT kb_entity_key IF NOT EXISTS FOR (n:Entity) REQUIRE n.key IS UNIQUE",
    "CREATE CONSTRAINT kb_claim_key IF NOT EXISTS FOR (n:Claim) REQUIRE n.key IS UNIQUE",
    "CREATE CONSTRAINT kb_source_key IF NOT EXISTS FOR (n:Source) REQUIRE n.key IS UNIQUE",
    "CREATE INDEX kb_claim_fact IF NOT EXISTS FOR (n:Claim) ON (n.fact)",
    "CREATE INDEX kb_claim_identity IF NOT EXISTS FOR (n:Claim) ON (n.identity)",
    "CREATE INDEX kb_claim_pair IF NOT EXISTS FOR (n:Claim) ON (n.pair)",
    "CREATE INDEX kb_entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name)",
)


def fact_types() -> tuple[str, ...]:
    """Relationship types whose `key` is indexed: a load finds a fact by key without walking the edges of
    its two entities (a hub such as a great power has hundreds of thousands)."""
    return tuple(sorted(load_ontology().predicates))


def neo4j_schema() -> tuple[str, ...]:
    return _NEO4J_NODES + tuple(f"CREATE INDEX kb_fact_{t.lower()} IF NOT EXISTS FOR ()-[f:{t}]-() ON (f.key)"
                                for t in fact_types())
