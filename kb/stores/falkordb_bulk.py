"""FalkorDB's bulk path (GRAPH.BULK, the binary protocol of falkordb-bulk-loader): a whole new graph written
under a key of its own, then put in place of the store's graph in one step.

The format (FalkorDB's src/bulk_insert/bulk_insert.c, read, not copied): `GRAPH.BULK key [BEGIN] nodes edges
node_blobs edge_blobs blob...`. A blob holds one label set (labels joined by ':') or one relationship type: its
header is the name, NUL-terminated, a 4-byte property count and the property names, NUL-terminated; then per
node one typed value per property, and per edge its two node ids (8 bytes each) before its values. A value is
1 byte of type (0 null, 1 bool, 2 double, 3 string, 4 integer, 5 array) and its payload, little-endian; nulls
are not stored. Node ids are given in creation order from 0. A call creates its nodes, then its edges, and is
applied whole; BEGIN refuses a key that exists.
"""

from __future__ import annotations

import struct
from typing import Any, Callable, Container, Iterable, Sequence

import redis

from kb.errors import StoreError
from kb.stores.base import Statement

_LONG = struct.Struct("<q").pack
_DOUBLE = struct.Struct("<d").pack
_ENDS = struct.Struct("<QQ").pack
_COUNT = struct.Struct("<I").pack
_NULL, _TRUE, _FALSE = b"\x00", b"\x01\x01", b"\x01\x00"
# Bytes of blobs per GRAPH.BULK call: far under redis's 512 MB per argument, and small enough that the server
# answers other clients between calls. kb holds a call being built and one being sent: at 1M claims, calls of
# 32 MB made kb's peak 120 MB larger than calls of 8 MB, which load as fast.
CALL_BYTES = 8 << 20


def _string(v: str) -> bytes:
    return b"\x03" + v.encode("utf-8") + b"\x00"


def _array(v: list) -> bytes:
    return b"\x05" + _LONG(len(v)) + b"".join(_ENCODE[type(x)](x) for x in v)


_ENCODE = {
    str: _string,
    int: lambda v: b"\x04" + _LONG(v),
    float: lambda v: b"\x02" + _DOUBLE(v),
    bool: lambda v: _TRUE if v else _FALSE,
    type(None): lambda v: _NULL,
    list: _array,
    tuple: lambda v: _array(list(v)),
}


def header(name: str, fields: Sequence[str]) -> bytes:
    return (name.encode("utf-8") + b"\x00" + _COUNT(len(fields))
            + b"".join(f.encode("utf-8") + b"\x00" for f in fields))


def encode_into(row: Iterable[Any], out: list[bytes]) -> None:
    """One node's or edge's property values, in its blob's field order, appended to `out` (a value kb never
    stores fails here): the loop a bulk load spends most of its own time in (strings and nulls first, the
    common cases, without a call each)."""
    add = out.append
    for v in row:
        t = type(v)
        if t is str:
            add(b"\x03" + v.encode("utf-8") + b"\x00")
        elif v is None:
            add(_NULL)
        else:
            add(_ENCODE[t](v))


def loading_key(graph: str) -> str:
    """Where a bulk load writes the graph that will take `graph`'s place."""
    return f"{graph}.loading"


class BulkGraph:
    """A new graph written by GRAPH.BULK under `<graph>.loading`, which no query reads; `publish()` renames it
    over the store's graph (RENAME replaces the old key in one step), `discard()` deletes it. Nodes get ids in
    the order they are added; `add_nodes` returns the first one's."""

    def __init__(self, client: redis.Redis, graph: str, location: str,
                 prepare: Callable[[str, Sequence[Statement]], None] = lambda key, statements: None,
                 index_early: Callable[[str, Container[str]], None] = lambda key, labels: None,
                 published: Callable[[], None] = lambda: None) -> None:
        self.client, self.graph, self.location = client, graph, location
        # Before the new graph is published: kb's indexes built on it (and waited for), then statements run on it.
        self.prepare = prepare
        self._index_early = index_early
        self._published = published  # after the rename: the store's log restarts from a snapshot
        self.key = loading_key(graph)
        self.discard()  # what a load killed before it published left
        self.next_id = 0
        self.begun = False
        self._nodes: list[bytes] = []
        self._edges: list[bytes] = []
        self._counts = [0, 0]
        self._bytes = 0

    def add_nodes(self, labels: str, fields: Sequence[str], rows: Sequence[Sequence[Any]]) -> int:
        first = self.next_id
        if rows:
            parts = [header(labels, fields)]
            for r in rows:
                encode_into(r, parts)
            self._nodes.append(b"".join(parts))
            self.next_id += len(rows)
            self._counts[0] += len(rows)
            self._bytes += len(self._nodes[-1])
        return first

    def add_edges(self, rtype: str, fields: Sequence[str], rows: Iterable[tuple[int, int, Sequence[Any]]]) -> None:
        parts = [header(rtype, fields)]
        n = 0
        for src, dst, vals in rows:
            parts.append(_ENDS(src, dst))
            encode_into(vals, parts)
            n += 1
        if n:
            self._edges.append(b"".join(parts))
            self._counts[1] += n
            self._bytes += len(self._edges[-1])

    def add_plain_edges(self, rtype: str, ends: Sequence[int]) -> None:
        """Edges without properties: `ends` holds source and target ids in turn."""
        if ends:
            self._edges.append(header(rtype, ()) + struct.pack(f"<{len(ends)}Q", *ends))
            self._counts[1] += len(ends) // 2
            self._bytes += len(self._edges[-1])

    @property
    def full(self) -> bool:
        return self._bytes >= CALL_BYTES

    def take(self) -> list[Any] | None:
        """What was added since the last call, as the arguments of one GRAPH.BULK call (None: nothing). Calls
        must be sent in the order they were taken: node ids follow it."""
        if not self._nodes and not self._edges:
            return None
        args: list[Any] = ["GRAPH.BULK", self.key] + (["BEGIN"] if not self.begun else [])
        args += [*self._counts, len(self._nodes), len(self._edges), *self._nodes, *self._edges]
        self._nodes, self._edges, self._counts, self._bytes = [], [], [0, 0], 0
        self.begun = True
        return args

    def send(self, args: list[Any] | None) -> None:
        """One GRAPH.BULK call (the server applies it whole); may run in another thread than `take`."""
        if args is None:
            return
        try:
            self.client.execute_command(*args)
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            raise StoreError(f"{self.location}: lost the FalkorDB server: {' '.join(str(exc).split())}") from None
        except redis.ResponseError as exc:
            raise StoreError(f"{self.location}: the store refused a bulk write: {' '.join(str(exc).split())}") from None

    def complete(self, labels: Container[str]) -> None:
        """Every node of these labels is written (none will be added): their indexes may be built meanwhile."""
        if self.begun:
            self._index_early(self.key, labels)

    def publish(self, statements: Sequence[Statement] = (), then: Callable[[], None] = lambda: None) -> None:
        """Send the rest, build kb's indexes on the new graph, run `statements` on it (one transaction), call
        `then` (what the load records beside the graph, kept in the same snapshot), and put the new graph in
        place of the store's graph."""
        self.send(self.take())
        if self.begun:
            self.prepare(self.key, statements)
            then()
            self.client.rename(self.key, self.graph)
            self._published()

    def discard(self) -> None:
        try:
            self.client.execute_command("GRAPH.DELETE", self.key)
        except redis.ResponseError:
            pass  # nothing there
