"""What the backends index: the `key` of every node kind kb merges on, and of every fact relationship.
Labels and relationship types are fixed or come from the ontology, never from user text.

Names: one `(:Name {key})` node per lower-cased key or name of an entity, `(:Name)-[:NAMES]->(:Entity)`
to every entity it names. Canned queries find an actor from the unique index on `Name.key` (Neo4j
cannot index membership in a list property, so entities carry no list to filter on)."""

from __future__ import annotations

from kb.ontology import load_ontology
from kb.rows import PAIR_HEAD, pair_end_cypher

NAME_LABEL = "Name"  # the label of name nodes and the type of their edges: fixed, never user text
NAMES_TYPE = "NAMES"
# (label, property) pairs with a range index (FalkorDB) and uniqueness (both backends).
# Curation records (kb/curation.py) are found by key, and a load finds the retractions of its sources.
# Source.published: `recent` finds the newest reports by date instead of ranking every fact.
UNIQUE_KEYS = (("Entity", "key"), ("Claim", "key"), ("Source", "key"), (NAME_LABEL, "key"), ("Curation", "key"))
FALKORDB_INDEXES = UNIQUE_KEYS + (("Claim", "fact"), ("Claim", "identity"), ("Claim", "pair"), ("Entity", "name"),
                                  ("Curation", "source"), ("Source", "published"))
_NEO4J_NODES = tuple(f"CREATE CONSTRAINT kb_{label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) "
                     f"REQUIRE n.{prop} IS UNIQUE" for label, prop in UNIQUE_KEYS) + (
    "CREATE INDEX kb_claim_fact IF NOT EXISTS FOR (n:Claim) ON (n.fact)",
    "CREATE INDEX kb_claim_identity IF NOT EXISTS FOR (n:Claim) ON (n.identity)",
    "CREATE INDEX kb_claim_pair IF NOT EXISTS FOR (n:Claim) ON (n.pair)",
    "CREATE INDEX kb_entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name)",
    "CREATE INDEX kb_curation_source IF NOT EXISTS FOR (n:Curation) ON (n.source)",
    "CREATE INDEX kb_source_published IF NOT EXISTS FOR (n:Source) ON (n.published)",
)


def fact_types() -> tuple[str, ...]:
    """Relationship types whose `key` is indexed: a load finds a fact by key without walking the edges of
    its two entities (a hub such as a great power has hundreds of thousands)."""
    return tuple(sorted(load_ontology().predicates))


def neo4j_schema() -> tuple[str, ...]:
    return _NEO4J_NODES + tuple(f"CREATE INDEX kb_fact_{t.lower()} IF NOT EXISTS FOR ()-[f:{t}]-() ON (f.key)"
                                for t in fact_types())


# Stores written before the name index kept an entity's lower-cased names in a list property, `lookup`, which
# Neo4j cannot index: opening such a store moves them to Name nodes (what loading writes today), once.
# One entity tells: an upgrade moves every `lookup` in one transaction. (A scan of all entities for any
# `lookup` would run at every opening of every store.)
OLD_LOOKUP_FOUND = "MATCH (e:Entity) WITH e LIMIT 1 WHERE e.lookup IS NOT NULL RETURN e.key"
MOVE_OLD_LOOKUP = (
    f"MATCH (e:Entity) WHERE e.lookup IS NOT NULL UNWIND e.lookup AS form MERGE (n:{NAME_LABEL} {{key: form}}) "
    f"MERGE (n)-[:{NAMES_TYPE}]->(e)",
    "MATCH (e:Entity) WHERE e.lookup IS NOT NULL REMOVE e.lookup",
)

# Stores written before a claim's `pair` held its head (kb.rows.stored_pair) find no claim by a range of heads:
# opening one spells every claim's pair again from its ends, once. One claim tells, as above: a kb that writes
# heads upgrades a store before it writes to it, so a store's claims all have a head or none has.
OLD_PAIR_FOUND = f"MATCH (c:Claim) WITH c LIMIT 1 WHERE NOT (c.pair ENDS WITH ('|' + {PAIR_HEAD})) RETURN c.key"
ADD_PAIR_HEADS = (f"MATCH (c:Claim)-[:SUBJECT]->(a:Entity) MATCH (c)-[:OBJECT]->(b:Entity) "
                  f"SET c.pair = {pair_end_cypher('a.key')} + '|' + {pair_end_cypher('b.key')} + '|' + {PAIR_HEAD}")
