"""Loading semantics: validation, whole sources per transaction, idempotence, facts, unload, changed sources."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb.errors import InputError
from kb.loading import load_paths, unload
from kb.stats import store_stats

TEXT_A = ("Oslo, 3 March 2025. Norway and Chile signed a fisheries agreement. "
          "The two foreign ministers met in Oslo on Monday. Norway did not recognize the new council.")
TEXT_B = "Santiago, 4 March 2025. Chile's foreign minister met her Norwegian counterpart in Oslo."


@pytest.fixture
def store(backend):
    """Every test here runs on each store backend (tests/conftest.py)."""
    return backend


def claim(text: str, quote: str, **over) -> dict:
    start = text.index(quote)
    base = {
        "source": {"text": text, "title": "t", "published": "2025-03-03", "language": "en"},
        "subject": {"name": "Norway", "kind": "State"},
        "predicate": "MET_WITH",
        "object": {"name": "Chile", "kind": "State"},
        "date": "2025-03-03",
        "quote": quote,
        "span": [start, start + len(quote)],
    }
    for k, v in over.items():
        base[k] = v
    return base


def write_jsonl(path: Path, claims: list[dict]) -> Path:
    path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in claims), encoding="utf-8")
    return path


def facts(store) -> list[list]:
    return store.read("MATCH (a:Entity)-[f]->(b:Entity) RETURN a.key, type(f), b.key, f.date, f.date_from, "
                      "f.date_to, f.precision, size(f.claims), f.sources, f.first_reported, f.last_reported "
                      "ORDER BY type(f), a.key, b.key").rows


def test_two_sources_reporting_one_meeting_make_one_fact(store, tmp_path):
    a = claim(TEXT_A, "The two foreign ministers met in Oslo on Monday")
    b = claim(TEXT_B, "Chile's foreign minister met her Norwegian counterpart in Oslo",
              subject={"name": "Chile", "kind": "State"}, object={"name": "النرويج", "kind": "State"},
              source={"text": TEXT_B, "title": "u", "published": "2025-03-04"})
    load_paths(store, [write_jsonl(tmp_path / "c.jsonl", [a, b])])
    # MET_WITH is symmetric: stored once, whichever way the claims put it
    assert facts(store) == [["state:CL", "MET_WITH", "state:NO", "2025-03-03", "2025-03-03", "2025-03-03", "day",
                             2, 2, "2025-03-03", "2025-03-04"]]


def test_negated_and_hedged_claims_make_no_fact(store, tmp_path):
    neg = claim(TEXT_A, "Norway did not recognize the new council", predicate="RECOGNIZED", polarity="negated",
                object={"name": "New Council", "kind": "Organization"}, date=None)
    hedged = claim(TEXT_A, "Norway and Chile signed a fisheries agreement", predicate="SIGNED_AGREEMENT",
                   polarity="hedged", qualifiers={"topic": "fisheries"})
    load_paths(store, [write_jsonl(tmp_path / "c.jsonl", [neg, hedged])])
    assert facts(store) == []
    rows = store.read("MATCH (c:Claim) RETURN c.predicate, c.polarity, c.fact ORDER BY c.predicate").rows
    assert rows == [["RECOGNIZED", "negated", None], ["SIGNED_AGREEMENT", "hedged", None]]


@pytest.mark.parametrize("date,expected", [
    ("2025", ["2025", "2025-01-01", "2025-12-31", "year"]),
    ("2024-02", ["2024-02", "2024-02-01", "2024-02-29", "month"]),
    ("2025-03-03", ["2025-03-03", "2025-03-03", "2025-03-03", "day"]),
    (None, [None, None, None, None]),
])
def test_partial_dates_keep_their_precision(store, tmp_path, date, expected):
    c = claim(TEXT_A, "Norway and Chile signed a fisheries agreement", predicate="SIGNED_AGREEMENT",
              qualifiers={"topic": "fisheries"}, date=date)
    load_paths(store, [write_jsonl(tmp_path / "c.jsonl", [c])])
    assert facts(store)[0][3:7] == expected


def test_identifying_qualifiers_split_facts_and_others_do_not(store, tmp_path):
    c1 = claim(TEXT_A, "Norway and Chile signed a fisheries agreement", predicate="SIGNED_AGREEMENT",
               qualifiers={"topic": "fisheries"})
    c2 = dict(c1, qualifiers={"topic": "trade"})
    m1 = claim(TEXT_A, "The two foreign ministers met in Oslo on Monday", qualifiers={"place": "Oslo"})
    m2 = claim(TEXT_A, "The two foreign ministers met in Oslo", qualifiers={"place": "Oslo city"})
    load_paths(store, [write_jsonl(tmp_path / "c.jsonl", [c1, c2, m1, m2])])
    assert [r[1] for r in facts(store)] == ["MET_WITH", "SIGNED_AGREEMENT", "SIGNED_AGREEMENT"]


def test_loading_twice_changes_nothing(store, tmp_path):
    c = claim(TEXT_A, "The two foreign ministers met in Oslo on Monday")
    path = write_jsonl(tmp_path / "c.jsonl", [c])
    load_paths(store, [path])
    snapshot = store.read("MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN n, r").rows
    load_paths(store, [path])
    assert store.read("MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN n, r").rows == snapshot


def test_changed_source_text_replaces_its_claims(store, tmp_path):
    url = "https://example.org/a"
    old = claim(TEXT_A, "The two foreign ministers met in Oslo on Monday",
                source={"text": TEXT_A, "url": url, "published": "2025-03-03"})
    load_paths(store, [write_jsonl(tmp_path / "c.jsonl", [old])])
    new_text = TEXT_A.replace("met in Oslo on Monday", "talked by phone")
    new = claim(new_text, "Norway and Chile signed a fisheries agreement", predicate="SIGNED_AGREEMENT",
                qualifiers={"topic": "fisheries"}, source={"text": new_text, "url": url, "published": "2025-03-03"})
    load_paths(store, [write_jsonl(tmp_path / "d.jsonl", [new])])
    assert [r[1] for r in facts(store)] == ["SIGNED_AGREEMENT"]
    assert store_stats(store)["claims"] == 1 and store_stats(store)["sources"] == 1


def test_unload_keeps_facts_other_sources_support(store, tmp_path):
    a = claim(TEXT_A, "The two foreign ministers met in Oslo on Monday",
              source={"text": TEXT_A, "url": "https://example.org/a", "published": "2025-03-03"})
    b = claim(TEXT_B, "Chile's foreign minister met her Norwegian counterpart in Oslo",
              source={"text": TEXT_B, "url": "https://example.org/b", "published": "2025-03-04"})
    load_paths(store, [write_jsonl(tmp_path / "c.jsonl", [a, b])])
    unload(store, "https://example.org/a")
    assert facts(store) == [["state:CL", "MET_WITH", "state:NO", "2025-03-03", "2025-03-03", "2025-03-03", "day",
                             1, 1, "2025-03-04", "2025-03-04"]]
    unload(store, "https://example.org/b")
    assert store.read("MATCH (n) RETURN count(n)").rows == [[0]]


def test_source_path_is_read_relative_to_the_claims_file(store, tmp_path):
    (tmp_path / "article.txt").write_text(TEXT_A, encoding="utf-8")
    c = claim(TEXT_A, "The two foreign ministers met in Oslo on Monday", source={"path": "article.txt"})
    c.pop("span")  # the loader finds the quote and records its span
    load_paths(store, [write_jsonl(tmp_path / "c.jsonl", [c])])
    start = TEXT_A.index("The two foreign ministers")
    assert store.read("MATCH (c:Claim) RETURN c.start, c.end").rows == [[start, start + 47]]
    assert store.read("MATCH (s:Source) RETURN s.text").rows == [[TEXT_A]]


def test_yaml_claims_with_unquoted_dates_load(store, tmp_path):
    quote = "The two foreign ministers met in Oslo on Monday"
    start = TEXT_A.index(quote)
    (tmp_path / "a.txt").write_text(TEXT_A, encoding="utf-8")
    (tmp_path / "c.yaml").write_text(
        "- source: {path: a.txt, published: 2025-03-03}\n"
        "  subject: {name: Norway, kind: State}\n  predicate: MET_WITH\n"
        "  object: {name: Chile, kind: State}\n  date: 2025-03-03\n"
        f"  quote: {quote}\n  span: [{start}, {start + len(quote)}]\n", encoding="utf-8")
    load_paths(store, [tmp_path / "c.yaml"])
    assert facts(store)[0][3] == "2025-03-03"


# Each bad input: the error names the file (and line) and the problem, and nothing is written.
BAD = [
    ("unknown predicate", lambda: [claim(TEXT_A, "Norway", predicate="LIKES")], "c.jsonl:1: unknown predicate"),
    ("domain", lambda: [claim(TEXT_A, "Norway", predicate="HOLDS_OFFICE", qualifiers={"role": "x"})],
     "HOLDS_OFFICE does not allow a State as subject"),
    ("range", lambda: [claim(TEXT_A, "Norway", predicate="HOSTED")], "HOSTED does not allow a State as object"),
    ("unknown kind", lambda: [claim(TEXT_A, "Norway", subject={"name": "X", "kind": "Planet"})],
     "unknown kind 'Planet'"),
    ("qualifier", lambda: [claim(TEXT_A, "Norway", qualifiers={"mood": "warm"})], "has no qualifier 'mood'"),
    ("enum", lambda: [claim(TEXT_A, "Norway", predicate="CALLED_FOR", qualifiers={"demand": "tea"})],
     "demand='tea' is not one of"),
    ("polarity", lambda: [claim(TEXT_A, "Norway", polarity="maybe")], "polarity"),
    ("impossible date", lambda: [claim(TEXT_A, "Norway", date="2024-13-45")], "date"),
    ("quote not at span", lambda: [dict(claim(TEXT_A, "Norway"), span=[5, 11])],
     "quote is not in the source text at span"),
    ("quote not in text", lambda: [dict(claim(TEXT_A, "Norway"), quote="Sweden", span=None)],
     "quote does not occur in the source text"),
    ("no quote", lambda: [{k: v for k, v in claim(TEXT_A, "Norway").items() if k != "quote"}], "quote: Field required"),
    ("extra field", lambda: [dict(claim(TEXT_A, "Norway"), mood="x")], "mood: Extra inputs are not permitted"),
    ("path escapes", lambda: [dict(claim(TEXT_A, "Norway"), source={"path": "../../etc/passwd"})],
     "points outside the claims file's folder"),
    ("missing path", lambda: [dict(claim(TEXT_A, "Norway"), source={"path": "nope.txt"})], "does not exist"),
    ("bad span", lambda: [dict(claim(TEXT_A, "Norway"), span=[9, 3])], "span"),
    ("confidence", lambda: [dict(claim(TEXT_A, "Norway"), confidence=2)], "confidence"),
    ("second line bad", lambda: [claim(TEXT_A, "Norway"), claim(TEXT_A, "Norway", predicate="X")], "c.jsonl:2:"),
]


@pytest.mark.parametrize("name,make,message", BAD, ids=[b[0] for b in BAD])
def test_bad_claims_fail_with_file_and_line_and_write_nothing(store, tmp_path, name, make, message):
    good = write_jsonl(tmp_path / "a-good.jsonl", [claim(TEXT_B, "Chile's foreign minister met")])
    bad = write_jsonl(tmp_path / "c.jsonl", make())
    with pytest.raises(InputError) as err:
        load_paths(store, [good, bad])
    assert message in str(err.value)
    assert str(bad) in str(err.value)
    assert "\n" not in str(err.value)
    assert store.read("MATCH (n) RETURN count(n)").rows == [[0]]


@pytest.mark.parametrize("name,content,message", [
    ("empty", b"", "is empty"),
    ("binary", b"\x00\x01\x02", "binary"),
    ("latin-1", '{"a": "caf\u00e9"}'.encode("latin-1"), "not valid UTF-8"),
    ("bad json", b'{"source": ', "c.jsonl:1: invalid JSON"),
    ("not an object", b"[1, 2]\n", "a claim must be an object"),
])
def test_unreadable_jsonl(store, tmp_path, name, content, message):
    path = tmp_path / "c.jsonl"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        load_paths(store, [path])


@pytest.mark.parametrize("content,message", [
    ("- !!python/object/apply:os.system ['echo hi']\n", "invalid YAML"),
    ("- key: [unclosed\n", "invalid YAML"),
    ("just: a mapping\n", "must hold a list of claims"),
])
def test_unsafe_or_malformed_yaml(store, tmp_path, content, message):
    path = tmp_path / "c.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_paths(store, [path])


def test_unknown_file_type_and_missing_paths(store, tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.7")
    with pytest.raises(InputError, match="unknown file type .pdf"):
        load_paths(store, [tmp_path / "notes.pdf"])
    with pytest.raises(InputError, match="no such file or directory"):
        load_paths(store, [tmp_path / "missing.jsonl"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="holds no claims files or articles"):
        load_paths(store, [tmp_path / "empty"])


def test_fact_summary_does_not_depend_on_load_order(store, tmp_path):
    # Two sources disagree on a non-identifying qualifier (where the meeting was).
    a = claim(TEXT_A, "The two foreign ministers met in Oslo on Monday", qualifiers={"place": "Oslo"},
              source={"text": TEXT_A, "url": "https://example.org/a", "published": "2025-03-03"})
    b = claim(TEXT_B, "Chile's foreign minister met her Norwegian counterpart in Oslo", qualifiers={"place": "Bergen"},
              source={"text": TEXT_B, "url": "https://example.org/b", "published": "2025-03-04"})
    fa, fb = write_jsonl(tmp_path / "a.jsonl", [a]), write_jsonl(tmp_path / "b.jsonl", [b])
    query = "MATCH (:Entity)-[f:MET_WITH]->(:Entity) RETURN f.claims, f.place, f.sources"
    load_paths(store, [fa])
    load_paths(store, [fb])
    forward = store.read(query).rows
    store.clear()
    load_paths(store, [fb])
    load_paths(store, [fa])
    assert store.read(query).rows == forward
    claims, place, sources = forward[0]
    assert claims == sorted(claims) and sources == 2
    # The claims disagree on the place: the fact keeps both, in claim key order (issue 14, point 5).
    lowest = store.read("MATCH (c:Claim) RETURN c.key, c.place ORDER BY c.key").rows[0]
    assert place == [lowest[1], ({"Oslo", "Bergen"} - {lowest[1]}).pop()]
    # unloading the source of the lowest claim hands the qualifier to the remaining one
    url = "https://example.org/a" if lowest[1] == "Oslo" else "https://example.org/b"
    unload(store, url)
    assert store.read(query).rows[0][1:] == ["Bergen" if lowest[1] == "Oslo" else "Oslo", 1]


COURT = "Moscow, 17 April 2025. Russia's Supreme Court suspended the ban on the Taliban. Russia welcomed it."
TREASURY = "Washington, 2 May 2025. OFAC designated the Example Shipping Company."


def _organ(name: str, parent: dict) -> dict:
    return {"name": name, "kind": "Organization", "part_of": parent}


def test_organs_hang_on_their_state_and_go_with_their_last_source(store, tmp_path):
    us = {"name": "United States", "kind": "State"}
    court = claim(COURT, "Russia's Supreme Court suspended the ban on the Taliban", predicate="DELISTED",
                  subject=_organ("Supreme Court of Russia", {"name": "Russia", "kind": "State"}),
                  object={"name": "Taliban", "kind": "Organization"},
                  source={"text": COURT, "url": "https://example.org/court", "published": "2025-04-17"})
    welcome = claim(COURT, "Russia welcomed it", predicate="WELCOMED", subject={"name": "Russia", "kind": "State"},
                    object={"name": "Taliban", "kind": "Organization"},
                    source={"text": COURT, "url": "https://example.org/court", "published": "2025-04-17"})
    ofac = claim(TREASURY, "OFAC designated the Example Shipping Company", predicate="DESIGNATED",
                 subject=_organ("Office of Foreign Assets Control",
                                _organ("United States Department of the Treasury", us)),
                 object={"name": "Example Shipping Company", "kind": "Organization"},
                 source={"text": TREASURY, "url": "https://example.org/ofac", "published": "2025-05-02"})
    path = write_jsonl(tmp_path / "organs.jsonl", [court, welcome, ofac])
    load_paths(store, [path])
    parts = "MATCH (a:Entity)-[p:PART_OF]->(b:Entity) RETURN a.key, b.key, p.source ORDER BY a.key"
    expected = [["organization:office-of-foreign-assets-control", "organization:united-states-department-of-the-treasury",
                 "kb gazetteer"],
                ["organization:supreme-court-of-russia", "state:RU", "kb gazetteer"],
                ["organization:united-states-department-of-the-treasury", "state:US", "kb gazetteer"]]
    assert store.read(parts).rows == expected
    load_paths(store, [write_jsonl(tmp_path / "again.jsonl", [ofac, court, welcome])])  # twice: nothing new
    assert store.read(parts).rows == expected
    assert store_stats(store)["structure.PART_OF"] == 3 and store_stats(store)["facts"] == 3
    # The OFAC source goes: OFAC, the Treasury and the United States (nothing else names them) go too.
    unload(store, "https://example.org/ofac")
    assert store.read(parts).rows == [expected[1]]
    assert store.read("MATCH (e:Entity) RETURN e.key ORDER BY e.key").rows == [
        ["organization:supreme-court-of-russia"], ["organization:taliban"], ["state:RU"]]
    unload(store, "https://example.org/court")
    assert store.read("MATCH (n) RETURN count(n)").rows == [[0]]


def test_an_organ_part_of_a_person_is_refused(store, tmp_path):
    bad = claim(COURT, "Russia's Supreme Court suspended the ban on the Taliban", predicate="DELISTED",
                subject=_organ("Supreme Court of Russia", {"name": "Vladimir Putin", "kind": "Person"}),
                object={"name": "Taliban", "kind": "Organization"})
    with pytest.raises(InputError, match="cannot be part_of a Person"):
        load_paths(store, [write_jsonl(tmp_path / "bad.jsonl", [bad])])
    assert store.read("MATCH (n) RETURN count(n)").rows == [[0]]
