"""Fuzzing every reader and the claim validator: whatever bytes a file holds, reading it either gives
claims (or articles, or gazetteer entries) or raises InputError naming the file; never another exception."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.errors import InputError
from kb.ontology import load_ontology
from kb.validate import BatchBuilder
from loaders.articles import read_articles
from loaders.claims_file import read_claims_file
from loaders.gazetteer import read_gazetteer_file

FUZZ = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Bytes that look like the formats, and bytes that do not.
_SYNTAX = st.sampled_from([b"{", b"}", b"[", b"]", b":", b",", b'"', b"\n", b"- ", b"---\n", b"\x00", b"\xff",
                           b"!!python/object:os.system", b"\\u0000", b"source", b"quote", b"2024-13-45", b"&a",
                           b"*a", b"<html>", b"<p>", b"\xd8\xb1\xd9\x88\xd8\xb3\xd9\x8a\xd8\xa7"])
CONTENT = st.one_of(st.binary(max_size=400), st.lists(_SYNTAX, max_size=60).map(b"".join))

JSON_VALUE = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                          lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner,
                                                                                      max_size=4), max_leaves=20)
CLAIM_KEYS = ["source", "subject", "predicate", "object", "quote", "span", "date", "polarity", "qualifiers",
              "confidence", "date_text", "extractor", "name", "kind", "text", "path", "url", "published"]
CLAIMISH = st.dictionaries(st.sampled_from(CLAIM_KEYS), JSON_VALUE | st.dictionaries(st.sampled_from(CLAIM_KEYS),
                                                                                     JSON_VALUE, max_size=5),
                           max_size=9)


def _read(name: str, content: bytes, reader) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / name
        path.write_bytes(content)
        try:
            items = list(reader(path))
        except InputError as exc:
            assert str(path) in str(exc) and "\n" not in str(exc)
            return
        if reader is read_claims_file:  # what reads also validates against the ontology, or says why not
            builder = BatchBuilder(load_ontology())
            try:
                for item in items:
                    builder.add(item)
                builder.finish()
            except InputError as exc:
                assert str(path) in str(exc)


@FUZZ
@given(CONTENT, st.sampled_from(["c.jsonl", "c.json", "c.yaml"]))
def test_claims_readers_take_any_bytes(content: bytes, name: str) -> None:
    _read(name, content, read_claims_file)


@FUZZ
@given(CONTENT, st.sampled_from(["a.txt", "a.md", "a.html", "a.jsonl"]))
def test_article_readers_take_any_bytes(content: bytes, name: str) -> None:
    _read(name, content, read_articles)


@FUZZ
@given(st.one_of(CONTENT, st.lists(st.sampled_from([b"entries:", b"\n  - ", b"{kind: State, ", b"name: ", b"names: ",
                                                   b"{en: [", b"]}", b"}", b"key: ", b"blocked: ", b"&a ", b"*a",
                                                   b"'state:NO'", b"Norway", b"\\0", b"2024-13-45"]),
                               max_size=40).map(b"".join)))
def test_the_gazetteer_reader_takes_any_bytes(content: bytes) -> None:
    _read("g.yaml", content, lambda path: [read_gazetteer_file(path)])


@FUZZ
@given(st.lists(CLAIMISH, min_size=1, max_size=3))
def test_the_claim_validator_takes_any_claim_shaped_json(claims: list[dict]) -> None:
    _read("c.jsonl", "".join(json.dumps(c) + "\n" for c in claims).encode(), read_claims_file)
