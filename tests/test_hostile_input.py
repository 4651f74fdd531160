"""Hostile and broken input through `kb load`: one line on stderr naming the file and the problem, exit 1,
and a store exactly as it was (it already holds the example claims).

The command runs in-process (kb.cli.main, as the `kb` script does) so the table stays fast; test_cli.py
runs the installed script for the same kind of error.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from conftest import BACKENDS, REPO, alias_bomb, open_neo4j, start_holder, stop_holder
from kb.cli import main
from kb.loading import load_paths
from kb.stores.falkordb_store import FalkorDBStore

TEXT = "Oslo, 3 March 2025. The two foreign ministers met in Oslo on Monday."
QUOTE = "The two foreign ministers met in Oslo on Monday"
EXAMPLE = REPO / "examples" / "example-claims.yaml"


def claim(**over) -> dict:
    start = TEXT.index(QUOTE)
    base = {"source": {"text": TEXT, "title": "t", "published": "2025-03-03", "language": "en"},
            "subject": {"name": "Norway", "kind": "State"}, "predicate": "MET_WITH",
            "object": {"name": "Chile", "kind": "State"}, "date": "2025-03-03", "quote": QUOTE,
            "span": [start, start + len(QUOTE)]}
    base.update(over)
    return base


def jsonl(*claims: dict) -> bytes:
    return "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in claims).encode()


def without(key: str) -> dict:
    return {k: v for k, v in claim().items() if k != key}


LAUGHS = ("- bomb:\n" + alias_bomb("    ")).encode()

# (id, file name, content, what the error must say besides the file's path)
FILES: list[tuple[str, str, bytes, str]] = [
    # unreadable files
    ("empty-jsonl", "c.jsonl", b"", "is empty"),
    ("binary-jsonl", "c.jsonl", b"\x00\x01\x02\xff" * 10, "binary"),
    ("latin1-jsonl", "c.jsonl", '{"q": "caf\u00e9"}\n'.encode("latin-1"), "not valid UTF-8"),
    ("truncated-json", "c.jsonl", b'{"source": {"text": "x"', "invalid JSON"),
    ("array-line", "c.jsonl", b"[1, 2]\n", "must be an object"),
    ("string-line", "c.jsonl", b'"a claim"\n', "must be an object"),
    ("number-line", "c.jsonl", b"42\n", "must be an object"),
    ("null-line", "c.jsonl", b"null\n", "must be an object"),
    ("trailing-garbage", "c.jsonl", jsonl(claim())[:-1] + b" oops\n", "invalid JSON"),
    ("nested-bomb", "c.jsonl", b"[" * 100_000 + b"]" * 100_000 + b"\n", "c.jsonl:1: invalid JSON: nested too deeply"),
    ("nested-bomb-json", "c.json", b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    # the claim's shape
    ("unknown-predicate", "c.jsonl", jsonl(claim(predicate="LIKES")), "unknown predicate 'LIKES'"),
    ("lower-case-predicate", "c.jsonl", jsonl(claim(predicate="met_with")), "unknown predicate"),
    ("unknown-kind", "c.jsonl", jsonl(claim(subject={"name": "X", "kind": "Planet"})), "unknown kind 'Planet'"),
    ("empty-kind", "c.jsonl", jsonl(claim(subject={"name": "X", "kind": ""})), "kind"),
    ("no-subject", "c.jsonl", jsonl(without("subject")), "subject"),
    ("no-object", "c.jsonl", jsonl(without("object")), "object"),
    ("no-predicate", "c.jsonl", jsonl(without("predicate")), "predicate"),
    ("no-source", "c.jsonl", jsonl(without("source")), "source"),
    ("no-quote", "c.jsonl", jsonl(without("quote")), "quote"),
    ("empty-name", "c.jsonl", jsonl(claim(subject={"name": "", "kind": "State"})), "name"),
    ("subject-string", "c.jsonl", jsonl(claim(subject="Norway")), "subject"),
    ("extra-field", "c.jsonl", jsonl(claim(mood="x")), "mood"),
    ("extra-source-field", "c.jsonl", jsonl(claim(source={"text": TEXT, "colour": "red"})), "colour"),
    ("url-number", "c.jsonl", jsonl(claim(source={"text": TEXT, "url": 7})), "url"),
    ("predicate-number", "c.jsonl", jsonl(claim(predicate=3)), "predicate"),
    # the ontology
    ("domain", "c.jsonl", jsonl(claim(predicate="HOLDS_OFFICE", qualifiers={"role": "x"})),
     "does not allow a State as subject"),
    ("range", "c.jsonl", jsonl(claim(predicate="HOSTED")), "does not allow a State as object"),
    ("unknown-qualifier", "c.jsonl", jsonl(claim(qualifiers={"mood": "warm"})), "has no qualifier 'mood'"),
    ("enum-qualifier", "c.jsonl", jsonl(claim(predicate="CALLED_FOR", qualifiers={"demand": "tea"})),
     "is not one of"),
    ("polarity", "c.jsonl", jsonl(claim(polarity="maybe")), "polarity"),
    # dates
    ("month-13", "c.jsonl", jsonl(claim(date="2024-13-45")), "date"),
    ("feb-30", "c.jsonl", jsonl(claim(date="2024-02-30")), "date"),
    ("free-text-date", "c.jsonl", jsonl(claim(date="yesterday")), "date"),
    ("published-feb-30", "c.jsonl", jsonl(claim(source={"text": TEXT, "published": "2023-02-29"})), "published"),
    # quotes and spans
    ("quote-not-in-text", "c.jsonl", jsonl(claim(quote="Sweden", span=None)), "does not occur in the source text"),
    ("quote-wrong-span", "c.jsonl", jsonl(claim(span=[0, len(QUOTE)])), "not in the source text at span"),
    ("span-reversed", "c.jsonl", jsonl(claim(span=[30, 3])), "span"),
    ("span-past-end", "c.jsonl", jsonl(claim(span=[len(TEXT), len(TEXT) + len(QUOTE)])), "span"),
    ("span-negative", "c.jsonl", jsonl(claim(span=[-5, len(QUOTE) - 5])), "span"),
    ("span-three", "c.jsonl", jsonl(claim(span=[1, 2, 3])), "span"),
    ("span-strings", "c.jsonl", jsonl(claim(span=["a", "b"])), "span"),
    ("empty-quote", "c.jsonl", jsonl(claim(quote="", span=None)), "quote"),
    ("null-quote", "c.jsonl", jsonl(claim(quote=None)), "quote"),
    ("confidence-2", "c.jsonl", jsonl(claim(confidence=2)), "confidence"),
    ("confidence-word", "c.jsonl", jsonl(claim(confidence="high")), "confidence"),
    # source paths
    ("path-escapes", "c.jsonl", jsonl(claim(source={"path": "../../etc/passwd"})), "outside the claims file's folder"),
    ("path-absolute", "c.jsonl", jsonl(claim(source={"path": "/etc/passwd"})), "outside the claims file's folder"),
    ("path-missing", "c.jsonl", jsonl(claim(source={"path": "nope.txt"})), "does not exist"),
    ("second-line-bad", "c.jsonl", jsonl(claim(), claim(predicate="X")), "c.jsonl:2:"),
    # YAML and JSON files
    ("yaml-python-object", "c.yaml", b"- !!python/object/apply:os.system ['echo pwned']\n", "invalid YAML"),
    ("yaml-python-name", "c.yaml", b"- !!python/name:os.system\n", "invalid YAML"),
    ("yaml-unclosed", "c.yaml", b"- key: [unclosed\n", "c.yaml:2: invalid YAML"),
    ("yaml-mapping", "c.yaml", b"just: a mapping\n", "list of claims"),
    ("yaml-strings", "c.yaml", b"- a\n- b\n", "must be an object"),
    ("yaml-tab", "c.yaml", b"- source:\n\t text: x\n", "invalid YAML"),
    ("yaml-empty", "c.yaml", b"", "is empty"),
    ("yaml-impossible-date", "c.yaml", b"- date: 2024-13-45\n", "invalid YAML: month must be in 1..12"),
    ("yaml-billion-laughs", "c.yaml", LAUGHS, "stands for over 100,000 values"),
    ("yaml-recursive-alias", "c.yaml", b"- &a {source: *a}\n", "refers to a node that contains it"),
    ("yaml-two-documents", "c.yaml", b"[]\n---\n[]\n", "c.yaml:2: holds more than one YAML document"),
    ("json-object", "c.json", b'{"claims": []}', "list of claims"),
    ("json-unclosed-list", "c.json", b"[" + json.dumps(claim()).encode(), "the list is not closed by ]"),
    ("json-invalid", "c.json", b"[{,]", "invalid JSON"),
    # articles
    ("empty-article", "a.txt", b"", "no article text"),
    ("binary-article", "a.txt", b"\x00\x00\x00\x01PK\x03\x04", "binary"),
    ("latin1-article", "a.txt", "Caf\u00e9 in Oslo.".encode("latin-1"), "UTF-8"),
    ("html-without-text", "a.html", b"<html><head><script>x()</script></head><body></body></html>", "text"),
    ("bad-front-matter-date", "a.md", b"---\npublished: 2024-13-45\n---\nNorway met Chile in Oslo.\n",
     "month must be in 1..12"),
    ("pdf", "notes.pdf", b"%PDF-1.7\n", "unknown file type .pdf"),
]


@dataclass(frozen=True)
class Target:
    """Where the table loads: a KB_STORE value, the environment it needs, and a way to open it."""

    location: str
    env: dict
    open: Callable[[], object]


@pytest.fixture(scope="module", params=BACKENDS)
def store(request, tmp_path_factory):
    """A store holding the example claims, on each backend; the embedded one held open by another process for
    the whole table."""
    if request.param == "falkordb":
        path = tmp_path_factory.mktemp("hostile") / "kb"
        holder = start_holder(path, EXAMPLE)
        yield Target(str(path), {}, lambda: FalkorDBStore(path))
        stop_holder(holder)
        return
    server = request.getfixturevalue("neo4j_server")
    with open_neo4j(server) as st:
        st.clear()
        load_paths(st, [EXAMPLE])
    yield Target(server[0], server[1], lambda: open_neo4j(server))
    with open_neo4j(server) as st:
        st.clear()


def snapshot(target: Target) -> list:
    with target.open() as st:
        return st.read("MATCH (n) OPTIONAL MATCH (n)-[r]->(m) RETURN labels(n), properties(n), type(r), "
                       "properties(r), m.key ORDER BY n.key, type(r), m.key, r.key").rows


def kb_load(monkeypatch, capsys, target: Target, *args: Path | str) -> tuple[int, str]:
    monkeypatch.setenv("KB_STORE", target.location)
    for name, value in target.env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "argv", ["kb", "load", *map(str, args)])
    with pytest.raises(SystemExit) as done:
        main()
    return done.value.code, capsys.readouterr().err


def assert_refused(code: int, err: str, path: Path, fragment: str) -> None:
    lines = err.strip().splitlines()
    assert code == 1, err
    assert len(lines) == 1, err
    assert lines[0].startswith("kb: error: ") and str(path) in lines[0] and fragment in lines[0], lines[0]
    assert "Traceback" not in err


@pytest.mark.parametrize("name,filename,content,fragment", FILES, ids=[f[0] for f in FILES])
def test_bad_file_is_refused_in_one_line_and_changes_nothing(store, tmp_path, monkeypatch, capsys,
                                                           name, filename, content, fragment):
    path = store
    before = snapshot(path)
    good = tmp_path / "a-good.jsonl"  # loaded first in the same command, and still not written
    good.write_bytes(jsonl(claim(source={"text": TEXT, "url": f"https://example.org/{name}"})))
    bad = tmp_path / filename
    bad.write_bytes(content)
    code, err = kb_load(monkeypatch, capsys, path, good, bad)
    assert_refused(code, err, bad, fragment)
    assert snapshot(path) == before


# (id, builds the input under a folder and returns what to pass, what the error must say)
TREES: list[tuple[str, Callable[[Path], Path], str]] = [
    ("missing-path", lambda d: d / "missing.jsonl", "no such file or directory"),
    ("empty-folder", lambda d: (d / "empty").mkdir() or d / "empty", "holds no claims files or articles"),
    ("symlink-loop", lambda d: (d / "loop").mkdir() or os.symlink(d / "loop", d / "loop" / "again")
     or (d / "loop" / "c.jsonl").write_bytes(b"") or d / "loop", "is empty"),
    ("dangling-symlink", lambda d: os.symlink(d / "gone.jsonl", d / "c.jsonl") or d / "c.jsonl",
     "no such file or directory"),
    ("self-symlink", lambda d: os.symlink(d / "self.jsonl", d / "self.jsonl") or d / "self.jsonl", "self.jsonl"),
    ("fifo-pretending", lambda d: os.mkfifo(d / "pipe.jsonl") or d / "pipe.jsonl", "pipe.jsonl"),
    # Too big to be an article: refused from its size, before it is read (the files are sparse).
    ("huge-article", lambda d: sized(d / "book.txt", 11 << 20), "is 11 MB, more than one article can be (10 MB)"),
    ("huge-page", lambda d: sized(d / "dump.html", 41 << 20), "is 41 MB, more than one article can be (40 MB)"),
    ("huge-article-record", lambda d: (d / "a.jsonl").write_bytes(jsonl({"text": "Norway met Chile. " * 640_000}))
     and d / "a.jsonl", "a.jsonl:1: an article text of 11 MB is more than one article can be"),
]


def sized(path: Path, size: int) -> Path:
    with path.open("wb") as fh:
        fh.truncate(size)
    return path


@pytest.mark.parametrize("name,build,fragment", TREES, ids=[t[0] for t in TREES])
def test_bad_paths_are_refused_in_one_line_and_change_nothing(store, tmp_path, monkeypatch, capsys,
                                                             name, build, fragment):
    path = store
    before = snapshot(path)
    target = build(tmp_path)
    code, err = kb_load(monkeypatch, capsys, path, target)
    assert_refused(code, err, target, fragment)
    assert snapshot(path) == before


# A user's gazetteer (`--gazetteer FILE`) is input too: (id, content, what the error must say)
GAZETTEERS = [
    ("latin1", "entries:\n  - {kind: State, name: Caf\u00e9}\n".encode("latin-1"), "not valid UTF-8"),
    ("binary", b"\x00\x01PK\x03\x04", "binary"),
    ("impossible-date", b"entries:\n  - {kind: State, name: X, key: 2024-13-45}\n", "month must be in 1..12"),
    ("nested-bomb", b"[" * 100_000 + b"]" * 100_000, "invalid YAML"),
    ("alias-bomb", ("entries:\n  - kind: State\n    name: X\n    names:\n" + alias_bomb("      ")).encode(),
     "stands for over 5,000,000 values"),
    ("python-tag", b"entries: !!python/object/apply:os.system ['true']\n", "invalid YAML"),
    ("nul-name", b'entries:\n  - {kind: State, name: "Nor\\0way"}\n', "entries.0.name: contains a NUL"),
    ("kind-clash", b"entries:\n  - {kind: Person, name: Norway, key: 'state:NO'}\n",
     "entry state:NO is a Person here but a State in the shipped gazetteer"),
    ("unknown-kind", b"entries:\n  - {kind: Planet, name: Mars}\n", "unknown kind 'Planet'"),
    ("two-documents", b"entries: []\n---\nentries: []\n", "more than one YAML document"),
]


@pytest.mark.parametrize("name,content,fragment", GAZETTEERS, ids=[g[0] for g in GAZETTEERS])
def test_bad_gazetteer_is_refused_in_one_line_and_changes_nothing(store, tmp_path, monkeypatch, capsys,
                                                                  name, content, fragment) -> None:
    before = snapshot(store)
    article = tmp_path / "a.txt"
    article.write_text("Oslo, 3 March 2025. Norway and Chile signed a trade deal in Oslo.\n", encoding="utf-8")
    gazetteer = tmp_path / "mine.yaml"
    gazetteer.write_bytes(content)
    code, err = kb_load(monkeypatch, capsys, store, "--gazetteer", gazetteer, article)
    assert_refused(code, err, gazetteer, fragment)
    assert snapshot(store) == before


def test_the_table_is_long_enough() -> None:
    assert len(FILES) + len(TREES) >= 60


def test_a_file_that_vanishes_after_it_was_listed(store, tmp_path, monkeypatch, capsys) -> None:
    import kb.loading

    path = store
    before = snapshot(path)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.jsonl").write_bytes(jsonl(claim()))
    gone = folder / "b.jsonl"
    gone.write_bytes(jsonl(claim(source={"text": TEXT, "url": "https://example.org/gone"})))
    listed = kb.loading.collect_inputs

    def list_then_lose(paths):
        files = listed(paths)
        gone.unlink()  # another program removes it between the listing and the reading
        return files

    monkeypatch.setattr(kb.loading, "collect_inputs", list_then_lose)
    code, err = kb_load(monkeypatch, capsys, path, folder)
    assert_refused(code, err, gone, "no such file")
    assert snapshot(path) == before


PEAK_RSS = """
import resource, subprocess, sys
proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stderr.write(proc.stderr)
print(proc.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


# (suffix, what opens the file and holds one good claim, the broken end, the error the last line gets)
BIG = [
    ("jsonl", lambda: jsonl(claim()), b'{"source": \n', "invalid JSON"),
    ("json", lambda: b"[" + json.dumps(claim()).encode() + b",\n", b'{"source": ', "invalid JSON"),
    ("yaml", lambda: b"- " + json.dumps(claim()).encode() + b"\n", b"- {source: ]}\n", "invalid YAML"),
]


@pytest.mark.parametrize("suffix,head,tail,problem", BIG, ids=[b[0] for b in BIG])
def test_a_200_mb_claims_file_is_streamed(tmp_path, suffix, head, tail, problem) -> None:
    # One good claim, 200 MB of blank lines, then a broken claim: kb reads to the end a piece at a time, so
    # its memory stays that of a small load, then refuses the file naming the last line.
    from conftest import KB

    big = tmp_path / f"big.{suffix}"
    blank = b" " * 1023 + b"\n"
    with big.open("wb") as fh:
        fh.write(head())
        for _ in range(200):
            fh.write(blank * 1024)
        fh.write(tail)
    lines = 1 + 200 * 1024 + 1
    assert big.stat().st_size > 200 * 1024 * 1024
    env = {k: v for k, v in os.environ.items() if not k.startswith("KB_")} | {"KB_STORE": str(tmp_path / "kb")}
    res = subprocess.run([sys.executable, "-c", PEAK_RSS, KB, "load", str(big)], capture_output=True, text=True,
                         env=env, timeout=300)
    code, peak_kib = map(int, res.stdout.split())
    assert_refused(code, res.stderr, big, f"big.{suffix}:{lines}: {problem}")
    assert peak_kib < 150 * 1024, f"kb took {peak_kib // 1024} MiB to read a 200 MB file"


NUL = [
    ("nul-in-name", "c.jsonl", jsonl(claim(subject={"name": "Nor\x00way", "kind": "State"})), "subject.name: contains a NUL"),
    ("nul-in-quote", "c.jsonl", jsonl(claim(quote="The two\x00", span=None)), "quote: contains a NUL"),
    ("nul-in-yaml", "c.yaml", b'- {source: {text: "a\\0b"}}\n', "contains a NUL"),
    ("nul-in-article-record", "a.jsonl", jsonl({"text": "Norway met\x00Chile in Oslo.", "url": "https://e.org/n"}),
     "contains a NUL"),
]


@pytest.mark.parametrize("name,filename,content,fragment", NUL, ids=[f[0] for f in NUL])
def test_nul_characters_are_refused_before_the_store(store, tmp_path, monkeypatch, capsys,
                                                     name, filename, content, fragment):
    # FalkorDB keeps strings as C strings: U+0000 would cut a value short, or fail inside a transaction.
    test_bad_file_is_refused_in_one_line_and_changes_nothing(store, tmp_path, monkeypatch, capsys,
                                                           name, filename, content, fragment)
