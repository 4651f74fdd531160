"""The engine's bulk path for the graph a kb load built (issue 15): the same nodes, edges and properties written
again by FalkorDB's GRAPH.BULK (the binary protocol of falkordb-bulk-loader) into a new graph on the same
server, then kb's indexes and constraints built on it (a store is not usable before they are).

    bulk_reference(store) -> {"bulk_s", "bulk_write_s", "bulk_index_s", "bulk_encode_s", "bulk_dump_s",
                              "bulk_bytes", "bulk_claims_per_s", "nodes", "edges"}

`bulk_s` = the server's bulk writes plus the index build, the figure to set beside kb's load and beside the
`UNWIND $rows CREATE` reference (bench/reference_load.py); reading the graph back (dump) and encoding it in
Python are timed apart and not counted. The graph is read page by page and written as it is read: the
benchmark holds one page and the map of node ids, not the graph.

The format (FalkorDB's src/bulk_insert/bulk_insert.c, read, not copied): `GRAPH.BULK name [BEGIN] nodes edges
node_blobs edge_blobs blob...`; a blob is a header (labels joined by ':' and NUL-terminated, a 4-byte property
count, NUL-terminated property names) then, per node, one typed value per property (1 byte type: 0 null, 1 bool,
2 double, 3 string, 4 integer, 5 array; then the value, little-endian), and per edge its two node ids (8 bytes
each, ids numbered in creation order from 0) before its values. Null values are not stored, as kb's CREATE.
"""

from __future__ import annotations

import struct
import time
from typing import Any

from bench.reference_load import ID_PAGE, _max_node_id
from kb.stores.falkordb_bulk import encode_into, header

_ENDS = struct.Struct("<QQ").pack  # an edge's two node ids


class _Bulk:
    """GRAPH.BULK calls into one new graph, timed."""

    def __init__(self, client: Any, name: str) -> None:
        self.client, self.name = client, name
        self.begun = False
        self.seconds = 0.0
        self.bytes = 0

    def send(self, nodes: list[tuple[int, bytes]], edges: list[tuple[int, bytes]]) -> None:
        if not nodes and not edges:
            return
        args: list[Any] = ["GRAPH.BULK", self.name]
        if not self.begun:
            args.append("BEGIN")
        args += [sum(n for n, _ in nodes), sum(n for n, _ in edges), len(nodes), len(edges)]
        args += [b for _, b in nodes] + [b for _, b in edges]
        self.bytes += sum(len(b) for _, b in nodes) + sum(len(b) for _, b in edges)
        t0 = time.perf_counter()
        self.client.execute_command(*args)
        self.seconds += time.perf_counter() - t0
        self.begun = True


def _blobs(groups: dict[tuple, list], edge: bool) -> list[tuple[int, bytes]]:
    """One blob per label set (or type) of a page: (count, bytes)."""
    out = []
    for name, items in sorted(groups.items()):
        fields = sorted({k for *_, p in items for k in p})
        parts = [header(":".join(name), fields)]
        for item in items:
            if edge:
                parts.append(_ENDS(item[0], item[1]))
            p = item[-1]
            encode_into([p.get(f) for f in fields], parts)
        out.append((len(items), b"".join(parts)))
    return out


def bulk_reference(store: Any, keep: bool = False) -> dict:
    """See the module's docstring. `store`: an open FalkorDB store (embedded or by URL) holding kb's graph.
    `keep`: leave the bulk graph (`<graph>-bulk`) on the server, for a test to compare it with kb's."""
    client = store._require()
    name = f"{store.graph_name}-bulk"
    try:
        client.execute_command("GRAPH.DELETE", name)
    except Exception:  # noqa: BLE001 - none there
        pass
    bulk = _Bulk(client, name)
    top = _max_node_id(store)
    new_id: dict[int, int] = {}
    dump_s = encode_s = index_s = 0.0
    nodes = edges = 0
    try:
        for lo in range(0, top + 1, ID_PAGE):
            t0 = time.perf_counter()
            page = store.read("MATCH (n) WHERE id(n) >= $lo AND id(n) < $hi RETURN id(n), labels(n), properties(n)",
                              {"lo": lo, "hi": lo + ID_PAGE}).rows
            t1 = time.perf_counter()
            groups: dict[tuple, list] = {}
            for nid, labels, props in page:
                groups.setdefault(tuple(labels), []).append((nid, props))
            blobs = []
            for labels, items in sorted(groups.items()):  # ids in the order the blobs will create them
                for nid, _ in items:
                    new_id[nid] = len(new_id)
                blobs += _blobs({labels: items}, edge=False)
            t2 = time.perf_counter()
            dump_s, encode_s = dump_s + t1 - t0, encode_s + t2 - t1
            bulk.send(blobs, [])
            nodes += len(page)
        for lo in range(0, top + 1, ID_PAGE):
            t0 = time.perf_counter()
            page = store.read("MATCH (a)-[f]->(b) WHERE id(a) >= $lo AND id(a) < $hi "
                              "RETURN type(f), id(a), id(b), properties(f)", {"lo": lo, "hi": lo + ID_PAGE}).rows
            t1 = time.perf_counter()
            groups = {}
            for t, a, b, props in page:
                groups.setdefault((t,), []).append((new_id[a], new_id[b], props))
            blobs = _blobs(groups, edge=True)
            t2 = time.perf_counter()
            dump_s, encode_s = dump_s + t1 - t0, encode_s + t2 - t1
            bulk.send([], blobs)
            edges += len(page)
        # kb's indexes and constraints, built on the new graph as kb builds them on its own (and waited for).
        t0 = time.perf_counter()
        ref = store._view(name)
        ref._schema_built = lambda: None  # not the store's own log to compact
        ref._ensure_schema()
        index_s = time.perf_counter() - t0
        got = client.execute_command("GRAPH.RO_QUERY", name, "MATCH (n) RETURN count(n)")[1][0][0]
        if got != nodes:
            raise RuntimeError(f"the bulk graph holds {got} nodes, not {nodes}")
    except BaseException:
        keep = False
        raise
    finally:
        if not keep:
            try:
                client.execute_command("GRAPH.DELETE", name)
            except Exception:  # noqa: BLE001 - never created
                pass
    claims = store.read("MATCH (c:Claim) RETURN count(c)").rows[0][0]
    total = bulk.seconds + index_s
    return {"bulk_s": round(total, 3), "bulk_write_s": round(bulk.seconds, 3), "bulk_index_s": round(index_s, 3),
            "bulk_encode_s": round(encode_s, 3), "bulk_dump_s": round(dump_s, 3), "bulk_bytes": bulk.bytes,
            "bulk_claims_per_s": round(claims / total) if total else None, "nodes": nodes, "edges": edges}
