"""`kb export`: the whole store as loadable claims (JSON Lines), as CSV for `neo4j-admin database import
full`, or as GraphML.

The name index, (:Name {key})-[:NAMES]->(:Entity) (kb/stores/schema.py), is in the CSV, so that a database
imported from it answers the canned queries. JSON Lines leaves it out (a load rebuilds it from the entities'
names), and so does GraphML, which holds the sources, claims, entities and facts only. The analyst's curation
records (kb/curation.py) are lines of their own before the claims in JSON Lines, and Curation nodes in the CSV.

JSON Lines is the interchange format of kb/claims.py: loading an export into an empty store rebuilds the
same sources, claims, entities and facts (same keys and properties, except `loaded_at`). A fact's summary
(sorted claim keys, source count, non-identifying qualifiers) is recomputed from its claims on load, so it
does not depend on the order claims arrive in.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Iterable

from kb.errors import KbError
from kb.ontology import Ontology, load_ontology
from kb.statements import ALL_RECORDS
from kb.stores.base import Store
from kb.stores.schema import NAME_LABEL, NAMES_TYPE

FORMATS = ("jsonl", "csv", "graphml")
ID_SPACE = "kb"
# Name keys (lower-cased names and keys) may equal an entity's key: they get an ID space of their own.
NAME_ID_SPACE = "name"
CURATION_ID_SPACE = "curation"
PROVENANCE_TYPES = ("IN_SOURCE", "SUBJECT", "OBJECT")
_SOURCE_FIELDS = ("url", "title", "outlet", "published", "language")
_ENTITY_FIELDS = ("key", "name", "names", "iso", "wikidata")


# --- reading the store ---------------------------------------------------------------------------

@dataclass
class Snapshot:
    """Everything in the store, in a deterministic order (by key)."""

    sources: list[dict]  # Source properties
    entities: list[tuple[str, dict]]  # (kind, properties)
    claims: list[tuple[str, str, str, dict]]  # (source key, subject key, object key, Claim properties)
    facts: list[tuple[str, str, str, dict]]  # (type, from key, to key, properties)
    names: list[str] = field(default_factory=list)  # Name keys
    named: list[tuple[str, str]] = field(default_factory=list)  # NAMES edges: (Name key, entity key)
    records: list[str] = field(default_factory=list)  # curation records' JSON (kb/curation.py), by key


def _snapshot(store: Store) -> Snapshot:
    sources = [r[0] for r in store.read("MATCH (s:Source) RETURN properties(s) ORDER BY s.key").rows]
    # Label order differs between stores: the kind is the label that is not Entity.
    entities = [(r[1], r[0]) for r in store.read(
        "MATCH (e:Entity) RETURN properties(e), [l IN labels(e) WHERE l <> 'Entity'][0] ORDER BY e.key").rows]
    claims = [(r[0], r[1], r[2], r[3]) for r in store.read(
        "MATCH (c:Claim)-[:IN_SOURCE]->(s:Source) "
        "MATCH (c)-[:SUBJECT]->(a:Entity) "
        "MATCH (c)-[:OBJECT]->(b:Entity) "
        "RETURN s.key, a.key, b.key, properties(c) ORDER BY s.key, c.key").rows]
    facts = [(r[0], r[1], r[2], r[3]) for r in store.read(
        "MATCH (a:Entity)-[f]->(b:Entity) RETURN type(f), a.key, b.key, properties(f) "
        "ORDER BY coalesce(f.key, '~' + type(f)), a.key, b.key").rows]  # structural edges (no key) last
    names = [r[0] for r in store.read(f"MATCH (n:{NAME_LABEL}) RETURN n.key ORDER BY n.key").rows]
    named = [(r[0], r[1]) for r in store.read(
        f"MATCH (n:{NAME_LABEL})-[:{NAMES_TYPE}]->(e:Entity) RETURN n.key, e.key ORDER BY n.key, e.key").rows]
    records = [r[0] for r in store.read(ALL_RECORDS).rows]
    return Snapshot(sources, entities, claims, facts, names, named, records)


# --- JSON Lines -----------------------------------------------------------------------------------

def _entity_ref(kind: str, props: dict) -> dict:
    ref: dict[str, Any] = {"name": props["name"], "kind": kind}
    for field in _ENTITY_FIELDS:
        if field != "name":
            ref[field] = props.get(field)
    ref["names"] = list(props.get("names") or [])
    return ref


def _named_refs(snap: Snapshot) -> dict[str, dict]:
    """Entities claims named before a merge or an alias sent them elsewhere (a claim's named_subject and
    named_object): as the curation records describe them. Written so, a claim loaded back lands where it
    is now through the same records, with the same key."""
    from kb.curation import read_record
    from kb.validate import alias_key

    out: dict[str, dict] = {}
    for text in snap.records:
        rec = read_record(text)
        if rec.curation == "merge":
            card = rec.merged_entity
            out[rec.merged] = {"name": card.name, "kind": card.kind, "key": rec.merged, "names": list(card.names),
                               "iso": card.iso, "wikidata": card.wikidata}
        elif rec.curation == "alias":
            own = alias_key(rec)
            out.setdefault(own, {"name": rec.name, "kind": rec.to_entity.kind, "key": own, "names": [],
                                 "iso": None, "wikidata": None})
    return out


def record_lines(snap: Snapshot) -> Iterable[dict]:
    """The curation records, before the claims: a load applies them to the claims that follow."""
    return (json.loads(text) for text in snap.records)


def claim_lines(snap: Snapshot, ontology: Ontology) -> Iterable[dict]:
    """One interchange-format claim per Claim node, ordered by source key, then claim key."""
    sources = {s["key"]: s for s in snap.sources}
    entities = {props["key"]: _entity_ref(kind, props) for kind, props in snap.entities}
    named = _named_refs(snap) if snap.records else {}
    structure = set(ontology.structure)
    parents = {a: b for ftype, a, b, _ in snap.facts if ftype in structure}

    def with_parents(key: str, depth: int = 0) -> dict:
        ref = entities[key]
        parent = parents.get(key)
        return ref if parent is None or depth > 3 else {**ref, "part_of": with_parents(parent, depth + 1)}

    seen: set[str] = set()
    for skey, subj, obj, c in snap.claims:
        src = sources[skey]
        source: dict[str, Any] = {f: src.get(f) for f in _SOURCE_FIELDS}
        # The loader keys a source by its URL, else by its text: a source without a URL must carry the
        # text on every line, or the lines without it would make a second source (keyed by title).
        if src.get("text") is not None and (skey not in seen or not src.get("url")):
            source["text"] = src["text"]
        seen.add(skey)
        pred = ontology.predicates.get(c["predicate"])
        if pred is None:
            raise KbError(f"claim {c['key']} has predicate {c['predicate']!r}, which the ontology does not define")
        start, end = c.get("start"), c.get("end")
        as_named = [named.get(c.get(f)) or with_parents(end) if c.get(f) else with_parents(end)
                    for f, end in (("named_subject", subj), ("named_object", obj))]
        yield {
            "source": source,
            "subject": as_named[0],
            "predicate": c["predicate"],
            "object": as_named[1],
            "qualifiers": {q: c[q] for q in sorted(pred.qualifiers) if c.get(q) is not None},
            "date": c.get("date"),
            "date_text": c.get("date_text"),
            "polarity": c.get("polarity", "asserted"),
            "quote": c["quote"],
            "span": [start, end] if start is not None and end is not None else None,
            "confidence": c.get("confidence", 1.0),
            "extractor": c.get("extractor", "manual"),
        }


# --- CSV for neo4j-admin --------------------------------------------------------------------------

_ARRAY_DELIMITERS = (";", "|", "\u001f")  # first one no array element contains


def _value_type(values: list[Any]) -> str:
    """One of list, bool, int, float, str: the type all non-null values of a property share."""
    present = [v for v in values if v is not None]
    for name, test in (("list", lambda v: isinstance(v, list)), ("bool", lambda v: isinstance(v, bool)),
                       ("int", lambda v: isinstance(v, int) and not isinstance(v, bool)),
                       ("float", lambda v: isinstance(v, (int, float)) and not isinstance(v, bool))):
        if present and all(test(v) for v in present):
            return name
    return "str"


# `double`, not `float`: a 32-bit float would turn 0.95 into 0.949999988 on the way in.
_CSV_TYPES = {"list": "string[]", "bool": "boolean", "int": "int", "float": "double", "str": "string"}
_GRAPHML_TYPES = {"list": "string", "bool": "boolean", "int": "long", "float": "double", "str": "string"}


def _csv_type(values: list[Any]) -> str:
    """The neo4j-admin header type of a column, from its non-null values."""
    return _CSV_TYPES[_value_type(values)]


def _csv_field(value: Any, kind: str, array_delimiter: str) -> str:
    # Nothing between the delimiters is null to neo4j-admin; "" is an empty string. Strings are always
    # quoted (quotes doubled, RFC 4180), so commas, newlines and quotes in texts survive.
    if value is None:
        return ""
    if kind == "string[]":
        value = array_delimiter.join(str(v) for v in value)
    elif kind in ("int", "double"):
        return repr(value) if kind == "double" else str(value)
    elif kind == "boolean":
        return "true" if value else "false"
    return '"' + str(value).replace('"', '""') + '"'


def _csv_file(path: Path, fixed: list[tuple[str, list[Any]]], rows: list[dict], array_delimiter: str) -> None:
    """One CSV file: the `fixed` header fields with their values, then each property as `name:type`."""
    columns = [(header, "string", values) for header, values in fixed]
    for name in sorted({k for r in rows for k in r}):
        values = [r.get(name) for r in rows]
        kind = _csv_type(values)
        columns.append((name if kind == "string" else f"{name}:{kind}", kind, values))
    lines = [",".join(header for header, _, _ in columns)]
    for i in range(len(rows)):
        lines.append(",".join(_csv_field(values[i], kind, array_delimiter) for _, kind, values in columns))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _array_delimiter(snap: Snapshot) -> str:
    everything = [*snap.sources, *(p for _, p in snap.entities), *(c[3] for c in snap.claims),
                  *(f[3] for f in snap.facts)]
    elements = [str(x) for props in everything for v in props.values() if isinstance(v, list) for x in v]
    for d in _ARRAY_DELIMITERS:
        if not any(d in e for e in elements):
            return d
    raise KbError("cannot export CSV: every array delimiter kb knows (; | U+001F) occurs in some list value")


def _prepare_dir(output: Path | None) -> Path:
    if output is None:
        raise KbError("--format csv writes a directory of files: give it with --output DIR")
    if output.exists() and not output.is_dir():
        raise KbError(f"{output}: exists and is not a directory (--format csv writes a directory)")
    if output.is_dir() and any(output.iterdir()):
        raise KbError(f"{output}: directory is not empty; give a new or empty directory for the CSV files")
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KbError(f"{output}: cannot create the directory: {exc.strerror}") from None
    return output


def _write_csv(snap: Snapshot, output: Path | None) -> None:
    directory = _prepare_dir(output)
    d = _array_delimiter(snap)
    node_files: list[str] = []
    rel_files: list[str] = []

    def node_file(name: str, label: str, rows: list[dict], space: str = ID_SPACE) -> None:
        rest = [{k: v for k, v in r.items() if k != "key"} for r in rows]
        fixed = [(f"key:ID({space})", [r["key"] for r in rows]), (":LABEL", [label] * len(rows))]
        _csv_file(directory / name, fixed, rest, d)
        node_files.append(name)

    def rel_file(name: str, rtype: str, ends: list[tuple[str, str]], rows: list[dict],
                 start_space: str = ID_SPACE) -> None:
        fixed = [(f":START_ID({start_space})", [a for a, _ in ends]), (f":END_ID({ID_SPACE})", [b for _, b in ends]),
                 (":TYPE", [rtype] * len(ends))]
        _csv_file(directory / name, fixed, rows, d)
        rel_files.append(name)

    try:
        node_file("nodes_Source.csv", "Source", snap.sources)
        node_file("nodes_Claim.csv", "Claim", [c for *_, c in snap.claims])
        by_kind: dict[str, list[dict]] = {}
        for kind, props in snap.entities:
            by_kind.setdefault(kind, []).append(props)
        for kind in sorted(by_kind):
            node_file(f"nodes_{kind}.csv", d.join(["Entity", kind]), by_kind[kind])
        for rtype, pick in (("IN_SOURCE", 0), ("SUBJECT", 1), ("OBJECT", 2)):
            ends = [(c["key"], row[pick]) for *row, c in snap.claims]
            rel_file(f"rels_{rtype}.csv", rtype, ends, [{} for _ in ends])
        by_type: dict[str, list[tuple[str, str, dict]]] = {}
        for ftype, a, b, props in snap.facts:
            by_type.setdefault(ftype, []).append((a, b, props))
        for ftype in sorted(by_type):
            facts = by_type[ftype]
            rel_file(f"rels_{ftype}.csv", ftype, [(a, b) for a, b, _ in facts], [p for *_, p in facts])
        # The name index the canned queries start from: Name nodes in their own ID space, NAMES to entities.
        node_file(f"nodes_{NAME_LABEL}.csv", NAME_LABEL, [{"key": n} for n in snap.names], NAME_ID_SPACE)
        rel_file(f"rels_{NAMES_TYPE}.csv", NAMES_TYPE, snap.named, [{} for _ in snap.named], NAME_ID_SPACE)
        if snap.records:  # the analyst's curation records (kb/curation.py), in an ID space of their own
            from kb.curation import read_record, record_row

            rows = [dict(zip(("key", "action", "source", "ref", "record"), record_row(read_record(t))))
                    for t in snap.records]
            node_file("nodes_Curation.csv", "Curation", rows, CURATION_ID_SPACE)
        command = ["neo4j-admin", "database", "import", "full", "neo4j", "--id-type=string",
                   "--delimiter=,", f"--array-delimiter={_admin_char(d)}", '--quote="', "--multiline-fields=true",
                   *(f"--nodes={f}" for f in node_files), *(f"--relationships={f}" for f in rel_files)]
        (directory / "import.txt").write_text(
            "# Import into a new, empty Neo4j 5 database. Run from this directory: the file names are relative.\n"
            "# Afterwards start the database and run any kb command against it (it creates kb's constraints).\n"
            + shlex.join(command) + "\n", encoding="utf-8")
    except OSError as exc:
        raise KbError(f"{directory}: cannot write the CSV files: {exc.strerror}") from None


def _admin_char(c: str) -> str:
    # neo4j-admin reads non-printable delimiters as U+XXXX.
    return c if c.isprintable() else f"U+{ord(c):04X}"


# --- GraphML --------------------------------------------------------------------------------------

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(value: str) -> str:
    # XML 1.0 cannot carry most control characters, escaped or not.
    return _XML_INVALID.sub("\ufffd", value)


def _graphml_type(values: list[Any]) -> str:
    return _GRAPHML_TYPES[_value_type(values)]  # lists are written as JSON strings


def _graphml_value(value: Any, kind: str) -> str:
    if isinstance(value, (list, dict)):
        return _xml_text(json.dumps(value, ensure_ascii=False))
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "double":
        return repr(float(value))
    return _xml_text(str(value))


def graphml_tree(snap: Snapshot) -> ET.ElementTree:
    ET.register_namespace("", GRAPHML_NS)
    q = lambda tag: f"{{{GRAPHML_NS}}}{tag}"  # noqa: E731
    nodes: list[tuple[str, str, dict]] = []  # (id, labels, props)
    nodes += [(s["key"], ":Source", s) for s in snap.sources]
    nodes += [(c["key"], ":Claim", c) for *_, c in snap.claims]
    nodes += [(p["key"], f":Entity:{kind}", p) for kind, p in snap.entities]
    edges: list[tuple[str, str, str, str, dict]] = []  # (id, source, target, type, props)
    for skey, subj, obj, c in snap.claims:
        edges += [(f"{c['key']}>IN_SOURCE", c["key"], skey, "IN_SOURCE", {}),
                  (f"{c['key']}>SUBJECT", c["key"], subj, "SUBJECT", {}),
                  (f"{c['key']}>OBJECT", c["key"], obj, "OBJECT", {})]
    # a fact's id is its key; a structural edge (an organ PART_OF its state) has none: its ends name it
    edges += [(p.get("key") or f"{a}>{ftype}>{b}", a, b, ftype, p) for ftype, a, b, p in snap.facts]

    root = ET.Element(q("graphml"))
    # Key ids: `labels` and `type` for the graph structure, n_<name> / e_<name> for properties.
    ET.SubElement(root, q("key"), {"id": "labels", "for": "node", "attr.name": "labels", "attr.type": "string"})
    ET.SubElement(root, q("key"), {"id": "type", "for": "edge", "attr.name": "type", "attr.type": "string"})
    keys: dict[tuple[str, str], str] = {}
    for domain, items in (("node", [n[2] for n in nodes]), ("edge", [e[4] for e in edges])):
        for name in sorted({k for props in items for k in props}):
            keys[(domain, name)] = _graphml_type([p.get(name) for p in items])
    for (domain, name), kind in sorted(keys.items(), key=lambda kv: (kv[0][0] != "node", kv[0][1])):
        ET.SubElement(root, q("key"), {"id": f"{domain[0]}_{name}", "for": domain, "attr.name": name,
                                       "attr.type": kind})
    graph = ET.SubElement(root, q("graph"), {"id": "kb", "edgedefault": "directed"})

    def data(parent: ET.Element, key: str, value: Any, kind: str = "string") -> None:
        if value is not None:
            ET.SubElement(parent, q("data"), {"key": key}).text = _graphml_value(value, kind)

    for nid, labels, props in nodes:
        el = ET.SubElement(graph, q("node"), {"id": _xml_text(nid)})
        data(el, "labels", labels)
        for name in sorted(props):
            data(el, f"n_{name}", props[name], keys[("node", name)])
    for eid, src, dst, etype, props in edges:
        el = ET.SubElement(graph, q("edge"), {"id": _xml_text(eid), "source": _xml_text(src),
                                             "target": _xml_text(dst)})
        data(el, "type", etype)
        for name in sorted(props):
            data(el, f"e_{name}", props[name], keys[("edge", name)])
    ET.indent(root)
    return ET.ElementTree(root)


def _write_graphml(snap: Snapshot, out: IO[str]) -> None:
    out.write("<?xml version='1.0' encoding='utf-8'?>\n")
    graphml_tree(snap).write(out, encoding="unicode")
    out.write("\n")


# --- entry point ----------------------------------------------------------------------------------

def _write_text(output: Path | None, write: Any) -> None:
    """Write to standard output, or to `output` through a temporary file: a failed export leaves no half file."""
    if output is None:
        write(sys.stdout)
        sys.stdout.flush()
        return
    if output.is_dir():
        raise KbError(f"{output}: is a directory; give a file name for this format")
    tmp = output.with_name(f".{output.name}.tmp-{os.getpid()}")
    try:
        with tmp.open("w", encoding="utf-8", newline="\n") as fh:
            write(fh)
        os.replace(tmp, output)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise KbError(f"{output}: cannot write the export: {exc.strerror}") from None


def export_store(store: Store, fmt: str, output: Path | None) -> int:
    """Export the whole store in `fmt` (jsonl, csv, graphml) to `output` (stdout if None); returns the
    number of claims exported."""
    fmt = (fmt or "jsonl").lower()
    if fmt not in FORMATS:
        raise KbError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "csv":
        _prepare_dir(output)  # fail on a bad directory before reading the store
    snap = _snapshot(store)
    if fmt == "jsonl":
        ontology = load_ontology()
        lines = [*record_lines(snap), *claim_lines(snap, ontology)]  # every claim checked before writing
        _write_text(output, lambda fh: fh.writelines(
            json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n" for line in lines))
    elif fmt == "csv":
        _write_csv(snap, output)
    else:
        _write_text(output, lambda fh: _write_graphml(snap, fh))
    return len(snap.claims)


__all__ = ["FORMATS", "Snapshot", "claim_lines", "export_store", "graphml_tree"]
