"""Large inputs loaded into an empty store are streamed (kb.loading._stream_into_empty): files are written while
later ones are validated. The store must come out as the whole-input path leaves it, and a bad file, or an
input the stream cannot take alone, must leave the store as it was (empty)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

import kb.loading as loading
from kb.errors import InputError
from kb.loading import load_paths

TEXT = "Oslo, 3 March 2025. Norway and Chile signed a fisheries agreement. The two ministers met in Oslo."
TEXT_2 = "Santiago, 4 March 2025. Chile's minister met her Norwegian counterpart in Oslo on Monday."


def claim(text: str, quote: str, url: str | None = None, **over) -> dict:
    start = text.index(quote)
    base = {"source": {"text": text, "title": "t", "published": "2025-03-03", "language": "en", **({"url": url} if url else {})},
            "subject": {"name": "Norway", "kind": "State"}, "predicate": "MET_WITH",
            "object": {"name": "Chile", "kind": "State"}, "date": "2025-03-03", "quote": quote,
            "span": [start, start + len(quote)]}
    base.update(over)
    return base


def write_jsonl(path: Path, claims: list[dict]) -> Path:
    path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in claims), encoding="utf-8")
    return path


def corpus(tmp_path: Path) -> list[Path]:
    """Three files of 12 claims in 8 sources: facts shared across files, gaining sources published earlier and
    later (and one not dated), qualifiers their claims disagree on, an undated claim that joins its group's dated
    fact, negated claims."""
    files = []
    for i in range(3):
        claims = []
        for j in range(4):
            url = f"https://example.org/{i}/{j}"
            published = {"published": f"2025-0{1 + (i * 4 + j) % 5}"} if (i, j) != (1, 2) else {}
            met = claim(TEXT, "The two ministers met in Oslo", url=url, date=None if (i, j) == (2, 1) else "2025-03-03",
                        qualifiers={"place": ["Oslo", "Bergen"][(i + j) % 2]} if j else {})
            met["source"] = {k: v for k, v in met["source"].items() if k != "published"} | published
            claims.append(met)
            signed = claim(TEXT, "Norway and Chile signed a fisheries agreement", url=url,
                           predicate="SIGNED_AGREEMENT", date=f"2025-03-0{1 + j}")
            signed["source"] = met["source"]
            claims.append(signed)
            claims.append(claim(TEXT_2, "Chile's minister met", url=url + "/b", polarity="negated",
                                subject={"name": "Chile", "kind": "State"}))
        files.append(write_jsonl(tmp_path / f"c{i}.jsonl", claims))
    return files


def digest(store) -> dict:
    """The whole graph, without load times: labels and properties of nodes, types, ends and properties of edges."""
    nodes = sorted(json.dumps([sorted(labels), {k: v for k, v in props.items() if k != "loaded_at"}], sort_keys=True)
                   for labels, props in store.read("MATCH (n) RETURN labels(n), properties(n)").rows)
    edges = sorted(json.dumps(row, sort_keys=True) for row in store.read(
        "MATCH (a)-[r]->(b) RETURN type(r), a.key, b.key, properties(r)").rows)
    return {"nodes": len(nodes), "edges": len(edges),
            "hash": hashlib.sha256("\n".join(nodes + edges).encode()).hexdigest()}


@pytest.fixture
def streaming(monkeypatch):
    """Every input counts as large: loads into an empty store stream, a claim per transaction."""
    monkeypatch.setattr(loading, "STREAM_BYTES", 0)
    calls = []
    real = loading._stream_into_empty

    def spy(*a, **k):
        out = real(*a, **k)
        calls.append(out is not None)
        return out

    monkeypatch.setattr(loading, "_stream_into_empty", spy)
    return calls


def test_a_streamed_load_builds_the_graph_the_whole_input_path_builds(store, tmp_path, monkeypatch, streaming):
    files = corpus(tmp_path)
    streamed = load_paths(store, files, chunk_claims=1)
    assert streaming == [True]
    got = digest(store)
    store.clear()
    monkeypatch.setattr(loading, "STREAM_BYTES", 1 << 60)
    whole = load_paths(store, files, chunk_claims=1)
    assert digest(store) == got
    for field in ("files", "sources", "claims", "facts", "new", "kept", "changed", "removed"):
        assert getattr(streamed, field) == getattr(whole, field), field
    # The files are marked as loaded: loading them again reads nothing and changes nothing.
    again = load_paths(store, files)
    assert again.unchanged_files == 3 and digest(store) == got


def test_a_bad_file_after_written_ones_leaves_the_store_empty(store, tmp_path, streaming):
    files = corpus(tmp_path)
    bad = write_jsonl(tmp_path / "d.jsonl", [claim(TEXT, "Norway", predicate="NO_SUCH")])
    with pytest.raises(InputError) as err:
        load_paths(store, [*files, bad], chunk_claims=1)
    assert "unknown predicate 'NO_SUCH'" in str(err.value) and str(bad) in str(err.value)
    assert store.read("MATCH (n) RETURN count(n)").rows == [[0]]
    report = load_paths(store, files)  # nothing was marked as loaded
    assert report.unchanged_files == 0 and report.claims == 36


def test_a_source_in_two_files_is_refused_as_before(store, tmp_path, streaming):
    one = write_jsonl(tmp_path / "a.jsonl", [claim(TEXT, "The two ministers met in Oslo", url="https://e.org/1")])
    two = write_jsonl(tmp_path / "b.jsonl", [claim(TEXT, "Norway and Chile", url="https://e.org/1")])
    with pytest.raises(InputError, match="holds claims for the same source as"):
        load_paths(store, [one, two], chunk_claims=1)
    assert store.read("MATCH (n) RETURN count(n)").rows == [[0]]
    assert streaming == [False]  # given up, store emptied again, and the whole-input path said why


def test_a_text_given_without_its_url_takes_the_whole_input_path(store, tmp_path, monkeypatch, streaming):
    sha = hashlib.sha256(TEXT.encode()).hexdigest()
    deferred = claim(TEXT, "Norway and Chile", predicate="SIGNED_AGREEMENT")
    deferred["source"] = {"text": TEXT, "sha256": sha}  # no URL: it joins the source whose text this is
    one = write_jsonl(tmp_path / "a.jsonl", [claim(TEXT_2, "Chile's minister met", url="https://e.org/2")])
    two = write_jsonl(tmp_path / "b.jsonl", [deferred, claim(TEXT, "The two ministers met in Oslo",
                                                             url="https://e.org/1")])
    report = load_paths(store, [one, two], chunk_claims=1)
    assert streaming == [False] and report.sources == 2 and report.claims == 3
    got = digest(store)
    store.clear()
    monkeypatch.setattr(loading, "STREAM_BYTES", 1 << 60)
    load_paths(store, [one, two], chunk_claims=1)
    assert digest(store) == got


def test_a_store_that_holds_something_is_not_streamed_into(store, tmp_path, streaming):
    files = corpus(tmp_path)
    load_paths(store, files[:1])
    assert streaming == [True]
    load_paths(store, files[1:])
    assert streaming == [True, False]  # the second load found the store holding claims: the whole-input path
    assert store.read("MATCH (c:Claim) RETURN count(c)").rows == [[36]]
