"""Crash safety: `kb load` killed with SIGKILL at random moments, and the store server killed mid-load.

After every crash each source is either all there (every claim, and facts that agree with the claims) or
not there at all, nothing is duplicated, no server is left running, and loading again completes to the
graph a single uninterrupted load gives. KB_CHUNK_CLAIMS makes the small corpus many transactions, so the
kills land before, between and during them.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import KB, open_neo4j, run_kb, start_holder
from kb.loading import read_batches
from kb.stores.embedded_server import live_server_pid, watchdog_alive
from kb.settings import Settings
from kb.stores import open_store

CHUNK = "40"  # claims per transaction in these loads
TRIALS = 20
MID_WRITE_TRIALS = 15
NEO4J_TRIALS = 6  # Neo4j's own transactions are what is tested there; kb's part is the same code


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict:
    from bench.corpus import write_corpus

    root = tmp_path_factory.mktemp("crash")
    files = write_corpus(root / "corpus", 600, seed=11)
    _, batches = read_batches(files)
    ref = root / "ref"
    t0 = time.monotonic()
    proc = subprocess.Popen([KB, "load", str(root / "corpus")], env=_env(ref), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    growth = []  # (seconds, bytes of the append-only file): when the load's transactions reach the server
    while proc.poll() is None:
        size = sum(_size(f) for f in ref.glob("appendonlydir/*.incr.aof"))
        if not growth or size != growth[-1][1]:
            growth.append((time.monotonic() - t0, size))
        time.sleep(0.002)
    seconds = time.monotonic() - t0
    assert proc.returncode == 0, proc.stderr.read()
    final = growth[-1][1]
    writes = (next(t for t, n in growth if n > final * 0.05), next(t for t, n in growth if n == final))
    return {"dir": root / "corpus", "claims": {b.key: len(b.claims) for b in batches}, "seconds": seconds,
            "writes": writes, "graph": graph_of(ref)}


def _size(path: Path) -> int:
    """A file's size, 0 once gone: the server replaces its append-only files when it rewrites them."""
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _env(store: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KB_")}
    return env | {"KB_STORE": str(store), "KB_CHUNK_CLAIMS": CHUNK}


def wait_server_gone(store: Path, seconds: float = 15.0) -> bool:
    """No server and no watchdog (which may still be starting one) for the store."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if live_server_pid(store) is None and not watchdog_alive(store):
            return True
        time.sleep(0.05)
    return False


def graph_of(store: Path | str, env: dict | None = None) -> dict:
    """What the store holds, checked for the crash invariants on the way."""
    password = (env or {}).get("KB_NEO4J_PASSWORD")
    st = open_store(Settings(store=str(store), neo4j_password=password))  # as any kb command would open it
    try:
        read = lambda q: st.read(q).rows  # noqa: E731
        per_source = dict(read("MATCH (s:Source) OPTIONAL MATCH (c:Claim)-[:IN_SOURCE]->(s) RETURN s.key, count(c)"))
        orphans = read("MATCH (c:Claim) WHERE NOT (c)-[:IN_SOURCE]->(:Source) RETURN count(c)")[0][0]
        keys = {label: read(f"MATCH (n:{label}) RETURN count(n), count(DISTINCT n.key)")[0]
                for label in ("Claim", "Source", "Entity")}
        facts = read("MATCH ()-[f]->() WHERE f.key IS NOT NULL OPTIONAL MATCH (c:Claim {fact: f.key}) "
                     "WITH f, c ORDER BY c.key RETURN f.key, f.claims, collect(c.key), f.sources ORDER BY f.key")
        cited = {r[0] for r in read("MATCH (c:Claim) WHERE c.fact IS NOT NULL RETURN DISTINCT c.fact")}
        claims = sorted(r[0] for r in read("MATCH (c:Claim) RETURN c.key"))
    finally:
        st.close()
    return {"per_source": per_source, "orphans": orphans, "keys": keys, "facts": facts, "cited": cited,
            "claims": claims}


def assert_consistent(g: dict, expected: dict[str, int]) -> None:
    for key, n in g["per_source"].items():
        assert n == expected[key], f"source {key}: {n} of its {expected[key]} claims"
    assert g["orphans"] == 0
    for label, (n, distinct) in g["keys"].items():
        assert n == distinct, f"duplicate {label} keys"
    fact_keys = [f[0] for f in g["facts"]]
    assert len(fact_keys) == len(set(fact_keys)), "duplicate facts"
    for key, stored, actual, sources in g["facts"]:
        assert stored == actual and actual, f"fact {key}: says {stored}, the store holds {actual}"
    assert g["cited"] == set(fact_keys), "claims whose fact is missing, or facts without claims"


@pytest.mark.parametrize("seed", range(TRIALS))
def test_kill_9_of_kb_load_leaves_whole_sources_and_no_server(corpus, tmp_path, seed) -> None:
    store = tmp_path / "kb"
    rng = random.Random(seed)
    # Most kills land while transactions are being written; the rest anywhere (before, or after, them).
    window = corpus["writes"] if seed < MID_WRITE_TRIALS else (0.05, corpus["seconds"])
    proc = subprocess.Popen([KB, "load", str(corpus["dir"])], env=_env(store),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(rng.uniform(*window))
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert wait_server_gone(store), "the store server outlived the killed kb load"
    if store.exists():
        assert_consistent(graph_of(store), corpus["claims"])
    res = run_kb("load", str(corpus["dir"]), store=store, env={"KB_CHUNK_CLAIMS": CHUNK})
    assert res.returncode == 0, res.stderr
    after = graph_of(store)
    assert_consistent(after, corpus["claims"])
    assert after == corpus["graph"]
    assert wait_server_gone(store, 5)


def test_kill_9_of_the_server_mid_load_is_reported_and_recovered(corpus, tmp_path) -> None:
    store = tmp_path / "kb"
    proc = subprocess.Popen([KB, "load", str(corpus["dir"])], env=_env(store),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while (pid := live_server_pid(store)) is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert pid is not None
    time.sleep(corpus["seconds"] / 3)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass  # on a busy machine the load can finish, and its server stop, first: what follows still holds
    out, err = proc.communicate(timeout=60)
    if proc.returncode != 0:  # killed in time: one line naming the store and what happened
        lines = err.strip().splitlines()
        # "lost the embedded FalkorDB server", or "... exited at start" when the kill came before kb connected
        assert len(lines) == 1 and "embedded FalkorDB server" in lines[0] and str(store) in lines[0], err
    assert_consistent(graph_of(store), corpus["claims"])  # the next command restarts the server
    assert run_kb("load", str(corpus["dir"]), store=store, env={"KB_CHUNK_CLAIMS": CHUNK}).returncode == 0
    assert graph_of(store) == corpus["graph"]
    assert wait_server_gone(store, 5)


def test_the_watchdog_stops_a_server_its_kb_process_abandoned(tmp_path) -> None:
    # A kb process that dies holding the store: nothing calls release(), the watchdog stops the server.
    store = tmp_path / "kb"
    holder = start_holder(store)
    pid = live_server_pid(store)
    assert pid is not None
    time.sleep(2.5)  # longer than the watchdog's grace: a live user keeps the server
    assert live_server_pid(store) == pid
    holder.kill()
    holder.wait()
    assert wait_server_gone(store, 10)
    assert not (store / "falkordb.sock").exists()


def _split(corpus_dir: Path, into: Path, parts: int) -> list[Path]:
    """The corpus's claims files cut into `parts` overlapping inputs: each holds its own share of the lines
    and the next share again, so concurrent loads write some sources twice."""
    lines = [line for f in sorted(corpus_dir.glob("*.jsonl")) for line in f.read_text(encoding="utf-8").splitlines()]
    share = -(-len(lines) // parts)
    into.mkdir()
    out = []
    for i in range(parts):
        path = into / f"part-{i}.jsonl"
        path.write_text("\n".join(lines[i * share:(i + 2) * share]) + "\n", encoding="utf-8")
        out.append(path)
    return out


@pytest.mark.parametrize("parts", [2, 4])
def test_concurrent_loads_of_overlapping_inputs_give_the_single_load_graph(corpus, tmp_path, parts) -> None:
    inputs = _split(corpus["dir"], tmp_path / "inputs", parts)
    store = tmp_path / "kb"
    # --add: the overlapping inputs each hold part of some sources. Without it each load would replace such
    # a source with its own part (the last one to write it would decide), and one load of all the parts
    # would be refused as giving a source two inputs.
    procs = [subprocess.Popen([KB, "load", "--add", str(p)], env=_env(store), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for p in inputs]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    # A source split across two inputs (its lines in both) may still differ from one that is whole:
    # compare with one load of all the parts together.
    single = tmp_path / "single"
    assert run_kb("load", "--add", *map(str, inputs), store=single, env={"KB_CHUNK_CLAIMS": CHUNK}).returncode == 0
    assert graph_of(store) == graph_of(single)
    assert wait_server_gone(store, 5)


def test_queries_during_a_load_see_each_source_whole_or_not_at_all(corpus, tmp_path) -> None:
    store = tmp_path / "kb"
    proc = subprocess.Popen([KB, "load", str(corpus["dir"])], env=_env(store),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen: set[int] = set()
    while proc.poll() is None:
        try:
            res = run_kb("cypher", "MATCH (s:Source) OPTIONAL MATCH (c:Claim)-[:IN_SOURCE]->(s) "
                         "RETURN s.key AS source, count(c) AS claims", "-f", "json", store=store)
        except subprocess.TimeoutExpired:  # pragma: no cover - a hung store fails below
            break
        if res.returncode != 0:
            continue  # the store may not exist yet
        rows = json.loads(res.stdout)
        for row in rows:
            assert row["claims"] == corpus["claims"][row["source"]], row
        seen.add(len(rows))
    assert proc.wait(timeout=60) == 0
    assert len(seen) >= 2, f"the queries saw only {seen} sources: too few moments during the load"


@pytest.fixture(scope="module")
def neo4j_load_seconds(corpus, neo4j_server) -> float:
    """One whole load of the corpus into Neo4j: it must give the embedded store's graph, and its length is the
    window the kills below land in."""
    uri, env = neo4j_server
    for _ in range(2):  # the second load is timed: the first also compiles every statement (a cold server)
        with open_neo4j(neo4j_server) as st:
            st.clear()
        t0 = time.monotonic()
        res = run_kb("load", str(corpus["dir"]), store=uri, env=env | {"KB_CHUNK_CLAIMS": CHUNK})
        seconds = time.monotonic() - t0
        assert res.returncode == 0, res.stderr
        assert res.stderr == ""  # nothing from the driver either
        assert graph_of(uri, env) == corpus["graph"]
    return seconds


@pytest.mark.neo4j
@pytest.mark.parametrize("seed", range(NEO4J_TRIALS))
def test_kill_9_of_kb_load_into_neo4j_leaves_whole_sources(corpus, neo4j_server, neo4j_load_seconds, seed) -> None:
    uri, env = neo4j_server
    with open_neo4j(neo4j_server) as st:
        st.clear()
    rng = random.Random(seed)
    run_env = {k: v for k, v in os.environ.items() if not k.startswith("KB_")} | env | {
        "KB_STORE": uri, "KB_CHUNK_CLAIMS": CHUNK}
    proc = subprocess.Popen([KB, "load", str(corpus["dir"])], env=run_env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # The first second or so is kb starting and reading; the transactions fill the rest of the load.
    time.sleep(rng.uniform(0.3 * neo4j_load_seconds, neo4j_load_seconds))
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    during = graph_of(uri, env)
    assert_consistent(during, corpus["claims"])
    res = run_kb("load", str(corpus["dir"]), store=uri, env=env | {"KB_CHUNK_CLAIMS": CHUNK})
    assert res.returncode == 0, res.stderr
    after = graph_of(uri, env)
    assert_consistent(after, corpus["claims"])
    assert after == corpus["graph"]
