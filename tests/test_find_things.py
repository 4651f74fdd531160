"""Finding things (issue 14, point 4) through the real `kb` command, on every store backend:

- `kb sources` and `kb entities [TEXT] [--kind K]` list what the store holds, in every output format;
- an actor parameter of a canned query that names nothing fails with one line naming the closest entities,
  one that names several lists them and asks for a key;
- a capital stands for its state ("Moscow", "موسكو", "Washington"), as extraction reads it, unless the store
  holds an entity of that name.

Corpus: the canned queries' fixture corpus (tests/data/queries, see tests/test_canned_queries.py) and the
example claims (examples/example-claims.yaml).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import REPO, run_kb

QUERIES = REPO / "tests" / "data" / "queries"
EXAMPLE = REPO / "examples" / "example-claims.yaml"

# The sources of the two corpora, oldest first: (key, url, title, outlet, published, language, claims).
SOURCES = [
    ("src:726a08f6b13e0003d2f128ab68f1b4c5", "https://example.org/kb-tests/court", "A court and a freeze",
     "Test Wire", "2023-01-14", "en", 2, 0),
    ("src:b35788205bca1d552e34da73765935fa", "https://example.org/kb-tests/doha-talks", "Envoys meet in Doha",
     "Test Wire", "2024-03-12", "en", 8, 0),
    ("src:dffaa8986ac71f51133999564e491565", "https://example.org/kb-tests/doha-ar", "لقاء في الدوحة",
     "نشرة الاختبار", "2024-03-13", "ar", 6, 0),
    ("src:c75b50af0e680a3f4fc9ffd3c9e6ccdf", "https://example.org/kb/kabul-moscow", "Kabul and Moscow move closer",
     "kb examples", "2024-10-07", "en", 7, 0),
    ("src:e48a702c780c7dd697c466b610574171", "https://example.org/kb-tests/year-review", "A year of reversals",
     "Test Review", "2025-01-20", "en", 11, 0),
]
SOURCE_COLUMNS = ["key", "url", "title", "outlet", "published", "language", "claims", "retracted"]
ENTITY_COLUMNS = ["key", "name", "kind", "names", "facts", "origin"]
# Every entity of both corpora, by name then key: key, name, kind, facts, origin.
ENTITIES = [
    ("state:AF", "Afghanistan", "State", 2, "gazetteer"),
    ("person:amir-khan-muttaqi", "Amir Khan Muttaqi", "Person", 2, "gazetteer"),
    ("event:doha-talks", "Doha talks", "Event", 0, "new"),
    ("organization:european-union", "European Union", "Organization", 1, "gazetteer"),
    ("organization:green-valley-movement", "Green Valley Movement", "Organization", 17, "new"),
    ("place:herat", "Herat", "Place", 3, "gazetteer"),
    ("state:KZ", "Kazakhstan", "State", 3, "gazetteer"),
    ("person:lena-petrova", "Lena Petrova", "Person", 2, "new"),
    ("organization:office-of-foreign-assets-control", "Office of Foreign Assets Control", "Organization", 1,
     "gazetteer"),
    ("person:omar-haddad", "Omar Haddad", "Person", 5, "new"),
    ("state:QA", "Qatar", "State", 3, "gazetteer"),
    ("state:RU", "Russia", "State", 8, "gazetteer"),
    ("person:sergei-lavrov", "Sergei Lavrov", "Person", 2, "gazetteer"),
    ("organization:supreme-court-of-kazakhstan", "Supreme Court of Kazakhstan", "Organization", 1, "gazetteer"),
    ("organization:taliban", "Taliban", "Organization", 1, "gazetteer"),
    ("state:US", "United States", "State", 4, "gazetteer"),
    ("organization:united-states-department-of-the-treasury", "United States Department of the Treasury",
     "Organization", 0, "gazetteer"),
    ("resource:lithium", "lithium", "Resource", 2, "gazetteer"),
    ("resource:wheat", "wheat", "Resource", 1, "gazetteer"),
]


@pytest.fixture
def loaded(backend_location):
    """Both corpora loaded through `kb load` into an empty store of each backend: (KB_STORE, environment)."""
    _, store, env = backend_location
    res = run_kb("load", str(QUERIES), str(EXAMPLE), store=store, env=env)
    assert res.returncode == 0, res.stderr
    return store, env


def kb(loaded, *args: str):
    store, env = loaded
    return run_kb(*args, store=store, env=env)


def ok_json(res) -> list[dict]:
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def one_line_error(res) -> str:
    """The error line of a failed command: exit 1, one line on stderr, no traceback, nothing on stdout."""
    assert res.returncode == 1, (res.stdout, res.stderr)
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith("kb: error: ") and "Traceback" not in res.stderr
    assert res.stdout == ""
    return lines[0].removeprefix("kb: error: ")


# --- kb sources ------------------------------------------------------------------------------------------

def test_sources_in_every_format(loaded) -> None:
    rows = ok_json(kb(loaded, "sources", "--format", "json"))
    assert [list(r) for r in rows] == [SOURCE_COLUMNS] * len(SOURCES)
    assert [tuple(r.values()) for r in rows] == SOURCES

    res = kb(loaded, "sources", "-f", "csv")
    assert res.returncode == 0, res.stderr
    table = list(csv.reader(io.StringIO(res.stdout)))
    assert table == [SOURCE_COLUMNS] + [[str(v) for v in row] for row in SOURCES]

    res = kb(loaded, "sources", "-f", "table")
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert all(name in lines[1] for name in SOURCE_COLUMNS)
    order = [next(i for i, line in enumerate(lines) if key in line) for key, *_ in SOURCES]
    assert order == sorted(order)  # oldest first, as in JSON
    assert "لقاء في الدوحة" in res.stdout and "5 row(s)" in res.stdout


def test_no_sources_is_an_empty_list(backend_location) -> None:
    _, store, env = backend_location
    assert ok_json(run_kb("sources", "-f", "json", store=store, env=env)) == []


# --- kb entities -----------------------------------------------------------------------------------------

def test_entities_in_every_format(loaded) -> None:
    rows = ok_json(kb(loaded, "entities", "--format", "json"))
    assert [list(r) for r in rows] == [ENTITY_COLUMNS] * len(ENTITIES)
    assert [(r["key"], r["name"], r["kind"], r["facts"], r["origin"]) for r in rows] == ENTITIES
    by_key = {r["key"]: r for r in rows}
    assert by_key["person:sergei-lavrov"]["names"] == ["Sergey Lavrov", "سيرغي لافروف"]
    assert by_key["state:RU"]["names"][0] == "روسيا" and len(by_key["state:RU"]["names"]) == 5  # a few

    res = kb(loaded, "entities", "-f", "csv")
    assert res.returncode == 0, res.stderr
    table = list(csv.reader(io.StringIO(res.stdout)))
    assert table[0] == ENTITY_COLUMNS
    assert [(k, n, kind, int(f), o) for k, n, kind, _, f, o in table[1:]] == ENTITIES
    assert json.loads(table[1 + [e[0] for e in ENTITIES].index("person:omar-haddad")][3]) == ["عمر حداد"]

    res = kb(loaded, "entities", "-f", "table")
    assert res.returncode == 0, res.stderr
    assert all(name in res.stdout.splitlines()[1] for name in ENTITY_COLUMNS)
    assert "Green Valley Movement" in res.stdout and f"{len(ENTITIES)} row(s)" in res.stdout


# `kb entities` arguments and the keys they list. (Each test of this file loads the corpus afresh through
# `kb load`, so cases share a test.)
FILTERS = [
    (["hADDad"], ["person:omar-haddad"]),  # any case
    (["حداد"], ["person:omar-haddad"]),  # an Arabic name
    (["united", "--kind", "organization"], ["organization:united-states-department-of-the-treasury"]),
    (["--kind", "Person"], ["person:amir-khan-muttaqi", "person:lena-petrova", "person:omar-haddad",
                            "person:sergei-lavrov"]),
    (["state:k"], ["state:KZ"]),  # a text with a colon matches keys too
    # ... one without does not: "tate" is in the names of the United States, and in no key of a state
    (["tate"], ["state:US", "organization:united-states-department-of-the-treasury"]),
    (["nobody we know"], []),
]


def test_entities_by_part_of_a_name_and_kind(loaded) -> None:
    for args, keys in FILTERS:
        assert [r["key"] for r in ok_json(kb(loaded, "entities", *args, "-f", "json"))] == keys, args


def test_an_unknown_kind_is_a_one_line_error(loaded) -> None:
    assert one_line_error(kb(loaded, "entities", "--kind", "Sate")) == (
        "unknown kind 'Sate'; kinds: Event, Group, Organization, Person, Place, Resource, State")


# --- actor parameters that name nothing, or several things -----------------------------------------------

NOTHING = [
    ("delisted-by", "actor", "Russa", "delisted-by: no actor named 'Russa'; did you mean Russia (state:RU)?"),
    ("delisted-by", "actor", "روسي", "delisted-by: no actor named 'روسي'; did you mean Russia (state:RU)?"),
    ("sanctions-on", "target", "Green Valley Movment",
     "sanctions-on: no actor named 'Green Valley Movment'; did you mean Green Valley Movement "
     "(organization:green-valley-movement)?"),
    ("actor-profile", "actor", "Kazakh", "actor-profile: no actor named 'Kazakh'; did you mean Kazakhstan "
     "(state:KZ) or Supreme Court of Kazakhstan (organization:supreme-court-of-kazakhstan)?"),
    ("actor-profile", "actor", "nobody we know", "actor-profile: no actor named 'nobody we know'; `kb entities "
     "TEXT` lists the entities with TEXT in a name"),
    # a capital whose state the store does not hold
    ("delisted-by", "actor", "Paris", "delisted-by: no actor named 'Paris' (nor France, whose capital it is); "
     "`kb entities TEXT` lists the entities with TEXT in a name"),
]


def test_a_name_of_nothing_names_the_closest_entities(loaded) -> None:
    for query, param, value, message in NOTHING:
        assert one_line_error(kb(loaded, "query", query, "--param", f"{param}={value}")) == message


def test_the_second_actor_and_an_optional_one_are_checked_too(loaded) -> None:
    res = kb(loaded, "query", "relations-between", "-p", "a=Russia", "-p", "b=Talibn")
    assert one_line_error(res) == ("relations-between: no actor named 'Talibn'; did you mean Taliban "
                                   "(organization:taliban)?")
    res = kb(loaded, "query", "meetings", "-p", "from=2024-01-01", "-p", "to=2024-12-31", "-p", "actor=Omar Hadad")
    assert "did you mean Omar Haddad (person:omar-haddad)?" in one_line_error(res)
    # absent, an optional actor is no filter
    rows = ok_json(kb(loaded, "query", "meetings", "-p", "from=2024-01-01", "-p", "to=2024-12-31", "-f", "json"))
    assert len(rows) == 3


def test_a_name_of_several_entities_asks_for_a_key(loaded, tmp_path: Path) -> None:
    text = "Ahmed Saleh met Omar Haddad. Ahmed Saleh met Lena Petrova."
    claims = [{"source": {"url": "https://example.org/two-salehs", "text": text, "published": "2024-05-01"},
               "subject": {"name": "Ahmed Saleh", "kind": "Person", "key": key}, "predicate": "MET_WITH",
               "object": {"name": other, "kind": "Person"}, "quote": quote}
              for key, other, quote in (("person:ahmed-saleh-1", "Omar Haddad", "Ahmed Saleh met Omar Haddad."),
                                        ("person:ahmed-saleh-2", "Lena Petrova", "Ahmed Saleh met Lena Petrova."))]
    path = tmp_path / "two-salehs.jsonl"
    path.write_text("".join(json.dumps(c) + "\n" for c in claims), encoding="utf-8")
    assert kb(loaded, "load", str(path)).returncode == 0
    assert one_line_error(kb(loaded, "query", "actor-profile", "-p", "actor=ahmed saleh")) == (
        "actor-profile: 'ahmed saleh' names 2 entities: Ahmed Saleh (person:ahmed-saleh-1), Ahmed Saleh "
        "(person:ahmed-saleh-2); give one by its key, e.g. --param actor=person:ahmed-saleh-1")
    rows = ok_json(kb(loaded, "query", "actor-profile", "-p", "actor=person:ahmed-saleh-2", "-f", "json"))
    assert [(r["key"], r["counterparts"]) for r in rows] == [("person:ahmed-saleh-2", ["Lena Petrova"])]
    # both are listed, told apart by their keys
    rows = ok_json(kb(loaded, "entities", "saleh", "-f", "json"))
    assert [(r["key"], r["name"], r["origin"]) for r in rows] == [
        ("person:ahmed-saleh-1", "Ahmed Saleh", "new"), ("person:ahmed-saleh-2", "Ahmed Saleh", "new")]


# --- capitals --------------------------------------------------------------------------------------------

def test_a_capital_stands_for_its_state(loaded) -> None:
    # "Moscow" is also a name of Russia here (claims gave {name: Moscow, kind: State, iso: RU}); "موسكو" is only
    # the gazetteer's Arabic name of Russia's capital, and Washington only the United States' capital.
    for actor in ("Moscow", "moscow", "موسكو"):
        rows = ok_json(kb(loaded, "query", "designations", "-p", f"actor={actor}", "-f", "json"))
        assert [(r["actor"], r["action"], r["target"], r["date"]) for r in rows] == [
            ("Russia", "DESIGNATED", "Green Valley Movement", "2019-05"),
            ("Russia", "DELISTED", "Taliban", "2024-10-07")], actor
    for actor in ("Washington", "واشنطن"):
        rows = ok_json(kb(loaded, "query", "resource-interests", "-p", f"actor={actor}", "-f", "json"))
        assert [(r["actor"], r["predicate"], r["resource"]) for r in rows] == [("United States", "SEEKS", "lithium")]
    rows = ok_json(kb(loaded, "query", "relations-between", "-p", "a=واشنطن", "-p", "b=Omar Haddad", "-f", "json"))
    assert [(r["subject"], r["predicate"]) for r in rows] == [("Office of Foreign Assets Control", "SANCTIONED"),
                                                              ("United States", "DELISTED")]


def test_a_city_the_store_holds_is_the_city(loaded, tmp_path: Path) -> None:
    # A name the store holds wins over the capital: Kabul taken is the city, not Afghanistan.
    text = "The Taliban took control of Kabul in August 2021."
    claim = {"source": {"url": "https://example.org/kabul-falls", "text": text, "published": "2021-08-16"},
             "subject": {"name": "Taliban", "kind": "Organization"}, "predicate": "TOOK_CONTROL_OF",
             "object": {"name": "Kabul", "kind": "Place", "names": ["كابل"]}, "date": "2021-08",
             "quote": "The Taliban took control of Kabul in August 2021."}
    path = tmp_path / "kabul.jsonl"
    path.write_text(json.dumps(claim) + "\n", encoding="utf-8")
    # before the city is an entity, Kabul is Afghanistan
    rows = ok_json(kb(loaded, "query", "actor-profile", "-p", "actor=Kabul", "-f", "json"))
    assert {r["key"] for r in rows} == {"state:AF"}
    assert kb(loaded, "load", str(path)).returncode == 0
    for name in ("Kabul", "كابل"):
        rows = ok_json(kb(loaded, "query", "actor-profile", "-p", f"actor={name}", "-f", "json"))
        assert [(r["key"], r["predicate"], r["counterparts"]) for r in rows] == [
            ("place:kabul", "TOOK_CONTROL_OF", ["Taliban"])]


def test_a_big_store_compares_only_names_sharing_the_first_two_characters(backend_location, monkeypatch) -> None:
    """Beyond SCAN_ALL_NAMES names, suggestions come from a range of the Name index (the names that share the
    text's first two characters) instead of every name; a typo in those two characters then finds nothing."""
    import kb.queries
    from kb.loading import load_paths

    st, _, _ = backend_location
    load_paths(st, [QUERIES])
    assert kb.queries.suggest(st, "Tussia") == [("Russia", "state:RU")]  # every name compared
    monkeypatch.setattr(kb.queries, "SCAN_ALL_NAMES", 0)
    assert kb.queries.suggest(st, "Russa") == [("Russia", "state:RU")]
    assert kb.queries.suggest(st, "حرکة الوادي") == [(  # Persian kaf, as Arabic text may have it
        "Green Valley Movement", "organization:green-valley-movement")]
    assert kb.queries.suggest(st, "Tussia") == []
