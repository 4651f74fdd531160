"""The analyst's curation loop (issue 14, points 2, 3 and 5): retract and restore claims, merge and unmerge
entities, give them names, and facts that keep what their claims say. Through the real `kb` command on every
store backend (the embedded FalkorDB store and Neo4j), with the same expected results on both."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from conftest import REPO, run_kb
from test_source_replace import kb_load, ok, one_line_error, read_lines, snapshot, write_lines

SCHEMA = json.loads((REPO / "kb" / "claim.schema.json").read_text(encoding="utf-8"))

# Our own text: a delisting reported twice (dated once), two spellings of one official, two meetings of the
# same ministers on different days, and two calls to lift sanctions with different addressees.
TEXT = ("Moscow, 8 October 2024. Russia removed the Taliban from its list of terrorist organizations on "
        "7 October 2024. Russia removed the Taliban from the list, officials said. Deputy foreign minister "
        "Andrei Rudenko met Amir Khan Muttaqi in Kabul on 2 October 2024. Andrey Rudenko met Amir Khan Muttaqi "
        "again on 5 October 2024. Russia called on the United States to lift sanctions on Afghanistan. Russia "
        "called on the United Nations to lift sanctions on Afghanistan.")
URL = "https://example.org/kb-tests/curation"
SOURCE = {"text": TEXT, "url": URL, "title": "Curation test", "published": "2024-10-08", "language": "en"}
TALIBAN = {"name": "Taliban", "kind": "Organization"}
RUSSIA = {"name": "Russia", "kind": "State"}
MUTTAQI = {"name": "Amir Khan Muttaqi", "kind": "Person"}
ANDREI = {"name": "Andrei Rudenko", "kind": "Person", "key": "person:andrei-rudenko"}
ANDREY = {"name": "Andrey Rudenko", "kind": "Person", "key": "person:andrey-rudenko"}

DATED = "Russia removed the Taliban from its list of terrorist organizations on 7 October 2024"
UNDATED = "Russia removed the Taliban from the list"
MET_2 = "Andrei Rudenko met Amir Khan Muttaqi in Kabul on 2 October 2024"
MET_5 = "Andrey Rudenko met Amir Khan Muttaqi again on 5 October 2024"
CALL_US = "Russia called on the United States to lift sanctions on Afghanistan"
CALL_UN = "Russia called on the United Nations to lift sanctions on Afghanistan"


def claim(quote: str, subject: dict, predicate: str, obj: dict, date: str | None = None, **extra) -> dict:
    start = TEXT.index(quote)
    return {"source": {"url": URL}, "subject": subject, "predicate": predicate, "object": obj, "date": date,
            "quote": quote, "span": [start, start + len(quote)], **extra}


def claims() -> list[dict]:
    first = claim(DATED, RUSSIA, "DELISTED", TALIBAN, "2024-10-07", qualifiers={"list": "terrorist organizations"})
    first["source"] = SOURCE
    afghanistan = {"name": "Afghanistan", "kind": "State"}
    return [
        first,
        claim(UNDATED, RUSSIA, "DELISTED", TALIBAN, qualifiers={"list": "terrorist organizations"}),
        claim(MET_2, ANDREI, "MET_WITH", MUTTAQI, "2024-10-02", qualifiers={"place": "Kabul"}),
        claim(MET_5, ANDREY, "MET_WITH", MUTTAQI, "2024-10-05"),
        claim(CALL_US, RUSSIA, "CALLED_FOR", afghanistan, qualifiers={"demand": "lift_sanctions",
                                                                     "addressee": "United States"}),
        claim(CALL_UN, RUSSIA, "CALLED_FOR", afghanistan, qualifiers={"demand": "lift_sanctions",
                                                                     "addressee": "United Nations"}),
    ]


def kb(location: tuple, *args: str):
    _, where, env = location
    return run_kb(*map(str, args), store=where, env=env)


def as_json(res) -> list[dict]:
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def claim_key(store, quote: str) -> str:
    return store.read("MATCH (c:Claim {quote: $q}) RETURN c.key", {"q": quote}).rows[0][0]


def fact_rows(store, ftype: str) -> list[list]:
    return store.read(f"MATCH (a:Entity)-[f:{ftype}]->(b:Entity) RETURN a.key, b.key, f.date, size(f.claims) "
                      "ORDER BY a.key, b.key, coalesce(f.date, '')").rows


def stats(location: tuple) -> dict[str, int]:
    return {r["what"]: r["count"] for r in as_json(kb(location, "stats", "-f", "json"))}


@pytest.fixture
def loaded(backend_location, tmp_path: Path) -> tuple:
    ok(kb_load(backend_location, write_lines(tmp_path / "c.jsonl", claims())))
    return backend_location


# --- 5. facts that keep what their claims say ------------------------------------------------------------

def test_an_undated_claim_joins_the_one_dated_fact_whatever_the_order(backend_location, tmp_path):
    store = backend_location[0]
    lines = claims()[:2]
    dated, undated = write_lines(tmp_path / "d.jsonl", lines[:1]), tmp_path / "u.jsonl"
    write_lines(undated, [{**lines[1], "source": SOURCE}])
    ok(kb_load(backend_location, "--add", dated))
    ok(kb_load(backend_location, "--add", undated))
    forward = snapshot(store)
    assert fact_rows(store, "DELISTED") == [["state:RU", "organization:taliban", "2024-10-07", 2]]
    store.clear()
    ok(kb_load(backend_location, "--add", undated))
    assert fact_rows(store, "DELISTED") == [["state:RU", "organization:taliban", None, 1]]  # alone: its own fact
    ok(kb_load(backend_location, "--add", dated))
    assert snapshot(store) == forward
    rows = as_json(kb(backend_location, "query", "delisted-by", "-p", "actor=Russia", "-f", "json"))
    assert [(r["delisted"], r["date"], r["sources"]) for r in rows] == [("Taliban", "2024-10-07", 1)]


def test_an_undated_claim_stands_alone_beside_two_dated_facts(backend_location, tmp_path):
    store = backend_location[0]
    lines = claims()
    other = {**lines[0], "date": "2024-10-06", "source": SOURCE}  # a second report, another day
    ok(kb_load(backend_location, write_lines(tmp_path / "c.jsonl", [lines[0], lines[1], other])))
    assert fact_rows(store, "DELISTED") == [["state:RU", "organization:taliban", None, 1],
                                            ["state:RU", "organization:taliban", "2024-10-06", 1],
                                            ["state:RU", "organization:taliban", "2024-10-07", 1]]
    # one dated report left: the undated claim joins it
    ok(kb_load(backend_location, write_lines(tmp_path / "c.jsonl", [lines[0], lines[1]])))
    assert fact_rows(store, "DELISTED") == [["state:RU", "organization:taliban", "2024-10-07", 2]]


def test_a_fact_keeps_every_qualifier_its_claims_give(loaded):
    store = loaded[0]
    rows = store.read("MATCH (:Entity)-[f:CALLED_FOR]->(:Entity) RETURN f.addressee, f.demand, size(f.claims)").rows
    in_key_order = [a for _, a in sorted([(claim_key(store, CALL_US), "United States"),
                                          (claim_key(store, CALL_UN), "United Nations")])]
    assert rows == [[in_key_order, "lift_sanctions", 2]]
    # each claim keeps its own
    assert store.read("MATCH (c:Claim {predicate: 'CALLED_FOR'}) RETURN c.addressee ORDER BY c.addressee").rows == [
        ["United Nations"], ["United States"]]
    shown = as_json(kb(loaded, "query", "calls-to-lift", "-p", "target=Afghanistan", "-f", "json"))
    assert len(shown) == 1 and sorted(shown[0]["addressee"]) == ["United Nations", "United States"]


def test_meetings_on_two_days_are_two_facts_and_no_contradiction(loaded):
    store = loaded[0]
    assert [r[2] for r in fact_rows(store, "MET_WITH")] == ["2024-10-02", "2024-10-05"]
    assert as_json(kb(loaded, "query", "contradictions", "-f", "json")) == []


# --- 2. retract and restore ---------------------------------------------------------------------------------

def test_retract_and_restore(loaded):
    store = loaded[0]
    before = snapshot(store)
    dated, undated = claim_key(store, DATED), claim_key(store, UNDATED)
    assert ok(kb(loaded, "retract", undated, "--reason", "the same delisting, said again")) == f"retracted {undated}"
    assert fact_rows(store, "DELISTED") == [["state:RU", "organization:taliban", "2024-10-07", 1]]
    # a unique beginning of a key will do
    assert ok(kb(loaded, "retract", dated[:16], "--reason", "wrong list")) == f"retracted {dated}"
    # no live claim left: the fact is gone from queries and stats; the claims stay, marked, for audit
    assert fact_rows(store, "DELISTED") == []
    assert as_json(kb(loaded, "query", "delisted-by", "-p", "actor=Russia", "-f", "json")) == []
    counts = stats(loaded)
    assert "facts.DELISTED" not in counts and counts["claims"] == 6 and counts["claims.retracted"] == 2
    assert counts["curation.retract"] == 2
    shown = as_json(kb(loaded, "query", "provenance", "-p", "a=Russia", "-p", "b=Taliban", "-f", "json"))
    assert shown == []
    marked = as_json(kb(loaded, "query", "provenance", "-p", "a=Russia", "-p", "b=Taliban", "-p", "retracted=true",
                        "-f", "json"))
    assert sorted(r["retracted"] for r in marked) == ["the same delisting, said again", "wrong list"]
    listed = as_json(kb(loaded, "query", "source-claims", "-p", f"source={URL}", "-f", "json"))
    assert len(listed) == 4 and all(r["retracted"] is None for r in listed)
    source = as_json(kb(loaded, "sources", "-f", "json"))
    assert [(s["claims"], s["retracted"]) for s in source] == [(4, 2)]
    # retracting again changes nothing
    assert ok(kb(loaded, "retract", dated, "--reason", "again")) == f"{dated} was already retracted"

    assert ok(kb(loaded, "restore", dated)) == f"restored {dated}"
    assert fact_rows(store, "DELISTED") == [["state:RU", "organization:taliban", "2024-10-07", 1]]
    assert ok(kb(loaded, "restore", undated)) == f"restored {undated}"
    assert snapshot(store) == before  # exactly as it was: the records gone with the retractions
    assert ok(kb(loaded, "restore", undated)) == f"{undated} is not retracted"


def test_a_retraction_holds_when_the_claim_comes_back(loaded, tmp_path):
    store = loaded[0]
    undated = claim_key(store, UNDATED)
    ok(kb(loaded, "retract", undated, "--reason", "not a second delisting"))
    retracted = snapshot(store)
    # the same file again, under another name (read, not skipped): nothing changes
    out = ok(kb_load(loaded, write_lines(tmp_path / "again.jsonl", claims())))
    assert "6 unchanged" in out
    assert snapshot(store) == retracted
    # a corrected claims file: the claim now has a date (a new key, the same words): it comes back retracted
    lines = claims()
    lines[1]["date"] = "2024-10-07"
    out = ok(kb_load(loaded, write_lines(tmp_path / "fixed.jsonl", lines)))
    assert "1 retracted earlier" in out, out
    rows = store.read("MATCH (c:Claim {quote: $q}) RETURN c.key <> $old, c.retracted, c.fact", {"q": UNDATED,
                                                                                              "old": undated}).rows
    assert rows == [[True, "not a second delisting", None]]
    assert fact_rows(store, "DELISTED") == [["state:RU", "organization:taliban", "2024-10-07", 1]]
    # unloaded and loaded again: still retracted
    ok(kb(loaded, "unload", URL))
    assert stats(loaded).get("curation.retract") == 1
    ok(kb_load(loaded, tmp_path / "fixed.jsonl"))
    assert store.read("MATCH (c:Claim {quote: $q}) RETURN c.retracted", {"q": UNDATED}).rows == [
        ["not a second delisting"]]
    assert fact_rows(store, "DELISTED") == [["state:RU", "organization:taliban", "2024-10-07", 1]]


# --- 3. merge, unmerge, alias -------------------------------------------------------------------------------

def test_merge_and_unmerge(loaded, tmp_path):
    store = loaded[0]
    before = snapshot(store)
    assert [e["key"] for e in as_json(kb(loaded, "entities", "rudenko", "-f", "json"))] == [
        "person:andrei-rudenko", "person:andrey-rudenko"]
    out = ok(kb(loaded, "merge", "Andrei Rudenko", "--into", "person:andrey-rudenko"))
    assert out == "merged Andrei Rudenko (person:andrei-rudenko) into Andrey Rudenko (person:andrey-rudenko)"
    entities = as_json(kb(loaded, "entities", "rudenko", "-f", "json"))
    assert [(e["key"], e["facts"]) for e in entities] == [("person:andrey-rudenko", 2)]
    assert "Andrei Rudenko" in entities[0]["names"]
    # both meetings are the merged entity's; the claims keep the words they were read from
    met = as_json(kb(loaded, "query", "meetings", "-p", "from=2024-01-01", "-p", "to=2024-12-31", "-p", "actor=Andrei Rudenko", "-f", "json"))
    assert sorted((m["date"], m["quote"]) for m in met) == [("2024-10-02", MET_2), ("2024-10-05", MET_5)]
    assert as_json(kb(loaded, "query", "meetings", "-p", "from=2024-01-01", "-p", "to=2024-12-31", "-p", "actor=person:andrei-rudenko", "-f", "json")) == met
    # a later source naming the old spelling lands on the merged entity
    later = "Andrei Rudenko met Amir Khan Muttaqi in Moscow on 9 October 2024."
    ok(kb_load(loaded, write_lines(tmp_path / "later.jsonl", [{
        "source": {"text": later, "url": URL + "/later", "published": "2024-10-10"}, "subject": ANDREI,
        "predicate": "MET_WITH", "object": MUTTAQI, "date": "2024-10-09", "quote": later[:-1]}])))
    assert store.read("MATCH (e:Entity) WHERE e.key STARTS WITH 'person:andre' RETURN e.key").rows == [
        ["person:andrey-rudenko"]]
    assert len(as_json(kb(loaded, "query", "meetings", "-p", "from=2024-01-01", "-p", "to=2024-12-31", "-p", "actor=Andrey Rudenko", "-f", "json"))) == 3
    ok(kb(loaded, "unload", URL + "/later"))

    assert ok(kb(loaded, "unmerge", "person:andrei-rudenko")) == \
        "unmerged Andrei Rudenko (person:andrei-rudenko) from Andrey Rudenko (person:andrey-rudenko)"
    assert snapshot(store) == before


def test_merging_joins_facts_that_become_one(backend_location, tmp_path):
    store = backend_location[0]
    lines = claims()
    lines[3] = claim(MET_5, ANDREY, "MET_WITH", MUTTAQI, "2024-10-02")  # both spellings: one meeting
    ok(kb_load(backend_location, write_lines(tmp_path / "c.jsonl", lines)))
    assert [r[3] for r in fact_rows(store, "MET_WITH")] == [1, 1]
    ok(kb(backend_location, "merge", "person:andrei-rudenko", "--into", "Andrey Rudenko"))
    rows = store.read("MATCH (a:Entity)-[f:MET_WITH]-(b:Entity {key: 'person:andrey-rudenko'}) "
                      "RETURN f.date, size(f.claims), f.place").rows
    assert rows == [["2024-10-02", 2, "Kabul"]]
    # and the curation survives an unload and a re-load of the source
    ok(kb(backend_location, "unload", URL))
    ok(kb_load(backend_location, tmp_path / "c.jsonl"))
    assert store.read("MATCH (e:Entity) WHERE e.key STARTS WITH 'person:andre' RETURN e.key").rows == [
        ["person:andrey-rudenko"]]
    assert store.read("MATCH (a:Entity)-[f:MET_WITH]-(b:Entity {key: 'person:andrey-rudenko'}) "
                      "RETURN f.date, size(f.claims)").rows == [["2024-10-02", 2]]


def test_alias(loaded, tmp_path):
    store = loaded[0]
    out = ok(kb(loaded, "alias", "أندريه رودينكو", "--to", "person:andrey-rudenko"))
    assert out == "'أندريه رودينكو' now names Andrey Rudenko (person:andrey-rudenko)"
    met = as_json(kb(loaded, "query", "meetings", "-p", "from=2024-01-01", "-p", "to=2024-12-31", "-p", "actor=أندريه رودينكو", "-f", "json"))
    assert [m["date"] for m in met] == ["2024-10-05"]
    assert ok(kb(loaded, "alias", "أندريه رودينكو", "--to", "Andrey Rudenko")).endswith("already names "
                                                                                        "Andrey Rudenko (person:andrey-rudenko)")
    # a claim naming the entity so lands on it
    text = "أندريه رودينكو التقى أمير خان متقي"
    ok(kb_load(loaded, write_lines(tmp_path / "ar.jsonl", [{
        "source": {"text": text, "url": URL + "/ar", "language": "ar"},
        "subject": {"name": "أندريه رودينكو", "kind": "Person"}, "predicate": "MET_WITH", "object": MUTTAQI,
        "quote": text}])))
    keys = store.read("MATCH (c:Claim {quote: $q})-[:SUBJECT]->(e) RETURN e.key", {"q": text}).rows
    assert keys == [["person:andrey-rudenko"]]
    # a name that already names another entity: merge them instead
    one_line_error(kb(loaded, "alias", "Andrei Rudenko", "--to", "person:andrey-rudenko"),
                   "already names Andrei Rudenko (person:andrei-rudenko)", "kb merge person:andrei-rudenko --into")


# --- records: exported, loaded into a new store ----------------------------------------------------------------

def test_curation_is_exported_and_loads_into_a_new_store(loaded, tmp_path):
    store = loaded[0]
    ok(kb(loaded, "retract", claim_key(store, UNDATED), "--reason", "said twice"))
    ok(kb(loaded, "merge", "Andrei Rudenko", "--into", "Andrey Rudenko"))
    ok(kb(loaded, "alias", "A. Rudenko", "--to", "Andrey Rudenko"))
    export = tmp_path / "export.jsonl"
    res = kb(loaded, "export", "-o", export)
    assert res.returncode == 0, res.stderr
    lines = read_lines(export)
    records = [line for line in lines if "curation" in line]
    assert [r["curation"] for r in records] == ["alias", "merge", "retract"] and lines[:3] == records
    assert all(r["curation_version"] == 1 for r in records)
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for line in lines:
        validator.validate(line)
    # the merged claim is exported as it was read (the entity it named), and lands where it is now
    met = next(line for line in lines if line.get("quote") == MET_2)
    assert met["subject"]["key"] == "person:andrei-rudenko"

    fresh = tmp_path / "fresh"
    res = run_kb("load", str(export), store=fresh)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip().endswith("; 3 curation records applied"), res.stdout
    again = run_kb("export", store=fresh)
    assert again.returncode == 0, again.stderr
    assert [json.loads(x) for x in again.stdout.splitlines()] == lines
    # loading it again changes nothing
    res = run_kb("load", str(tmp_path / "export.jsonl"), store=fresh)
    assert res.returncode == 0 and "curation records applied" not in res.stdout, res.stdout
    assert run_kb("export", store=fresh).stdout == again.stdout


# --- bad input: one line, exit 1, nothing changed ---------------------------------------------------------------

BAD = [
    (["retract", "claim:0000000000000000", "--reason", "x"], ["no claim 'claim:0000000000000000'"]),
    (["retract", "nothing", "--reason", "x"], ["no claim 'nothing'"]),
    (["restore", "claim:0000000000000000"], ["no claim"]),
    (["merge", "Andrei Rudenkoo", "--into", "Andrey Rudenko"], ["no entity named 'Andrei Rudenkoo'",
                                                               "did you mean Andrei Rudenko (person:andrei-rudenko)"]),
    (["merge", "Andrey Rudenko", "--into", "person:andrey-rudenko"], ["are the same entity"]),
    (["merge", "Russia", "--into", "Taliban"], ["is a State", "an Organization", "entities of one kind"]),
    (["merge", "Andrei Rudenko", "--into", "nobody"], ["no entity named 'nobody'"]),
    (["alias", "Rudenko", "--to", "nobody"], ["no entity named 'nobody'"]),
    (["alias", "Russia", "--to", "Taliban"], ["already names Russia (state:RU)"]),
    (["unmerge", "person:andrei-rudenko"], ["no entity 'person:andrei-rudenko' was merged"]),
]


@pytest.mark.parametrize("args, fragments", BAD, ids=[" ".join(a[:2]) for a, _ in BAD])
def test_bad_curation_changes_nothing(loaded, args, fragments):
    store = loaded[0]
    before = snapshot(store)
    one_line_error(kb(loaded, *args), *fragments)
    assert snapshot(store) == before


def test_an_ambiguous_name_is_refused(loaded, tmp_path):
    store = loaded[0]
    ok(kb(loaded, "cypher", "--write", "MATCH (e:Entity {key: 'person:andrey-rudenko'}) MERGE (n:Name {key: 'rudenko'}) "
          "MERGE (n)-[:NAMES]->(e) WITH 1 AS x MATCH (e:Entity {key: 'person:andrei-rudenko'}) "
          "MATCH (n:Name {key: 'rudenko'}) MERGE (n)-[:NAMES]->(e)"))
    before = snapshot(store)
    one_line_error(kb(loaded, "merge", "Rudenko", "--into", "Amir Khan Muttaqi"), "'Rudenko' names 2 entities",
                   "give one by its key")
    assert snapshot(store) == before


def test_a_curation_record_that_does_not_validate_is_refused(loaded, tmp_path):
    store = loaded[0]
    before = snapshot(store)
    bad = tmp_path / "bad.jsonl"
    good = claims()
    bad.write_text(json.dumps({"curation": "merge", "curation_version": 1, "merged": "person:x"}) + "\n"
                   + "".join(json.dumps(c) + "\n" for c in good), encoding="utf-8")
    one_line_error(kb_load(loaded, bad), f"{bad}:1:", "into")
    bad.write_text(json.dumps({"curation": "retract", "curation_version": 2, "source": "s", "subject": "a",
                               "predicate": "DELISTED", "object": "b", "quote": "q", "reason": "r"}) + "\n",
                   encoding="utf-8")
    one_line_error(kb_load(loaded, bad), f"{bad}:1:", "curation_version")
    bad.write_text(json.dumps({"curation": "rename", "name": "x"}) + "\n", encoding="utf-8")
    one_line_error(kb_load(loaded, bad), f"{bad}:1:")
    assert snapshot(store) == before


def test_loading_again_changes_nothing_once_claims_are_curated(loaded, tmp_path):
    """The undated delisting counts towards the dated fact, a call is retracted, two entities are merged: the
    same claims read again (another file, so not skipped) change nothing, on a store that re-merges every
    claim of a source it writes (Neo4j) as on one that writes only what is new."""
    store = loaded[0]
    ok(kb(loaded, "retract", claim_key(store, CALL_UN), "--reason", "not said"))
    ok(kb(loaded, "merge", "Andrei Rudenko", "--into", "Andrey Rudenko"))
    before = snapshot(store)
    out = ok(kb_load(loaded, write_lines(tmp_path / "again.jsonl", claims())))
    assert "6 unchanged" in out, out
    assert snapshot(store) == before
    # a call dropped, then back: the source is written again each time (Neo4j merges all its claims again)
    ok(kb_load(loaded, write_lines(tmp_path / "fewer.jsonl", [c for c in claims() if c["quote"] != CALL_US])))
    ok(kb_load(loaded, write_lines(tmp_path / "all.jsonl", claims())))
    assert snapshot(store) == before


# Three sources report one delisting: one dated the 7th, one the 6th, one undated; whatever order they come
# in, and whichever leave again, the graph is the one a single load of what is left gives.
ORDER_TEXTS = {
    "a": "On 7 October 2024 Russia removed the Taliban from its list of terrorist organizations.",
    "b": "On 6 October 2024 Russia removed the Taliban from its list of terrorist organizations.",
    "c": "Russia removed the Taliban from its list of terrorist organizations.",
}


def order_file(tmp_path: Path, name: str) -> Path:
    text = ORDER_TEXTS[name]
    quote = "Russia removed the Taliban from its list of terrorist organizations"
    return write_lines(tmp_path / f"{name}.jsonl", [{
        "source": {"text": text, "url": f"{URL}/{name}", "published": "2024-10-08"}, "subject": RUSSIA,
        "predicate": "DELISTED", "object": TALIBAN, "date": {"a": "2024-10-07", "b": "2024-10-06"}.get(name),
        "quote": quote, "qualifiers": {"list": "terrorist organizations"}}])


@pytest.mark.parametrize("order", ["abc", "acb", "bac", "bca", "cab", "cba"])
def test_facts_do_not_depend_on_load_order(backend, tmp_path, order):
    from kb.loading import load_paths, unload

    files = {n: order_file(tmp_path, n) for n in "abc"}
    expected = {}
    for kept in ("abc", "ac", "c"):
        backend.clear()
        load_paths(backend, [files[n] for n in kept])
        expected[kept] = snapshot(backend)
    backend.clear()
    for n in order:
        load_paths(backend, [files[n]])
    assert snapshot(backend) == expected["abc"]
    unload(backend, f"{URL}/b")  # one dated report left: the undated one joins it
    assert snapshot(backend) == expected["ac"]
    assert fact_rows(backend, "DELISTED") == [["state:RU", "organization:taliban", "2024-10-07", 2]]
    unload(backend, f"{URL}/a")  # none: it stands alone
    assert snapshot(backend) == expected["c"]
    assert fact_rows(backend, "DELISTED") == [["state:RU", "organization:taliban", None, 1]]


# Loads that add to stored facts: a second report of a stored date and a negated report leave the group's dated
# facts as they were (the load does not settle that group again); a report of a new date does. Each step must
# give the graph a single load of the same reports gives.
MORE_TEXTS = {
    "d": "Officials confirmed that on 7 October 2024 Russia removed the Taliban from its list of terrorist organizations.",
    "n": "It is not true that on 6 October 2024 Russia removed the Taliban from its list of terrorist organizations.",
}


def more_file(tmp_path: Path, name: str) -> Path:
    if name in ORDER_TEXTS:
        return order_file(tmp_path, name)
    quote = "Russia removed the Taliban from its list of terrorist organizations"
    return write_lines(tmp_path / f"{name}.jsonl", [{
        "source": {"text": MORE_TEXTS[name], "url": f"{URL}/{name}", "published": "2024-10-08"}, "subject": RUSSIA,
        "predicate": "DELISTED", "object": TALIBAN, "date": {"d": "2024-10-07", "n": "2024-10-06"}[name],
        "quote": quote, "qualifiers": {"list": "terrorist organizations"},
        **({"polarity": "negated"} if name == "n" else {})}])


@pytest.mark.parametrize("order", ["cadnb", "acdnb", "cndab", "dcnab"])
def test_reports_joining_stored_facts_settle_like_a_single_load(backend, tmp_path, order):
    from kb.loading import load_paths

    files = {n: more_file(tmp_path, n) for n in "abcdn"}
    expected = {}
    for i in range(1, len(order) + 1):
        backend.clear()
        load_paths(backend, [files[n] for n in sorted(order[:i])])
        expected[i] = snapshot(backend)
    backend.clear()
    for i, n in enumerate(order, start=1):
        load_paths(backend, [files[n]])
        assert snapshot(backend) == expected[i], f"after loading {order[:i]} one by one"
    # a, c and d: the undated report counts towards the 7th; b's 6th makes it stand alone
    assert fact_rows(backend, "DELISTED") == [["state:RU", "organization:taliban", None, 1],
                                              ["state:RU", "organization:taliban", "2024-10-06", 1],
                                              ["state:RU", "organization:taliban", "2024-10-07", 2]]


def test_a_load_killed_before_it_settles_leaves_its_sources_for_the_next_load_to_settle(backend, tmp_path,
                                                                                         monkeypatch):
    # A load that wrote c's undated report and died before settling its group leaves it apart from a's dated fact;
    # a later load of c, which finds c stored as it is, must still settle it (and leave no record behind).
    from kb import curation
    from kb.loading import load_paths, unload

    a, c = order_file(tmp_path, "a"), order_file(tmp_path, "c")
    load_paths(backend, [a, c])
    expected = snapshot(backend)
    backend.clear()
    load_paths(backend, [a])  # so that c goes into a store that holds claims (not an empty store's bulk path)

    def killed(store, groups):
        raise KeyboardInterrupt

    monkeypatch.setattr(curation, "settle_groups", killed)
    with pytest.raises(KeyboardInterrupt):
        load_paths(backend, [c])
    monkeypatch.undo()
    assert fact_rows(backend, "DELISTED") == [["state:RU", "organization:taliban", None, 1],
                                              ["state:RU", "organization:taliban", "2024-10-07", 1]]
    load_paths(backend, [c])
    assert fact_rows(backend, "DELISTED") == [["state:RU", "organization:taliban", "2024-10-07", 2]]
    assert snapshot(backend) == expected
    # Killed again after writing b (another date: c would stand alone), then b unloaded: its record goes with it.
    monkeypatch.setattr(curation, "settle_groups", killed)
    with pytest.raises(KeyboardInterrupt):
        load_paths(backend, [order_file(tmp_path, "b")])
    monkeypatch.undo()
    unload(backend, f"{URL}/b")
    assert snapshot(backend) == expected
