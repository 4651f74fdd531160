"""Positional row layouts shared by validation (which builds rows) and the library Cypher (which reads them).

Rows are tuples, not dicts: a million claims as tuples take a third of the memory, and a list of
tuples serialises to a Cypher parameter in one C call (json.dumps) instead of a Python walk per value.
Every field name here is fixed or comes from the ontology, so the Cypher built from them is never
user text.
"""

from __future__ import annotations

from kb.ontology import Ontology

SOURCE_FIELDS = ("key", "url", "title", "outlet", "published", "language", "text", "sha256")
ENTITY_FIELDS = ("key", "name", "names", "iso", "wikidata", "lookup")
# What an entity node stores: every field but the last, `lookup`, which holds the keys of the entity's
# (:Name)-[:NAMES]-> nodes (kb.entities.lookup_forms), not a property.
ENTITY_PROPERTIES = ENTITY_FIELDS[:-1]
_CLAIM_BASE = ("key", "source", "subject", "object", "predicate", "date", "date_from", "date_to", "precision",
               "date_text", "polarity", "quote", "start", "end", "confidence", "extractor", "fact", "identity",
               "pair", "ref", "named_subject", "named_object")
_FACT_BASE = ("key", "a", "b", "date", "date_from", "date_to", "precision")
DATE_FIELDS = ("date", "date_from", "date_to", "precision")


def qualifier_names(ontology: Ontology) -> tuple[str, ...]:
    return tuple(sorted({q for p in ontology.predicates.values() for q in p.qualifiers}))


def claim_fields(ontology: Ontology) -> tuple[str, ...]:
    """A claim row: its keys, its properties, then every qualifier of the ontology (null when absent)."""
    return _CLAIM_BASE + qualifier_names(ontology)


def fact_fields(ontology: Ontology, predicate: str) -> tuple[str, ...]:
    """A fact row of one predicate: key, both ends, date fields, then that predicate's qualifiers."""
    return _FACT_BASE + tuple(sorted(ontology.predicates[predicate].qualifiers))


def index(fields: tuple[str, ...]) -> dict[str, int]:
    return {name: i for i, name in enumerate(fields)}


_CLAIM_INDEX: dict[int, dict[str, int]] = {}


def claim_index(ontology: Ontology) -> dict[str, int]:
    """Field name -> position in a claim row (memoised per ontology object: it is asked per fact)."""
    at = _CLAIM_INDEX.get(id(ontology))
    if at is None:
        at = _CLAIM_INDEX[id(ontology)] = index(claim_fields(ontology))
    return at
