"""The reference for kb's load throughput (issue 15): the graph a kb load built, written again by plain
`UNWIND $rows CREATE` statements into an empty graph on the same server, with kb's indexes and batch sizes.

    python -m bench.reference_load --store DIR                 # a store kb loaded (embedded FalkorDB)
    python -m bench.reference_load --store DIR --load FILES... # first a fresh `kb load` of FILES into DIR
                                                               # (bench/load_run.py, its own process), timed

`reference_load(store_dir_or_store, kb_seconds=None, chunk_claims=CHUNK_CLAIMS) -> dict` is the function to
call (bench/__main__.py may): it dumps the graph held in the store's graph (nodes with their labels and
properties, edges with their types and properties) page by page, and writes each page into an empty graph
(`<graph>-reference`, with the same indexes and constraints as kb's: kb.stores.schema) by one `UNWIND $rows
CREATE` statement per kind, timing only those writes; the reference graph is deleted afterwards. What it
writes, and in what batches:

- Source, Entity (with its kind label), Name and Curation nodes, with every property kb stored;
- claims with their IN_SOURCE, SUBJECT and OBJECT edges, `chunk_claims` claims per statement (kb's chunk), the
  ends found by key through the index, as kb does;
- NAMES edges, and every relationship between two entities (facts and PART_OF) with all their properties;
- every kind other than claims in as many statements as there are chunks of claims, so each statement holds
  what one of kb's chunks holds of it, on average. Nodes come first (a fact needs both its ends).

The dict: {"claims", "nodes", "edges", "properties", "statements", "reference_s", "reference_claims_per_s",
"dump_s", and with kb_seconds: "kb_s", "kb_claims_per_s", "ratio" (kb claims/s over the reference's); with
`bulk` (the default) also the engine's bulk path for the same graph, bench/bulk_reference.py's "bulk_*" keys}. Only
the embedded FalkorDB store (or a FalkorDB server) can be measured. Its server needs memory for both graphs.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Iterator

from kb.loading import CHUNK_CLAIMS

ID_PAGE = 50_000  # node ids per dump read

# The edges kb writes from a claim, in kb's order.
CLAIM_EDGES = ("IN_SOURCE", "SUBJECT", "OBJECT")


def _props(fields: list[str], first: int) -> str:
    return "{" + ", ".join(f"`{f}`: r[{first + i}]" for i, f in enumerate(fields)) + "}"


def _rows(props: list[dict], fields: list[str]) -> list[list]:
    return [[p.get(f) for f in fields] for p in props]


class _Reference:
    """The empty graph the reference writes into, on the store's own server, and the time its writes take."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.client = store._require()
        self.name = f"{store.graph_name}-reference"
        try:
            self.client.execute_command("GRAPH.DELETE", self.name)
        except Exception:
            pass
        ref = store._view(self.name)  # the store's schema code, pointed at the reference graph
        ref._schema_built = lambda: None  # not the store's own log to compact
        ref._ensure_schema()
        self.seconds = 0.0
        self.statements = 0

    def write(self, cypher: str, rows: list[list], **params: Any) -> None:
        from kb.stores.base import Rows
        from kb.stores.falkordb_store import _header

        if not rows:
            return
        text = _header({"rows": Rows(rows), **params}) + cypher  # serialised before timing, as kb does
        t0 = time.perf_counter()
        self.client.execute_command("GRAPH.QUERY", self.name, text, "--compact")
        self.seconds += time.perf_counter() - t0
        self.statements += 1

    def drop(self) -> None:
        self.client.execute_command("GRAPH.DELETE", self.name)


def _batches(items: list, parts: int) -> Iterator[list]:
    size = max(1, math.ceil(len(items) / max(parts, 1)))
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _max_node_id(store: Any) -> int:
    rows = store.read("MATCH (n) RETURN max(id(n))").rows
    return rows[0][0] if rows and rows[0][0] is not None else -1


def _pages(store: Any, cypher: str, top: int) -> Iterator[list[list]]:
    """A read over node ids [lo, lo + ID_PAGE): `cypher` filters `id(n)` with $lo and $hi."""
    for lo in range(0, top + 1, ID_PAGE):
        yield store.read(cypher, {"lo": lo, "hi": lo + ID_PAGE}).rows


def reference_load(store_dir_or_store: Any, kb_seconds: float | None = None,
                   chunk_claims: int = CHUNK_CLAIMS, graph: str | None = None, bulk: bool = True) -> dict:
    """See the module's docstring. `store_dir_or_store`: an embedded store directory or an open FalkorDB store."""
    if isinstance(store_dir_or_store, (str, Path)):
        from kb.settings import Settings
        from kb.stores import open_store

        settings = Settings.from_env(store=str(store_dir_or_store))
        if graph:
            import dataclasses
            settings = dataclasses.replace(settings, graph=graph)
        store = open_store(settings)
        try:
            return reference_load(store, kb_seconds, chunk_claims, bulk=bulk)
        finally:
            store.close()
    store = store_dir_or_store
    t_dump = time.perf_counter()
    claims = store.read("MATCH (c:Claim) RETURN count(c)").rows[0][0]
    parts = max(1, math.ceil(claims / chunk_claims))
    top = _max_node_id(store)
    ref = _Reference(store)
    counts = {"nodes": 0, "edges": 0, "properties": 0}
    dump_s = 0.0
    try:
        # Nodes other than claims, per label set: every property they hold, nulls left out (as kb's CREATE).
        for label, extra in (("Source", ""), ("Name", ""), ("Curation", ""), ("Entity", "")):
            t0 = time.perf_counter()
            nodes: list[tuple[list[str], dict]] = []
            for page in _pages(store, f"MATCH (n:{label}) WHERE id(n) >= $lo AND id(n) < $hi "
                                      "RETURN labels(n), properties(n)", top):
                nodes += [(sorted(l for l in labels if l != label), props) for labels, props in page]
            dump_s += time.perf_counter() - t0
            by_labels: dict[tuple, list[dict]] = {}
            for labels, props in nodes:
                by_labels.setdefault(tuple(labels), []).append(props)
            for labels, props in sorted(by_labels.items()):
                fields = sorted({k for p in props for k in p})
                text = f"UNWIND $rows AS r CREATE (:{':'.join((label, *labels))} {_props(fields, 0)})"
                for batch in _batches(props, parts):
                    ref.write(text, _rows(batch, fields))
                counts["nodes"] += len(props)
                counts["properties"] += sum(len(p) for p in props)
            del nodes, by_labels
        # Claims and their three edges, a chunk of claims per statement.
        fields: list[str] | None = None
        t0 = time.perf_counter()
        pending: list[list] = []
        for page in _pages(store, "MATCH (c:Claim) WHERE id(c) >= $lo AND id(c) < $hi "
                                  "MATCH (c)-[:IN_SOURCE]->(s:Source) MATCH (c)-[:SUBJECT]->(a:Entity) "
                                  "MATCH (c)-[:OBJECT]->(b:Entity) RETURN s.key, a.key, b.key, properties(c)", top):
            pending += page
            if len(pending) >= chunk_claims:
                dump_s += time.perf_counter() - t0
                fields = _claim_batches(ref, pending, chunk_claims, counts, fields, flush=False)
                t0 = time.perf_counter()
        dump_s += time.perf_counter() - t0
        _claim_batches(ref, pending, chunk_claims, counts, fields, flush=True)
        # NAMES edges, and the relationships between entities (facts, PART_OF).
        t0 = time.perf_counter()
        names = [r for page in _pages(store, "MATCH (n:Name)-[:NAMES]->(e:Entity) WHERE id(n) >= $lo AND id(n) < $hi "
                                              "RETURN n.key, e.key", top) for r in page]
        dump_s += time.perf_counter() - t0
        for batch in _batches(names, parts):
            ref.write("UNWIND $rows AS r MATCH (n:Name {key: r[0]}) MATCH (e:Entity {key: r[1]}) "
                      "CREATE (n)-[:NAMES]->(e)", batch)
        counts["edges"] += len(names)
        del names
        t0 = time.perf_counter()
        rels: dict[str, list[tuple[str, str, dict]]] = {}
        for page in _pages(store, "MATCH (a:Entity)-[f]->(b:Entity) WHERE id(a) >= $lo AND id(a) < $hi "
                                  "RETURN type(f), a.key, b.key, properties(f)", top):
            for t, a, b, props in page:
                rels.setdefault(t, []).append((a, b, props))
        dump_s += time.perf_counter() - t0
        for t, edges in sorted(rels.items()):
            fields = sorted({k for _, _, p in edges for k in p})
            text = (f"UNWIND $rows AS r MATCH (a:Entity {{key: r[0]}}) MATCH (b:Entity {{key: r[1]}}) "
                    f"CREATE (a)-[:`{t}` {_props(fields, 2)}]->(b)")
            for batch in _batches(edges, parts):
                ref.write(text, [[a, b, *(p.get(f) for f in fields)] for a, b, p in batch])
            counts["edges"] += len(edges)
            counts["properties"] += sum(len(p) for _, _, p in edges)
        del rels
    finally:
        ref.drop()
    out = {"claims": claims, **counts, "statements": ref.statements, "reference_s": round(ref.seconds, 3),
           "reference_claims_per_s": round(claims / ref.seconds) if ref.seconds else None,
           "dump_s": round(dump_s, 3), "total_s": round(time.perf_counter() - t_dump, 3)}
    if kb_seconds:
        out.update(kb_s=round(kb_seconds, 3), kb_claims_per_s=round(claims / kb_seconds),
                   ratio=round(ref.seconds / kb_seconds, 3))
    if bulk:  # the engine's bulk path for the same graph, on the same server, in the same run
        from bench.bulk_reference import bulk_reference

        out.update({k: v for k, v in bulk_reference(store).items() if k.startswith("bulk_")})
    return out


def _claim_batches(ref: _Reference, pending: list[list], size: int, counts: dict, fields: list[str] | None,
                   flush: bool) -> list[str] | None:
    """Write whole chunks of `pending` claims (all of them when `flush`), removing them from it."""
    if fields is None and pending:
        # Every claim property kb writes (kb.rows.claim_fields less the ends), whatever this page holds.
        from kb.ontology import load_ontology
        from kb.rows import claim_fields

        fields = [f for f in claim_fields(load_ontology()) if f not in ("source", "subject", "object")]
        seen = {k for *_, p in pending for k in p}
        fields += sorted(seen - set(fields))
    if not pending:
        return fields
    text = ("UNWIND $rows AS r MATCH (s:Source {key: r[0]}) MATCH (a:Entity {key: r[1]}) "
            f"MATCH (b:Entity {{key: r[2]}}) CREATE (c:Claim {_props(fields, 3)}) "
            "CREATE (c)-[:IN_SOURCE]->(s) CREATE (c)-[:SUBJECT]->(a) CREATE (c)-[:OBJECT]->(b)")
    while len(pending) >= size or (flush and pending):
        batch, pending[:] = pending[:size], pending[size:]
        extra = {k for *_, p in batch for k in p} - set(fields)
        if extra:
            raise RuntimeError(f"claim properties beyond kb's claim fields: {sorted(extra)}")
        ref.write(text, [[s, a, b, *(p.get(f) for f in fields)] for s, a, b, p in batch])
        counts["nodes"] += len(batch)
        counts["edges"] += 3 * len(batch)
        counts["properties"] += sum(len(p) for *_, p in batch)
    return fields


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reference_load", description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True, type=Path, help="embedded store directory")
    parser.add_argument("--chunk-claims", type=int, default=CHUNK_CLAIMS)
    parser.add_argument("--load", nargs="+", type=Path, default=None,
                        help="first load these files into the (new, empty) store with bench.load_run, timed")
    args = parser.parse_args(argv)
    kb_s = None
    if args.load:
        proc = subprocess.run([sys.executable, "-m", "bench.load_run", "--store", str(args.store),
                               *map(str, args.load)], capture_output=True, text=True, check=True)
        last = json.loads(proc.stdout.strip().splitlines()[-1])
        kb_s = last["t"]
        print(f"kb load: {last['report']['claims']:,} claims in {kb_s:.1f} s, kb peak {last['vmhwm_kib'] // 1024} MiB",
              file=sys.stderr)
    res = reference_load(args.store, kb_s, args.chunk_claims)
    print(json.dumps(res))
    if kb_s:
        print(f"kb {res['kb_claims_per_s']:,} claims/s; reference {res['reference_claims_per_s']:,} claims/s; "
              f"kb / reference = {res['ratio']:.2f}")
    else:
        print(f"reference {res['reference_claims_per_s']:,} claims/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
