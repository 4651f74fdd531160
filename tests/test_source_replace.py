"""A source is replaced, not appended (issue 14, point 1): loading claims for a source the store holds makes
them exactly what the store holds of it; `kb load --add` adds to it instead. Through the real `kb` command
on every store backend, and at the library level where that says more."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import KB, REPO, run_kb
from kb.errors import InputError
from kb.loading import load_paths, read_batches
from kb.settings import Settings
from kb.stores import open_store
from test_loading import TEXT_A, TEXT_B, claim, write_jsonl

ARTICLE = REPO / "examples" / "kabul-moscow-en.txt"
URL = "https://example.org/kb/moscow-kabul-en"


# --- helpers ----------------------------------------------------------------------------------------

def snapshot(store) -> list[str]:
    """The whole graph, comparable across loads: every node with its labels and properties, every
    relationship with its type, ends and properties (not internal ids, not a source's loaded_at, not the
    input marks Neo4j keeps as nodes)."""
    nodes = store.read("MATCH (n) WHERE NOT n:KbInputMark RETURN labels(n), properties(n)").rows
    rels = store.read("MATCH (a)-[r]->(b) WHERE NOT a:KbInputMark RETURN type(r), labels(a), "
                      "coalesce(a.key, ''), labels(b), coalesce(b.key, ''), properties(r)").rows
    out = [json.dumps(["node", sorted(labels), {k: v for k, v in props.items() if k != "loaded_at"}], sort_keys=True,
                      ensure_ascii=False) for labels, props in nodes]
    out += [json.dumps(["rel", t, sorted(la), ka, sorted(lb), kb_, props], sort_keys=True, ensure_ascii=False)
            for t, la, ka, lb, kb_, props in rels]
    return sorted(out)


def kb_load(location: tuple, *args: str) -> subprocess.CompletedProcess:
    _, where, env = location
    return run_kb("load", *map(str, args), store=where, env=env)


def ok(res: subprocess.CompletedProcess) -> str:
    assert res.returncode == 0, res.stderr
    return res.stdout.strip()


def one_line_error(res: subprocess.CompletedProcess, *fragments: str) -> str:
    assert res.returncode == 1, res.stdout + res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kb: error: ") and "Traceback" not in res.stderr, res.stderr
    for f in fragments:
        assert f in lines[0], lines[0]
    return lines[0]


def read_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_lines(path: Path, lines: list[dict]) -> Path:
    path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in lines), encoding="utf-8")
    return path


def find(lines: list[dict], predicate: str, obj: str) -> int:
    return next(i for i, c in enumerate(lines) if c["predicate"] == predicate and c["object"]["name"] == obj)


def drop(lines: list[dict], i: int) -> dict:
    """Take a claim out of an extracted file; the source fields it alone carried (its text, say) move
    to another claim of the file, as an analyst deleting the line would have to."""
    gone = lines.pop(i)
    given = {k for c in lines for k, v in c["source"].items() if v is not None}
    extra = {k: v for k, v in gone["source"].items() if v is not None and k not in given}
    if extra:
        lines[0]["source"] = {**lines[0]["source"], **extra}
    return gone


def source_claims(store, url: str = URL) -> list[str]:
    return [r[0] for r in store.read("MATCH (c:Claim)-[:IN_SOURCE]->(:Source {url: $u}) RETURN c.key ORDER BY c.key",
                                     {"u": url}).rows]


def file_claims(path: Path) -> list[str]:
    return sorted(k for b in read_batches([path])[1] for k in b.claims)


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copy(ARTICLE, tmp_path / "a.txt")
    return tmp_path


def extracted(work: Path) -> Path:
    res = run_kb("extract", str(work / "a.txt"), "-o", str(work / "c.jsonl"))
    assert res.returncode == 0, res.stderr
    return work / "c.jsonl"


def corrected(work: Path) -> Path:
    """The issue's edit of the extracted claims: a wrong claim dropped (Russia's interest in iron ore), a
    date corrected (the delisting: 6 October, not 7)."""
    path = extracted(work)
    lines = read_lines(path)
    drop(lines, find(lines, "INTERESTED_IN", "iron ore"))
    delisted = find(lines, "DELISTED", "Taliban")
    assert lines[delisted]["date"] == "2024-10-07"
    lines[delisted]["date"] = "2024-10-06"
    return write_lines(path, lines)


# --- through the `kb` command, on every backend -------------------------------------------------------------

def test_a_corrected_claims_file_replaces_what_the_article_said(backend_location, work):
    store = backend_location[0]
    ok(kb_load(backend_location, work / "a.txt"))
    from_article = snapshot(store)
    claims = corrected(work)
    n = len(read_lines(claims))
    facts = len({k for b in read_batches([claims])[1] for k in b.facts})

    out = ok(kb_load(backend_location, claims))
    assert out.startswith(f"loaded {n} claims (1 changed, {n - 1} unchanged, 1 removed; {facts} facts) "
                          "from 1 sources in 1 files into "), out
    # exactly the file's claims: the dropped one gone, the corrected one there once, at its new date
    assert source_claims(store) == file_claims(claims)
    assert store.read("MATCH (:Entity)-[f:DELISTED]->(:Entity) RETURN f.date, size(f.claims)").rows == [["2024-10-06", 1]]
    assert store.read("MATCH (c:Claim {predicate: 'DELISTED'}) RETURN c.date").rows == [["2024-10-06"]]
    # the wrong claim's fact and its object, which nothing else held, are gone, names and all
    assert store.read("MATCH (e:Entity) WHERE e.name = 'iron ore' RETURN count(e)").rows == [[0]]
    assert store.read("MATCH (n:Name {key: 'iron ore'}) RETURN count(n)").rows == [[0]]
    assert store.read("MATCH (:Entity)-[f:INTERESTED_IN]->(r:Entity) RETURN r.name ORDER BY r.name").rows == [
        ["copper"], ["lithium"]]
    # ... so the store holds what a fresh load of the corrected file gives
    replaced = snapshot(store)
    store.clear()
    ok(kb_load(backend_location, claims))
    assert snapshot(store) == replaced

    # and loading the article again puts back what it says, exactly as its first load did
    out = ok(kb_load(backend_location, work / "a.txt"))
    assert out.startswith(f"loaded {n + 1} claims (1 new, 1 changed, {n - 1} unchanged; "), out
    assert snapshot(store) == from_article


def test_loading_twice_changes_nothing(backend_location, work):
    store = backend_location[0]
    ok(kb_load(backend_location, work / "a.txt"))
    claims = corrected(work)
    n = len(read_lines(claims))
    ok(kb_load(backend_location, claims))
    before = snapshot(store)
    # the same file again: skipped, as its mark says the store holds it
    out = ok(kb_load(backend_location, claims))
    assert out.endswith(f"; 1 files ({n} claims) were already loaded and unchanged"), out
    assert snapshot(store) == before
    # the same claims from another file (no mark): read, and nothing changes
    again = shutil.copy(claims, work / "again.jsonl")
    out = ok(kb_load(backend_location, again))
    assert out.startswith(f"loaded {n} claims ({n} unchanged; "), out
    assert snapshot(store) == before


def test_add_keeps_what_the_source_holds(backend_location, work):
    store = backend_location[0]
    ok(kb_load(backend_location, work / "a.txt"))
    extracted_claims = source_claims(store)
    text = store.read("MATCH (s:Source {url: $u}) RETURN s.text", {"u": URL}).rows[0][0]
    quote = "Moscow and Kabul draw closer"  # the headline, which no extracted claim quotes
    start = text.index(quote)
    hand = write_lines(work / "hand.jsonl", [{
        "source": {"url": URL}, "subject": {"name": "Russia", "kind": "State"}, "predicate": "MET_WITH",
        "object": {"name": "Afghanistan", "kind": "State"}, "date": "2024-10",
        "quote": quote, "span": [start, start + len(quote)], "extractor": "manual"}])

    out = ok(kb_load(backend_location, "--add", hand))
    assert out.startswith("loaded 1 claims (1 facts) from 1 sources in 1 files"), out
    held = source_claims(store)
    assert len(held) == len(extracted_claims) + 1 and set(extracted_claims) < set(held)

    # without --add the article's claims are the source's claims again: the hand-written one goes (the
    # --add load changed what the source holds, so the article's mark no longer lets it be skipped)
    out = ok(kb_load(backend_location, work / "a.txt"))
    assert out.startswith(f"loaded {len(extracted_claims)} claims ({len(extracted_claims)} unchanged, 1 removed; "), out
    assert source_claims(store) == extracted_claims

    # and a claims file loaded without --add is all its source holds
    out = ok(kb_load(backend_location, hand))
    assert source_claims(store) == file_claims(hand)
    assert f"(1 new, {len(extracted_claims)} removed; " in out


def test_two_inputs_for_one_source_are_refused(backend_location, work):
    store = backend_location[0]
    ok(kb_load(backend_location, work / "a.txt"))
    before = snapshot(store)
    claims = corrected(work)
    copy = shutil.copy(claims, work / "d.jsonl")
    # an article and a claims file carrying its URL; two claims files of one source; an article the
    # store holds unchanged (its mark would skip it) and a claims file of it
    for inputs in ([work / "a.txt", claims], [claims, copy], [work / "a.txt", copy]):
        line = one_line_error(kb_load(backend_location, *inputs), str(inputs[0]), str(inputs[1]), URL, "--add")
        assert snapshot(store) == before, line
    # the same files as a directory
    one_line_error(kb_load(backend_location, work), str(work / "a.txt"), URL)
    assert snapshot(store) == before
    # with --add they may: the source holds both files' claims
    ok(kb_load(backend_location, "--add", claims, copy))
    assert set(source_claims(store)) == set(file_claims(claims)) | set(read_batches([work / "a.txt"])[1][0].claims)


def test_a_failed_replacement_leaves_the_store_as_it_was(backend_location, work):
    store = backend_location[0]
    ok(kb_load(backend_location, work / "a.txt"))
    before = snapshot(store)
    claims = corrected(work)
    lines = read_lines(claims)
    bad = dict(lines[-1], predicate="ADMIRED")
    write_lines(claims, lines + [bad])
    one_line_error(kb_load(backend_location, claims), f"{claims}:{len(lines) + 1}", "unknown predicate 'ADMIRED'")
    assert snapshot(store) == before


def test_concurrent_replacements_leave_one_version(backend_location, tmp_path):
    """Two loads replacing one source at once: the source ends up as one of them says, never the union
    (FalkorDB: kb's write lock; Neo4j: each load locks the source before it decides what to remove)."""
    store, where, env = backend_location
    url = "https://example.org/race"
    src = {"text": TEXT_A, "url": url, "published": "2025-03-03"}
    v1 = write_jsonl(tmp_path / "v1.jsonl", [
        claim(TEXT_A, "The two foreign ministers met in Oslo on Monday", source=src),
        claim(TEXT_A, "Norway and Chile signed a fisheries agreement", predicate="SIGNED_AGREEMENT",
              qualifiers={"topic": "fisheries"}, source=src)])
    v2 = write_jsonl(tmp_path / "v2.jsonl", [
        claim(TEXT_A, "The two foreign ministers met in Oslo on Monday", date="2025-03-02", source=src),
        claim(TEXT_A, "Norway did not recognize the new council", predicate="RECOGNIZED", polarity="negated",
              object={"name": "New Council", "kind": "Organization"}, date=None, source=src)])
    versions = {tuple(file_claims(v)): v for v in (v1, v2)}
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("KB_")} | env | {"KB_STORE": where}
    for _ in range(3):
        procs = [subprocess.Popen([KB, "load", str(v)], env=full_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for v in (v1, v2, v1, v2)]
        for p in procs:
            _, err = p.communicate(timeout=300)
            assert p.returncode == 0, err
        held = tuple(source_claims(store, url))
        assert held in versions, held
        graph = snapshot(store)
        store.clear()
        load_paths(store, [versions[held]])
        assert snapshot(store) == graph  # facts, entities and all: as a single load of the winner


# --- the library: both ways of removing, on both stores ---------------------------------------------

@pytest.fixture(params=[True, False], ids=["exclusive", "shared"])
def store(backend, request):
    """Each backend, writing as a store with an exclusive write lock does (claims to remove known by key)
    and as one without (decided in the store, after locking the source): whichever it has, both must
    give the same graph."""
    backend.exclusive_writes = request.param
    return backend


def test_a_fact_another_source_holds_stays_and_is_recounted(store, tmp_path):
    # Two sources report one meeting, in two places (a qualifier that does not identify the fact).
    a = claim(TEXT_A, "The two foreign ministers met in Oslo on Monday", qualifiers={"place": "Oslo"},
              source={"text": TEXT_A, "url": "https://example.org/a", "published": "2025-03-03"})
    b = claim(TEXT_B, "Chile's foreign minister met her Norwegian counterpart in Oslo", qualifiers={"place": "Bergen"},
              source={"text": TEXT_B, "url": "https://example.org/b", "published": "2025-03-04"})
    other = claim(TEXT_A, "Norway and Chile signed a fisheries agreement", predicate="SIGNED_AGREEMENT",
                  qualifiers={"topic": "fisheries"},
                  source={"text": TEXT_A, "url": "https://example.org/a", "published": "2025-03-03"})
    load_paths(store, [write_jsonl(tmp_path / "a.jsonl", [a, other])])
    load_paths(store, [write_jsonl(tmp_path / "b.jsonl", [b])])
    query = "MATCH (:Entity)-[f:MET_WITH]->(:Entity) RETURN size(f.claims), f.sources, f.first_reported, f.place"
    assert store.read(query).rows[0][:3] == [2, 2, "2025-03-03"]
    # a's source no longer reports the meeting: the fact stays, b's alone, with b's place
    report = load_paths(store, [write_jsonl(tmp_path / "a2.jsonl", [other])])
    assert (report.new, report.changed, report.kept, report.removed) == (0, 0, 1, 1)
    assert store.read(query).rows == [[1, 1, "2025-03-04", "Bergen"]]
    graph = snapshot(store)
    store.clear()
    load_paths(store, [tmp_path / "a2.jsonl", tmp_path / "b.jsonl"])
    assert snapshot(store) == graph


def test_an_organ_left_without_claims_goes_with_its_parents(store, tmp_path):
    text = "Washington, 2 May 2025. OFAC designated the Example Shipping Company. Norway and Chile signed a deal."
    src = {"text": text, "url": "https://example.org/ofac", "published": "2025-05-02"}
    us = {"name": "United States", "kind": "State"}
    ofac = claim(text, "OFAC designated the Example Shipping Company", predicate="DESIGNATED", source=src,
                 subject={"name": "Office of Foreign Assets Control", "kind": "Organization",
                          "part_of": {"name": "United States Department of the Treasury", "kind": "Organization",
                                      "part_of": us}},
                 object={"name": "Example Shipping Company", "kind": "Organization"})
    deal = claim(text, "Norway and Chile signed a deal", predicate="SIGNED_AGREEMENT", source=src)
    load_paths(store, [write_jsonl(tmp_path / "c.jsonl", [ofac, deal])])
    assert store.read("MATCH ()-[p:PART_OF]->() RETURN count(p)").rows == [[2]]
    load_paths(store, [write_jsonl(tmp_path / "c2.jsonl", [deal])])
    assert store.read("MATCH (e:Entity) RETURN e.key ORDER BY e.key").rows == [["state:CL"], ["state:NO"]]
    assert store.read("MATCH (n:Name) WHERE n.key CONTAINS 'treasury' OR n.key CONTAINS 'ofac' "
                      "OR n.key = 'united states' RETURN count(n)").rows == [[0]]


def test_properties_outside_the_key_are_updated(store, tmp_path):
    c = claim(TEXT_A, "The two foreign ministers met in Oslo on Monday", date_text="on Monday", confidence=0.7)
    load_paths(store, [write_jsonl(tmp_path / "c.jsonl", [c])])
    report = load_paths(store, [write_jsonl(tmp_path / "d.jsonl", [dict(c, confidence=0.9, date_text="Monday")])])
    assert (report.new, report.changed, report.kept, report.removed) == (0, 1, 0, 0)
    assert store.read("MATCH (c:Claim) RETURN c.confidence, c.date_text").rows == [[0.9, "Monday"]]


def test_add_with_a_changed_text_still_drops_what_the_old_text_said(store, tmp_path):
    url = "https://example.org/a"
    old = claim(TEXT_A, "The two foreign ministers met in Oslo on Monday", source={"text": TEXT_A, "url": url})
    load_paths(store, [write_jsonl(tmp_path / "c.jsonl", [old])])
    new_text = TEXT_A.replace("met in Oslo on Monday", "talked by phone")
    new = claim(new_text, "Norway and Chile signed a fisheries agreement", predicate="SIGNED_AGREEMENT",
                qualifiers={"topic": "fisheries"}, source={"text": new_text, "url": url})
    report = load_paths(store, [write_jsonl(tmp_path / "d.jsonl", [new])], add=True)
    assert (report.new, report.removed) == (1, 1)
    assert store.read("MATCH (c:Claim) RETURN c.predicate").rows == [["SIGNED_AGREEMENT"]]
    # the same text: --add keeps the source's claims
    more = claim(new_text, "Norway and Chile signed", predicate="SIGNED_AGREEMENT", qualifiers={"topic": "trade"},
                 source={"text": new_text, "url": url})
    load_paths(store, [write_jsonl(tmp_path / "e.jsonl", [more])], add=True)
    assert store.read("MATCH (c:Claim) RETURN count(c)").rows == [[2]]


def test_two_inputs_are_refused_before_anything_is_read_into_the_store(store, tmp_path):
    c = claim(TEXT_A, "The two foreign ministers met in Oslo on Monday",
              source={"text": TEXT_A, "url": "https://example.org/a"})
    one, two = write_jsonl(tmp_path / "one.jsonl", [c]), write_jsonl(tmp_path / "two.jsonl", [c])
    with pytest.raises(InputError, match="holds claims for the same source as") as err:
        load_paths(store, [one, two])
    assert str(one) in str(err.value) and str(two) in str(err.value)
    assert store.read("MATCH (n) WHERE NOT n:KbInputMark RETURN count(n)").rows == [[0]]
    assert load_paths(store, [one, two], add=True).claims == 1
