"""One contract, every backend: the embedded FalkorDB store and Neo4j (the throwaway server, or KB_NEO4J_URI)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.errors import StoreError
from kb.loading import load_paths, unload
from kb.stats import store_stats
from kb.stores.base import Statement

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "example-claims.yaml"
HOSTILE = ["'})-[:X]->() DETACH DELETE n //", "`backticks`", "$(rm -rf /)", "\u202eright-to-left\u202c",
           'quote " and \\ backslash', "line\nbreak", "روسيا"]


def test_schema_is_idempotent(backend):
    backend.ensure_schema()
    backend.ensure_schema()


def test_read_returns_columns_and_rows(backend):
    backend.write([Statement("CREATE (:Entity:State {key: $k, name: $n, names: $ns})",
                             {"k": "state:XX", "n": "Nowhere", "ns": ["Nowhere", "لا مكان"]})])
    res = backend.read("MATCH (e:Entity {key: $k}) RETURN e.name AS name, e.names AS names", {"k": "state:XX"})
    assert res.columns == ["name", "names"]
    assert res.rows == [["Nowhere", ["Nowhere", "لا مكان"]]]
    assert res.records() == [{"name": "Nowhere", "names": ["Nowhere", "لا مكان"]}]


def test_read_returns_every_kind_of_value(backend):
    backend.write([Statement("CREATE (:Entity:State {key: $k, name: $n})", {"k": "state:XX", "n": "Nowhere"})])
    res = backend.read("MATCH (e:Entity {key: $k}) RETURN true AS t, false AS f, 1.5 AS d, -7 AS i, null AS n, "
                       "['a', 2, null, [3.25]] AS l, {x: 'y', z: [1]} AS m, e AS node", {"k": "state:XX"})
    assert res.rows == [[True, False, 1.5, -7, None, ["a", 2, None, [3.25]], {"x": "y", "z": [1]},
                         {"key": "state:XX", "name": "Nowhere"}]]
    assert [type(v) for v in res.rows[0][:4]] == [bool, bool, float, int]
    assert backend.read("MATCH (e:Entity {key: 'none'}) RETURN e.key AS key").columns == ["key"]


def test_read_only_refuses_writes(backend):
    with pytest.raises(StoreError, match="read-only"):
        backend.read("CREATE (:Entity {key: 'x'})")
    assert backend.read("MATCH (n) RETURN count(n)").rows == [[0]]


def test_write_batch_applies_in_order(backend):
    backend.write([Statement("CREATE (:Source {key: 'a', n: 1})"),
                   Statement("MATCH (s:Source {key: 'a'}) SET s.n = s.n + 1")])
    assert backend.read("MATCH (s:Source) RETURN s.n").rows == [[2]]


def test_write_batch_is_all_or_nothing(backend):
    with pytest.raises(StoreError):
        backend.write([Statement("CREATE (:Source {key: 'a'})"), Statement("THIS IS NOT CYPHER")])
    assert backend.read("MATCH (n) RETURN count(n)").rows == [[0]]


def test_unique_keys_are_enforced(backend):
    backend.write([Statement("CREATE (:Claim {key: 'c1'})")])
    with pytest.raises(StoreError):
        backend.write([Statement("CREATE (:Claim {key: 'c1'})")])
    assert backend.read("MATCH (c:Claim) RETURN count(c)").rows == [[1]]


@pytest.mark.parametrize("value", HOSTILE)
def test_values_round_trip_byte_for_byte(backend, value):
    backend.write([Statement("CREATE (:Entity:Person {key: $k, name: $v, names: [$v]})", {"k": "p:1", "v": value})])
    assert backend.read("MATCH (e:Entity {key: 'p:1'}) RETURN e.name, e.names").rows == [[value, [value]]]
    assert backend.read("MATCH (n) RETURN count(n)").rows == [[1]]


def test_a_nul_character_round_trips_or_is_refused_before_it_reaches_the_store(backend):
    # Neo4j stores U+0000; FalkorDB reads queries as C strings, so it is refused in one clear error
    # (kb's readers refuse it in input files for the same reason).
    value = "ab\x00cd"
    write = Statement("CREATE (:Entity:Person {key: $k, name: $v})", {"k": "p:1", "v": value})
    if backend.backend == "falkordb":
        with pytest.raises(StoreError, match=r"parameter \$v holds a NUL character"):
            backend.write([write])
        with pytest.raises(StoreError, match=r"parameter \$v holds a NUL character"):
            backend.read("MATCH (e:Entity {name: $v}) RETURN e.key", {"v": value})
        assert backend.read("MATCH (n) RETURN count(n)").rows == [[0]]
    else:
        backend.write([write])
        assert backend.read("MATCH (e:Entity {name: $v}) RETURN e.name", {"v": value}).rows == [[value]]


def test_load_is_idempotent_and_unload_restores(backend):
    empty = store_stats(backend)
    report = load_paths(backend, [EXAMPLE])
    assert (report.sources, report.claims, report.facts) == (1, 7, 5)
    once = store_stats(backend)
    load_paths(backend, [EXAMPLE])
    assert store_stats(backend) == once
    assert once["facts.DELISTED"] == 1 and once["claims.hedged"] == 1
    unload(backend, "https://example.org/kb/kabul-moscow")
    assert store_stats(backend) == empty


def test_clear_empties_the_store(backend):
    load_paths(backend, [EXAMPLE])
    backend.clear()
    assert backend.read("MATCH (n) RETURN count(n)").rows == [[0]]
