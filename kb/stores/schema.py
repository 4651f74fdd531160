"""What the backends index: the `key` of every node kind kb merges on. Labels are fixed, not user text."""

from __future__ import annotations

# (label, property) pairs with a range index (FalkorDB) and uniqueness (both backends).
UNIQUE_KEYS = (("Entity", "key"), ("Claim", "key"), ("Source", "key"))
FALKORDB_INDEXES = UNIQUE_KEYS + (("Claim", "fact"), ("Entity", "name"))
NEO4J_SCHEMA = (
    "CREATE CONSTRAINT kb_entity_key IF NOT EXISTS FOR (n:Entity) REQUIRE n.key IS UNIQUE",
    "CREATE CONSTRAINT kb_claim_key IF NOT EXISTS FOR (n:Claim) REQUIRE n.key IS UNIQUE",
    "CREATE CONSTRAINT kb_source_key IF NOT EXISTS FOR (n:Source) REQUIRE n.key IS UNIQUE",
    "CREATE INDEX kb_claim_fact IF NOT EXISTS FOR (n:Claim) ON (n.fact)",
    "CREATE INDEX kb_entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name)",
)
