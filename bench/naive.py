"""The per-claim baseline: the loader a py2neo habit produces, one MERGE query per claim.

Each claim is one GRAPH.QUERY that merges its source, both entities (labelled with their kind), the claim
with its properties and its IN_SOURCE, SUBJECT and OBJECT edges, and for an asserted claim the fact edge
(merged on its key, the claim key appended to `claims`; an undated claim's fact is its group's one dated
fact when there is exactly one, as kb counts it, worked out before timing). It uses the same indexes kb creates, resolves
entities with kb's resolver and gives sources, claims and facts the same identity as kb, so both loaders
build graphs with the same counts; only the way of writing differs. An organ named with `part_of` (a
ministry and its state, as kb extract writes them) also merges its parents and its PART_OF edges.

Rows are built from the Claim objects before timing (and only the first claim of a source carries the
source's properties), so the timed part is the writing alone: this favours the baseline.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from kb.claims import Claim
from kb.dates import parse_partial
from kb.entities import Entity, resolve
from kb.ontology import Ontology, load_ontology


@dataclass(frozen=True)
class NaiveQuery:
    cypher: str
    params: dict[str, Any]


def _digest(*parts: object) -> str:
    blob = json.dumps(parts, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]


def _read_claims(path: Path) -> list[Claim]:
    if path.suffix != ".jsonl":
        raise ValueError(f"{path}: the naive loader reads the benchmark's .jsonl claims files only")
    with path.open(encoding="utf-8") as fh:
        return [Claim.model_validate_json(line) for line in fh if line.strip()]


def _source_key(src) -> str:
    if src.url:
        return "src:" + _digest("url", src.url)
    if src.text is not None:
        return "src:" + _digest("text", hashlib.sha256(src.text.encode("utf-8")).hexdigest())
    return "src:" + _digest("meta", src.title, src.outlet, src.published)


def _no_nulls(d: dict) -> dict:
    return {k: v for k, v in d.items() if v is not None}


def _label(ontology: Ontology, name: str) -> str:
    if name not in ontology.kinds and name not in ontology.predicates:
        raise ValueError(f"{name!r} is not in the ontology")  # only ontology names are formatted into Cypher
    return name


_CLAIM = """MERGE (s:Source {key: $source})
ON CREATE SET s += $source_props, s.loaded_at = $loaded_at
MERGE (a:Entity {key: $subject})
ON CREATE SET a:%(skind)s, a += $subject_props
ON MATCH SET a.names = a.names + [n IN $subject_names WHERE NOT n IN a.names]
MERGE (b:Entity {key: $object})
ON CREATE SET b:%(okind)s, b += $object_props
ON MATCH SET b.names = b.names + [n IN $object_names WHERE NOT n IN b.names]
MERGE (c:Claim {key: $claim})
ON CREATE SET c += $claim_props
MERGE (c)-[:IN_SOURCE]->(s)
MERGE (c)-[:SUBJECT]->(a)
MERGE (c)-[:OBJECT]->(b)"""

# A symmetric fact is stored once, from the entity with the lower key (as kb does): %(x)s and %(y)s
# are a and b in that order.
_FACT = """
MERGE (%(x)s)-[f:%(type)s {key: $fact}]->(%(y)s)
ON CREATE SET f += $fact_props, f.claims = []
SET f.claims = f.claims + [k IN [$claim] WHERE NOT k IN f.claims],
    f.first_reported = CASE WHEN s.published IS NULL
                             OR (f.first_reported IS NOT NULL AND f.first_reported <= s.published)
                            THEN f.first_reported ELSE s.published END,
    f.last_reported = CASE WHEN s.published IS NULL
                            OR (f.last_reported IS NOT NULL AND f.last_reported >= s.published)
                           THEN f.last_reported ELSE s.published END"""


# An organ's parent (a ministry's state), and the structural edge to it, as kb writes them from `part_of`.
_PARENT = """
MERGE (%(p)s:Entity {key: $%(p)s})
ON CREATE SET %(p)s:%(kind)s, %(p)s += $%(p)s_props
ON MATCH SET %(p)s.names = %(p)s.names + [n IN $%(p)s_names WHERE NOT n IN %(p)s.names]
MERGE (%(child)s)-[%(p)s_edge:%(part)s]->(%(p)s)
ON CREATE SET %(p)s_edge.source = $gazetteer"""


def _parents(ref, child: str, prefix: str, ontology: Ontology) -> tuple[str, dict]:
    """Cypher and parameters that merge the PART_OF chain of an entity reference (`child` is its variable)."""
    from kb.statements import GAZETTEER

    cypher, params, depth = "", {}, 0
    while ref.part_of is not None and depth < 5:
        ref, depth = ref.part_of, depth + 1
        var = f"{prefix}_p{depth}"
        ent = resolve(ref)
        part = ontology.structure["PART_OF"].name if "PART_OF" in ontology.structure else "PART_OF"
        cypher += _PARENT % {"p": var, "kind": _label(ontology, ent.kind), "child": child, "part": part}
        params.update(_entity_params(var, ent))
        params["gazetteer"] = GAZETTEER
        child = var
    return cypher, params


def _entity_params(prefix: str, ent: Entity) -> dict:
    return {prefix: ent.key, f"{prefix}_names": list(ent.names),
            f"{prefix}_props": _no_nulls({"name": ent.name, "names": list(ent.names), "iso": ent.iso,
                                          "wikidata": ent.wikidata})}


def _fact_of(c: Claim, ontology: Ontology) -> tuple[tuple, str, bool]:
    """An asserted claim's group (ends, predicate, identifying qualifiers), fact key, and whether the fact
    runs from object to subject (a symmetric predicate, stored from the lower key)."""
    pred = ontology.predicates[c.predicate]
    ident = sorted((q, c.qualifiers[q]) for q in pred.identifying if q in c.qualifiers)
    a, b = resolve(c.subject).key, resolve(c.object).key
    swap = pred.symmetric and b < a
    if swap:
        a, b = b, a
    return (a, c.predicate, b, tuple(ident)), "fact:" + _digest(a, c.predicate, b, c.date, ident), swap


def prepare(paths: list[Path], ontology: Ontology | None = None) -> list[NaiveQuery]:
    """One query per claim of `paths` (already validated by kb), in file order."""
    ontology = ontology or load_ontology()
    claims = [c for p in paths for c in _read_claims(p)]
    # A source's metadata may be spread over its claims (the text only on the first one).
    sources: dict[str, dict] = {}
    for c in claims:
        props = sources.setdefault(_source_key(c.source), {})
        text = c.source.text
        for k, v in (("url", c.source.url), ("title", c.source.title), ("outlet", c.source.outlet),
                     ("published", c.source.published), ("language", c.source.language), ("text", text),
                     ("sha256", hashlib.sha256(text.encode("utf-8")).hexdigest() if text is not None else None)):
            if v is not None:
                props.setdefault(k, v)
    loaded_at = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    # kb counts an undated claim towards the one dated fact of its group (same ends, predicate and
    # identifying qualifiers) when there is exactly one (kb/curation.py): known here before timing.
    dated: dict[tuple, dict[str, dict]] = {}
    for c in claims:
        if c.polarity == "asserted" and c.date is not None:
            group, fkey, _ = _fact_of(c, ontology)
            d_from, d_to, precision = parse_partial(c.date)
            dated.setdefault(group, {}).setdefault(fkey, _no_nulls(
                {"date": c.date, "date_from": d_from, "date_to": d_to, "precision": precision, **c.qualifiers}))
    sent: set[str] = set()
    out = []
    for c in claims:
        skey = _source_key(c.source)
        text = sources[skey].get("text")
        if c.span is not None:
            start, end = c.span
        elif text is not None:
            start = text.find(c.quote)
            end = start + len(c.quote)
        else:
            start = end = None
        subj, obj = resolve(c.subject), resolve(c.object)
        pred = ontology.predicates[c.predicate]
        if c.date is None:
            dates = {"date": None, "date_from": None, "date_to": None, "precision": None}
        else:
            d_from, d_to, precision = parse_partial(c.date)
            dates = {"date": c.date, "date_from": d_from, "date_to": d_to, "precision": precision}
        ckey = "claim:" + _digest(skey, subj.key, c.predicate, obj.key, sorted(c.qualifiers.items()), c.date,
                                  c.polarity, c.quote, start, end)
        params = {"source": skey, "source_props": {} if skey in sent else sources[skey], "loaded_at": loaded_at,
                  **_entity_params("subject", subj), **_entity_params("object", obj), "claim": ckey}
        sent.add(skey)
        cypher = _CLAIM % {"skind": _label(ontology, subj.kind), "okind": _label(ontology, obj.kind)}
        for ref, var, prefix in ((c.subject, "a", "sp"), (c.object, "b", "op")):
            more, more_params = _parents(ref, var, prefix, ontology)
            cypher += more
            params.update(more_params)
        fkey = None
        if c.polarity == "asserted":
            group, fkey, swap = _fact_of(c, ontology)
            fact_props = _no_nulls({**dates, **c.qualifiers})
            if c.date is None and len(dated.get(group, ())) == 1:
                fkey, fact_props = next(iter(dated[group].items()))
            cypher += _FACT % {"x": "b" if swap else "a", "y": "a" if swap else "b",
                               "type": _label(ontology, c.predicate)}
            params["fact"] = fkey
            params["fact_props"] = fact_props
        params["claim_props"] = _no_nulls({"predicate": c.predicate, **dates, "date_text": c.date_text,
                                           "polarity": c.polarity, "quote": c.quote, "start": start, "end": end,
                                           "confidence": c.confidence, "extractor": c.extractor, "fact": fkey,
                                           **c.qualifiers})
        out.append(NaiveQuery(cypher, params))
    return out


def connect(store_dir: Path):
    """A falkordb client on the embedded server of `store_dir` (which must be running)."""
    from falkordb import FalkorDB

    from kb.stores.embedded_server import SOCKET

    return FalkorDB(unix_socket_path=str(Path(store_dir) / SOCKET))


def run(graph, queries: list[NaiveQuery]) -> float:
    """Send the queries one by one; seconds taken."""
    t0 = time.perf_counter()
    for q in queries:
        graph.query(q.cypher, q.params)
    return time.perf_counter() - t0


def naive_load(store_dir: Path, paths: list[Path], graph: str = "kb") -> tuple[int, float]:
    """Load `paths` into the embedded store at `store_dir` one claim at a time: (claims, seconds).
    The caller keeps the store open (its server running) and has created kb's schema."""
    queries = prepare(paths)
    db = connect(store_dir)
    try:
        return len(queries), run(db.select_graph(graph), queries)
    finally:
        db.connection.close()
