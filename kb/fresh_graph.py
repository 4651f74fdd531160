"""The graph a load writes into an empty store, assembled for the backend's bulk path (Store.bulk_graph).

It is the graph kb.statements.load_chunk writes on a fresh store, chunk after chunk (tests/test_bulk_load.py
compares the two): sources with `loaded_at`, claims with their IN_SOURCE, SUBJECT and OBJECT edges, entities
(names gathered from every source, iso and wikidata the first given), one Name node per lower-cased key or name
with its NAMES edges, PART_OF edges named after the gazetteer, and one edge per fact with the summary
_REFRESH_FACTS computes (claim keys sorted, distinct sources, first and last publication, free qualifiers as
union_value gives them), undated claims settled as kb.curation.settle_groups settles them. Sources and claims
go out chunk by chunk; entities, names, the claims' ends and the facts once every chunk is read (an entity may
gain names, and a fact claims, from any later source), so this holds per entity its row and per fact its summary
so far, not the claims' rows.
"""

from __future__ import annotations

from array import array
from typing import Any, Iterator

from kb.entities import lookup_forms
from kb.ontology import Ontology
from kb.rows import ENTITY_PROPERTIES, SOURCE_FIELDS, claim_fields, claim_index, fact_fields
from kb.statements import GAZETTEER, _claim_rows, _free_qualifiers, _label, _part_of, _source_row, union_value
from kb.validate import SourceBatch

SUMMARY_FIELDS = ("claims", "sources", "first_reported", "last_reported")
MANY = "\x00many"  # (not a fact key) the dated claims of a group count towards more than one fact
FACTS_PER_BLOB = 50_000  # facts encoded at a time: what finish holds beyond its accumulators


class FreshGraph:
    """Chunks of sources in, GRAPH.BULK calls out (`add_chunk`, then `finish`); `bulk` is the store's writer."""

    WRITTEN_BY_CHUNKS = ("Source", "Claim")  # node labels add_chunk writes whole; finish adds none of them

    def __init__(self, bulk: Any, ontology: Ontology, loaded_at: str) -> None:
        self.bulk, self.ontology, self.loaded_at = bulk, ontology, loaded_at
        fields = claim_fields(ontology)
        self._claim_props = (fields[0], *fields[4:])  # the ends (source, subject, object) are edges, not properties
        self._at = claim_index(ontology)
        self._entity_at: dict[str, int] = {}
        self._entities: list[list] = []  # [kind, key, name, names, iso, wikidata,
        # {lookup form: None}, {names}, the names the last source gave]
        self._ends = array("q")  # claim id, subject's and object's places in _entities, in turn
        self._ids: list[int] = []  # node id per place in _entities, once finish() has written them
        self._parts: dict[tuple[str, str], None] = {}
        # fact key -> [type, row, claim keys, source keys, first, last, [(claim key, free qualifier values)]]
        self.facts: dict[str, list] = {}
        self._free: dict[str, list[int]] = {}
        self.homes: list[tuple[str, str]] = []  # [claim key, the fact it joins] for claims already written
        self.facts_met = 0  # facts before settling, as the other load paths count them (LoadReport.facts)
        self.claims = 0

    def add_chunk(self, batches: list[SourceBatch]) -> list[Any] | None:
        """Take a chunk of sources; returns the GRAPH.BULK call that writes its sources and claims."""
        bulk = self.bulk
        sources = [(*_source_row(b), self.loaded_at) for b in batches]
        first_source = bulk.add_nodes("Source", (*SOURCE_FIELDS, "loaded_at"), sources)
        in_source: list[int] = []
        for i, batch in enumerate(batches):
            for ent in batch.entities.values():
                self._entity(ent)
            self._parts.update(dict.fromkeys(batch.parts))
            rows = _claim_rows(batch, list(batch.claims), self.ontology)
            first = bulk.add_nodes("Claim", self._claim_props, [(r[0], *r[4:]) for r in rows])
            sid = first_source + i
            ends, place = self._ends, self._entity_at
            for n, r in enumerate(rows):
                in_source += (first + n, sid)
                ends.extend((first + n, place[r[2]], place[r[3]]))
            self.claims += len(rows)
            self._facts(batch)
        bulk.add_plain_edges("IN_SOURCE", in_source)
        return bulk.take()

    def _entity(self, ent: Any) -> None:
        at = self._entity_at.get(ent.key)
        if at is None:
            self._entity_at[ent.key] = len(self._entities)
            names = list(ent.names)
            self._entities.append([ent.kind, ent.key, ent.name, names, ent.iso, ent.wikidata,
                                   dict.fromkeys(lookup_forms(ent.key, names)), set(names), ent.names])
            return
        e = self._entities[at]
        if ent.names != e[8]:  # most sources name an entity as the last one did (a gazetteer entry's names)
            e[8] = ent.names
            known = e[7]  # a busy entity's names are looked up in a set, not in its list
            added = [n for n in ent.names if n not in known]
            if added:
                e[3] += added
                known.update(added)
                e[6].update(dict.fromkeys(lookup_forms(ent.key, added)))
        e[4] = e[4] if e[4] is not None else ent.iso
        e[5] = e[5] if e[5] is not None else ent.wikidata

    def _facts(self, batch: SourceBatch) -> None:
        published = batch.props.get("published")
        for fkey, fact in batch.facts.items():
            keys = fact["claims"]
            if not keys:
                continue
            free = self._free.get(fact["type"])
            if free is None:
                free = self._free[fact["type"]] = [self._at[q] for q in _free_qualifiers(self.ontology, fact["type"])]
            entry = self.facts.get(fkey)
            if entry is None:  # (the batch's own list of keys: the batch is let go once its chunk is read)
                entry = self.facts[fkey] = [fact["type"], fact["row"], keys, [batch.key], published, published,
                                            [] if free else None]
            else:
                entry[2] += keys
                entry[3].append(batch.key)
                if published is not None:
                    entry[4] = published if entry[4] is None or published < entry[4] else entry[4]
                    entry[5] = published if entry[5] is None or published > entry[5] else entry[5]
            if free:
                entry[6] += [(k, tuple([batch.claims[k][j] for j in free])) for k in keys]

    def _settle(self) -> None:
        """What kb.curation.settle_groups does after a load, done before the facts are written: in an identity
        group whose dated facts are one, the undated fact's claims count towards it and the undated fact goes.
        A group is a fact's predicate, ends and identifying qualifiers (its identity key, kb.validate.identity_key,
        holds exactly those; the ends of a symmetric fact are in the same order). The claims, already written,
        are moved by `homes`."""
        facts, ontology = self.facts, self.ontology
        self.facts_met = len(facts)
        where: dict[str, list[int]] = {}

        def group(ftype: str, row: tuple) -> tuple:
            at = where.get(ftype)
            if at is None:
                fields = fact_fields(ontology, ftype)
                at = where[ftype] = [fields.index(q) for q in sorted(ontology.predicates[ftype].identifying)]
            return (ftype, row[1], row[2], *(row[i] for i in at))

        date = fact_fields(ontology, next(iter(ontology.predicates))).index("date")
        undated = {group(f[0], f[1]): key for key, f in facts.items() if f[1][date] is None}
        if not undated:
            return
        ends = {g[:3] for g in undated}
        target: dict[tuple, str] = {}
        for key, f in facts.items():
            row = f[1]
            if row[date] is not None and (f[0], row[1], row[2]) in ends:
                g = group(f[0], row)
                if g in undated:
                    target[g] = key if target.get(g, key) == key else MANY
        for g, into_key in target.items():
            if into_key == MANY:
                continue
            moved, into = facts.pop(undated[g]), facts[into_key]
            into[2] += moved[2]
            into[3] += moved[3]
            for at, pick in ((4, min), (5, max)):
                if moved[at] is not None:
                    into[at] = moved[at] if into[at] is None else pick(into[at], moved[at])
            if moved[6]:
                into[6] += moved[6]
            self.homes += [(k, into_key) for k in moved[2]]

    def finish(self) -> Iterator[list[Any]]:
        """The GRAPH.BULK calls that write the entities, names, PART_OF and the facts, each given as soon as it
        is full (what it holds is let go meanwhile); finish_ends() writes the claims' ends after them."""
        bulk, ontology = self.bulk, self.ontology
        self._settle()
        ids = self._ids = [0] * len(self._entities)
        for kind in sorted({e[0] for e in self._entities}):
            group = [i for i, e in enumerate(self._entities) if e[0] == kind]
            first = bulk.add_nodes(f"Entity:{_label(ontology, kind)}", ENTITY_PROPERTIES,
                                   [self._entities[i][1:6] for i in group])
            for n, i in enumerate(group):
                ids[i] = first + n
            if bulk.full:
                yield bulk.take()
        forms: dict[str, int] = {}
        for e in self._entities:
            for form in e[6]:
                forms.setdefault(form, len(forms))
        first = bulk.add_nodes("Name", ("key",), [(f,) for f in forms])
        bulk.add_plain_edges("NAMES", [x for i, e in enumerate(self._entities) for f in e[6]
                                       for x in (first + forms[f], ids[i])])
        del forms
        yield bulk.take()
        place = self._entity_at
        if self._parts and "PART_OF" in ontology.structure:
            bulk.add_edges(_part_of(ontology), ("source",), [(ids[place[a]], ids[place[b]], (GAZETTEER,))
                                                             for a, b in self._parts if a in place and b in place])
        by_type: dict[str, list[str]] = {}
        for key, f in self.facts.items():
            by_type.setdefault(f[0], []).append(key)
        for ftype in sorted(by_type):
            fields = fact_fields(ontology, ftype)
            props = tuple(f for i, f in enumerate((*fields, *SUMMARY_FIELDS)) if not 0 < i <= 2)
            free = [(fields.index(q), n) for n, q in enumerate(_free_qualifiers(ontology, ftype))]
            keys_of_type = by_type.pop(ftype)
            for i in range(0, len(keys_of_type), FACTS_PER_BLOB):
                rows = []
                for fkey in keys_of_type[i:i + FACTS_PER_BLOB]:
                    _, row, keys, sources, first_at, last_at, quals = self.facts.pop(fkey)
                    if free:
                        row = list(row)
                        quals.sort(key=lambda kv: kv[0])
                        for at, n in free:
                            row[at] = union_value([v[n] for _, v in quals])
                    values = [row[0], *row[3:], sorted(keys), len(set(sources)), first_at, last_at]
                    rows.append((ids[place[row[1]]], ids[place[row[2]]], values))
                bulk.add_edges(_label(ontology, ftype), props, rows)
                if bulk.full:
                    yield bulk.take()
        last = bulk.take()
        if last is not None:
            yield last

    def indexed_now(self) -> tuple[str, ...]:
        """The labels and relationship types finish() wrote whole, so their indexes may build while
        finish_ends() writes the rest: the entities, their names and the facts."""
        return ("Entity", "Name", *sorted({_label(self.ontology, t) for t in self.ontology.predicates}))

    def finish_ends(self) -> Iterator[list[Any]]:
        """The GRAPH.BULK calls that write the claims' SUBJECT and OBJECT edges, after finish()."""
        bulk, ids = self.bulk, self._ids
        ends, self._ends = self._ends, array("q")
        for at, rtype in ((1, "SUBJECT"), (2, "OBJECT")):
            bulk.add_plain_edges(rtype, [x for j in range(0, len(ends), 3) for x in (ends[j], ids[ends[j + at]])])
            yield bulk.take()
