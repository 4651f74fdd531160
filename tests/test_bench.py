"""The benchmark harness: the corpus generator, the per-claim baseline, and `python -m bench` end to end.

Speed is not asserted here (targets live in `python -m bench`); these check that the benchmark measures
what it says: a deterministic corpus kb accepts, a baseline that builds the same graph, and a run that
ends with the machine-readable line and writes its results.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

import bench.__main__ as bench_main  # bench/ runs from the checkout: conftest puts it on the path
from bench import naive
from bench.__main__ import query_params, query_steps, split_steps
from bench.corpus import write_corpus
from bench.report import percentile
from kb.loading import load_paths, read_batches
from kb.ontology import load_ontology
from kb.queries import bind, catalog
from kb.settings import Settings
from kb.stats import store_stats
from kb.stores import open_store

FINAL_LINE = re.compile(r"^speedup_vs_per_claim=\d+(\.\d+)? claims_per_s=\d+ query_p95_ms=\d+(\.\d+)?$")


@pytest.fixture(scope="module")
def corpus_3k(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_corpus(tmp_path_factory.mktemp("corpus3k"), 3000, seed=5, per_file=1000)


def _claims(files: list[Path]) -> list[dict]:
    return [json.loads(line) for f in files for line in f.read_text(encoding="utf-8").splitlines()]


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    a = write_corpus(tmp_path / "a", 800, seed=11, per_file=300, articles=5)
    b = write_corpus(tmp_path / "b", 800, seed=11, per_file=300, articles=5)
    c = write_corpus(tmp_path / "c", 800, seed=12, per_file=300, articles=5)
    assert [p.name for p in a] == [p.name for p in b]
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    arts = sorted((tmp_path / "a" / "articles").iterdir())
    assert len(arts) == 5
    assert [p.read_bytes() for p in arts] == [p.read_bytes() for p in sorted((tmp_path / "b" / "articles").iterdir())]
    assert b"".join(p.read_bytes() for p in a) != b"".join(p.read_bytes() for p in c)
    assert len(_claims(a)) == 800


def test_corpus_passes_kb_validation(corpus_3k: list[Path]) -> None:
    files, batches = read_batches(corpus_3k)  # raises InputError on any invalid claim
    assert files == corpus_3k
    assert sum(len(b.claims) for b in batches) == 3000
    assert len(batches) == len({c["source"]["url"] for c in _claims(corpus_3k)})


def test_corpus_covers_the_ontology_and_the_hard_cases(corpus_3k: list[Path]) -> None:
    claims = _claims(corpus_3k)
    assert {c["predicate"] for c in claims} == set(load_ontology().predicates)
    assert {len(c["date"]) if c["date"] else None for c in claims} == {10, 7, 4, None}
    polarities = {c["polarity"] for c in claims}
    assert polarities == {"asserted", "negated", "hedged"}
    texts = {c["source"]["language"]: c["source"]["text"] for c in claims if "text" in c["source"]}
    assert set(texts) == {"ar", "en"}
    assert re.search("[\u0600-\u06ff]", texts["ar"]) and not re.search("[\u0600-\u06ff]", texts["en"])
    # facts reported by several sources: the same subject, predicate, object and date in two sources
    seen: dict[tuple, set[str]] = {}
    for c in claims:
        if c["polarity"] == "asserted":
            key = (c["subject"]["name"], c["predicate"], c["object"]["name"], c["date"])
            seen.setdefault(key, set()).add(c["source"]["url"])
    assert any(len(urls) > 1 for urls in seen.values())


def test_naive_loader_builds_the_graph_kb_builds(tmp_path: Path) -> None:
    files = write_corpus(tmp_path / "corpus", 500, seed=3, per_file=200)
    read_batches(files)
    stats = {}
    for name in ("naive", "kb"):
        store = open_store(Settings(store=str(tmp_path / name)))
        try:
            if name == "naive":
                claims, seconds = naive.naive_load(tmp_path / name, files)
                assert claims == 500 and seconds > 0
            else:
                assert load_paths(store, files).claims == 500
            stats[name] = store_stats(store)
        finally:
            store.close()
    assert stats["naive"]["claims"] == 500
    assert stats["naive"]["facts"] > 0 and stats["naive"]["claims.negated"] > 0
    assert stats["naive"] == stats["kb"]


def test_naive_loader_sends_one_query_per_claim(tmp_path: Path) -> None:
    files = write_corpus(tmp_path, 60, seed=2, per_file=60)
    queries = naive.prepare(files)
    claims = _claims(files)
    assert len(queries) == 60
    for q, c in zip(queries, claims):
        assert ("MERGE (a)-[f:" in q.cypher or "MERGE (b)-[f:" in q.cypher) == (c["polarity"] == "asserted")
        assert c["quote"] not in q.cypher  # values travel as parameters
    # a source's text travels once, with its first claim
    assert sum(1 for q in queries if "text" in q.params["source_props"]) == len({c["source"]["url"] for c in claims})


def test_percentile_is_nearest_rank() -> None:
    assert percentile([3.0, 1.0, 2.0], 50) == 2.0
    assert percentile([float(i) for i in range(1, 21)], 95) == 19.0
    assert percentile([float(i) for i in range(1, 11)], 95) == 10.0


def test_steps_are_whole_files_and_queries_run_at_first_middle_last() -> None:
    files = [{"path": Path(f"f{i}"), "claims": 1003} for i in range(10)]
    groups = split_steps(files, 2000)
    assert [len(g) for g in groups] == [2, 2, 2, 2, 2]
    assert query_steps(10) == [1, 3, 5, 10]
    assert query_steps(1) == [1]
    assert query_steps(2) == [1, 2]


def test_every_canned_query_gets_valid_parameters() -> None:
    values = {"entity": "Russia", "counterpart": "Taliban", "source": "https://news.bench.example/en/0000002"}
    for name, query in catalog().items():
        params = query_params(query, values)
        bound = bind(query, params)  # raises on a missing or ill-typed parameter
        assert all(bound[p.name] is not None for p in query.params if p.required), name
        if any(p.name in ("actor", "a", "target") for p in query.params):
            assert "Russia" in params.values(), name


def test_a_query_over_the_cap_is_reported_and_the_cap_lifted(tmp_path: Path, monkeypatch) -> None:
    files = write_corpus(tmp_path / "corpus", 1500, seed=4, per_file=500)
    store = open_store(Settings(store=str(tmp_path / "s")))
    try:
        load_paths(store, files[:2])
        monkeypatch.setattr(bench_main, "QUERY_TIMEOUT_S", 0.001)
        measured = bench_main.measure_queries(store, 1, 1000, 1, tmp_path / "s")
        slow = next(q for q in measured["results"] if q["name"] == "contradictions")
        assert slow["timed_out"] and slow["runs"] == 0 and slow["p95_ms"] == 1.0
        # the cap applies to writes too: it must be gone once the queries are timed
        assert load_paths(store, files[2:]).claims == len(_claims(files[2:]))
        assert store_stats(store)["claims"] == 1500
    finally:
        store.close()


def test_bench_runs_end_to_end(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KB_")}
    env["PYTHONPATH"] = str(REPO)
    results = tmp_path / "results"
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--claims", "2000", "--step", "1000", "--sample", "400",
         "--articles", "8", "--runs", "3", "--work", str(tmp_path / "w"), "--results-dir", str(results),
         "--write-results"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stdout.strip().splitlines()
    assert FINAL_LINE.match(lines[-1]), lines[-1]
    data = json.loads((tmp_path / "w" / "results-quick.json").read_text(encoding="utf-8"))
    assert [s["total_claims"] for s in data["steps"]][-1] == 2000 and len(data["steps"]) == 2
    assert data["baseline"]["stats"]["claims"] == data["baseline"]["claims"] >= 400
    assert data["reload"]["unchanged"] and data["stats"]["claims"] == 2000
    assert {q["name"] for q in data["queries"][-1]["results"]} == set(catalog())
    assert data["memory"]["server_peak_kib"] > 0 and data["memory"]["kb_peak_kib"] > 0
    md = (results / "RESULTS.md").read_text(encoding="utf-8")
    assert "## Targets" in md and lines[-1] in md
    assert (results / "load-and-latency.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not list((tmp_path / "w" / "stores").iterdir())  # every store stopped and removed


def test_server_cost_times_every_write_statement_of_a_load(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KB_")}
    env["PYTHONPATH"] = str(REPO)
    proc = subprocess.run(
        [sys.executable, "-m", "bench.server_cost", "--corpus-claims", "2000", "--claims", "2000", "--every", "1000",
         "--work", str(tmp_path / "w")], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    reports = re.findall(r"after ([\d,]+) claims", proc.stdout)
    assert reports == ["2,000"]  # one chunk: progress comes once
    for kind in ("CREATE (c:Claim", "CREATE (a)-[f:TYPE", "CREATE (s:Source", "CREATE (e:Entity:KIND"):
        assert kind in proc.stdout
    assert re.search(r"total \([\d,]+ claims/s\)", proc.stdout)
    assert not list((tmp_path / "w" / "stores").iterdir())  # the store stopped and removed
