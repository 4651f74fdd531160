"""What re-loading a changed source costs in a big store, against loading it into an empty one (issue 14).

    python -m bench.reload_source                      # 1M-claim store (built once, then reused), 5 runs
    python -m bench.reload_source --claims 20000 --runs 1 --work /tmp/reload

The requirement: re-loading a changed 1,000-claim source into a store of 1M claims costs at most twice
loading it into an empty store. What is measured:

1. A store holding the seeded synthetic corpus of bench/corpus.py (`--claims`, one `kb` process per step
   of about 100k claims, as `python -m bench` loads it). Building it at 1M takes minutes on two cores, so
   the store directory is kept under --work with a marker and reused by later runs (--rebuild builds anew;
   so does a change to the code that makes kb's keys, which would make a kept store disagree with a load).
2. One source of 1,000 claims with one URL (version A), written in the corpus's entities: a quarter of
   its claims restate facts the corpus holds (same actors, predicate, date and qualifiers, so they join
   those facts), the rest are drawn like the corpus's (the hubs are in most of them). Version B is A
   corrected: about 10% of A's claims dropped, 10% with the date moved by a day (the text is corrected
   in place, at the same length, so the other claims keep their spans) and 10% new ones appended.
3. Each run, on state that no other run changed:
   - empty: B loaded into an empty embedded store, the time of `kb.loading.load_paths` alone. A new store
     (server started, schema built) gets B once, timed and reported as "new store" (a server that has
     planned no statement yet), then `kb unload` empties it and B is loaded again: that load, into an
     empty but warm store, is the one the ratio compares with;
   - reload: B loaded into the big store while it holds A (kb replaces the source: the dropped and the
     corrected claims go, their facts and entities are pruned when nothing else holds them), the same
     call timed. Afterwards the source must hold exactly B's claims (by key, and the count of
     `MATCH (:Source {key: $k})<-[:IN_SOURCE]-(c:Claim)`). Then A is loaded again (timed too, reported as
     "restore", not in the ratio), which puts the store back as it was: its counts are checked against
     those before the first run at the end.
   Every timed load must read its file: none may be skipped as already loaded (kb/marks.py).

Prints a table of medians (and the ratio of the minimums, less sensitive to other work on the machine: the
long removal statements of a reload suffer from it far more than a short empty load) and ends with
`reload_ratio=<median reload / median empty>`; the exit status is 1 when a ratio exceeds --max-ratio (2)
or a check fails. With --profile (and whenever the ratio is too
high), one more reload and empty load are profiled: the store reads of the load (_present), the building
of the statements (load_chunk), and each write statement's own execution time as the server reports it.

When KB_STORE names a Neo4j server (bolt:// or neo4j://), the same is measured there too, after the embedded
store: its database must be empty (or give --clear-neo4j); the empty loads run first (each followed by
`kb unload`), then the corpus is loaded into it (not kept between runs of this benchmark).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Iterator

from bench.__main__ import BenchError, _clean_dir, ensure_corpus, run_load, split_steps
from bench.corpus import _FILLER, Generator

REPO = Path(__file__).resolve().parent.parent
DEFAULT_WORK = Path.home() / ".cache" / "kb" / "bench-reload"
GRAPH = "kb"
SOURCE_CLAIMS = 1000
SOURCE_URL = "https://news.bench.example/reload/changed-source"
PUBLISHED = date(2025, 11, 30)
RESTATED = 0.25  # the share of the source's claims that restate a fact of the corpus
DROPPED, REDATED, ADDED = 0.10, 0.10, 0.10  # what B does to A
STEP_CLAIMS = 100_000  # claims per `kb` process while the big store is built
MARKER = "complete.json"
NEO4J_WARMUP = 3
_DAY_DATE = re.compile(r"on (\d{1,2}) ([A-Z][a-z]+) (\d{4})$")


def log(msg: str) -> None:
    print(f"[reload {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- the source, A and B


def _corpus_claims(files: list[Path], want: int, rng: random.Random) -> list[dict]:
    """`want` asserted claims of the corpus's English sources (their actors have English names), sampled
    from its first and last files."""
    pool: list[dict] = []
    for path in sorted({files[0], files[-1]}):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                c = json.loads(line)
                if "/en/" in c["source"]["url"] and c["polarity"] == "asserted":
                    pool.append(c)
    return rng.sample(pool, min(want, len(pool)))


class _Text:
    """A source text built sentence by sentence: where each claim's quote lies."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0

    def add(self, s: str) -> tuple[int, int]:
        start = self.pos
        self.parts.append(s + " ")
        self.pos += len(s) + 1
        return start, start + len(s)

    def text(self) -> str:
        return "".join(self.parts).rstrip(" ") + "\n"


def make_sources(corpus_files: list[Path], claims: int, seed: int, size: int = SOURCE_CLAIMS
                 ) -> tuple[dict, list[dict], str, list[dict], str, dict]:
    """(source metadata, A's claims, A's text, B's claims, B's text, what B changed); the same arguments give
    the same bytes."""
    gen = Generator(claims, seed)  # the corpus's entity pools: same seed, same size
    gen.rng = random.Random(f"reload-source-{seed}")  # and a stream of its own for the source
    rng = gen.rng
    restated = _corpus_claims(corpus_files, int(size * RESTATED), rng)
    restated_at = set(rng.sample(range(size), len(restated)))

    def drawn(text: _Text) -> dict:
        """A claim drawn like the corpus's (hubs in most), in English."""
        if rng.random() < 0.3:
            text.add(rng.choice(_FILLER["en"]))
        fact = gen._fact(PUBLISHED)
        r = rng.random()
        polarity = "negated" if r < 0.09 else "hedged" if r < 0.15 else "asserted"
        quote, date_text = gen._sentence(fact, polarity, "en")
        subject, pred, obj, quals, d = fact
        return {"subject": subject.ref("en"), "predicate": pred.name, "object": obj.ref("en"),
                "qualifiers": quals, "date": d, "date_text": date_text or None, "polarity": polarity,
                "quote": quote, "span": list(text.add(quote)), "confidence": round(0.6 + 0.4 * rng.random(), 2),
                "extractor": "bench-reload/1"}

    text_a = _Text()
    a: list[dict] = []
    it = iter(restated)
    for i in range(size):
        if i in restated_at:  # a fact of the corpus, in the words of the corpus's claim
            c = next(it)
            a.append({k: c[k] for k in ("subject", "predicate", "object", "qualifiers", "date", "date_text",
                                        "polarity", "quote")}
                     | {"span": list(text_a.add(c["quote"])), "confidence": c["confidence"],
                        "extractor": "bench-reload/1"})
        else:
            a.append(drawn(text_a))

    # B: the same text with some dates corrected in place (same length), and new sentences at its end.
    redatable = [i for i, c in enumerate(a) if c["date"] and len(c["date"]) == 10 and 10 <= int(c["date"][8:]) <= 27
                 and c["date_text"] and c["quote"].endswith(c["date_text"] + ".")]
    redated = set(rng.sample(redatable, min(len(redatable), int(size * REDATED))))
    dropped = set(rng.sample([i for i in range(size) if i not in redated], int(size * DROPPED)))
    b: list[dict] = []
    text = text_a.text().rstrip("\n")
    for i, c in enumerate(a):
        if i in dropped:
            continue  # its sentence stays: the claim is reviewed away
        if i in redated:
            d = date.fromisoformat(c["date"]) + timedelta(days=1)
            m = _DAY_DATE.search(c["date_text"])
            new_text = f"on {d.day} {m.group(2)} {m.group(3)}"
            quote = c["quote"][: -len(c["date_text"]) - 1] + new_text + "."
            s, e = c["span"]
            assert len(quote) == len(c["quote"]) == e - s and text[s:e] == c["quote"]
            text = text[:s] + quote + text[e:]
            c = {**c, "date": d.isoformat(), "date_text": new_text, "quote": quote}
        b.append(c)
    text_b = _Text()
    text_b.parts, text_b.pos = [text + " "], len(text) + 1
    for _ in range(int(size * ADDED)):
        b.append(drawn(text_b))
    counts = {"dropped": len(dropped), "redated": len(redated), "added": int(size * ADDED)}
    meta = {"url": SOURCE_URL, "title": "A long report, corrected", "outlet": "Bench Daily",
            "published": PUBLISHED.isoformat(), "language": "en"}
    return meta, a, text_a.text(), b, text_b.text(), counts


def write_source(path: Path, meta: dict, claims: list[dict], text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for j, c in enumerate(claims):
            source = {**meta, "text": text} if j == 0 else {"url": meta["url"]}
            fh.write(json.dumps({"source": source, **c}, ensure_ascii=False, separators=(",", ":")) + "\n")
    return path


# ---------------------------------------------------------------- stores


def _git(*args: str) -> str | None:
    try:
        return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def _git_head() -> str | None:
    return _git("rev-parse", "--short", "HEAD")


def _code_state() -> dict:
    """The commit, and kb's and the loaders' files that differ from it (what was measured is the work tree)."""
    head = _git_head()
    if head is None:
        return {"commit": None, "uncommitted": [], "tree": str(REPO)}  # e.g. a `git archive` snapshot
    changed = _git("status", "--porcelain", "--", "kb", "loaders")
    return {"commit": head, "uncommitted": changed.splitlines() if changed else [], "tree": str(REPO)}


def key_code_digest() -> str:
    """What decides the keys kb gives claims, facts and entities: a store built by other code holds other keys
    (and re-loading into it would merge or split facts), so the kept store is rebuilt when this changes."""
    from kb import marks

    h = hashlib.sha256(marks._package_digest().encode())
    for name in ("kb/validate.py", "kb/rows.py", "kb/entities.py"):
        path = REPO / name
        h.update(name.encode() + b"\0" + (path.read_bytes() if path.exists() else b""))
    return h.hexdigest()[:16]


@contextmanager
def open_embedded(directory: Path, fresh: bool = False) -> Iterator[Any]:
    """An embedded store, held open (its server running) until the block ends; `fresh`: emptied first."""
    from kb.settings import Settings
    from kb.stores import open_store
    from kb.stores.embedded_server import pid_alive, read_pid

    if fresh:
        _clean_dir(directory)
    store = open_store(Settings(store=str(directory), graph=GRAPH))
    pid = read_pid(directory)
    try:
        yield store
    finally:
        store.close()  # the last user: the server compacts its file and stops
        deadline = time.monotonic() + 600
        while pid is not None and pid_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)


@contextmanager
def neo4j_store(clear: bool) -> Iterator[Any]:
    from kb.settings import Settings
    from kb.stats import store_stats
    from kb.stores import open_store

    store = open_store(Settings.from_env())
    try:
        if store_stats(store)["sources"] and not clear:
            raise BenchError(f"{os.environ['KB_STORE']} is not empty; this benchmark needs an empty database "
                             f"(--clear-neo4j deletes everything in it)")
        if clear:
            store.clear()
        yield store
    finally:
        store.close()


def load_corpus(store_arg: str, files: list[dict]) -> float:
    """The corpus in steps of about STEP_CLAIMS claims, one `kb` process each (bench/load_run.py)."""
    t0 = time.perf_counter()
    groups = split_steps(files, STEP_CLAIMS)
    done = 0
    for i, group in enumerate(groups, start=1):
        run_ = run_load(store_arg, [f["path"] for f in group])
        done += run_["report"]["claims"]
        log(f"corpus step {i}/{len(groups)}: {run_['report']['claims']:,} claims in {run_['wall_s']:.1f} s "
            f"({done:,} loaded)")
    return time.perf_counter() - t0


def source_claims(store, skey: str) -> tuple[int, set[str]]:
    """The count the brief asks for, and the keys of the source's claims."""
    n = store.read("MATCH (:Source {key: $k})<-[:IN_SOURCE]-(c:Claim) RETURN count(c)", {"k": skey}).rows[0][0]
    keys = {r[0] for r in store.read("MATCH (:Source {key: $k})<-[:IN_SOURCE]-(c:Claim) RETURN c.key",
                                     {"k": skey}).rows}
    return n, keys


# ---------------------------------------------------------------- timing and profiling


def timed_load(store, path: Path) -> tuple[float, Any]:
    from kb.loading import load_paths

    t0 = time.perf_counter()
    report = load_paths(store, [path])
    wall = time.perf_counter() - t0
    if report.unchanged_files:
        raise BenchError(f"{path.name}: kb skipped it as already loaded (input marks): nothing was measured")
    return wall, report


def empty_again(store) -> None:
    """`kb unload` of the source from a store that holds nothing else: it must leave the graph empty."""
    from kb.loading import unload

    unload(store, SOURCE_URL)
    left = store.read("MATCH (n) RETURN count(n)").rows[0][0]
    if left:
        raise BenchError(f"unloading the source from a store that held nothing else left {left} nodes")


def check_source(store, skey: str, expected: set[str], what: str) -> int:
    n, keys = source_claims(store, skey)
    if n != len(expected) or keys != expected:
        raise BenchError(f"{what}: the source holds {n} claims ({len(keys - expected)} not in the file, "
                         f"{len(expected - keys)} of the file missing); it should hold exactly the file's "
                         f"{len(expected)}")
    return n


def _exec_ms(result: Any) -> float | None:
    """A compact GRAPH.QUERY reply's 'Query internal execution time' (ms)."""
    stats = result[-1] if isinstance(result, list) and result else []
    for s in stats if isinstance(stats, list) else []:
        s = s.decode() if isinstance(s, bytes) else str(s)
        if s.startswith("Query internal execution time"):
            return float(s.split(":")[1].split()[0])
    return None


def _templates() -> list[tuple[str, re.Pattern]]:
    """kb.statements' statement texts as patterns (their %-placeholders match anything), longest first."""
    import kb.statements as st

    out = []
    for name, value in vars(st).items():
        if name.startswith("_") and not name.startswith("__") and isinstance(value, str) and (
                "UNWIND" in value or "MATCH" in value):
            pattern = re.escape(value.strip())
            pattern = re.sub(r"%%\\\(\w+\\\)s|%\\\(\w+\\\)s|%s", ".*?", pattern)
            out.append((name, re.compile(pattern, re.S)))
    return sorted(out, key=lambda t: -len(t[1].pattern))


def _statement_name(cypher: str, templates: list[tuple[str, re.Pattern]]) -> str:
    for name, pattern in templates:
        if pattern.fullmatch(cypher.strip()):
            return name
    lines = [ln.strip() for ln in cypher.strip().splitlines() if ln.strip()]
    return next((ln for ln in lines if not ln.startswith(("UNWIND", "WITH"))), "?")[:60]


def _by_statement(statements: list[dict]) -> list[dict]:
    """Per statement (template): how many ran, their rows and server time, most time first."""
    out: dict[str, dict] = {}
    for s in statements:
        e = out.setdefault(s["statement"], {"statement": s["statement"], "count": 0, "rows": 0, "server_ms": 0.0})
        e["count"] += 1
        e["rows"] += s["rows"] or 0
        e["server_ms"] += s["server_ms"] or 0.0
    return sorted(out.values(), key=lambda e: -e["server_ms"])


def profile_load(store, path: Path) -> dict:
    """One load of `path` with the time of its phases: store reads (_present), statement building
    (load_chunk), and for the embedded store each write statement's execution time as the server reports it
    (the statements still run as one MULTI/EXEC transaction)."""
    import kb.loading as loading

    phases: dict[str, float] = {"present_s": 0.0, "load_chunk_s": 0.0, "write_s": 0.0}
    statements: list[dict] = []
    templates = _templates()
    orig_present, orig_chunk, orig_write = loading._present, loading.load_chunk, store.write

    def present(*a, **k):
        t0 = time.perf_counter()
        try:
            return orig_present(*a, **k)
        finally:
            phases["present_s"] += time.perf_counter() - t0

    def chunk(*a, **k):
        t0 = time.perf_counter()
        try:
            return orig_chunk(*a, **k)
        finally:
            phases["load_chunk_s"] += time.perf_counter() - t0

    def write(sts):
        t0 = time.perf_counter()
        try:
            client = getattr(store, "_client", None)
            if client is None:  # not the embedded store: the whole transaction only
                return orig_write(sts)
            from kb.stores.falkordb_store import _header

            store._preflight(sts)
            pipe = client.pipeline(transaction=True)
            for s in sts:
                pipe.execute_command("GRAPH.QUERY", store.graph_name, _header(s.params) + s.cypher, "--compact")
            for s, res in zip(sts, pipe.execute(raise_on_error=True)):
                rows = next((len(v) for v in s.params.values() if isinstance(v, list)), None)
                statements.append({"statement": _statement_name(s.cypher, templates), "rows": rows,
                                   "server_ms": _exec_ms(res)})
        finally:
            phases["write_s"] += time.perf_counter() - t0

    loading._present, loading.load_chunk, store.write = present, chunk, write
    try:
        wall, report = timed_load(store, path)
    finally:
        loading._present, loading.load_chunk = orig_present, orig_chunk
        del store.write
    return {"wall_s": wall, **phases, "statements": _by_statement(statements),
            "tally": {k: getattr(report, k) for k in ("new", "changed", "kept", "removed")}}


# ---------------------------------------------------------------- the measurement


def measure(label: str, runs: int, big, empty_load: Callable[[], tuple[float, Any]], path_a: Path, path_b: Path,
            skey: str, keys_a: set[str], keys_b: set[str]) -> dict:
    """`runs` x (an empty load of B; B into the big store holding A; A again). Medians and checks."""
    from kb.stats import store_stats

    check_source(big, skey, keys_a, f"{label}: before the runs")
    before = store_stats(big)
    empty, reload, restore, tallies = [], [], [], []
    for r in range(1, runs + 1):
        t_empty, _ = empty_load()
        empty.append(t_empty)
        t_reload, report = timed_load(big, path_b)
        check_source(big, skey, keys_b, f"{label}: run {r}, after re-loading B")
        reload.append(t_reload)
        tallies.append({k: getattr(report, k) for k in ("new", "changed", "kept", "removed")})
        t_restore, _ = timed_load(big, path_a)
        check_source(big, skey, keys_a, f"{label}: run {r}, after re-loading A")
        restore.append(t_restore)
        log(f"{label} run {r}/{runs}: empty {t_empty * 1000:.0f} ms, reload {t_reload * 1000:.0f} ms, "
            f"restore {t_restore * 1000:.0f} ms")
    after = store_stats(big)
    if after != before:
        diff = {k: (before.get(k), after.get(k)) for k in sorted(set(before) | set(after))
                if before.get(k) != after.get(k)}
        raise BenchError(f"{label}: B then A again left the store with other counts (before, after): {diff}")
    med = {k: statistics.median(v) for k, v in (("empty", empty), ("reload", reload), ("restore", restore))}
    return {"store": label, "runs": runs, "store_claims": before["claims"], "store_stats": before,
            "empty_s": empty, "reload_s": reload, "restore_s": restore,
            "median_empty_s": med["empty"], "median_reload_s": med["reload"], "median_restore_s": med["restore"],
            "ratio": med["reload"] / med["empty"], "ratio_of_minimums": min(reload) / min(empty),
            "reload_tally": tallies[0], "claims_b": len(keys_b),
            "source_ok": True, "counts_restored": True}


def run_embedded(args, work: Path, files: list[dict], corpus_claims: int, path_a: Path, path_b: Path,
                 skey: str, keys_a: set[str], keys_b: set[str]) -> dict:
    from kb.loading import load_paths
    from kb.stats import store_stats

    directory = work / f"store-{args.claims}-s{args.seed}-f{args.per_file}"
    marker = directory / MARKER
    meta = json.loads(marker.read_text(encoding="utf-8")) if marker.exists() and not args.rebuild else None
    keys = key_code_digest()
    if meta is not None and meta.get("key_code") != keys:
        log(f"the kept store was built by kb code that made other keys ({meta.get('key_code')}, now {keys}): "
            f"rebuilding it")
        meta = None
    built_s = None
    if meta is None:
        log(f"building the big store in {directory} ({corpus_claims:,} claims)")
        with open_embedded(directory, fresh=True) as big:
            built_s = load_corpus(big.location, files)
            timed_load(big, path_a)
            stats = store_stats(big)
        meta = {"claims": corpus_claims, "seed": args.seed, "per_file": args.per_file, "build_s": round(built_s, 1),
                "built": datetime.now(timezone.utc).isoformat(timespec="seconds"), "git": _git_head(),
                "key_code": keys, "stats_with_a": stats}
        marker.write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
        log(f"built in {built_s:.0f} s; kept for later runs ({marker})")
    else:
        log(f"reusing the big store {directory} (built {meta['built']} at {meta.get('git')}, in {meta['build_s']} s)")

    empty_dir = work / "empty-store"
    cold: list[float] = []

    def empty_load() -> tuple[float, Any]:
        """B into a new store (cold: its server and graph just made), unloaded, and again into the same
        store, now empty but warm: that second load is the one compared (the first flatters the ratio)."""
        with open_embedded(empty_dir, fresh=True) as store:
            wall, _ = timed_load(store, path_b)
            check_source(store, skey, keys_b, "new store")
            cold.append(wall)
            empty_again(store)
            wall, report = timed_load(store, path_b)
            check_source(store, skey, keys_b, "empty store")
        shutil.rmtree(empty_dir, ignore_errors=True)
        return wall, report

    t0 = time.perf_counter()
    with open_embedded(directory) as big:
        log(f"big store open in {time.perf_counter() - t0:.1f} s")
        # Whatever a run cut short left (B, or A), the source is A after this; unchanged, it costs a few reads.
        load_paths(big, [path_a])
        stats = store_stats(big)
        if stats != meta["stats_with_a"]:
            log(f"note: the store's counts differ from those recorded when it was built "
                f"(claims {stats['claims']:,} vs {meta['stats_with_a']['claims']:,}); use --rebuild if kb changed")
        result = measure("embedded FalkorDB", args.runs, big, empty_load, path_a, path_b, skey, keys_a, keys_b)
        result["build_s"] = meta["build_s"]
        result["new_store_s"] = cold
        result["median_new_store_s"] = statistics.median(cold)
        if args.profile or result["ratio"] > args.max_ratio:
            log("profiling one more reload and one empty load")
            result["profile_reload"] = profile_load(big, path_b)
            check_source(big, skey, keys_b, "profiled reload")
            timed_load(big, path_a)
            check_source(big, skey, keys_a, "restore after the profiled reload")
            with open_embedded(empty_dir, fresh=True) as store:
                timed_load(store, path_b)
                empty_again(store)
                result["profile_empty"] = profile_load(store, path_b)
            shutil.rmtree(empty_dir, ignore_errors=True)
    return result


def run_neo4j(args, files: list[dict], path_a: Path, path_b: Path, skey: str, keys_a: set[str],
              keys_b: set[str]) -> dict:
    with neo4j_store(args.clear_neo4j) as store:
        empties: list[float] = []
        # The empty loads first, each undone by `kb unload`, while the database is empty; a few untimed first
        # (a JVM answers its first queries slowly).
        for _ in range(NEO4J_WARMUP):
            timed_load(store, path_b)
            empty_again(store)
        for r in range(args.runs):
            wall, _ = timed_load(store, path_b)
            check_source(store, skey, keys_b, "Neo4j, empty database")
            empty_again(store)
            empties.append(wall)
            log(f"Neo4j empty run {r + 1}/{args.runs}: {wall * 1000:.0f} ms")
        log("Neo4j: loading the corpus")
        build_s = load_corpus(os.environ["KB_STORE"], files)
        timed_load(store, path_a)
        it = iter(empties)
        result = measure("Neo4j", args.runs, store, lambda: (next(it), None), path_a, path_b, skey, keys_a, keys_b)
        result["build_s"] = round(build_s, 1)
        if args.profile or result["ratio"] > args.max_ratio:
            result["profile_reload"] = profile_load(store, path_b)
            timed_load(store, path_a)
    return result


# ---------------------------------------------------------------- output


def render(results: dict) -> str:
    lines = [f"A changed source of {results['source']['claims_a']:,} claims (B: {results['source']['claims_b']:,}: "
             f"{results['source']['dropped']} dropped, {results['source']['redated']} re-dated, "
             f"{results['source']['added']} new) re-loaded into a store of about {results['corpus_claims']:,} claims",
             "",
             (f"code: {results['code']['commit']}" if results['code']['commit'] else
              f"code: {results['code']['tree']} (not a git checkout)")
             + (f" with uncommitted changes to {len(results['code']['uncommitted'])} files of kb/ and loaders/"
                if results['code']['uncommitted'] else ""), "",
             f"{'store':<20} {'case':<40} {'runs':>4} {'median ms':>10} {'min ms':>8} {'max ms':>8}"]
    for r in results["stores"]:
        cases = [("new store, load B (cold; not compared)", "new_store_s")] if r.get("new_store_s") else []
        for case, key in cases + [("empty store, load B", "empty_s"), ("big store holding A, load B", "reload_s"),
                                 ("big store holding B, load A (restore)", "restore_s")]:
            v = r[key]
            lines.append(f"{r['store']:<20} {case:<40} {len(v):>4} {statistics.median(v) * 1000:>10.0f} "
                         f"{min(v) * 1000:>8.0f} {max(v) * 1000:>8.0f}")
        t = r["reload_tally"]
        lines.append(f"{r['store']:<20} {'ratio reload / empty (medians)':<40} {'':>4} {r['ratio']:>10.2f}"
                     f"   (of the minimums: {r['ratio_of_minimums']:.2f}; big store: {r['store_claims']:,} claims; "
                     f"B's load: {t['new']} new, {t['changed']} changed, "
                     f"{t['kept']} kept, {t['removed']} removed; source holds exactly B's {r['claims_b']} claims: ok)")
    for r in results["stores"]:
        for which in ("profile_reload", "profile_empty"):
            p = r.get(which)
            if not p:
                continue
            lines += ["", f"{r['store']}, {which.replace('_', ' ')}: wall {p['wall_s'] * 1000:.0f} ms = "
                          f"reads (_present) {p['present_s'] * 1000:.0f} + load_chunk {p['load_chunk_s'] * 1000:.0f} "
                          f"+ write {p['write_s'] * 1000:.0f} + the rest (reading and validating the file, marks) "
                          f"{(p['wall_s'] - p['present_s'] - p['load_chunk_s'] - p['write_s']) * 1000:.0f}"]
            if p["statements"]:
                lines.append(f"  {'server ms':>9}  {'runs':>4}  {'rows':>6}  statement (kb/statements.py)")
            for s in p["statements"]:
                lines.append(f"  {s['server_ms']:>9.1f}  {s['count']:>4}  {s['rows'] or '':>6}  {s['statement']}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> dict:
    from kb.loading import read_batches
    from kb.settings import is_neo4j_uri

    work = args.work.expanduser().resolve()
    work.mkdir(parents=True, exist_ok=True)
    corpus_dir, files = ensure_corpus(work, args.claims, args.seed, args.per_file, 0)
    corpus_claims = sum(f["claims"] for f in files)

    meta, a, text_a, b, text_b, counts = make_sources([f["path"] for f in files], args.claims, args.seed)
    src = work / "source"
    path_a = write_source(src / "source-A.jsonl", meta, a, text_a)
    path_b = write_source(src / "source-B.jsonl", meta, b, text_b)
    (_, batches_a), (_, batches_b) = read_batches([path_a]), read_batches([path_b])
    if len(batches_a) != 1 or len(batches_b) != 1 or batches_a[0].key != batches_b[0].key:
        raise BenchError("versions A and B must be one source each, the same one")
    skey = batches_a[0].key
    keys_a, keys_b = set(batches_a[0].claims), set(batches_b[0].claims)
    shared = keys_a & keys_b
    source = {"url": SOURCE_URL, "key": skey, "claims_a": len(keys_a), "claims_b": len(keys_b), **counts,
              "facts_a": len(batches_a[0].facts), "facts_b": len(batches_b[0].facts),
              "entities_a": len(batches_a[0].entities), "files": [str(path_a), str(path_b)]}
    log(f"source: A {len(keys_a)} claims, B {len(keys_b)} ({len(shared)} in both), {source['facts_a']} facts in A")

    results: dict[str, Any] = {"claims": args.claims, "corpus_claims": corpus_claims, "seed": args.seed,
                               "max_ratio": args.max_ratio, "source": source, "code": _code_state(),
                               "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                               "cpus": os.cpu_count(), "stores": []}
    results["stores"].append(run_embedded(args, work, files, corpus_claims, path_a, path_b, skey, keys_a, keys_b))
    if is_neo4j_uri(os.environ.get("KB_STORE", "")):
        results["stores"].append(run_neo4j(args, files, path_a, path_b, skey, keys_a, keys_b))
    return results


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.reload_source", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=1_000_000, help="claims in the big store's corpus")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK,
                        help=f"corpus, the big store (kept) and results (default {DEFAULT_WORK})")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each case (median)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-file", type=int, default=None, help="corpus claims per file (default: claims/100, "
                        "at most 10,000)")
    parser.add_argument("--max-ratio", type=float, default=2.0)
    parser.add_argument("--rebuild", action="store_true", help="build the big store anew")
    parser.add_argument("--profile", action="store_true", help="profile one more reload and empty load")
    parser.add_argument("--clear-neo4j", action="store_true",
                        help="with KB_STORE naming Neo4j: delete everything in that database first")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.claims < 1000 or args.runs < 1:
        parser.error("--claims must be at least 1000 and --runs at least 1")
    if args.per_file is None:
        args.per_file = max(100, min(10_000, args.claims // 100))
    try:
        results = run(args)
    except BenchError as exc:
        print(f"bench.reload_source: {exc}", file=sys.stderr)
        return 1
    out = args.work.expanduser().resolve() / f"results-{args.claims}.json"
    out.write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
    print(render(results))
    print(f"measurements: {out}")
    worst = max(r["ratio"] for r in results["stores"])
    for r in results["stores"][1:]:
        print(f"reload_ratio_{r['store'].split()[0].lower()}={r['ratio']:.2f}")
    print(f"reload_ratio={results['stores'][0]['ratio']:.2f}")
    if worst > args.max_ratio:
        print(f"bench.reload_source: re-loading costs {worst:.2f}x an empty load, above --max-ratio "
              f"{args.max_ratio:g}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
