"""Actors are found through the name index on every backend: one (:Name {key}) per lower-cased key or name,
unique and indexed, with (:Name)-[:NAMES]->(:Entity) to each entity it names (kb/stores/schema.py).

Canned queries that start from an actor must start from an index seek on Name, never from a scan of the
entities; loads keep the index exact (one Name per form, one edge per form and entity, nothing else), and an
unload takes away the names nobody has any more."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kb.entities import lookup_forms
from kb.loading import load_paths, unload
from kb.queries import bind, get_query
from kb.stats import store_stats
from kb.stores.base import Statement

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "example-claims.yaml"
SECOND = REPO / "tests" / "data" / "export" / "second-claims.yaml"  # shares Russia and the Taliban
EXAMPLE_URL = "https://example.org/kb/kabul-moscow"
QUERIES = REPO / "tests" / "data" / "queries"  # the canned queries' corpus (tests/test_canned_queries.py)

# Canned queries that start from the actors their parameters name, with parameters the example answers.
ACTOR_QUERIES = [
    ("delisted-by", {"actor": "Russia"}),
    ("actor-profile", {"actor": "روسيا"}),
    ("sanctions-on", {"target": "Taliban"}),
    ("calls-to-lift", {"target": "Afghanistan"}),
    ("listing-status", {"actor": "Russia", "target": "Taliban", "date": "2024-12-31"}),
    ("relations-between", {"a": "Russia", "b": "Taliban"}),
    ("provenance", {"a": "state:RU", "b": "organization:taliban"}),
]
# Queries whose actor parameter is optional: given, the actor is still found from the index.
OPTIONAL_ACTOR_QUERIES = [
    ("designations", {"actor": "Russia", "target": "Taliban"}),
    ("meetings", {"from": "2024-01-01", "to": "2024-12-31", "actor": "Russia"}),
    ("offices", {"actor": "Afghanistan"}),
    ("resource-interests", {"actor": "Russia"}),
]

# Operators as the stores name them: FalkorDB's GRAPH.EXPLAIN, Neo4j's EXPLAIN (suffix @neo4j dropped).
INDEX_SEEKS = {"Node By Index Scan", "NodeUniqueIndexSeek", "NodeIndexSeek"}
FULL_SCANS = {"Node By Label Scan", "All Node Scan", "NodeByLabelScan", "AllNodesScan",
              "UnionNodeByLabelsScan", "IntersectionNodeByLabelsScan"}
SCANS = re.compile(r"Scan|Seek")
ON_NAME = re.compile(r":Name\b")


def operators(plan: str) -> list[tuple[int, str, str]]:
    """(depth, operator, details) of each line of Store.explain's text, in the order it lists them."""
    out = []
    for line in plan.splitlines():
        if line.strip():
            name, _, details = line.strip().partition(" | ")
            out.append(((len(line) - len(line.lstrip(" "))) // 4, name.strip(), details))
    return out


def starting_points(plan: str) -> list[tuple[str, str]]:
    """The operators that find nodes without a node to start from (scans and seeks), in the order the plan
    lists them."""
    return [(name, details) for _, name, details in operators(plan) if SCANS.search(name)]


def first_leaf(plan: str) -> tuple[str, str]:
    """The deepest operator of the first chain of first children: the plan's starting point."""
    ops = operators(plan)
    i = 0
    while i + 1 < len(ops) and ops[i + 1][0] > ops[i][0]:
        i += 1
    # FalkorDB lists a seek's argument (Argument, Project) below it: the seek is still the start.
    while i > 0 and not SCANS.search(ops[i][1]):
        i -= 1
    return ops[i][1], ops[i][2]


def plan_of(store, name: str, params: dict) -> str:
    query = get_query(name)
    return store.explain(query.cypher, bind(query, params))


def loaded_with_statistics(store) -> None:
    """The example loaded, and on Neo4j the planner's statistics brought up to date. Right after a load into
    an empty database they still describe the empty indexes, and the planner then picks a seek or a scan of
    the Name index (never of the entities) from one server run to the next; a database that has been up a
    while has sampled its indexes. db.prepareForReplanning resamples them, waits, and empties the plan cache."""
    load_paths(store, [EXAMPLE])
    if store.backend == "neo4j":
        store.write([Statement("CALL db.prepareForReplanning()")])


@pytest.mark.parametrize("name, params", ACTOR_QUERIES, ids=[q for q, _ in ACTOR_QUERIES])
def test_actor_queries_start_from_the_name_index(backend, name: str, params: dict) -> None:
    loaded_with_statistics(backend)
    plan = plan_of(backend, name, params)
    start, details = first_leaf(plan)
    assert start in INDEX_SEEKS and ON_NAME.search(details), f"{name} does not start from Name:\n{plan}"
    # No entity is found by a scan: every one is reached from a name (FalkorDB may reach a second actor's
    # Name from its entity rather than seek it).
    assert not [op for _, op, _ in operators(plan) if op in FULL_SCANS], f"{name} scans a label:\n{plan}"


def test_a_plan_reads_as_the_store_gives_it(backend) -> None:
    loaded_with_statistics(backend)
    plan = backend.explain("MATCH (:Name {key: toLower($actor)})-[:NAMES]->(a:Entity) RETURN a.key AS key",
                           {"actor": "Russia"})
    assert operators(plan)[0][:2] in {(0, "Results"), (0, "ProduceResults")}
    assert first_leaf(plan)[0] in INDEX_SEEKS and ON_NAME.search(first_leaf(plan)[1]), plan
    assert backend.read("MATCH (:Name {key: toLower($actor)})-[:NAMES]->(a:Entity) RETURN a.key AS key",
                        {"actor": "Russia"}).rows == [["state:RU"]]


@pytest.mark.parametrize("name, params", OPTIONAL_ACTOR_QUERIES, ids=[q for q, _ in OPTIONAL_ACTOR_QUERIES])
def test_optional_actor_parameters_are_looked_up_in_the_name_index(backend, name: str, params: dict) -> None:
    loaded_with_statistics(backend)
    plan = plan_of(backend, name, params)
    seeks = [d for op, d in starting_points(plan) if op in INDEX_SEEKS and ON_NAME.search(d)]
    assert len(seeks) == sum(1 for p in params if p in ("actor", "target")), plan


def test_no_query_filters_on_a_lookup_list() -> None:
    for path in sorted((REPO / "cypher").glob("*.cypher")):
        assert ".lookup" not in path.read_text(encoding="utf-8"), path.name


def index_state(store) -> dict:
    """The name index as it is, and what the entities' keys and names say it must be."""
    entities = store.read("MATCH (e:Entity) RETURN e.key, e.names").rows
    edges = store.read("MATCH (n:Name)-[:NAMES]->(e:Entity) RETURN n.key, e.key").rows
    return {
        "expected": sorted({(form, key) for key, names in entities for form in lookup_forms(key, names or [])}),
        "edges": sorted(map(tuple, edges)),
        "names": store.read("MATCH (n:Name) RETURN count(n), count(DISTINCT n.key)").rows[0],
        "orphans": store.read("MATCH (n:Name) WHERE NOT (n)-[:NAMES]->(:Entity) RETURN n.key").rows,
        "marked": store.read("MATCH (n) WHERE n:KbNameCheck OR n:KbPruneCheck RETURN count(n)").rows[0][0],
        "other_edges": store.read("MATCH (:Name)-[r]-(x) WHERE type(r) <> 'NAMES' OR NOT x:Entity "
                                  "RETURN count(r)").rows[0][0],
    }


def assert_index_exact(store) -> dict:
    state = index_state(store)
    assert state["edges"] == state["expected"]  # one edge per form and entity, no edge twice
    assert state["names"][0] == state["names"][1] == len({form for form, _ in state["expected"]})
    assert state["orphans"] == [] and state["marked"] == 0 and state["other_edges"] == 0
    return state


def counts(store) -> dict:
    return {"nodes": store.read("MATCH (n) RETURN count(n)").rows[0][0],
            "edges": store.read("MATCH ()-[r]->() RETURN count(r)").rows[0][0],
            "labels": sorted(map(repr, store.read("MATCH (n) RETURN labels(n), count(n)").rows)),
            "types": sorted(map(repr, store.read("MATCH ()-[r]->() RETURN type(r), count(r)").rows))}


def test_loads_write_one_name_per_form_and_loading_twice_changes_nothing(backend) -> None:
    load_paths(backend, [EXAMPLE])
    state = assert_index_exact(backend)
    assert ("russia", "state:RU") in state["edges"] and ("روسيا", "state:RU") in state["edges"]
    assert ("state:ru", "state:RU") in state["edges"]  # the key, lower-cased, names its entity too
    once = counts(backend)
    load_paths(backend, [EXAMPLE])
    assert counts(backend) == once
    backend.forget_input_marks()  # read the file again: everything is there, nothing is written
    load_paths(backend, [EXAMPLE])
    assert counts(backend) == once
    # A second source adds an alias to a stored entity (the Taliban: Taleban): its name comes with it.
    load_paths(backend, [SECOND])
    state = assert_index_exact(backend)
    assert ("taleban", "organization:taliban") in state["edges"]
    both = counts(backend)
    backend.forget_input_marks()
    load_paths(backend, [EXAMPLE, SECOND])
    assert counts(backend) == both
    # Names are neither entities nor facts: the stats count the entities, and every one of them has names.
    assert store_stats(backend)["entities"] == len({key for _, key in state["edges"]})


def test_unload_removes_the_names_nobody_has_any_more(backend) -> None:
    load_paths(backend, [EXAMPLE, SECOND])
    both = assert_index_exact(backend)
    unload(backend, EXAMPLE_URL)
    left = assert_index_exact(backend)
    gone = {form for form, _ in both["edges"]} - {form for form, _ in left["edges"]}
    # The example's own actors went with their names; Russia and the Taliban stay, with every name.
    assert "amir khan muttaqi" in gone and "afghanistan" in gone
    assert ("russia", "state:RU") in left["edges"] and ("taleban", "organization:taliban") in left["edges"]
    for source in backend.read("MATCH (s:Source) RETURN s.key").rows:
        unload(backend, source[0])
    assert backend.read("MATCH (n) RETURN count(n)").rows == [[0]]


def test_unloading_organs_takes_their_names_and_their_parents_names(backend) -> None:
    # The canned queries' corpus: source D alone names OFAC, in the Treasury, in the United States, and
    # Kazakhstan's Supreme Court. Unloading it prunes the organs and the Treasury (nothing else points at it),
    # not the states, which have facts of their own.
    load_paths(backend, [QUERIES])
    before = {form for form, _ in assert_index_exact(backend)["edges"]}
    unload(backend, "https://example.org/kb-tests/court")
    after = {key for _, key in assert_index_exact(backend)["edges"]}
    assert {"state:US", "state:KZ"} <= after
    assert not {"organization:office-of-foreign-assets-control", "organization:supreme-court-of-kazakhstan",
                "organization:united-states-department-of-the-treasury"} & after
    gone = before - {form for form, _ in index_state(backend)["edges"]}
    assert {"office of foreign assets control", "united states department of the treasury",
            "supreme court of kazakhstan"} <= gone
    assert "kazakhstan" not in gone and "united states" not in gone
    assert not [k for k in store_stats(backend) if "Kb" in k]  # no housekeeping label left on an entity


def test_a_name_two_entities_share_stays_while_one_of_them_does(backend, tmp_path) -> None:
    # "Georgia" names a person and a state; each comes from its own source.
    paths = []
    for n, kind in enumerate(["Person", "State"]):
        text = f"Georgia met Russia in Tbilisi ({n})."
        claim = {"source": {"url": f"https://example.org/georgia/{n}", "text": text},
                 "subject": {"name": "Georgia", "kind": kind}, "predicate": "MET_WITH",
                 "object": {"name": "Russia", "kind": "State"}, "quote": text}
        paths.append(tmp_path / f"georgia-{n}.jsonl")
        paths[-1].write_text(json.dumps(claim) + "\n", encoding="utf-8")
    load_paths(backend, paths)
    state = assert_index_exact(backend)
    assert {("georgia", "person:georgia"), ("georgia", "state:GE")} <= set(state["edges"])
    unload(backend, "https://example.org/georgia/0")
    state = assert_index_exact(backend)
    assert [e for e in state["edges"] if e[0] == "georgia"] == [("georgia", "state:GE")]
    assert "person:georgia" not in {form for form, _ in state["edges"]}
    unload(backend, "https://example.org/georgia/1")
    assert backend.read("MATCH (n) RETURN count(n)").rows == [[0]]


def test_names_are_unique_on_every_backend(backend) -> None:
    from kb.errors import StoreError

    backend.write([Statement("CREATE (:Name {key: 'russia'})")])
    with pytest.raises(StoreError):
        backend.write([Statement("CREATE (:Name {key: 'russia'})")])
    assert backend.read("MATCH (n:Name) RETURN count(n)").rows == [[1]]



def test_a_store_written_before_the_name_index_is_upgraded_when_opened(backend) -> None:
    """An older kb kept each entity's lower-cased names in a `lookup` list: opening the store moves them to
    Name nodes, so its actor queries answer as before, and a second opening finds nothing to do."""
    from kb.errors import QueryError
    from kb.queries import run_query
    from kb.stores import upgrade

    load_paths(backend, [EXAMPLE])
    expected = run_query(backend, "delisted-by", {"actor": "روسيا"}).rows
    assert expected
    # Make it an old store: the names back in `lookup`, no Name node.
    backend.write([Statement("MATCH (n:Name)-[:NAMES]->(e:Entity) WITH e, collect(n.key) AS forms "
                             "SET e.lookup = forms"), Statement("MATCH (n:Name) DETACH DELETE n")])
    # Without Name nodes no actor is found: the query finds nothing, and run_query, which looks the actor up
    # first (kb.queries.resolve_entities), says so.
    assert run_query(backend, "delisted-by", {"actor": "روسيا"}, resolve=False).rows == []
    with pytest.raises(QueryError, match="no actor named 'روسيا'"):
        run_query(backend, "delisted-by", {"actor": "روسيا"})
    upgrade(backend)
    assert run_query(backend, "delisted-by", {"actor": "روسيا"}).rows == expected
    assert backend.read("MATCH (e:Entity) WHERE e.lookup IS NOT NULL RETURN count(e)").rows == [[0]]
    before = backend.read("MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n), count(r)").rows
    upgrade(backend)
    assert backend.read("MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n), count(r)").rows == before


def test_a_store_written_before_claim_pairs_held_their_head_is_upgraded_when_opened(backend, tmp_path) -> None:
    """An older kb stored a claim's `pair` as 'subject key|object key': opening the store spells every pair
    again (kb.rows.stored_pair), so provenance, which finds claims by ranges of pairs, answers as before."""
    from kb.queries import run_query
    from kb.stores import upgrade

    load_paths(backend, [EXAMPLE])
    asked = {"a": "Russia", "b": "Taliban"}
    expected = run_query(backend, "provenance", asked).rows
    pairs = backend.read("MATCH (c:Claim) RETURN c.key, c.pair ORDER BY c.key").rows
    assert expected and all(p.count("|") >= 2 for _, p in pairs)
    backend.write([Statement("MATCH (c:Claim)-[:SUBJECT]->(a:Entity) MATCH (c)-[:OBJECT]->(b:Entity) "
                             "SET c.pair = a.key + '|' + b.key")])
    assert run_query(backend, "provenance", asked).rows == []
    upgrade(backend)
    assert backend.read("MATCH (c:Claim) RETURN c.key, c.pair ORDER BY c.key").rows == pairs
    assert run_query(backend, "provenance", asked).rows == expected
    before = backend.read("MATCH (c:Claim) RETURN c.key, c.pair ORDER BY c.key").rows
    upgrade(backend)
    assert backend.read("MATCH (c:Claim) RETURN c.key, c.pair ORDER BY c.key").rows == before
