"""Injection: names, quotes, titles and query parameters full of Cypher and shell syntax go through the real
`kb` command, are stored and returned byte for byte, and change nothing else. Labels and relationship
types in the store are only ever the ontology's."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_kb
from kb.ontology import load_ontology


def hostile(sentinel: Path) -> list[str]:
    return [
        "'})-[:X]->() DETACH DELETE n //",
        '"}) MATCH (n) DETACH DELETE n RETURN 1 //',
        "`Entity`:`Admin` {key: 'x'}",
        f"$(touch {sentinel})",
        f"`touch {sentinel}`; rm -rf ~",
        "\u202eright-to-left\u202c mark and \u200fRLM",
        "$actor ${actor} {actor}",
        "back\\slash \\' and \\\" quotes",
        "CALL db.labels() YIELD label RETURN label",
        "روسيا'); DROP GRAPH kb; --",
    ]


def test_hostile_strings_are_stored_and_returned_byte_for_byte(backend_location, tmp_path: Path) -> None:
    _, store, env = backend_location
    sentinel = tmp_path / "pwned"
    names = hostile(sentinel)
    sentences = [f"{name} warned Norway." for name in names]
    text = " ".join(sentences)
    claims = [{"source": {"text": text, "title": names[0], "url": "https://example.org/hostile?q=$(id)",
                          "published": "2025-01-02"},
               "subject": {"name": name, "kind": "Organization"}, "predicate": "WARNED",
               "object": {"name": "Norway", "kind": "State"}, "quote": sentence}
              for name, sentence in zip(names, sentences)]
    path = tmp_path / "hostile.jsonl"
    path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in claims), encoding="utf-8")
    res = run_kb("load", str(path), store=store, env=env)
    assert res.returncode == 0, res.stderr

    stored = json.loads(run_kb("cypher", "MATCH (e:Entity) RETURN e.name AS name ORDER BY name", "-f", "json",
                               store=store, env=env).stdout)
    assert sorted(r["name"] for r in stored) == sorted(names + ["Norway"])
    for name, sentence in zip(names, sentences):
        res = run_kb("query", "relations-between", "--param", f"a={name}", "--param", "b=Norway", "-f", "json",
                     store=store, env=env)
        assert res.returncode == 0, res.stderr
        rows = json.loads(res.stdout)
        assert [(r["subject"], r["quote"], r["source"]) for r in rows] == [(name, sentence, names[0])]
    exported = [json.loads(line) for line in run_kb("export", "-f", "jsonl", store=store, env=env).stdout.splitlines()]
    assert sorted(c["quote"] for c in exported) == sorted(sentences)

    onto = load_ontology()
    labels = json.loads(run_kb("cypher", "CALL db.labels() YIELD label RETURN label", "-f", "json",
                               store=store, env=env).stdout)
    # Name: the indexed names actor lookups start from; KbInputMark: Neo4j's record of loaded files
    # (kb/stores/neo4j_store.py); KbSettle: a load's record of sources not settled yet (kb/statements.py; FalkorDB
    # lists a label once used, its nodes gone or not). None comes from user text.
    assert {r["label"] for r in labels} <= ({"Entity", "Claim", "Source", "Name", "Curation", "KbInputMark", "KbSettle"}
                                            | set(onto.kinds))
    types = json.loads(run_kb("cypher", "CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType",
                              "-f", "json", store=store, env=env).stdout)
    assert {r["relationshipType"] for r in types} <= {"IN_SOURCE", "SUBJECT", "OBJECT", "NAMES"} | set(onto.predicates)
    stats = {r["what"]: r["count"] for r in json.loads(run_kb("stats", "-f", "json", store=store, env=env).stdout)}
    assert (stats["claims"], stats["facts"], stats["sources"], stats["entities"]) == (len(names), len(names), 1,
                                                                                      len(names) + 1)
    assert not sentinel.exists()


def test_hostile_parameters_find_nothing_and_change_nothing(backend_location, tmp_path: Path) -> None:
    _, store, env = backend_location
    example = Path(__file__).resolve().parent.parent / "examples" / "example-claims.yaml"
    assert run_kb("load", str(example), store=store, env=env).returncode == 0
    before = run_kb("stats", "-f", "json", store=store, env=env).stdout
    for value in hostile(tmp_path / "pwned"):
        for query, param in (("delisted-by", "actor"), ("sanctions-on", "target"), ("actor-profile", "actor")):
            res = run_kb("query", query, "--param", f"{param}={value}", "-f", "json", store=store, env=env)
            # An actor parameter that names no entity is an error (kb.queries.resolve_entities): one line that
            # quotes the value escaped, never run as anything.
            assert res.returncode == 1 and res.stdout == "", res.stderr
            lines = res.stderr.splitlines()
            assert len(lines) == 1 and "Traceback" not in res.stderr, res.stderr
            assert lines[0].startswith(f"kb: error: {query}: no actor named {value!r}"), res.stderr
        res = run_kb("entities", value, "-f", "json", store=store, env=env)  # a part of a name
        assert res.returncode == 0, res.stderr
        assert json.loads(res.stdout) == []
    assert run_kb("stats", "-f", "json", store=store, env=env).stdout == before
    assert not (tmp_path / "pwned").exists()
