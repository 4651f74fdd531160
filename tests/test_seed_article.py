"""The seed article end to end: hand-read claims (spans only in the repo) -> materialised claims file ->
`kb load` -> canned query, stats, idempotent reload, export -> the shared scorer against the gold claims."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO, SEED_ARTICLE, SEED_GOLD, SHARED, run_kb

SEED = REPO / "tests" / "data" / "seed"
SEED_CLAIMS = SEED / "seed-claims.yaml"
SCRIPT = SEED / "make_seed_claims.py"
SCORER = SHARED / "eval" / "score.py"
OUT_NAME = "000_d0a456fa21b598d7.jsonl"

needs_article = pytest.mark.skipif(not SEED_ARTICLE.is_file(),
                                   reason=f"shared seed article not found at {SEED_ARTICLE} (set KB_SHARED)")


def seed_doc() -> dict:
    return yaml.safe_load(SEED_CLAIMS.read_text(encoding="utf-8"))


def make(article: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), str(article), str(out), *extra],
                          capture_output=True, text=True, timeout=60)


def one_line_error(res: subprocess.CompletedProcess, *fragments: str) -> None:
    assert res.returncode == 1, res.stdout
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("make_seed_claims: error: "), res.stderr
    for f in fragments:
        assert f in lines[0]


def kb_json(*args: str, store: Path):
    res = run_kb(*args, "--format", "json", store=store)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def stats(store: Path) -> dict:
    return {r["what"]: r["count"] for r in kb_json("stats", store=store)}


def export(store: Path) -> str:
    res = run_kb("export", store=store)
    assert res.returncode == 0, res.stderr
    return res.stdout


# --- the committed file holds no article text -----------------------------------------------------

def test_seed_claims_give_spans_and_no_article_text():
    doc = seed_doc()
    assert doc["claims"], "no seed claims"
    for n, claim in enumerate(doc["claims"], start=1):
        assert "quote" not in claim and "source" not in claim, f"claim {n} carries text or a source"
        span = claim.get("span")
        assert isinstance(span, list) and len(span) == 2 and 0 <= span[0] < span[1], f"claim {n}: {span!r}"
        assert claim.get("extractor", "manual") == "manual"
    assert not {"text", "title", "path"} & set(doc["source"]), "source text/title belongs in the article"


# --- the script's errors ---------------------------------------------------------------------------

def test_missing_article_is_a_one_line_error(tmp_path):
    one_line_error(make(tmp_path / "nope.txt", tmp_path / "out"), "nope.txt", "no such article")
    assert not (tmp_path / "out").exists()


def test_span_out_of_range_is_a_one_line_error(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Russia removed the Taliban from its list.", encoding="utf-8")
    claims = tmp_path / "c.yaml"
    claims.write_text(yaml.safe_dump({"source": {"outlet": "test"}, "claims": [
        {"subject": {"name": "Russia", "kind": "State"}, "predicate": "DELISTED",
         "object": {"name": "Taliban", "kind": "Organization"}, "span": [0, 500]}]}), encoding="utf-8")
    one_line_error(make(article, tmp_path / "out", "--claims", str(claims)),
                   "claim 1 (DELISTED)", "[0, 500]", "out of range")
    assert not (tmp_path / "out" / OUT_NAME).exists()


def test_another_article_is_refused(tmp_path):
    article = tmp_path / "000_d0a456fa21b598d7.txt"
    article.write_text("Some other text entirely, long enough for a few spans to fit inside it. " * 60,
                       encoding="utf-8")
    one_line_error(make(article, tmp_path / "out"), "not the seed article")


# --- the real article, end to end ------------------------------------------------------------------

@pytest.fixture(scope="module")
def materialised(tmp_path_factory) -> Path:
    if not SEED_ARTICLE.is_file():
        pytest.skip(f"shared seed article not found at {SEED_ARTICLE} (set KB_SHARED)")
    out = tmp_path_factory.mktemp("seedclaims")
    res = make(SEED_ARTICLE, out)
    assert res.returncode == 0, res.stderr
    return out


@pytest.fixture(scope="module")
def loaded(materialised, tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("seedkb") / "kb"
    res = run_kb("load", str(materialised), store=store)
    assert res.returncode == 0, res.stderr
    n = len(seed_doc()["claims"])
    assert res.stdout.startswith(f"loaded {n} claims (") and "from 1 sources in 1 files" in res.stdout
    return store


@needs_article
def test_quotes_are_slices_of_the_article(materialised):
    article = SEED_ARTICLE.read_text(encoding="utf-8")
    assert (materialised / SEED_ARTICLE.name).read_text(encoding="utf-8") == article
    lines = (materialised / OUT_NAME).read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(seed_doc()["claims"])
    for line in lines:
        claim = json.loads(line)
        start, end = claim["span"]
        assert claim["quote"] == article[start:end]
        assert claim["source"]["path"] == SEED_ARTICLE.name
        assert claim["source"]["published"] == "2024-10-06" and claim["source"]["outlet"] == "Erem News"


@needs_article
def test_spans_fall_on_word_boundaries_and_hold_the_date_words():
    """Catches a span shifted by a character or two, which slicing alone would never notice."""
    article = SEED_ARTICLE.read_text(encoding="utf-8")
    for n, claim in enumerate(seed_doc()["claims"], start=1):
        start, end = claim["span"]
        quote = article[start:end]
        assert quote == quote.strip(), f"claim {n}: span has edge whitespace"
        assert end == len(article) or not article[end].isalnum(), f"claim {n}: span ends mid-word"
        # A span may drop a one-letter proclitic (و "and", ب "with") but not cut into a word otherwise.
        before = article[max(0, start - 2):start]
        assert (start == 0 or not before[-1].isalnum()
                or (before[-1] in "وب" and (len(before) < 2 or not before[0].isalnum()))), \
            f"claim {n}: span starts mid-word"
        if claim.get("date_text"):
            assert claim["date_text"] in quote, f"claim {n}: date words are not in its span"


@needs_article
@pytest.mark.parametrize("actor", ["Russia", "روسيا"])
def test_delisted_by_returns_the_taliban_with_quote_and_source(loaded, actor):
    doc, article = seed_doc(), SEED_ARTICLE.read_text(encoding="utf-8")
    delisted = [c for c in doc["claims"] if c["predicate"] == "DELISTED"]
    assert len(delisted) == 1
    start, end = delisted[0]["span"]
    t_start, t_end = doc["source"]["title_span"]
    rows = kb_json("query", "delisted-by", "--param", f"actor={actor}", store=loaded)
    assert [r["delisted"] for r in rows] == ["Taliban"]
    assert rows[0]["quote"] == article[start:end]
    assert rows[0]["source"] == article[t_start:t_end]
    assert rows[0]["list"] == "terrorist organizations"


@needs_article
def test_stats_and_loading_twice_changes_nothing(loaded, materialised):
    before, exported = stats(loaded), export(loaded)
    n = len(seed_doc()["claims"])
    assert before["sources"] == 1 and before["claims"] == before["claims.asserted"] == n
    assert before["facts.DELISTED"] == 1 and before["entities.State"] == 4
    assert run_kb("load", str(materialised), store=loaded).returncode == 0
    assert stats(loaded) == before
    assert export(loaded) == exported
    assert len(exported.splitlines()) == n


@needs_article
def test_scorer_against_gold(materialised, tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    shutil.copy(SEED_GOLD, gold / SEED_GOLD.name)  # only this article's gold: the scorer reads every *.yaml
    res = subprocess.run([sys.executable, str(SCORER), str(gold), str(materialised)],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    last = res.stdout.strip().splitlines()[-1].split()
    assert last[0] == "TOTAL", res.stdout
    total = dict(zip(last[1::2], last[2::2]))
    assert float(total["precision"]) >= 0.95, res.stdout
    assert float(total["core_recall"]) == 1.0, res.stdout
    assert float(total["date_accuracy"]) == 1.0, res.stdout
    assert int(total["negated_asserted"]) == 0, res.stdout
    assert int(total["claims"]) == len(seed_doc()["claims"]), res.stdout
