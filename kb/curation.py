"""The analyst's corrections, kept as data: retractions of claims, merges of entities, names given to them.

Each decision is a curation record (kb.claims.Retraction, Merge, Alias) stored as a `Curation` node that
unloads and re-loads leave alone, exported with the claims and loaded back from an export. A decision
applies to what the store holds when it is made, and to every later load: a retracted claim that comes back
(the same source, ends, predicate and quote) comes back retracted; a claim naming an entity merged away, or
a name given to an entity, lands on the entity it was merged into or given to.

Where claims count: every asserted, live (not retracted) claim counts towards one fact. A dated claim
counts towards the fact of its date; an undated one joins the one dated fact of the same subject,
predicate, object and identifying qualifiers (its identity group) when there is exactly one, and stands as
an undated fact otherwise. `plan_homes` decides that for whole groups, whatever the order claims came in.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterable

from kb.claims import Alias, EntityCard, Merge, Retraction, parse_record
from kb.entities import Entity, fold, lookup_forms
from kb.errors import KbError
from kb.ontology import Ontology, load_ontology
from kb.rows import DATE_FIELDS, claim_pair, fact_fields, qualifier_names
from kb.statements import (ALL_RECORDS, RECORD, REDIRECT_RECORDS, add_names, delete_entity,
                           delete_record, drop_names, group_claims, home_statements, make_entity, move_claims,
                           link_parts, put_records, restore_claims, retract_claims, settling_claims)
from kb.stores.base import Statement, Store
from kb.validate import Redirects, date_props, fact_key, identity_key

Record = Retraction | Merge | Alias
# Identity groups read at a time when settling where claims count.
GROUP_BATCH = 5000


class CurationError(KbError):
    """A retract, restore, merge, unmerge or alias that cannot be done: nothing was changed."""


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def record_key(rec: Record) -> str:
    if isinstance(rec, Retraction):
        return "retract:" + retraction_ref(rec)
    if isinstance(rec, Merge):
        return "merge:" + rec.merged
    return "alias:" + fold(rec.name)


def retraction_ref(rec: Retraction) -> str:
    from kb.validate import retraction_key

    return retraction_key(rec.source, rec.subject, rec.predicate, rec.object, rec.quote)


def record_row(rec: Record) -> tuple:
    """[key, action, source, ref, record JSON] (kb.statements._PUT_RECORDS)."""
    text = json.dumps(rec.model_dump(mode="json"), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    if isinstance(rec, Retraction):
        return (record_key(rec), rec.curation, rec.source, retraction_ref(rec), text)
    return (record_key(rec), rec.curation, None, None, text)


def read_record(text: str) -> Record:
    return parse_record(json.loads(text))


def all_records(store: Store) -> list[Record]:
    return [read_record(r[0]) for r in store.read(ALL_RECORDS).rows]


# --- where claims count ------------------------------------------------------------------------------

@dataclass
class GroupClaim:
    """An asserted claim as settling needs it (kb.statements.group_claims)."""

    key: str
    identity: str
    fact: str | None
    date: str | None
    retracted: bool
    predicate: str
    subject: str
    object: str
    qualifiers: dict[str, str]


def _group_rows(store: Store, ids: list[str], ontology: Ontology, read=group_claims) -> list[GroupClaim]:
    names = qualifier_names(ontology)
    out = []
    for i in range(0, len(ids), GROUP_BATCH):
        st = read(ids[i:i + GROUP_BATCH], ontology)
        for key, ident, fact, date, retracted, pred, a, b, *quals in store.read(st.cypher, st.params).rows:
            out.append(GroupClaim(key, ident, fact, date, retracted is not None, pred, a, b,
                                  {q: v for q, v in zip(names, quals) if v is not None}))
    return out


def plan_homes(claims: Iterable[GroupClaim], ontology: Ontology) -> list[Statement]:
    """The statements that make every claim of these identity groups (whole, or after a load or unload their
    undated claims and a dated claim a fact: kb.statements.settling_claims) count where it should: dated
    claims towards the fact of their date, undated ones towards the group's one dated fact when there is
    exactly one (else an undated fact), retracted ones towards none. Facts left without claims go; facts that
    gain or lose claims are recomputed. Nothing when everything is where it should be."""
    groups: dict[str, list[GroupClaim]] = {}
    for c in claims:
        groups.setdefault(c.identity, []).append(c)
    targets: dict[str, str | None] = {}
    rows: dict[str, tuple] = {}
    for members in groups.values():
        for c in members:
            if c.retracted:
                continue
            pred = ontology.predicates[c.predicate]
            ident = {q: v for q, v in c.qualifiers.items() if q in pred.identifying}
            fkey, a, b = fact_key(c.subject, c.predicate, c.object, c.date, ident, pred.symmetric)
            targets[c.key] = fkey
            if c.date is not None or fkey not in rows:
                values = {"key": fkey, "a": a, "b": b, **dict(zip(DATE_FIELDS, date_props(c.date))), **ident}
                rows[fkey] = tuple(values.get(f) for f in fact_fields(ontology, c.predicate))
        dated = {targets[c.key] for c in members if c.key in targets and c.date is not None}
        if len(dated) == 1:
            one = next(iter(dated))
            for c in members:
                if c.key in targets and c.date is None:
                    targets[c.key] = one
    live = set(targets.values())  # across groups: a claim moved by a merge leaves a fact of another group
    homes: list[tuple[str, str | None]] = []
    gone: dict[str, set[str]] = {}
    wanted: dict[str, dict[str, tuple]] = {}
    losing: set[str] = set()  # facts that stay but lose claims
    for members in groups.values():
        for c in members:
            target = targets.get(c.key)
            if target == c.fact:
                continue
            homes.append((c.key, target))
            if target is not None:
                wanted.setdefault(c.predicate, {})[target] = rows[target]
            if c.fact is not None:
                if c.fact in live:
                    wanted.setdefault(c.predicate, {})[c.fact] = rows[c.fact]
                    losing.add(c.fact)
                else:
                    gone.setdefault(c.predicate, set()).add(c.fact)
    if not homes:
        return []
    return home_statements(ontology, sorted(homes), {t: sorted(k) for t, k in gone.items()},
                           {t: [rows for _, rows in sorted(v.items())] for t, v in wanted.items()}, losing)


def settle_groups(store: Store, groups: Iterable[str]) -> int:
    """After a load: the groups among `groups` with an undated live claim, settled (plan_homes), each batch
    one transaction. Returns how many claims moved between facts."""
    ontology = load_ontology()
    ids = sorted(groups)
    moved = 0
    for i in range(0, len(ids), GROUP_BATCH):
        statements = plan_homes(_group_rows(store, ids[i:i + GROUP_BATCH], ontology, settling_claims), ontology)
        if statements:
            moved += len(statements[0].params["rows"])
            store.write(statements)
    return moved


# --- finding claims and entities ----------------------------------------------------------------------

_CLAIM = """
MATCH (c:Claim {key: $key})-[:IN_SOURCE]->(s:Source)
MATCH (c)-[:SUBJECT]->(a:Entity)
MATCH (c)-[:OBJECT]->(b:Entity)
RETURN c.key, s.key, coalesce(c.named_subject, a.key), c.predicate, coalesce(c.named_object, b.key), c.quote,
       c.retracted, c.identity, c.polarity
"""
_CLAIMS_FROM = "MATCH (c:Claim) WHERE c.key >= $low AND c.key < $high RETURN c.key LIMIT 3"
_ENTITY = """
MATCH (e:Entity {key: $key})
RETURN e.key, [l IN labels(e) WHERE l <> 'Entity'][0], e.name, e.names, e.iso, e.wikidata
"""


def _claim(store: Store, key: str) -> list:
    rows = store.read(_CLAIM, {"key": key}).rows
    if not rows and len(key) >= 10:  # a unique beginning of a key will do (as git takes a hash's)
        keys = [r[0] for r in store.read(_CLAIMS_FROM, {"low": key, "high": key + "\uffff"}).rows]
        if len(keys) > 1:
            raise CurationError(f"claim {key!r}: the beginning of {len(keys)} claims' keys ({', '.join(keys[:2])}, "
                                "...); give more of it")
        if keys:
            rows = store.read(_CLAIM, {"key": keys[0]}).rows
    if not rows:
        raise CurationError(f"no claim {key!r} in the store (`kb query source-claims` or `kb query provenance` "
                            "show claims with their keys)")
    return rows[0]


def find_entity(store: Store, text: str, role: str) -> Entity:
    """The one entity a key or name names (as canned queries look actors up), or a one-line error naming the
    closest entities, or listing those it names."""
    from kb.queries import MAX_LISTED, find_named, suggest

    found = find_named(store, [text])[text]
    if len(found) > 1:
        listed = ", ".join(f"{n} ({k})" for n, k in found[:MAX_LISTED])
        raise CurationError(f"{role} {text!r} names {len(found)} entities: {listed}; give one by its key")
    if not found:
        close = suggest(store, text)
        hint = ("; did you mean " + " or ".join(f"{n} ({k})" for n, k in close) + "?") if close else \
            "; `kb entities TEXT` lists entities by name"
        raise CurationError(f"{role}: no entity named {text!r}{hint}")
    key = found[0][1]
    row = store.read(_ENTITY, {"key": key}).rows[0]
    return Entity(row[0], row[1], row[2], tuple(row[3] or ()), row[4], row[5])


def _card(ent: Entity) -> EntityCard:
    return EntityCard(name=ent.name, kind=ent.kind, names=list(ent.names), iso=ent.iso, wikidata=ent.wikidata)


# --- retract and restore ----------------------------------------------------------------------------

def retract(store: Store, claim: str, reason: str) -> tuple[Retraction, bool]:
    """Take a claim back (it stays, marked, for audit). Returns the record and whether anything changed."""
    if not reason or not reason.strip():
        raise CurationError("retract: give a --reason")
    with store.write_lock():
        key, skey, subj, pred, obj, quote, already, ident, polarity = _claim(store, claim)
        rec = Retraction(curation="retract", source=skey, subject=subj, predicate=pred, object=obj, quote=quote,
                         reason=reason, claim=key, at=_now())
        if already is not None:
            return rec, False
        _mark(store, key, ident, polarity, True,
              [put_records([record_row(rec)]), retract_claims([(key, rec.reason, rec.at)])])
    return rec, True


def restore(store: Store, claim: str) -> tuple[str, bool]:
    """Undo a retraction: the claim counts again. Returns the claim key and whether anything changed."""
    with store.write_lock():
        key, skey, subj, pred, obj, quote, retracted, ident, polarity = _claim(store, claim)
        if retracted is None:
            return key, False
        rec = Retraction(curation="retract", source=skey, subject=subj, predicate=pred, object=obj, quote=quote,
                         reason="-")
        _mark(store, key, ident, polarity, False, [delete_record(record_key(rec)), *restore_claims([key])])
    return key, True


def _mark(store: Store, key: str, ident: str, polarity: str, retracted: bool, statements: list[Statement]) -> None:
    """Write `statements` (the claim retracted or restored), and its group settled as it will then be."""
    if polarity == "asserted":
        ontology = load_ontology()
        group = _group_rows(store, [ident], ontology)
        for g in group:
            if g.key == key:
                g.retracted = retracted
        statements = statements + plan_homes(group, ontology)
    store.forget_input_marks()  # files loaded earlier no longer say all the store holds of them
    store.write(statements)


# --- merge, unmerge, alias -----------------------------------------------------------------------------

_TOUCHING = """
MATCH (x:Entity)<-[:SUBJECT|OBJECT]-(c:Claim)
WHERE x.key IN $keys
WITH DISTINCT c
MATCH (c)-[:SUBJECT]->(a:Entity)
MATCH (c)-[:OBJECT]->(b:Entity)
RETURN c.key, c.identity, c.fact, c.date, c.retracted, c.predicate, a.key, b.key, c.polarity,
       c.named_subject, c.named_object%s
"""
_NAMED_AS = """
MATCH (c:Claim)
WHERE c.named_subject IN $keys OR c.named_object IN $keys
WITH c
MATCH (c)-[:SUBJECT]->(a:Entity)
MATCH (c)-[:OBJECT]->(b:Entity)
RETURN c.key, c.identity, c.fact, c.date, c.retracted, c.predicate, a.key, b.key, c.polarity,
       c.named_subject, c.named_object%s
"""
_PARTS = "MATCH (e:Entity {key: $key})-[:%(type)s]->(p:Entity) RETURN p.key"
_ORGANS = "MATCH (e:Entity {key: $key})<-[:%(type)s]-(o:Entity) RETURN o.key"


def _moves(store: Store, read: str, keys: list[str], ontology: Ontology, ends) -> list[Statement]:
    """Claims read by `read` (of entities `keys`) moved to the ends `ends(subject, object, named_subject,
    named_object)` gives ((subject, object, named_subject, named_object)), with their identity and pair made
    again, and every group they leave or join settled (plan_homes)."""
    names = qualifier_names(ontology)
    rows = store.read(read % "".join(f", c.{q}" for q in names), {"keys": keys}).rows
    moves, moved, old_ids = [], [], set()
    for key, ident, fact, date, retracted, pred, a, b, polarity, ns, no, *quals in rows:
        na, nb, ns2, no2 = ends(a, b, ns, no)
        if (na, nb, ns2, no2) == (a, b, ns, no):
            continue
        spec = ontology.predicates[pred]
        qualifiers = {q: v for q, v in zip(names, quals) if v is not None}
        identifying = {q: v for q, v in qualifiers.items() if q in spec.identifying}
        new_ident = identity_key(na, pred, nb, identifying, spec.symmetric)
        moves.append((key, na, nb, new_ident, claim_pair(na, nb), ns2, no2))
        if polarity == "asserted":
            old_ids.add(ident)
            moved.append(GroupClaim(key, new_ident, fact, date, retracted is not None, pred, na, nb, qualifiers))
    if not moves:
        return []
    keys_moved = {m[0] for m in moves}
    ids = sorted(old_ids | {g.identity for g in moved})
    others = [g for g in _group_rows(store, ids, ontology) if g.key not in keys_moved]
    return move_claims(moves) + plan_homes(others + moved, ontology)


def _a(kind: str) -> str:
    return ("an " if kind[:1].lower() in "aeiou" else "a ") + kind


def _entity_row(key: str, card: EntityCard) -> tuple:
    return Entity(key, card.kind, card.name, tuple(card.names), card.iso, card.wikidata).row()


def merge(store: Store, source: str, into: str) -> Merge:
    """Make one entity of two: `source`'s claims, names and structural edges go to `into`, which stays; the
    claims keep their keys and quotes (and remember the entity they named, for unmerge)."""
    ontology = load_ontology()
    with store.write_lock():
        x, y = find_entity(store, source, "merge"), find_entity(store, into, "merge --into")
        if x.key == y.key:
            raise CurationError(f"merge: {source!r} and {into!r} are the same entity ({x.key})")
        if x.kind != y.kind:
            raise CurationError(f"merge: {x.name} ({x.key}) is {_a(x.kind)} and {y.name} ({y.key}) {_a(y.kind)}: "
                                "kb merges entities of one kind")
        part = {"type": ontology.structure["PART_OF"].name} if "PART_OF" in ontology.structure else None
        parents = organs = []
        if part:
            y_parents = {r[0] for r in store.read(_PARTS % part, {"key": y.key}).rows}
            y_organs = {r[0] for r in store.read(_ORGANS % part, {"key": y.key}).rows}
            parents = sorted(r[0] for r in store.read(_PARTS % part, {"key": x.key}).rows
                             if r[0] not in y_parents and r[0] != y.key)
            organs = sorted(r[0] for r in store.read(_ORGANS % part, {"key": x.key}).rows
                            if r[0] not in y_organs and r[0] != y.key)
        added = [n for n in x.names if n not in y.names]
        rec = Merge(curation="merge", merged=x.key, into=y.key, merged_entity=_card(x), into_entity=_card(y),
                    added_names=added, parents=parents, organs=organs, at=_now())

        def ends(a: str, b: str, ns: str | None, no: str | None) -> tuple:
            return (y.key if a == x.key else a, y.key if b == x.key else b,
                    (ns or x.key) if a == x.key else ns, (no or x.key) if b == x.key else no)

        statements = [put_records([record_row(rec)]),
                      add_names(y.key, added, [f for f in lookup_forms(x.key, x.names)
                                               if f not in lookup_forms(y.key, y.names)])]
        statements += _moves(store, _TOUCHING, [x.key], ontology, ends)
        if parents:
            statements.append(link_parts(ontology, [(y.key, p) for p in parents]))
        if organs:
            statements.append(link_parts(ontology, [(o, y.key) for o in organs]))
        statements.append(delete_entity(x.key))
        store.forget_input_marks()
        store.write(statements)
    return rec


def unmerge(store: Store, key: str) -> Merge:
    """Undo `merge KEY --into ...`: the entity comes back with its names and edges, and the claims that
    named it go back to it."""
    ontology = load_ontology()
    with store.write_lock():
        rows = store.read(RECORD, {"key": "merge:" + key}).rows
        if not rows:
            merged = [r for r in all_records(store) if isinstance(r, Merge)]
            known = ", ".join(m.merged for m in merged[:5]) or "none"
            raise CurationError(f"unmerge: no entity {key!r} was merged (merged away: {known})")
        rec = read_record(rows[0][0])
        assert isinstance(rec, Merge)
        if store.read(_ENTITY, {"key": key}).rows:
            raise CurationError(f"unmerge: the store holds an entity {key!r} again; merge it first")
        current = redirects(store)
        after = redirects(store, exclude=record_key(rec))
        chained = sorted({k for k in current.keys if _passes(current, k, key)} | {key})
        target = {k: _end(after, k) for k in chained}
        y = rec.into
        keep = lookup_forms(y, [n for n in rec.into_entity.names])
        statements = [delete_record(record_key(rec)), make_entity(ontology, rec.merged_entity.kind,
                                                                  _entity_row(key, rec.merged_entity))]
        into_now = _end(after, y)
        statements += drop_names(into_now, rec.added_names,
                                 [f for f in lookup_forms(key, rec.merged_entity.names) if f not in keep])

        def ends(a: str, b: str, ns: str | None, no: str | None) -> tuple:
            na = target[ns] if ns in target else a
            nb = target[no] if no in target else b
            return (na, nb, ns if ns is not None and ns != na else None, no if no is not None and no != nb else None)

        statements += _moves(store, _NAMED_AS, chained, ontology, ends)
        if rec.parents:
            statements.append(link_parts(ontology, [(into_now, p) for p in rec.parents], link=False))
            statements.append(link_parts(ontology, [(key, p) for p in rec.parents]))
        if rec.organs:
            statements.append(link_parts(ontology, [(o, into_now) for o in rec.organs], link=False))
            statements.append(link_parts(ontology, [(o, key) for o in rec.organs]))
        store.forget_input_marks()
        store.write(statements)
    return rec


def _passes(r: Redirects, start: str, through: str) -> bool:
    key = start
    for _ in range(16):
        if key == through:
            return True
        nxt = r.keys.get(key)
        if nxt is None:
            return False
        key = nxt.key
    return False


def _end(r: Redirects, key: str) -> str:
    for _ in range(16):
        nxt = r.keys.get(key)
        if nxt is None:
            break
        key = nxt.key
    return key


def alias(store: Store, name: str, to: str) -> tuple[Alias, bool]:
    """Give an entity one more name: queries find it by it, and claims naming it land on it."""
    name = " ".join(name.split())
    if not name:
        raise CurationError("alias: the name is blank")
    with store.write_lock():
        y = find_entity(store, to, "alias --to")
        rec = Alias(curation="alias", name=name, to=y.key, to_entity=_card(y), at=_now())
        from kb.queries import find_named

        others = [(n, k) for n, k in find_named(store, [name])[name] if k != y.key]
        if others:
            listed = ", ".join(f"{n} ({k})" for n, k in others[:3])
            raise CurationError(f"alias: {name!r} already names {listed}; to make them one entity: "
                                f"kb merge {others[0][1]} --into {y.key}")
        held = store.read(RECORD, {"key": record_key(rec)}).rows
        if held and read_record(held[0][0]).to == y.key and fold(name) in {fold(n) for n in (y.key, *y.names)}:
            return rec, False
        # A name the entity already has is recorded too: claims naming it later land on the entity.
        statements = [put_records([record_row(rec)]), add_names(y.key, [name], [name.lower()])]
        store.forget_input_marks()
        store.write(statements)
    return rec, True


# --- curation at load time -------------------------------------------------------------------------------

def redirects(store: Store | None, records: Iterable[Record] = (), exclude: str | None = None) -> Redirects:
    """What merges and aliases (the store's, and `records`) make of entity keys and names at load time."""
    recs = [read_record(r[0]) for r in store.read(REDIRECT_RECORDS).rows] if store is not None else []
    out = Redirects()
    for rec in [*recs, *records]:
        if record_key(rec) != exclude:
            out.take(rec)
    return out


def apply_records(store: Store, records: list[Record]) -> int:
    """Curation records a load read (an export loaded back, a file of decisions): each not yet in the store is
    applied to what it holds now (which the claims just loaded are part of), or kept for later loads. The
    record is kept as it was read (its time, the entities as it describes them). Returns how many were new."""
    new = 0
    for rec in records:
        key = record_key(rec)
        if store.read(RECORD, {"key": key}).rows:
            continue
        new += 1
        if isinstance(rec, Retraction):
            hits = store.read("MATCH (:Source {key: $s})<-[:IN_SOURCE]-(c:Claim {ref: $r}) RETURN c.key",
                              {"s": rec.source, "r": retraction_ref(rec)}).rows
            for (ckey,) in hits:
                retract(store, ckey, rec.reason)
        elif isinstance(rec, Merge) and store.read(_ENTITY, {"key": rec.merged}).rows:
            if not store.read(_ENTITY, {"key": rec.into}).rows:
                store.write([make_entity(load_ontology(), rec.into_entity.kind,
                                         _entity_row(rec.into, rec.into_entity))])
            merge(store, rec.merged, rec.into)
        elif isinstance(rec, Alias) and store.read(_ENTITY, {"key": rec.to}).rows:
            alias(store, rec.name, rec.to)
        store.write([put_records([record_row(rec)])])
    return new
