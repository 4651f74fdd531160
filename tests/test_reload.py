"""Re-loading: files the store holds unchanged are not read again (kb/marks.py), and every way claims can
leave the store makes the next load read everything again, so a skipped file is never a missing one."""

from __future__ import annotations

import shutil

import pytest

from conftest import REPO, run_kb
from kb.loading import ReadOptions, load_paths, unload
from kb.stats import store_stats
from test_loading import TEXT_A, TEXT_B, claim, write_jsonl

EXAMPLES = REPO / "examples"


@pytest.fixture
def store(backend):
    """Every test here runs on each store backend (tests/conftest.py)."""
    return backend


def two_files(tmp_path):
    a = write_jsonl(tmp_path / "a.jsonl", [claim(TEXT_A, "The two foreign ministers met in Oslo on Monday",
                                                 source={"text": TEXT_A, "url": "https://example.org/a"})])
    b = write_jsonl(tmp_path / "b.jsonl", [claim(TEXT_B, "met her Norwegian counterpart in Oslo",
                                                 source={"text": TEXT_B, "url": "https://example.org/b"})])
    return a, b


def test_unchanged_files_are_not_read_again(store, tmp_path):
    a, b = two_files(tmp_path)
    first = load_paths(store, [a, b])
    before = store_stats(store)
    again = load_paths(store, [tmp_path])
    assert (again.files, again.claims, again.unchanged_files, again.unchanged_claims) == (0, 0, 2, 2)
    assert store_stats(store) == before
    assert first.unchanged_files == 0


def test_a_changed_file_is_read_again(store, tmp_path):
    a, b = two_files(tmp_path)
    load_paths(store, [a, b])
    a.write_text(a.read_text(encoding="utf-8").replace('"date": "2025-03-03"', '"date": "2025-03"'),
                 encoding="utf-8")
    report = load_paths(store, [a, b])
    assert (report.files, report.unchanged_files) == (1, 1)
    # a's source now holds a's one claim at its new date (loading a source replaces its claims), and b's
    assert store_stats(store)["claims"] == 2
    assert (report.new, report.changed, report.removed) == (0, 1, 0)


def test_other_read_options_read_again(store, tmp_path):
    article = shutil.copy(EXAMPLES / "kabul-moscow-en.txt", tmp_path / "article.txt")
    load_paths(store, [article])
    assert load_paths(store, [article]).unchanged_files == 1
    assert load_paths(store, [article], ReadOptions(published="2024-10-08")).unchanged_files == 0


def _delete_one_claim(store, tmp_path):
    store.query("MATCH (c:Claim) WITH c ORDER BY c.key LIMIT 1 DETACH DELETE c", write=True)


def _unload_a(store, tmp_path):
    unload(store, "https://example.org/a")


def _replace_a_text(store, tmp_path):
    # The same URL with another text: the load replaces what the old text said.
    text = "Oslo. Norway and Chile met again."
    path = write_jsonl(tmp_path / "a2.jsonl", [claim(text, "Norway and Chile met again",
                                                               source={"text": text, "url": "https://example.org/a"})])
    load_paths(store, [path])


def _clear(store, tmp_path):
    store.clear()


@pytest.mark.parametrize("take_out", [_delete_one_claim, _unload_a, _replace_a_text, _clear])
def test_whatever_takes_claims_out_makes_the_next_load_read_everything(store, tmp_path, take_out):
    a, b = two_files(tmp_path)
    (tmp_path / "elsewhere").mkdir()
    load_paths(store, [a, b])
    expected = store_stats(store)
    take_out(store, tmp_path / "elsewhere")
    report = load_paths(store, [a, b])
    assert report.unchanged_files == 0
    if take_out is not _replace_a_text:
        assert store_stats(store) == expected
    else:  # a's text is back: what it says replaced the other text's claims
        assert store.read("MATCH (c:Claim)-[:IN_SOURCE]->(s:Source {url: 'https://example.org/a'}) "
                          "RETURN c.quote").rows == [["The two foreign ministers met in Oslo on Monday"]]


def test_a_changed_cited_text_is_read_again(store, tmp_path):
    for name in ("example-claims.yaml", "example-article.txt"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    load_paths(store, [tmp_path])
    assert load_paths(store, [tmp_path]).unchanged_files == 1  # the claims file; its text is its source
    text = tmp_path / "example-article.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\nA paragraph added later.\n", encoding="utf-8")
    report = load_paths(store, [tmp_path])
    assert (report.unchanged_files, report.files, report.claims) == (0, 1, 7)


def test_the_cli_says_what_was_already_loaded(backend_location):
    _, store, env = backend_location
    example = EXAMPLES / "example-claims.yaml"
    assert run_kb("load", str(example), store=store, env=env).returncode == 0
    res = run_kb("load", str(example), store=store, env=env)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip().endswith("; 1 files (7 claims) were already loaded and unchanged")
