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

# A claim's stored `pair` is 'subject|object|head': each end's key with '%' and '|' escaped (as %25 and %7C, so
# that '|' only ever separates and one pair is spelled one way), then the head, the first key of the order in
# which provenance lists claims: the claim's first day, or for an undated claim '9999|' and its predicate (the
# order's next key among undated claims, whose last day is null too). Indexed, it finds the claims between two
# entities, and by a range of heads only those of one page. Rows carry 'subject|object' (shared between claims,
# so a million held claims cost no more memory) and get the head as they are written (kb.statements._claim_rows).
UNDATED_HEAD = "9999"
PAIR_HEAD = "coalesce(c.date_from, '9999|' + c.predicate)"  # the head in Cypher, of a claim `c`


def pair_end(key: str) -> str:
    return key.replace("%", "%25").replace("|", "%7C")


def pair_end_cypher(expr: str) -> str:
    """pair_end in Cypher, of the key `expr`."""
    return f"replace(replace({expr}, '%', '%25'), '|', '%7C')"


def claim_pair(subject: str, object_: str) -> str:
    return f"{pair_end(subject)}|{pair_end(object_)}"


def stored_pair(pair: str, date_from: str | None, predicate: str) -> str:
    return f"{pair}|{date_from or UNDATED_HEAD + '|' + predicate}"


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
